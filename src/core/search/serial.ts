import MiniSearch, { type AsPlainObject, type Options } from 'minisearch';
import type { MemoKind, Participants } from '../model';
import type { CodeRecord, DocRecord, IndexedDoc, IndexedCode, IndexedCoding, MemoLinkRef, MemoRecord, PassageRecord, SourceEntry } from './types';

/**
 * Version of the serialised index. Raise it whenever tokenising, folding,
 * fields or this layout change: an index saved by another version is rebuilt,
 * not trusted.
 */
export const SEARCH_INDEX_VERSION = 1;
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
  memos: { id: number; path: string; key: string; body: string; memoId: string; kind: MemoKind; author: string | null; links: MemoLinkRef[] }[];
  codes: { id: number; key: string; code: IndexedCode }[];
  participants: Participants | null;
  /** MiniSearch's own JSON form. */
  index: AsPlainObject;
}

export function emptyState(ms: MiniSearch<IndexedDoc>): IndexState {
  return { ms, nextId: 1, sources: new Map(), codings: new Map(), memos: new Map(), codes: new Map(), records: new Map(), participants: undefined };
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
    index: s.ms.toJSON(),
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
  if (!Array.isArray(j.sources) || !Array.isArray(j.codings) || !Array.isArray(j.memos) || !Array.isArray(j.codes) || !j.index || typeof j.nextId !== 'number') {
    fail('damaged index: a section is missing');
  }
  const s = emptyState(MiniSearch.loadJS(j.index, options));
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
    const rec: MemoRecord = { kind: 'memo', id: m.id, path: m.path, key: m.key, body: m.body, memoId: m.memoId, memoKind: m.kind, links: m.links };
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
