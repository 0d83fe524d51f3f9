/**
 * Which rows and columns the Matrices panel shows after filtering and sorting.
 * Kept apart from the matrices themselves: the webview bundles this file and
 * nothing heavier.
 */
import type { MatrixView } from './protocol';

export type RowSort = 'codebook' | 'name' | 'total' | { column: number; descending: boolean };

export interface RowFilter {
  /** Rows whose label holds this text (case and accents ignored); empty for all. */
  text: string;
  /** Leave out rows whose every value is 0 or missing (co-occurrence: codes without codings). */
  hideEmpty: boolean;
  sort: RowSort;
}

const fold = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/**
 * The rows to show, in order, and (co-occurrence: the same codes; otherwise
 * all) the columns. Sorting is stable: ties keep the codebook's order.
 */
export function visibleRows(
  view: Pick<MatrixView, 'rows' | 'columns' | 'values' | 'diagonal' | 'options'>,
  filter: RowFilter,
): { rows: number[]; columns: number[] } {
  const wanted = fold(filter.text.trim());
  const total = (i: number) => view.values[i].reduce<number>((s, v, j) => s + (v !== null && !(view.diagonal && i === j) ? v : 0), 0);
  const empty = (i: number) => (view.diagonal ? !view.values[i][i] : view.values[i].every((v) => !v));
  let rows = view.rows
    .map((_, i) => i)
    .filter((i) => (!wanted || fold(view.rows[i].label).includes(wanted)) && !(filter.hideEmpty && empty(i)));
  const s = filter.sort;
  if (s === 'name')
    rows = rows.sort((a, b) => view.rows[a].label.localeCompare(view.rows[b].label, 'en', { sensitivity: 'base', numeric: true }) || a - b);
  else if (s === 'total') rows = rows.sort((a, b) => total(b) - total(a) || a - b);
  else if (typeof s === 'object') {
    const v = (i: number) => view.values[i][s.column] ?? -Infinity;
    rows = rows.sort((a, b) => (s.descending ? v(b) - v(a) : v(a) - v(b)) || a - b);
  }
  const columns = view.options.matrix === 'cooccurrence' ? [...rows].sort((a, b) => a - b) : view.columns.map((_, j) => j);
  return { rows, columns };
}

/**
 * The framework matrix's cases and codes to show: cases by the filter text
 * (and sort), codes without passages or summaries left out when `hideEmpty`.
 */
export function visibleFramework(
  view: Pick<MatrixView, 'rows' | 'values' | 'cases' | 'summaries'>,
  filter: RowFilter,
): { rows: number[]; columns: number[] } {
  const cases = view.cases ?? [];
  const wanted = fold(filter.text.trim());
  const total = (i: number) => view.values[i].reduce<number>((s, v) => s + (v ?? 0), 0);
  let rows = cases.map((_, i) => i).filter((i) => !wanted || fold(cases[i].label).includes(wanted));
  if (filter.sort === 'name')
    rows = rows.sort((a, b) => cases[a].label.localeCompare(cases[b].label, 'en', { sensitivity: 'base', numeric: true }) || a - b);
  else if (filter.sort === 'total') rows = rows.sort((a, b) => total(b) - total(a) || a - b);
  const used = (k: number) => cases.some((_, i) => (view.values[i]?.[k] ?? 0) > 0 || !!view.summaries?.[i]?.[k]);
  const columns = view.rows.map((_, k) => k).filter((k) => !filter.hideEmpty || used(k));
  return { rows, columns };
}
