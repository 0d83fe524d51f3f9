import * as assert from 'node:assert/strict';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { xlsxWorkbook } from '../../src/core/output';
import { excelDate, readXlsx, type EntryReader } from '../../src/core/participants/xlsxRead';

const NS =
  'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

/** A workbook as Excel writes one: sheets in their own parts, strings shared, dates as styled numbers. */
function workbook(sheets: { name: string; rows: string }[], strings: string[], styles?: string): Uint8Array {
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    'xl/workbook.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><workbook ${NS}><sheets>${sheets.map((s, i) => `<sheet name="${s.name}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/data${i + 1}.xml"/>`).join('')}</Relationships>`,
    ),
    'xl/sharedStrings.xml': strToU8(
      `<?xml version="1.0"?><sst ${NS} count="${strings.length}">${strings.map((s) => `<si>${s}</si>`).join('')}</sst>`,
    ),
  };
  sheets.forEach(
    (s, i) =>
      (files[`xl/worksheets/data${i + 1}.xml`] = strToU8(
        `<?xml version="1.0"?><worksheet ${NS}><sheetData>${s.rows}</sheetData></worksheet>`,
      )),
  );
  if (styles) files['xl/styles.xml'] = strToU8(`<?xml version="1.0"?><styleSheet ${NS}>${styles}</styleSheet>`);
  return zipSync(files);
}

// In tests only: the archives are made here. The product reads through the bounded unzip helper.
function entries(bytes: Uint8Array): EntryReader {
  const all = unzipSync(bytes);
  return (name) => all[name];
}

const STRINGS = [
  '<t>id</t>',
  '<t>age band</t>',
  '<t>why</t>',
  '<r><t>Money, </t></r><r><rPr><b/></rPr><t>mostly</t></r><rPh><t>ﾏﾈｰ</t></rPh>',
  '<t xml:space="preserve">  p02 </t>',
  '<t>30-49</t>',
  '<t>line one\nline two &amp; more</t>',
];

describe('survey XLSX reader', () => {
  it('reads the first sheet: shared strings (rich text without phonetic hints), numbers, booleans, inline strings', () => {
    const rows = [
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="inlineStr"><is><t>count</t></is></c><c r="E1" t="inlineStr"><is><t>ok</t></is></c></row>',
      '<row r="2"><c r="A2" t="str"><v>p01</v></c><c r="B2" t="s"><v>5</v></c><c r="C2" t="s"><v>3</v></c><c r="D2"><v>0.10000000000000001</v></c><c r="E2" t="b"><v>1</v></c></row>',
      '<row r="4"><c r="A4" t="s"><v>4</v></c><c r="C4" t="s"><v>6</v></c><c r="D4"><v>12</v></c></row>',
    ].join('');
    const t = readXlsx(
      entries(
        workbook(
          [
            { name: 'Responses', rows },
            { name: 'Other', rows: '' },
          ],
          STRINGS,
        ),
      ),
    );
    assert.deepEqual(t.header, ['id', 'age band', 'why', 'count', 'ok']);
    assert.deepEqual(t.rows, [
      { line: 2, cells: ['p01', '30-49', 'Money, mostly', '0.1', 'TRUE'] },
      { line: 4, cells: ['p02', '', 'line one\nline two & more', '12', ''] },
    ]);
    assert.equal(t.sheet, 'Responses');
    assert.deepEqual(t.sheets, ['Responses', 'Other']);
    assert.deepEqual(t.problems, [], 'cells Excel leaves out are empty, not a problem');
  });

  it('reads the sheet asked for by name (any case) or number, and names the sheets when it is not there', () => {
    const book = entries(
      workbook(
        [
          { name: 'Intro', rows: '<row r="1"><c r="A1" t="inlineStr"><is><t>read me</t></is></c></row>' },
          { name: 'Data', rows: '<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c></row><row r="2"><c r="A2"><v>7</v></c></row>' },
        ],
        [],
      ),
    );
    assert.deepEqual(readXlsx(book, 'data').rows, [{ line: 2, cells: ['7'] }]);
    assert.deepEqual(readXlsx(book, '2').header, ['id']);
    const missing = readXlsx(book, 'Answers');
    assert.match(missing.problems[0].message, /no sheet "Answers".*Intro, Data/);
  });

  it('turns numbers in date formats into dates, built-in and custom, and leaves other numbers alone', () => {
    const styles =
      '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy\\ hh:mm"/></numFmts>' +
      '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="2"/></cellXfs>';
    const rows =
      '<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c><c r="B1" t="inlineStr"><is><t>a</t></is></c><c r="C1" t="inlineStr"><is><t>b</t></is></c><c r="D1" t="inlineStr"><is><t>c</t></is></c></row>' +
      '<row r="2"><c r="A2"><v>1</v></c><c r="B2" s="1"><v>45000</v></c><c r="C2" s="2"><v>45000.75</v></c><c r="D2" s="3"><v>45000</v></c></row>';
    const t = readXlsx(entries(workbook([{ name: 'S', rows }], [], styles)));
    assert.deepEqual(t.rows[0].cells, ['1', '2023-03-15', '2023-03-15 18:00', '45000']);
  });

  it('converts Excel serial days: 61 is 1 March 1900, 45000 is 15 March 2023 (1900 date system, after its false 29 Feb)', () => {
    // Serial 61 is 1 March 1900 (Excel counts the 29 Feb 1900 that never was as 60).
    assert.equal(excelDate(61), '1900-03-01');
    assert.equal(excelDate(45000), '2023-03-15');
    assert.equal(excelDate(45000.5), '2023-03-15 12:00');
  });

  it('reports an error cell and a missing shared string by row and cell, and says when it is not a workbook', () => {
    const rows =
      '<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c><c r="B1" t="inlineStr"><is><t>v</t></is></c></row>' +
      '<row r="3"><c r="A3" t="inlineStr"><is><t>p1</t></is></c><c r="B3" t="e"><v>#DIV/0!</v></c></row>' +
      '<row r="4"><c r="A4" t="inlineStr"><is><t>p2</t></is></c><c r="B4" t="s"><v>99</v></c></row>';
    const t = readXlsx(entries(workbook([{ name: 'S', rows }], [])));
    assert.deepEqual(
      t.problems.map((p) => [p.line, p.cell]),
      [
        [3, 2],
        [4, 2],
      ],
    );
    assert.match(t.problems[0].message, /#DIV\/0!/);
    assert.match(readXlsx(entries(zipSync({ 'word/document.xml': strToU8('<w/>') }))).problems[0].message, /not an Excel workbook/);
  });

  it('finds the header below empty rows and reports repeated column names by cell', () => {
    const rows =
      '<row r="2"><c r="B2" t="inlineStr"><is><t>id</t></is></c><c r="C2" t="inlineStr"><is><t>ID</t></is></c></row><row r="3"><c r="B3"><v>1</v></c></row>';
    const t = readXlsx(entries(workbook([{ name: 'S', rows }], [])));
    assert.deepEqual(t.header, ['', 'id', 'ID']);
    assert.deepEqual(
      t.problems.map((p) => [p.line, p.cell, p.severity]),
      [[2, 3, 'error']],
    );
  });
  it("reads back a workbook written by the project's own .xlsx writer (another implementation): text, numbers, percentages", () => {
    const bytes = xlsxWorkbook([
      { name: 'Cover', rows: [['not this one']] },
      {
        name: 'Answers',
        rows: [
          ['id', 'region', 'share', 'why'],
          ['p01', 'wales', { value: 0.25, format: 'percent' }, '=not a formula'],
          ['p02', 'north', 3, 'two\nlines'],
        ],
      },
    ]);
    const t = readXlsx(entries(bytes), 'Answers');
    assert.deepEqual(t.header, ['id', 'region', 'share', 'why']);
    assert.deepEqual(
      t.rows.map((r) => r.cells),
      [
        ['p01', 'wales', '0.25', '=not a formula'],
        ['p02', 'north', '3', 'two\nlines'],
      ],
    );
    assert.deepEqual(t.sheets, ['Cover', 'Answers']);
    assert.deepEqual(t.problems, []);
  });
});
