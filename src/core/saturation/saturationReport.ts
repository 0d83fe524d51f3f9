/** The saturation report: the statistics of a project's codings and what they were computed from. */
import {
  analyseIncidence,
  methodNotes,
  subgroupAnalysis,
  type AnalysisOptions,
  type MethodNote,
  type SaturationStats,
  type Subgroups,
} from './report';
import { buildIncidence, type ExcludedCodings, type IncidenceInput, type UnitKind } from './incidence';
import type { BandOptions } from './accumulation';

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
  if (inc.excluded.unknownCode > 0)
    stats.warnings.push(`${inc.excluded.unknownCode} coding(s) name codes missing from the codebook and were left out.`);
  if (inc.excluded.mergeCycle > 0)
    stats.warnings.push(`${inc.excluded.mergeCycle} coding(s) name codes whose merges loop and were left out.`);
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
