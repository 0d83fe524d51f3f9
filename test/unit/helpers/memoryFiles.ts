import type { FileStat, FileSystemPort, Ports } from '../../../src/core/ports';

/** An in-memory file port for tests: paths are workspace-relative, contents bytes. */
export class MemoryFiles implements FileSystemPort {
  readonly files = new Map<string, Uint8Array>();
  writes: string[] = [];
  private tick = 0;
  /** Each file's modification time: the tick of its last write, as a disk keeps one per file. */
  private readonly mtimes = new Map<string, number>();

  constructor(initial: Record<string, string | Uint8Array> = {}) {
    for (const [p, v] of Object.entries(initial)) this.set(p, v);
  }

  set(path: string, v: string | Uint8Array): void {
    this.files.set(path, typeof v === 'string' ? new TextEncoder().encode(v) : v);
    this.mtimes.set(path, ++this.tick);
  }

  text(path: string): string | undefined {
    const b = this.files.get(path);
    return b && new TextDecoder().decode(b);
  }

  async read(path: string): Promise<Uint8Array | undefined> {
    return this.files.get(path);
  }
  async writeAtomic(path: string, data: Uint8Array): Promise<void> {
    this.writes.push(path);
    this.files.set(path, data);
    this.mtimes.set(path, ++this.tick);
  }
  async stat(path: string): Promise<FileStat | undefined> {
    const b = this.files.get(path);
    return b && { mtime: this.mtimes.get(path) ?? 0, size: b.length };
  }
  async list(dir: string, options: { exclude?: (path: string) => boolean } = {}): Promise<string[]> {
    const prefix = dir ? dir.replace(/\/+$/, '') + '/' : '';
    return [...this.files.keys()].filter((p) => p.startsWith(prefix) && !isExcluded(p, options.exclude)).sort();
  }
  async delete(path: string): Promise<void> {
    this.files.delete(path);
  }
  async rename(from: string, to: string): Promise<void> {
    const b = this.files.get(from);
    if (!b) throw new Error(`no ${from}`);
    this.files.delete(from);
    this.files.set(to, b);
    this.mtimes.set(to, this.mtimes.get(from) ?? ++this.tick);
  }
}

function isExcluded(path: string, exclude?: (p: string) => boolean): boolean {
  if (!exclude) return false;
  const parts = path.split('/');
  for (let i = 1; i <= parts.length; i++) if (exclude(parts.slice(0, i).join('/'))) return true;
  return false;
}

let counter = 0;
/** Ports over memory with a fixed clock and predictable (but unique) ids. */
export function memoryPorts(initial: Record<string, string | Uint8Array> = {}): Ports & { files: MemoryFiles } {
  return {
    files: new MemoryFiles(initial),
    clock: { now: () => new Date('2026-11-29T14:32:00Z') },
    ids: { newId: () => `id${(++counter).toString(36).padStart(6, '0')}` },
  };
}
