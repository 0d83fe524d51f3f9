/**
 * Reading ZIP archives that come from outside (.qdpx projects, .docx files) in
 * bounded memory. The central directory is read first; every entry's declared
 * size, the total and the compression ratio are checked before anything is
 * inflated, and inflation stops the moment an entry yields more than it
 * declared. A name that points outside the archive, two entries with one name,
 * encryption or an unknown compression method are refused with a message that
 * says which entry. Nothing here writes a file: callers decide where (if
 * anywhere) an entry's bytes go.
 */
import { Inflate } from 'fflate';

/** Limits on what one archive may make us inflate. */
export interface ArchiveLimits {
  /** Entries in the central directory. */
  maxEntries: number;
  /** Inflated bytes of one entry. */
  maxEntryBytes: number;
  /** Inflated bytes of every entry read from this archive, together. */
  maxTotalBytes: number;
  /** Inflated / compressed bytes, checked for entries larger than `ratioFloorBytes`. */
  maxRatio: number;
  /** Entries up to this size may compress as well as they like (a page of spaces does). */
  ratioFloorBytes: number;
}

/**
 * Defaults sized for REFI-QDA projects: a large project.qde is tens of MB, a
 * transcript a few MB; 512 MB inflated in all is far past any real study and
 * far below what would exhaust memory.
 */
export const DEFAULT_ARCHIVE_LIMITS: Readonly<ArchiveLimits> = {
  maxEntries: 100_000,
  maxEntryBytes: 256 * 2 ** 20,
  maxTotalBytes: 512 * 2 ** 20,
  maxRatio: 100,
  ratioFloorBytes: 2 ** 20,
};

/** An archive refused, or an entry that cannot be read: `message` says why, for people. */
export class ArchiveError extends Error {
  constructor(
    message: string,
    readonly entry?: string,
  ) {
    super(message);
    this.name = 'ArchiveError';
  }
}

/** One file in the archive, as its central directory describes it. */
export interface ArchiveEntry {
  /** The path inside the archive, `/`-separated. */
  name: string;
  /** Declared inflated size in bytes. */
  size: number;
  compressedSize: number;
  /** 0 stored, 8 deflated. */
  method: number;
  crc: number;
  /** Offset of the local header. */
  offset: number;
  directory: boolean;
}

const EOCD = 0x06054b50;
const EOCD64 = 0x06064b50;
const EOCD64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MB = (n: number) => (n < 1024 ? `${n} bytes` : n < 2 ** 20 ? `${Math.round(n / 1024)} KB` : `${Math.round(n / 2 ** 20)} MB`);

/**
 * Whether a name leads outside the folder it would be unpacked into: `..` as a
 * segment, an absolute path, a drive letter, a backslash path or a NUL.
 */
export function escapesArchive(name: string): boolean {
  if (name.includes('\0') || /^[\\/]/.test(name) || /^[A-Za-z]:/.test(name)) return true;
  return name.split(/[\\/]/).some((s) => s === '..');
}

/** A ZIP archive opened for reading; see the module comment for what is checked. */
export class ZipArchive {
  readonly entries: readonly ArchiveEntry[];
  private readonly byName: Map<string, ArchiveEntry>;
  private inflated = 0;

  private constructor(
    private readonly bytes: Uint8Array,
    entries: ArchiveEntry[],
    readonly limits: ArchiveLimits,
  ) {
    this.entries = entries;
    this.byName = new Map(entries.map((e) => [e.name, e]));
  }

  /** Whether the bytes start like a ZIP archive (a local header, or an empty archive). */
  static looksLikeZip(bytes: Uint8Array): boolean {
    return (
      bytes.length >= 4 &&
      bytes[0] === 0x50 &&
      bytes[1] === 0x4b &&
      (bytes[2] === 3 || bytes[2] === 5) &&
      (bytes[3] === 4 || bytes[3] === 6)
    );
  }

  /** Reads the central directory. Throws ArchiveError for a damaged or refused archive. */
  static open(bytes: Uint8Array, limits: Partial<ArchiveLimits> = {}): ZipArchive {
    const lim = { ...DEFAULT_ARCHIVE_LIMITS, ...limits };
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const u32 = (at: number) => (at + 4 <= bytes.length ? view.getUint32(at, true) : -1);
    const u16 = (at: number) => (at + 2 <= bytes.length ? view.getUint16(at, true) : -1);
    const u64 = (at: number) => (at + 8 <= bytes.length ? view.getUint32(at, true) + view.getUint32(at + 4, true) * 2 ** 32 : -1);
    // The end record is in the last 64 KiB + 22 bytes (its comment is at most 65535 bytes).
    let eocd = -1;
    for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
      if (u32(at) === EOCD && at + 22 + u16(at + 20) <= bytes.length) {
        eocd = at;
        break;
      }
    }
    if (eocd < 0) throw new ArchiveError('the archive is damaged: its end record is missing (it was cut off, or is not a ZIP archive)');
    let count = u16(eocd + 10);
    let dirSize = u32(eocd + 12);
    let dirStart = u32(eocd + 16);
    if (count === 0xffff || dirSize === 0xffffffff || dirStart === 0xffffffff) {
      const loc = eocd - 20;
      if (u32(loc) !== EOCD64_LOCATOR) throw new ArchiveError('the archive is damaged (its ZIP64 end record is missing)');
      const rec = u64(loc + 8);
      if (rec < 0 || rec > bytes.length - 56 || u32(rec) !== EOCD64)
        throw new ArchiveError('the archive is damaged (its ZIP64 end record is not where it says)');
      count = u64(rec + 32);
      dirSize = u64(rec + 40);
      dirStart = u64(rec + 48);
    }
    if (count > lim.maxEntries)
      throw new ArchiveError(`the archive lists ${count} files, more than the ${lim.maxEntries} allowed: refused`);
    if (dirStart + dirSize > bytes.length) throw new ArchiveError('the archive is damaged (its directory lies past its end)');
    const entries: ArchiveEntry[] = [];
    const names = new Set<string>();
    let at = dirStart;
    for (let i = 0; i < count; i++) {
      if (u32(at) !== CENTRAL)
        throw new ArchiveError(`the archive is damaged (directory entry ${i + 1} of ${count} is not where it should be)`);
      const flags = u16(at + 8);
      const method = u16(at + 10);
      const crc = u32(at + 16);
      let compressedSize = u32(at + 20);
      let size = u32(at + 24);
      const nameLen = u16(at + 28);
      const extraLen = u16(at + 30);
      const commentLen = u16(at + 32);
      let offset = u32(at + 42);
      const nameBytes = bytes.subarray(at + 46, at + 46 + nameLen);
      const name = decodeName(nameBytes, (flags & 0x800) !== 0);
      // ZIP64 sizes and offset live in extra field 0x0001, in this order, only for fields set to 0xFFFFFFFF.
      let x = at + 46 + nameLen;
      const extraEnd = x + extraLen;
      while (x + 4 <= extraEnd) {
        const id = u16(x);
        const len = u16(x + 2);
        if (id === 1) {
          let p = x + 4;
          if (size === 0xffffffff) {
            size = u64(p);
            p += 8;
          }
          if (compressedSize === 0xffffffff) {
            compressedSize = u64(p);
            p += 8;
          }
          if (offset === 0xffffffff) offset = u64(p);
        }
        x += 4 + len;
      }
      at = extraEnd + commentLen;
      if (at > bytes.length) throw new ArchiveError('the archive is damaged (its directory is cut off)');
      if (escapesArchive(name)) throw new ArchiveError(`the archive holds "${name}", a path that leads outside the archive: refused`, name);
      if (names.has(name))
        throw new ArchiveError(`the archive holds two files named "${name}": refused, since either could be meant`, name);
      names.add(name);
      if (flags & 1) throw new ArchiveError(`"${name}" in the archive is encrypted: refused (export it again without a password)`, name);
      entries.push({ name, size, compressedSize, method, crc, offset, directory: name.endsWith('/') });
    }
    return new ZipArchive(bytes, entries, lim);
  }

  /** The entry with exactly this name. */
  get(name: string): ArchiveEntry | undefined {
    return this.byName.get(name);
  }

  /**
   * Checks, before anything is inflated, that these entries together stay
   * within the limits by what they declare. Throws ArchiveError otherwise.
   */
  checkDeclared(entries: readonly ArchiveEntry[]): void {
    let total = this.inflated;
    for (const e of entries) {
      this.checkEntry(e);
      total += e.size;
    }
    if (total > this.limits.maxTotalBytes) {
      throw new ArchiveError(
        `the archive's files would expand to ${MB(total)}, more than the ${MB(this.limits.maxTotalBytes)} allowed: refused as a possible ZIP bomb`,
      );
    }
  }

  private checkEntry(e: ArchiveEntry): void {
    const lim = this.limits;
    if (e.size > lim.maxEntryBytes)
      throw new ArchiveError(
        `"${e.name}" would expand to ${MB(e.size)}, more than the ${MB(lim.maxEntryBytes)} allowed for one file: refused`,
        e.name,
      );
    if (e.size > lim.ratioFloorBytes && e.size > e.compressedSize * lim.maxRatio) {
      throw new ArchiveError(
        `"${e.name}" would expand ${Math.round(e.size / Math.max(1, e.compressedSize))} times (${MB(e.compressedSize)} to ${MB(e.size)}), more than the ${lim.maxRatio}:1 allowed: refused as a possible ZIP bomb`,
        e.name,
      );
    }
    if (e.method !== 0 && e.method !== 8)
      throw new ArchiveError(`"${e.name}" is compressed with method ${e.method}; only stored and deflated files can be read`, e.name);
  }

  /**
   * The inflated bytes of an entry. Inflation stops as soon as the entry yields
   * more than it declared (a forged size) or the archive's total limit is
   * reached; the CRC is checked. Throws ArchiveError.
   */
  read(entry: ArchiveEntry): Uint8Array {
    const data = this.compressed(entry);
    return this.finish(entry, entry.method === 0 ? data.slice() : this.inflate(entry, data));
  }

  /**
   * `read`, inflating with the platform's own DecompressionStream where there is
   * one (Node 20, browsers, VS Code): native zlib, several times faster than
   * inflating in JavaScript, and stopped as soon as the entry yields more than it
   * declared, as `read` is.
   */
  async readAsync(entry: ArchiveEntry): Promise<Uint8Array> {
    const data = this.compressed(entry);
    if (entry.method === 0) return this.finish(entry, data.slice());
    let stream: DecompressionStream;
    try {
      stream = new DecompressionStream('deflate-raw' as CompressionFormat);
    } catch {
      return this.finish(entry, this.inflate(entry, data));
    }
    const room = this.room(entry);
    const writer = stream.writable.getWriter();
    // Errors surface on the reading side; these promises only must not go unhandled.
    writer.write(data as Uint8Array<ArrayBuffer>).catch(() => undefined);
    writer.close().catch(() => undefined);
    const reader = stream.readable.getReader();
    const parts: Uint8Array[] = [];
    let got = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        got += value.length;
        if (got > room) {
          await reader.cancel().catch(() => undefined);
          throw this.bomb(entry);
        }
        parts.push(value);
      }
    } catch (e) {
      if (e instanceof ArchiveError) throw e;
      throw new ArchiveError(
        `the archive is damaged ("${entry.name}" cannot be inflated: ${e instanceof Error ? e.message : String(e)})`,
        entry.name,
      );
    }
    return this.finish(entry, concat(parts, got));
  }

  /** The entry's compressed bytes, after the declared-size checks. */
  private compressed(entry: ArchiveEntry): Uint8Array {
    this.checkDeclared([entry]);
    const b = this.bytes;
    const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    if (entry.offset + 30 > b.length || view.getUint32(entry.offset, true) !== LOCAL)
      throw new ArchiveError(`the archive is damaged ("${entry.name}" is not where its directory says)`, entry.name);
    const start = entry.offset + 30 + view.getUint16(entry.offset + 26, true) + view.getUint16(entry.offset + 28, true);
    const end = start + entry.compressedSize;
    if (end > b.length) throw new ArchiveError(`the archive is damaged ("${entry.name}" is cut off)`, entry.name);
    if (entry.method === 0 && entry.compressedSize !== entry.size)
      throw new ArchiveError(`the archive is damaged ("${entry.name}" is stored with two different sizes)`, entry.name);
    return b.subarray(start, end);
  }

  /** What the entry may yield: what it declares, within what is left of the archive's total. */
  private room(entry: ArchiveEntry): number {
    return Math.min(entry.size, this.limits.maxTotalBytes - this.inflated);
  }

  private bomb(entry: ArchiveEntry): ArchiveError {
    return new ArchiveError(`"${entry.name}" expands past the ${MB(entry.size)} it declares: refused as a ZIP bomb`, entry.name);
  }

  /** Checks the inflated bytes against the declared size and CRC, and counts them. */
  private finish(entry: ArchiveEntry, out: Uint8Array): Uint8Array {
    if (out.length !== entry.size)
      throw new ArchiveError(
        `the archive is damaged ("${entry.name}" holds ${out.length} bytes, not the ${entry.size} it declares)`,
        entry.name,
      );
    if (crc32(out) !== entry.crc) throw new ArchiveError(`the archive is damaged ("${entry.name}" fails its checksum)`, entry.name);
    this.inflated += out.length;
    return out;
  }

  private inflate(entry: ArchiveEntry, data: Uint8Array): Uint8Array {
    // Fed in pieces, so that one piece can never expand to more than ~64 MB before the count is checked.
    const CHUNK = 64 * 1024;
    const room = this.room(entry);
    const parts: Uint8Array[] = [];
    let got = 0;
    let over = false;
    const inflater = new Inflate((chunk) => {
      got += chunk.length;
      if (got > room) over = true;
      else parts.push(chunk);
    });
    try {
      for (let i = 0; i < data.length && !over; i += CHUNK) inflater.push(data.subarray(i, i + CHUNK), i + CHUNK >= data.length);
    } catch (e) {
      throw new ArchiveError(
        `the archive is damaged ("${entry.name}" cannot be inflated: ${e instanceof Error ? e.message : String(e)})`,
        entry.name,
      );
    }
    if (over) throw this.bomb(entry);
    return concat(parts, got);
  }
}

function concat(parts: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let k = 0;
  for (const p of parts) {
    out.set(p, k);
    k += p.length;
  }
  return out;
}

/** Names are UTF-8 when flagged (or when they decode as UTF-8), else the old DOS code page, read as Latin-1. */
function decodeName(bytes: Uint8Array, utf8: boolean): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    if (utf8) return new TextDecoder('utf-8').decode(bytes);
    return String.fromCharCode(...bytes);
  }
}

let CRC_TABLE: Uint32Array | undefined;

/** CRC-32 (IEEE 802.3), as ZIP stores it. */
export function crc32(bytes: Uint8Array): number {
  const table = (CRC_TABLE ??= (() => {
    const t = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      t[n] = c >>> 0;
    }
    return t;
  })());
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = table[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
