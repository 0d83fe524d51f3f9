import * as assert from 'node:assert/strict';
import { strFromU8, unzipSync } from 'fflate';
import readXlsxFile from 'read-excel-file/node';
import { columnName, MAX_CELL_CHARS, sheetName, xlsxWorkbook } from '../../src/core/output/xlsx';

/** Every sheet as read-excel-file (a reader independent of our writer) reads it. */
async function readBack(bytes: Uint8Array): Promise<Record<string, unknown[][]>> {
  const sheets = await readXlsxFile(Buffer.from(bytes), { trim: false } as never);
  return Object.fromEntries(sheets.map((s) => [s.sheet, s.data]));
}

describe('output: .xlsx writer', () => {
  it('writes text as text and numbers as numbers, which a spreadsheet reader reads back', async () => {
    const bytes = xlsxWorkbook([
      {
        name: 'Counts',
        rows: [
          ['code', 'north', 'share'],
          ['Money', 3, { value: 0.25, format: 'percent' }],
          ['Housing', 0, null],
        ],
      },
    ]);
    assert.deepEqual(await readBack(bytes), {
      Counts: [
        ['code', 'north', 'share'],
        ['Money', 3, 0.25],
        ['Housing', 0, null],
      ],
    });
  });

  it('keeps hostile text as it is, and never as a formula or markup', async () => {
    const hostile = [
      '=HYPERLINK("http://x","click")',
      "+cmd|' /C calc'!A0",
      '-2+3',
      '@SUM(A1)',
      '<b>&amp;</b> "q" \'a\'',
      '  spaced  ',
      'line one\nline two',
      'Zoë 😊 _x0041_',
    ];
    const bytes = xlsxWorkbook([{ name: 'Text', header: false, rows: hostile.map((h) => [h]) }]);
    assert.deepEqual(
      (await readBack(bytes)).Text.map((r) => r[0]),
      hostile,
    );
    const parts = unzipSync(bytes);
    const sheet = strFromU8(parts['xl/worksheets/sheet1.xml']);
    assert.ok(!sheet.includes('<f>'), 'no formula');
    // Cells that a spreadsheet would turn into formulas when edited carry the quote-prefix style (5).
    assert.deepEqual(
      [...sheet.matchAll(/<c r="A(\d+)" t="s"( s="(\d)")?>/g)].map((m) => [Number(m[1]), m[3] ?? '0']),
      [
        [1, '5'],
        [2, '5'],
        [3, '5'],
        [4, '5'],
        [5, '0'],
        [6, '0'],
        [7, '0'],
        [8, '0'],
      ],
    );
    const strings = strFromU8(parts['xl/sharedStrings.xml']);
    assert.ok(strings.includes('&lt;b&gt;&amp;amp;&lt;/b&gt;'), strings);
    assert.ok(strings.includes('_x005F_x0041_'), 'text that looks like an escape stays text');
  });

  it('drops characters XML cannot hold, leaves non-numbers empty, and cuts text longer than a cell holds', async () => {
    const long = 'x'.repeat(MAX_CELL_CHARS + 10);
    const bytes = xlsxWorkbook([{ name: 'S', header: false, rows: [['bell\u0007 and nul\u0000'], [NaN], [Infinity], [long]] }]);
    const rows = (await readBack(bytes)).S;
    assert.equal(rows[0][0], 'bell and nul');
    assert.equal(rows[1][0], null);
    assert.equal(rows[2][0], null);
    assert.equal((rows[3][0] as string).length, MAX_CELL_CHARS);
    assert.ok((rows[3][0] as string).endsWith('…'));
  });

  it("makes sheet names valid and unique, in the spreadsheet programs' rules", async () => {
    assert.equal(sheetName('Codes: a/b [1] * ?'), 'Codes  a b  1');
    assert.equal(sheetName("'quoted'"), 'quoted');
    assert.equal(sheetName(''), 'Sheet');
    assert.equal(sheetName('history'), 'History 1', 'a reserved name');
    assert.equal([...sheetName('x'.repeat(40))].length, 31);
    assert.equal(sheetName('Codings', new Set(['codings'])), 'Codings (2)');
    const bytes = xlsxWorkbook([
      { name: 'Same', rows: [['a']] },
      { name: 'same', rows: [['b']] },
    ]);
    assert.deepEqual(Object.keys(await readBack(bytes)), ['Same', 'same (2)']);
  });

  it('names columns A..Z, AA.., and freezes the header row and the label column', () => {
    assert.deepEqual([0, 25, 26, 51, 52, 701, 702, 16383].map(columnName), ['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA', 'XFD']);
    const sheet = strFromU8(
      unzipSync(
        xlsxWorkbook([
          {
            name: 'M',
            rows: [
              ['', 'a'],
              ['b', 1],
            ],
            freezeColumns: 1,
          },
        ]),
      )['xl/worksheets/sheet1.xml'],
    );
    assert.match(sheet, /<pane xSplit="1" ySplit="1" topLeftCell="B2" activePane="bottomRight" state="frozen"\/>/);
    assert.ok(!sheet.includes('<c r="A1"'), 'an empty cell is not written');
  });

  it('gives the same bytes for the same sheets', () => {
    const sheets = [{ name: 'A', rows: [['x', 1]] }];
    assert.deepEqual(xlsxWorkbook(sheets), xlsxWorkbook(sheets));
  });

  it('refuses more columns than a sheet holds', () => {
    assert.throws(() => xlsxWorkbook([{ name: 'Wide', rows: [new Array(16385).fill(1)] }]), /at most 16384 columns/);
  });
});
