import MiniSearch, { type Options } from 'minisearch';
import type { MemoKind } from '../model';
import { FrozenIndex, type FrozenParts } from './frozen';
import { NO_CODINGS, withKeys } from './passages';
import { CompactPostings, PostingsLoader } from './postings';
import { Segment, type SegmentKind } from './segment';
import type { CodeRecord, IndexedDoc, IndexedCode, MemoLinkRef, MemoRecord, PassageRecord, SourceEntry } from './types';

/**
 * Version of the serialised index. Raise it whenever tokenising, folding,
 * fields or this layout change: an index saved by another version is rebuilt,
 * not trusted.
 */
export const SEARCH_INDEX_VERSION = 5;
const FORMAT = 'reflexive-qda/search-index';
const SEGMENT_FORMAT = 'reflexive-qda/search-segment';

/** A passage: [document id, start, end, content key, speaker]. */
type SerializedPassage = [number, number, number, string, string | null];

/**
 * One segment in JSON (a file of its own in qda/.cache/). Every document carries
 * the content key it was indexed from, so a loaded index can be checked against
 * the project and only the stale parts re-indexed. Transcript texts are not in
 * it: a warm start reads each transcript to check it anyway, and documents are
 * removed through their postings (Segment#remove), not their text.
 */
export interface SerializedSegment {
  format: typeof SEGMENT_FORMAT;
  version: number;
  name: string;
  kind: SegmentKind;
  nextId: number;
  sources: { path: string; key: string; chars: number; passages: SerializedPassage[] }[];
  /**
   * A segment read from its file (./cacheFile.ts) has its passages in columns instead: each source's
   * `passages` is then empty and `count` says how many of the columns' passages are its, in order.
   */
  passageColumns?: PassageColumns;
  memos: {
    id: number;
    path: string;
    key: string;
    body: string;
    memoId: string;
    kind: MemoKind;
    author: string | null;
    links: MemoLinkRef[];
  }[];
  codes: { id: number; key: string; code: IndexedCode }[];
  /** MiniSearch's index, in the compact form of {@link packIndex}. */
  index: PackedIndex;
}

/** A whole index in one JSON value (SearchIndex#toJSON): its segments in order. The cache keeps one file per segment. */
export interface SerializedSearchIndex {
  format: typeof FORMAT;
  version: number;
  segments: SerializedSegment[];
}

/**
 * MiniSearch's index as flat number arrays rather than its own JSON form
 * (objects keyed by document number, one per term and field), which is several
 * times larger to parse and to hold while loading.
 */
export interface PackedIndex {
  documentCount: number;
  nextId: number;
  fieldIds: Record<string, number>;
  averageFieldLength: number[];
  dirtCount: number;
  /** [short id, document id]… in MiniSearch's order. */
  documentIds: number[] | Int32Array;
  /** [short id, n, length of field 0 (-1: none), …, length of field n-1]… */
  fieldLength: number[] | Int32Array;
  /** Terms in the term tree's order. */
  terms: string[];
  /** Per term: field count, then per field: field id, posting count, then [short id delta, term frequency]… */
  postings: number[] | Int32Array;
}

/**
 * Passages in columns: per passage [document id, start, end - start, speaker number (-1: none)]. Their content
 * keys are kept per source, joined (SourceEntry#packedKeys), until the source is indexed again or saved.
 */
export interface PassageColumns {
  numbers: Int32Array;
  speakers: string[];
}

/** A packed index as read from a segment file: the postings still encoded (see ./frozen.ts). */
export type EncodedIndex = Omit<PackedIndex, 'postings'> & { termBytes: Int32Array; postingsBytes: Uint8Array };

type MsInternals = {
  _index: { set(term: string, data: Map<number, Map<number, number>>): void } & Iterable<[string, Map<number, Map<number, number>>]>;
  _documentIds: Map<number, number>;
  _idToShortId: Map<number, number>;
  _fieldLength: Map<number, number[]>;
  _storedFields: Map<number, unknown>;
  _documentCount: number;
  _nextId: number;
  _fieldIds: Record<string, number>;
  _avgFieldLength: number[];
  _dirtCount: number;
};

export function packIndex(ms: MiniSearch<IndexedDoc>): PackedIndex {
  const ix = ms as unknown as MsInternals;
  const documentIds: number[] = [];
  for (const [short, id] of ix._documentIds) documentIds.push(short, id);
  const fieldLength: number[] = [];
  for (const [short, lengths] of ix._fieldLength) {
    fieldLength.push(short, lengths.length);
    for (let f = 0; f < lengths.length; f++) fieldLength.push(lengths[f] ?? -1);
  }
  const terms: string[] = [];
  const postings: number[] = [];
  for (const [term, fields] of ix._index as Iterable<[string, Map<number, Map<number, number> | CompactPostings>]>) {
    terms.push(term);
    postings.push(fields.size);
    for (const [fieldId, docs] of fields) {
      postings.push(fieldId, docs.size);
      let prev = 0;
      if (docs instanceof CompactPostings && docs.clean) {
        // Straight from the typed arrays: the generic iterator was a tenth of a large build.
        const { docs: ids, tfs, to } = docs;
        for (let i = docs.from; i < to; i++) {
          postings.push(ids[i] - prev, tfs[i]);
          prev = ids[i];
        }
        continue;
      }
      for (const [doc, tf] of docs) {
        postings.push(doc - prev, tf);
        prev = doc;
      }
    }
  }
  return {
    documentCount: ix._documentCount,
    nextId: ix._nextId,
    fieldIds: ix._fieldIds,
    averageFieldLength: ix._avgFieldLength,
    dirtCount: ix._dirtCount,
    documentIds,
    fieldLength,
    terms,
    postings,
  };
}

export function unpackIndex(p: PackedIndex, options: Options<IndexedDoc>): MiniSearch<IndexedDoc> {
  const numbers = (x: unknown) => Array.isArray(x) || x instanceof Int32Array;
  if (!numbers(p.documentIds) || !numbers(p.fieldLength) || !Array.isArray(p.terms) || !numbers(p.postings))
    fail('damaged index: the full-text index is incomplete');
  const ms = MiniSearch.loadJS(
    {
      documentCount: p.documentCount,
      nextId: p.nextId,
      documentIds: {},
      fieldIds: p.fieldIds,
      fieldLength: {},
      averageFieldLength: p.averageFieldLength,
      storedFields: {},
      dirtCount: p.dirtCount,
      index: [],
      serializationVersion: 2,
    },
    options,
  );
  const ix = ms as unknown as MsInternals;
  const ids = p.documentIds;
  for (let i = 0; i + 1 < ids.length; i += 2) {
    ix._documentIds.set(ids[i], ids[i + 1]);
    ix._idToShortId.set(ids[i + 1], ids[i]);
  }
  const fl = p.fieldLength;
  for (let i = 0; i < fl.length;) {
    const short = fl[i];
    const n = fl[i + 1];
    const lengths: number[] = new Array<number>(n);
    for (let f = 0; f < n; f++) {
      const v = fl[i + 2 + f];
      if (v !== -1) lengths[f] = v;
    }
    ix._fieldLength.set(short, lengths);
    i += 2 + n;
  }
  const post = p.postings;
  // Two passes: the first sizes the typed arrays the postings go into (see ./postings.ts).
  let at = 0;
  let count = 0;
  let maxTf = 0;
  for (let t = 0; t < p.terms.length && at < post.length; t++) {
    const nf = post[at++];
    for (let f = 0; f < nf && at < post.length; f++) {
      const n = post[at + 1];
      at += 2;
      count += n;
      for (let k = 1; k < 2 * n; k += 2) if (post[at + k] > maxTf) maxTf = post[at + k];
      at += 2 * n;
    }
  }
  if (at !== post.length) fail('damaged index: the full-text index does not add up');
  const loader = new PostingsLoader(ms, count, maxTf);
  at = 0;
  for (const term of p.terms) {
    const fields = new Map<number, CompactPostings>();
    const nf = post[at++];
    for (let f = 0; f < nf; f++) {
      const fieldId = post[at++];
      const n = post[at++];
      fields.set(fieldId, loader.add(post, at, n));
      at += 2 * n;
    }
    ix._index.set(term, fields as unknown as Map<number, Map<number, number>>);
  }
  if (at !== post.length || ix._documentIds.size !== p.documentCount) fail('damaged index: the full-text index does not add up');
  return ms;
}

/** A segment as JSON. */
export function serialiseSegment(seg: Segment, index: PackedIndex | EncodedIndex = packIndex(seg.ms)): SerializedSegment {
  const out: SerializedSegment = {
    format: SEGMENT_FORMAT,
    version: SEARCH_INDEX_VERSION,
    name: seg.name,
    kind: seg.kind,
    nextId: seg.nextId,
    sources: [...seg.sources.values()].map((e) => ({
      path: e.path,
      key: e.key,
      chars: e.chars,
      passages: withKeys(e).map((p): SerializedPassage => [p.id, p.start, p.end, p.key, p.speaker ?? null]),
    })),
    memos: [],
    codes: [],
    index: index as PackedIndex,
  };
  for (const rec of seg.records.values()) {
    if (rec.kind === 'memo')
      out.memos.push({
        id: rec.id,
        path: rec.path,
        key: rec.key,
        body: rec.body,
        memoId: rec.memoId,
        kind: rec.memoKind,
        author: rec.author ?? null,
        links: rec.links,
      });
    else if (rec.kind === 'code') out.codes.push({ id: rec.id, key: rec.key, code: rec.code });
  }
  return out;
}

/**
 * Checks the envelope of a whole index's JSON (text, or parsed) and returns its segments; throws (with the
 * prefix) when it is damaged or from another version.
 */
export function segmentsOf(json: unknown): unknown[] {
  if (typeof json === 'string') {
    try {
      json = JSON.parse(json);
    } catch (e) {
      throw new Error(`reflexive-qda search: damaged index: ${(e as Error).message}`, { cause: e });
    }
  }
  const j = json as Partial<SerializedSearchIndex> | null;
  if (!j || typeof j !== 'object' || j.format !== FORMAT) fail('not a search index');
  if (j.version !== SEARCH_INDEX_VERSION) fail(`index version ${String(j.version)}, expected ${SEARCH_INDEX_VERSION}; rebuild it`);
  if (!Array.isArray(j.segments)) fail('damaged index: the segments are missing');
  return j.segments;
}

/** The envelope of a whole index. */
export function serialiseIndex(segments: readonly Segment[], index: (seg: Segment) => PackedIndex | EncodedIndex): SerializedSearchIndex {
  return { format: FORMAT, version: SEARCH_INDEX_VERSION, segments: segments.map((s) => serialiseSegment(s, index(s))) };
}

function fail(message: string): never {
  throw new Error(`reflexive-qda search: ${message}`);
}

const KINDS: readonly SegmentKind[] = ['codes', 'memos', 'sources'];

/**
 * Rebuilds a segment from {@link serialiseSegment}'s output; throws (with the prefix) on another version or damaged data.
 * Its sources come back without their text, which the caller attaches (SearchIndex#updateSource with the same text).
 */
export function deserialiseSegment(json: unknown, options: Options<IndexedDoc>): Segment {
  const j = json as Partial<SerializedSegment> | null;
  if (!j || typeof j !== 'object' || j.format !== SEGMENT_FORMAT) fail('not a search index segment');
  if (j.version !== SEARCH_INDEX_VERSION) fail(`index version ${String(j.version)}, expected ${SEARCH_INDEX_VERSION}; rebuild it`);
  if (
    typeof j.name !== 'string' ||
    !KINDS.includes(j.kind!) ||
    !Array.isArray(j.sources) ||
    !Array.isArray(j.memos) ||
    !Array.isArray(j.codes) ||
    !j.index ||
    typeof j.nextId !== 'number'
  ) {
    fail('damaged index: a section is missing');
  }
  const seg = new Segment(j.name, j.kind!);
  const encoded = j.index as unknown as Partial<EncodedIndex>;
  let documentCount: number;
  if (encoded.postingsBytes instanceof Uint8Array) {
    const frozen = new FrozenIndex(frozenParts(encoded), options);
    seg.freeze(frozen, (f) => unpackIndex({ ...f.parts, postings: f.postingNumbers() }, options));
    documentCount = frozen.documentCount;
  } else {
    seg.ms = unpackIndex(j.index, options);
    documentCount = seg.ms.documentCount;
  }
  seg.nextId = j.nextId;
  const columns = j.passageColumns;
  let at = 0;
  for (const e of j.sources) {
    const entry: SourceEntry = { path: e.path, key: e.key, chars: e.chars, passages: [] };
    const add = (id: number, start: number, end: number, key: string, speaker: string | null | undefined) => {
      const p: PassageRecord = { kind: 'passage', id, source: entry, start, end, key, codings: NO_CODINGS };
      if (speaker != null) p.speaker = speaker;
      entry.passages.push(p);
      seg.records.set(id, p);
    };
    if (columns) {
      const { count, keys } = e as unknown as { count?: unknown; keys?: unknown };
      if (!Number.isInteger(count) || 4 * (at + (count as number)) > columns.numbers.length || typeof keys !== 'string')
        fail('damaged index: the passages do not add up');
      const { numbers, speakers } = columns;
      for (let k = 0; k < (count as number); k++, at++) {
        const i = 4 * at;
        const speaker = numbers[i + 3];
        add(numbers[i], numbers[i + 1], numbers[i + 1] + numbers[i + 2], '', speaker < 0 ? null : speakers[speaker]);
      }
      if ((count as number) > 0) entry.packedKeys = keys;
    } else for (const [id, start, end, key, speaker] of e.passages) add(id, start, end, key, speaker);
    seg.sources.set(e.path, entry);
    seg.chars += e.chars;
  }
  if (columns && 4 * at !== columns.numbers.length) fail('damaged index: the passages do not add up');
  for (const m of j.memos) {
    const rec: MemoRecord = {
      kind: 'memo',
      id: m.id,
      path: m.path,
      key: m.key,
      body: m.body,
      memoId: m.memoId,
      memoKind: m.kind,
      links: m.links,
    };
    if (m.author !== null) rec.author = m.author;
    seg.records.set(m.id, rec);
  }
  for (const c of j.codes) seg.records.set(c.id, { kind: 'code', id: c.id, key: c.key, code: c.code } satisfies CodeRecord);
  if (seg.records.size !== documentCount)
    fail(`damaged index: ${seg.records.size} documents listed, ${documentCount} indexed in segment ${j.name}`);
  seg.dirty = false;
  return seg;
}

/** The parts of a frozen index, checked for type (./frozen.ts checks that they add up). */
function frozenParts(p: Partial<EncodedIndex>): FrozenParts {
  const ints = (x: unknown): x is Int32Array => x instanceof Int32Array;
  if (
    !ints(p.documentIds) ||
    !ints(p.fieldLength) ||
    !ints(p.termBytes) ||
    !Array.isArray(p.terms) ||
    !p.terms.every((t) => typeof t === 'string') ||
    typeof p.documentCount !== 'number' ||
    typeof p.nextId !== 'number' ||
    !p.fieldIds ||
    typeof p.fieldIds !== 'object' ||
    !Array.isArray(p.averageFieldLength)
  ) {
    fail('damaged index: the full-text index is incomplete');
  }
  return {
    documentCount: p.documentCount,
    nextId: p.nextId,
    fieldIds: p.fieldIds,
    averageFieldLength: p.averageFieldLength,
    dirtCount: typeof p.dirtCount === 'number' ? p.dirtCount : 0,
    documentIds: p.documentIds,
    fieldLength: p.fieldLength,
    terms: p.terms,
    termBytes: p.termBytes,
    postings: p.postingsBytes!,
  };
}
