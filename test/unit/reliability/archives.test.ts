/**
 * A .docx is a ZIP archive from outside (#20 item 8): one whose parts would
 * expand past 200 MB in all, or more than 100 times for a part over 1 MB, or
 * that inflates past what it declares, is refused with a message before (or
 * the moment) it is inflated, in bounded memory. Before, every XML part was
 * inflated whole: a 612 KB file reached 700 MB and crashed the process.
 */
import * as assert from 'node:assert/strict';
import { Deflate, zipSync } from 'fflate';
import { xlsxWorkbook } from '../../../src/core/output';
import { readSurveyTable } from '../../../src/core/participants';
import { importTranscript } from '../../../src/core/transcripts';

const enc = (s: string) => new TextEncoder().encode(s);
const RELS =
  '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>';
const doc = (body: string) =>
  `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`;
const para = (text: string) => `<w:p><w:r><w:t>${text}</w:t></w:r></w:p>`;

function docx(documentXml: Uint8Array): Uint8Array {
  return zipSync({ '_rels/.rels': enc(RELS), 'word/document.xml': documentXml }, { level: 9 });
}

/** The archive with the inflated size that `name` declares (local and central headers) set to `size`. */
function declare(zip: Uint8Array, name: string, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  const target = enc(name);
  const at = (i: number, n: number) => out.subarray(i, i + n).every((b, k) => b === target[k]);
  for (let i = 0; i + 46 < out.length; i++) {
    const sig = view.getUint32(i, true);
    if (sig === 0x04034b50 && view.getUint16(i + 26, true) === target.length && at(i + 30, target.length))
      view.setUint32(i + 22, size, true);
    if (sig === 0x02014b50 && view.getUint16(i + 28, true) === target.length && at(i + 46, target.length))
      view.setUint32(i + 24, size, true);
  }
  return out;
}

/**
 * A .docx whose word/document.xml declares `declared` bytes but inflates to
 * `mb` megabytes of spaces: deflated piece by piece, so the test never holds it whole.
 */
function forged(mb: number, declared: number): Uint8Array {
  const parts: Uint8Array[] = [];
  const deflate = new Deflate({ level: 9 }, (chunk) => parts.push(chunk));
  const block = new Uint8Array(2 ** 20).fill(0x20);
  for (let i = 0; i < mb; i++) deflate.push(block, i === mb - 1);
  const data = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (data.set(p, at), at + p.length), 0);
  const name = enc('word/document.xml');
  const local = new Uint8Array(30 + name.length);
  const lv = new DataView(local.buffer);
  lv.setUint32(0, 0x04034b50, true);
  lv.setUint16(4, 20, true);
  lv.setUint16(8, 8, true);
  lv.setUint32(18, data.length, true);
  lv.setUint32(22, declared, true);
  lv.setUint16(26, name.length, true);
  local.set(name, 30);
  const central = new Uint8Array(46 + name.length);
  const cv = new DataView(central.buffer);
  cv.setUint32(0, 0x02014b50, true);
  cv.setUint16(4, 20, true);
  cv.setUint16(6, 20, true);
  cv.setUint16(10, 8, true);
  cv.setUint32(20, data.length, true);
  cv.setUint32(24, declared, true);
  cv.setUint16(28, name.length, true);
  central.set(name, 46);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, 1, true);
  ev.setUint16(10, 1, true);
  ev.setUint32(12, central.length, true);
  ev.setUint32(16, local.length + data.length, true);
  const out = new Uint8Array(local.length + data.length + central.length + end.length);
  [local, data, central, end].reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
}

/** A document.xml of `mb` megabytes that compresses very well (spaces between paragraphs). */
function padded(mb: number): Uint8Array {
  return enc(doc(`${para('Interviewer: Hello.')}${' '.repeat(mb * 2 ** 20)}${para('Sam: Hi.')}`));
}

function problem(bytes: Uint8Array): string {
  const r = importTranscript('talk.docx', bytes);
  assert.equal(r.ok, false, 'refused');
  return r.ok ? '' : r.problems.map((p) => p.message).join(' ');
}

describe('reliability: .docx archives that expand past the limits', function () {
  this.timeout(60000);

  it('still imports a real .docx', () => {
    const r = importTranscript('talk.docx', docx(enc(doc(para('Interviewer: How are you?') + para('Sam: Fine.')))));
    assert.ok(r.ok, JSON.stringify(r));
    if (r.ok) assert.match(r.text, /Interviewer: How are you\?\n+Sam: Fine\./);
  });

  it('refuses a part over 1 MB that would expand more than 100 times, before inflating it', () => {
    const bytes = docx(padded(8));
    assert.ok(bytes.length < 80 * 1024, `${bytes.length} bytes`);
    assert.match(problem(bytes), /word\/document\.xml.*expand \d+ times.*100:1.*ZIP bomb/);
  });

  it('refuses a part that declares more than the 200 MB a .docx may expand to', () => {
    assert.match(problem(declare(docx(padded(0)), 'word/document.xml', 300 * 2 ** 20)), /word\/document\.xml.*300 MB.*200 MB/);
  });

  it('stops inflating a part the moment it yields more than it declared (a forged size)', () => {
    // Declares 2 KB, holds 400 MB (compressed to about 400 KB): inflation stops within one piece (at most ~64 MB), never 400 MB.
    const bytes = forged(400, 2048);
    assert.ok(bytes.length < 1024 * 1024, `${bytes.length} bytes`);
    const before = process.memoryUsage().arrayBuffers;
    const msg = problem(bytes);
    // Buffers made while refusing and not yet collected still count here: inflating it whole would add 400 MB.
    const peak = process.memoryUsage().arrayBuffers - before;
    assert.match(msg, /word\/document\.xml.*expands past the 2 KB it declares.*ZIP bomb/);
    assert.ok(peak < 150 * 2 ** 20, `${Math.round(peak / 2 ** 20)} MB held while refusing`);
  });
});

describe('reliability: .xlsx survey workbooks go through the same bounded reader', function () {
  this.timeout(60000);
  const sheet = '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
  const book =
    '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>';
  const bookRels =
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>';
  const workbook = (sheetXml: Uint8Array) =>
    zipSync(
      { 'xl/workbook.xml': enc(book), 'xl/_rels/workbook.xml.rels': enc(bookRels), 'xl/worksheets/sheet1.xml': sheetXml },
      { level: 9 },
    );
  const refusal = (bytes: Uint8Array) =>
    readSurveyTable('survey.xlsx', bytes)
      .problems.map((p) => `${p.severity}: ${p.message}`)
      .join(' ');

  it("reads a real workbook (the project's own writer) as a survey table", () => {
    const t = readSurveyTable(
      'survey.xlsx',
      xlsxWorkbook([
        {
          name: 'Answers',
          rows: [
            ['id', 'region'],
            ['r1', 'wales'],
            ['r2', 'north'],
          ],
        },
      ]),
    );
    assert.deepEqual(t.problems, []);
    assert.deepEqual(t.header, ['id', 'region']);
    assert.deepEqual(
      t.rows.map((r) => r.cells),
      [
        ['r1', 'wales'],
        ['r2', 'north'],
      ],
    );
  });

  it('refuses a sheet over 1 MB that would expand more than 100 times, before inflating it', () => {
    const bytes = workbook(enc(`${sheet}${' '.repeat(8 * 2 ** 20)}</sheetData></worksheet>`));
    assert.ok(bytes.length < 80 * 1024, `${bytes.length} bytes`);
    assert.match(refusal(bytes), /^error: .*xl\/worksheets\/sheet1\.xml.*expand \d+ times.*100:1.*ZIP bomb/);
  });

  it('refuses a sheet that declares more than 200 MB', () => {
    assert.match(
      refusal(declare(workbook(enc(`${sheet}</sheetData></worksheet>`)), 'xl/worksheets/sheet1.xml', 300 * 2 ** 20)),
      /sheet1\.xml.*300 MB.*200 MB/,
    );
  });

  it('says a file that is no zip archive is not a workbook', () => {
    assert.match(refusal(enc('id,region\nr1,wales\n')), /not an Excel workbook \(\.xlsx\)/);
  });
});
