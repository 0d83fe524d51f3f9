/**
 * The framework matrix as a file: Markdown for reading (each case's summaries
 * with the passages under them), CSV (the matrix of summaries) and .xlsx (the
 * summaries, the passages, and the counts, each on a sheet). Summaries and
 * passages go through `quote` (the pseudonymiser) like every export.
 */
import { csvRow, escapeMarkdown, xlsxWorkbook, type XlsxCell } from '../output';
import type { FrameworkMatrix } from './framework';
import type { MatrixCode, MatrixInput } from './input';
import type { MatrixPassage } from './passages';
import { codeLabels, exclusionNotes } from './tables';

export type FrameworkFormat = 'md' | 'csv' | 'xlsx';
export const FRAMEWORK_FORMATS: readonly FrameworkFormat[] = ['md', 'csv', 'xlsx'];

/** Each case's passages of each code: `[row][code]`, by source path, then place. */
export function frameworkPassages(input: MatrixInput): MatrixPassage[][][] {
  const out = input.cases.map(() => input.codes.map((): MatrixPassage[] => []));
  const sources = [...input.codingsBySource.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const source of sources) {
    const r = input.caseOf.get(source);
    if (r === undefined) continue;
    for (const c of input.codingsBySource.get(source)!) {
      const coding: MatrixPassage['coding'] = { id: c.id, code: input.codes[c.code].id, codedAs: c.codedAs };
      if (c.coder !== undefined) coding.coder = c.coder;
      out[r][c.code].push({ source, start: c.start, end: c.end, coding });
    }
  }
  return out;
}

/** A passage as exported: its text as the transcript holds it now, and where. */
export interface ExportedPassage extends MatrixPassage {
  text: string;
  line: number;
}

export interface FrameworkExportData {
  title: string;
  /** ISO time of the export. */
  generated: string;
  matrix: FrameworkMatrix;
  codes: readonly MatrixCode[];
  /** `[row][code]` as frameworkPassages gives them, with their texts. */
  passages: readonly (readonly (readonly ExportedPassage[])[])[];
  /** Applied to every summary and passage (pseudonymisation); the identity only when chosen explicitly. */
  quote: (text: string) => string;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const rowName = (r: FrameworkMatrix['rows'][number]) => (r.kind === 'participant' ? r.id : `${r.id} (no participant)`);
const where = (p: ExportedPassage) => `${p.source}, line ${p.line}${p.coding?.coder ? `, coded by ${p.coding.coder}` : ''}`;

/** The export's content: text for md and csv, bytes for xlsx. */
export function exportFramework(data: FrameworkExportData, format: FrameworkFormat): string | Uint8Array {
  const m = data.matrix;
  const labels = codeLabels(data.codes);
  const summary = (r: number, k: number) => {
    const s = m.summaries[r][k];
    return s ? data.quote(s.text) : '';
  };
  if (format === 'csv') {
    return [
      csvRow(['Participant', ...labels]),
      ...m.rows.map((row, r) => csvRow([rowName(row), ...labels.map((_, k) => summary(r, k))])),
    ].join('');
  }
  const notes = [
    `${plural(m.rows.length, 'case')} (participants, and transcripts of no participant) × ${plural(m.codes.length, 'code')}.`,
    ...exclusionNotes(m.total, m.coder, m.excluded),
    ...(m.hiddenSummaries
      ? [
          `${plural(m.hiddenSummaries, 'summary', 'summaries')} in qda/framework.yaml belong to participants or codes not in this matrix and are not shown.`,
        ]
      : []),
  ];
  if (format === 'xlsx') {
    const passages: XlsxCell[][] = [['Participant', 'Code', 'Source', 'Line', 'Coder', 'Passage']];
    m.rows.forEach((row, r) =>
      data.codes.forEach((_, k) => {
        for (const p of data.passages[r][k])
          passages.push([rowName(row), labels[k], p.source, p.line, p.coding?.coder ?? null, data.quote(p.text)]);
      }),
    );
    return xlsxWorkbook([
      {
        name: 'Summaries',
        rows: [['Participant', ...labels], ...m.rows.map((row, r) => [rowName(row), ...labels.map((_, k) => summary(r, k))])],
        freezeColumns: 1,
        wrap: true,
      },
      { name: 'Passages', rows: passages, wrap: true, widths: [16, 24, 30, 6, 8, 80] },
      { name: 'Counts', rows: [['Participant', ...labels], ...m.rows.map((row, r) => [rowName(row), ...m.counts[r]])], freezeColumns: 1 },
      {
        name: 'About',
        rows: [[`Framework matrix: ${data.title}`], [`Exported ${data.generated}.`], ...notes.map((n) => [n])],
        wrap: true,
        widths: [100],
      },
    ]);
  }
  const out = [
    `# ${escapeMarkdown(`Framework matrix: ${data.title}`)}`,
    '',
    ...notes.flatMap((n) => [escapeMarkdown(n), '']),
    `Exported ${escapeMarkdown(data.generated)}.`,
    '',
  ];
  m.rows.forEach((row, r) => {
    out.push(`## ${escapeMarkdown(rowName(row))}`, '', `Transcripts: ${row.sources.map((s) => escapeMarkdown(s)).join(', ')}`, '');
    let any = false;
    data.codes.forEach((_, k) => {
      const list = data.passages[r][k];
      const text = summary(r, k);
      if (!list.length && !text) return;
      any = true;
      out.push(`### ${escapeMarkdown(labels[k])} (${plural(list.length, 'passage')})`, '');
      out.push(text ? `**Summary:** ${escapeMarkdown(text).replace(/\n/g, '  \n')}` : '*No summary yet.*', '');
      for (const p of list) {
        out.push(
          ...data
            .quote(p.text)
            .split(/\r?\n/)
            .map((l) => `> ${escapeMarkdown(l)}`),
          '',
          `*${escapeMarkdown(where(p))}*`,
          '',
        );
      }
    });
    if (!any) out.push('*No coded passages.*', '');
  });
  return out.join('\n');
}
