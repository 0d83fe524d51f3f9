import type MiniSearch from 'minisearch';
import { PostingsLoader, type CompactPostings } from './postings';
import type { IndexedDoc } from './types';

/*
 * Adding a document of one text field (a passage, a memo) the way MiniSearch#add
 * does, with its postings held in plain arrays per term until the segment is
 * compacted, instead of a Map per term and field that takes every posting
 * (about 44 bytes each) and a walk of the term tree per word. MiniSearch's
 * document ids, field lengths and average lengths are updated by its own
 * methods, in its order; new terms go into its term tree in the order they
 * were first seen, as MiniSearch would have put them, so a segment built this
 * way is the one MiniSearch would have built (a unit test compares them).
 */

type Internals = {
  _options: {
    tokenize(text: string, field: string): string[];
    processTerm(term: string, field: string): string | string[] | null | undefined | false;
  };
  _fieldIds: Record<string, number>;
  _documentCount: number;
  _idToShortId: Map<number, number>;
  _index: {
    get(term: string): Map<number, CompactPostings | Map<number, number>> | undefined;
    set(term: string, value: Map<number, CompactPostings | Map<number, number>>): void;
  };
  addDocumentId(id: number): number;
  addFieldLength(short: number, fieldId: number, count: number, length: number): void;
};

/** Postings of the text field not yet in a MiniSearch's term tree: per term, short ids ascending and frequencies. */
export class PendingPostings {
  private readonly terms = new Map<string, { docs: number[]; tfs: number[] }>();

  get size(): number {
    return this.terms.size;
  }

  /** Adds a document with only a `text` field to `ms` (its postings here, until {@link flushInto}). */
  add(ms: MiniSearch<IndexedDoc>, id: number, text: string): void {
    const ix = ms as unknown as Internals;
    if (ix._idToShortId.has(id)) throw new Error(`MiniSearch: duplicate ID ${id}`);
    const short = ix.addDocumentId(id);
    const { tokenize, processTerm } = ix._options;
    const tokens = tokenize(text, 'text');
    const fieldId = ix._fieldIds.text;
    ix.addFieldLength(short, fieldId, ix._documentCount - 1, new Set(tokens).size);
    const counts = new Map<string, number>();
    const count = (term: string) => counts.set(term, (counts.get(term) ?? 0) + 1);
    for (const token of tokens) {
      const t = processTerm(token, 'text');
      if (Array.isArray(t)) t.forEach(count);
      else if (t) count(t);
    }
    for (const [term, tf] of counts) {
      let p = this.terms.get(term);
      if (!p) this.terms.set(term, (p = { docs: [], tfs: [] }));
      p.docs.push(short);
      p.tfs.push(tf);
    }
  }

  /** Moves the pending postings into `ms`'s term tree: new postings as compact arrays, added to existing ones otherwise. */
  flushInto(ms: MiniSearch<IndexedDoc>): void {
    if (this.terms.size === 0) return;
    const ix = ms as unknown as Internals;
    const fieldId = ix._fieldIds.text;
    let count = 0;
    let maxTf = 0;
    for (const { tfs } of this.terms.values()) {
      count += tfs.length;
      for (const tf of tfs) if (tf > maxTf) maxTf = tf;
    }
    const loader = new PostingsLoader(ms, count, maxTf);
    for (const [term, { docs, tfs }] of this.terms) {
      const fields = ix._index.get(term);
      const existing = fields?.get(fieldId);
      if (existing) {
        for (let i = 0; i < docs.length; i++) existing.set(docs[i], (existing.get(docs[i]) ?? 0) + tfs[i]);
        continue;
      }
      const run = loader.addRun(docs, tfs);
      if (fields) fields.set(fieldId, run);
      else ix._index.set(term, new Map([[fieldId, run]]));
    }
    this.terms.clear();
  }
}
