/**
 * The saturation figures as CSV tables for a paper's supplement: RFC 4180 (CRLF
 * line ends, quotes doubled, a field quoted when it holds a comma, quote or line
 * break), and safe to open in a spreadsheet: text that starts like a formula is
 * prefixed with an apostrophe.
 */
import type { Representativeness } from '../../participants';
import type { MethodNote, Subgroups } from '../report';
import type { SaturationReport } from '../saturationReport';
import { toCsv, type Cell } from '../../output';
import { parameterText } from './numbers';

/**
 * The curve table: per unit in interview order, its sources, new codes (and their
 * names when given), codes so far, the expected curve ±SD and the random-order band.
 */
export function curveCsv(report: SaturationReport, newCodeNames?: readonly (readonly string[])[]): string {
  const band = report.band;
  const header: Cell[] = ['position', report.by, 'sources', 'new_codes', 'cumulative', 'expected', 'expected_sd'];
  if (band) header.push(`band_lower_q${band.probs[0]}`, 'band_mean', `band_upper_q${band.probs[1]}`);
  if (newCodeNames) header.push('new_code_names');
  const rows: Cell[][] = [header];
  report.units.forEach((unit, i) => {
    const row: Cell[] = [
      i + 1,
      unit,
      (report.unitSources[unit] ?? []).join('; '),
      report.newCodes[i],
      report.cumulative[i],
      report.expectedCurve[i],
      report.expectedCurveSD[i],
    ];
    if (band) row.push(band.lower[i], band.mean[i], band.upper[i]);
    if (newCodeNames) row.push((newCodeNames[i] ?? []).join('; '));
    rows.push(row);
  });
  return toCsv(rows);
}

/** Guest, Namey & Chen (2020) runs: which units, new codes, ratio to the base, verdict. */
export function guestCsv(report: SaturationReport): string {
  const g = report.guest;
  const rows: Cell[][] = [['run', 'units', 'new_codes', 'base_codes', 'ratio', 'threshold', 'meets_threshold', 'base_size', 'run_length']];
  g.runs.forEach((r, i) =>
    rows.push([i + 1, r.units.join('; '), r.newCodes, g.baseCodes, r.ratio, g.threshold, r.meets ? 'yes' : 'no', g.baseSize, g.runLength]),
  );
  return toCsv(rows);
}

/** Every estimate with its method, citation and parameters, one per row. */
export function estimatesCsv(report: SaturationReport): string {
  const m = report.methods;
  const row = (figure: string, value: Cell, note?: MethodNote): Cell[] => [
    figure,
    note?.label ?? '',
    value,
    note?.method ?? '',
    note?.citation ?? '',
    parameterText(note?.parameters),
  ];
  const rows: Cell[][] = [
    ['figure', 'label', 'value', 'method', 'citation', 'parameters'],
    [
      'units',
      `${report.by === 'source' ? 'Transcripts' : 'Participants'} coded`,
      report.units.length,
      '',
      '',
      report.coder ? `coder = ${report.coder}` : 'all coders',
    ],
    row('observed', report.observed, { label: 'Codes observed (S)', method: 'Codes present in at least one unit', citation: '' }),
    row('chao2', report.chao2, m.chao2),
    row('chao2BiasCorrected', report.chao2BiasCorrected, m.chao2BiasCorrected),
    row('chao2SE', report.chao2SE, m.chao2SE),
    row('observedShare', report.observedShare, m.observedShare),
    row('coverage', report.coverage, m.coverage),
    row('goodTuring', report.goodTuring, m.goodTuring),
    row('guestSaturatedAt', report.guest.saturatedAt ?? 'not reached', m.guest),
    ['q1', 'Codes in exactly one unit (Q1)', report.q1, '', '', ''],
    ['q2', 'Codes in exactly two units (Q2)', report.q2, '', '', ''],
    ['incidences', 'Incidences (U)', report.incidences, '', '', ''],
  ];
  return toCsv(rows);
}

/** Every method note of the report: what each figure is and where it comes from. */
export function methodsCsv(report: SaturationReport): string {
  const rows: Cell[][] = [['figure', 'label', 'method', 'citation', 'parameters']];
  for (const [key, n] of Object.entries(report.methods)) rows.push([key, n.label, n.method, n.citation, parameterText(n.parameters)]);
  return toCsv(rows);
}

/** The statistics per subgroup of one participant attribute. */
export function subgroupsCsv(subgroups: Subgroups): string {
  const rows: Cell[][] = [
    [
      'attribute',
      'category',
      'units',
      'observed',
      'chao2',
      'chao2_se',
      'coverage',
      'good_turing',
      'guest_saturated_at',
      'new_codes_in_latest_unit',
    ],
  ];
  for (const g of subgroups.groups) {
    const s = g.stats;
    rows.push([
      subgroups.attribute,
      g.value,
      s.units.length,
      s.observed,
      s.units.length ? s.chao2 : null,
      s.units.length ? s.chao2SE : null,
      s.coverage,
      s.goodTuring,
      s.guest.saturatedAt ?? (s.units.length ? 'not reached' : ''),
      s.newCodes.length ? s.newCodes[s.newCodes.length - 1] : null,
    ]);
  }
  if (subgroups.unassigned.length)
    rows.push([subgroups.attribute, '(no value)', subgroups.unassigned.length, null, null, null, null, null, null, null]);
  return toCsv(rows);
}

/** Sample composition against the target, per attribute and category. */
export function compositionCsv(composition: Representativeness): string {
  const rows: Cell[][] = [['attribute', 'category', 'count', 'share', 'target', 'difference', 'status', 'tolerance']];
  for (const a of composition.attributes) {
    for (const c of a.categories)
      rows.push([a.attribute, c.value, c.count, c.proportion, c.target, c.difference, c.status, composition.tolerance]);
  }
  return toCsv(rows);
}
