/**
 * A minimal spreadsheet (.xlsx) writer: sheets of text and numbers, a bold and
 * frozen header row, column widths, wrapped text where asked. Hand-written
 * SpreadsheetML zipped with fflate, like the Word writer beside it: a few
 * hundred lines we can read, instead of a library of megabytes. The same sheets
 * give the same bytes, so re-exports diff cleanly.
 *
 * Safety: every string is XML-escaped (characters XML cannot hold are dropped)
 * and stored as a shared string, never as a formula; a string that a
 * spreadsheet would take for a formula when edited (`=`, `+`, `-`, `@`) gets
 * the "quote prefix" style, which keeps it text even after the cell is edited.
 * The text itself is written unchanged.
 */
import { zipSync } from 'fflate';
import { encodeUtf8 } from '../text';
import { escapeXml } from './escape';

/** A number shown as a percentage (0.25 -> 25.0 %), or with a fixed number of decimals. */
export interface XlsxNumber {
  value: number;
  format: 'percent' | 'decimal';
}

/** A cell: text, a number, a formatted number, or empty (null/undefined/''). */
export type XlsxCell = string | number | XlsxNumber | null | undefined;

export interface XlsxSheet {
  /** Shown on the tab; made valid (31 characters, no []:*?/\) and unique. */
  name: string;
  rows: readonly (readonly XlsxCell[])[];
  /** The first row is a header: bold, and frozen so it stays in view (default true). */
  header?: boolean;
  /** Columns kept in view when scrolling sideways (default 0; 1 for a matrix's row labels). */
  freezeColumns?: number;
  /** Column widths in characters; missing ones are guessed from the content. */
  widths?: readonly number[];
  /** Wrap long text in its cell (for summaries and passages). */
  wrap?: boolean;
}

/** What a spreadsheet program accepts in one cell; more is cut and marked. */
export const MAX_CELL_CHARS = 32767;
const MAX_ROWS = 1048576;
const MAX_COLUMNS = 16384;
const MTIME = new Date(2000, 0, 1);

// Style indices into cellXfs below.
const STYLE = { text: 0, header: 1, wrap: 2, percent: 3, decimal: 4, quoted: 5, quotedWrap: 6 } as const;
const FORMULA_START = /^[=+\-@]/;

/** Column letters for a 0-based column index: 0 -> A, 26 -> AA. */
export function columnName(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** A sheet name spreadsheet programs accept: no []:*?/\, at most 31 characters, no quote at either end, not empty. */
export function sheetName(name: string, taken: ReadonlySet<string> = new Set()): string {
  let base =
    [
      ...name
        .replace(/[[\]:*?/\\\u0000-\u001f]/g, ' ')
        .replace(/^'+|'+$/g, '')
        .trim(),
    ]
      .slice(0, 31)
      .join('') || 'Sheet';
  if (base.toLowerCase() === 'history') base = 'History 1';
  let candidate = base;
  for (let k = 2; [...taken].some((t) => t.toLowerCase() === candidate.toLowerCase()); k++) {
    const suffix = ` (${k})`;
    candidate = [...base].slice(0, 31 - suffix.length).join('') + suffix;
  }
  return candidate;
}

/**
 * Text as a spreadsheet stores it: escaped for XML, and with `_xHHHH_` written
 * so that it stays those characters (spreadsheets read it as an escaped code
 * unit otherwise). Longer than a cell holds: cut, and the cut marked.
 */
function cellText(text: string): string {
  const chars = [...text];
  const kept = chars.length > MAX_CELL_CHARS ? `${chars.slice(0, MAX_CELL_CHARS - 1).join('')}…` : text;
  return escapeXml(kept).replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1');
}

class SharedStrings {
  private readonly index = new Map<string, number>();
  private readonly list: string[] = [];
  count = 0;

  add(text: string): number {
    this.count++;
    let i = this.index.get(text);
    if (i === undefined) {
      i = this.list.length;
      this.index.set(text, i);
      this.list.push(text);
    }
    return i;
  }

  xml(): string {
    const items = this.list.map((s) => `<si><t${/^\s|\s$|\n/.test(s) ? ' xml:space="preserve"' : ''}>${cellText(s)}</t></si>`).join('');
    return `${XML_HEAD}<sst xmlns="${MAIN}" count="${this.count}" uniqueCount="${this.list.length}">${items}</sst>`;
  }
}

function cellXml(ref: string, cell: XlsxCell, strings: SharedStrings, header: boolean, wrap: boolean): string {
  if (cell === null || cell === undefined || cell === '') return '';
  if (typeof cell === 'number' || typeof cell === 'object') {
    const value = typeof cell === 'number' ? cell : cell.value;
    // No cell for a number that does not exist (NaN, Infinity): an empty cell says so.
    if (!Number.isFinite(value)) return '';
    const style =
      typeof cell === 'object' ? (cell.format === 'percent' ? STYLE.percent : STYLE.decimal) : header ? STYLE.header : STYLE.text;
    return `<c r="${ref}"${style ? ` s="${style}"` : ''}><v>${String(value)}</v></c>`;
  }
  const quoted = FORMULA_START.test(cell);
  const style = header ? STYLE.header : quoted ? (wrap ? STYLE.quotedWrap : STYLE.quoted) : wrap ? STYLE.wrap : STYLE.text;
  return `<c r="${ref}" t="s"${style ? ` s="${style}"` : ''}><v>${strings.add(cell)}</v></c>`;
}

/** A width in characters that fits most of a column, within reason. */
function guessWidth(rows: readonly (readonly XlsxCell[])[], col: number, wrap: boolean): number {
  let widest = 6;
  for (let r = 0; r < rows.length && r < 200; r++) {
    const c = rows[r][col];
    if (typeof c === 'number') widest = Math.max(widest, String(c).length + 2);
    else if (typeof c === 'object' && c) widest = Math.max(widest, 9);
    else if (typeof c === 'string' && c.length + 2 > widest) {
      const longestLine = Math.max(0, ...c.split('\n').map((l) => [...l].length));
      widest = Math.max(widest, longestLine + 2);
    }
  }
  return Math.min(widest, wrap ? 60 : 50);
}

function sheetXml(sheet: XlsxSheet, strings: SharedStrings, first: boolean): string {
  const header = sheet.header ?? true;
  const wrap = sheet.wrap ?? false;
  const rows = sheet.rows;
  if (rows.length > MAX_ROWS) throw new Error(`a sheet holds at most ${MAX_ROWS} rows; "${sheet.name}" has ${rows.length}`);
  const columns = Math.max(0, ...rows.map((r) => r.length));
  if (columns > MAX_COLUMNS) throw new Error(`a sheet holds at most ${MAX_COLUMNS} columns; "${sheet.name}" has ${columns}`);
  const freezeCols = Math.max(0, Math.min(sheet.freezeColumns ?? 0, columns));
  const freezeRows = header && rows.length > 0 ? 1 : 0;
  let pane = '';
  if (freezeRows || freezeCols) {
    const topLeft = `${columnName(freezeCols)}${freezeRows + 1}`;
    const active = freezeRows && freezeCols ? 'bottomRight' : freezeRows ? 'bottomLeft' : 'topRight';
    pane = `<pane${freezeCols ? ` xSplit="${freezeCols}"` : ''}${freezeRows ? ` ySplit="${freezeRows}"` : ''} topLeftCell="${topLeft}" activePane="${active}" state="frozen"/><selection pane="${active}" activeCell="${topLeft}" sqref="${topLeft}"/>`;
  }
  const views = `<sheetViews><sheetView${first ? ' tabSelected="1"' : ''} workbookViewId="0">${pane}</sheetView></sheetViews>`;
  const cols = columns
    ? `<cols>${Array.from({ length: columns }, (_, i) => {
        const w = sheet.widths?.[i] ?? guessWidth(rows, i, wrap);
        return `<col min="${i + 1}" max="${i + 1}" width="${Math.max(2, Math.min(255, w))}" customWidth="1"/>`;
      }).join('')}</cols>`
    : '';
  const data = rows
    .map((row, r) => {
      const cells = row.map((c, k) => cellXml(`${columnName(k)}${r + 1}`, c, strings, header && r === 0, wrap)).join('');
      return `<row r="${r + 1}">${cells}</row>`;
    })
    .join('');
  return `${XML_HEAD}<worksheet xmlns="${MAIN}" xmlns:r="${REL}">${views}<sheetFormatPr defaultRowHeight="15"/>${cols}<sheetData>${data}</sheetData></worksheet>`;
}

/** An .xlsx file holding `sheets`, in order (at least one; an empty list gives one empty sheet). */
export function xlsxWorkbook(sheets: readonly XlsxSheet[]): Uint8Array {
  const list = sheets.length ? sheets : [{ name: 'Sheet1', rows: [] }];
  const strings = new SharedStrings();
  const names: string[] = [];
  for (const s of list) names.push(sheetName(s.name, new Set(names)));
  const files: Record<string, Uint8Array> = {};
  list.forEach((s, i) => (files[`xl/worksheets/sheet${i + 1}.xml`] = encodeUtf8(sheetXml(s, strings, i === 0))));
  const workbook = `${XML_HEAD}<workbook xmlns="${MAIN}" xmlns:r="${REL}"><bookViews><workbookView activeTab="0"/></bookViews><sheets>${names
    .map((n, i) => `<sheet name="${escapeXml(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
    .join('')}</sheets></workbook>`;
  const workbookRels = `${XML_HEAD}<Relationships xmlns="${PKG_REL}">${names
    .map((_, i) => `<Relationship Id="rId${i + 1}" Type="${DOC_REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)
    .join(
      '',
    )}<Relationship Id="rId${names.length + 1}" Type="${DOC_REL}/styles" Target="styles.xml"/><Relationship Id="rId${names.length + 2}" Type="${DOC_REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`;
  const contentTypes = `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${names
    .map(
      (_, i) =>
        `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
    )
    .join(
      '',
    )}<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`;
  return zipSync(
    {
      '[Content_Types].xml': encodeUtf8(contentTypes),
      '_rels/.rels': encodeUtf8(
        `${XML_HEAD}<Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${DOC_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      ),
      'xl/workbook.xml': encodeUtf8(workbook),
      'xl/_rels/workbook.xml.rels': encodeUtf8(workbookRels),
      'xl/styles.xml': encodeUtf8(STYLES),
      'xl/sharedStrings.xml': encodeUtf8(strings.xml()),
      ...files,
    },
    { level: 6, mtime: MTIME },
  );
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const DOC_REL = REL;
const PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';

// Fonts: 0 regular, 1 bold. Number formats: 10 is the built-in "0.00%"; 164 is ours, "0.0%"; 165 "0.000".
// cellXfs, by STYLE: text, header (bold), wrap, percent, decimal, quoted (quotePrefix), quoted + wrap.
const STYLES =
  `${XML_HEAD}<styleSheet xmlns="${MAIN}"><numFmts count="2"><numFmt numFmtId="164" formatCode="0.0%"/><numFmt numFmtId="165" formatCode="0.000"/></numFmts>` +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="7">' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"><alignment vertical="top" wrapText="1"/></xf>' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/>' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>' +
  '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>';
