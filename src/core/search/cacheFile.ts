/**
 * The files of the saved search index under qda/.cache/: a list (each source's
 * turns, file stamp and located codings; the segments in order) and one file per
 * segment. Pure: files are reached through the file port.
 */
import type { FileSystemPort } from '../ports';
import { decodeUtf8, encodeUtf8 } from '../text';
import { SEARCH_INDEX_VERSION, type PackedIndex, type SerializedSegment } from './serial';
import type { CacheUse } from './types';

/**
 * Where the index is saved: this file lists the segments and each source's turns; each segment is a file
 * beside it ({@link segmentCachePath}). The index format version is part of the names, so versions never
 * read each other's files.
 */
export const SEARCH_CACHE_PATH = `qda/.cache/search-v${SEARCH_INDEX_VERSION}.json`;

/** The file of one segment of the saved index (see {@link encodeSegmentFile}). */
export function segmentCachePath(name: string): string {
  return `qda/.cache/search-v${SEARCH_INDEX_VERSION}-${name}.bin`;
}

/**
 * Raise when the turns derived from a transcript change (parseTranscript's
 * rules, or which span of a turn is indexed): turns cached by text hash are
 * then derived again instead of trusted.
 */
export const TURNS_VERSION = 1;
export const FORMAT = 'reflexive-qda/search-cache';

/** A located coding as the list keeps it: id, code, start, end, coder. */
export type LocatedTuple = [string, string, number, number, string | null];

/** What the list keeps of a source: its text's hash and turns, and, to skip reading it when unchanged, more. */
export interface CachedSource {
  hash: string;
  turns: [number, number, string | null][];
  /** The file's size and modification time when it was read: a warm start trusts `hash` while both are the same. */
  size?: number;
  mtime?: number;
  /** The source's codings where they were found in that text, under the content key of its codings files. */
  located?: { key: string; codings: LocatedTuple[] };
}

/**
 * The cache's list: each source by path, so a warm start reads no transcript that did not change, and the
 * segments in order, each with the stamp of the save that wrote it: a segment file with another stamp (a
 * save cut short) is not used, and its sources are indexed again.
 */
export interface CacheFile {
  format: typeof FORMAT;
  turnsVersion: number;
  version: number;
  stamp: number;
  turns: Record<string, CachedSource>;
  segments: { name: string; stamp: number }[];
}

/** A segment's file: the stamp of the save that wrote it, and the segment. */
export interface SegmentFile {
  stamp: number;
  segment: unknown;
}

/** Reads and checks the list. */
export async function readCacheList(files: FileSystemPort): Promise<{ use: CacheUse; reason?: string; file?: CacheFile }> {
  let file: Partial<CacheFile>;
  try {
    const bytes = await files.read(SEARCH_CACHE_PATH);
    if (!bytes) return { use: 'missing' };
    file = JSON.parse(decodeUtf8(bytes).text) as Partial<CacheFile>;
  } catch (e) {
    return { use: 'damaged', reason: `cannot read ${SEARCH_CACHE_PATH}: ${(e as Error).message}` };
  }
  if (!file || file.format !== FORMAT || typeof file.turns !== 'object' || file.turns === null || !Array.isArray(file.segments))
    return { use: 'damaged', reason: 'not a search cache' };
  if (file.turnsVersion !== TURNS_VERSION || file.version !== SEARCH_INDEX_VERSION) {
    return { use: 'stale', reason: `made by another version (turns ${String(file.turnsVersion)}, index ${String(file.version)})` };
  }
  return { use: 'used', file: file as CacheFile };
}

/** Reads one segment's file; throws (with the reason) when it is missing, damaged or from another save. */
export async function readSegmentFile(files: FileSystemPort, name: unknown, stamp: number): Promise<unknown> {
  if (typeof name !== 'string' || !/^[a-z0-9]+$/.test(name)) throw new Error('a segment has no valid name');
  const bytes = await files.read(segmentCachePath(name));
  if (!bytes) throw new Error(`${segmentCachePath(name)} is missing`);
  const seg = decodeSegmentFile(bytes, segmentCachePath(name));
  if (seg.stamp !== stamp) throw new Error(`${segmentCachePath(name)} is from another save`);
  return seg.segment;
}

/** The number arrays of a segment's packed index, kept as varints after the file's JSON. */
const BINARY = ['documentIds', 'fieldLength', 'postings'] as const satisfies readonly (keyof PackedIndex)[];

/**
 * A segment's file: 4 bytes (little-endian) giving the length of a JSON header ({@link SegmentFile} with
 * the packed index's number arrays left empty, and how many numbers each holds), the header, then those
 * numbers as zigzag LEB128 varints. Parsing millions of numbers as JSON, and holding them as JavaScript
 * arrays while they are unpacked, was most of a warm start at 10x; most of them fit in one byte.
 */
export function encodeSegmentFile(stamp: number, segment: SerializedSegment): Uint8Array {
  const index = segment.index;
  const counts = BINARY.map((k) => index[k].length);
  const empty = Object.fromEntries(BINARY.map((k) => [k, []]));
  const header = encodeUtf8(JSON.stringify({ stamp, segment: { ...segment, index: { ...index, ...empty } }, binary: counts }));
  let size = 0;
  for (const k of BINARY) for (let i = 0; i < index[k].length; i++) size += varintSize(zigzag(index[k][i]));
  const out = new Uint8Array(4 + header.length + size);
  new DataView(out.buffer).setUint32(0, header.length, true);
  out.set(header, 4);
  let at = 4 + header.length;
  for (const k of BINARY) {
    const values = index[k];
    for (let i = 0; i < values.length; i++) {
      let v = zigzag(values[i]);
      while (v >= 0x80) {
        out[at++] = (v % 0x80) | 0x80;
        v = Math.floor(v / 0x80);
      }
      out[at++] = v;
    }
  }
  return out;
}

/** Reads a file written by {@link encodeSegmentFile}; throws, naming `path`, when it is not one. */
export function decodeSegmentFile(bytes: Uint8Array, path: string): { stamp: unknown; segment: unknown } {
  const damaged = (why: string): never => {
    throw new Error(`${path} is damaged: ${why}`);
  };
  if (bytes.length < 4) damaged('too short');
  const n = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true);
  if (4 + n > bytes.length) damaged('its header is cut short');
  const head = JSON.parse(decodeUtf8(bytes.subarray(4, 4 + n)).text) as {
    stamp?: unknown;
    segment?: { index?: unknown };
    binary?: unknown;
  };
  const counts = head?.binary;
  const index = head?.segment?.index as Record<string, unknown> | undefined;
  if (!Array.isArray(counts) || counts.length !== BINARY.length || !counts.every((c) => Number.isInteger(c) && c >= 0) || !index)
    return damaged('no packed index');
  let at = 4 + n;
  BINARY.forEach((k, j) => {
    const values = new Int32Array(counts[j] as number);
    for (let i = 0; i < values.length; i++) {
      let v = 0;
      let scale = 1;
      for (;;) {
        if (at >= bytes.length || scale > 2 ** 35) damaged('its numbers are cut short');
        const b = bytes[at++];
        v += (b & 0x7f) * scale;
        if (b < 0x80) break;
        scale *= 0x80;
      }
      values[i] = v % 2 ? -(v + 1) / 2 : v / 2;
    }
    index[k] = values;
  });
  if (at !== bytes.length) damaged('it has bytes after its numbers');
  return { stamp: head.stamp, segment: head.segment };
}

/** Small magnitudes to small unsigned numbers: 0, -1, 1, -2, … → 0, 1, 2, 3, … */
function zigzag(v: number): number {
  return v < 0 ? -2 * v - 1 : 2 * v;
}

function varintSize(v: number): number {
  let n = 1;
  while (v >= 0x80) {
    v = Math.floor(v / 0x80);
    n++;
  }
  return n;
}

/** A located coding from the list, checked: undefined when it is not one. */
export function fromTuple(t: unknown): { id: string; code: string; start: number; end: number; coder?: string } | undefined {
  if (!Array.isArray(t) || t.length !== 5) return undefined;
  const [id, code, start, end, coder] = t as unknown[];
  if (typeof id !== 'string' || typeof code !== 'string' || !Number.isInteger(start) || !Number.isInteger(end)) return undefined;
  if (coder !== null && typeof coder !== 'string') return undefined;
  return coder === null
    ? { id, code, start: start as number, end: end as number }
    : { id, code, start: start as number, end: end as number, coder };
}
