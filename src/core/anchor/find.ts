/**
 * Finds a passage again by its quote and context (the W3C text-quote
 * selector), in UTF-16 units of the current text. The rules lean towards
 * orphaning: a coding shown on the wrong words misleads an analysis, an
 * orphan is reported and repaired.
 */
import { contextScore, exactContext } from './align';
import { approximatePlaces } from './fuzzy';

/** What is known of a passage, in UTF-16 units of the current text. */
export interface Quote {
  text: string;
  before: string;
  after: string;
  /**
   * Where the passage is expected to start now: its stored start, or that
   * start shifted as much as its neighbours were. Closeness to the nearest
   * of them ranks places that the context does not tell apart.
   */
  hints: readonly number[];
}

export interface Found {
  start: number;
  end: number;
  /** True when the text is there verbatim; false for what is left of an edited passage. */
  verbatim: boolean;
  /** Agreement of the stored context (see contextScore), up to before.length + after.length. */
  context: number;
}

/** The text being searched, with searches remembered: the anchors of one text repeat them. */
export class Haystack {
  private readonly starts = new Map<string, number[]>();
  private readonly once = new Map<string, boolean>();

  constructor(readonly doc: string) {}

  /** Every start of `s` in the text. */
  occurrences(s: string): number[] {
    let r = this.starts.get(s);
    if (!r) {
      r = [];
      for (let at = this.doc.indexOf(s); at >= 0; at = this.doc.indexOf(s, at + 1)) r.push(at);
      this.starts.set(s, r);
    }
    return r;
  }

  /** Whether `s` occurs exactly once in the text. */
  unique(s: string): boolean {
    let r = this.once.get(s);
    if (r === undefined) {
      const first = this.doc.indexOf(s);
      r = first >= 0 && this.doc.indexOf(s, first + 1) < 0;
      this.once.set(s, r);
    }
    return r;
  }
}

/** Contexts shorter than this carry too little to tell places apart. */
const MIN_CONTEXT = 8;
/** Occurrences given the full context comparison: the best by exact context, and the nearest. */
const BY_CONTEXT = 8;
const BY_DISTANCE = 4;
/** Candidates whose context is weighed for specificity (a text search per side each). */
const LEADERS = 4;
/** Passages this long that occur once are themselves the evidence. */
const DISTINCTIVE = 64;
/** One unit of edit distance weighs as much as this many units of context. */
const COST_WEIGHT = 3;
/** How much better than any other place the chosen one must rank, in units of context. */
const MARGIN = 8;
/** Found this close to where it was expected, a passage needs context on one side only. */
const ON_THE_SPOT = 2;

/** How far from where it was expected a passage may be found on weaker evidence. */
function nearRadius(len: number): number {
  return 128 + len;
}

function distance(q: Quote, at: number): number {
  let d = Infinity;
  for (const h of q.hints) d = Math.min(d, Math.abs(at - h));
  return d;
}

function fullContext(q: Quote): number {
  return q.before.length + q.after.length;
}

/** True when the passage is verbatim at `at` with all its stored context around it (line endings aside). */
export function intactAt(doc: string, q: Quote, at: number): boolean {
  return (
    at >= 0 &&
    doc.startsWith(q.text, at) &&
    exactContext(doc, at, q.before, 'before') === q.before.length &&
    exactContext(doc, at + q.text.length, q.after, 'after') === q.after.length
  );
}

/**
 * The passage verbatim with all its stored context, the occurrence nearest a
 * hint when there are several; undefined when there is none or the stored
 * context is too short to count.
 */
export function findIntact(hay: Haystack, q: Quote): Found | undefined {
  const full = fullContext(q);
  if (q.text.length === 0 || full < MIN_CONTEXT) return undefined;
  let best: number | undefined;
  for (const at of hay.occurrences(q.text)) {
    if (intactAt(hay.doc, q, at) && (best === undefined || distance(q, at) < distance(q, best))) best = at;
  }
  return best === undefined ? undefined : { start: best, end: best + q.text.length, verbatim: true, context: full };
}

/** A place, with what ranks it against other places. */
interface Scored extends Found {
  /** Context agreement on each side. */
  sides: [number, number];
  /** Edit distance between the quote and the text there. */
  cost: number;
  /** Distance from the nearest hint. */
  dist: number;
  /** The context agreement before it was weighed for specificity. */
  raw: number;
}

function scored(doc: string, q: Quote, start: number, end: number, cost: number): Scored {
  const sides: [number, number] = [contextScore(doc, start, q.before, 'before'), contextScore(doc, end, q.after, 'after')];
  const verbatim = cost === 0 && end - start === q.text.length && doc.startsWith(q.text, start);
  const context = sides[0] + sides[1];
  return { start, end, verbatim, context, raw: context, sides, cost, dist: distance(q, start) };
}

/**
 * Context outweighs position, but not by a unit or two: edits near a passage
 * wear its context down a little, and repeated words often share some.
 */
function score(f: Scored, context = f.context): number {
  return context - 2 * Math.log2(1 + f.dist / 32) - COST_WEIGHT * f.cost;
}

/**
 * Discounts agreeing context that also occurs elsewhere in the text:
 * transcripts repeat their structure (a speaker label after an interviewer's
 * stock question, "I don't know what to do"), and agreement with such text
 * says little about which occurrence is the passage.
 */
function weigh(hay: Haystack, f: Scored): Scored {
  const [b, a] = f.sides;
  const specific = (s: string) => (s.length >= MIN_CONTEXT && hay.unique(s) ? 1 : 0.5);
  const context = b * specific(hay.doc.slice(Math.max(0, f.start - b), f.start)) + a * specific(hay.doc.slice(f.end, f.end + a));
  return { ...f, context };
}

/**
 * Whether the (weighed) context is evidence enough: a quarter of it near where
 * the passage was expected, half of it farther away. Agreement on one side
 * only counts when that side is nearly untouched or the passage is right
 * where it was expected, and far away only for words found verbatim that
 * occur once.
 */
function confident(doc: string, q: Quote, f: Scored, occurrences: number): boolean {
  const full = fullContext(q);
  const [b, a] = f.sides;
  const both = b * 4 >= q.before.length && a * 4 >= q.after.length;
  const oneIntact =
    exactContext(doc, f.start, q.before, 'before') * 4 >= q.before.length * 3 ||
    exactContext(doc, f.end, q.after, 'after') * 4 >= q.after.length * 3;
  if (f.dist <= nearRadius(q.text.length)) return f.context * 4 >= full && (both || oneIntact || f.dist <= ON_THE_SPOT);
  return f.context * 2 >= full && (both || (f.verbatim && occurrences === 1 && oneIntact));
}

/**
 * The passage, verbatim or edited, or undefined when in doubt. Verbatim
 * occurrences and what is left of an edited passage near where it was
 * expected compete, context against edits and distance: the passage may have
 * been copied and the original edited, or its words may recur (an
 * interviewer's stock question). The winner must be confident and clearly
 * ahead of every other place. Without stored context to tell occurrences
 * apart, or with all of it, the nearest such occurrence.
 */
export function findPassage(hay: Haystack, q: Quote): Found | undefined {
  const doc = hay.doc;
  const m = q.text.length;
  if (m === 0) return undefined;
  const full = fullContext(q);
  const found = hay.occurrences(q.text).map((at) => ({
    at,
    cheap: exactContext(doc, at, q.before, 'before') + exactContext(doc, at + m, q.after, 'after'),
    dist: distance(q, at),
  }));
  const nearest = (xs: typeof found) => xs.reduce((x, y) => (y.dist < x.dist ? y : x));
  const intact = found.filter((c) => c.cheap === full);
  const settled = found.length === 0 ? undefined : full < MIN_CONTEXT ? nearest(found) : intact.length > 0 ? nearest(intact) : undefined;
  if (settled) return scored(doc, q, settled.at, settled.at + m, 0);

  const shortlist = new Set([
    ...[...found].sort((x, y) => y.cheap - x.cheap || x.dist - y.dist).slice(0, BY_CONTEXT),
    ...[...found].sort((x, y) => x.dist - y.dist).slice(0, BY_DISTANCE),
  ]);
  const pool = [...shortlist].map((c) => scored(doc, q, c.at, c.at + m, 0));
  for (const a of approximatePlaces(doc, q.text, q.before, q.after, q.hints)) pool.push(scored(doc, q, a.start, a.end, a.cost));
  const byScore = (x: Scored, y: Scored) => score(y) - score(x) || x.dist - y.dist;
  pool.sort(byScore);
  const ranked = [
    ...pool
      .slice(0, LEADERS)
      .map((f) => weigh(hay, f))
      .sort(byScore),
    ...pool.slice(LEADERS),
  ];
  const best = ranked[0];
  if (!best) return undefined;
  // Clearly ahead, whether or not context is weighed for specificity: text
  // that happens to occur once is not thereby proof.
  const rivals = ranked.filter((c) => c.end <= best.start || c.start >= best.end);
  if (rivals.some((r) => score(best) - score(r) < MARGIN || score(best, best.raw) - score(r, r.raw) < MARGIN)) return undefined;
  if (full < MIN_CONTEXT) return best.cost * 8 <= m && best.dist <= nearRadius(m) ? best : undefined;
  // A long passage that occurs once is its own evidence: cut and pasted bare.
  const alone = best.verbatim && found.length === 1 && m >= DISTINCTIVE;
  return alone || confident(doc, q, best, found.length) ? best : undefined;
}
