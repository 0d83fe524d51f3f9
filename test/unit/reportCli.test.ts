import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { unzipSync } from 'fflate';
import { main } from '../../src/cli';
import { reviewStudyFiles } from './helpers/reviewStudy';

async function qda(cwd: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  let code: number;
  try {
    code = await main(argv, { cwd, out: (l) => out.push(l), err: (l) => err.push(l) });
  } catch (e) {
    code = -1;
    err.push(String(e));
  }
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function study(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'qda-report-'));
  for (const [rel, text] of Object.entries(reviewStudyFiles())) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  fs.mkdirSync(path.join(root, 'qda/private'), { recursive: true });
  fs.writeFileSync(path.join(root, 'qda/private/pseudonyms.yaml'), 'names:\n  Margaret: Jane\n');
  return root;
}

describe('qda export report', () => {
  let root: string;
  before(() => (root = study()));
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('writes Markdown to the terminal, pseudonymised, and says how', async () => {
    const r = await qda(root, 'export', 'report', '--format', 'md');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^# Money and me: findings/);
    assert.match(r.out, /Jane from the food bank helped/);
    assert.doesNotMatch(r.out, /Margaret/);
    assert.match(r.err, /note: Quotes, memos, code names and ids were pseudonymised with the project's pseudonym map/);
  });

  it('writes HTML and Word files by -o, the format from the extension', async () => {
    const html = await qda(root, 'export', 'report', '-o', 'out/report.html');
    assert.equal(html.code, 0, html.err);
    assert.match(html.err, /wrote the findings report \(html, 4 themes\) to out\/report\.html/);
    assert.match(fs.readFileSync(path.join(root, 'out/report.html'), 'utf8'), /^<!DOCTYPE html>/);
    const word = await qda(root, 'export', 'report', '-o', 'out/report.docx');
    assert.equal(word.code, 0, word.err);
    assert.ok(unzipSync(fs.readFileSync(path.join(root, 'out/report.docx')))['word/document.xml']);
  });

  it('refuses a Word or HTML report without -o, an unknown format, and a target inside qda/ or over a transcript', async () => {
    assert.match((await qda(root, 'export', 'report', '--format', 'docx')).err, /a Word report goes to a file: add -o FILE\.docx/);
    assert.match((await qda(root, 'export', 'report')).err, /an? HTML report goes to a file/);
    assert.match((await qda(root, 'export', 'report', '--format', 'pdf', '-o', 'x.pdf')).err, /--format pdf: use html or docx or md/);
    assert.match((await qda(root, 'export', 'report', '-o', 'qda/report.md')).err, /not written: qda\/report\.md is inside qda\//);
    const before = fs.readFileSync(path.join(root, 'transcripts/p1.txt'), 'utf8');
    assert.match(
      (await qda(root, 'export', 'report', '--format', 'md', '-o', 'transcripts/p1.txt')).err,
      /not written: transcripts\/p1\.txt is a transcript of the project/,
    );
    assert.equal(fs.readFileSync(path.join(root, 'transcripts/p1.txt'), 'utf8'), before);
  });

  it('--no-pseudonymise says so in the report', async () => {
    const r = await qda(root, 'export', 'report', '--format', 'md', '--no-pseudonymise');
    assert.match(r.out, /Margaret from the food bank helped/);
    assert.match(r.out, /the author chose not to pseudonymise this report/);
  });
});
