/**
 * Reads a survey exported as CSV (RFC 4180, as spreadsheets and survey tools
 * write it): UTF-8 with or without a byte-order mark, CR LF, LF or CR line ends,
 * quoted cells holding commas, doubled quotes and line breaks, blank lines
 * skipped, cells padded with spaces trimmed. A semicolon- or tab-separated file
 * (Excel in many European locales) is recognised by its header line.
 *
 * Every malformed row is reported with its line (and column), never guessed at:
 * a quote inside an unquoted cell, text after a closing quote, a quote never
 * closed, more cells than the header. Written here rather than kept as a
 * dependency because line numbers for rows with line breaks, trimming and the
 * strict quote checks are exactly what a general parser leaves to its caller.
 */
import { decodeUtf8 } from '../text';
import { shapeTable, type Table, type TableProblem, type TableRow } from './table';

/** A CSV larger than this is refused (a survey of 100 000 people with long answers is well under it). */
export const MAX_CSV_BYTES = 64 * 2 ** 20;
const MAX_COLUMNS = 2000;

/** Reads CSV bytes into a table; see the module comment. */
export function readCsv(bytes: Uint8Array): Table {
  if (bytes.length > MAX_CSV_BYTES) {
    return {
      header: [],
      rows: [],
      unit: 'line',
      problems: [
        {
          line: 1,
          severity: 'error',
          message: `the file is ${(bytes.length / 2 ** 20).toFixed(0)} MB; a survey CSV is refused above ${MAX_CSV_BYTES / 2 ** 20} MB`,
        },
      ],
    };
  }
  const decoded = decodeUtf8(bytes);
  if (decoded.invalidUtf8) {
    return {
      header: [],
      rows: [],
      unit: 'line',
      problems: [{ line: 1, severity: 'error', message: 'the file is not UTF-8 text: in Excel, save it as "CSV UTF-8 (Comma delimited)"' }],
    };
  }
  return readCsvText(decoded.text);
}

/** Reads CSV text (already decoded; a leading BOM is dropped). */
export function readCsvText(input: string): Table {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const delimiter = guessDelimiter(text);
  const problems: TableProblem[] = [];
  const records: TableRow[] = [];
  const bad = new Set<number>();

  let line = 1;
  let lineStart = 0;
  let i = 0;
  const n = text.length;
  const col = (at: number) => at - lineStart + 1;
  const newline = (at: number): number => {
    // Returns the index after the line break at `at` and counts the line.
    const next = text[at] === '\r' && text[at + 1] === '\n' ? at + 2 : at + 1;
    line++;
    lineStart = next;
    return next;
  };

  while (i < n) {
    const rowLine = line;
    const cells: string[] = [];
    let rowBad = false;
    // One record: cells until an unquoted line break or the end.
    for (;;) {
      let j = i;
      while (j < n && (text[j] === ' ' || text[j] === '\t') && text[j] !== delimiter) j++;
      let cell: string;
      if (text[j] === '"') {
        const openLine = line;
        const openCol = col(j);
        let k = j + 1;
        let value = '';
        let closed = false;
        while (k < n) {
          const c = text[k];
          if (c === '"') {
            if (text[k + 1] === '"') {
              value += '"';
              k += 2;
              continue;
            }
            closed = true;
            k++;
            break;
          }
          if (c === '\r' || c === '\n') {
            // A line break inside a cell is kept as LF, whatever the file uses.
            value += '\n';
            k = newline(k);
            continue;
          }
          value += c;
          k++;
        }
        if (!closed) {
          problems.push({
            line: openLine,
            column: openCol,
            severity: 'error',
            message: 'a quote opens a cell that is never closed (the rest of the file would be one cell)',
          });
          rowBad = true;
          i = n;
          cells.push(value);
          break;
        }
        let m = k;
        while (m < n && (text[m] === ' ' || text[m] === '\t') && text[m] !== delimiter) m++;
        if (m < n && text[m] !== delimiter && text[m] !== '\r' && text[m] !== '\n') {
          problems.push({
            line,
            column: col(m),
            severity: 'error',
            message: 'text after the closing quote of a cell: write a quote inside a quoted cell as ""',
          });
          rowBad = true;
          while (m < n && text[m] !== delimiter && text[m] !== '\r' && text[m] !== '\n') m++;
        }
        cell = value;
        i = m;
      } else {
        let k = j;
        while (k < n && text[k] !== delimiter && text[k] !== '\r' && text[k] !== '\n') {
          if (text[k] === '"' && !rowBad) {
            problems.push({
              line,
              column: col(k),
              severity: 'error',
              message: 'a quote inside a cell that does not start with one: quote the whole cell and double the quote ("")',
            });
            rowBad = true;
          }
          k++;
        }
        cell = text.slice(j, k).trim();
        i = k;
      }
      cells.push(cell);
      if (cells.length > MAX_COLUMNS) {
        problems.push({ line: rowLine, severity: 'error', message: `more than ${MAX_COLUMNS} cells in one row` });
        return { header: [], rows: [], unit: 'line', problems };
      }
      if (i < n && text[i] === delimiter) {
        i++;
        continue;
      }
      if (i < n) i = newline(i);
      break;
    }
    if (rowBad) bad.add(rowLine);
    // A blank line is one empty cell: skipped, like a row of empty cells.
    if (!(cells.length === 1 && cells[0] === '')) records.push({ line: rowLine, cells });
  }

  const headerRow = records.shift();
  if (!headerRow)
    return {
      header: [],
      rows: [],
      unit: 'line',
      problems: problems.length ? problems : [{ line: 1, severity: 'error', message: 'the file has no header row' }],
    };
  if (bad.has(headerRow.line))
    problems.push({ line: headerRow.line, severity: 'error', message: 'the header row is malformed (see above)' });
  return shapeTable(
    headerRow.cells.map((c) => c.trim()),
    records.filter((r) => !bad.has(r.line)),
    headerRow.line,
    problems,
    'line',
  );
}

// Comma unless the header line (outside quotes) has more semicolons or tabs than commas.
function guessDelimiter(text: string): string {
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && c in counts) counts[c]++;
  }
  if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';';
  if (counts['\t'] > counts[',']) return '\t';
  return ',';
}
