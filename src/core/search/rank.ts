import type { Participant, Participants } from '../model';
import { compileFilters, type FilterContext } from './filters';
import { foldPlain, foldTerm, isAscii } from './fold';
import { CODE_FIELDS, toHit } from './hits';
import { BOOST } from './options';
import { exactTerm, planText, type Phrase } from './plan';
import { parseQuery, type QueryProblem } from './query';
import type { Scorer } from './scorer';
import type { Segment } from './segment';
import type { MarkSpec } from './snippet';
import type { CodeRecord, DocRecord, IndexedCoding, MemoRecord, PassageRecord, SearchResponse, SourceEntry } from './types';

/*
 * Running a query over a SearchIndex's state, in two steps: rank (which
 * documents, in which order) and respond (the hits, with snippets). Passage
 * texts are needed only where a phrase is checked and for the hits' snippets,
 * so an index whose sources are held without their texts can be searched by
 * reading just those texts in between (see ProjectSearch#search).
 */

/** What a query runs on: a SearchIndex's state, read only. */
export interface IndexView {
  scorer: Scorer;
  segments: Segment[];
  codes: ReadonlyMap<string, CodeRecord>;
  sources: ReadonlyMap<string, SourceEntry>;
  memos: ReadonlyMap<string, MemoRecord>;
  codings: ReadonlyMap<string, { codings: IndexedCoding[] }>;
  participants: Participants | undefined;
  participantBySource: ReadonlyMap<string, Participant>;
  /** Code id -> the code it was merged into. */
  mergedInto: ReadonlyMap<string, string>;
  passageText(p: PassageRecord): string;
}

/** The documents a query found, best first, before their hits are made. */
export interface Ranked {
  records: { rec: DocRecord; score: number }[];
  total: number;
  problems: QueryProblem[];
  marks: MarkSpec;
}

/** Ranks the documents `query` finds, keeping the best `limit` (all with Infinity). Never throws on user input. */
export function rank(view: IndexView, query: string, limit: number): Ranked {
  const none = (problems: QueryProblem[]): Ranked => ({ records: [], total: 0, problems, marks: { words: [], phrases: [] } });
  const parsed = parseQuery(query);
  if (parsed.problems.length > 0) return none(parsed.problems);
  const { words, phrases, filters } = parsed.query;
  const compiled = compileFilters(filters, filterContext(view));
  const { terms, excludedTerms, phrases: phraseList, problems } = planText(words, phrases);
  problems.unshift(...compiled.problems);
  if (problems.length > 0) return none(problems);

  const { scorer, segments } = view;
  const byShort = segments.map((s) => s.scoring().byShort);
  const wanted = phraseList.filter((p) => !p.negated);
  // What a negation excludes, as a mask of short ids per segment: one look-up per candidate.
  let excluded: Uint8Array[] | undefined;
  for (const t of excludedTerms) excluded = scorer.termMasks(t, excluded);
  for (const p of phraseList.filter((x) => x.negated)) {
    const masks = (excluded ??= segments.map((s) => new Uint8Array(s.scoring().nextId)));
    const collect = (segment: number, short: number) => {
      if (hasPhrase(view, byShort[segment][short]!, p)) masks[segment][short] = 1;
      return false;
    };
    scorer.top(p.terms.map(exactTerm), BOOST, collect, 0);
  }
  const unfiltered = filters.length === 0 && excluded === undefined && wanted.length === 0;
  const accept =
    wanted.length === 0 ? compiled.accept : (rec: DocRecord) => compiled.accept(rec) && wanted.every((p) => hasPhrase(view, rec, p));
  const acceptShort = (segment: number, short: number) =>
    (excluded === undefined || excluded[segment][short] === 0) && accept(byShort[segment][short]!);

  const marks: MarkSpec = { words: terms, phrases: wanted.map((p) => p.folded) };
  if (terms.length === 0 && wanted.length === 0) {
    // Filters (or negations) alone: list what passes in a stable order.
    if (filters.length === 0 && excludedTerms.length + phraseList.length === 0) return none([]);
    const isExcluded = excludedRecords(view, byShort, excluded);
    const all = inDocumentOrder(view, excluded ? (rec) => !isExcluded(rec) && accept(rec) : accept);
    return { records: all.slice(0, limit).map((rec) => ({ rec, score: 0 })), total: all.length, problems: [], marks };
  }
  // Phrase words narrow the candidates exactly; the phrase check in accept() does the rest.
  const all = [...terms, ...wanted.flatMap((p) => p.terms.map(exactTerm))];
  const { total, top } = scorer.top(all, BOOST, unfiltered ? undefined : acceptShort, limit);
  return { records: top.map((r) => ({ rec: byShort[r.segment][r.short]!, score: r.score })), total, problems: [], marks };
}

/** The hits of ranked documents, snippets made from their texts. */
export function respond(view: IndexView, ranked: Ranked): SearchResponse {
  if (ranked.problems.length > 0) return { hits: [], total: 0, problems: ranked.problems };
  const hits = ranked.records.map(({ rec, score }) => toHit(rec, (p) => view.passageText(p), score, ranked.marks));
  return { hits, total: ranked.total, problems: [] };
}

/**
 * The sources whose passages the phrase checks of `query` will read: those
 * holding all the words of one of its phrases. Empty for a query without
 * phrases, and when every source's text is held.
 */
export function phraseSources(view: IndexView, query: string): SourceEntry[] {
  // Every text held (the usual case once read): no need to find the phrases' candidates twice.
  if (![...view.sources.values()].some((s) => s.text === undefined)) return [];
  const parsed = parseQuery(query);
  if (parsed.problems.length > 0) return [];
  const { phrases } = planText(parsed.query.words, parsed.query.phrases);
  const out = new Set<SourceEntry>();
  for (const p of phrases) {
    const byShort = view.segments.map((s) => s.scoring().byShort);
    const collect = (segment: number, short: number) => {
      const rec = byShort[segment][short];
      if (rec?.kind === 'passage') out.add(rec.source);
      return false;
    };
    view.scorer.top(p.terms.map(exactTerm), BOOST, collect, 0);
  }
  return [...out];
}

function hasPhrase(view: IndexView, rec: DocRecord, p: Phrase): boolean {
  const test = (text: string) => (isAscii(text) ? p.test.ascii(text) : p.test.folded(foldPlain(text)));
  if (rec.kind === 'memo') {
    // Every memo with the phrase's words is checked on every such query: fold each body once.
    if (rec.ascii === undefined) {
      rec.ascii = isAscii(rec.body);
      if (!rec.ascii) rec.folded = foldPlain(rec.body);
    }
    return rec.ascii ? p.test.ascii(rec.body) : p.test.folded(rec.folded!);
  }
  if (rec.kind === 'code') return CODE_FIELDS.some((f) => rec.code[f] !== undefined && test(rec.code[f]!));
  // Passages are checked by the thousand for a common phrase: keep what folding costs.
  if (rec.ascii === undefined) {
    const text = view.passageText(rec);
    rec.ascii = isAscii(text);
    if (!rec.ascii) rec.folded = foldPlain(text);
  }
  return rec.ascii ? p.test.ascii(view.passageText(rec)) : p.test.folded(rec.folded!);
}

/** Whether a record is in the masks of a negation (a filter-only query lists records, not short ids). */
function excludedRecords(
  view: IndexView,
  byShort: readonly (readonly (DocRecord | undefined)[])[],
  masks: Uint8Array[] | undefined,
): (rec: DocRecord) => boolean {
  if (!masks) return () => false;
  const set = new Set<DocRecord>();
  masks.forEach((mask, segment) => {
    for (let short = 0; short < mask.length; short++) if (mask[short]) set.add(byShort[segment][short]!);
  });
  return (rec) => set.has(rec);
}

/** Documents that `accept` takes: codes by id, passages by source path and position, memos by path. */
function inDocumentOrder(view: IndexView, accept: (rec: DocRecord) => boolean): DocRecord[] {
  const out: DocRecord[] = [];
  const sorted = <T>(m: ReadonlyMap<string, T>) => [...m.keys()].sort().map((k) => m.get(k)!);
  for (const c of sorted(view.codes)) if (accept(c)) out.push(c);
  for (const s of sorted(view.sources)) for (const p of s.passages) if (accept(p)) out.push(p);
  for (const m of sorted(view.memos)) if (accept(m)) out.push(m);
  return out;
}

function filterContext(view: IndexView): FilterContext {
  const attributes = new Map<string, string>();
  for (const name of Object.keys(view.participants?.attributes ?? {})) attributes.set(foldTerm(name), name);
  for (const p of view.participants?.participants ?? []) {
    for (const name of Object.keys(p.attributes ?? {})) if (!attributes.has(foldTerm(name))) attributes.set(foldTerm(name), name);
  }
  return {
    attributes,
    participantOf: (path) => view.participantBySource.get(path),
    resolveCode: (value) => codesNamed(view, value),
    withMergedIn: (ids) => withMergedIn(view.mergedInto, ids),
  };
}

function codesNamed(view: IndexView, value: string): string[] {
  if (view.codes.has(value)) return [value];
  const folded = foldTerm(value);
  const byName = [...view.codes.values()].filter((r) => foldTerm(r.code.name) === folded).map((r) => r.code.id);
  if (byName.length > 0) return byName;
  // A code missing from the codebook (say after a merge) is still on codings.
  for (const { codings } of view.codings.values()) if (codings.some((c) => c.code === value)) return [value];
  return [];
}

/** The codes and every code merged into them (directly or through other merged codes). */
function withMergedIn(mergedInto: ReadonlyMap<string, string>, ids: ReadonlySet<string>): Set<string> {
  const out = new Set(ids);
  if (ids.size === 0 || mergedInto.size === 0) return out;
  for (const start of mergedInto.keys()) {
    const seen = new Set<string>();
    for (let at: string | undefined = start; at !== undefined && !seen.has(at); at = mergedInto.get(at)) {
      seen.add(at);
      if (ids.has(at) && at !== start) {
        out.add(start);
        break;
      }
    }
  }
  return out;
}
