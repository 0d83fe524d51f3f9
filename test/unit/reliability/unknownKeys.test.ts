/**
 * Unknown keys are kept on every rewrite, at every level (#20 item 3), also when
 * they are named like the properties every JavaScript object inherits:
 * `constructor`, `toString`, `__proto__`, `hasOwnProperty`, `valueOf`. A newer
 * version of the tool, or another tool, may have written them; a rewrite by this
 * one must not lose them, and must not crash on them.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { addCode } from '../../../src/core/codes';
import { addCoding } from '../../../src/core/coding';
import {
  mergeFile,
  parseMemo,
  parseParticipants,
  parseProjectConfig,
  Project,
  serializeMemo,
  serializeParticipants,
  serializeProjectConfig,
} from '../../../src/core/project';
import { nodePorts } from '../../../src/node/nodeFiles';
import { CODINGS_PATH, MEMO_PATH, qda, TRANSCRIPT, TRANSCRIPT_PATH, VALID, validProject } from './fixtures';

const NAMES = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'];

/** YAML lines `  name: "<where> name"` for every awkward name, at `indent`. */
function keys(indent: number, where: string): string {
  return NAMES.map((n) => `${' '.repeat(indent)}${n}: "${where} ${n}"\n`).join('');
}

/** A nested unknown mapping holding the awkward names, one level down. */
function nested(indent: number, where: string): string {
  return `${' '.repeat(indent)}x-extension:\n${keys(indent + 2, `${where} nested`)}`;
}

/** Every `"<where> <name>"` value the files were given. */
function expected(text: string): string[] {
  return [...text.matchAll(/"([^"]+ (?:constructor|toString|__proto__|hasOwnProperty|valueOf))"/g)].map((m) => m[1]).sort();
}

/** Every string value of a YAML document, read with own keys only (the yaml library keeps `__proto__` as a key). */
function values(yamlText: string): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') for (const k of Object.keys(v)) walk((v as Record<string, unknown>)[k]);
  };
  walk(parse(yamlText));
  return out;
}

function assertKept(written: string, original: string, what: string): void {
  const want = expected(original);
  assert.ok(want.length >= 10, `${what}: the fixture holds the keys`);
  const have = new Set(values(written));
  const lost = want.filter((w) => !have.has(w));
  assert.deepEqual(lost, [], `${what}: lost on rewrite`);
}

const FILES: Record<string, string> = {
  'qda/project.yaml': `${VALID['qda/project.yaml'].replace('saturation:\n', `saturation:\n${keys(2, 'saturation')}${nested(2, 'saturation')}`)}${keys(0, 'project')}${nested(0, 'project')}`,
  'qda/codebook.yaml': `${keys(0, 'codebook')}${nested(0, 'codebook')}${VALID['qda/codebook.yaml']
    .replace('    name: Budgeting 💰\n', `    name: Budgeting 💰\n${keys(4, 'code')}${nested(4, 'code')}`)
    .replace('        note: Widened.\n', `        note: Widened.\n${keys(8, 'revision')}`)}`,
  [CODINGS_PATH]: VALID[CODINGS_PATH].replace('codings:\n', `${keys(0, 'codings')}codings:\n`).replace(
    '    coder: jk\n',
    `    coder: jk\n${keys(4, 'coding')}${nested(4, 'coding')}`,
  ),
  'qda/participants.yaml': VALID['qda/participants.yaml']
    .replace('attributes:\n  age band', `${keys(0, 'participants')}attributes:\n  age band`)
    .replace(
      '    interviewed: 2026-01-05\n',
      `    interviewed: 2026-01-05\n${keys(4, 'participant')}${nested(4, 'participant')}    withdrawn:\n      date: 2026-02-01\n${keys(6, 'withdrawal')}`,
    )
    .replace(
      'attributes: {age band: 30-49, region: wales}',
      'attributes: {age band: 30-49, region: wales, constructor: "attribute constructor", toString: "attribute toString", __proto__: "attribute __proto__"}',
    ),
  [MEMO_PATH]: VALID[MEMO_PATH].replace('kind: reflexive\n', `kind: reflexive\n${keys(0, 'memo')}${nested(0, 'memo')}`).replace(
    '  - code: security\n',
    `  - code: security\n${keys(4, 'link')}`,
  ),
};

describe('reliability: unknown keys named like inherited properties', function () {
  this.timeout(30000);
  let root: string;
  let project: Project;

  before(async () => {
    root = validProject();
    for (const [file, text] of Object.entries(FILES)) fs.writeFileSync(path.join(root, file), text);
    project = await Project.open(nodePorts(root), { useCache: false });
  });

  it('opens the project: the keys are no error and crash nothing', async () => {
    assert.deepEqual(
      project.problems.filter((p) => p.severity === 'error'),
      [],
    );
    for (const cmd of [['validate'], ['status'], ['saturation'], ['representativeness'], ['export', 'codebook'], ['export', 'passages']]) {
      const r = await qda(root, ...cmd);
      assert.ok(r.code === 0, `qda ${cmd.join(' ')}: exit ${r.code}: ${r.err.join(' | ')}`);
    }
  });

  it('keeps them when the codebook is rewritten (a code added)', async () => {
    await addCode(project, { name: 'A new code' });
    assertKept(fs.readFileSync(path.join(root, 'qda/codebook.yaml'), 'utf8'), FILES['qda/codebook.yaml'], 'codebook.yaml');
  });

  it('keeps them when a codings file is rewritten (a passage coded)', async () => {
    await addCoding(project, TRANSCRIPT, { source: TRANSCRIPT_PATH, code: 'material', start: 0, end: 11 });
    assertKept(fs.readFileSync(path.join(root, CODINGS_PATH), 'utf8'), FILES[CODINGS_PATH], 'codings file');
  });

  it('keeps them when participants.yaml, project.yaml and a memo are rewritten', async () => {
    await project.store.update('qda/participants.yaml', parseParticipants, serializeParticipants, (p) => ({
      ...p!,
      participants: [...p!.participants, { id: 'p99' }],
    }));
    assertKept(fs.readFileSync(path.join(root, 'qda/participants.yaml'), 'utf8'), FILES['qda/participants.yaml'], 'participants.yaml');
    await project.store.update('qda/project.yaml', parseProjectConfig, serializeProjectConfig, (c) => ({ ...c!, title: 'Changed' }));
    assertKept(fs.readFileSync(path.join(root, 'qda/project.yaml'), 'utf8'), FILES['qda/project.yaml'], 'project.yaml');
    await project.store.update(
      MEMO_PATH,
      (t) => parseMemo(t, MEMO_PATH),
      serializeMemo,
      (m) => ({ ...m!, body: `${m!.body}More.\n` }),
    );
    const memo = fs.readFileSync(path.join(root, MEMO_PATH), 'utf8');
    assertKept(memo.split('---\n')[1], FILES[MEMO_PATH].split('---\n')[1], 'memo front matter');
  });

  it('keeps them through a git merge of both sides (the merge driver)', () => {
    for (const [kind, file] of [
      ['codebook', 'qda/codebook.yaml'],
      ['codings', CODINGS_PATH],
      ['participants', 'qda/participants.yaml'],
    ] as const) {
      const base = FILES[file];
      const ours = base.replace(/(coder: jk|name: Material life|interviewed: 2026-01-05)/, '$1\n    oursAdded: "ours"');
      const theirs = base.replace(/(note: Widened\.|coder: mf\n|age band: \[18-29, 30-49\])/, (m) =>
        m.endsWith('\n')
          ? `${m}    theirsAdded: "theirs"\n`
          : m === 'note: Widened.'
            ? 'note: Widened twice.'
            : 'age band: [18-29, 30-49, 50+]',
      );
      assert.notEqual(ours, base, kind);
      assert.notEqual(theirs, base, kind);
      const r = mergeFile(kind, { base, ours, theirs }, file);
      assert.equal(r.status, 'clean', `${kind}: ${JSON.stringify(r).slice(0, 300)}`);
      if (r.status === 'clean') assertKept(r.text, base, `merged ${kind}`);
    }
  });
});
