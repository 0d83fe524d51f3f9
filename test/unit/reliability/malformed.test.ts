import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { addCode } from '../../../src/core/codes/codebookOps';
import { addCoding } from '../../../src/core/coding/edits';
import {
  parseMemo,
  parseParticipants,
  parseProjectConfig,
  serializeMemo,
  serializeParticipants,
  serializeProjectConfig,
} from '../../../src/core/project/format';
import type { Problem } from '../../../src/core/model';
import { Project } from '../../../src/core/project/project';
import { ProjectError } from '../../../src/core/project/store';
import { decodeUtf8 } from '../../../src/core/text';
import { nodePorts } from '../../../src/node/nodeFiles';
import { corpus, KINDS, type BrokenFile } from './corpus';
import { CODINGS_PATH, hashTree, MEMO_PATH, qda, TRANSCRIPT, TRANSCRIPT_PATH, VALID, validProject } from './fixtures';

/** A problem a researcher can act on: a file, a line and column from 1 inside it, and words. */
function assertLocated(p: Problem, lines?: number): void {
  assert.ok(p.file, `problem without a file: ${JSON.stringify(p)}`);
  assert.ok(Number.isInteger(p.line) && p.line >= 1, `line ${p.line}: ${JSON.stringify(p)}`);
  assert.ok(Number.isInteger(p.column) && p.column >= 1, `column ${p.column}: ${JSON.stringify(p)}`);
  if (lines !== undefined) assert.ok(p.line <= lines, `line ${p.line} is past the end of ${p.file} (${lines} lines): ${p.message}`);
  assert.equal(typeof p.message, 'string');
  assert.ok(p.message.trim().length > 0, `empty message: ${JSON.stringify(p)}`);
}

/** A change through the project API that must touch exactly the broken file. */
async function tryToWrite(project: Project, file: string): Promise<unknown> {
  switch (file) {
    case 'qda/codebook.yaml':
      return addCode(project, { name: 'A new code' });
    case CODINGS_PATH:
      return addCoding(project, TRANSCRIPT, { source: TRANSCRIPT_PATH, code: 'material', start: 0, end: 11 });
    case 'qda/participants.yaml':
      return project.store.update(file, parseParticipants, serializeParticipants, (p) => ({
        ...p!,
        participants: [...p!.participants, { id: 'p99' }],
      }));
    case 'qda/project.yaml':
      return project.store.update(file, parseProjectConfig, serializeProjectConfig, (c) => ({ ...c!, title: 'Changed' }));
    case MEMO_PATH:
      return project.store.update(
        file,
        (t) => parseMemo(t, file),
        serializeMemo,
        (m) => ({ ...m!, body: `${m!.body}\nMore.` }),
      );
  }
  throw new Error(`no write for ${file}`);
}

const OUT_LINE = /^(.+?):(\d+):(\d+): (.+)$/;

describe('reliability: malformed project files', function () {
  const cases = corpus();
  let root: string;

  before(() => {
    root = validProject();
  });

  it('generates at least 500 broken files covering every kind', () => {
    assert.ok(cases.length >= 500, `only ${cases.length} cases`);
    for (const k of KINDS) assert.ok(cases.filter((c) => c.path === k).length >= 90, k);
    assert.ok(cases.some((c) => c.bytes.length >= 5 * 1024 * 1024));
  });

  it('opens the valid starting project without problems', async () => {
    const project = await Project.open(nodePorts(root));
    assert.deepEqual(project.problems, []);
    assert.equal((await qda(root, 'validate')).code, 0);
  });

  const check = async (c: BrokenFile) => {
    const abs = path.join(root, c.path);
    fs.writeFileSync(abs, c.bytes);
    try {
      const before = hashTree(root);
      const lines = decodeUtf8(c.bytes).text.split('\n').length;
      const project = await Project.open(nodePorts(root));
      for (const p of project.problems) assertLocated(p, p.file === c.path ? lines : undefined);
      const mine = project.problems.filter((p) => p.file === c.path && p.severity === 'error');
      const invalid = !project.isWritable(c.path);
      if (c.expect === 'invalid')
        assert.ok(invalid, `expected errors, got: ${JSON.stringify(project.problems.filter((p) => p.file === c.path))}`);
      if (c.expect === 'valid') assert.deepEqual(mine, [], 'a harmless change is not an error');
      if (invalid) assert.ok(mine.length > 0, 'a file that may not be written says why, with a place');

      const v = await qda(root, 'validate');
      assert.ok(v.code === 0 || v.code === 1, `exit ${v.code}: ${v.err.join('\n')}`);
      for (const line of v.out) {
        const m = OUT_LINE.exec(line);
        assert.ok(m && +m[2] >= 1 && +m[3] >= 1 && m[4].trim(), `not path:line:col: message: ${line.slice(0, 200)}`);
        assert.doesNotMatch(line, /[\u0000-\u0008\u000b-\u001f\u007f]/, 'no control characters reach the terminal');
      }
      if (invalid) {
        assert.equal(v.code, 1);
        assert.ok(
          v.out.some((l) => l.startsWith(`${c.path}:`)),
          `validate names ${c.path}`,
        );
      }
      // Reading commands must cope with whatever the project holds, too.
      for (const cmd of [
        ['status', '--json'],
        ['saturation', '--json'],
      ]) {
        const r = await qda(root, ...cmd);
        assert.ok(r.code === 0 || r.code === 1, `qda ${cmd[0]}: exit ${r.code}: ${r.err.join('\n')}`);
      }
      assert.deepEqual(hashTree(root), before, 'opening, validating and reading changed nothing on disk');

      if (invalid) {
        await assert.rejects(tryToWrite(project, c.path), (e: unknown) => e instanceof ProjectError && e.message.includes(c.path));
        assert.deepEqual(hashTree(root), before, 'the refused write changed nothing on disk');
      }
    } finally {
      fs.writeFileSync(abs, VALID[c.path]);
    }
  };

  for (const c of cases) it(`reports, never throws, and never writes: ${c.name}`, () => check(c));
});
