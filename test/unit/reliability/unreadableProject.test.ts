/**
 * A project the tool cannot read is never written (#20 item 4). When
 * qda/project.yaml is empty, broken, of an unknown format (a newer tool wrote
 * it) or missing its mapping, every writing command stops with the reason,
 * and nothing on disk changes: one check in the write path, not one per command.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { addCode } from '../../../src/core/codes';
import { addCoding } from '../../../src/core/coding';
import { Project, ProjectError } from '../../../src/core/project';
import { nodePorts } from '../../../src/node/nodeFiles';
import { hashTree, qda, tempDir, TRANSCRIPT, TRANSCRIPT_PATH, VALID, validProject, writeFiles } from './fixtures';

const BROKEN: { name: string; text: string | Buffer; reason: RegExp }[] = [
  {
    name: 'an unknown format',
    text: 'format: 2\ntitle: Made by a newer version\nsources:\n  - transcripts/**/*.txt\n',
    reason: /unknown format 2/,
  },
  { name: 'an empty file', text: '', reason: /project\.yaml/ },
  { name: 'only a comment', text: '# nothing here yet\n', reason: /project\.yaml/ },
  { name: 'a YAML syntax error', text: 'format: 1\nsources: [transcripts/**/*.txt\n', reason: /YAML syntax error|project\.yaml/ },
  { name: 'a list instead of a mapping', text: '- format: 1\n', reason: /mapping/ },
  { name: 'a format that is text', text: 'format: one\nsources: []\n', reason: /format/ },
  { name: 'binary junk', text: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff]), reason: /UTF-8|project\.yaml/ },
];

const QDC = `<?xml version="1.0" encoding="UTF-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="9fa9bcb7-5b59-47a9-8c3e-f65cffdc7520" name="Imported" isCodable="true"/></Codes></CodeBook>`;

describe('reliability: a project whose project.yaml cannot be read is never written', function () {
  this.timeout(60000);

  for (const b of BROKEN) {
    it(`stops every writing command with the reason: ${b.name}`, async () => {
      const root = validProject();
      // A moved passage, so that reanchor has something it would write.
      fs.writeFileSync(path.join(root, TRANSCRIPT_PATH), `A new first line.\n${TRANSCRIPT}`);
      // A review round, prepared while the project was readable, so that responses could be imported.
      assert.equal((await qda(root, 'export', 'review', '--round', 'round-1')).code, 0);
      const outside = tempDir('qda-in-');
      writeFiles(outside, {
        'codebook.qdc': QDC,
        'response.json': JSON.stringify({
          kind: 'reflexive-qda/review-response',
          format: 1,
          round: 'round-1',
          respondent: 'Sam',
          answers: [{ code: 'security', fit: 'fits' }],
        }),
      });
      fs.writeFileSync(path.join(root, 'qda/project.yaml'), b.text);
      const before = hashTree(root);

      const commands: string[][] = [
        ['reanchor'],
        ['import', 'qdc', path.join(outside, 'codebook.qdc'), '--yes'],
        ['import', 'review', path.join(outside, 'response.json')],
        ['pseudonyms', '--init'],
        ['export', 'review', '--round', 'round-2'],
        ['init'],
      ];
      for (const cmd of commands) {
        const r = await qda(root, ...cmd);
        assert.notEqual(r.code, 0, `qda ${cmd.join(' ')} ran on an unreadable project: ${r.out.join(' | ')}`);
        assert.notEqual(r.code, 3, `qda ${cmd.join(' ')} crashed: ${r.err.join(' | ')}`);
        const said = [...r.err, ...r.out].join('\n');
        assert.match(said, /qda\/project\.yaml/, `qda ${cmd.join(' ')} names the file: ${said}`);
        if (cmd[0] !== 'init') assert.match(said, b.reason, `qda ${cmd.join(' ')} says why: ${said}`);
        assert.deepEqual(hashTree(root), before, `qda ${cmd.join(' ')} changed files`);
      }

      const project = await Project.open(nodePorts(root));
      const refused = (e: unknown) => e instanceof ProjectError && /qda\/project\.yaml/.test(e.message);
      await assert.rejects(addCode(project, { name: 'Not written' }), refused);
      await assert.rejects(addCoding(project, TRANSCRIPT, { source: TRANSCRIPT_PATH, code: 'material', start: 0, end: 11 }), refused);
      await assert.rejects(
        project.writeFile('qda/memos/2026-03-01-new.md', '---\nid: m1\ncreated: 2026-03-01T10:00:00Z\nkind: reflexive\n---\nx\n'),
        refused,
      );
      assert.deepEqual(hashTree(root), before, 'the project API changed files');
    });
  }

  it('writes again once project.yaml is fixed', async () => {
    const root = validProject();
    fs.writeFileSync(path.join(root, 'qda/project.yaml'), 'format: 2\nsources: []\n');
    const project = await Project.open(nodePorts(root));
    await assert.rejects(addCode(project, { name: 'Later' }), /project\.yaml/);
    fs.writeFileSync(path.join(root, 'qda/project.yaml'), VALID['qda/project.yaml']);
    await project.reload(['qda/project.yaml']);
    await addCode(project, { name: 'Later' });
    assert.ok(project.codebook.codes.some((c) => c.name === 'Later'));
  });
});
