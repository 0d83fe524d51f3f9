/**
 * Accumulation curves: the observed one in interview order, the expected one over
 * all orders (vegan `specaccum(method = "exact")`), and a band from seeded random
 * orders.
 */
import type { Incidence } from './incidence';
import { seededRandom } from '../random';

/** New codes per unit (codes not seen in any earlier unit) and the running total. */
export function collectorCurve(inc: Incidence): { newCodes: number[]; cumulative: number[] } {
  const seen = new Uint8Array(inc.codes.length);
  const newCodes: number[] = [];
  const cumulative: number[] = [];
  let total = 0;
  for (const row of inc.rows) {
    let fresh = 0;
    for (const k of row) {
      if (!seen[k]) {
        seen[k] = 1;
        fresh++;
      }
    }
    total += fresh;
    newCodes.push(fresh);
    cumulative.push(total);
  }
  return { newCodes, cumulative };
}

/**
 * The expected number of codes in i units drawn without replacement (i = 1..m),
 * averaged over every order, and its standard deviation conditioned on the sample
 * exactly as vegan `specaccum(method = "exact", conditioned = TRUE)` reports it.
 *
 * vegan's variance is Σ_k V_ik + 2 Σ_{k<l} r_kl √(V_ik V_il), with V_ik = p(1-p)
 * for p the chance that code k is absent from i units and r_kl the Pearson
 * correlation of codes k and l across units (0 for a code present everywhere).
 * That sum is the quadratic form sᵀRs with s_k = √V_ik, and since R is built from
 * centred columns, sᵀRs = Σ_u (a_u - ā)² with a_u = Σ_{k in unit u} s_k/√SS_k.
 * The weight s_k/√SS_k depends only on the code's frequency f (the units it is in),
 * and is 0 once i > m - f. So with n_ux the number of codes of frequency class x
 * in unit u, a_u = Σ_x n_ux w_x and the variance is wᵀCw, C the covariance of the
 * n_ux across units, built once. That is F² / 2 terms per i over the F distinct
 * frequencies, where Σ_u (a_u - ā)² takes one per incidence: F distinct frequencies
 * need at least 1 + 2 + … + F incidences, so wᵀCw is never the longer sum, and F is
 * at most the number of codes. O(m · min(incidences, codes²)) in all: with a given
 * codebook it grows linearly with the units (the per-unit sum grew with their square).
 */
export function exactCurve(inc: Incidence): { mean: number[]; sd: number[] } {
  const m = inc.rows.length;
  const frequency = new Int32Array(inc.codes.length);
  for (const row of inc.rows) for (const k of row) frequency[k]++;
  // Distinct frequencies, ascending: those still carrying weight at i are a prefix.
  const codesWithFrequency = new Map<number, number>();
  for (const f of frequency) if (f > 0) codesWithFrequency.set(f, (codesWithFrequency.get(f) ?? 0) + 1);
  const freqs = [...codesWithFrequency.keys()].sort((a, b) => a - b);
  const F = freqs.length;
  const count = freqs.map((f) => codesWithFrequency.get(f) as number);
  const classOf = new Map(freqs.map((f, j) => [f, j]));
  // Each unit's codes as frequency classes, ascending, in one flat array (rowStart[u]..rowStart[u+1]).
  const rowStart = new Int32Array(m + 1);
  for (let u = 0; u < m; u++) rowStart[u + 1] = rowStart[u] + inc.rows[u].length;
  const cls = new Int32Array(rowStart[m]);
  for (let u = 0; u < m; u++) {
    const row = Array.from(inc.rows[u], (k) => classOf.get(frequency[k]) as number).sort((a, b) => a - b);
    cls.set(row, rowStart[u]);
  }
  const covariance = classCovariance(cls, rowStart, freqs, count);
  const absent = new Float64Array(F).fill(1);
  const w = new Float64Array(F);
  const mean: number[] = [];
  const sd: number[] = [];
  for (let i = 1; i <= m; i++) {
    let expected = 0;
    let active = 0;
    for (let j = 0; j < F; j++) {
      const f = freqs[j];
      // C(m-f, i) / C(m, i), built one factor per added unit; 0 once i > m-f.
      absent[j] = i > m - f ? 0 : (absent[j] * (m - f - (i - 1))) / (m - (i - 1));
      const p = absent[j];
      expected += count[j] * (1 - p);
      const ss = (f * (m - f)) / m;
      w[j] = ss > 0 ? Math.sqrt(p * (1 - p)) / Math.sqrt(ss) : 0;
      if (i <= m - f) active = j + 1;
    }
    mean.push(expected);
    let variance = 0;
    for (let x = 0; x < active; x++) {
      const wx = w[x];
      if (wx === 0) continue;
      const base = x * F;
      let cross = 0;
      for (let y = x + 1; y < active; y++) cross += covariance[base + y] * w[y];
      variance += wx * (covariance[base + x] * wx + 2 * cross);
    }
    // A variance is never negative; rounding may take an exact 0 a hair below it.
    variance = Math.max(0, variance);
    sd.push(Math.sqrt(variance));
  }
  return { mean, sd };
}

/**
 * C[x][y] = Σ_u (n_ux - n̄_x)(n_uy - n̄_y), n_ux the number of codes of frequency
 * class x in unit u (a unit's classes come sorted, so equal classes are adjacent).
 */
function classCovariance(cls: Int32Array, rowStart: Int32Array, freqs: readonly number[], count: readonly number[]): Float64Array {
  const F = freqs.length;
  const m = rowStart.length - 1;
  const c = new Float64Array(F * F);
  const classes: number[] = [];
  const n: number[] = [];
  for (let u = 0; u < m; u++) {
    classes.length = 0;
    n.length = 0;
    for (let t = rowStart[u]; t < rowStart[u + 1]; t++) {
      if (classes.length && classes[classes.length - 1] === cls[t]) n[n.length - 1]++;
      else {
        classes.push(cls[t]);
        n.push(1);
      }
    }
    for (let x = 0; x < classes.length; x++) for (let y = 0; y < classes.length; y++) c[classes[x] * F + classes[y]] += n[x] * n[y];
  }
  // Σ_u n_ux = codes of the class times their frequency.
  const total = freqs.map((f, x) => f * count[x]);
  for (let x = 0; x < F; x++) for (let y = 0; y < F; y++) c[x * F + y] -= (total[x] * total[y]) / m;
  return c;
}

export interface BandOptions {
  /** How many random orders (0: no band). */
  orders: number;
  /** Seed of the generator: the same seed gives the same band. */
  seed: number;
  /** Lower and upper quantile probabilities. */
  probs: [number, number];
}

/** 1000 orders, seed 1, the central 95 %. */
export const DEFAULT_BAND: BandOptions = { orders: 1000, seed: 1, probs: [0.025, 0.975] };

/** Cumulative codes after 1..m units over random interview orders: mean and quantiles. */
export interface Band {
  orders: number;
  seed: number;
  probs: [number, number];
  mean: number[];
  lower: number[];
  upper: number[];
}

/**
 * Accumulation over `orders` random orders (Fisher-Yates on a seeded generator).
 * Quantiles are R's default (type 7: linear interpolation between order statistics).
 */
export function randomOrderBand(inc: Incidence, options: BandOptions): Band {
  const { orders, seed, probs } = options;
  const m = inc.rows.length;
  const width = inc.codes.length + 1;
  const result: Band = { orders, seed, probs: [probs[0], probs[1]], mean: [], lower: [], upper: [] };
  if (orders < 1 || m === 0) return result;
  const random = seededRandom(seed);
  const order = Int32Array.from({ length: m }, (_, i) => i);
  // Seen-stamps avoid clearing a "seen" array for every order.
  const seenIn = new Int32Array(inc.codes.length).fill(-1);
  // histogram[i * width + c]: how many orders had c codes after i+1 units.
  const histogram = new Uint32Array(m * width);
  const sums = new Float64Array(m);
  const observed = new Set(inc.rows.flat()).size;
  for (let o = 0; o < orders; o++) {
    for (let i = m - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    let count = 0;
    for (let i = 0; i < m; i++) {
      // Once every code is seen, later units cannot add one: skip reading them.
      if (count === observed) {
        histogram[i * width + count]++;
        sums[i] += count;
        continue;
      }
      for (const k of inc.rows[order[i]]) {
        if (seenIn[k] !== o) {
          seenIn[k] = o;
          count++;
        }
      }
      histogram[i * width + count]++;
      sums[i] += count;
    }
  }
  for (let i = 0; i < m; i++) {
    const counts = histogram.subarray(i * width, (i + 1) * width);
    result.mean.push(sums[i] / orders);
    result.lower.push(quantileOfCounts(counts, orders, probs[0]));
    result.upper.push(quantileOfCounts(counts, orders, probs[1]));
  }
  return result;
}

/** Type-7 quantile of `n` values given as a histogram (counts[v] = how many equal v). */
function quantileOfCounts(counts: Uint32Array, n: number, prob: number): number {
  const h = (n - 1) * prob;
  const lo = Math.floor(h);
  const valueAt = (index: number): number => {
    let seen = 0;
    for (let v = 0; v < counts.length; v++) {
      seen += counts[v];
      if (seen > index) return v;
    }
    return counts.length - 1;
  };
  const below = valueAt(lo);
  return h === lo ? below : below + (h - lo) * (valueAt(Math.min(lo + 1, n - 1)) - below);
}

export { seededRandom };
