import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { type FileStat, type ListOptions, type Ports, randomIds, systemClock } from '../core/ports';
import { ProjectError, RefusedPathError, type LockingFileSystemPort } from '../core/project';
import { isInside, resolvedPath } from './paths';

/** The write lock every process using the node port takes (derived data: never committed, safe to delete). */
export const LOCK_PATH = 'qda/.cache/lock';

/** Why a path that leads out of the workspace folder is neither read nor written. */
export function outsideMessage(p: string, real: string): string {
  return `${p} leads through a link to ${real}, outside the workspace folder: Reflexive QDA neither reads nor writes it (replace the link with the file itself)`;
}

/**
 * The file port on node:fs, rooted at a workspace folder (used by the CLI, tests,
 * benchmarks, and the extension on a local disk). Nothing is read or written
 * through a link that leads out of the folder (RefusedPathError); links inside it
 * are followed.
 */
export class NodeFiles implements LockingFileSystemPort {
  private realRoot: Promise<string> | undefined;

  constructor(readonly root: string) {}

  private abs(p: string): string {
    const full = path.resolve(this.root, p);
    const rel = path.relative(this.root, full);
    if (rel.startsWith('..') || path.isAbsolute(rel)) throw new Error(`[reflexive-qda] path outside the workspace: ${p}`);
    return full;
  }

  /** The workspace folder with its own links resolved (a project may live under a linked folder). */
  private rootReal(): Promise<string> {
    return (this.realRoot ??= fs.realpath(this.root).catch(() => path.resolve(this.root)));
  }

  /** The absolute path of `p`, refused when it really lies outside the workspace folder (through a link). */
  private async inside(p: string): Promise<string> {
    const full = this.abs(p);
    const real = await resolvedPath(full);
    if (!isInside(await this.rootReal(), real)) throw new RefusedPathError(p, outsideMessage(p, real));
    return full;
  }

  async read(p: string): Promise<Uint8Array | undefined> {
    try {
      return await fs.readFile(await this.inside(p));
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  async writeAtomic(p: string, data: Uint8Array): Promise<void> {
    await writeFileAtomic(await this.inside(p), data);
  }

  /**
   * Runs `task` holding qda/.cache/lock, so that a read-modify-write of a project
   * file by the CLI cannot interleave with one by another process or window.
   */
  async withLock<T>(task: () => Promise<T>): Promise<T> {
    const release = await acquireLock(await this.inside(LOCK_PATH), { name: LOCK_PATH });
    try {
      return await task();
    } finally {
      await release();
    }
  }

  async stat(p: string): Promise<FileStat | undefined> {
    try {
      const s = await fs.stat(this.abs(p));
      return s.isFile() ? { mtime: s.mtimeMs, size: s.size } : undefined;
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  async list(dir: string, options: ListOptions = {}): Promise<string[]> {
    const out: string[] = [];
    const root = await this.rootReal();
    /** Links are never walked into; one that leads outside is reported. */
    const checkLink = async (rel: string): Promise<void> => {
      const real = await resolvedPath(this.abs(rel));
      if (!isInside(root, real)) options.onRefused?.(rel, outsideMessage(rel, real));
    };
    const walk = async (rel: string): Promise<void> => {
      let entries;
      try {
        entries = await fs.readdir(this.abs(rel || '.'), { withFileTypes: true });
      } catch (e) {
        if (isNotFound(e)) return;
        throw e;
      }
      for (const e of entries) {
        const child = rel ? `${rel}/${e.name}` : e.name;
        if (options.exclude?.(child)) continue;
        if (e.isDirectory()) await walk(child);
        else if (e.isFile()) out.push(child);
        else if (e.isSymbolicLink()) await checkLink(child);
      }
    };
    const top = dir.replace(/\/+$/, '');
    // The folder asked for may itself be a link (qda/codings -> somewhere else).
    try {
      await this.inside(top || '.');
    } catch (e) {
      if (!(e instanceof RefusedPathError)) throw e;
      options.onRefused?.(top, e.message);
      return [];
    }
    await walk(top);
    return out.sort();
  }

  async delete(p: string): Promise<void> {
    await fs.rm(await this.inside(p), { force: true });
  }

  async rename(from: string, to: string): Promise<void> {
    const [src, dst] = [await this.inside(from), await this.inside(to)];
    await fs.mkdir(path.dirname(dst), { recursive: true });
    await fs.rename(src, dst);
  }
}

/**
 * Write-then-rename in the same folder, with fsync, so that a crash at any step
 * leaves either the old file or the new one, never a torn file.
 */
export async function writeFileAtomic(file: string, data: Uint8Array): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await fs.open(tmp, 'wx');
  try {
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, file);
  } catch (e) {
    // No half-written temp file is left beside the project file; the first error is the one to report.
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
}

/**
 * Takes an exclusive lock file (created with O_EXCL), waiting while another live
 * process holds it. A lock whose holder died (same host, pid gone) or that is
 * older than `staleMs` is taken over. A lock path that is no plain file (a
 * folder, a link, a named pipe) or that cannot be read is reported at once: it
 * would never be released, and waiting on it spun at full CPU. Returns the
 * release function, which removes the file only while it is still ours.
 * `name` is what messages call the file (default: its path).
 */
export async function acquireLock(
  file: string,
  opts: { timeoutMs?: number; staleMs?: number; name?: string } = {},
): Promise<() => Promise<void>> {
  const token = `${process.pid} ${hostname()} ${randomBytes(6).toString('hex')}`;
  const deadline = Date.now() + (opts.timeoutMs ?? 20000);
  const name = opts.name ?? file;
  await fs.mkdir(path.dirname(file), { recursive: true });
  for (let wait = 2; ; wait = Math.min(wait * 2, 40)) {
    try {
      const handle = await fs.open(file, 'wx');
      try {
        await handle.writeFile(token);
      } finally {
        await handle.close();
      }
      return async () => {
        if ((await fs.readFile(file, 'utf8').catch(() => '')) === token) await fs.rm(file, { force: true });
      };
    } catch (e) {
      if ((e as { code?: string }).code !== 'EEXIST') throw e;
    }
    // Looked at before it is read: reading a named pipe would block, and a folder or link never goes away.
    const kind = await fs
      .lstat(file)
      .then(lockProblem, (e: { code?: string }) => (e.code === 'ENOENT' ? undefined : `cannot be examined (${e.code ?? 'error'})`));
    if (kind)
      throw new ProjectError(
        `the lock file ${name} ${kind}: delete it (no qda command or VS Code window may be changing this project meanwhile) and try again`,
      );
    let holder: string | undefined;
    try {
      holder = await fs.readFile(file, 'utf8');
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'ENOENT') continue; // released between our attempt and our read
      throw new ProjectError(`the lock file ${name} cannot be read (${code ?? 'error'}): delete it and try again`);
    }
    if (await takeOverStale(file, holder, opts.staleMs ?? 30000)) continue;
    if (Date.now() > deadline) {
      throw new ProjectError(
        `another process is changing this project (${name} is held by "${printable(holder.trim())}"); try again, or delete that file if no other window or qda command is running`,
      );
    }
    await new Promise((r) => setTimeout(r, wait + Math.random() * wait));
  }
}

/** Why a lock path that exists cannot be a lock, or undefined for a plain file. */
function lockProblem(s: Stats): string | undefined {
  if (s.isSymbolicLink()) return 'is a link, not a file';
  if (s.isDirectory()) return 'is a folder, not a file';
  if (!s.isFile()) return `is not a regular file (${s.isFIFO() ? 'a named pipe' : s.isSocket() ? 'a socket' : 'a device'})`;
  return undefined;
}

/** A lock holder as it may be shown: control characters escaped, at most 80 characters (a corrupt lock could drive the terminal). */
function printable(s: string): string {
  const safe = s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return safe.length > 80 ? `${safe.slice(0, 80)}…` : safe;
}

/** Removes a lock left by a dead process; true when it was removed (or had gone). */
async function takeOverStale(file: string, holder: string, staleMs: number): Promise<boolean> {
  const [pid, host] = holder.split(' ');
  const dead = host === hostname() && Number(pid) > 0 && !isAlive(Number(pid));
  const stat = await fs.stat(file).catch(() => undefined);
  if (!stat) return true;
  if (!dead && Date.now() - stat.mtimeMs < staleMs) return false;
  // Moved aside first: of two processes taking over the same stale lock, only one renames it.
  const aside = `${file}.${randomBytes(4).toString('hex')}.stale`;
  try {
    await fs.rename(file, aside);
  } catch {
    return true;
  }
  const moved = await fs.readFile(aside, 'utf8').catch(() => holder);
  // The lock was taken over and retaken between our read and our rename: give it back.
  if (moved !== holder) await fs.link(aside, file).catch(() => undefined);
  await fs.rm(aside, { force: true });
  return true;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === 'EPERM';
  }
}

function isNotFound(e: unknown): boolean {
  const code = (e as { code?: string }).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

export function nodePorts(root: string): Ports {
  return { files: new NodeFiles(root), clock: systemClock, ids: randomIds };
}
