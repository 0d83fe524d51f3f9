import * as assert from 'node:assert/strict';
import { readCsv, readCsvText } from '../../src/core/participants/csv';
import { columnLetters, placeOf } from '../../src/core/participants/table';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('survey CSV reader', () => {
  it('reads UTF-8 with a byte-order mark, the BOM not part of the first column name', () => {
    const t = readCsv(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('id,région\np01,Gwynedd\n')]));
    assert.deepEqual(t.header, ['id', 'région']);
    assert.deepEqual(t.rows, [{ line: 2, cells: ['p01', 'Gwynedd'] }]);
    assert.deepEqual(t.problems, []);
  });

  it('reads CR LF, LF and lone CR line ends alike', () => {
    for (const eol of ['\r\n', '\n', '\r']) {
      const t = readCsvText(['id,a', 'p1,x', 'p2,y', ''].join(eol));
      assert.deepEqual(
        t.rows.map((r) => [r.line, ...r.cells]),
        [
          [2, 'p1', 'x'],
          [3, 'p2', 'y'],
        ],
        JSON.stringify(eol),
      );
    }
  });

  it('reads quoted cells with commas, doubled quotes and line breaks, counting lines past them', () => {
    const t = readCsvText('id,why\r\np1,"money, mostly"\r\np2,"she said ""enough"""\r\np3,"first line\r\nsecond line"\r\np4,last\r\n');
    assert.deepEqual(
      t.rows.map((r) => r.cells[1]),
      ['money, mostly', 'she said "enough"', 'first line\nsecond line', 'last'],
    );
    assert.deepEqual(
      t.rows.map((r) => r.line),
      [2, 3, 4, 6],
      'p4 starts on line 6: p3 took two',
    );
  });

  it('skips blank lines and rows of empty cells, keeping the line numbers of the others', () => {
    const t = readCsvText('id,a\n\np1,1\n   \n,\n\np2,2\n\n');
    assert.deepEqual(
      t.rows.map((r) => [r.line, ...r.cells]),
      [
        [3, 'p1', '1'],
        [7, 'p2', '2'],
      ],
    );
    assert.deepEqual(t.problems, []);
  });

  it('trims cells padded with spaces, but keeps spaces inside quotes', () => {
    const t = readCsvText(' id , age band \n  p1 ,  30-49  \np2, "  spaced  " \n');
    assert.deepEqual(t.header, ['id', 'age band']);
    assert.deepEqual(
      t.rows.map((r) => r.cells),
      [
        ['p1', '30-49'],
        ['p2', '  spaced  '],
      ],
    );
  });

  it('reads a semicolon-separated file (Excel in many locales) and a tab-separated one', () => {
    assert.deepEqual(readCsvText('id;age;note\np1;30;"a, b; c"\n').rows[0].cells, ['p1', '30', 'a, b; c']);
    assert.deepEqual(readCsvText('id\tage\np1\t30\n').rows[0].cells, ['p1', '30']);
  });

  it('reports a quote inside an unquoted cell by line and column, and leaves that row out', () => {
    const t = readCsvText('id,a\np1,ok\np2,ab"c\np3,ok\n');
    assert.deepEqual(
      t.problems.map((p) => [p.line, p.column, p.severity]),
      [[3, 6, 'error']],
    );
    assert.deepEqual(
      t.rows.map((r) => r.cells[0]),
      ['p1', 'p3'],
    );
  });

  it('reports text after a closing quote', () => {
    const t = readCsvText('id,a\np1,"x"y\np2,"z"  \n');
    assert.deepEqual(
      t.problems.map((p) => [p.line, p.column]),
      [[2, 7]],
    );
    assert.match(t.problems[0].message, /after the closing quote/);
    assert.deepEqual(
      t.rows.map((r) => r.cells),
      [['p2', 'z']],
    );
  });

  it('reports a quote never closed at the line where it opened', () => {
    const t = readCsvText('id,a\np1,fine\np2,"never closed\np3,4\np4,5\n');
    assert.deepEqual(
      t.problems.map((p) => [p.line, p.column, p.severity]),
      [[3, 4, 'error']],
    );
    assert.deepEqual(
      t.rows.map((r) => r.cells[0]),
      ['p1'],
    );
  });

  it('reports a row with more cells than the header (an error) and one with fewer (a warning, read as empty)', () => {
    const t = readCsvText('id,a,b\np1,1,2,3\np2,1\np3,1,2,\n');
    assert.deepEqual(
      t.problems.map((p) => [p.line, p.severity]),
      [
        [2, 'error'],
        [3, 'warning'],
      ],
    );
    assert.deepEqual(
      t.rows.map((r) => r.cells),
      [
        ['p2', '1', ''],
        ['p3', '1', '2'],
      ],
      'a trailing empty cell is harmless',
    );
  });

  it('reports repeated and missing column names in the header', () => {
    const t = readCsvText('id,Age,age,\np1,1,2,x\n');
    assert.deepEqual(
      t.problems.map((p) => [p.line, p.cell]),
      [
        [1, 3],
        [1, 4],
      ],
    );
  });

  it('refuses bytes that are not UTF-8, saying how to save the file', () => {
    const t = readCsv(new Uint8Array([0x69, 0x64, 0x0a, 0xe9, 0x0a]));
    assert.match(t.problems[0].message, /not UTF-8.*CSV UTF-8/);
    assert.deepEqual(t.rows, []);
  });

  it('says where a problem is in the words of each kind of file', () => {
    assert.equal(placeOf({ unit: 'line' }, { line: 4, column: 7 }), 'line 4, column 7');
    assert.equal(placeOf({ unit: 'row' }, { line: 4, cell: 28 }), 'row 4, cell AB4');
    assert.deepEqual([1, 26, 27, 52, 703].map(columnLetters), ['A', 'Z', 'AA', 'AZ', 'AAA']);
  });
});
