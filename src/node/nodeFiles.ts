import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { FileStat, FileSystemPort, Ports } from '../core/ports';
import { randomIds, systemClock } from '../core/ports';

/** The file port on node:fs, rooted at a workspace folder (used by the CLI, tests and benchmarks). */
export class NodeFiles implements FileSystemPort {
  constructor(readonly root: string) {}

  private abs(p: string): string {
    const full = path.resolve(this.root, p);
    const rel = path.relative(this.root, full);
    if (rel.startsWith('..') || path.isAbsolute(rel)) throw new Error(`[reflexive-qda] path outside the workspace: ${p}`);
    return full;
  }

  async read(p: string): Promise<Uint8Array | undefined> {
    try {
      return await fs.readFile(this.abs(p));
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  async writeAtomic(p: string, data: Uint8Array): Promise<void> {
    await writeFileAtomic(this.abs(p), data);
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

  async list(dir: string, options: { exclude?: (path: string) => boolean } = {}): Promise<string[]> {
    const out: string[] = [];
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
      }
    };
    await walk(dir.replace(/\/+$/, ''));
    return out.sort();
  }

  async delete(p: string): Promise<void> {
    await fs.rm(this.abs(p), { force: true });
  }

  async rename(from: string, to: string): Promise<void> {
    await fs.mkdir(path.dirname(this.abs(to)), { recursive: true });
    await fs.rename(this.abs(from), this.abs(to));
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
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}

function isNotFound(e: unknown): boolean {
  const code = (e as { code?: string }).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

export function nodePorts(root: string): Ports {
  return { files: new NodeFiles(root), clock: systemClock, ids: randomIds };
}
