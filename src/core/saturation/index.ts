/**
 * Code saturation statistics: when do new interviews stop bringing new codes, and
 * how many codes would more interviews likely find? Pure TypeScript (no `vscode`,
 * no file system), shared by the extension, the CLI and the browser build.
 *
 * The figures, each labelled in `methods` with its citation and parameters:
 * new codes per unit and the cumulative curve in interview order; Chao2 (classic,
 * bias-corrected, standard error as R vegan 2.6 `specpool`); incidence sample
 * coverage (Chao & Jost 2012) and naive Good-Turing; the order-free expected curve
 * with its standard deviation (vegan `specaccum(method = "exact")`); a band from
 * seeded random orders; and Guest, Namey & Chen (2020) base-and-run saturation.
 */
import { analyseIncidence, methodNotes, subgroupAnalysis, type AnalysisOptions, type MethodNote, type SaturationStats, type Subgroups } from './report';
import { buildIncidence, type ExcludedCodings, type IncidenceInput, type UnitKind } from './incidence';
import type { BandOptions } from './accumulation';

export { buildIncidence, codeResolver, incidenceFromMatrix, interviewOrder, subIncidence } from './incidence';
export type { BuiltIncidence, ExcludedCodings, Incidence, IncidenceInput, UnitKind } from './incidence';
export { chao2, goodTuring, incidenceCounts, sampleCoverage } from './estimators';
export type { Chao2, IncidenceCounts } from './estimators';
export { collectorCurve, DEFAULT_BAND, exactCurve, randomOrderBand, seededRandom } from './accumulation';
export type { Band, BandOptions } from './accumulation';
export { guestSaturation, meetsThreshold } from './guest';
export type { GuestParameters, GuestResult, GuestRun } from './guest';
export { analyseIncidence, guestParameters, methodNotes, subgroupAnalysis } from './report';
export type { AnalysisOptions, MethodNote, SaturationStats, Subgroup, Subgroups } from './report';

export interface SaturationReportInput extends IncidenceInput {
  /** Random-order band; defaults to DEFAULT_BAND (1000 orders, seed 1); `false` for none. */
  band?: Partial<BandOptions> | false;
  /** A participant attribute: repeat the statistics for each of its categories. */
  subgroupBy?: string;
}

/** The statistics of the whole sample plus what they were computed from. */
export interface SaturationReport extends SaturationStats {
  by: UnitKind;
  /** The coder whose codings were counted, or null for every coder. */
  coder: string | null;
  /** Sources nobody has coded yet (after the coder filter), in interview order. */
  uncoded: string[];
  /** Unit id -> its sources, in interview order. */
  unitSources: Record<string, string[]>;
  /** Codings left out, by reason. */
  excluded: ExcludedCodings;
  subgroups?: Subgroups;
  /** How to label each figure: method, citation, parameters. */
  methods: Record<string, MethodNote>;
}

/**
 * Builds the incidence from the project's codings and computes every statistic.
 * Degenerate data (no codings, one unit, Q2 = 0) gives answers and `warnings`,
 * never an exception; figures that do not exist are null. The result is plain
 * JSON (no NaN, no Infinity, no undefined in arrays).
 */
export function saturationReport(input: SaturationReportInput): SaturationReport {
  const inc = buildIncidence(input);
  const options: AnalysisOptions = { guest: input.settings, band: input.band };
  const stats = analyseIncidence(inc, options);
  if (inc.excluded.unknownCode > 0) stats.warnings.push(`${inc.excluded.unknownCode} coding(s) name codes missing from the codebook and were left out.`);
  if (inc.excluded.mergeCycle > 0) stats.warnings.push(`${inc.excluded.mergeCycle} coding(s) name codes whose merges loop and were left out.`);
  // fromEntries defines own properties, so even a unit called "__proto__" is kept as data.
  const unitSources: Record<string, string[]> = Object.fromEntries(inc.units.map((u, i) => [u, inc.unitSources[i]]));
  const report: SaturationReport = {
    ...stats,
    by: inc.by,
    coder: inc.coder,
    uncoded: inc.uncoded,
    unitSources,
    excluded: inc.excluded,
    methods: methodNotes(stats),
  };
  if (input.subgroupBy !== undefined) {
    report.subgroups = subgroupAnalysis(inc, inc.unitParticipants, input.participants, input.subgroupBy, options);
  }
  return report;
}
