/**
 * Search across transcripts, codings, memos and codes.
 *
 * Documents are transcript passages (one per turn, or per paragraph when a
 * source has no turns), memos (their body) and codes (name, definition,
 * include, exclude). Matching ignores case and accents ("zoe" finds "Zoë").
 *
 * Query syntax (also in docs/search.md):
 *
 * | Query                     | Finds                                                        |
 * |---------------------------|--------------------------------------------------------------|
 * | `rent money`              | documents with both words; prefix from 3 letters (`secur`),  |
 * |                           | one typo from 4 letters, two from 8 (`secruity`)             |
 * | `"money day"`             | the exact words in that order (no prefix, no typos)          |
 * | `code:security`           | passages overlapping a coding of the code (id or name), the  |
 * |                           | code itself, memos linking it                                |
 * | `coder:mf`                | passages with a coding by mf; with `code:`, codings by mf    |
 * | `source:p01`              | passages whose source path contains p01, or whose            |
 * |                           | participant is p01; memos linking such a source              |
 * | `region:wales`            | participant attribute (via participants[].sources);          |
 * |                           | quote names or values with spaces: `"age band":30-49`        |
 * | `kind:passage`            | only passages (or `memo`, `code`)                            |
 * | `memo:reflexive`          | memos of that kind; `author:mf` memos by mf                  |
 * | `speaker:participant`     | passages spoken by that speaker                              |
 * | `a:x\|y`                  | either value; repeating a key (`code:a code:b`) means both    |
 * | `-word -"phrase" -code:x` | negation                                                     |
 *
 * A positive filter that does not apply to a kind of document excludes that
 * kind (`coder:mf` finds no memos); a negated one keeps it. Bad queries are
 * reported as problems with a column, never thrown.
 *
 * @example
 * const index = SearchIndex.build({ sources, codingsBySource, codes, memos, participants });
 * const { hits, problems } = index.search('rent code:security region:wales');
 * cache = JSON.stringify(index);           // later: SearchIndex.fromJSON(cache).sync(project)
 */
export * from './cache';
export * from './position';
export { DEFAULT_SEARCH_LIMIT, SearchIndex } from './searchIndex';
export { SEARCH_INDEX_VERSION, type SerializedSearchIndex } from './serial';
export { SEGMENT_CHARS, SEGMENT_SOURCES, type SegmentLimits } from './segment';
export { parseQuery, type ParsedQuery, type ParseResult, type QueryFilter, type QueryProblem, type QueryText } from './query';
export { FILTER_KEYS } from './filters';
export { foldTerm, tokenize } from './fold';
export type {
  CacheUse,
  CodeField,
  HitKind,
  OpenReport,
  ProjectSearchOptions,
  SearchableSource,
  SearchHit,
  SearchInput,
  SearchOptions,
  SearchResponse,
  SearchTurn,
  SearchUpdate,
  Snippet,
  UpdateReport,
} from './types';
export * from './snippetLine';
