/**
 * The statistics behind "is the sample like the survey?": Wilson score
 * intervals, Pearson's chi-square goodness of fit and the exact multinomial
 * test. Small samples are the norm in co-produced studies (8 to 40 people), so
 * the exact test is the one to trust; chi-square is given because readers know
 * it, with a warning when expected counts are under 5.
 *
 * References (values checked in test/unit/participantStats.test.ts):
 * - Wilson E B (1927), JASA 22:209-212; Newcombe R G (1998), Stat Med 17:857-872.
 * - Pearson K (1900); the chi-square distribution function as the regularised
 *   lower incomplete gamma function P(df/2, x/2) (Abramowitz & Stegun 26.4.19),
 *   computed by its series and continued fraction (A&S 6.5.29, 6.5.31).
 * - The exact multinomial test (e.g. Read & Cressie 1988, ch. 2): the total
 *   probability of every outcome no more likely than the one observed, with a
 *   relative tolerance of 1e-7 for ties as R's binom.test uses.
 */
import { seededRandom } from '../random';

/** z for a two-sided 95 % interval: the 0.975 quantile of the standard normal. */
export const Z95 = 1.959963984540054;

/** Wilson's score interval for a proportion x/n (95 % unless z is given); null when n = 0. */
export function wilsonInterval(x: number, n: number, z = Z95): { low: number; high: number } | null {
  if (!(n > 0) || x < 0 || x > n) return null;
  const p = x / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At x = 0 or x = n the formula gives the bound exactly; clamp rounding dust.
  return { low: x === 0 ? 0 : Math.max(0, centre - half), high: x === n ? 1 : Math.min(1, centre + half) };
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms: about 15 significant digits). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
    -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  const y = x - 1;
  let a = c[0];
  const t = y + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (y + i);
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * The regularised lower incomplete gamma function P(a, x) = γ(a, x) / Γ(a):
 * the series for x < a + 1, else 1 minus the continued fraction for Q.
 */
export function regularizedGammaP(a: number, x: number): number {
  if (!(a > 0) || Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return 0;
  if (x === Infinity) return 1;
  const lead = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) {
    // Σ x^n / (a (a+1) … (a+n))
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 10000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-16) break;
    }
    return Math.min(1, sum * Math.exp(lead));
  }
  return Math.max(0, 1 - upperFraction(a, x) * Math.exp(lead));
}

/** Q(a, x) = 1 - P(a, x), without the cancellation for large x. */
export function regularizedGammaQ(a: number, x: number): number {
  if (!(a > 0) || Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  if (x < a + 1) return 1 - regularizedGammaP(a, x);
  return Math.min(1, upperFraction(a, x) * Math.exp(a * Math.log(x) - x - logGamma(a)));
}

// The continued fraction 1/(x+1-a- 1·(1-a)/(x+3-a- 2·(2-a)/(x+5-a- …))), by the modified Lentz method.
function upperFraction(a: number, x: number): number {
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return h;
}

/** P(X ≥ x) for X chi-square with `df` degrees of freedom (the p of a chi-square test). */
export function chiSquareSurvival(x: number, df: number): number {
  if (!(df > 0)) return Number.NaN;
  return regularizedGammaQ(df / 2, x / 2);
}

export interface ChiSquareTest {
  chi2: number;
  df: number;
  p: number;
  /** Expected counts n·target per category, in the order given. */
  expected: number[];
  /** How many expected counts are under 5 (the chi-square p is then unreliable). */
  expectedBelow5: number;
}

/**
 * Pearson's chi-square goodness of fit of `observed` counts to `proportions`
 * (which must sum to 1 and be > 0). df = categories - 1. Null with fewer than
 * two categories or no observation.
 */
export function chiSquareGoodnessOfFit(observed: readonly number[], proportions: readonly number[]): ChiSquareTest | null {
  const n = observed.reduce((a, b) => a + b, 0);
  if (observed.length < 2 || n === 0 || observed.length !== proportions.length) return null;
  const expected = proportions.map((p) => n * p);
  const chi2 = observed.reduce((sum, o, i) => sum + (o - expected[i]) ** 2 / expected[i], 0);
  const df = observed.length - 1;
  return { chi2, df, p: chiSquareSurvival(chi2, df), expected, expectedBelow5: expected.filter((e) => e < 5).length };
}

export interface ExactTest {
  p: number;
  /** `enumeration`: every outcome summed; `monte-carlo`: estimated from seeded random samples. */
  method: 'enumeration' | 'monte-carlo';
  /** Outcomes enumerated, or samples drawn. */
  outcomes: number;
  /** For Monte Carlo: the standard error of the estimate; 0 for enumeration. */
  standardError: number;
  seed?: number;
}

export interface ExactOptions {
  /** Enumerate when there are at most this many outcomes (default 2 000 000). */
  maxOutcomes?: number;
  /** Monte Carlo samples when there are more (default 100 000). */
  samples?: number;
  seed?: number;
  /** Relative tolerance for ties (default 1e-7). */
  tolerance?: number;
}

/** Number of ways to put n items in k categories: C(n + k - 1, k - 1). */
export function multinomialOutcomes(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i < k; i++) r = (r * (n + i)) / i;
  return Math.round(r);
}

/**
 * The exact multinomial goodness-of-fit test: the probability, under
 * `proportions`, of every outcome of the same size no more likely than
 * `observed`. Enumerates when feasible, else a seeded Monte Carlo estimate.
 * Null with fewer than two categories or no observation.
 */
export function exactMultinomialTest(
  observed: readonly number[],
  proportions: readonly number[],
  opts: ExactOptions = {},
): ExactTest | null {
  const n = observed.reduce((a, b) => a + b, 0);
  const k = observed.length;
  if (k < 2 || n === 0 || k !== proportions.length) return null;
  const tolerance = opts.tolerance ?? 1e-7;
  const logFact = [0];
  for (let i = 1; i <= n; i++) logFact.push(logFact[i - 1] + Math.log(i));
  const logP = proportions.map((p) => Math.log(p));
  const logProb = (x: readonly number[]): number => {
    let s = logFact[n];
    for (let i = 0; i < k; i++) s += x[i] * logP[i] - logFact[x[i]];
    return s;
  };
  const threshold = logProb(observed) + Math.log1p(tolerance);
  const outcomes = multinomialOutcomes(n, k);
  if (outcomes <= (opts.maxOutcomes ?? 2_000_000)) {
    let p = 0;
    const x = new Array<number>(k).fill(0);
    // Depth-first over x[0..k-2]; the last category takes what is left.
    const visit = (i: number, left: number, partial: number): void => {
      if (i === k - 1) {
        x[i] = left;
        const lp = partial + left * logP[i] - logFact[left];
        if (lp <= threshold) p += Math.exp(lp);
        return;
      }
      for (let v = 0; v <= left; v++) {
        x[i] = v;
        visit(i + 1, left - v, partial + v * logP[i] - logFact[v]);
      }
    };
    visit(0, n, logFact[n]);
    return { p: Math.min(1, p), method: 'enumeration', outcomes, standardError: 0 };
  }
  const samples = opts.samples ?? 100_000;
  const seed = opts.seed ?? 1;
  const random = seededRandom(seed);
  // Each sample category by category: x[i] ~ Binomial(what is left, p[i] / the proportion left), drawn by
  // inversion from the mode, about sqrt(n) steps a category instead of n single draws (7 s at 1,000 participants).
  const total = proportions.reduce((a, b) => a + b, 0);
  const rest = proportions.map((_, i) => proportions.slice(i).reduce((a, b) => a + b, 0) / total);
  let hits = 0;
  const x = new Array<number>(k);
  for (let s = 0; s < samples; s++) {
    let left = n;
    for (let i = 0; i < k - 1; i++) {
      x[i] = left === 0 ? 0 : binomial(left, rest[i] > 0 ? proportions[i] / total / rest[i] : 0, random(), logFact);
      left -= x[i];
    }
    x[k - 1] = left;
    if (logProb(x) <= threshold) hits++;
  }
  const p = hits / samples;
  return { p, method: 'monte-carlo', outcomes: samples, standardError: Math.sqrt((p * (1 - p)) / samples), seed };
}

/**
 * A Binomial(n, p) draw from one uniform `u`, by inversion: outcomes are visited from the mode outwards (above,
 * then below, while both remain) and the first whose running total of probabilities passes `u` is returned, so
 * each outcome is drawn with its probability in about sqrt(n p (1 - p)) steps. `logFact[i]` is log(i!), i <= n.
 */
export function binomial(n: number, p: number, u: number, logFact: readonly number[]): number {
  if (p <= 0) return 0;
  if (p >= 1) return n;
  const q = 1 - p;
  const mode = Math.min(n, Math.floor((n + 1) * p));
  const atMode = Math.exp(logFact[n] - logFact[mode] - logFact[n - mode] + mode * Math.log(p) + (n - mode) * Math.log(q));
  let sum = atMode;
  if (u < sum) return mode;
  let hi = mode;
  let lo = mode;
  let pHi = atMode;
  let pLo = atMode;
  while (hi < n || lo > 0) {
    if (hi < n) {
      pHi *= ((n - hi) / (hi + 1)) * (p / q);
      hi++;
      sum += pHi;
      if (u < sum) return hi;
    }
    if (lo > 0) {
      pLo *= (lo / (n - lo + 1)) * (q / p);
      lo--;
      sum += pLo;
      if (u < sum) return lo;
    }
  }
  // Rounding left the total a hair under 1 and u above it: the mode, the likeliest.
  return mode;
}
