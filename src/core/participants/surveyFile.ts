/**
 * A survey file, whatever it is: .csv (or .tsv, .txt) read as CSV, .xlsx as
 * a workbook through the bounded unzip helper.
 */
import { ArchiveError, ZipArchive } from '../archive';
import { readCsv } from './csv';
import type { Table } from './table';
import { readXlsx } from './xlsxRead';

/** A workbook from outside may be a ZIP bomb: the same limits as a .docx (200 MB in all, 100:1 for a large part). */
export const XLSX_LIMITS = { maxTotalBytes: 200 * 2 ** 20, maxEntryBytes: 200 * 2 ** 20, maxRatio: 100, ratioFloorBytes: 2 ** 20 } as const;

/** The kinds of file a survey is imported from. */
export const SURVEY_FILE_EXTENSIONS = ['csv', 'tsv', 'txt', 'xlsx'] as const;

/** Reads a survey file into a table; `sheet` picks a workbook's sheet (by name or number). */
export function readSurveyTable(fileName: string, bytes: Uint8Array, opts: { sheet?: string } = {}): Table {
  const ext = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase();
  if (ext === 'xlsx') return readWorkbook(bytes, opts.sheet);
  if (ext === 'xls' || ext === 'ods' || ext === 'numbers') {
    return {
      header: [],
      rows: [],
      unit: 'line',
      problems: [{ line: 1, severity: 'error', message: `.${ext} files are not read: save the survey as .xlsx or as CSV UTF-8` }],
    };
  }
  const table = readCsv(bytes);
  if (opts.sheet !== undefined)
    table.problems.push({ line: 1, severity: 'warning', message: 'a CSV file has no sheets: --sheet is ignored' });
  return table;
}

function readWorkbook(bytes: Uint8Array, sheet?: string): Table {
  const fail = (message: string): Table => ({ header: [], rows: [], unit: 'row', problems: [{ line: 1, severity: 'error', message }] });
  if (!ZipArchive.looksLikeZip(bytes)) return fail('not an Excel workbook (.xlsx): an .xlsx is a zip archive, and this file is not one');
  try {
    const archive = ZipArchive.open(bytes, XLSX_LIMITS);
    // Only the parts the sheet needs are inflated, each checked by what it declares before it is.
    return readXlsx((name) => {
      const entry = archive.get(name);
      return entry ? archive.read(entry) : undefined;
    }, sheet);
  } catch (e) {
    if (e instanceof ArchiveError)
      return fail(
        /^the archive\b/.test(e.message)
          ? e.message.replace(/^the archive/, 'the .xlsx archive')
          : `the .xlsx archive is refused: ${e.message}`,
      );
    throw e;
  }
}
