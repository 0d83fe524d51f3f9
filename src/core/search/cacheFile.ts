/**
 * The files of the saved search index under qda/.cache/: a list (each source's
 * turns, file stamp and located codings; the segments in order) and one file per
 * segment. Pure: files are reached through the file port.
 */
import type { FileSystemPort } from '../ports';
import { decodeUtf8, encodeUtf8 } from '../text';
import { encodePostings, VarintReader, varintSize, writeVarints, zigzag } from './frozen';
import { SEARCH_INDEX_VERSION, type EncodedIndex, type SerializedSegment } from './serial';
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
  /**
   * Its turns, as "start end speaker" numbers separated by spaces (speaker: a position in `speakers`, -1:
   * none): one string to parse rather than an array per turn, and parsed only when the source is indexed
   * again (./sourceTurns.ts).
   */
  turns: string;
  speakers: string[];
  /** The source's content key in the index when it was saved (its text's and turns' hashes): a warm start compares it. */
  key?: string;
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

/**
 * Reads the cache's list, then its segments one by one into `load` (the index); a segment that does not load
 * is left out (its sources are indexed again). Returns the stamps of the segments loaded.
 */
export async function readCache(
  files: FileSystemPort,
  load: (segment: unknown) => void,
  hooks: { pause?: () => Promise<void>; progress?: (done: number, total: number, what: 'cache') => void },
): Promise<{ use: CacheUse; reason?: string; turns?: Record<string, CachedSource>; stamp: number; stamps: Map<string, number> }> {
  const list = await readCacheList(files);
  const stamps = new Map<string, number>();
  if (!list.file) return { ...list, stamp: 0, stamps };
  const file = list.file;
  const problems: string[] = [];
  for (const [k, { name, stamp }] of file.segments.entries()) {
    if (k > 0 && hooks.pause) await hooks.pause();
    try {
      load(await readSegmentFile(files, name, stamp));
      stamps.set(name, stamp);
    } catch (e) {
      problems.push((e as Error).message);
    }
    hooks.progress?.(k + 1, file.segments.length, 'cache');
  }
  const reason = problems.length ? `${problems.length} segment(s) indexed again: ${problems[0]}` : undefined;
  return { use: 'used', turns: file.turns, stamp: typeof file.stamp === 'number' ? file.stamp : 0, stamps, ...(reason ? { reason } : {}) };
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

/**
 * A segment's file: 4 bytes (little-endian) giving the length of a JSON header, the header, then numbers
 * as zigzag LEB128 varints: the packed index's document ids and field lengths, the passages in columns
 * (id, start, length, speaker number; their content keys are in the header, one string per source), each
 * term's size in bytes, and last the postings, term after term. The header is {@link SegmentFile} with
 * those arrays left out (their counts and the speakers beside it). Parsing millions of numbers as JSON,
 * and a JavaScript object per passage, was most of a warm start at 10x; the postings are not even read
 * at load: a query decodes a term's postings when it needs them (./frozen.ts).
 */
export function encodeSegmentFile(stamp: number, segment: SerializedSegment): Uint8Array {
  const index = segment.index;
  const speakers: string[] = [];
  const speakerNumbers = new Map<string, number>();
  const passages: number[] = [];
  for (const source of segment.sources) {
    for (const [id, start, end, , speaker] of source.passages) {
      let sp = -1;
      if (speaker !== null) {
        sp = speakerNumbers.get(speaker) ?? speakers.length;
        if (sp === speakers.length) {
          speakers.push(speaker);
          speakerNumbers.set(speaker, sp);
        }
      }
      passages.push(id, start, end - start, sp);
    }
  }
  // A frozen segment (loaded, or sealed while building) has its postings encoded already.
  const encoded = index as Partial<EncodedIndex>;
  const { bytes, termBytes } =
    encoded.postingsBytes instanceof Uint8Array && encoded.termBytes instanceof Int32Array
      ? { bytes: encoded.postingsBytes, termBytes: encoded.termBytes }
      : encodePostings(index.postings);
  const eager = [index.documentIds, index.fieldLength, passages, termBytes];
  const head = {
    stamp,
    segment: {
      ...segment,
      sources: segment.sources.map(({ passages: list, ...rest }) => ({
        ...rest,
        passages: [],
        count: list.length,
        keys: list.map((p) => p[3]).join('\n'),
      })),
      index: { ...index, documentIds: [], fieldLength: [], postings: [], termBytes: undefined, postingsBytes: undefined },
    },
    binary: eager.map((a) => a.length),
    postingsBytes: bytes.length,
    speakers,
  };
  const header = encodeUtf8(JSON.stringify(head));
  let size = bytes.length;
  for (const values of eager) for (let i = 0; i < values.length; i++) size += varintSize(zigzag(values[i]));
  const out = new Uint8Array(4 + header.length + size);
  new DataView(out.buffer).setUint32(0, header.length, true);
  out.set(header, 4);
  let at = 4 + header.length;
  for (const values of eager) at = writeVarints(values, out, at);
  out.set(bytes, at);
  if (at + bytes.length !== out.length) throw new Error('reflexive-qda search: a segment file did not add up');
  return out;
}

/**
 * Reads a file written by {@link encodeSegmentFile}; throws, naming `path`, when it is not one. The postings
 * come back encoded (`index.postingsBytes`, `index.termBytes`), the passages in columns (`passageColumns`).
 */
export function decodeSegmentFile(bytes: Uint8Array, path: string): { stamp: unknown; segment: unknown } {
  const damaged = (why: string): never => {
    throw new Error(`${path} is damaged: ${why}`);
  };
  if (bytes.length < 4) damaged('too short');
  const n = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true);
  if (4 + n > bytes.length) damaged('its header is cut short');
  const head = JSON.parse(decodeUtf8(bytes.subarray(4, 4 + n)).text) as {
    stamp?: unknown;
    segment?: { index?: unknown; passageColumns?: unknown };
    binary?: unknown;
    postingsBytes?: unknown;
    speakers?: unknown;
  };
  const counts = head?.binary;
  const index = head?.segment?.index as Record<string, unknown> | undefined;
  const postingsBytes = head?.postingsBytes;
  if (
    !Array.isArray(counts) ||
    counts.length !== 4 ||
    !counts.every((c) => Number.isInteger(c) && c >= 0) ||
    !index ||
    !Number.isInteger(postingsBytes) ||
    !Array.isArray(head.speakers)
  )
    return damaged('no packed index');
  const reader = new VarintReader(bytes, 4 + n, bytes.length, () => damaged('its numbers are cut short'));
  const arrays = (counts as number[]).map((count) => {
    const values = new Int32Array(count);
    for (let i = 0; i < values.length; i++) values[i] = reader.next();
    return values;
  });
  const at = reader.at;
  if (at + (postingsBytes as number) < bytes.length) damaged('it has bytes after its numbers');
  if (at + (postingsBytes as number) > bytes.length) damaged('its numbers are cut short');
  [index.documentIds, index.fieldLength] = arrays;
  index.termBytes = arrays[3];
  index.postingsBytes = bytes.subarray(at);
  head.segment!.passageColumns = { numbers: arrays[2], speakers: head.speakers };
  return { stamp: head.stamp, segment: head.segment };
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
