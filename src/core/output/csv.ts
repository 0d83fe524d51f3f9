/**
 * CSV for every export (codebook, passages, saturation tables, matrices,
 * agreement): RFC 4180 (CR LF record ends, quotes doubled, a field quoted when
 * it holds a comma, quote or line break) and safe to open in a spreadsheet.
 */

export type Cell = string | number | boolean | null | undefined;

// = + - @ start formulas in Excel, LibreOffice and Sheets; tab and CR can smuggle one in too.
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV field. Text that starts like a formula gets a leading `'`, so a
 * spreadsheet shows it as text (OWASP CSV injection); numbers we write are
 * values, not formulas, and keep their sign, with at most 6 decimals. null and
 * undefined (and a number that is not finite) are empty.
 */
export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(Number(value.toFixed(6))) : '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record, ending with CR LF. */
export function csvRow(cells: readonly Cell[]): string {
  return cells.map(csvCell).join(',') + '\r\n';
}

/** Rows as an RFC 4180 document, each record ending with CR LF. */
export function toCsv(rows: readonly (readonly Cell[])[]): string {
  return rows.map(csvRow).join('');
}
