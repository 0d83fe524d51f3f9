import type { Code, Coding, Memo, Participant, Participants } from '../model';
import { CodePointIndex, hashText } from '../text';
import { CodesAndMemos } from './codesAndMemos';
import { miniSearchOptions } from './options';
import { attachCodings, indexPassages, sourceKey } from './passages';
import { phraseSources, rank, respond, type IndexView, type Ranked } from './rank';
import { Scorer } from './scorer';
import { indexOf, sealSegment } from './seal';
import { Segment, type SegmentLimits } from './segment';
import {
  deserialiseSegment,
  segmentsOf,
  serialiseIndex,
  serialiseSegment,
  type SerializedSearchIndex,
  type SerializedSegment,
} from './serial';
import type {
  IndexedCoding,
  PassageRecord,
  SearchInput,
  SearchOptions,
  SearchResponse,
  SearchTurn,
  SourceEntry,
  UpdateReport,
} from './types';

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
  /** The codes and memos, each a segment of its own. */
  private readonly fixed = new CodesAndMemos();
  /** Source segments in order: a new source goes into the last one while it has room. */
  private sourceSegments: Segment[] = [];
  private nextSegment = 0;
  /** Names of segments dropped since the caller last asked (their saved files can go). */
  private dropped = new Set<string>();
  private readonly sources = new Map<string, SourceEntry>();
  private readonly segmentOf = new Map<string, Segment>();
  private readonly codings = new Map<string, { key?: string; codings: IndexedCoding[] }>();
  private participants: Participants | undefined;
  // Derived from the state, cheap to recompute and not worth serialising.
  private participantBySource = new Map<string, Participant>();
  private cpis = new Map<string, CodePointIndex>();
  private readonly scorer = new Scorer(() => this.segments().map((s) => s.scoring()));

  /** `limits`: how many sources (or characters of text) a segment takes; the defaults suit any project. */
  constructor(private readonly limits: SegmentLimits = {}) {}

  /** Builds an index over everything in `input`. */
  static build(input: SearchInput, limits: SegmentLimits = {}): SearchIndex {
    const index = new SearchIndex(limits);
    index.sync(input);
    return index;
  }

  /**
   * Loads an index saved with {@link toJSON}. Throws an Error prefixed "reflexive-qda search:" when the data is
   * from another version or damaged; the index is a cache, so the caller then builds a new one. The saved form
   * has no transcript texts: bring the index in line with the project (`sync`, or `updateSource`) first.
   */
  static fromJSON(json: string | SerializedSearchIndex): SearchIndex {
    const index = new SearchIndex();
    for (const seg of segmentsOf(json)) index.loadSegment(seg);
    index.dropped.clear();
    return index;
  }

  /** A plain object for JSON.stringify (which calls this itself), with a format version and content keys. */
  toJSON(): SerializedSearchIndex {
    this.compact();
    return serialiseIndex(this.segments(), (s) => indexOf(s, true));
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
      if (!this.fixed.load(seg)) clash(seg.kind);
    }
    this.changed();
  }

  /** The segments in query order: codes, sources, memos (a fresh build indexes them in that order too). */
  segments(): Segment[] {
    return [this.fixed.codesSegment, ...this.sourceSegments, this.fixed.memosSegment];
  }

  /** Segments changed since they were loaded or marked saved, each as JSON for a file of its own. */
  changedSegments(): { name: string; json: () => SerializedSegment }[] {
    return this.segments()
      .filter((s) => s.dirty)
      .map((s) => ({
        name: s.name,
        json: () => {
          s.compact();
          return serialiseSegment(s, indexOf(s, false));
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
    return { sources: [...this.sources.keys()], memos: [...this.fixed.memos.keys()] };
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
    for (const path of [...this.fixed.memos.keys()]) if (!memoPaths.has(path)) add(this.removeMemo(path));
    for (const m of input.memos) add(this.updateMemo(m));
    this.compact();
    return total;
  }

  /** Moves the postings of documents added since the last call into compact arrays (./postings.ts). */
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
    // Full: packed into its frozen form, so a build holds one segment's MiniSearch at a time.
    if (last) sealSegment(last);
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
    const key = sourceKey(textHash, turns);
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
    const { added, gone } = indexPassages(seg, entry, old?.passages ?? [], cpi, turns);
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
    // The content key is computed when there is something to compare with (not for a source's first codings: a warm start).
    const old = this.codings.get(path);
    const keyOf = (l: IndexedCoding[]) => hashText(JSON.stringify(l));
    let key: string | undefined;
    if (old === undefined ? list.length === 0 : (old.key ??= keyOf(old.codings)) === (key = keyOf(list))) return NO_CHANGE;
    if (list.length === 0) this.codings.delete(path);
    else this.codings.set(path, { key, codings: list });
    const source = this.sources.get(path);
    if (source) this.attachCodings(source);
    return { added: 0, removed: 0, changed: true };
  }

  /** Indexes a memo, or re-indexes it when its body changed; its front matter is always taken as given. */
  updateMemo(memo: Memo): UpdateReport {
    return this.fixed.updateMemo(memo, () => this.changed());
  }

  /** Removes a memo by its path. */
  removeMemo(path: string): UpdateReport {
    return this.fixed.removeMemo(path, () => this.changed());
  }

  /** Replaces the codebook; only codes whose searchable fields changed are re-indexed. */
  updateCodes(codes: readonly Code[]): UpdateReport {
    return this.fixed.updateCodes(codes, () => this.changed());
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
   * Every source's text must be held (see {@link attachText}).
   */
  search(query: string, options: SearchOptions = {}): SearchResponse {
    const view = this.view();
    return respond(view, rank(view, query, options.limit ?? DEFAULT_SEARCH_LIMIT));
  }

  /** The documents a query finds, best first (the first step of {@link search}); texts needed: {@link phraseSources}. */
  rank(query: string, limit: number): Ranked {
    return rank(this.view(), query, limit);
  }

  /** The hits of ranked documents (the second step of {@link search}); the texts of their sources must be held. */
  respond(ranked: Ranked): SearchResponse {
    return respond(this.view(), ranked);
  }

  /** Paths of the sources whose texts ranking `query` reads (for its phrases), and does not hold. */
  phraseSources(query: string): string[] {
    return phraseSources(this.view(), query)
      .filter((s) => s.text === undefined)
      .map((s) => s.path);
  }

  /** The content key `path` is indexed under (its text's hash and its turns'), if it is indexed. */
  keyOf(path: string): string | undefined {
    return this.sources.get(path)?.key;
  }

  /** Whether the index holds the text of `path` (snippets and phrase checks read it). */
  holdsText(path: string): boolean {
    return this.sources.get(path)?.text !== undefined;
  }

  /**
   * Gives a source indexed without its text (loaded from the cache, or let go)
   * its text again. False, and nothing held, when the text is not the one it was
   * indexed from: the caller then re-indexes it (updateSource).
   */
  attachText(path: string, text: string, textHash = hashText(text)): boolean {
    const s = this.sources.get(path);
    if (!s || !s.key.startsWith(`${textHash}:`)) return false;
    if (s.text !== text) {
      s.text = text;
      this.cpis.delete(path);
    }
    return true;
  }

  /** Lets go of a source's text (and what was derived from it); it is indexed still. */
  detachText(path: string): void {
    const s = this.sources.get(path);
    if (!s) return;
    delete s.text;
    this.cpis.delete(path);
    for (const p of s.passages) {
      delete p.ascii;
      delete p.folded;
    }
  }

  private view(): IndexView {
    return {
      scorer: this.scorer,
      segments: this.segments(),
      codes: this.fixed.codes,
      sources: this.sources,
      memos: this.fixed.memos,
      codings: this.codings,
      participants: this.participants,
      participantBySource: this.participantBySource,
      mergedInto: this.fixed.mergedInto,
      passageText: (p) => this.passageText(p),
    };
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
