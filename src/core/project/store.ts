import { Emitter } from '../event';
import type { Parsed } from './format';
import type { FileSystemPort } from '../ports';
import { decodeUtf8, encodeUtf8, hashText } from '../text';

/** Thrown for a change the project refuses (an invalid file, a lost race). Shown to the user as is. */
export class ProjectError extends Error {
  constructor(
    message: string,
    readonly file?: string,
  ) {
    super(message);
    this.name = 'ProjectError';
  }
}

/**
 * A path the file port will not read or write: it leads, through a link, out of
 * the workspace folder (git stores links, so a cloned project can carry one that
 * points at ~/.ssh). Ports throw it; the store reports it as a problem of that
 * path and treats the file as unreadable, never as empty.
 */
export class RefusedPathError extends ProjectError {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message, path);
    this.name = 'RefusedPathError';
  }
}

export const CACHE_PATH = 'qda/.cache/parse-v1.json';
/**
 * No project file is legitimately this large (a transcript with ten thousand codings is
 * a few MB); parsing a larger one could take minutes and gigabytes, so it is refused.
 */
export const MAX_FILE_CHARS = 16 * 1024 * 1024;
const tooLarge = (path: string, text: string) =>
  `${path} is ${(text.length / 1048576).toFixed(1)} MB, more than a project file may hold (${MAX_FILE_CHARS / 1048576} MB): remove what does not belong in it`;
const CACHE_VERSION = 1;

interface CacheEntry {
  hash: string;
  parsed: Parsed<unknown>;
}

/**
 * A file port that can also hold a lock shared with other processes (the node
 * port does, with a lock file). Writes through a port without one are serialised
 * within their own store only.
 */
export interface LockingFileSystemPort extends FileSystemPort {
  withLock<T>(task: () => Promise<T>): Promise<T>;
}

const hasLock = (files: FileSystemPort): files is LockingFileSystemPort =>
  typeof (files as Partial<LockingFileSystemPort>).withLock === 'function';

/** Another writer changed the file between our read and our write. */
class ChangedOnDisk extends ProjectError {}

/** How often update() re-applies a change after a writer outside the lock (an editor, git) got in first. */
const UPDATE_ATTEMPTS = 5;

/** One file written by the store: its text before (undefined: it did not exist) and after. */
export interface FileWrite {
  path: string;
  before: string | undefined;
  after: string | undefined;
}

/** A text file as read: its content, its hash, and whether it had a BOM or bad bytes. */
export interface ReadText {
  text: string;
  hash: string;
  invalidUtf8?: { byteOffset: number; line: number; column: number };
}

/**
 * Reads and writes project files through the file port. Keeps a derived parse
 * cache (qda/.cache) keyed by each file's content hash, so that a large project
 * opens without re-parsing YAML that has not changed. The cache is only an
 * optimisation: deleting it is always safe.
 */
export class FileStore {
  private cache = new Map<string, CacheEntry>();
  private cacheDirty = false;
  /** Hash of each file as last read or written by us: detects changes made by others. */
  private readonly known = new Map<string, string>();
  private readonly _onDidWrite = new Emitter<FileWrite>();
  /** Every write and delete made through the store (undo history listens). */
  readonly onDidWrite = this._onDidWrite.event;
  /** The tail of this store's writes: each waits for the one before, so none works from a stale read. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Paths the port refused to read (links out of the workspace folder), with the reason. */
  private readonly refusedReads = new Map<string, string>();
  /** Asked before every write, inside the lock: a reason not to write at all (see setWriteGuard). */
  private guard: (() => Promise<string | undefined>) | undefined;

  constructor(private readonly files: FileSystemPort) {}

  /**
   * The one check before every write of a project file (update, writeText,
   * deleteFile): when it gives a reason, nothing is written and the write fails
   * with that reason. The Project uses it to write nothing to a project whose
   * qda/project.yaml it cannot read.
   */
  setWriteGuard(guard: () => Promise<string | undefined>): void {
    this.guard = guard;
  }

  private async checkGuard(): Promise<void> {
    const reason = await this.guard?.();
    if (reason) throw new ProjectError(reason);
  }

  async loadCache(): Promise<void> {
    try {
      const bytes = await this.files.read(CACHE_PATH);
      if (!bytes) return;
      const json = JSON.parse(decodeUtf8(bytes).text) as { version: number; entries: Record<string, CacheEntry> };
      if (json.version !== CACHE_VERSION) return;
      this.cache = new Map(Object.entries(json.entries));
    } catch {
      // A broken cache is simply rebuilt.
      this.cache.clear();
    }
  }

  async saveCache(): Promise<void> {
    if (!this.cacheDirty) return;
    const entries = Object.fromEntries(this.cache);
    await this.files.writeAtomic(CACHE_PATH, encodeUtf8(JSON.stringify({ version: CACHE_VERSION, entries })));
    this.cacheDirty = false;
  }

  /**
   * Reads a text file. Undefined when it does not exist, and also when the port
   * refused it (a link out of the workspace folder): see refusal(), which says why.
   */
  async readText(path: string): Promise<ReadText | undefined> {
    const bytes = await this.readBytes(path);
    if (!bytes) {
      this.known.delete(path);
      return undefined;
    }
    const d = decodeUtf8(bytes);
    const hash = hashText(d.text);
    this.known.set(path, hash);
    return d.invalidUtf8 ? { text: d.text, hash, invalidUtf8: d.invalidUtf8 } : { text: d.text, hash };
  }

  /** The hash of a file as last read or written through the store; undefined when it was not. */
  hashOf(path: string): string | undefined {
    return this.known.get(path);
  }

  /** The port's bytes of `path`; a refusal is remembered (see refusal()) and reads as no file. */
  private async readBytes(path: string): Promise<Uint8Array | undefined> {
    try {
      const bytes = await this.files.read(path);
      this.refusedReads.delete(path);
      return bytes;
    } catch (e) {
      if (!(e instanceof RefusedPathError)) throw e;
      this.refusedReads.set(path, e.message);
      return undefined;
    }
  }

  /** Why the port refused to read `path` when last asked (a link out of the workspace folder), if it did. */
  refusal(path: string): string | undefined {
    return this.refusedReads.get(path);
  }

  /** Every path the port refused to read, with the reason. */
  refusals(): ReadonlyMap<string, string> {
    return this.refusedReads;
  }

  /** Reads and parses a project file, through the cache. Undefined when the file does not exist. */
  async readParsed<T>(path: string, parse: (text: string) => Parsed<T>): Promise<(Parsed<T> & { hash: string }) | undefined> {
    const file = await this.readText(path);
    const refused = this.refusedReads.get(path);
    if (refused !== undefined) {
      // Reported as this file's problem (not also as a refusal), and never written over.
      this.refusedReads.delete(path);
      return {
        problems: [{ line: 1, column: 1, message: refused, severity: 'error' }],
        writable: false,
        hash: `refused:${hashText(refused)}`,
      };
    }
    if (!file) {
      if (this.cache.delete(path)) this.cacheDirty = true;
      return undefined;
    }
    if (file.invalidUtf8) {
      const { byteOffset, line, column } = file.invalidUtf8;
      return {
        problems: [{ line, column, message: `not valid UTF-8 (byte ${byteOffset}): save the file as UTF-8` }],
        writable: false,
        hash: file.hash,
      };
    }
    if (file.text.length > MAX_FILE_CHARS)
      return {
        problems: [{ line: 1, column: 1, message: tooLarge(path, file.text), severity: 'error' }],
        writable: false,
        hash: file.hash,
      };
    const hit = this.cache.get(path);
    if (hit && hit.hash === file.hash) return { ...(hit.parsed as Parsed<T>), hash: file.hash };
    const parsed = parse(file.text);
    // A file that may not be written must say why, or the researcher cannot fix it.
    if (!parsed.writable && !parsed.problems.some((p) => (p.severity ?? 'error') === 'error')) {
      parsed.problems.push({
        line: 1,
        column: 1,
        message: 'nothing usable could be read from this file (is it empty?)',
        severity: 'error',
      });
    }
    this.cache.set(path, { hash: file.hash, parsed });
    this.cacheDirty = true;
    return { ...parsed, hash: file.hash };
  }

  /**
   * Read-modify-write of one project file, safe against other writers (the CLI,
   * a git checkout, a teammate's tool): the change is applied to the file as it
   * is on disk now, never to a stale copy, and a file that does not parse is
   * never written over.
   */
  async update<T>(
    path: string,
    parse: (text: string) => Parsed<T>,
    serialize: (v: T) => string,
    change: (current: T | undefined) => T,
  ): Promise<T> {
    return this.exclusive(async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await this.updateOnce(path, parse, serialize, change);
        } catch (e) {
          if (!(e instanceof ChangedOnDisk) || attempt >= UPDATE_ATTEMPTS) throw e;
        }
      }
    });
  }

  private async updateOnce<T>(
    path: string,
    parse: (text: string) => Parsed<T>,
    serialize: (v: T) => string,
    change: (current: T | undefined) => T,
  ): Promise<T> {
    const current = await this.readText(path);
    let value: T | undefined;
    if (current) {
      if (current.invalidUtf8) throw new ProjectError(`${path} is not valid UTF-8; fix it before changing it here`, path);
      if (current.text.length > MAX_FILE_CHARS) throw new ProjectError(tooLarge(path, current.text), path);
      const parsed = parse(current.text);
      if (!parsed.writable || parsed.value === undefined) {
        const first = parsed.problems.find((p) => (p.severity ?? 'error') === 'error');
        throw new ProjectError(
          `${path} has errors${first ? ` (${first.line}:${first.column}: ${first.message})` : ''}; fix them before changing it here, so that nothing in it is lost`,
          path,
        );
      }
      value = parsed.value;
    }
    const next = change(value);
    const text = serialize(next);
    await this.write(path, text, { hash: current?.hash });
    const hash = hashText(text);
    this.cache.set(path, { hash, parsed: parse(text) as Parsed<unknown> });
    this.cacheDirty = true;
    return next;
  }

  /** Writes a file atomically, unless it changed on disk since we last read it. */
  async writeText(path: string, text: string, opts: { overwriteChanged?: boolean } = {}): Promise<void> {
    // What "since we last read it" means is decided once the writes queued before this one are done.
    await this.exclusive(() =>
      this.write(path, text, opts.overwriteChanged || !this.known.has(path) ? undefined : { hash: this.known.get(path) }),
    );
  }

  /**
   * Runs `task` after every earlier write of this store, holding the port's lock
   * when it has one, so that two read-modify-writes never interleave.
   */
  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const files = this.files;
    const guarded = async () => {
      await this.checkGuard();
      return task();
    };
    const run = this.queue.then(() => (hasLock(files) ? files.withLock(guarded) : guarded()));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Writes `text` unless the file on disk no longer has the `expect`ed hash (undefined: it did not exist). */
  private async write(path: string, text: string, expect: { hash: string | undefined } | undefined): Promise<void> {
    const bytes = await this.files.read(path);
    const before = bytes ? decodeUtf8(bytes).text : undefined;
    if (expect && (before === undefined ? undefined : hashText(before)) !== expect.hash) {
      throw new ChangedOnDisk(`${path} changed on disk while it was being updated; try again`, path);
    }
    await this.files.writeAtomic(path, encodeUtf8(text));
    this.known.set(path, hashText(text));
    this._onDidWrite.fire({ path, before, after: text });
  }

  /** Deletes a file the project owns (used by undo of a file it created). */
  async deleteFile(path: string): Promise<void> {
    await this.checkGuard();
    const bytes = await this.files.read(path);
    if (!bytes) return;
    await this.files.delete(path);
    this.forget(path);
    this._onDidWrite.fire({ path, before: decodeUtf8(bytes).text, after: undefined });
  }

  /** Forget what we knew of a file (it was deleted or renamed). */
  forget(path: string): void {
    this.known.delete(path);
    if (this.cache.delete(path)) this.cacheDirty = true;
  }
}
