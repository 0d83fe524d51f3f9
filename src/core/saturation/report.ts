/**
 * Every saturation statistic of one incidence table, with the notes a UI needs to
 * label each figure with its method, parameters and source.
 */
import { DEFAULT_SATURATION, type Participants, type SaturationSettings } from '../model';
import { collectorCurve, DEFAULT_BAND, exactCurve, randomOrderBand, type Band, type BandOptions } from './accumulation';
import { chao2, goodTuring, incidenceCounts, sampleCoverage } from './estimators';
import { guestSaturation, type GuestParameters, type GuestResult } from './guest';
import { subIncidence, type Incidence } from './incidence';

/** The statistics of one incidence table (the whole sample or one subgroup). */
export interface SaturationStats {
  /** Unit ids in interview order. */
  units: string[];
  /** Codes first seen in each unit. */
  newCodes: number[];
  /** Codes seen so far after each unit. */
  cumulative: number[];
  /** S: codes seen in at least one unit. */
  observed: number;
  chao2: number;
  chao2BiasCorrected: number;
  chao2SE: number;
  /** Chao & Jost (2012) incidence coverage, 0..1; null with no codings or one unit. */
  coverage: number | null;
  /** 1 - Q1/U, 0..1; null with no codings. */
  goodTuring: number | null;
  /** Expected codes after 1..m units over all orders. */
  expectedCurve: number[];
  expectedCurveSD: number[];
  guest: GuestResult;
  /** S / Chao2, 0..1; null when nothing is seen. */
  observedShare: number | null;
  /** Codes seen in exactly one unit. */
  q1: number;
  /** Codes seen in exactly two units. */
  q2: number;
  /** U: total incidences. */
  incidences: number;
  band?: Band;
  /** Plain-language caveats about these figures (few units, Q2 = 0, ...). */
  warnings: string[];
}

export interface AnalysisOptions {
  /** Guest et al. parameters; invalid values fall back to the defaults, with a warning. */
  guest?: Partial<GuestParameters>;
  /** Random-order band; `false` for none. */
  band?: Partial<BandOptions> | false;
}

/** How to label one figure: what it is, how it was computed, from whom. */
export interface MethodNote {
  label: string;
  method: string;
  citation: string;
  parameters?: Record<string, number | string | null>;
}

/** Settings as read from project.yaml, made safe to compute with. */
export function guestParameters(settings: Partial<SaturationSettings> | undefined): { parameters: GuestParameters; warnings: string[] } {
  const warnings: string[] = [];
  const count = (name: 'baseSize' | 'runLength'): number => {
    const v = settings?.[name];
    if (v === undefined) return DEFAULT_SATURATION[name];
    if (Number.isInteger(v) && v >= 1) return v;
    warnings.push(`saturation ${name} must be a whole number of at least 1 (got ${String(v)}); using ${DEFAULT_SATURATION[name]}`);
    return DEFAULT_SATURATION[name];
  };
  const baseSize = count('baseSize');
  const runLength = count('runLength');
  let threshold = settings?.threshold ?? DEFAULT_SATURATION.threshold;
  if (!(Number.isFinite(threshold) && threshold >= 0 && threshold <= 1)) {
    warnings.push(
      `saturation threshold must be a fraction between 0 and 1 (got ${String(threshold)}); using ${DEFAULT_SATURATION.threshold}`,
    );
    threshold = DEFAULT_SATURATION.threshold;
  }
  return { parameters: { baseSize, runLength, threshold }, warnings };
}

function bandOptions(band: AnalysisOptions['band']): BandOptions | undefined {
  if (band === false) return undefined;
  const b = { ...DEFAULT_BAND, ...band };
  if (!(Number.isInteger(b.orders) && b.orders >= 0))
    throw new Error(`saturation: band orders must be a whole number >= 0, got ${b.orders}`);
  if (!b.probs.every((p) => p >= 0 && p <= 1))
    throw new Error(`saturation: band probabilities must lie in [0, 1], got ${b.probs.join(', ')}`);
  return b.orders > 0 ? b : undefined;
}

/** Every statistic of one incidence table, units in the order given. */
export function analyseIncidence(inc: Incidence, options: AnalysisOptions = {}): SaturationStats {
  const { parameters, warnings } = guestParameters(options.guest);
  const counts = incidenceCounts(inc);
  const { newCodes, cumulative } = collectorCurve(inc);
  const c2 = chao2(counts);
  const expected = exactCurve(inc);
  const guest = guestSaturation(inc.units, newCodes, parameters);
  const { m, q1, q2 } = counts;
  if (m === 0) warnings.push('No unit has been coded yet: there is nothing to estimate.');
  else if (m === 1)
    warnings.push('Only one unit: Chao2 cannot estimate unseen codes (it equals the observed count) and coverage is undefined.');
  if (m > 0 && m < parameters.baseSize + parameters.runLength) {
    warnings.push(
      `Guest saturation needs at least ${parameters.baseSize + parameters.runLength} units (base ${parameters.baseSize} + run ${parameters.runLength}); there are ${m}.`,
    );
  } else if (m > 0 && guest.baseCodes === 0) {
    warnings.push('The base units hold no code, so the Guest ratio is undefined.');
  }
  if (m > 1 && q2 === 0 && q1 > 0)
    warnings.push('No code appears in exactly two units (Q2 = 0): Chao2 uses its bias-corrected form, as vegan does.');
  const stats: SaturationStats = {
    units: [...inc.units],
    newCodes,
    cumulative,
    observed: counts.observed,
    chao2: c2.classic,
    chao2BiasCorrected: c2.biasCorrected,
    chao2SE: c2.se,
    coverage: sampleCoverage(counts),
    goodTuring: goodTuring(counts),
    expectedCurve: expected.mean,
    expectedCurveSD: expected.sd,
    guest,
    observedShare: c2.observedShare,
    q1,
    q2,
    incidences: counts.incidences,
    warnings,
  };
  const band = bandOptions(options.band);
  if (band) stats.band = randomOrderBand(inc, band);
  return stats;
}

/** One category of a participant attribute, and the statistics of its units. */
export interface Subgroup {
  value: string;
  stats: SaturationStats;
}

export interface Subgroups {
  attribute: string;
  /** Declared values first (in declared order), then other values met, sorted. */
  groups: Subgroup[];
  /** Units whose participant has no value for the attribute, or who have no participant. */
  unassigned: string[];
}

/**
 * The same statistics per category of a participant attribute, each subgroup's
 * units kept in the overall interview order.
 */
export function subgroupAnalysis(
  inc: Incidence,
  unitParticipants: readonly (string | null)[],
  participants: Participants | undefined,
  attribute: string,
  options: AnalysisOptions = {},
): Subgroups {
  const valueOf = new Map<string, string>();
  for (const p of participants?.participants ?? []) {
    // Object.hasOwn: an attribute called "constructor" must not find Object's.
    const v: unknown = p.attributes && Object.hasOwn(p.attributes, attribute) ? p.attributes[attribute] : undefined;
    if (v !== undefined && v !== null && String(v) !== '') valueOf.set(p.id, String(v));
  }
  const members = new Map<string, number[]>();
  const declared =
    participants?.attributes && Object.hasOwn(participants.attributes, attribute) ? participants.attributes[attribute] : undefined;
  for (const v of declared ?? []) members.set(String(v), []);
  const unassigned: string[] = [];
  const met: string[] = [];
  inc.units.forEach((unit, u) => {
    const who = unitParticipants[u];
    const v = who === null ? undefined : valueOf.get(who);
    if (v === undefined) {
      unassigned.push(unit);
      return;
    }
    if (!members.has(v)) {
      members.set(v, []);
      met.push(v);
    }
    (members.get(v) as number[]).push(u);
  });
  const listed = [...members.keys()].filter((v) => !met.includes(v));
  const values = listed.concat(met.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    attribute,
    groups: values.map((value) => ({ value, stats: analyseIncidence(subIncidence(inc, members.get(value) as number[]), options) })),
    unassigned,
  };
}

/** Labels, methods and citations of every figure, with the parameters used. */
export function methodNotes(stats: SaturationStats): Record<string, MethodNote> {
  const vegan = 'Oksanen J et al. vegan: Community Ecology Package, R package 2.6';
  const notes: Record<string, MethodNote> = {
    newCodes: {
      label: 'New codes per unit',
      method: 'Codes not seen in any earlier unit, units in interview order (collector curve).',
      citation: '',
    },
    cumulative: {
      label: 'Codes seen so far',
      method: 'Running total of new codes, units in interview order.',
      citation: '',
    },
    chao2: {
      label: 'Chao2 estimated number of codes',
      method: 'S + ((m-1)/m)·Q1²/(2·Q2); when Q2 = 0, S + ((m-1)/m)·Q1(Q1-1)/2',
      citation: `Chao A (1987) Biometrics 43:783-791; computed as specpool in ${vegan}`,
      parameters: { m: stats.units.length, S: stats.observed, Q1: stats.q1, Q2: stats.q2 },
    },
    chao2BiasCorrected: {
      label: 'Chao2, bias-corrected',
      method: 'S + ((m-1)/m)·Q1(Q1-1)/(2·(Q2+1))',
      citation: 'Chao A (2005) Species estimation and applications. Encyclopedia of Statistical Sciences, 2nd ed., Wiley',
      parameters: { m: stats.units.length, S: stats.observed, Q1: stats.q1, Q2: stats.q2 },
    },
    chao2SE: {
      label: 'Standard error of Chao2',
      method: 'Variance of Chao2 as specpool reports chao.se (small-sample form)',
      citation: vegan,
    },
    observedShare: {
      label: 'Share of estimated codes observed',
      method: 'S / Chao2',
      citation: '',
    },
    coverage: {
      label: 'Sample coverage (incidence)',
      method: '1 - (Q1/U)·[(m-1)Q1 / ((m-1)Q1 + 2Q2)]; when Q2 = 0, 1 - (Q1/U)·[(m-1)(Q1-1) / ((m-1)(Q1-1) + 2)]',
      citation: 'Chao A, Jost L (2012) Coverage-based rarefaction and extrapolation. Ecology 93:2533-2547',
      parameters: { m: stats.units.length, U: stats.incidences, Q1: stats.q1, Q2: stats.q2 },
    },
    goodTuring: {
      label: 'Good-Turing coverage (naive)',
      method: '1 - Q1/U on pooled incidences',
      citation: 'Good IJ (1953) The population frequencies of species. Biometrika 40:237-264',
      parameters: { U: stats.incidences, Q1: stats.q1 },
    },
    expectedCurve: {
      label: 'Expected codes over all interview orders',
      method: 'Mean accumulation over every order of the units (specaccum method "exact")',
      citation: `Ugland KI, Gray JS, Ellingsen KE (2003) J Anim Ecol 72:888-897; ${vegan}`,
    },
    expectedCurveSD: {
      label: 'Standard deviation of the expected curve',
      method: 'Conditioned on the sample (specaccum method "exact", conditioned = TRUE)',
      citation: `Kindt R, Van Damme P, Simons AJ (2006) Biodiversity and Conservation 15:3235-3249; ${vegan}`,
    },
    guest: {
      label: 'Thematic saturation (base and run)',
      method: 'New codes in a run of units / codes in the base; saturated at the first run at or under the threshold',
      citation:
        'Guest G, Namey E, Chen M (2020) A simple method to assess and report thematic saturation in qualitative research. PLOS ONE 15(5):e0232076',
      parameters: { baseSize: stats.guest.baseSize, runLength: stats.guest.runLength, threshold: stats.guest.threshold },
    },
  };
  if (stats.band) {
    notes.band = {
      label: 'Range over random interview orders',
      method: `Codes after each unit over ${stats.band.orders} random orders (seeded mulberry32 generator, Fisher-Yates); mean and quantiles (R type 7)`,
      citation: 'Hyndman RJ, Fan Y (1996) Sample quantiles in statistical packages. The American Statistician 50:361-365',
      parameters: { orders: stats.band.orders, seed: stats.band.seed, lower: stats.band.probs[0], upper: stats.band.probs[1] },
    };
  }
  return notes;
}
