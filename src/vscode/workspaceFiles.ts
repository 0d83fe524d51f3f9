import * as vscode from 'vscode';
import type { FileStat, ListOptions } from '../core/ports';
import { RefusedPathError, type LockingFileSystemPort } from '../core/project';

/**
 * The file port of a workspace folder. On a disk the extension host can reach
 * (`file:`, also in a remote host), the Node entry passes the node port as `disk`:
 * write-fsync-rename atomic writes and the same lock file as the `qda` CLI, so the
 * two never lose each other's changes. Everywhere else (the browser build, virtual
 * file systems such as github.dev's) `vscode.workspace.fs` serves the files, with
 * no lock file; there `rename` with overwrite may delete the target first, so a
 * write is atomic only as far as that file system makes it, and a link (which
 * cannot be followed there to see where it leads) is neither read nor written through.
 */
export class WorkspaceFiles implements LockingFileSystemPort {
  /**
   * Paths seen to be no link (folders and files), so that a read checks each part of its path once, not on
   * every read: in the browser each check is a round trip through the workbench. Listing a folder learns
   * the types of everything under it; `forget` (called for every file event the project's watcher sees)
   * drops what may have changed, so a folder replaced by a link is checked again.
   */
  private readonly plain = new Set<string>();

  constructor(
    readonly root: vscode.Uri,
    private readonly disk?: LockingFileSystemPort,
  ) {}

  /** A file system event at `path`: what was known of it and of everything under it is checked again. */
  forget(path: string): void {
    if (!this.plain.size) return;
    const below = `${path}/`;
    for (const p of this.plain) if (p === path || p.startsWith(below)) this.plain.delete(p);
  }

  async withLock<T>(task: () => Promise<T>): Promise<T> {
    return this.disk ? this.disk.withLock(task) : task();
  }

  uri(path: string): vscode.Uri {
    return path ? vscode.Uri.joinPath(this.root, ...path.split('/')) : this.root;
  }

  /** Workspace-relative path of a URI inside this folder, or undefined. */
  relative(uri: vscode.Uri): string | undefined {
    const root = this.root.path.endsWith('/') ? this.root.path : this.root.path + '/';
    if (uri.scheme !== this.root.scheme || uri.authority !== this.root.authority || !uri.path.startsWith(root)) return undefined;
    return uri.path.slice(root.length);
  }

  /**
   * On a file system other than the local disk, refuses a path that is a link or
   * passes through one (from the workspace folder down): where it leads cannot be checked.
   */
  private async noLinks(path: string): Promise<void> {
    const parts = path.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const at = parts.slice(0, i).join('/');
      if (this.plain.has(at)) continue;
      const s = await Promise.resolve(vscode.workspace.fs.stat(this.uri(at))).catch(() => undefined);
      if (!s) return;
      if (s.type & vscode.FileType.SymbolicLink) {
        throw new RefusedPathError(
          path,
          `${path}${at === path ? ' is' : ` passes through ${at}, which is`} a link: on this file system Reflexive QDA cannot tell where it leads, so it neither reads nor writes it`,
        );
      }
      this.plain.add(at);
    }
  }

  async read(path: string): Promise<Uint8Array | undefined> {
    if (this.disk) return this.disk.read(path);
    await this.noLinks(path);
    try {
      return await vscode.workspace.fs.readFile(this.uri(path));
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  async writeAtomic(path: string, data: Uint8Array): Promise<void> {
    if (this.disk) return this.disk.writeAtomic(path, data);
    await this.noLinks(path);
    const target = this.uri(path);
    const tmp = this.uri(`${parentOf(path)}.${baseOf(path)}.${Math.random().toString(36).slice(2, 10)}.tmp`);
    await vscode.workspace.fs.createDirectory(this.uri(parentOf(path).replace(/\/$/, '')));
    await vscode.workspace.fs.writeFile(tmp, data);
    try {
      await vscode.workspace.fs.rename(tmp, target, { overwrite: true });
    } catch (e) {
      await vscode.workspace.fs.delete(tmp).then(undefined, () => undefined);
      throw e;
    }
  }

  async stat(path: string): Promise<FileStat | undefined> {
    if (this.disk) return this.disk.stat(path);
    try {
      const s = await vscode.workspace.fs.stat(this.uri(path));
      return s.type & vscode.FileType.File ? { mtime: s.mtime, size: s.size } : undefined;
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  async list(dir: string, options: ListOptions = {}): Promise<string[]> {
    if (this.disk) return this.disk.list(dir, options);
    const top = dir.replace(/\/+$/, '');
    if (top) {
      try {
        await this.noLinks(top);
      } catch (e) {
        if (!(e instanceof RefusedPathError)) throw e;
        options.onRefused?.(top, e.message);
        return [];
      }
    }
    const out: string[] = [];
    const walk = async (rel: string): Promise<void> => {
      let entries: [string, vscode.FileType][];
      try {
        entries = await vscode.workspace.fs.readDirectory(this.uri(rel));
      } catch (e) {
        if (isNotFound(e)) return;
        throw e;
      }
      await Promise.all(
        entries.map(async ([name, type]) => {
          const child = rel ? `${rel}/${name}` : name;
          if (options.exclude?.(child)) return;
          // A link is never walked into nor listed (where it leads cannot be checked here).
          if (type & vscode.FileType.SymbolicLink) {
            this.forget(child);
            options.onRefused?.(
              child,
              `${child} is a link: on this file system Reflexive QDA cannot tell where it leads, so it neither reads nor writes it`,
            );
          } else if (type & vscode.FileType.Directory) {
            this.plain.add(child);
            await walk(child);
          } else if (type & vscode.FileType.File) {
            this.plain.add(child);
            out.push(child);
          }
        }),
      );
    };
    await walk(top);
    return out.sort();
  }

  async delete(path: string): Promise<void> {
    if (this.disk) return this.disk.delete(path);
    await this.noLinks(path);
    this.forget(path);
    await vscode.workspace.fs.delete(this.uri(path)).then(undefined, (e) => {
      if (!isNotFound(e)) throw e;
    });
  }

  async rename(from: string, to: string): Promise<void> {
    if (this.disk) return this.disk.rename(from, to);
    await this.noLinks(from);
    await this.noLinks(to);
    this.forget(from);
    this.forget(to);
    await vscode.workspace.fs.rename(this.uri(from), this.uri(to), { overwrite: false });
  }
}

function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i + 1);
}
function baseOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
function isNotFound(e: unknown): boolean {
  return e instanceof vscode.FileSystemError && (e.code === 'FileNotFound' || e.code === 'EntryNotFound');
}
