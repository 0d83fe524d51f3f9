/**
 * The Matrices panel's data, from the matrix input: the chosen matrix and
 * measure as rows, columns and values; which cell a click names; what search
 * finds the same passages; and which rows show after sorting and filtering
 * (used by the webview, tested here).
 */
import { attributeMatrix, attributeNames } from './attribute';
import { COOCCURRENCE_MEASURES, cooccurrenceMatrix, type CooccurrenceMeasure } from './cooccurrence';
import { frameworkMatrix } from './framework';
import type { MatrixInput } from './input';
import type { MatrixCell } from './passages';
import type { CellRef, MatrixOptions, MatrixView } from './protocol';
export { visibleFramework, visibleRows, type RowFilter, type RowSort } from './rows';
import {
  ATTRIBUTE_MEASURES,
  attributeTable,
  codeLabels,
  cooccurrenceTable,
  exclusionNotes,
  type AttributeMeasure,
  type MatrixTable,
} from './tables';
import type { FrameworkFile } from '../model';

const MEASURE_LABELS: Record<string, string> = {
  counts: 'Codings overlapping',
  passages: 'Passages with both',
  jaccard: 'Jaccard (coded text)',
  codings: 'Codings',
  participants: 'Participants',
  share: 'Share of participants',
};

/** The options with every gap filled: the first measure, the first attribute, every coder. */
export function resolveMatrixOptions(chosen: Partial<MatrixOptions>, attributes: readonly string[]): MatrixOptions {
  const matrix = chosen.matrix ?? 'cooccurrence';
  const measures: readonly string[] =
    matrix === 'cooccurrence' ? COOCCURRENCE_MEASURES : matrix === 'attribute' ? ATTRIBUTE_MEASURES : ['passages'];
  const measure = chosen.measure !== undefined && measures.includes(chosen.measure) ? chosen.measure : measures[0];
  const attribute = chosen.attribute && attributes.includes(chosen.attribute) ? chosen.attribute : (attributes[0] ?? null);
  return { matrix, measure, attribute, coder: chosen.coder ?? null };
}

export interface ViewContext {
  title: string;
  coders: readonly string[];
  framework?: FrameworkFile;
}

/** Every measure's table of the chosen matrix (co-occurrence or attribute), the chosen measure's first. */
export function viewTables(input: MatrixInput, options: MatrixOptions): MatrixTable[] {
  const first = <M extends string>(all: readonly M[]) => [options.measure as M, ...all.filter((x) => x !== options.measure)];
  if (options.matrix === 'cooccurrence') {
    const m = cooccurrenceMatrix(input);
    return first(COOCCURRENCE_MEASURES).map((x) => cooccurrenceTable(m, input.codes, x));
  }
  if (options.matrix === 'attribute' && options.attribute !== null) {
    const m = attributeMatrix(input, options.attribute);
    return first(ATTRIBUTE_MEASURES).map((x) => attributeTable(m, input.codes, x));
  }
  return [];
}

/** Everything the panel shows for `options` on the input. */
export function matrixView(input: MatrixInput, chosen: Partial<MatrixOptions>, ctx: ViewContext, version: number): MatrixView {
  const attributes = attributeNames(input.participants);
  const options = resolveMatrixOptions(chosen, attributes);
  const coders = [...ctx.coders];
  if (options.coder !== null && !coders.includes(options.coder)) coders.push(options.coder);
  const labels = codeLabels(input.codes);
  const rows = input.codes.map((c, i) => ({ id: c.id, label: labels[i], depth: c.depth, ...(c.color ? { color: c.color } : {}) }));
  const base = { version, title: ctx.title, options, coders, attributes };
  if (options.matrix === 'framework') {
    const m = frameworkMatrix(input, ctx.framework);
    return {
      ...base,
      measures: [{ value: 'passages', label: 'Passages and summaries' }],
      caption: "Each case's passages of each code (the number), and the team's one-line summary of them",
      notes: [
        ...exclusionNotes(m.total, m.coder, m.excluded),
        ...(m.hiddenSummaries
          ? [`${m.hiddenSummaries} summaries in qda/framework.yaml belong to participants or codes not shown here (kept).`]
          : []),
      ],
      rows,
      columns: rows.map((r) => ({ id: r.id, label: r.label })),
      values: m.counts,
      format: 'count',
      diagonal: false,
      cases: m.rows.map((r) => ({
        kind: r.kind,
        id: r.id,
        label: r.kind === 'participant' ? r.id : `${r.id} (no participant)`,
        sources: r.sources,
      })),
      summaries: m.summaries.map((row) => row.map((s) => s?.text ?? null)),
    };
  }
  const measures = (options.matrix === 'cooccurrence' ? COOCCURRENCE_MEASURES : ATTRIBUTE_MEASURES).map((value) => ({
    value,
    label: MEASURE_LABELS[value],
  }));
  if (options.matrix === 'cooccurrence') {
    const table = cooccurrenceTable(cooccurrenceMatrix(input), input.codes, options.measure as CooccurrenceMeasure);
    const columns = rows.map((r) => ({ id: r.id as string | null, label: r.label }));
    return {
      ...base,
      measures,
      caption: table.title,
      notes: table.notes,
      rows,
      columns,
      values: table.values,
      format: table.format,
      diagonal: true,
    };
  }
  if (options.attribute === null) {
    const caption = 'No participant attributes yet: declare them in qda/participants.yaml to compare groups of participants.';
    return { ...base, measures, caption, notes: [], rows, columns: [], values: rows.map(() => []), format: 'count', diagonal: false };
  }
  const m = attributeMatrix(input, options.attribute);
  const table = attributeTable(m, input.codes, options.measure as AttributeMeasure);
  // The columns past the attribute's values: "No value".
  const columns = table.columns.map((label, j) => ({ id: j < m.values.length ? m.values[j] : null, label }));
  return {
    ...base,
    measures,
    caption: table.title,
    notes: table.notes,
    rows,
    columns,
    values: table.values,
    format: table.format,
    diagonal: false,
  };
}

/** The matrix cell a click in the panel names. */
export function cellOf(ref: CellRef, options: MatrixOptions): MatrixCell | undefined {
  if (ref.matrix === 'framework') return { matrix: 'framework', row: ref.case, code: ref.code };
  if (ref.matrix === 'cooccurrence') {
    if (ref.column === null) return undefined;
    return {
      matrix: 'cooccurrence',
      measure: options.matrix === 'cooccurrence' ? (options.measure as CooccurrenceMeasure) : 'counts',
      row: ref.row,
      column: ref.column,
    };
  }
  if (options.attribute === null) return undefined;
  return { matrix: 'attribute', attribute: options.attribute, code: ref.row, value: ref.column };
}

/** A search term that reads back as `text` (quoted when it holds anything but letters, digits, - and _). */
function term(text: string): string {
  return /^[\p{L}\p{N}_-]+$/u.test(text) && !text.startsWith('-') ? text : `"${text.replace(/"/g, '')}"`;
}

/**
 * The search query that finds the passages (turns) holding what a cell counts,
 * or undefined when search has no filter for it (the framework's cases, "No value").
 */
export function searchQueryOf(cell: MatrixCell, coder: string | null): string | undefined {
  const scope = coder !== null ? `coder:${term(coder)} ` : '';
  if (cell.matrix === 'cooccurrence') return `${scope}code:${cell.row}${cell.row === cell.column ? '' : ` near:${cell.column}`}`;
  if (cell.matrix === 'attribute' && cell.value !== null) return `${scope}code:${cell.code} ${term(cell.attribute)}:${term(cell.value)}`;
  return undefined;
}

/** A cell's title for the passages list. */
export function cellTitle(cell: MatrixCell, name: (code: string) => string): string {
  if (cell.matrix === 'cooccurrence') {
    if (cell.row === cell.column) return `${name(cell.row)}: its codings`;
    return cell.measure === 'counts'
      ? `${name(cell.row)} overlapping ${name(cell.column)}: codings of ${name(cell.row)}`
      : `${name(cell.row)} and ${name(cell.column)}: text coded with both`;
  }
  if (cell.matrix === 'attribute') return `${name(cell.code)}, ${cell.attribute} = ${cell.value ?? 'no value'}`;
  return `${name(cell.code)}, ${cell.row.kind === 'participant' ? `participant ${cell.row.id}` : cell.row.id}`;
}

/** A table restricted to some rows and columns (what the panel shows), for export. */
export function subTable(t: MatrixTable, rows: readonly number[], columns: readonly number[]): MatrixTable {
  return {
    ...t,
    rows: rows.map((i) => t.rows[i]),
    columns: columns.map((j) => t.columns[j]),
    values: rows.map((i) => columns.map((j) => t.values[i][j])),
    // The diagonal only means "own total" while rows and columns are the same codes in the same order.
    diagonal: t.diagonal && rows.length === columns.length && rows.every((i, k) => columns[k] === i),
  };
}
