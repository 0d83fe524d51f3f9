import MiniSearch from 'minisearch';
import type { FrozenIndex, TermTree } from './frozen';
import { PendingPostings } from './pending';
import { compactPostings, flushPostings } from './postings';
import type { DocRecord, IndexedDoc, SourceEntry } from './types';
import { miniSearchOptions } from './options';

/*
 * An index is a list of segments, each a MiniSearch of its own over some of the
 * documents: the codes, the memos, and the passages of a group of sources. A
 * segment is built, compacted, saved and loaded on its own, so a large project
 * never holds more than one segment's uncompacted postings while it is built,
 * and saving after an edit rewrites the one segment it touched. Queries read
 * all segments together (./scorer.ts), with statistics taken over all of them,
 * so that results are the same as from one MiniSearch over every document.
 */

export type SegmentKind = 'codes' | 'memos' | 'sources';

/** A source segment takes sources until it holds this many, or this many characters of text. */
export const SEGMENT_SOURCES = 64;
export const SEGMENT_CHARS = 8_000_000;

/** How much a source segment takes (defaults: {@link SEGMENT_SOURCES}, {@link SEGMENT_CHARS}). */
export interface SegmentLimits {
  sources?: number;
  chars?: number;
}

type Internals = {
  _index: Iterable<[string, Map<number, { size: number; has(d: number): boolean; delete(d: number): boolean }>]> & {
    delete(term: string): void;
  };
  _documentIds: Map<number, number>;
  _idToShortId: Map<number, number>;
  _fieldLength: Map<number, number[]>;
  _storedFields: Map<number, unknown>;
  _documentCount: number;
  removeFieldLength(shortId: number, fieldId: number, count: number, length: number): void;
};

/** What the scorer reads of a segment (./scorer.ts). */
export interface ScoringView {
  tree: TermTree;
  fieldIds: Record<string, number>;
  documentCount: number;
  /** Short ids are below this. */
  nextId: number;
  /** Each document's field lengths, in MiniSearch's order (its running means depend on the order). */
  forEachLength(fn: (short: number, lengths: readonly (number | undefined)[]) => void): void;
  /** The record of each short id (MiniSearch's own number for a document). */
  byShort: readonly (DocRecord | undefined)[];
}

/**
 * One MiniSearch and the documents in it, by the id MiniSearch knows them by.
 * A segment loaded from the cache stays frozen (./frozen.ts: read on demand)
 * until something changes it; `ms` then builds its MiniSearch.
 */
export class Segment {
  private live: MiniSearch<IndexedDoc> | undefined = new MiniSearch(miniSearchOptions());
  private frozen: FrozenIndex | undefined;
  /** Built from the frozen index when first needed. */
  private thaw: ((f: FrozenIndex) => MiniSearch<IndexedDoc>) | undefined;
  private shortRecords: (DocRecord | undefined)[] | undefined;
  /** Postings of documents added since the last compaction (./pending.ts). */
  private readonly pending = new PendingPostings();
  readonly records = new Map<number, DocRecord>();
  nextId = 1;
  /** Source segments: the sources whose passages are here, and their characters (to know when it is full). */
  readonly sources = new Map<string, SourceEntry>();
  chars = 0;
  /** Changed since it was loaded or saved. */
  dirty = true;
  private addedSinceCompact = 0;

  constructor(
    /** Stable name: the cache file it is saved in. */
    readonly name: string,
    readonly kind: SegmentKind,
  ) {}

  /** The segment's MiniSearch (built from the frozen index the first time a loaded segment is changed), every posting in it. */
  get ms(): MiniSearch<IndexedDoc> {
    const ms = this.liveIndex();
    this.pending.flushInto(ms);
    return ms;
  }

  /** The MiniSearch, some postings perhaps still pending. */
  private liveIndex(): MiniSearch<IndexedDoc> {
    if (!this.live) {
      this.live = this.thaw!(this.frozen!);
      this.frozen = undefined;
      this.thaw = undefined;
    }
    return this.live;
  }

  set ms(ms: MiniSearch<IndexedDoc>) {
    this.live = ms;
    this.frozen = undefined;
    this.shortRecords = undefined;
  }

  /** Makes the segment read `frozen` until changed; `thaw` builds its MiniSearch then. */
  freeze(frozen: FrozenIndex, thaw: (f: FrozenIndex) => MiniSearch<IndexedDoc>): void {
    this.frozen = frozen;
    this.thaw = thaw;
    this.live = undefined;
    this.shortRecords = undefined;
  }

  /** Takes over another segment's index and records (a loaded codes or memos segment). */
  adopt(other: Segment): void {
    this.live = other.live;
    this.frozen = other.frozen;
    this.thaw = other.thaw;
    this.shortRecords = undefined;
    this.nextId = other.nextId;
    for (const [id, rec] of other.records) this.records.set(id, rec);
  }

  /** Whether the segment is still as loaded or sealed (./seal.ts), not changed since. */
  get isFrozen(): boolean {
    return this.live === undefined;
  }

  /** The frozen index, while the segment is frozen. */
  get frozenIndex(): FrozenIndex | undefined {
    return this.live ? undefined : this.frozen;
  }

  /** What the scorer reads; pending posting changes are folded in first. */
  scoring(): ScoringView {
    const byShort = this.byShort();
    const f = this.frozen;
    if (f && !this.live) {
      return {
        tree: f.termTree,
        fieldIds: f.fieldIds,
        documentCount: f.documentCount,
        nextId: f.nextId,
        forEachLength: (fn) => f.forEachLength(fn),
        byShort,
      };
    }
    const ms = this.ms;
    flushPostings(ms);
    const ix = ms as unknown as Internals & { _index: TermTree; _fieldIds: Record<string, number>; _nextId: number };
    if (!ix._index || !ix._fieldIds || !(ix._fieldLength instanceof Map) || typeof ix._nextId !== 'number')
      throw new Error('reflexive-qda search: this MiniSearch version does not have the index layout the scorer reads (expected 7.x)');
    return {
      tree: ix._index,
      fieldIds: ix._fieldIds,
      documentCount: ix._documentCount,
      nextId: ix._nextId,
      forEachLength: (fn) => ix._fieldLength.forEach((lengths, short) => fn(short, lengths)),
      byShort,
    };
  }

  /** The record of each short id. */
  private byShort(): (DocRecord | undefined)[] {
    if (this.shortRecords) return this.shortRecords;
    const out: (DocRecord | undefined)[] = [];
    const put = (short: number, id: number) => {
      while (out.length < short) out.push(undefined);
      out[short] = this.records.get(id);
    };
    if (this.frozen && !this.live) this.frozen.forEachId(put);
    else (this.ms as unknown as Internals)._documentIds.forEach((id, short) => put(short, id));
    return (this.shortRecords = out);
  }

  /** Whether a source segment has room for another source. */
  hasRoom(limits: SegmentLimits = {}): boolean {
    return this.sources.size < (limits.sources ?? SEGMENT_SOURCES) && this.chars < (limits.chars ?? SEGMENT_CHARS);
  }

  /** Adds a document for `rec`, giving the record its id in this segment. */
  add(rec: DocRecord, doc: Omit<IndexedDoc, 'id'>): void {
    const ms = this.liveIndex();
    rec.id = this.nextId++;
    this.records.set(rec.id, rec);
    // A passage or a memo (text alone): the quick way, postings pending until compaction. A code: MiniSearch's own add.
    if (
      doc.text !== undefined &&
      doc.name === undefined &&
      doc.definition === undefined &&
      doc.include === undefined &&
      doc.exclude === undefined
    )
      this.pending.add(ms, rec.id, doc.text);
    else {
      this.pending.flushInto(ms);
      ms.add({ ...doc, id: rec.id });
    }
    this.shortRecords = undefined;
    this.addedSinceCompact++;
    this.dirty = true;
  }

  /**
   * Removes documents by record, without their text: MiniSearch's own remove
   * needs the text to find the terms, this finds the documents in the postings,
   * one pass over the segment's terms for any number of documents.
   */
  remove(recs: readonly DocRecord[]): void {
    if (recs.length === 0) return;
    this.shortRecords = undefined;
    flushPostings(this.ms);
    const ix = this.ms as unknown as Internals;
    const shorts: number[] = [];
    for (const rec of recs) {
      const short = ix._idToShortId.get(rec.id);
      if (short !== undefined) shorts.push(short);
      this.records.delete(rec.id);
    }
    let max = 0;
    for (const s of shorts) if (s > max) max = s;
    const gone = new Uint8Array(max + 1);
    for (const s of shorts) gone[s] = 1;
    const empty: string[] = [];
    for (const [term, fields] of ix._index) {
      for (const [fieldId, postings] of fields) {
        // Few documents: look each up (binary search in compact postings); many: one pass over the postings.
        if (shorts.length * 16 < postings.size) {
          for (const s of shorts) if (postings.has(s)) postings.delete(s);
        } else {
          const drop: number[] = [];
          for (const [doc] of postings as unknown as Iterable<[number, number]>) if (doc < gone.length && gone[doc]) drop.push(doc);
          for (const doc of drop) postings.delete(doc);
        }
        if (postings.size === 0) fields.delete(fieldId);
      }
      if (fields.size === 0) empty.push(term);
    }
    for (const term of empty) ix._index.delete(term);
    for (const s of shorts) {
      const lengths = ix._fieldLength.get(s) ?? [];
      // As MiniSearch#remove does, field by field, before the count goes down.
      lengths.forEach((length, fieldId) => {
        if (length !== undefined) ix.removeFieldLength(s, fieldId, ix._documentCount, length);
      });
      const id = ix._documentIds.get(s)!;
      ix._documentIds.delete(s);
      ix._idToShortId.delete(id);
      ix._fieldLength.delete(s);
      ix._storedFields.delete(s);
      ix._documentCount -= 1;
    }
    this.dirty = true;
  }

  /** Moves the postings of documents added since the last call into compact arrays (see ./postings.ts). */
  compact(): void {
    if (this.addedSinceCompact === 0) return;
    this.addedSinceCompact = 0;
    compactPostings(this.ms);
  }

  get documentCount(): number {
    return this.records.size;
  }
}
