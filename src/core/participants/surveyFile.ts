/**
 * A survey file, whatever it is: .csv (or .tsv, .txt) read as CSV, .xlsx as
 * a workbook through the bounded unzip helper.
 */
import { readCsv } from './csv';
import type { Table } from './table';

/** The kinds of file a survey is imported from. */
export const SURVEY_FILE_EXTENSIONS = ['csv', 'tsv', 'txt', 'xlsx'] as const;

/** Reads a survey file into a table; `sheet` picks a workbook's sheet (by name or number). */
export function readSurveyTable(fileName: string, bytes: Uint8Array, opts: { sheet?: string } = {}): Table {
  const ext = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase();
  if (ext === 'xlsx') return readWorkbook(bytes, opts.sheet);
  if (ext === 'xls' || ext === 'ods' || ext === 'numbers') {
    return { header: [], rows: [], unit: 'line', problems: [{ line: 1, severity: 'error', message: `.${ext} files are not read: save the survey as .xlsx or as CSV UTF-8` }] };
  }
  const table = readCsv(bytes);
  if (opts.sheet !== undefined) table.problems.push({ line: 1, severity: 'warning', message: 'a CSV file has no sheets: --sheet is ignored' });
  return table;
}

function readWorkbook(_bytes: Uint8Array, _sheet?: string): Table {
  return { header: [], rows: [], unit: 'row', problems: [{ line: 1, severity: 'error', message: 'reading .xlsx waits for the bounded unzip helper: save the survey as CSV UTF-8 for now' }] };
}
