/**
 * Approximate matching for re-anchoring. Works on UTF-16 units of one string:
 * callers convert to code points at the edges. A carriage return costs nothing
 * to skip, so that converting line endings (LF <-> CRLF) never counts as an
 * edit of a passage or of its context.
 */

const CR = 13;
const INF = 1 << 29;
const NEG = -(1 << 29);
/** How far a context alignment may drift off its diagonal (inserted or deleted units). */
const CONTEXT_BAND = 6;

/**
 * How much of `ctx`, from its inner edge, agrees exactly with `doc` outward
 * from `pos`, in units of `ctx`. Carriage returns on either side are skipped:
 * a change of line endings leaves context intact.
 */
export function exactContext(doc: string, pos: number, ctx: string, side: 'before' | 'after'): number {
  const n = ctx.length;
  let i = 0;
  if (side === 'before') {
    for (let j = pos - 1; i < n; i++, j--) {
      const c = ctx.charCodeAt(n - 1 - i);
      if (c === CR) {
        j++;
        continue;
      }
      while (j >= 0 && doc.charCodeAt(j) === CR) j--;
      if (j < 0 || doc.charCodeAt(j) !== c) break;
    }
  } else {
    for (let j = pos; i < n; i++, j++) {
      const c = ctx.charCodeAt(i);
      if (c === CR) {
        j--;
        continue;
      }
      while (j < doc.length && doc.charCodeAt(j) === CR) j++;
      if (j >= doc.length || doc.charCodeAt(j) !== c) break;
    }
  }
  return i;
}

/**
 * How well a passage's stored context still surrounds the boundary `pos`:
 * an alignment anchored at the boundary and growing outward, +1 per agreeing
 * unit, -2 per substituted or skipped unit (CR free), best over all lengths.
 * Unrelated text scores near 0; context with a small edit far from the
 * boundary keeps most of its score, which a plain common-prefix test would lose.
 */
export function contextScore(doc: string, pos: number, ctx: string, side: 'before' | 'after'): number {
  const m = ctx.length;
  if (m === 0) return 0;
  const exact = exactContext(doc, pos, ctx, side);
  if (exact === m) return m;
  const avail = side === 'before' ? pos : doc.length - pos;
  const n = Math.min(avail, m + CONTEXT_BAND);
  const before = side === 'before';
  const p = (i: number) => ctx.charCodeAt(before ? m - 1 - i : i);
  const d = (j: number) => doc.charCodeAt(before ? pos - 1 - j : pos + j);
  let prev = new Int32Array(n + 1).fill(NEG);
  let cur = new Int32Array(n + 1).fill(NEG);
  prev[0] = 0;
  let best = 0;
  for (let j = 1; j <= Math.min(n, CONTEXT_BAND); j++) {
    prev[j] = prev[j - 1] - (d(j - 1) === CR ? 0 : 2);
    if (prev[j] > best) best = prev[j];
  }
  for (let i = 1; i <= m; i++) {
    cur.fill(NEG);
    const pc = p(i - 1);
    const gp = pc === CR ? 0 : 2;
    const lo = Math.max(0, i - CONTEXT_BAND);
    const hi = Math.min(n, i + CONTEXT_BAND);
    let rowBest = NEG;
    for (let j = lo; j <= hi; j++) {
      let v = prev[j] - gp;
      if (j > 0) {
        const dc = d(j - 1);
        const diag = prev[j - 1] + (dc === pc ? 1 : -2);
        if (diag > v) v = diag;
        const left = cur[j - 1] - (dc === CR ? 0 : 2);
        if (left > v) v = left;
      }
      cur[j] = v;
      if (v > rowBest) rowBest = v;
    }
    if (rowBest > best) best = rowBest;
    // Once far below the best, agreement further out cannot matter (X-drop).
    if (rowBest < best - 12) break;
    [prev, cur] = [cur, prev];
  }
  return Math.max(exact, best);
}

/** Where an approximate match lies in the text, in UTF-16 units, and what it costs (edit distance). */
export interface Alignment {
  start: number;
  end: number;
  cost: number;
}

/**
 * Best alignment of all of `pat` with some substring of `doc` whose start lies
 * within `slack` units of `diag` (semi-global edit distance, banded along that
 * diagonal, CR free). Undefined when every alignment costs more than `maxCost`.
 * Ties go to the end nearest `diag + pat.length`, and inside the band to
 * substitutions over insertions and deletions, so that a replaced word at the
 * edge of a passage stays in it.
 */
export function alignNear(doc: string, pat: string, diag: number, slack: number, maxCost: number): Alignment | undefined {
  const m = pat.length;
  const lo = Math.max(0, diag - slack);
  const hi = Math.min(doc.length, diag + m + slack);
  const w = hi - lo;
  if (m === 0 || w <= 0) return undefined;
  const centre = diag - lo;
  let dPrev = new Int32Array(w + 1).fill(INF);
  let dCur = new Int32Array(w + 1).fill(INF);
  let sPrev = new Int32Array(w + 1);
  let sCur = new Int32Array(w + 1);
  let cLo = Math.max(0, centre - slack);
  let cHi = Math.min(w, centre + slack);
  for (let c = cLo; c <= cHi; c++) {
    dPrev[c] = 0;
    sPrev[c] = c;
  }
  for (let i = 1; i <= m; i++) {
    const pc = pat.charCodeAt(i - 1);
    const gp = pc === CR ? 0 : 1;
    cLo = Math.max(0, centre + i - slack);
    cHi = Math.min(w, centre + i + slack);
    if (cLo > cHi) return undefined;
    if (cLo > 0) dCur[cLo - 1] = INF;
    let rowMin = INF;
    for (let c = cLo; c <= cHi; c++) {
      let v = dPrev[c] + gp;
      let s = sPrev[c];
      if (c > 0) {
        const dc = doc.charCodeAt(lo + c - 1);
        const diagCost = dPrev[c - 1] + (dc === pc ? 0 : 1);
        if (diagCost <= v) {
          v = diagCost;
          s = sPrev[c - 1];
        }
        const left = dCur[c - 1] + (dc === CR ? 0 : 1);
        if (left < v) {
          v = left;
          s = sCur[c - 1];
        }
      }
      dCur[c] = v;
      sCur[c] = s;
      if (v < rowMin) rowMin = v;
    }
    if (cHi < w) dCur[cHi + 1] = INF;
    // Costs never fall from one row to the next: give up early.
    if (rowMin > maxCost) return undefined;
    [dPrev, dCur] = [dCur, dPrev];
    [sPrev, sCur] = [sCur, sPrev];
  }
  const wantEnd = centre + m;
  let bestC = -1;
  for (let c = cLo; c <= cHi; c++) {
    if (bestC < 0 || dPrev[c] < dPrev[bestC] || (dPrev[c] === dPrev[bestC] && Math.abs(c - wantEnd) < Math.abs(bestC - wantEnd))) bestC = c;
  }
  if (bestC < 0 || dPrev[bestC] > maxCost) return undefined;
  return { start: lo + sPrev[bestC], end: lo + bestC, cost: dPrev[bestC] };
}

const MARK = /\p{M}/u;

function continues(doc: string, i: number): boolean {
  if (i <= 0 || i >= doc.length) return false;
  const c = doc.charCodeAt(i);
  if (c >= 0xdc00 && c <= 0xdfff) return true; // low surrogate
  if (c === 0x200d || c === 0xfe0f || c === 0xfe0e) return true; // ZWJ, variation selectors
  if (doc.charCodeAt(i - 1) === 0x200d) return true; // the character a ZWJ joins on
  return MARK.test(doc[i]);
}

/**
 * Widens an approximate match so it does not cut a surrogate pair, a combining
 * mark off its base, or a ZWJ emoji sequence: a passage is whole characters.
 */
export function snapToCharacters(doc: string, start: number, end: number): { start: number; end: number } {
  while (start > 0 && continues(doc, start)) start--;
  while (end < doc.length && continues(doc, end)) end++;
  return { start, end };
}
