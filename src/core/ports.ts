/**
 * What the core needs from the outside world. The extension implements these on
 * `vscode.workspace.fs`, the CLI and tests on `node:fs` (src/node) or in memory.
 *
 * Every path is relative to the workspace folder and uses `/` separators
 * ("qda/codebook.yaml", "transcripts/p01.transcript").
 */
export interface FileStat {
  /** Modification time in ms; used only as a hint, never trusted alone. */
  mtime: number;
  size: number;
}

/** Options of FileSystemPort.list. */
export interface ListOptions {
  /** Paths (files or folders) to leave out. */
  exclude?: (path: string) => boolean;
  /** Told of each link that leads out of the workspace folder (never followed), with the reason in words. */
  onRefused?: (path: string, reason: string) => void;
}

/**
 * The files of one workspace folder. A port never reads or writes through a
 * link that leads out of the folder (git stores links, so a cloned project can
 * carry one): it throws RefusedPathError (core/project) instead.
 */
export interface FileSystemPort {
  /** The file's bytes, or `undefined` when it does not exist. */
  read(path: string): Promise<Uint8Array | undefined>;
  /**
   * Replace the file atomically: write a temporary file beside it, then rename it
   * over the old one, so that a crash leaves either the old or the new file whole.
   * Creates missing parent folders.
   */
  writeAtomic(path: string, data: Uint8Array): Promise<void>;
  stat(path: string): Promise<FileStat | undefined>;
  /**
   * Every file below `dir` (recursively), as workspace-relative paths. Missing
   * folder: []. Links are not followed; one that leads outside is told to `onRefused`.
   */
  list(dir: string, options?: ListOptions): Promise<string[]>;
  delete(path: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
}

/** The time, injectable so that tests are repeatable. */
export interface ClockPort {
  now(): Date;
}

/** Fresh random ids (never counters or dates: two coders working apart must not collide). */
export interface IdPort {
  newId(): string;
}

export interface Ports {
  files: FileSystemPort;
  clock: ClockPort;
  ids: IdPort;
}

const ID_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** Random bytes drawn 4 KiB at a time: one call to the Web Crypto API per 512 ids, not one per id (an import mints 20,000). */
const pool = new Uint8Array(4096);
let poolAt = pool.length;

/** Random ids from the Web Crypto API, available in Node >= 20, browsers and the extension host. */
export const randomIds: IdPort = {
  newId(): string {
    if (poolAt + 8 > pool.length) {
      globalThis.crypto.getRandomValues(pool);
      poolAt = 0;
    }
    let s = '';
    for (let i = 0; i < 8; i++) s += ID_ALPHABET[pool[poolAt++] & 31];
    return s;
  },
};

export const systemClock: ClockPort = { now: () => new Date() };
