/**
 * The agreement table as a reader sees it: sorted by kappa (lowest first), with
 * what every figure was computed over, the reason for every blank, and the
 * references; as plain text (the CLI), CSV and Markdown (a methods section).
 * The table holds no quotes, so there is nothing to pseudonymise; all text is escaped.
 */
import { csvRow, escapeMarkdown, escapeMarkdownCell, escapeMarkdownLine } from '../output';
import type { AgreementReport, CodeAgreement, PairFigures } from './compare';
import { FIGURE_NAMES, METHODS, unitRule, unitWords, type FigureName } from './methods';

/** Rows sorted by kappa, lowest first; undefined kappas last; then by code name. */
export function byKappa(rows: readonly CodeAgreement[]): CodeAgreement[] {
  return [...rows].sort((x, y) => {
    if (x.kappa !== y.kappa) {
      if (x.kappa === null) return 1;
      if (y.kappa === null) return -1;
      return x.kappa - y.kappa;
    }
    return x.name.localeCompare(y.name) || (x.code < y.code ? -1 : 1);
  });
}

const grouped = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** A figure for reading: 3 decimals, agreement as a percentage, "—" when undefined. */
export function showFigure(name: FigureName, value: number | null): string {
  if (value === null) return '—';
  return name === 'agreement' ? `${(value * 100).toFixed(1)} %` : value.toFixed(3);
}

/** One sentence: who was compared, over what. */
export function scopeSentence(r: AgreementReport): string {
  const [a, b] = r.coders;
  const n =
    r.overall.units && r.codes.length ? r.overall.units / r.codes.length : Object.values(r.unitsPerSource).reduce((x, y) => x + y, 0);
  const list = r.sources.length ? `: ${r.sources.join(', ')}` : '';
  const sources = `${r.sources.length} source${r.sources.length === 1 ? '' : 's'}`;
  return `${a} and ${b}, over the ${grouped(n)} ${unitWords(r.unit, n)} of the ${sources} both coded${list}. ${capital(unitRule(r.unit))}.`;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Every null figure with its reason, as sentences "code, figure: reason.". */
export function undefinedNotes(r: AgreementReport): string[] {
  const out: string[] = [];
  const note = (what: string, f: PairFigures) => {
    for (const name of FIGURE_NAMES) if (f.reasons?.[name]) out.push(`${what}, ${METHODS[name].label}: ${f.reasons[name]}.`);
  };
  for (const row of byKappa(r.codes)) note(row.name, row);
  note('All codes pooled', r.overall);
  return out;
}

/** What was left out, as sentences (empty when nothing was). */
export function leftOutNotes(r: Pick<AgreementReport, 'skipped' | 'excluded'>): string[] {
  const out = r.skipped.map((s) => `Not compared: ${s.source} (${s.reason}).`);
  const e = r.excluded;
  if (e.orphaned)
    out.push(
      `${e.orphaned} coding(s) whose passage is no longer found in its transcript were left out (see Needs Attention or qda status).`,
    );
  if (e.unknownCode) out.push(`${e.unknownCode} coding(s) name codes missing from the codebook and were left out.`);
  if (e.mergeCycle) out.push(`${e.mergeCycle} coding(s) name codes whose merges loop and were left out.`);
  if (e.withdrawn)
    out.push(
      `${e.withdrawn} coding(s) in the sources or turns of participants who withdrew were left out, and those sources and turns too.`,
    );
  if (e.outsideTurns) out.push(`${e.outsideTurns} coding(s) overlap no speaker turn (front matter, headings) and count for no unit.`);
  return out;
}

/** The plain-text table of `qda agreement`. */
export function agreementText(r: AgreementReport, table: (rows: (string | number)[][]) => string[]): string[] {
  const [a, b] = r.coders;
  const lines = [`Agreement between ${scopeSentence(r)}`, ''];
  const rows: (string | number)[][] = [['code', 'kappa', 'alpha', 'agreement', 'jaccard', 'both', `only ${a}`, `only ${b}`, 'neither']];
  const row = (name: string, f: PairFigures) => [
    name,
    ...FIGURE_NAMES.map((n) => showFigure(n, f[n])),
    f.both,
    f.onlyA,
    f.onlyB,
    f.neither,
  ];
  for (const c of byKappa(r.codes)) rows.push(row(c.name, c));
  rows.push(row('All codes pooled', r.overall));
  lines.push(...table(rows));
  const notes = undefinedNotes(r);
  if (notes.length) lines.push('', '— undefined:', ...notes.map((n) => `  ${n}`));
  const left = leftOutNotes(r);
  if (left.length) lines.push('', ...left);
  lines.push('', ...methodLines(r));
  return lines;
}

function methodLines(r: AgreementReport): string[] {
  return [
    `Units: ${unitWords(r.unit)}: ${unitRule(r.unit)}. Every code is counted over all units of every source compared; ` +
      '"All codes pooled" counts every (code, unit) pair.',
    ...FIGURE_NAMES.map((n) => `${METHODS[n].label}: ${METHODS[n].method}.${METHODS[n].citation ? ` ${METHODS[n].citation}` : ''}`),
  ];
}

/** The table as CSV (RFC 4180, formula-safe), one row per code and a pooled row last. */
export function agreementCsv(r: AgreementReport): string {
  const [a, b] = r.coders;
  let out = csvRow([
    'code',
    'name',
    'status',
    ...FIGURE_NAMES,
    'both',
    `only_${a}`,
    `only_${b}`,
    'neither',
    'units',
    'unit',
    'coders',
    'sources',
    'undefined_because',
  ]);
  const row = (code: string, name: string, status: string, f: PairFigures) =>
    csvRow([
      code,
      name,
      status,
      ...FIGURE_NAMES.map((n) => f[n]),
      f.both,
      f.onlyA,
      f.onlyB,
      f.neither,
      f.units,
      r.unit,
      `${a}; ${b}`,
      r.sources.join('; '),
      reasonText(f),
    ]);
  for (const c of byKappa(r.codes)) out += row(c.code, c.name, c.status, c);
  out += row('', 'All codes pooled', '', r.overall);
  return out;
}

function reasonText(f: PairFigures): string {
  return FIGURE_NAMES.filter((n) => f.reasons?.[n])
    .map((n) => `${n}: ${f.reasons![n]}`)
    .join('; ');
}

/** The table as Markdown for a methods section: caption, table, blanks explained, methods and references. */
export function agreementMarkdown(r: AgreementReport, title?: string): string {
  const [a, b] = r.coders;
  const cell = (s: string | number) => escapeMarkdownCell(String(s));
  const lines = [
    `**Inter-coder agreement${title ? ` — ${escapeMarkdown(title)}` : ''}.** ${escapeMarkdown(`Between ${scopeSentence(r)}`)}`,
    '',
    `| Code | κ | α | Agreement | Jaccard | Both | Only ${cell(a)} | Only ${cell(b)} | Neither |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  // The name cell arrives escaped: the pooled row's emphasis is ours, not user text.
  const row = (nameCell: string, f: PairFigures) => {
    const cells = [...FIGURE_NAMES.map((n) => showFigure(n, f[n])), ...[f.both, f.onlyA, f.onlyB, f.neither].map(grouped)];
    return `| ${nameCell} | ${cells.join(' | ')} |`;
  };
  for (const c of byKappa(r.codes)) lines.push(row(cell(c.name), c));
  lines.push(row('**All codes pooled**', r.overall));
  const notes = undefinedNotes(r);
  if (notes.length) lines.push('', '— = undefined:', '', ...notes.map((n) => `- ${escapeMarkdownLine(n)}`));
  const left = leftOutNotes(r);
  if (left.length) lines.push('', ...left.map((n) => `- ${escapeMarkdownLine(n)}`));
  lines.push('', ...methodLines(r).map((l) => `- ${escapeMarkdownLine(l)}`));
  return lines.join('\n') + '\n';
}
