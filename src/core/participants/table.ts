/**
 * A survey as a table: a header row and data rows, each remembering where it
 * was in the file (a CSV line, a spreadsheet row), so that every problem can
 * be pointed at. Produced by the CSV and XLSX readers beside this file.
 */

export interface TableProblem {
  /** 1-based line (CSV) or row (spreadsheet). */
  line: number;
  /** 1-based column in characters (CSV only), when known. */
  column?: number;
  /** 1-based cell (the table's column), when the problem is one cell's. */
  cell?: number;
  message: string;
  severity: 'error' | 'warning';
}

export interface TableRow {
  /** Where the row starts: 1-based line (CSV) or sheet row number (XLSX). */
  line: number;
  /** One text per header column, trimmed; '' for an empty cell. */
  cells: string[];
}

export interface Table {
  /** Column names, trimmed. */
  header: string[];
  rows: TableRow[];
  problems: TableProblem[];
  /** How `line` is counted: CSV lines, or spreadsheet rows. */
  unit: 'line' | 'row';
  /** For a spreadsheet: the sheet read, and every sheet's name. */
  sheet?: string;
  sheets?: string[];
}

/** Spreadsheet column letters for a 1-based cell number: 1 -> A, 28 -> AB. */
export function columnLetters(cell: number): string {
  let s = '';
  for (let n = cell; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** "line 14, column 7" (CSV) or "row 14, cell C14" (spreadsheet): for messages. */
export function placeOf(table: Pick<Table, 'unit'>, p: Pick<TableProblem, 'line' | 'column' | 'cell'>): string {
  if (table.unit === 'row') return `row ${p.line}${p.cell !== undefined ? `, cell ${columnLetters(p.cell)}${p.line}` : ''}`;
  return `line ${p.line}${p.column !== undefined ? `, column ${p.column}` : p.cell !== undefined ? `, cell ${p.cell}` : ''}`;
}

/**
 * Checks the header (empty or repeated names) and makes every row as wide as
 * the header: a longer row is an error (its extra cells would be lost), a
 * shorter CSV row a warning (the missing cells are read as empty). Rows whose
 * cells are all empty are dropped (Excel leaves such rows behind).
 */
export function shapeTable(header: string[], rows: TableRow[], headerLine: number, problems: TableProblem[], unit: Table['unit']): Table {
  const seen = new Map<string, number>();
  header.forEach((name, i) => {
    if (name === '') return;
    const key = name.toLowerCase();
    if (seen.has(key))
      problems.push({
        line: headerLine,
        cell: i + 1,
        severity: 'error',
        message: `column ${i + 1} is named "${name}" like column ${seen.get(key)! + 1}: give each column its own name`,
      });
    else seen.set(key, i);
  });
  const width = header.length;
  const out: TableRow[] = [];
  for (const row of rows) {
    if (row.cells.every((c) => c === '')) continue;
    if (row.cells.length > width) {
      const extra = row.cells.slice(width).some((c) => c !== '');
      if (extra) {
        problems.push({
          line: row.line,
          severity: 'error',
          message: `${row.cells.length} cells where the header has ${width}: a comma or quote is probably missing or extra`,
        });
        continue;
      }
    } else if (row.cells.length < width && unit === 'line') {
      // (A spreadsheet leaves empty cells out: only a CSV row that is short is worth a word.)
      problems.push({
        line: row.line,
        severity: 'warning',
        message: `${row.cells.length} cells where the header has ${width}: the missing ones are read as empty`,
      });
    }
    const cells = row.cells.slice(0, width);
    while (cells.length < width) cells.push('');
    out.push({ line: row.line, cells });
  }
  header.forEach((name, i) => {
    if (name === '' && out.some((r) => r.cells[i] !== ''))
      problems.push({ line: headerLine, cell: i + 1, severity: 'error', message: `column ${i + 1} has answers but no name in the header` });
  });
  return { header, rows: out, problems, unit };
}
