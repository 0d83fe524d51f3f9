import MiniSearch from 'minisearch';
import type { Code, Coding, Memo, Participant, Participants } from '../model';
import { CodePointIndex, hashText } from '../text';
import { compileFilters, type FilterContext } from './filters';
import { foldPlain, foldTerm, isAscii } from './fold';
import { CODE_FIELDS, toHit } from './hits';
import { BOOST, codeDoc, miniSearchOptions } from './options';
import { attachCodings, passageRanges } from './passages';
import { exactTerm, planText, type Phrase } from './plan';
import { compactPostings } from './postings';
import { parseQuery } from './query';
import { Scorer } from './scorer';
import type { MarkSpec } from './snippet';
import { deserialise, emptyState, serialise, type IndexState, type SerializedSearchIndex } from './serial';
import type {
  CodeRecord,
  DocRecord,
  IndexedCode,
  IndexedCoding,
  IndexedDoc,
  MemoRecord,
  PassageRecord,
  SearchInput,
  SearchOptions,
  SearchResponse,
  SearchTurn,
  SourceEntry,
  UpdateReport,
} from './types';

export { miniSearchOptions };

/** Hits a search returns unless told otherwise. */
export const DEFAULT_SEARCH_LIMIT = 50;
const NO_CHANGE: UpdateReport = { added: 0, removed: 0, changed: false };

/**
 * Full-text index over transcript passages (turns, or paragraphs), memos and
 * codes, with the filters of the query language (see `./query.ts` and
 * docs/search.md). Updates are incremental and keyed by content, so feeding it
 * unchanged data costs a hash and nothing else.
 */
export class SearchIndex {
  private s: IndexState = emptyState(new MiniSearch(miniSearchOptions()));
  // Derived from the state, cheap to recompute and not worth serialising.
  private participantBySource = new Map<string, Participant>();
  /** Code id -> the code it was merged into, from the last updateCodes (so `code:` finds codings of merged codes too). */
  private mergedInto = new Map<string, string>();
  private cpis = new Map<string, CodePointIndex>();
  private scorerCache: Scorer | undefined;
  private addedSinceCompact = 0;

  /** Builds an index over everything in `input`. */
  static build(input: SearchInput): SearchIndex {
    const index = new SearchIndex();
    index.sync(input);
    return index;
  }

  /**
   * Loads an index saved with {@link toJSON}. Throws an Error prefixed
   * "reflexive-qda search:" when the data is from another version or damaged;
   * the index is a cache, so the caller then builds a new one.
   */
  static fromJSON(json: string | SerializedSearchIndex): SearchIndex {
    const index = new SearchIndex();
    let data: unknown = json;
    if (typeof json === 'string') {
      try {
        data = JSON.parse(json);
      } catch (e) {
        throw new Error(`reflexive-qda search: damaged index: ${(e as Error).message}`, { cause: e });
      }
    }
    index.s = deserialise(data, miniSearchOptions());
    index.indexParticipants();
    for (const source of index.s.sources.values()) index.attachCodings(source);
    return index;
  }

  /** A plain object for JSON.stringify (which calls this itself), with a format version and content keys. */
  toJSON(): SerializedSearchIndex {
    return serialise(this.s);
  }

  /** Number of documents (passages, memos and codes) in the index. */
  get documentCount(): number {
    return this.s.records.size;
  }

  /**
   * Brings the index in line with `input`: what is missing is removed, what
   * changed (by content key) is re-indexed, the rest is left alone. A warm start
   * is `fromJSON(cache).sync(project)`.
   */
  sync(input: SearchInput): UpdateReport {
    const total = { added: 0, removed: 0, changed: false };
    const add = (r: UpdateReport) => {
      total.added += r.added;
      total.removed += r.removed;
      total.changed ||= r.changed;
    };
    add(this.updateParticipants(input.participants));
    add(this.updateCodes(input.codes));
    const paths = new Set(input.sources.map((s) => s.path));
    for (const path of [...this.s.sources.keys()]) if (!paths.has(path)) add(this.removeSource(path));
    for (const path of [...this.s.codings.keys()]) if (!input.codingsBySource.has(path)) add(this.updateCodings(path, []));
    for (const [path, codings] of input.codingsBySource) add(this.updateCodings(path, codings));
    for (const s of input.sources) add(this.updateSource(s.path, s.text, s.turns));
    const memoPaths = new Set(input.memos.map((m) => m.path));
    for (const path of [...this.s.memos.keys()]) if (!memoPaths.has(path)) add(this.removeMemo(path));
    for (const m of input.memos) add(this.updateMemo(m));
    this.compact();
    return total;
  }

  /** Moves the postings of documents added since the last call into compact arrays (see ./postings.ts). */
  compact(): void {
    if (this.addedSinceCompact === 0) return;
    this.addedSinceCompact = 0;
    compactPostings(this.s.ms);
  }

  /**
   * Indexes a source, or re-indexes it after an edit: passages whose text is
   * unchanged keep their index entries (only their offsets move), so an edit
   * costs about one turn, not one transcript.
   */
  updateSource(path: string, text: string, turns: SearchTurn[] = []): UpdateReport {
    const key = hashText(text + '\u0000' + JSON.stringify(turns.map((t) => [t.start, t.end, t.speaker ?? null])));
    const old = this.s.sources.get(path);
    if (old?.key === key) return NO_CHANGE;
    const oldCpi = old ? this.cpiOf(old) : undefined;
    const cpi = new CodePointIndex(text);
    const entry: SourceEntry = { path, text, key, passages: [] };
    const reusable = new Map<string, PassageRecord[]>();
    for (const p of old?.passages ?? []) {
      const list = reusable.get(p.key);
      if (list) list.push(p);
      else reusable.set(p.key, [p]);
    }
    let added = 0;
    let removed = 0;
    for (const r of passageRanges(text, cpi, turns)) {
      const passageText = cpi.slice(r.start, r.end);
      if (!/[\p{L}\p{N}]/u.test(passageText)) continue;
      const pkey = hashText(passageText);
      const reuse = reusable.get(pkey)?.shift();
      if (reuse) {
        Object.assign(reuse, { source: entry, start: r.start, end: r.end, speaker: r.speaker });
        entry.passages.push(reuse);
        continue;
      }
      const rec: PassageRecord = {
        kind: 'passage',
        id: this.s.nextId++,
        source: entry,
        start: r.start,
        end: r.end,
        key: pkey,
        codings: [],
      };
      if (r.speaker !== undefined) rec.speaker = r.speaker;
      this.s.records.set(rec.id, rec);
      this.addDoc({ id: rec.id, text: passageText });
      entry.passages.push(rec);
      added++;
    }
    for (const list of reusable.values()) {
      for (const p of list) {
        this.removeDoc({ id: p.id, text: oldCpi!.slice(p.start, p.end) });
        this.s.records.delete(p.id);
        removed++;
      }
    }
    this.s.sources.set(path, entry);
    this.cpis.set(path, cpi);
    this.attachCodings(entry);
    return { added, removed, changed: true };
  }

  /** Removes a source and its codings. */
  removeSource(path: string): UpdateReport {
    const old = this.s.sources.get(path);
    this.s.codings.delete(path);
    if (!old) return NO_CHANGE;
    const cpi = this.cpiOf(old);
    for (const p of old.passages) {
      this.removeDoc({ id: p.id, text: cpi.slice(p.start, p.end) });
      this.s.records.delete(p.id);
    }
    this.s.sources.delete(path);
    this.cpis.delete(path);
    return { added: 0, removed: old.passages.length, changed: true };
  }

  /** Replaces the codings of one source (offsets as currently located); no text is re-indexed. */
  updateCodings(path: string, codings: readonly Coding[]): UpdateReport {
    const list: IndexedCoding[] = codings.map((c) => {
      const ic: IndexedCoding = { id: c.id, code: c.code, start: c.start, end: c.end };
      if (c.coder !== undefined) ic.coder = c.coder;
      return ic;
    });
    const key = hashText(JSON.stringify(list));
    if ((this.s.codings.get(path)?.key ?? hashText('[]')) === key) return NO_CHANGE;
    if (list.length === 0) this.s.codings.delete(path);
    else this.s.codings.set(path, { key, codings: list });
    const source = this.s.sources.get(path);
    if (source) this.attachCodings(source);
    return { added: 0, removed: 0, changed: true };
  }

  /** Indexes a memo, or re-indexes it when its body changed; its front matter is always taken as given. */
  updateMemo(memo: Memo): UpdateReport {
    const key = hashText(memo.body);
    const old = this.s.memos.get(memo.path);
    const rec: MemoRecord = {
      kind: 'memo',
      id: old?.id ?? this.s.nextId++,
      path: memo.path,
      key,
      body: memo.body,
      memoId: memo.meta.id,
      memoKind: memo.meta.kind,
      links: (memo.meta.links ?? []).map((l) => {
        const ref: { code?: string; source?: string } = {};
        if (typeof l.code === 'string') ref.code = l.code;
        if (typeof l.source === 'string') ref.source = l.source;
        return ref;
      }),
    };
    if (memo.meta.author !== undefined) rec.author = memo.meta.author;
    this.s.memos.set(memo.path, rec);
    this.s.records.set(rec.id, rec);
    if (old?.key === key) {
      const same =
        JSON.stringify([old.memoId, old.memoKind, old.author, old.links]) ===
        JSON.stringify([rec.memoId, rec.memoKind, rec.author, rec.links]);
      return same ? NO_CHANGE : { added: 0, removed: 0, changed: true };
    }
    if (old) this.removeDoc({ id: old.id, text: old.body });
    this.addDoc({ id: rec.id, text: rec.body });
    return { added: 1, removed: old ? 1 : 0, changed: true };
  }

  /** Removes a memo by its path. */
  removeMemo(path: string): UpdateReport {
    const old = this.s.memos.get(path);
    if (!old) return NO_CHANGE;
    this.removeDoc({ id: old.id, text: old.body });
    this.s.records.delete(old.id);
    this.s.memos.delete(path);
    return { added: 0, removed: 1, changed: true };
  }

  /** Replaces the codebook; only codes whose searchable fields changed are re-indexed. */
  updateCodes(codes: readonly Code[]): UpdateReport {
    let added = 0;
    let removed = 0;
    const ids = new Set(codes.map((c) => c.id));
    this.mergedInto = new Map(codes.flatMap((c) => (c.status === 'merged' && c.mergedInto ? [[c.id, c.mergedInto] as const] : [])));
    for (const [id, rec] of [...this.s.codes]) {
      if (ids.has(id)) continue;
      this.removeDoc(codeDoc(rec));
      this.s.records.delete(rec.id);
      this.s.codes.delete(id);
      removed++;
    }
    for (const c of codes) {
      const code: IndexedCode = { id: c.id, name: c.name };
      for (const f of ['definition', 'include', 'exclude'] as const) if (typeof c[f] === 'string') code[f] = c[f];
      const key = hashText(JSON.stringify(code));
      const old = this.s.codes.get(c.id);
      if (old?.key === key) continue;
      if (old) {
        this.removeDoc(codeDoc(old));
        removed++;
      }
      const rec: CodeRecord = { kind: 'code', id: old?.id ?? this.s.nextId++, key, code };
      this.s.codes.set(c.id, rec);
      this.s.records.set(rec.id, rec);
      this.addDoc(codeDoc(rec));
      added++;
    }
    return { added, removed, changed: added + removed > 0 };
  }

  /** Replaces the participants, whose attributes filter passages through their sources. */
  updateParticipants(participants: Participants | undefined): UpdateReport {
    if (JSON.stringify(participants) === JSON.stringify(this.s.participants)) return NO_CHANGE;
    this.s.participants = participants;
    this.indexParticipants();
    return { added: 0, removed: 0, changed: true };
  }

  private indexParticipants(): void {
    this.participantBySource = new Map();
    for (const p of this.s.participants?.participants ?? []) for (const path of p.sources ?? []) this.participantBySource.set(path, p);
  }

  /**
   * Runs a query (syntax in `./query.ts` and docs/search.md). Never throws on
   * user input: a bad query returns `problems` with columns and no hits.
   */
  search(query: string, options: SearchOptions = {}): SearchResponse {
    const limit = options.limit ?? DEFAULT_SEARCH_LIMIT;
    const parsed = parseQuery(query);
    if (parsed.problems.length > 0) return { hits: [], total: 0, problems: parsed.problems };
    const { words, phrases, filters } = parsed.query;
    const compiled = compileFilters(filters, this.filterContext());
    const { terms, excludedTerms, phrases: phraseList, problems } = planText(words, phrases);
    problems.unshift(...compiled.problems);
    if (problems.length > 0) return { hits: [], total: 0, problems };

    const scorer = (this.scorerCache ??= new Scorer(this.s.ms));
    const wanted = phraseList.filter((p) => !p.negated);
    const excluded = new Set<number>();
    for (const t of excludedTerms) for (const id of scorer.documentsWithTerm(t)) excluded.add(id);
    for (const p of phraseList.filter((x) => x.negated)) {
      const collect = (id: number) => {
        if (this.hasPhrase(this.s.records.get(id)!, p)) excluded.add(id);
        return false;
      };
      scorer.top(p.terms.map(exactTerm), BOOST, collect, 0);
    }
    const unfiltered = filters.length === 0 && excluded.size === 0 && wanted.length === 0;
    const accept = (rec: DocRecord) =>
      compiled.accept(rec) && (excluded.size === 0 || !excluded.has(rec.id)) && wanted.every((p) => this.hasPhrase(rec, p));

    const marks: MarkSpec = { words: terms, phrases: wanted.map((p) => p.folded) };
    if (terms.length === 0 && wanted.length === 0) {
      // Filters (or negations) alone: list what passes in a stable order.
      if (filters.length === 0 && excludedTerms.length + phraseList.length === 0) return { hits: [], total: 0, problems: [] };
      const all = this.inDocumentOrder(accept);
      return { hits: all.slice(0, limit).map((rec) => this.hit(rec, 0, marks)), total: all.length, problems: [] };
    }
    // Phrase words narrow the candidates exactly; the phrase check in accept() does the rest.
    const all = [...terms, ...wanted.flatMap((p) => p.terms.map(exactTerm))];
    const { total, top } = scorer.top(all, BOOST, unfiltered ? undefined : (id) => accept(this.s.records.get(id)!), limit);
    return { hits: top.map((r) => this.hit(this.s.records.get(r.id)!, r.score, marks)), total, problems: [] };
  }

  private addDoc(doc: IndexedDoc): void {
    this.s.ms.add(doc);
    this.addedSinceCompact++;
    this.scorerCache?.invalidate();
  }

  private removeDoc(doc: IndexedDoc): void {
    this.s.ms.remove(doc);
    this.scorerCache?.invalidate();
  }

  private hasPhrase(rec: DocRecord, p: Phrase): boolean {
    const test = (text: string) => (isAscii(text) ? p.test.ascii(text) : p.test.folded(foldPlain(text)));
    if (rec.kind === 'memo') return test(rec.body);
    if (rec.kind === 'code') return CODE_FIELDS.some((f) => rec.code[f] !== undefined && test(rec.code[f]!));
    // Passages are checked by the thousand for a common phrase: keep what folding costs.
    if (rec.ascii === undefined) {
      const text = this.passageText(rec);
      rec.ascii = isAscii(text);
      if (!rec.ascii) rec.folded = foldPlain(text);
    }
    return rec.ascii ? p.test.ascii(this.passageText(rec)) : p.test.folded(rec.folded!);
  }

  private hit(rec: DocRecord, score: number, marks: MarkSpec) {
    return toHit(rec, (p) => this.passageText(p), score, marks);
  }

  /** Documents that `accept` takes: codes by id, passages by source path and position, memos by path. */
  private inDocumentOrder(accept: (rec: DocRecord) => boolean): DocRecord[] {
    const out: DocRecord[] = [];
    const sorted = <T>(m: Map<string, T>) => [...m.keys()].sort().map((k) => m.get(k)!);
    for (const c of sorted(this.s.codes)) if (accept(c)) out.push(c);
    for (const s of sorted(this.s.sources)) for (const p of s.passages) if (accept(p)) out.push(p);
    for (const m of sorted(this.s.memos)) if (accept(m)) out.push(m);
    return out;
  }

  private filterContext(): FilterContext {
    const attributes = new Map<string, string>();
    for (const name of Object.keys(this.s.participants?.attributes ?? {})) attributes.set(foldTerm(name), name);
    for (const p of this.s.participants?.participants ?? []) {
      for (const name of Object.keys(p.attributes ?? {})) if (!attributes.has(foldTerm(name))) attributes.set(foldTerm(name), name);
    }
    return {
      attributes,
      participantOf: (path) => this.participantBySource.get(path),
      resolveCode: (value) => this.codesNamed(value),
      withMergedIn: (ids) => this.withMergedIn(ids),
    };
  }

  private codesNamed(value: string): string[] {
    if (this.s.codes.has(value)) return [value];
    const folded = foldTerm(value);
    const byName = [...this.s.codes.values()].filter((r) => foldTerm(r.code.name) === folded).map((r) => r.code.id);
    if (byName.length > 0) return byName;
    // A code missing from the codebook (say after a merge) is still on codings.
    for (const { codings } of this.s.codings.values()) if (codings.some((c) => c.code === value)) return [value];
    return [];
  }

  /** The codes and every code merged into them (directly or through other merged codes). */
  private withMergedIn(ids: ReadonlySet<string>): Set<string> {
    const out = new Set(ids);
    if (ids.size === 0 || this.mergedInto.size === 0) return out;
    for (const start of this.mergedInto.keys()) {
      const seen = new Set<string>();
      for (let at: string | undefined = start; at !== undefined && !seen.has(at); at = this.mergedInto.get(at)) {
        seen.add(at);
        if (ids.has(at) && at !== start) {
          out.add(start);
          break;
        }
      }
    }
    return out;
  }

  private passageText(p: PassageRecord): string {
    return this.cpiOf(p.source).slice(p.start, p.end);
  }

  private cpiOf(s: SourceEntry): CodePointIndex {
    let cpi = this.cpis.get(s.path);
    if (!cpi || cpi.text !== s.text) {
      cpi = new CodePointIndex(s.text);
      this.cpis.set(s.path, cpi);
    }
    return cpi;
  }

  private attachCodings(source: SourceEntry): void {
    attachCodings(source.passages, this.s.codings.get(source.path)?.codings ?? []);
  }
}
