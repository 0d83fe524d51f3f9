import type { Code, Coding, Memo, MemoKind, Participants } from '../model';
import type { QueryProblem } from './query';

/** A turn (or paragraph) of a source: code point offsets, end exclusive. */
export interface SearchTurn {
  start: number;
  end: number;
  speaker?: string;
}

/**
 * A transcript as search needs it. With no turns, the text is split into
 * paragraphs at blank lines.
 */
export interface SearchableSource {
  /** Workspace-relative path. */
  path: string;
  text: string;
  turns: SearchTurn[];
}

/** Everything the index covers, as plain data. */
export interface SearchInput {
  sources: SearchableSource[];
  /** Source path -> its codings (with offsets as currently located). */
  codingsBySource: Map<string, Coding[]>;
  codes: Code[];
  memos: Memo[];
  participants?: Participants;
}

export type HitKind = 'passage' | 'memo' | 'code';

/** Indexed code fields, each searchable. */
export type CodeField = 'name' | 'definition' | 'include' | 'exclude';

/**
 * A stretch of the hit's text with the matches marked. `marks` are `[start, end)`
 * code point offsets into `text`; `start` is where `text` begins, in the same
 * coordinates as the hit's `start`/`end`. Nothing is added to the text (no
 * ellipses), so `start` + a mark is a real offset.
 */
export interface Snippet {
  text: string;
  start: number;
  marks: [number, number][];
}

/**
 * One search result. `start`/`end` are code points: for a passage, the turn in
 * its source; for a memo, the whole body (after the front matter); for a code,
 * the whole `field` that matched.
 */
export interface SearchHit {
  kind: HitKind;
  /** Passage hits: the source path. */
  source?: string;
  /** Memo hits: the memo's path (`qda/memos/...`). */
  memo?: string;
  /** Code hits: the code id. */
  code?: string;
  /** Code hits: the field the snippet is taken from. */
  field?: CodeField;
  start: number;
  end: number;
  snippet: Snippet;
  /** Passage hits: the turn's speaker, when known. */
  speaker?: string;
  /** Passage: ids of codes whose codings overlap it; memo: codes it links; code: []. Sorted. */
  codes: string[];
  /** Relevance (BM25 with boosts); 0 when the query has no text, only filters. */
  score: number;
}

export interface SearchOptions {
  /** Most hits to return; default 50. */
  limit?: number;
}

export interface SearchResponse {
  /** Best first; for a query with only filters, codes, then passages in source order, then memos. */
  hits: SearchHit[];
  /** Number of matches before `limit`. */
  total: number;
  /** When non-empty the query was not run and `hits` is empty. */
  problems: QueryProblem[];
}

/** What an update changed: documents added to and removed from the full-text index. */
export interface UpdateReport {
  added: number;
  removed: number;
  /** False when the content keys matched and nothing was touched. */
  changed: boolean;
}

// ---- internal records (not exported from src/core/search/index.ts) ----

export interface IndexedCoding {
  id: string;
  code: string;
  start: number;
  end: number;
  coder?: string;
}

export interface SourceEntry {
  path: string;
  /** The text indexed; absent in a source loaded from the cache until the project's text is attached (updateSource). */
  text?: string;
  /** Its length in UTF-16 units, kept when the text is not (to know when a segment is full). */
  chars: number;
  key: string;
  passages: PassageRecord[];
  /** Loaded from the cache: the passages' content keys, joined by line breaks, until first needed (see withKeys in ./passages.ts). */
  packedKeys?: string;
}

export interface PassageRecord {
  kind: 'passage';
  id: number;
  source: SourceEntry;
  start: number;
  end: number;
  speaker?: string;
  /** Content key of the indexed text. */
  key: string;
  /** Codings overlapping the passage, derived (never serialised). */
  codings: IndexedCoding[];
  /** The folded text, cached by the first phrase query that needs it (only for non-ASCII text); never serialised. */
  folded?: string;
  /** Whether the text is ASCII, cached like `folded`. */
  ascii?: boolean;
}

export interface MemoLinkRef {
  code?: string;
  source?: string;
}

export interface MemoRecord {
  kind: 'memo';
  id: number;
  path: string;
  key: string;
  body: string;
  memoId: string;
  memoKind: MemoKind;
  author?: string;
  links: MemoLinkRef[];
  /** The body folded (non-ASCII text only) and whether it is ASCII, cached by the first phrase query to read it; never serialised. */
  folded?: string;
  ascii?: boolean;
}

export interface IndexedCode {
  id: string;
  name: string;
  definition?: string;
  include?: string;
  exclude?: string;
}

export interface CodeRecord {
  kind: 'code';
  id: number;
  key: string;
  code: IndexedCode;
}

export type DocRecord = PassageRecord | MemoRecord | CodeRecord;

/** A document as MiniSearch sees it; only the fields its kind has are set. */
export interface IndexedDoc {
  id: number;
  text?: string;
  name?: string;
  definition?: string;
  include?: string;
  exclude?: string;
}

/** How the index was obtained: from the cache, or built because the cache was missing, from another version, damaged or not wanted. */
export type CacheUse = 'used' | 'missing' | 'stale' | 'damaged' | 'off';

export interface OpenReport {
  cache: CacheUse;
  /** Why the cache was not used (for logs). */
  reason?: string;
  /** Documents indexed and removed while loading: 0 and 0 for a warm start with nothing changed. */
  added: number;
  removed: number;
  /** Sources whose text was parsed for turns (not found in the cache under their current text). */
  parsed: number;
  documents: number;
  ms: number;
}

export interface ProjectSearchOptions {
  /** Read the cache (default true); false builds from scratch. */
  useCache?: boolean;
  /** Subscribe to the project's changes before loading, so that none is missed while it loads. */
  listen?: boolean;
  /**
   * Awaited between batches of sources while loading, e.g. `() => new Promise((r) => setImmediate(r))`,
   * so that a long build leaves the event loop free for other work.
   */
  pause?: () => Promise<void>;
  /** Sources per batch (default 4). */
  batchSize?: number;
  /** Called as the load goes: `done` of `total` segments of the cache read, then sources checked (or indexed). */
  progress?: (done: number, total: number, step: 'cache' | 'sources') => void;
  /** Characters of transcript text to hold (default {@link TEXT_BUDGET_CHARS}); the rest is read when a query needs it. */
  textBudget?: number;
}

/** What an applied change did, and the project files it came from. */
export interface SearchUpdate extends UpdateReport {
  paths: string[];
}
