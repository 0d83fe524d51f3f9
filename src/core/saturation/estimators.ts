/**
 * Richness and coverage estimators for incidence data (codes x units), written to
 * give the same numbers as R vegan 2.6 `specpool` where vegan has them.
 */
import type { Incidence } from './incidence';

/** Counts every estimator is built from. */
export interface IncidenceCounts {
  /** Units (sampling units: interviews or participants). */
  m: number;
  /** Codes seen in at least one unit. */
  observed: number;
  /** Codes seen in exactly one unit. */
  q1: number;
  /** Codes seen in exactly two units. */
  q2: number;
  /** Total incidences: the sum over codes of the units they appear in. */
  incidences: number;
  /** For each column of the incidence, the number of units it appears in. */
  frequencies: number[];
}

/** Frequencies and the counts Q1, Q2, U of an incidence table. */
export function incidenceCounts(inc: Incidence): IncidenceCounts {
  const frequencies = new Array<number>(inc.codes.length).fill(0);
  for (const row of inc.rows) for (const k of row) frequencies[k]++;
  let observed = 0;
  let q1 = 0;
  let q2 = 0;
  let incidences = 0;
  for (const f of frequencies) {
    if (f > 0) observed++;
    if (f === 1) q1++;
    if (f === 2) q2++;
    incidences += f;
  }
  return { m: inc.rows.length, observed, q1, q2, incidences, frequencies };
}

export interface Chao2 {
  /** vegan specpool `chao`: S + ((m-1)/m)·Q1²/(2Q2), or S + ((m-1)/m)·Q1(Q1-1)/2 when Q2 = 0. */
  classic: number;
  /** S + ((m-1)/m)·Q1(Q1-1)/(2(Q2+1)) (Chao 2005). */
  biasCorrected: number;
  /** vegan specpool `chao.se`. */
  se: number;
  /** S / classic: the share of the estimated codes already seen; null when nothing is seen. */
  observedShare: number | null;
}

/**
 * Chao2 as vegan `specpool(x, smallsample = TRUE)` computes it, variance included.
 * Where vegan stops (one unit: it tests a missing Q2), Q2 is taken as 0, which
 * gives Chao2 = S and SE = 0 because the small-sample factor (m-1)/m is 0.
 */
export function chao2(c: IncidenceCounts): Chao2 {
  const { m, observed: s, q1, q2 } = c;
  if (s === 0) return { classic: 0, biasCorrected: 0, se: 0, observedShare: null };
  const ssc = (m - 1) / m;
  const classic = q2 > 0 ? s + (ssc * q1 * q1) / 2 / q2 : s + (ssc * q1 * (q1 - 1)) / 2;
  const biasCorrected = s + (ssc * q1 * (q1 - 1)) / (2 * (q2 + 1));
  let variance: number;
  if (q2 > 0) {
    const aa = q1 / q2;
    variance = q2 * ssc * (0.5 + ssc * (1 + aa / 4) * aa) * aa * aa;
  } else {
    variance = ssc * (ssc * ((q1 * (2 * q1 - 1) ** 2) / 4 - q1 ** 4 / classic / 4) + (q1 * (q1 - 1)) / 2);
  }
  // Rounding can leave a variance of -1e-17 where the true value is 0.
  return { classic, biasCorrected, se: Math.sqrt(Math.max(0, variance)), observedShare: s / classic };
}

/**
 * Sample coverage for incidence data (Chao & Jost 2012, eq. for incidence; the
 * Q2 = 0 form as in iNEXT): 1 - (Q1/U)·[(m-1)Q1 / ((m-1)Q1 + 2Q2)], and with
 * Q2 = 0, 1 - (Q1/U)·[(m-1)(Q1-1) / ((m-1)(Q1-1) + 2)].
 * Null when nothing is coded or there is a single unit (every code is then a
 * singleton and the formula would claim full coverage).
 */
export function sampleCoverage(c: IncidenceCounts): number | null {
  const { m, q1, q2, incidences: u } = c;
  if (u === 0 || m < 2) return null;
  if (q1 === 0) return 1;
  const a = q2 > 0 ? ((m - 1) * q1) / ((m - 1) * q1 + 2 * q2) : ((m - 1) * (q1 - 1)) / ((m - 1) * (q1 - 1) + 2);
  return 1 - (q1 / u) * a;
}

/** Naive Good-Turing coverage on pooled incidences, 1 - Q1/U; null when nothing is coded. */
export function goodTuring(c: IncidenceCounts): number | null {
  return c.incidences === 0 ? null : 1 - c.q1 / c.incidences;
}
