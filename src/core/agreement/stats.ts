/**
 * The agreement statistics, as published: Cohen's kappa (1960) with the expected
 * agreement from each coder's own marginals over all units, Krippendorff's alpha
 * for nominal data (2011: the coincidence matrix, missing values allowed), percent
 * agreement and the Jaccard index. A figure that does not exist for the data is
 * `null` with the reason, never NaN, Infinity or a made-up 0.
 */

/** A figure, or null with why it is undefined for these data. */
export interface Figure {
  value: number | null;
  /** Set exactly when `value` is null. */
  reason?: string;
}

/**
 * Two coders, one binary decision per unit ("is this unit coded with this code?").
 * `both` + `onlyA` + `onlyB` + `neither` is the number of units.
 */
export interface Counts {
  both: number;
  onlyA: number;
  onlyB: number;
  neither: number;
}

const undefinedBecause = (reason: string): Figure => ({ value: null, reason });
const SAME_FOR_ALL =
  'expected agreement is 1: both coders gave every unit the same value (all coded, or all not coded), so kappa is undefined';
const NO_UNITS = 'there are no units to compare';

/** Units in a 2x2 table. */
export function unitCount(c: Counts): number {
  return c.both + c.onlyA + c.onlyB + c.neither;
}

/** Adds two 2x2 tables (pooling over codes). */
export function addCounts(a: Counts, b: Counts): Counts {
  return { both: a.both + b.both, onlyA: a.onlyA + b.onlyA, onlyB: a.onlyB + b.onlyB, neither: a.neither + b.neither };
}

export const ZERO_COUNTS: Readonly<Counts> = Object.freeze({ both: 0, onlyA: 0, onlyB: 0, neither: 0 });

/**
 * A ratio of two exact integers as the nearest double. The counts of a large
 * study pooled over its codes reach 10^9 units, so products reach 10^18, past
 * the 2^53 where doubles stop being exact: numerator and denominator are built
 * exactly in BigInt, and rounded once each, for the one division.
 */
function ratio(num: bigint, den: bigint): number {
  return Number(num) / Number(den);
}

/**
 * Cohen's kappa for two coders: κ = (po − pe) / (1 − pe), where po is the share
 * of units they agree on and pe = pA·pB + (1 − pA)(1 − pB), pA and pB being the
 * shares of ALL units each coder coded (not the product Pyes × Pno, and not over
 * coded units only). Undefined when pe = 1: both coders gave every unit the same
 * value (all coded or all not coded).
 */
export function cohenKappa(c: Counts): Figure {
  const n = BigInt(unitCount(c));
  if (n === 0n) return undefinedBecause(NO_UNITS);
  const a = BigInt(c.both + c.onlyA);
  const b = BigInt(c.both + c.onlyB);
  // Everything times N²: po·N² = N·(both + neither), pe·N² = a·b + (N − a)(N − b).
  const expected = a * b + (n - a) * (n - b);
  const den = n * n - expected;
  if (den === 0n) return undefinedBecause(SAME_FOR_ALL);
  return { value: ratio(n * BigInt(c.both + c.neither) - expected, den) };
}

/**
 * Krippendorff's alpha (nominal) for two coders who both saw every unit:
 * α = [(n − 1)·Σ o_cc − Σ n_c(n_c − 1)] / [n(n − 1) − Σ n_c(n_c − 1)], with n = 2N
 * pairable values, o_11 = 2·both, o_00 = 2·neither, n_1 = the coded values.
 * Undefined when every value is the same (no variation to be reliable about).
 */
export function alphaTwoCoders(c: Counts): Figure {
  const units = unitCount(c);
  if (units === 0) return undefinedBecause(NO_UNITS);
  const n = BigInt(2 * units);
  const n1 = BigInt(2 * c.both + c.onlyA + c.onlyB);
  const n0 = n - n1;
  const diagonal = BigInt(2 * (c.both + c.neither));
  const chance = n1 * (n1 - 1n) + n0 * (n0 - 1n);
  const den = n * (n - 1n) - chance;
  if (den === 0n) return undefinedBecause(SAME_VALUE);
  return { value: ratio((n - 1n) * diagonal - chance, den) };
}

const SAME_VALUE = 'every value is the same (all coded, or all not coded), so there is no variation and alpha is undefined';

/** Share of units the two coders agree on (both coded, or both not). */
export function percentAgreement(c: Counts): Figure {
  const n = unitCount(c);
  return n === 0 ? undefinedBecause(NO_UNITS) : { value: (c.both + c.neither) / n };
}

/** Jaccard index: units both coded / units either coded. */
export function jaccard(c: Counts): Figure {
  const either = c.both + c.onlyA + c.onlyB;
  return either === 0
    ? undefinedBecause('neither coder coded any unit with it, so the Jaccard index is undefined')
    : { value: c.both / either };
}

/**
 * What Krippendorff's alpha needs from reliability data: n (pairable values),
 * Σ_c o_cc (the diagonal of the coincidence matrix) and n_c per value. Alpha is
 * additive in these, so units can be summed in any grouping.
 */
export interface Coincidences {
  /** Pairable values: those in units with at least two values. */
  n: number;
  /** Σ_c o_cc. */
  agreeing: number;
  /** n_c: pairable values per value, keyed by the value. */
  perValue: Map<unknown, number>;
}

/** Nominal alpha from the coincidence matrix's totals. */
export function alphaFromCoincidences(k: Coincidences): Figure {
  if (k.n < 2) return undefinedBecause('fewer than two pairable values (no unit has values from two coders)');
  let chance = 0;
  for (const nc of k.perValue.values()) chance += nc * (nc - 1);
  const den = k.n * (k.n - 1) - chance;
  if (den <= 0) return undefinedBecause(SAME_VALUE);
  return { value: ((k.n - 1) * k.agreeing - chance) / den };
}

/**
 * Krippendorff's alpha for nominal data, any number of coders, missing values
 * allowed (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability").
 * `data[coder][unit]` is a value, or null/undefined when that coder gave the unit
 * no value. Units with fewer than two values are not pairable and are left out.
 * Values are compared with ===.
 */
export function krippendorffAlphaNominal(data: readonly (readonly unknown[])[]): Figure & { coincidences: Coincidences } {
  const k: Coincidences = { n: 0, agreeing: 0, perValue: new Map() };
  const units = Math.max(0, ...data.map((row) => row.length));
  for (let u = 0; u < units; u++) {
    const inUnit = new Map<unknown, number>();
    let m = 0;
    for (const row of data) {
      const v = row[u];
      if (v === null || v === undefined) continue;
      inUnit.set(v, (inUnit.get(v) ?? 0) + 1);
      m++;
    }
    if (m < 2) continue;
    k.n += m;
    for (const [value, count] of inUnit) {
      // o_cc gains n_uc(n_uc − 1)/(m_u − 1): the ordered pairs of equal values in the unit.
      k.agreeing += (count * (count - 1)) / (m - 1);
      k.perValue.set(value, (k.perValue.get(value) ?? 0) + count);
    }
  }
  return { ...alphaFromCoincidences(k), coincidences: k };
}

/**
 * Adds to binary (coded / not coded) coincidences `units` units that m coders
 * saw, `coded` of whom coded each of them.
 */
export function addBinaryUnits(k: Coincidences, m: number, coded: number, units: number): void {
  if (m < 2 || units === 0) return;
  const not = m - coded;
  k.n += m * units;
  k.agreeing += (units * (coded * (coded - 1) + not * (not - 1))) / (m - 1);
  if (coded) k.perValue.set(1, (k.perValue.get(1) ?? 0) + coded * units);
  if (not) k.perValue.set(0, (k.perValue.get(0) ?? 0) + not * units);
}

/** Empty binary coincidences. */
export function binaryCoincidences(): Coincidences {
  return { n: 0, agreeing: 0, perValue: new Map() };
}
