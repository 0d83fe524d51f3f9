import type MiniSearch from 'minisearch';
import { CompactPostings, flushPostings, type Postings } from './postings';
import type { QueryTerm } from './snippet';
import type { IndexedDoc } from './types';

/*
 * Why not MiniSearch#search: it builds a result object (with match details)
 * for every matching document and sorts them all, which for a word found in
 * most passages ("the", 50,000 of them) takes 60-100 ms. Here documents are
 * scored into typed arrays, AND is evaluated rarest term first (probing the
 * postings of common terms only for surviving candidates), and only the best
 * `limit` are kept. Index building, the term tree with its prefix and fuzzy
 * look-ups, and (de)serialisation stay MiniSearch's.
 *
 * This reads MiniSearch 7's protected index fields; `internals()` checks they
 * are there, and a unit test compares rankings with MiniSearch#search.
 */

// Short doc id -> term frequency; compact once built or loaded (./postings.ts).
type FieldPostings = Map<number, Postings>; // field id -> postings

interface TermTree {
  get(term: string): FieldPostings | undefined;
  atPrefix(prefix: string): Iterable<[string, FieldPostings]>;
  fuzzyGet(term: string, maxDistance: number): Map<string, [FieldPostings, number]>;
}

interface Internals {
  _index: TermTree;
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _documentCount: number;
  _documentIds: Map<number, number>;
  _nextId: number;
}

function internals(ms: MiniSearch<IndexedDoc>): Internals {
  const i = ms as unknown as Internals;
  if (
    !i._index ||
    !i._fieldIds ||
    !i._fieldLength ||
    !i._avgFieldLength ||
    !(i._documentIds instanceof Map) ||
    typeof i._nextId !== 'number'
  ) {
    throw new Error('reflexive-qda search: this MiniSearch version does not have the index layout the scorer reads (expected 7.x)');
  }
  return i;
}

/** MiniSearch's defaults, so scores stay comparable with its own. */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };
const PREFIX_WEIGHT = 0.375;
const FUZZY_WEIGHT = 0.45;

interface Derived {
  data: FieldPostings;
  weight: number;
}

/** The index terms a query term stands for, with MiniSearch's weights for prefix and fuzzy matches. */
function expand(tree: TermTree, q: QueryTerm): Derived[] {
  const out: Derived[] = [];
  const seen = new Set<string>([q.term]);
  const exact = tree.get(q.term);
  if (exact) out.push({ data: exact, weight: 1 });
  if (q.prefix) {
    for (const [term, data] of tree.atPrefix(q.term)) {
      if (seen.has(term)) continue;
      seen.add(term);
      const distance = term.length - q.term.length;
      out.push({ data, weight: (PREFIX_WEIGHT * term.length) / (term.length + 0.3 * distance) });
    }
  }
  if (q.fuzzy > 0) {
    for (const [term, [data, distance]] of tree.fuzzyGet(q.term, q.fuzzy)) {
      if (seen.has(term)) continue;
      seen.add(term);
      out.push({ data, weight: (FUZZY_WEIGHT * term.length) / (term.length + distance) });
    }
  }
  return out;
}

export interface ScoredId {
  /** The document id given to MiniSearch. */
  id: number;
  score: number;
}

/**
 * Scores queries against one MiniSearch index. Call {@link invalidate} after
 * every add or remove: per-document length factors are cached between queries.
 */
export class Scorer {
  // norms[field][doc] = k * (1 - b + b * length / average length): the BM25 length factor.
  private norms: Float64Array[] | undefined;

  constructor(private readonly ms: MiniSearch<IndexedDoc>) {}

  invalidate(): void {
    this.norms = undefined;
  }

  private lengthNorms(ix: Internals): Float64Array[] {
    if (this.norms) return this.norms;
    const fieldCount = Object.keys(ix._fieldIds).length;
    const norms = Array.from({ length: fieldCount }, () => new Float64Array(ix._nextId));
    for (const [doc, lengths] of ix._fieldLength) {
      for (let f = 0; f < fieldCount; f++)
        norms[f][doc] = BM25.k * (1 - BM25.b + (BM25.b * (lengths[f] ?? 0)) / (ix._avgFieldLength[f] || 1));
    }
    return (this.norms = norms);
  }

  /**
   * Documents matching every term (AND), in score order. `accept` (when given)
   * sees each candidate once; `total` counts those it accepted; `top` holds the
   * best `limit` of them (ties: earlier indexed first).
   */
  top(
    terms: readonly QueryTerm[],
    boost: Record<string, number>,
    accept: ((id: number) => boolean) | undefined,
    limit: number,
  ): { total: number; top: ScoredId[] } {
    const ix = internals(this.ms);
    flushPostings(this.ms);
    const fields = Object.entries(boost).map(([name, b]) => ({ id: ix._fieldIds[name], boost: b }));
    const expanded = terms.map((q) => {
      const derived = expand(ix._index, q);
      let size = 0;
      for (const d of derived) for (const f of fields) size += d.data.get(f.id)?.size ?? 0;
      return { derived, size };
    });
    if (expanded.length === 0 || expanded.some((e) => e.size === 0)) return { total: 0, top: [] };
    expanded.sort((a, b) => a.size - b.size);

    const norms = this.lengthNorms(ix);
    const n = ix._documentCount;
    const scores = new Float64Array(ix._nextId);
    // matched[doc]: how many terms so far matched it; it stays a candidate while that equals the term's index.
    const matched = new Uint16Array(ix._nextId);
    let candidates: number[] = [];
    const { k, d: delta } = BM25;

    expanded.forEach(({ derived, size }, t) => {
      const probe = t > 0 && candidates.length * derived.length * fields.length < size;
      for (const d of derived) {
        for (const f of fields) {
          const postings = d.data.get(f.id);
          if (!postings) continue;
          const df = postings.size;
          const w = d.weight * f.boost * Math.log(1 + (n - df + 0.5) / (df + 0.5));
          const norm = norms[f.id];
          if (probe) {
            for (const doc of candidates) {
              const tf = postings.get(doc);
              if (tf === undefined) continue;
              scores[doc] += w * (delta + (tf * (k + 1)) / (tf + norm[doc]));
              matched[doc] = t + 1;
            }
          } else {
            const visit = (tf: number, doc: number) => {
              const m = matched[doc];
              if (m < t) return;
              if (t === 0 && m === 0) candidates.push(doc);
              scores[doc] += w * (delta + (tf * (k + 1)) / (tf + norm[doc]));
              matched[doc] = t + 1;
            };
            if (postings instanceof CompactPostings && postings.clean) {
              const { docs, tfs, to } = postings;
              for (let i = postings.from; i < to; i++) visit(tfs[i], docs[i]);
            } else postings.forEach(visit);
          }
        }
      }
      if (t > 0) candidates = candidates.filter((doc) => matched[doc] === t + 1);
    });

    // Best `limit`, kept sorted; most candidates fall below the worst kept and cost one comparison.
    const top: { doc: number; score: number }[] = [];
    let total = 0;
    for (const doc of candidates) {
      if (accept) {
        const id = ix._documentIds.get(doc);
        if (id === undefined || !accept(id)) continue;
      }
      total++;
      const s = scores[doc];
      if (top.length === limit && (limit === 0 || !better(s, doc, top[limit - 1]))) continue;
      let j = top.length === limit ? limit - 1 : top.length;
      while (j > 0 && better(s, doc, top[j - 1])) {
        top[j] = top[j - 1];
        j--;
      }
      top[j] = { doc, score: s };
    }
    return { total, top: top.map((x) => ({ id: ix._documentIds.get(x.doc)!, score: x.score })) };
  }

  /** Ids of documents containing `term` exactly (already folded), in any field. */
  documentsWithTerm(term: string): Set<number> {
    const ix = internals(this.ms);
    flushPostings(this.ms);
    const out = new Set<number>();
    for (const postings of ix._index.get(term)?.values() ?? []) {
      for (const doc of postings.keys()) {
        const id = ix._documentIds.get(doc);
        if (id !== undefined) out.add(id);
      }
    }
    return out;
  }
}

function better(score: number, doc: number, than: { doc: number; score: number }): boolean {
  return score > than.score || (score === than.score && doc < than.doc);
}
