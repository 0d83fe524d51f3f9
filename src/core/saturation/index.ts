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
export * from './analysis';
export * from './charts';
export * from './saturationReport';
