import type { FieldPostings, TermTree } from './frozen';
import { CompactPostings } from './postings';
import type { ScoringView } from './segment';
import type { QueryTerm } from './snippet';

/*
 * Why not MiniSearch#search: it builds a result object (with match details)
 * for every matching document and sorts them all, which for a word found in
 * most passages ("the", 50,000 of them) takes 60-100 ms. Here documents are
 * scored into typed arrays, AND is evaluated rarest term first (probing the
 * postings of common terms only for surviving candidates), and only the best
 * `limit` are kept. Index building, the term tree with its prefix and fuzzy
 * look-ups, and (de)serialisation stay MiniSearch's.
 *
 * The index is split into segments (./segment.ts), each a MiniSearch (or, as
 * loaded, its frozen form: ./frozen.ts). A query is scored over all of them
 * with the statistics of all of them: document count and document frequencies
 * are summed, and the average field lengths are those MiniSearch would have
 * computed adding every document of every segment, in segment order, to one
 * index. Results are then those of one MiniSearch.
 *
 * This reads MiniSearch 7's protected index fields (Segment#scoring checks
 * they are there), and a unit test compares rankings with MiniSearch#search.
 */

/** MiniSearch's defaults, so scores stay comparable with its own. */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };
const PREFIX_WEIGHT = 0.375;
const FUZZY_WEIGHT = 0.45;

interface Derived {
  term: string;
  data: FieldPostings;
  weight: number;
}

/** The index terms a query term stands for, with MiniSearch's weights for prefix and fuzzy matches. */
function expand(tree: TermTree, q: QueryTerm): Derived[] {
  const out: Derived[] = [];
  const seen = new Set<string>([q.term]);
  const exact = tree.get(q.term);
  if (exact) out.push({ term: q.term, data: exact, weight: 1 });
  if (q.prefix) {
    for (const [term, data] of tree.atPrefix(q.term)) {
      if (seen.has(term)) continue;
      seen.add(term);
      const distance = term.length - q.term.length;
      out.push({ term, data, weight: (PREFIX_WEIGHT * term.length) / (term.length + 0.3 * distance) });
    }
  }
  if (q.fuzzy > 0) {
    for (const [term, [data, distance]] of tree.fuzzyGet(q.term, q.fuzzy)) {
      if (seen.has(term)) continue;
      seen.add(term);
      out.push({ term, data, weight: (FUZZY_WEIGHT * term.length) / (term.length + distance) });
    }
  }
  return out;
}

export interface ScoredId {
  /** The segment's position in the list given to the scorer. */
  segment: number;
  /** The document's short id in that segment (ScoringView#byShort gives its record). */
  short: number;
  score: number;
}

/** A derived term over all segments: its weight, and its document frequency per field summed over segments. */
interface GlobalDerived {
  weight: number;
  df: Map<number, number>;
}

interface Candidate {
  segment: number;
  doc: number;
  score: number;
}

/**
 * Scores queries against the MiniSearch indexes of a list of segments, as one
 * index. Call {@link invalidate} after every add or remove: the length factors
 * are cached between queries.
 */
export class Scorer {
  // norms[segment][field][doc] = k * (1 - b + b * length / average length): the BM25 length factor.
  private norms: Float64Array[][] | undefined;
  private scores = new Float64Array(0);
  private matched = new Uint16Array(0);
  private candidates = new Int32Array(0);

  constructor(private readonly segments: () => readonly ScoringView[]) {}

  invalidate(): void {
    this.norms = undefined;
  }

  private lengthNorms(ixs: readonly ScoringView[]): Float64Array[][] {
    if (this.norms) return this.norms;
    const fieldCount = ixs.length > 0 ? Object.keys(ixs[0].fieldIds).length : 0;
    // MiniSearch's running mean (addFieldLength), replayed over every document in segment order.
    const avg = new Array<number>(fieldCount).fill(0);
    let count = 0;
    for (const ix of ixs) {
      ix.forEachLength((_, lengths) => {
        for (let f = 0; f < fieldCount; f++) {
          const length = lengths[f];
          if (length !== undefined) avg[f] = (avg[f] * count + length) / (count + 1);
        }
        count++;
      });
    }
    this.norms = ixs.map((ix) => {
      const norms = Array.from({ length: fieldCount }, () => new Float64Array(ix.nextId));
      ix.forEachLength((doc, lengths) => {
        for (let f = 0; f < fieldCount; f++) norms[f][doc] = BM25.k * (1 - BM25.b + (BM25.b * (lengths[f] ?? 0)) / (avg[f] || 1));
      });
      return norms;
    });
    return this.norms;
  }

  /**
   * Documents matching every term (AND), in score order. `accept` (when given)
   * sees each candidate once; `total` counts those it accepted; `top` holds the
   * best `limit` of them (ties: earlier segment, then earlier indexed, first).
   */
  top(
    terms: readonly QueryTerm[],
    boost: Record<string, number>,
    accept: ((segment: number, id: number) => boolean) | undefined,
    limit: number,
  ): { total: number; top: ScoredId[] } {
    const ixs = this.segments();
    if (terms.length === 0 || ixs.length === 0) return { total: 0, top: [] };
    const fields = Object.entries(boost).map(([name, b]) => ({ id: ixs[0].fieldIds[name], boost: b }));
    // Each query term's derived terms, per segment, and over all segments (first seen first).
    const expanded = terms.map((q) => {
      const perSegment = ixs.map((ix) => expand(ix.tree, q));
      const global = new Map<string, GlobalDerived>();
      let size = 0;
      for (const derived of perSegment) {
        for (const d of derived) {
          let g = global.get(d.term);
          if (!g) global.set(d.term, (g = { weight: d.weight, df: new Map() }));
          for (const f of fields) {
            const n = d.data.get(f.id)?.size ?? 0;
            g.df.set(f.id, (g.df.get(f.id) ?? 0) + n);
            size += n;
          }
        }
      }
      return { perSegment, global, size };
    });
    if (expanded.some((e) => e.size === 0)) return { total: 0, top: [] };
    // Rarest first over all segments: the same order in every segment, so scores add up in the same order.
    expanded.sort((a, b) => a.size - b.size);
    const norms = this.lengthNorms(ixs);
    let n = 0;
    for (const ix of ixs) n += ix.documentCount;

    const top: Candidate[] = [];
    // The score of the worst kept once `top` is full (then a lower score cannot get in).
    let worstScore = -Infinity;
    let total = 0;
    ixs.forEach((ix, segment) => {
      const terms = expanded.map((e) => ({ global: e.global, derived: e.perSegment[segment] }));
      const found = this.scoreSegment(ix, norms[segment], n, fields, terms);
      if (!found) return;
      const { candidates, count, scores } = found;
      // Best `limit`, kept sorted; most candidates fall below the worst kept and cost one comparison.
      for (let i = 0; i < count; i++) {
        const doc = candidates[i];
        if (accept && !accept(segment, doc)) continue;
        total++;
        const score = scores[doc];
        if (top.length === limit) {
          if (limit === 0 || score < worstScore) continue;
          const worst = top[limit - 1];
          if (!(score > worst.score || segment < worst.segment || (segment === worst.segment && doc < worst.doc))) continue;
        }
        const c = { segment, doc, score };
        let j = top.length === limit ? limit - 1 : top.length;
        while (j > 0 && better(c, top[j - 1])) {
          top[j] = top[j - 1];
          j--;
        }
        top[j] = c;
        if (top.length === limit) worstScore = top[limit - 1].score;
      }
      found.release();
    });
    return { total, top: top.map((x) => ({ segment: x.segment, short: x.doc, score: x.score })) };
  }

  /** AND over one segment, with the weights of all segments; undefined when a term has no postings here. */
  private scoreSegment(
    ix: ScoringView,
    norms: Float64Array[],
    n: number,
    fields: { id: number; boost: number }[],
    terms: { global: Map<string, GlobalDerived>; derived: Derived[] }[],
  ): { candidates: Int32Array; count: number; scores: Float64Array; release(): void } | undefined {
    const local = terms.map(({ global, derived }) => {
      const byTerm = new Map(derived.map((d) => [d.term, d.data]));
      // The global order of derived terms, so that a document's score adds up as in one index.
      const ordered: { data: FieldPostings; g: GlobalDerived }[] = [];
      for (const [term, g] of global) {
        const data = byTerm.get(term);
        if (data) ordered.push({ data, g });
      }
      let size = 0;
      for (const d of derived) for (const f of fields) size += d.data.get(f.id)?.size ?? 0;
      return { ordered, size };
    });
    if (local.some((t) => t.size === 0)) return undefined;
    // Scratch arrays kept between queries (a fresh pair per segment and query was megabytes of garbage each time), zeroed after use.
    if (this.scores.length < ix.nextId) {
      this.scores = new Float64Array(ix.nextId);
      this.matched = new Uint16Array(ix.nextId);
      this.candidates = new Int32Array(ix.nextId);
    }
    const { scores, matched } = this;
    // matched[doc]: how many terms so far matched it; it stays a candidate while that equals the term's index.
    // The candidates: count of them at the start of the scratch array, in the order first matched.
    const candidates = this.candidates;
    let count = 0;
    const { k, d: delta } = BM25;
    local.forEach(({ ordered, size }, t) => {
      const probe = t > 0 && count * ordered.length * fields.length < size;
      for (const { data, g } of ordered) {
        for (const f of fields) {
          const postings = data.get(f.id);
          if (!postings) continue;
          const df = g.df.get(f.id)!;
          const w = g.weight * f.boost * Math.log(1 + (n - df + 0.5) / (df + 0.5));
          const norm = norms[f.id];
          if (probe) {
            for (let i = 0; i < count; i++) {
              const doc = candidates[i];
              const tf = postings.get(doc);
              if (tf === undefined) continue;
              scores[doc] += w * (delta + (tf * (k + 1)) / (tf + norm[doc]));
              matched[doc] = t + 1;
            }
          } else {
            const visit = (tf: number, doc: number) => {
              const m = matched[doc];
              if (m < t) return;
              if (t === 0 && m === 0) candidates[count++] = doc;
              scores[doc] += w * (delta + (tf * (k + 1)) / (tf + norm[doc]));
              matched[doc] = t + 1;
            };
            if (postings instanceof CompactPostings && postings.clean && t === 0) {
              // The first (rarest) term: every posting is a candidate; the loop is the whole cost of a common word.
              const { docs, tfs, to } = postings;
              const k1 = k + 1;
              for (let i = postings.from; i < to; i++) {
                const doc = docs[i];
                const tf = tfs[i];
                if (matched[doc] === 0) {
                  candidates[count++] = doc;
                  matched[doc] = 1;
                }
                scores[doc] += w * (delta + (tf * k1) / (tf + norm[doc]));
              }
            } else if (postings instanceof CompactPostings && postings.clean) {
              const { docs, tfs, to } = postings;
              for (let i = postings.from; i < to; i++) visit(tfs[i], docs[i]);
            } else postings.forEach(visit);
          }
        }
      }
      if (t > 0) {
        let kept = 0;
        for (let i = 0; i < count; i++) if (matched[candidates[i]] === t + 1) candidates[kept++] = candidates[i];
        count = kept;
      }
    });
    const release = () => {
      scores.fill(0, 0, ix.nextId);
      matched.fill(0, 0, ix.nextId);
    };
    return { candidates, count, scores, release };
  }

  /** Per segment, a mask of the short ids of documents containing `term` exactly (already folded), in any field. */
  termMasks(term: string, into?: Uint8Array[]): Uint8Array[] {
    return this.segments().map((ix, segment) => {
      const mask = into?.[segment] ?? new Uint8Array(ix.nextId);
      for (const postings of ix.tree.get(term)?.values() ?? []) {
        if (postings instanceof CompactPostings && postings.clean) {
          const { docs, to } = postings;
          for (let i = postings.from; i < to; i++) mask[docs[i]] = 1;
        } else for (const doc of postings.keys()) mask[doc] = 1;
      }
      return mask;
    });
  }
}

function better(a: Candidate, than: Candidate): boolean {
  return a.score > than.score || (a.score === than.score && (a.segment < than.segment || (a.segment === than.segment && a.doc < than.doc)));
}
