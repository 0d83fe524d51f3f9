/**
 * Reads one sheet of an Excel workbook (.xlsx, Office Open XML) as a table:
 * the first sheet, or the one named. Cells may be shared strings, inline
 * strings, numbers, booleans or dates (a number in a date format becomes
 * yyyy-mm-dd, or yyyy-mm-dd hh:mm with a time). Formulas are read as the value
 * Excel saved. Problems are reported by sheet row and cell (`row 14, cell C14`).
 *
 * The archive is opened by the caller through the bounded unzip helper, which
 * checks every entry's size before inflating it; this file only reads XML.
 */
import { elements, parseXml, textOf, type XmlElement } from '../xml';
import { shapeTable, type Table, type TableProblem, type TableRow } from './table';

/** Gives an archive entry's bytes, or undefined when the archive has no such entry. */
export type EntryReader = (name: string) => Uint8Array | undefined;

const decoder = new TextDecoder();
// Excel's built-in number formats that show dates or times (ECMA-376 Part 1, 18.8.30).
const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);
const MAX_ROWS = 200_000;

function xml(read: EntryReader, name: string): XmlElement | undefined {
  const bytes = read(name);
  return bytes ? parseXml(decoder.decode(bytes)).root : undefined;
}

/** The workbook's sheets in order, with the part each is stored in. */
export function workbookSheets(read: EntryReader): { name: string; part: string }[] {
  const book = xml(read, 'xl/workbook.xml');
  if (!book) throw new Error('not an Excel workbook (.xlsx): xl/workbook.xml is missing');
  const rels = xml(read, 'xl/_rels/workbook.xml.rels');
  const targets = new Map<string, string>();
  for (const r of rels ? elements(rels, 'Relationship') : []) targets.set(r.attrs.Id, r.attrs.Target);
  const sheets = elements(book, 'sheets').flatMap((s) => elements(s, 'sheet'));
  return sheets.map((s, i) => {
    const rid = Object.entries(s.attrs).find(([k]) => k === 'r:id' || k.endsWith(':id'))?.[1];
    const target = (rid && targets.get(rid)) || `worksheets/sheet${i + 1}.xml`;
    const part = target.startsWith('/') ? target.slice(1) : `xl/${target}`.replace(/\/\.\//g, '/');
    return { name: s.attrs.name ?? `Sheet${i + 1}`, part };
  });
}

/** Reads the first sheet, or `sheet` (by name, any case, or by 1-based number). */
export function readXlsx(read: EntryReader, sheet?: string): Table {
  const fail = (message: string): Table => ({ header: [], rows: [], unit: 'row', problems: [{ line: 1, severity: 'error', message }] });
  let sheets: { name: string; part: string }[];
  try {
    sheets = workbookSheets(read);
  } catch (e) {
    return fail((e as Error).message);
  }
  if (!sheets.length) return fail('the workbook has no sheet');
  const names = sheets.map((s) => s.name);
  const chosen =
    sheet === undefined
      ? sheets[0]
      : (sheets.find((s) => s.name.toLowerCase() === sheet.toLowerCase()) ?? (/^\d+$/.test(sheet) ? sheets[Number(sheet) - 1] : undefined));
  if (!chosen) return { ...fail(`no sheet "${sheet}" in the workbook; its sheets: ${names.join(', ')}`), sheets: names };
  const root = xml(read, chosen.part);
  if (!root) return { ...fail(`the sheet "${chosen.name}" is missing from the workbook (${chosen.part})`), sheets: names };

  const strings = sharedStrings(read);
  const dateStyles = dateStyleIndexes(read);
  const problems: TableProblem[] = [];
  const rows: TableRow[] = [];
  const data = elements(root, 'sheetData')[0];
  let nextRow = 1;
  for (const row of data ? elements(data, 'row') : []) {
    const line = Number(row.attrs.r) || nextRow;
    nextRow = line + 1;
    if (rows.length >= MAX_ROWS) {
      problems.push({ line, severity: 'error', message: `more than ${MAX_ROWS} rows: read the rest from another file` });
      break;
    }
    const cells: string[] = [];
    let nextCell = 1;
    for (const c of elements(row, 'c')) {
      const cell = (c.attrs.r && cellNumber(c.attrs.r)) || nextCell;
      nextCell = cell + 1;
      if (cell > 16384) continue;
      while (cells.length < cell - 1) cells.push('');
      cells[cell - 1] = cellText(c, strings, dateStyles, (message) => problems.push({ line, cell, severity: 'warning', message })).trim();
    }
    rows.push({ line, cells });
  }
  const first = rows.findIndex((r) => r.cells.some((c) => c !== ''));
  if (first < 0) return { ...fail(`the sheet "${chosen.name}" is empty`), sheet: chosen.name, sheets: names };
  const [headerRow] = rows.splice(0, first + 1).slice(-1);
  const table = shapeTable(headerRow.cells, rows, headerRow.line, problems, 'row');
  return { ...table, sheet: chosen.name, sheets: names };
}

// "C14" -> 3
function cellNumber(ref: string): number | undefined {
  const m = /^([A-Z]{1,3})\d*$/i.exec(ref);
  if (!m) return undefined;
  let n = 0;
  for (const ch of m[1].toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

// Each <si> is a plain <t> or rich-text runs <r><t>; phonetic hints (<rPh>) are not text.
function sharedStrings(read: EntryReader): string[] {
  const root = xml(read, 'xl/sharedStrings.xml');
  if (!root) return [];
  return elements(root, 'si').map(richText);
}

function richText(el: XmlElement): string {
  return elements(el)
    .map((c) => (c.local === 't' ? textOf(c) : c.local === 'r' ? elements(c, 't').map(textOf).join('') : ''))
    .join('');
}

// Indexes into cellXfs whose number format shows a date.
function dateStyleIndexes(read: EntryReader): Set<number> {
  const root = xml(read, 'xl/styles.xml');
  const out = new Set<number>();
  if (!root) return out;
  const custom = new Map<number, string>();
  for (const f of elements(root, 'numFmts').flatMap((x) => elements(x, 'numFmt')))
    custom.set(Number(f.attrs.numFmtId), f.attrs.formatCode ?? '');
  elements(root, 'cellXfs')
    .flatMap((x) => elements(x, 'xf'))
    .forEach((xf, i) => {
      const id = Number(xf.attrs.numFmtId ?? 0);
      if (BUILTIN_DATE_FORMATS.has(id) || (custom.has(id) && isDateFormat(custom.get(id)!))) out.add(i);
    });
  return out;
}

// A format shows a date when, outside quoted text, [colour] and escapes, it uses d, m or y (or h/s for times).
function isDateFormat(code: string): boolean {
  const bare = code.replace(/"[^"]*"|\[[^\]]*\]|\\.|_.|\*./g, '');
  return /[dmyhs]/i.test(bare) && !/^general$/i.test(bare.trim());
}

function cellText(c: XmlElement, strings: readonly string[], dateStyles: ReadonlySet<number>, warn: (m: string) => void): string {
  const type = c.attrs.t ?? 'n';
  const v = elements(c, 'v')[0];
  const raw = v ? textOf(v) : '';
  switch (type) {
    case 's': {
      const s = strings[Number(raw)];
      if (s === undefined) warn(`refers to shared string ${raw}, which the workbook does not have`);
      return s ?? '';
    }
    case 'inlineStr': {
      const is = elements(c, 'is')[0];
      return is ? richText(is) : '';
    }
    case 'str':
      return raw;
    case 'b':
      return raw === '1' ? 'TRUE' : raw === '0' ? 'FALSE' : raw;
    case 'e':
      warn(`holds the error ${raw}: read as empty`);
      return '';
    case 'd':
      return raw.replace(/T00:00:00(\.0+)?Z?$/, '');
    default: {
      if (raw === '') return '';
      const x = Number(raw);
      if (!Number.isFinite(x)) return raw;
      if (dateStyles.has(Number(c.attrs.s ?? 0))) return excelDate(x);
      // Excel stores 0.1 as 0.10000000000000001: give the shortest form that reads back the same.
      return String(x);
    }
  }
}

/** An Excel serial day number (1900 date system) as yyyy-mm-dd, with hh:mm when it has a time of day. */
export function excelDate(serial: number): string {
  // Day 60 is Excel's 29 Feb 1900, which never was; serials count from 30 Dec 1899 after it.
  const ms = Math.round((serial - 25569) * 86400000);
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return String(serial);
  const iso = d.toISOString();
  return Number.isInteger(serial) ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}
