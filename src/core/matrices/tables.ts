/**
 * A matrix as a table for people (code names, not ids; one measure), and the
 * table as CSV and .xlsx. What each number means is said in `notes`, which
 * the spreadsheet carries on a sheet of its own.
 */
import { csvRow, xlsxWorkbook, type XlsxCell, type XlsxSheet } from '../output';
import type { AttributeMatrix } from './attribute';
import type { CooccurrenceMatrix, CooccurrenceMeasure } from './cooccurrence';
import type { MatrixCode, MatrixExclusions } from './input';

export type AttributeMeasure = 'codings' | 'participants' | 'share';
export const ATTRIBUTE_MEASURES: readonly AttributeMeasure[] = ['codings', 'participants', 'share'];

/** One measure of a matrix, labelled. */
export interface MatrixTable {
  /** A short name: a sheet's or a file's. */
  name: string;
  /** What a cell holds, in a sentence. */
  title: string;
  /** The heading of the label column. */
  corner: string;
  rows: string[];
  columns: string[];
  values: (number | null)[][];
  /** How values are written: whole numbers, shares (0..1, shown as %), or an index (0..1, three decimals). */
  format: 'count' | 'share' | 'index';
  /** The diagonal holds each row's own total, not a pair: drawn apart in the heat map. */
  diagonal: boolean;
  /** Definitions, the coder, what was left out: for a reader of the file. */
  notes: string[];
}

/** Code names as labels; a name used by two codes gets its parent's name before it. */
export function codeLabels(codes: readonly MatrixCode[]): string[] {
  const count = new Map<string, number>();
  for (const c of codes) count.set(c.name, (count.get(c.name) ?? 0) + 1);
  return codes.map((c) => (count.get(c.name)! > 1 && c.path.length > 1 ? c.path.slice(-2).join(' › ') : c.name));
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** What was counted and what was left out, in words. */
export function exclusionNotes(total: number, coder: string | null, excluded: MatrixExclusions): string[] {
  const notes = [
    `${plural(total, 'coding')} counted${coder !== null ? `, by coder ${coder}` : ', by every coder'}; merged codes count as the code they were merged into.`,
  ];
  const left: string[] = [];
  if (excluded.otherCoder) left.push(`${excluded.otherCoder} by other coders`);
  if (excluded.orphaned) left.push(`${excluded.orphaned} whose passage is no longer in its transcript`);
  if (excluded.retiredCode) left.push(`${excluded.retiredCode} of retired codes`);
  if (excluded.unknownCode) left.push(`${excluded.unknownCode} of codes missing from the codebook`);
  if (excluded.mergeCycle) left.push(`${excluded.mergeCycle} of codes whose merges loop`);
  if (excluded.notIncluded) left.push(`${excluded.notIncluded} in sources left out of the analysis`);
  if (left.length) notes.push(`Left out: ${left.join('; ')}.`);
  return notes;
}

export const COOCCURRENCE_TITLES: Record<CooccurrenceMeasure, { name: string; title: string }> = {
  counts: {
    name: 'Co-occurrence',
    title: "Codings of the row's code that share at least one character with a coding of the column's code (diagonal: codings of the code)",
  },
  passages: {
    name: 'Passages with both',
    title: 'Passages where both codes occur: stretches of text coded with both (diagonal: stretches coded with the code)',
  },
  jaccard: {
    name: 'Jaccard',
    title: 'Jaccard index of the coded text: characters coded with both codes / characters coded with either',
  },
};

export function cooccurrenceTable(m: CooccurrenceMatrix, codes: readonly MatrixCode[], measure: CooccurrenceMeasure): MatrixTable {
  const labels = codeLabels(codes);
  const { name, title } = COOCCURRENCE_TITLES[measure];
  return {
    name,
    title,
    corner: 'Code',
    rows: labels,
    columns: labels,
    values: m[measure],
    format: measure === 'jaccard' ? 'index' : 'count',
    diagonal: true,
    notes: [title + '.', ...exclusionNotes(m.total, m.coder, m.excluded)],
  };
}

export const ATTRIBUTE_TITLES: Record<AttributeMeasure, { name: string; title: (attribute: string) => string }> = {
  codings: { name: 'Codings', title: (a) => `Codings of the code in the transcripts of participants with each value of "${a}"` },
  participants: { name: 'Participants', title: (a) => `Participants with each value of "${a}" who have at least one coding of the code` },
  share: {
    name: 'Share of participants',
    title: (a) => `Share of the participants with each value of "${a}" who have at least one coding of the code`,
  },
};

export function attributeTable(m: AttributeMatrix, codes: readonly MatrixCode[], measure: AttributeMeasure): MatrixTable {
  const { name, title } = ATTRIBUTE_TITLES[measure];
  const extra = measure !== 'share' && m.noValue.total > 0;
  const values = m[measure].map((row, k) =>
    extra ? [...row, measure === 'codings' ? m.noValue.codings[k] : m.noValue.cases[k]] : [...row],
  );
  const notes = [
    `${title(m.attribute)}.`,
    `Participants with each value: ${m.values.map((v, i) => `${v} ${m.withValue[i]}`).join(', ') || 'none'}.`,
    ...(extra
      ? [`"No value": transcripts of participants without a value for "${m.attribute}", or of no participant (counted as cases).`]
      : []),
    ...exclusionNotes(m.total, m.coder, m.excluded),
  ];
  return {
    name,
    title: title(m.attribute),
    corner: 'Code',
    rows: codeLabels(codes),
    columns: [...m.values.map((v, i) => (measure === 'share' ? `${v} (n = ${m.withValue[i]})` : v)), ...(extra ? ['No value'] : [])],
    values,
    format: measure === 'share' ? 'share' : 'count',
    diagonal: false,
    notes,
  };
}

/** A value as text for CSV: counts whole, shares and indices with three decimals, empty when it does not exist. */
function csvValue(v: number | null, format: MatrixTable['format']): string | number {
  if (v === null || !Number.isFinite(v)) return '';
  return format === 'count' ? v : Number(v.toFixed(4));
}

/** The table as CSV: a header row (the corner, then the columns), then one row per code. */
export function tableCsv(t: MatrixTable): string {
  return [csvRow([t.corner, ...t.columns]), ...t.rows.map((r, i) => csvRow([r, ...t.values[i].map((v) => csvValue(v, t.format))]))].join(
    '',
  );
}

function xlsxValue(v: number | null, format: MatrixTable['format']): XlsxCell {
  if (v === null || !Number.isFinite(v)) return null;
  if (format === 'share') return { value: v, format: 'percent' };
  if (format === 'index') return { value: v, format: 'decimal' };
  return v;
}

/** One sheet per table, then "About" with each table's notes. */
export function tablesXlsx(tables: readonly MatrixTable[], about: readonly string[] = []): Uint8Array {
  const sheets: XlsxSheet[] = tables.map((t) => ({
    name: t.name,
    rows: [[t.corner, ...t.columns], ...t.rows.map((r, i) => [r, ...t.values[i].map((v) => xlsxValue(v, t.format))])],
    freezeColumns: 1,
  }));
  const notes: XlsxCell[][] = [['About these figures'], ...about.map((l) => [l])];
  for (const t of tables) notes.push([], [t.name], ...t.notes.map((n) => [n]));
  sheets.push({ name: 'About', rows: notes, wrap: true, widths: [100] });
  return xlsxWorkbook(sheets);
}
