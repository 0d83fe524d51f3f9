/**
 * Sets of units as sorted intervals: a coder's coverage of one code in one
 * source is the union of their passages, so agreement is counted by sweeping
 * sorted intervals, never by marking every character.
 */

/** Half-open [start, end) in code points (or turn indices). */
export type Interval = readonly [start: number, end: number];

/**
 * The union of `spans` clipped to [0, length): sorted, disjoint, no empty or
 * touching intervals. Does not modify its input.
 */
export function unionOf(spans: readonly Interval[], length: number): Interval[] {
  const clipped: [number, number][] = [];
  for (const [s, e] of spans) {
    const start = Math.max(0, s);
    const end = Math.min(length, e);
    if (end > start) clipped.push([start, end]);
  }
  clipped.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const span of clipped) {
    const last = out[out.length - 1];
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else out.push(span);
  }
  return out;
}

/** Units in a union. */
export function measure(union: readonly Interval[]): number {
  let n = 0;
  for (const [s, e] of union) n += e - s;
  return n;
}

/** Units in both of two unions (each sorted and disjoint). */
export function overlapMeasure(a: readonly Interval[], b: readonly Interval[]): number {
  let n = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i][0], b[j][0]);
    const hi = Math.min(a[i][1], b[j][1]);
    if (hi > lo) n += hi - lo;
    if (a[i][1] < b[j][1]) i++;
    else j++;
  }
  return n;
}

/** The parts of union `a` not in union `b` (both sorted and disjoint). */
export function difference(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let j = 0;
  for (const [s0, e] of a) {
    let s = s0;
    while (j < b.length && b[j][1] <= s) j++;
    let k = j;
    while (s < e && k < b.length && b[k][0] < e) {
      if (b[k][0] > s) out.push([s, b[k][0]]);
      s = Math.max(s, b[k][1]);
      k++;
    }
    if (s < e) out.push([s, e]);
  }
  return out;
}

/**
 * The turns a union of passages overlaps, as sorted turn indices (no repeats).
 * `turns` are sorted, disjoint [start, end) spans; a passage overlaps a turn
 * when it shares at least one unit with it.
 */
export function turnsTouched(union: readonly Interval[], turns: readonly Interval[]): number[] {
  const out: number[] = [];
  for (const [s, e] of union) {
    // First turn ending after s.
    let lo = 0;
    let hi = turns.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (turns[mid][1] <= s) lo = mid + 1;
      else hi = mid;
    }
    for (let t = lo; t < turns.length && turns[t][0] < e; t++) {
      if (turns[t][1] > turns[t][0] && out[out.length - 1] !== t) out.push(t);
    }
  }
  return out;
}

/** How many values two sorted lists of distinct numbers share. */
export function sharedCount(a: readonly number[], b: readonly number[]): number {
  let n = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      n++;
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return n;
}

/**
 * For several coders' unions over `length` units: how many units exactly k of
 * them cover, k = 0..unions.length (a sweep over the interval ends).
 */
export function coverageHistogram(unions: readonly (readonly Interval[])[], length: number): number[] {
  const hist = new Array<number>(unions.length + 1).fill(0);
  const events: number[] = [];
  // Encoded as position * 2 + (0 for an end, 1 for a start): ends sort before starts at one position.
  for (const u of unions) for (const [s, e] of u) events.push(s * 2 + 1, e * 2);
  events.sort((x, y) => x - y);
  let depth = 0;
  let at = 0;
  let covered = 0;
  for (const ev of events) {
    const pos = Math.floor(ev / 2);
    if (depth > 0) {
      hist[depth] += pos - at;
      covered += pos - at;
    }
    at = pos;
    depth += ev % 2 === 1 ? 1 : -1;
  }
  hist[0] = length - covered;
  return hist;
}
