import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import readXlsxFile from 'read-excel-file/node';
import { main } from '../../src/cli';
import { studyFiles } from './helpers/matrixStudy';

async function qda(cwd: string, ...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { cwd, out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

/** The hand-built study of helpers/matrixStudy.ts on disk. */
function study(extra: Record<string, string> = {}): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'qda-matrix-'));
  for (const [rel, text] of Object.entries({ ...studyFiles(), ...extra })) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

/** Every cell of every sheet, as read-excel-file (a reader independent of our writer) reads it. */
async function sheets(file: string): Promise<Record<string, unknown[][]>> {
  const all = await readXlsxFile(fs.readFileSync(file), { trim: false } as never);
  return Object.fromEntries(all.map((s) => [s.sheet, s.data]));
}

describe('qda matrix', () => {
  it('cooccurrence --json gives the codes and the counts in their order (and the other measures)', async () => {
    const r = await qda(study(), 'matrix', 'cooccurrence', '--json');
    assert.equal(r.code, 0, r.err.join('\n'));
    const json = JSON.parse(r.out.join('\n'));
    assert.deepEqual(json.codes, ['a', 'b', 'c']);
    // Worked out in matrices.test.ts.
    assert.deepEqual(json.counts, [
      [5, 3, 2],
      [3, 5, 1],
      [2, 1, 4],
    ]);
    assert.deepEqual(json.passages, [
      [4, 3, 2],
      [3, 5, 1],
      [2, 1, 4],
    ]);
    assert.deepEqual(json.names, ['Alpha', 'Beta', 'Gamma']);
    assert.equal(json.coder, null);
    const x = JSON.parse((await qda(study(), 'matrix', 'cooccurrence', '--coder', 'x', '--json')).out.join('\n'));
    assert.deepEqual(x.counts, [
      [4, 2, 2],
      [3, 5, 1],
      [2, 1, 4],
    ]);
    assert.equal(x.coder, 'x');
  });

  it('attribute NAME --json gives codings and participants by value', async () => {
    const r = await qda(study(), 'matrix', 'attribute', 'region', '--json');
    assert.equal(r.code, 0, r.err.join('\n'));
    const json = JSON.parse(r.out.join('\n'));
    assert.equal(json.attribute, 'region');
    assert.deepEqual(json.codes, ['a', 'b', 'c']);
    assert.deepEqual(json.values, ['north', 'south', 'wales']);
    assert.deepEqual(json.codings, [
      [4, 1, 0],
      [4, 0, 0],
      [2, 1, 0],
    ]);
    assert.deepEqual(json.participants, [
      [1, 1, 0],
      [1, 0, 0],
      [1, 1, 0],
    ]);
    assert.deepEqual(json.share, [
      [0.5, 1, null],
      [0.5, 0, null],
      [0.5, 1, null],
    ]);
  });

  it('names the known attributes for an unknown one, and asks for the name when it is missing', async () => {
    const r = await qda(study(), 'matrix', 'attribute', 'age');
    assert.equal(r.code, 2);
    assert.equal(r.err[0], 'qda: no participant attribute "age"; the attributes are "region"');
    assert.match((await qda(study(), 'matrix', 'attribute')).err[0], /which attribute\?/);
    assert.match((await qda(study(), 'matrix', 'heat')).err[0], /which matrix\?/);
    assert.match(
      (await qda(study(), 'matrix', 'cooccurrence', '--measure', 'lift')).err[0],
      /--measure lift: use counts, passages, jaccard/,
    );
  });

  it('--csv prints the table with code names; a table for people without options', async () => {
    const csv = await qda(study(), 'matrix', 'cooccurrence', '--csv', '--measure', 'jaccard');
    assert.deepEqual(csv.out.join('\n').split('\r\n'), [
      'Code,Alpha,Beta,Gamma',
      'Alpha,1,0.2143,0.1429',
      'Beta,0.2143,1,0.0833',
      'Gamma,0.1429,0.0833,1',
    ]);
    const text = await qda(study(), 'matrix', 'attribute', 'region');
    assert.deepEqual(text.out, [
      'Codings of the code in the transcripts of participants with each value of "region".',
      'code  north  south  wales  No value',
      'a         4      1      0         0',
      'b         4      0      0         1',
      'c         2      1      0         1',
    ]);
    assert.ok(
      text.err.some((l) =>
        l.includes('Left out: 1 whose passage is no longer in its transcript; 1 of retired codes; 1 of codes missing from the codebook.'),
      ),
      text.err.join('\n'),
    );
  });

  it('-o FILE.xlsx writes every measure on a sheet, which a spreadsheet reader reads back cell for cell', async () => {
    const root = study();
    const r = await qda(root, 'matrix', 'cooccurrence', '-o', 'out/cooccurrence.xlsx');
    assert.equal(r.code, 0, r.err.join('\n'));
    const file = path.join(root, 'out/cooccurrence.xlsx');
    const book = await sheets(file);
    assert.deepEqual(Object.keys(book), ['Co-occurrence', 'Passages with both', 'Jaccard', 'About']);
    assert.deepEqual(book['Co-occurrence'], [
      ['Code', 'Alpha', 'Beta', 'Gamma'],
      ['Alpha', 5, 3, 2],
      ['Beta', 3, 5, 1],
      ['Gamma', 2, 1, 4],
    ]);
    assert.deepEqual(book['Passages with both'][1], ['Alpha', 4, 3, 2]);
    assert.equal(book.Jaccard[1][2], 30 / 140, 'numbers are stored whole, only shown rounded');
    assert.ok(
      book.About.some((row) => /^Codings of the row's code that share at least one character/.test(String(row[0]))),
      JSON.stringify(book.About),
    );
    const parts = unzipSync(fs.readFileSync(file));
    const sheet1 = strFromU8(parts['xl/worksheets/sheet1.xml']);
    assert.match(
      sheet1,
      /<pane xSplit="1" ySplit="1" topLeftCell="B2" activePane="bottomRight" state="frozen"\/>/,
      'the header row and label column stay in view',
    );
    assert.match(sheet1, /<c r="B1" t="s" s="1">/, 'the header is bold');
    assert.match(strFromU8(parts['xl/styles.xml']), /<xf numFmtId="0" fontId="1"[^>]*>/);
  });

  it('-o FILE.svg writes the heat map with every number printed; -o FILE.json the JSON', async () => {
    const root = study();
    assert.equal((await qda(root, 'matrix', 'attribute', 'region', '--measure', 'share', '-o', 'region.svg')).code, 0);
    const svg = fs.readFileSync(path.join(root, 'region.svg'), 'utf8');
    assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    const printed = [...svg.matchAll(/<g class="qm-cell"><title>([^<]*)<\/title>/g)].map((m) => m[1]);
    assert.deepEqual(printed.slice(0, 3), ['Alpha × north (n = 2): 50%', 'Alpha × south (n = 1): 100%', 'Alpha × wales (n = 0): —']);
    assert.equal(printed.length, 9);
    assert.equal((await qda(root, 'matrix', 'cooccurrence', '-o', 'm.json')).code, 0);
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(root, 'm.json'), 'utf8')).counts[0], [5, 3, 2]);
  });

  it('refuses to write over a file of the project, also through a link, and writes nothing', async () => {
    const root = study();
    const codebook = fs.readFileSync(path.join(root, 'qda/codebook.yaml'), 'utf8');
    for (const target of ['qda/codebook.yaml', 'qda/new.csv', 'transcripts/a.txt', './transcripts/../qda/framework.yaml']) {
      const r = await qda(root, 'matrix', 'cooccurrence', '-o', target);
      assert.equal(r.code, 1, target);
      assert.match(r.err[0], /^qda: not written: .*export somewhere else$/, r.err[0]);
    }
    fs.symlinkSync(path.join(root, 'qda/codebook.yaml'), path.join(root, 'link.csv'));
    assert.equal((await qda(root, 'matrix', 'cooccurrence', '-o', 'link.csv')).code, 1);
    fs.mkdirSync(path.join(root, 'elsewhere'));
    fs.symlinkSync(path.join(root, 'qda'), path.join(root, 'elsewhere/q'));
    assert.equal((await qda(root, 'export', 'framework', '-o', 'elsewhere/q/x.md')).code, 1);
    assert.equal(fs.readFileSync(path.join(root, 'qda/codebook.yaml'), 'utf8'), codebook);
    assert.equal(fs.readFileSync(path.join(root, 'transcripts/a.txt'), 'utf8').startsWith('w000'), true);
    assert.ok(!fs.existsSync(path.join(root, 'qda/new.csv')));
  });
});

describe('qda export framework', () => {
  it('writes Markdown with each case, its summaries and its passages as they are now, pseudonymised', async () => {
    const root = study({ 'qda/framework.yaml': 'summaries:\n  - {participant: p1, code: a, summary: "Ask ann@example.org *again*"}\n' });
    const refused = await qda(root, 'export', 'framework');
    assert.equal(refused.code, 1, 'no pseudonym map: nothing exported');
    assert.match(refused.err.join('\n'), /nothing was exported: there is no qda\/private\/pseudonyms\.yaml/);
    fs.mkdirSync(path.join(root, 'qda/private'));
    fs.writeFileSync(path.join(root, 'qda/private/pseudonyms.yaml'), 'names: {}\n');
    const r = await qda(root, 'export', 'framework');
    assert.equal(r.code, 0, r.err.join('\n'));
    const md = r.out.join('\n');
    assert.ok(md.startsWith('# Framework matrix: Matrix study\n'), md);
    assert.ok(
      md.includes(
        '## p1\n\nTranscripts: transcripts/a.txt, transcripts/b.txt\n\n### Alpha (4 passages)\n\n**Summary:** Ask \\[email\\] \\*again\\*\n',
      ),
      md,
    );
    assert.ok(md.includes('> w000 w001 w002 w003 w004 w005 w006 w007 w008 w009 \n\n*transcripts/a.txt, line 1, coded by x*'), md);
    assert.ok(
      md.includes('## p2\n\nTranscripts: transcripts/c.txt\n\n### Alpha (1 passage)\n\n*No summary yet.*\n\n> w000 w001 \n'),
      'the passage as re-anchored, not as stored',
    );
    assert.ok(md.includes('## p3\n\nTranscripts: transcripts/e.txt\n\n*No coded passages.*'));
    assert.ok(md.includes('## transcripts/d.txt (no participant)'));
    assert.ok(!md.includes('ann@example.org'));
  });

  it('writes .xlsx with the summaries (formula-like text kept as text), the passages and the counts', async () => {
    const root = study();
    const r = await qda(root, 'export', 'framework', '-o', 'framework.xlsx', '--no-pseudonymise');
    assert.equal(r.code, 0, r.err.join('\n'));
    const book = await sheets(path.join(root, 'framework.xlsx'));
    assert.deepEqual(Object.keys(book), ['Summaries', 'Passages', 'Counts', 'About']);
    assert.deepEqual(book.Summaries, [
      ['Participant', 'Alpha', 'Beta', 'Gamma'],
      ['p1', 'Worries about money', null, null],
      ['p2', null, null, null],
      ['p3', null, null, null],
      ['transcripts/d.txt (no participant)', null, "=cmd|' /C calc'!A0", null],
    ]);
    assert.deepEqual(book.Counts.slice(1), [
      ['p1', 4, 4, 2],
      ['p2', 1, 0, 1],
      ['p3', 0, 0, 0],
      ['transcripts/d.txt (no participant)', 0, 1, 1],
    ]);
    assert.deepEqual(book.Passages[0], ['Participant', 'Code', 'Source', 'Line', 'Coder', 'Passage']);
    assert.deepEqual(book.Passages[1], ['p1', 'Alpha', 'transcripts/a.txt', 1, 'x', 'w000 w001 w002 w003 w004 w005 w006 w007 w008 w009 ']);
    assert.equal(book.Passages.length, 1 + 14);
    const xml = strFromU8(unzipSync(fs.readFileSync(path.join(root, 'framework.xlsx')))['xl/worksheets/sheet1.xml']);
    assert.match(xml, /<c r="C5" t="s" s="6">/, 'the formula-like summary has the quote-prefix style');
    assert.ok(!xml.includes('<f>'), 'no formula anywhere');
  });

  it('writes the summaries as a CSV matrix, and needs -o for a spreadsheet', async () => {
    const root = study();
    const csv = await qda(root, 'export', 'framework', '--format', 'csv', '--no-pseudonymise');
    assert.deepEqual(csv.out.join('\n').split('\r\n'), [
      'Participant,Alpha,Beta,Gamma',
      'p1,Worries about money,,',
      'p2,,,',
      'p3,,,',
      "transcripts/d.txt (no participant),,'=cmd|' /C calc'!A0,",
    ]);
    const x = await qda(root, 'export', 'framework', '--format', 'xlsx');
    assert.equal(x.code, 2);
    assert.match(x.err[0], /add -o FILE\.xlsx/);
  });
});
