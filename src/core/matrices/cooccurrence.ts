/**
 * The code co-occurrence matrix, in three measures (docs/matrices.md):
 *
 * - `counts[a][b]` (a != b): codings of a that share at least one code point
 *   with a coding of b in the same source; `counts[a][a]`: codings of a. Not
 *   symmetric: one long passage of a holding three of b counts 1 for (a, b)
 *   and 3 for (b, a).
 * - `passages[a][b]`: passages where both occur, i.e. maximal stretches of
 *   text coded with both a and b (symmetric); on the diagonal, stretches coded
 *   with a.
 * - `jaccard[a][b]`: the Jaccard index of the coded text, code points coded
 *   with both / code points coded with either (symmetric, 0..1; null when
 *   neither has a coding); 1 on the diagonal of a code with codings.
 *
 * Passages that only touch (one ends where the other starts) share no code
 * point and do not co-occur. Each source is swept once over its codings in
 * start order: time grows with the codings and their overlaps, not with the
 * square of the codings.
 */
import type { MatrixCoding, MatrixExclusions, MatrixInput } from './input';

export type CooccurrenceMeasure = 'counts' | 'passages' | 'jaccard';
export const COOCCURRENCE_MEASURES: readonly CooccurrenceMeasure[] = ['counts', 'passages', 'jaccard'];

export interface CooccurrenceMatrix {
  kind: 'cooccurrence';
  /** Code ids: the rows and the columns, in this order. */
  codes: string[];
  counts: number[][];
  passages: number[][];
  jaccard: (number | null)[][];
  coder: string | null;
  /** Codings counted. */
  total: number;
  excluded: MatrixExclusions;
}

/** The co-occurrence matrix of every code with every other. */
export function cooccurrenceMatrix(input: MatrixInput): CooccurrenceMatrix {
  const K = input.codes.length;
  const counts = new Float64Array(K * K);
  // Upper triangle (i <= j) of the symmetric measures; the diagonal holds each code alone.
  const stretches = new Float64Array(K * K);
  const shared = new Float64Array(K * K);
  const lastEnd = new Float64Array(K * K).fill(-1);
  const stamp = new Int32Array(K).fill(-1);
  let stampNo = 0;
  // Sources are laid end to end with a gap, so that a stretch never continues into the next source.
  let base = 0;
  for (const list of input.codingsBySource.values()) {
    // 1. Which codes each coding overlaps: each overlapping pair is met once, when the later-starting one arrives.
    const others: number[][] = list.map(() => []);
    let active: number[] = [];
    for (let d = 0; d < list.length; d++) {
      const start = list[d].start;
      active = active.filter((c) => list[c].end > start);
      for (const c of active) {
        if (list[c].code === list[d].code) continue;
        others[c].push(list[d].code);
        others[d].push(list[c].code);
      }
      active.push(d);
    }
    for (let c = 0; c < list.length; c++) {
      const a = list[c].code;
      counts[a * K + a]++;
      stampNo++;
      for (const b of others[c]) {
        if (stamp[b] === stampNo) continue;
        stamp[b] = stampNo;
        counts[a * K + b]++;
      }
    }
    // 2. The text coded with each code and each pair: a sweep over the places where codings start and end.
    base = sweep(list, K, base, stretches, shared, lastEnd) + 1;
  }
  const codes = input.codes.map((c) => c.id);
  const full = (tri: Float64Array) => codes.map((_, i) => codes.map((__, j) => tri[i <= j ? i * K + j : j * K + i]));
  const coveredOf = (i: number) => shared[i * K + i];
  const sharedFull = full(shared);
  const jaccard = sharedFull.map((row, i) =>
    row.map((both, j) => {
      const either = coveredOf(i) + coveredOf(j) - (i === j ? coveredOf(i) : both);
      return either > 0 ? both / either : null;
    }),
  );
  return {
    kind: 'cooccurrence',
    codes,
    counts: codes.map((_, i) => Array.from(counts.subarray(i * K, i * K + K))),
    passages: full(stretches),
    jaccard,
    coder: input.coder,
    total: input.total,
    excluded: input.excluded,
  };
}

/**
 * One source's share of the symmetric measures: for every elementary stretch
 * between two consecutive boundaries, the codes active there. Returns the
 * source's last position (relative to `base`).
 */
function sweep(
  list: readonly MatrixCoding[],
  K: number,
  base: number,
  stretches: Float64Array,
  shared: Float64Array,
  lastEnd: Float64Array,
): number {
  const ends = list.map((c, i) => i).sort((x, y) => list[x].end - list[y].end);
  const count = new Int32Array(K);
  const activeCodes: number[] = [];
  let s = 0;
  let e = 0;
  let x = list.length ? list[0].start : 0;
  let last = x;
  while (e < ends.length) {
    while (e < ends.length && list[ends[e]].end === x) {
      const k = list[ends[e++]].code;
      if (--count[k] === 0) activeCodes.splice(activeCodes.indexOf(k), 1);
    }
    while (s < list.length && list[s].start === x) {
      const k = list[s++].code;
      if (count[k]++ === 0) activeCodes.push(k);
    }
    const next = Math.min(s < list.length ? list[s].start : Infinity, e < ends.length ? list[ends[e]].end : Infinity);
    if (!Number.isFinite(next)) break;
    if (activeCodes.length) {
      const len = next - x;
      for (let p = 0; p < activeCodes.length; p++) {
        for (let q = p; q < activeCodes.length; q++) {
          const i = Math.min(activeCodes[p], activeCodes[q]);
          const j = Math.max(activeCodes[p], activeCodes[q]);
          const at = i * K + j;
          shared[at] += len;
          if (lastEnd[at] !== base + x) stretches[at]++;
          lastEnd[at] = base + next;
        }
      }
    }
    x = next;
    last = next;
  }
  return base + last;
}
