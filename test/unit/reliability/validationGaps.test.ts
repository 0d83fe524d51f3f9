/**
 * Validation gaps (#20 item 10): what the review found passing quietly.
 * Two memos with one id; analyses and exports that left out a file they could
 * not read, said nothing and exited 0; `reanchor` crashing on a codings file
 * with errors; invalid UTF-8 placed at line 1, column 1 whatever its place;
 * control characters (NUL, ESC) from imports reaching the project or the terminal.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { MAX_FILE_CHARS, Project } from '../../../src/core/project';
import { nodePorts } from '../../../src/node/nodeFiles';
import { CODINGS_PATH, hashTree, MEMO_PATH, qda, tempDir, TRANSCRIPT, TRANSCRIPT_PATH, VALID, validProject, writeFiles } from './fixtures';

/** Control characters a terminal acts on (C0 but tab and line feed, DEL, C1). */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('reliability: validation gaps', function () {
  this.timeout(60000);

  it('reports two memos with the same id as an error of qda validate, at the second one', async () => {
    const root = validProject();
    const second = 'qda/memos/2026-01-06-second.md';
    writeFiles(root, { [second]: VALID[MEMO_PATH].replace('What did I expect', 'A second memo, same id. What did I expect') });
    const r = await qda(root, 'validate');
    assert.equal(r.code, 1, r.out.join('\n'));
    const line = r.out.find((l) => l.includes('m-4k7x2q9d'));
    assert.ok(line, r.out.join('\n'));
    assert.match(line, /^qda\/memos\/2026-01-0[56]-[a-z-]+\.md:2:5: duplicate memo id "m-4k7x2q9d"/);
  });

  it('says so and exits non-zero when saturation leaves out a codings file it cannot read (too large)', async () => {
    const root = validProject();
    fs.writeFileSync(path.join(root, CODINGS_PATH), `${VALID[CODINGS_PATH]}# ${'x'.repeat(MAX_FILE_CHARS)}\n`);
    for (const cmd of [['saturation'], ['saturation', '--json'], ['status'], ['representativeness']]) {
      const r = await qda(root, ...cmd);
      if (cmd[0] === 'representativeness') {
        assert.equal(r.code, 0, 'representativeness does not read codings');
        continue;
      }
      assert.equal(r.code, 1, `qda ${cmd.join(' ')}: exit ${r.code}`);
      assert.match(
        r.err.join('\n'),
        new RegExp(`${CODINGS_PATH.replace(/\./g, '\\.')}.*(more than a project file may hold|could not be read)`),
        r.err.join('\n'),
      );
    }
  });

  it('exports nothing and exits non-zero when the codebook has errors (never an empty CSV)', async () => {
    const root = validProject();
    fs.writeFileSync(path.join(root, 'qda/codebook.yaml'), 'codes:\n  - id: a\n    name: [broken\n');
    const out = path.join(tempDir(), 'codebook.csv');
    for (const args of [
      ['export', 'codebook', '--format', 'csv'],
      ['export', 'codebook', '--format', 'csv', '-o', out],
      ['export', 'passages'],
      ['export', 'memos'],
    ]) {
      const r = await qda(root, ...args);
      assert.equal(r.code, 1, `qda ${args.join(' ')}: exit ${r.code}: ${r.out.join(' | ')}`);
      assert.match(r.err.join('\n'), /qda\/codebook\.yaml:\d+:\d+: /);
      assert.deepEqual(r.out, [], `qda ${args.join(' ')} printed an export`);
    }
    assert.equal(fs.existsSync(out), false);
  });

  it('reanchor reports a codings file with errors and re-anchors the others, never crashing', async () => {
    const root = validProject();
    const other = 'transcripts/p02.txt';
    const otherCodings = 'qda/codings/transcripts/p02.txt.yaml';
    writeFiles(root, {
      [other]: `Moved down.\n${TRANSCRIPT}`,
      [otherCodings]: VALID[CODINGS_PATH].replace(`source: ${TRANSCRIPT_PATH}`, `source: ${other}`).replace(/id: c(\d)/g, 'id: d$1'),
      [TRANSCRIPT_PATH]: `Moved too.\n${TRANSCRIPT}`,
    });
    // A coding whose end is before its start: the file has an error, and its codings are still in memory.
    fs.writeFileSync(
      path.join(root, CODINGS_PATH),
      VALID[CODINGS_PATH].replace(/end: (\d+)\n {4}text: "My tin/, 'end: 1\n    text: "My tin'),
    );
    const before = fs.readFileSync(path.join(root, CODINGS_PATH));
    const r = await qda(root, 'reanchor');
    assert.notEqual(r.code, 3, `crashed: ${r.err.join('\n')}`);
    assert.equal(r.code, 1);
    assert.match([...r.out, ...r.err].join('\n'), new RegExp(`${CODINGS_PATH.replace(/\./g, '\\.')}.*(errors|fix)`));
    assert.deepEqual(fs.readFileSync(path.join(root, CODINGS_PATH)), before, 'the file with errors is not written');
    assert.match(fs.readFileSync(path.join(root, otherCodings), 'utf8'), /start: 42\n/, 'the other file is re-anchored');
  });

  it('locates invalid UTF-8 at its line and column', async () => {
    const root = validProject();
    const text = VALID['qda/codebook.yaml'];
    const at = text.indexOf('Tins, spreadsheets');
    const bytes = Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from([0xc3, 0x28]), Buffer.from(text.slice(at))]);
    fs.writeFileSync(path.join(root, 'qda/codebook.yaml'), bytes);
    const project = await Project.open(nodePorts(root));
    const p = project.problems.find((x) => x.file === 'qda/codebook.yaml');
    const lines = text.slice(0, at).split('\n');
    assert.deepEqual([p?.line, p?.column], [lines.length, [...lines.at(-1)!].length + 1], JSON.stringify(p));
    assert.match(p!.message, /UTF-8/);
  });

  it('drops control characters from imported captions, and never prints them from a response or a .qdc', async () => {
    const dir = tempDir('qda-import-');
    fs.writeFileSync(
      path.join(dir, 'talk.vtt'),
      'WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Sam>Hello\u0000 there\u001b[31m, red\u0007!\n',
    );
    const t = await qda(dir, 'import', 'transcript', 'talk.vtt');
    assert.equal(t.code, 0, t.err.join('\n'));
    const transcript = fs.readFileSync(path.join(dir, 'talk.transcript'), 'utf8');
    assert.doesNotMatch(transcript, CONTROL, JSON.stringify(transcript));
    assert.match(transcript, /Sam: Hello there\[31m, red!/);

    const root = validProject();
    assert.equal((await qda(root, 'export', 'review', '--round', 'round-1')).code, 0);
    const hostile = 'Sam\u001b]0;pwned\u0007\u001b[2J';
    writeFiles(dir, {
      'r.json': JSON.stringify({
        round: 'round-1',
        respondent: hostile,
        answers: [{ code: 'security', fit: 'fits', comment: 'ok\u0000' }],
      }),
      'c.qdc': `<?xml version="1.0"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="9fa9bcb7-5b59-47a9-8c3e-f65cffdc7520" name="Evil&#x1b;[2J" isCodable="true"><Description>x&#x7;y</Description></Code></Codes></CodeBook>`,
    });
    for (const args of [
      ['import', 'review', path.join(dir, 'r.json')],
      ['import', 'qdc', path.join(dir, 'c.qdc')],
      ['import', 'qdc', path.join(dir, 'c.qdc'), '--yes'],
    ]) {
      const r = await qda(root, ...args);
      for (const line of [...r.out, ...r.err]) assert.doesNotMatch(line, CONTROL, `qda ${args.join(' ')} printed ${JSON.stringify(line)}`);
    }
    const before = hashTree(root);
    const stored = [...before.keys()].find((p) => p.includes('/responses/'));
    assert.ok(stored);
    const response = JSON.parse(fs.readFileSync(path.join(root, stored), 'utf8')) as { respondent: string; answers: { comment: string }[] };
    assert.doesNotMatch(response.respondent + response.answers[0].comment, CONTROL, 'the stored response');
    assert.match(response.respondent, /^Sam/);
    const codebook = parse(fs.readFileSync(path.join(root, 'qda/codebook.yaml'), 'utf8')) as {
      codes: { name: string; definition?: string }[];
    };
    const imported = codebook.codes.find((c) => c.name.startsWith('Evil'));
    assert.ok(imported, 'the code was imported');
    assert.doesNotMatch(imported.name + (imported.definition ?? ''), CONTROL, 'the imported code');
  });
});
