import type { Code, Coding, Memo, Participant, Participants } from '../model';
import { CodePointIndex, hashText } from '../text';
import { compileFilters, type FilterContext } from './filters';
import { foldPlain, foldTerm, isAscii } from './fold';
import { CODE_FIELDS, toHit } from './hits';
import { BOOST, codeDoc, miniSearchOptions } from './options';
import { attachCodings, passageRanges } from './passages';
import { exactTerm, planText, type Phrase } from './plan';
import { parseQuery } from './query';
import { Scorer } from './scorer';
import { Segment, type SegmentLimits } from './segment';
import type { MarkSpec } from './snippet';
import {
  deserialiseSegment,
  segmentsOf,
  serialiseIndex,
  serialiseSegment,
  type SerializedSearchIndex,
  type SerializedSegment,
} from './serial';
import type {
  CodeRecord,
  DocRecord,
  IndexedCode,
  IndexedCoding,
  MemoLinkRef,
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
  private readonly codesSegment = new Segment('codes', 'codes');
  private readonly memosSegment = new Segment('memos', 'memos');
  /** Source segments in order: a new source goes into the last one while it has room. */
  private sourceSegments: Segment[] = [];
  private nextSegment = 0;
  /** Names of segments dropped since the caller last asked (their saved files can go). */
  private dropped = new Set<string>();
  private readonly sources = new Map<string, SourceEntry>();
  private readonly segmentOf = new Map<string, Segment>();
  private readonly codings = new Map<string, { key: string; codings: IndexedCoding[] }>();
  private readonly memos = new Map<string, MemoRecord>();
  private readonly codes = new Map<string, CodeRecord>();
  private participants: Participants | undefined;
  // Derived from the state, cheap to recompute and not worth serialising.
  private participantBySource = new Map<string, Participant>();
  /** Code id -> the code it was merged into, from the last updateCodes (so `code:` finds codings of merged codes too). */
  private mergedInto = new Map<string, string>();
  private cpis = new Map<string, CodePointIndex>();
  private readonly scorer = new Scorer(() => this.segments().map((s) => s.ms));

  /** `limits`: how many sources (or characters of text) a segment takes; the defaults suit any project. */
  constructor(private readonly limits: SegmentLimits = {}) {}

  /** Builds an index over everything in `input`. */
  static build(input: SearchInput, limits: SegmentLimits = {}): SearchIndex {
    const index = new SearchIndex(limits);
    index.sync(input);
    return index;
  }

  /**
   * Loads an index saved with {@link toJSON}. Throws an Error prefixed
   * "reflexive-qda search:" when the data is from another version or damaged;
   * the index is a cache, so the caller then builds a new one. The saved form
   * has no transcript texts: bring the index in line with the project
   * (`sync`, or `updateSource` for each source) before searching it.
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
    for (const seg of segmentsOf(data)) index.loadSegment(seg);
    index.dropped.clear();
    return index;
  }

  /** A plain object for JSON.stringify (which calls this itself), with a format version and content keys. */
  toJSON(): SerializedSearchIndex {
    this.compact();
    return serialiseIndex(this.segments());
  }

  /**
   * Adds a segment saved with {@link serialiseSegment} (one file of the cache).
   * Throws (with the prefix) when it is damaged or from another version, or
   * holds what the index already has; the index is then unchanged.
   */
  loadSegment(json: unknown): void {
    const seg = deserialiseSegment(json, miniSearchOptions());
    const clash = (what: string) => {
      throw new Error(`reflexive-qda search: damaged index: segment ${seg.name} repeats ${what}`);
    };
    if (seg.kind === 'sources') {
      if (this.sourceSegments.some((s) => s.name === seg.name)) clash('a segment name');
      for (const path of seg.sources.keys()) if (this.sources.has(path)) clash(path);
      for (const [path, entry] of seg.sources) {
        this.sources.set(path, entry);
        this.segmentOf.set(path, seg);
        this.attachCodings(entry);
      }
      this.sourceSegments.push(seg);
      const n = /^s(\d+)$/.exec(seg.name);
      if (n) this.nextSegment = Math.max(this.nextSegment, Number(n[1]) + 1);
    } else {
      const into = seg.kind === 'codes' ? this.codesSegment : this.memosSegment;
      if (into.documentCount > 0) clash(seg.kind);
      // The fixed segments are replaced in place: their records and MiniSearch move over.
      into.ms = seg.ms;
      into.nextId = seg.nextId;
      for (const rec of seg.records.values()) {
        into.records.set(rec.id, rec);
        if (rec.kind === 'code') this.codes.set(rec.code.id, rec);
        else if (rec.kind === 'memo') this.memos.set(rec.path, rec);
      }
      into.dirty = false;
    }
    this.changed();
  }

  /** The segments in query order: codes, sources, memos (a fresh build indexes them in that order too). */
  segments(): Segment[] {
    return [this.codesSegment, ...this.sourceSegments, this.memosSegment];
  }

  /** Segments changed since they were loaded or marked saved, each as JSON for a file of its own. */
  changedSegments(): { name: string; json: () => SerializedSegment }[] {
    return this.segments()
      .filter((s) => s.dirty)
      .map((s) => ({
        name: s.name,
        json: () => {
          s.compact();
          return serialiseSegment(s);
        },
      }));
  }

  /** Marks a segment saved. */
  markSaved(name: string): void {
    const seg = this.segments().find((s) => s.name === name);
    if (seg) seg.dirty = false;
  }

  /** Names of segments that were dropped (all their sources went) since the last call. */
  takeDropped(): string[] {
    const out = [...this.dropped];
    this.dropped.clear();
    return out;
  }

  /** Whether a segment changed or went since the index was loaded or saved. */
  get hasChanges(): boolean {
    return this.dropped.size > 0 || this.segments().some((s) => s.dirty);
  }

  /** The sources and memos indexed, by path. */
  paths(): { sources: string[]; memos: string[] } {
    return { sources: [...this.sources.keys()], memos: [...this.memos.keys()] };
  }

  /** Number of documents (passages, memos and codes) in the index. */
  get documentCount(): number {
    return this.segments().reduce((n, s) => n + s.documentCount, 0);
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
    for (const path of [...this.sources.keys()]) if (!paths.has(path)) add(this.removeSource(path));
    for (const path of [...this.codings.keys()]) if (!input.codingsBySource.has(path)) add(this.updateCodings(path, []));
    for (const [path, codings] of input.codingsBySource) add(this.updateCodings(path, codings));
    for (const s of input.sources) add(this.updateSource(s.path, s.text, s.turns));
    const memoPaths = new Set(input.memos.map((m) => m.path));
    for (const path of [...this.memos.keys()]) if (!memoPaths.has(path)) add(this.removeMemo(path));
    for (const m of input.memos) add(this.updateMemo(m));
    this.compact();
    return total;
  }

  /** Moves the postings of documents added since the last call into compact arrays (see ./postings.ts). */
  compact(): void {
    for (const seg of this.segments()) seg.compact();
  }

  private changed(): void {
    this.scorer.invalidate();
  }

  /** The segment for a new source: the last one while it has room, else a new one (the full one is compacted). */
  private segmentForNewSource(): Segment {
    const last = this.sourceSegments[this.sourceSegments.length - 1];
    if (last?.hasRoom(this.limits)) return last;
    last?.compact();
    const seg = new Segment(`s${this.nextSegment++}`, 'sources');
    this.sourceSegments.push(seg);
    return seg;
  }

  /**
   * Indexes a source, or re-indexes it after an edit: passages whose text is
   * unchanged keep their index entries (only their offsets move), so an edit
   * costs about one turn, not one transcript. A source loaded from the cache
   * gets its text here, when the text is the one it was indexed from.
   * `textHash` is `hashText(text)` when the caller has it already.
   */
  updateSource(path: string, text: string, turns: SearchTurn[] = [], textHash = hashText(text)): UpdateReport {
    // `textHash`: hashText(text), when the caller has it (the project's store hashes every file it reads).
    const key = `${textHash}:${hashText(JSON.stringify(turns.map((t) => [t.start, t.end, t.speaker ?? null])))}`;
    const old = this.sources.get(path);
    if (old?.key === key) {
      if (old.text !== text) {
        old.text = text;
        this.cpis.delete(path);
      }
      return NO_CHANGE;
    }
    const seg = this.segmentOf.get(path) ?? this.segmentForNewSource();
    const cpi = new CodePointIndex(text);
    const entry: SourceEntry = { path, text, chars: text.length, key, passages: [] };
    const reusable = new Map<string, PassageRecord[]>();
    for (const p of old?.passages ?? []) {
      const list = reusable.get(p.key);
      if (list) list.push(p);
      else reusable.set(p.key, [p]);
    }
    let added = 0;
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
      const rec: PassageRecord = { kind: 'passage', id: 0, source: entry, start: r.start, end: r.end, key: pkey, codings: [] };
      if (r.speaker !== undefined) rec.speaker = r.speaker;
      seg.add(rec, { text: passageText });
      entry.passages.push(rec);
      added++;
    }
    const gone = [...reusable.values()].flat();
    seg.remove(gone);
    seg.chars += entry.chars - (old?.chars ?? 0);
    seg.sources.set(path, entry);
    seg.dirty = true;
    this.sources.set(path, entry);
    this.segmentOf.set(path, seg);
    this.cpis.set(path, cpi);
    this.attachCodings(entry);
    this.changed();
    return { added, removed: gone.length, changed: true };
  }

  /** Removes a source and its codings. */
  removeSource(path: string): UpdateReport {
    const old = this.sources.get(path);
    this.codings.delete(path);
    const seg = this.segmentOf.get(path);
    if (!old || !seg) return NO_CHANGE;
    seg.remove(old.passages);
    seg.sources.delete(path);
    seg.chars -= old.chars;
    if (seg.sources.size === 0) {
      this.sourceSegments = this.sourceSegments.filter((s) => s !== seg);
      this.dropped.add(seg.name);
    }
    this.sources.delete(path);
    this.segmentOf.delete(path);
    this.cpis.delete(path);
    this.changed();
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
    if ((this.codings.get(path)?.key ?? hashText('[]')) === key) return NO_CHANGE;
    if (list.length === 0) this.codings.delete(path);
    else this.codings.set(path, { key, codings: list });
    const source = this.sources.get(path);
    if (source) this.attachCodings(source);
    return { added: 0, removed: 0, changed: true };
  }

  /** Indexes a memo, or re-indexes it when its body changed; its front matter is always taken as given. */
  updateMemo(memo: Memo): UpdateReport {
    const key = hashText(memo.body);
    const old = this.memos.get(memo.path);
    const links = (memo.meta.links ?? []).map((l) => {
      const ref: MemoLinkRef = {};
      if (typeof l.code === 'string') ref.code = l.code;
      if (typeof l.source === 'string') ref.source = l.source;
      return ref;
    });
    const meta = (r: { memoId: string; memoKind: string; author?: string; links: MemoLinkRef[] }) =>
      JSON.stringify([r.memoId, r.memoKind, r.author, r.links]);
    const fresh = { memoId: memo.meta.id, memoKind: memo.meta.kind, author: memo.meta.author, links };
    if (old?.key === key) {
      if (meta(old) === meta(fresh)) return NO_CHANGE;
      Object.assign(old, fresh);
      if (memo.meta.author === undefined) delete old.author;
      this.memosSegment.dirty = true;
      return { added: 0, removed: 0, changed: true };
    }
    const rec: MemoRecord = { kind: 'memo', id: 0, path: memo.path, key, body: memo.body, ...fresh };
    if (memo.meta.author === undefined) delete rec.author;
    if (old) this.memosSegment.remove([old]);
    this.memosSegment.add(rec, { text: rec.body });
    this.memos.set(memo.path, rec);
    this.changed();
    return { added: 1, removed: old ? 1 : 0, changed: true };
  }

  /** Removes a memo by its path. */
  removeMemo(path: string): UpdateReport {
    const old = this.memos.get(path);
    if (!old) return NO_CHANGE;
    this.memosSegment.remove([old]);
    this.memos.delete(path);
    this.changed();
    return { added: 0, removed: 1, changed: true };
  }

  /** Replaces the codebook; only codes whose searchable fields changed are re-indexed. */
  updateCodes(codes: readonly Code[]): UpdateReport {
    const ids = new Set(codes.map((c) => c.id));
    this.mergedInto = new Map(codes.flatMap((c) => (c.status === 'merged' && c.mergedInto ? [[c.id, c.mergedInto] as const] : [])));
    const gone: CodeRecord[] = [];
    for (const [id, rec] of [...this.codes]) {
      if (ids.has(id)) continue;
      gone.push(rec);
      this.codes.delete(id);
    }
    const fresh: CodeRecord[] = [];
    for (const c of codes) {
      const code: IndexedCode = { id: c.id, name: c.name };
      for (const f of ['definition', 'include', 'exclude'] as const) if (typeof c[f] === 'string') code[f] = c[f];
      const key = hashText(JSON.stringify(code));
      const old = this.codes.get(c.id);
      if (old?.key === key) continue;
      if (old) gone.push(old);
      const rec: CodeRecord = { kind: 'code', id: 0, key, code };
      this.codes.set(c.id, rec);
      fresh.push(rec);
    }
    if (gone.length + fresh.length === 0) return NO_CHANGE;
    this.codesSegment.remove(gone);
    for (const rec of fresh) this.codesSegment.add(rec, codeDoc(rec));
    this.changed();
    return { added: fresh.length, removed: gone.length, changed: true };
  }

  /** Replaces the participants, whose attributes filter passages through their sources. */
  updateParticipants(participants: Participants | undefined): UpdateReport {
    if (JSON.stringify(participants) === JSON.stringify(this.participants)) return NO_CHANGE;
    this.participants = participants;
    this.indexParticipants();
    return { added: 0, removed: 0, changed: true };
  }

  private indexParticipants(): void {
    this.participantBySource = new Map();
    for (const p of this.participants?.participants ?? []) for (const path of p.sources ?? []) this.participantBySource.set(path, p);
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

    const scorer = this.scorer;
    const segments = this.segments();
    const record = (segment: number, id: number) => segments[segment].records.get(id)!;
    const wanted = phraseList.filter((p) => !p.negated);
    const excluded = new Set<DocRecord>();
    for (const t of excludedTerms) for (const [segment, id] of scorer.documentsWithTerm(t)) excluded.add(record(segment, id));
    for (const p of phraseList.filter((x) => x.negated)) {
      const collect = (segment: number, id: number) => {
        const rec = record(segment, id);
        if (this.hasPhrase(rec, p)) excluded.add(rec);
        return false;
      };
      scorer.top(p.terms.map(exactTerm), BOOST, collect, 0);
    }
    const unfiltered = filters.length === 0 && excluded.size === 0 && wanted.length === 0;
    const accept = (rec: DocRecord) =>
      compiled.accept(rec) && (excluded.size === 0 || !excluded.has(rec)) && wanted.every((p) => this.hasPhrase(rec, p));

    const marks: MarkSpec = { words: terms, phrases: wanted.map((p) => p.folded) };
    if (terms.length === 0 && wanted.length === 0) {
      // Filters (or negations) alone: list what passes in a stable order.
      if (filters.length === 0 && excludedTerms.length + phraseList.length === 0) return { hits: [], total: 0, problems: [] };
      const all = this.inDocumentOrder(accept);
      return { hits: all.slice(0, limit).map((rec) => this.hit(rec, 0, marks)), total: all.length, problems: [] };
    }
    // Phrase words narrow the candidates exactly; the phrase check in accept() does the rest.
    const all = [...terms, ...wanted.flatMap((p) => p.terms.map(exactTerm))];
    const { total, top } = scorer.top(all, BOOST, unfiltered ? undefined : (segment, id) => accept(record(segment, id)), limit);
    return { hits: top.map((r) => this.hit(record(r.segment, r.id), r.score, marks)), total, problems: [] };
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
    for (const c of sorted(this.codes)) if (accept(c)) out.push(c);
    for (const s of sorted(this.sources)) for (const p of s.passages) if (accept(p)) out.push(p);
    for (const m of sorted(this.memos)) if (accept(m)) out.push(m);
    return out;
  }

  private filterContext(): FilterContext {
    const attributes = new Map<string, string>();
    for (const name of Object.keys(this.participants?.attributes ?? {})) attributes.set(foldTerm(name), name);
    for (const p of this.participants?.participants ?? []) {
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
    if (this.codes.has(value)) return [value];
    const folded = foldTerm(value);
    const byName = [...this.codes.values()].filter((r) => foldTerm(r.code.name) === folded).map((r) => r.code.id);
    if (byName.length > 0) return byName;
    // A code missing from the codebook (say after a merge) is still on codings.
    for (const { codings } of this.codings.values()) if (codings.some((c) => c.code === value)) return [value];
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
    const text = s.text ?? '';
    if (!cpi || cpi.text !== text) {
      cpi = new CodePointIndex(text);
      this.cpis.set(s.path, cpi);
    }
    return cpi;
  }

  private attachCodings(source: SourceEntry): void {
    attachCodings(source.passages, this.codings.get(source.path)?.codings ?? []);
  }
}
