import MiniSearch, { type Options } from 'minisearch';
import type { MemoKind, Participants } from '../model';
import { PostingsLoader, type CompactPostings } from './postings';
import type {
  CodeRecord,
  DocRecord,
  IndexedDoc,
  IndexedCode,
  IndexedCoding,
  MemoLinkRef,
  MemoRecord,
  PassageRecord,
  SourceEntry,
} from './types';

/**
 * Version of the serialised index. Raise it whenever tokenising, folding,
 * fields or this layout change: an index saved by another version is rebuilt,
 * not trusted.
 */
export const SEARCH_INDEX_VERSION = 2;
const FORMAT = 'reflexive-qda/search-index';

/** Everything an index holds; what is derived from it (coding overlaps, participant lookup) is not kept. */
export interface IndexState {
  ms: MiniSearch<IndexedDoc>;
  nextId: number;
  sources: Map<string, SourceEntry>;
  codings: Map<string, { key: string; codings: IndexedCoding[] }>;
  memos: Map<string, MemoRecord>;
  codes: Map<string, CodeRecord>;
  records: Map<number, DocRecord>;
  participants: Participants | undefined;
}

/** A passage: [document id, start, end, content key, speaker]. */
type SerializedPassage = [number, number, number, string, string | null];
/** A coding: [id, code, start, end, coder]. */
type SerializedCoding = [string, string, number, number, string | null];

/**
 * The JSON form of a search index (for qda/.cache/). Every document carries the
 * content key it was indexed from, so a loaded index can be checked against the
 * project and only the stale parts re-indexed.
 */
export interface SerializedSearchIndex {
  format: typeof FORMAT;
  version: number;
  nextId: number;
  sources: { path: string; key: string; text: string; passages: SerializedPassage[] }[];
  codings: { path: string; key: string; codings: SerializedCoding[] }[];
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
  participants: Participants | null;
  /** MiniSearch's index, in the compact form of {@link packIndex}. */
  index: PackedIndex;
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
  documentIds: number[];
  /** [short id, n, length of field 0 (-1: none), …, length of field n-1]… */
  fieldLength: number[];
  /** Terms in the term tree's order. */
  terms: string[];
  /** Per term: field count, then per field: field id, posting count, then [short id delta, term frequency]… */
  postings: number[];
}

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
  for (const [term, fields] of ix._index) {
    terms.push(term);
    postings.push(fields.size);
    for (const [fieldId, docs] of fields) {
      postings.push(fieldId, docs.size);
      let prev = 0;
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
  if (!Array.isArray(p.documentIds) || !Array.isArray(p.fieldLength) || !Array.isArray(p.terms) || !Array.isArray(p.postings))
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

export function emptyState(ms: MiniSearch<IndexedDoc>): IndexState {
  return {
    ms,
    nextId: 1,
    sources: new Map(),
    codings: new Map(),
    memos: new Map(),
    codes: new Map(),
    records: new Map(),
    participants: undefined,
  };
}

export function serialise(s: IndexState): SerializedSearchIndex {
  return {
    format: FORMAT,
    version: SEARCH_INDEX_VERSION,
    nextId: s.nextId,
    sources: [...s.sources.values()].map((e) => ({
      path: e.path,
      key: e.key,
      text: e.text,
      passages: e.passages.map((p): SerializedPassage => [p.id, p.start, p.end, p.key, p.speaker ?? null]),
    })),
    codings: [...s.codings].map(([path, c]) => ({
      path,
      key: c.key,
      codings: c.codings.map((x): SerializedCoding => [x.id, x.code, x.start, x.end, x.coder ?? null]),
    })),
    memos: [...s.memos.values()].map((m) => ({
      id: m.id,
      path: m.path,
      key: m.key,
      body: m.body,
      memoId: m.memoId,
      kind: m.memoKind,
      author: m.author ?? null,
      links: m.links,
    })),
    codes: [...s.codes.values()].map((c) => ({ id: c.id, key: c.key, code: c.code })),
    participants: s.participants ?? null,
    index: packIndex(s.ms),
  };
}

function fail(message: string): never {
  throw new Error(`reflexive-qda search: ${message}`);
}

/** Rebuilds the state from {@link serialise}'s output; throws (with the prefix) on another version or damaged data. */
export function deserialise(json: unknown, options: Options<IndexedDoc>): IndexState {
  const j = json as Partial<SerializedSearchIndex> | null;
  if (!j || typeof j !== 'object' || j.format !== FORMAT) fail('not a search index');
  if (j.version !== SEARCH_INDEX_VERSION) fail(`index version ${String(j.version)}, expected ${SEARCH_INDEX_VERSION}; rebuild it`);
  if (
    !Array.isArray(j.sources) ||
    !Array.isArray(j.codings) ||
    !Array.isArray(j.memos) ||
    !Array.isArray(j.codes) ||
    !j.index ||
    typeof j.nextId !== 'number'
  ) {
    fail('damaged index: a section is missing');
  }
  const s = emptyState(unpackIndex(j.index, options));
  s.nextId = j.nextId;
  s.participants = j.participants ?? undefined;
  for (const e of j.sources) {
    const entry: SourceEntry = { path: e.path, key: e.key, text: e.text, passages: [] };
    for (const [id, start, end, key, speaker] of e.passages) {
      const p: PassageRecord = { kind: 'passage', id, source: entry, start, end, key, codings: [] };
      if (speaker !== null) p.speaker = speaker;
      entry.passages.push(p);
      s.records.set(id, p);
    }
    s.sources.set(e.path, entry);
  }
  for (const c of j.codings) {
    const codings = c.codings.map(([id, code, start, end, coder]) => {
      const x: IndexedCoding = { id, code, start, end };
      if (coder !== null) x.coder = coder;
      return x;
    });
    s.codings.set(c.path, { key: c.key, codings });
  }
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
    s.memos.set(m.path, rec);
    s.records.set(m.id, rec);
  }
  for (const c of j.codes) {
    const rec: CodeRecord = { kind: 'code', id: c.id, key: c.key, code: c.code };
    s.codes.set(c.code.id, rec);
    s.records.set(c.id, rec);
  }
  if (s.records.size !== s.ms.documentCount) fail(`damaged index: ${s.records.size} documents listed, ${s.ms.documentCount} indexed`);
  return s;
}
