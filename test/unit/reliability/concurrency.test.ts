import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { addCode } from '../../../src/core/codes/codebookOps';
import { addCoding } from '../../../src/core/coding/edits';
import { parseCodebook, parseCodings } from '../../../src/core/project/format';
import { Project } from '../../../src/core/project/project';
import { hostname } from 'node:os';
import { ProjectError } from '../../../src/core/project/store';
import { acquireLock, LOCK_PATH, NodeFiles, nodePorts } from '../../../src/node/nodeFiles';
import { CODINGS_PATH, qda, TRANSCRIPT, TRANSCRIPT_PATH, validProject } from './fixtures';

const read = (root: string, rel: string) => fs.readFileSync(path.join(root, rel), 'utf8');
const codeIds = (root: string) =>
  parseCodebook(read(root, 'qda/codebook.yaml'))
    .value!.codes.map((c) => c.id)
    .sort();
const codings = (root: string) => {
  const parsed = parseCodings(read(root, CODINGS_PATH), CODINGS_PATH);
  assert.ok(parsed.writable, JSON.stringify(parsed.problems.slice(0, 3)));
  return parsed.value!.codings;
};
const notes = (root: string) =>
  codings(root)
    .map((c) => c.note)
    .filter((n): n is string => n !== undefined)
    .sort();

/** The extension and the CLI: two projects over one folder, each with its own memory and cache. */
async function twoProjects(): Promise<{ root: string; a: Project; b: Project }> {
  const root = validProject();
  return { root, a: await Project.open(nodePorts(root)), b: await Project.open(nodePorts(root)) };
}

function code(project: Project, i: number, who: string): Promise<unknown> {
  const start = (i * 5) % 60;
  return addCoding(project, TRANSCRIPT, {
    source: TRANSCRIPT_PATH,
    code: 'security',
    start,
    end: start + 4,
    coder: who,
    note: `${who}-${i}`,
  });
}

describe('reliability: concurrent changes', () => {
  it('keeps both codes when two projects add one each from stale memory', async () => {
    const { root, a, b } = await twoProjects();
    await addCode(a, { name: 'Alpha' });
    await addCode(b, { name: 'Beta' }); // b has not seen Alpha: its change is applied to the file as it is now
    assert.deepEqual(codeIds(root), ['alpha', 'beta', 'budgeting', 'material', 'security']);
    await b.reload(['qda/codebook.yaml']);
    assert.ok(b.codebook.codes.some((c) => c.id === 'alpha'));
  });

  it('keeps a hand edit and a CLI run made between changes of the extension', async () => {
    const { root, a, b } = await twoProjects();
    await code(a, 1, 'ext');
    // A teammate edits the codebook by hand (and git pulls) between two clicks.
    fs.appendFileSync(path.join(root, 'qda/codebook.yaml'), '  - id: by-hand\n    name: Added by hand\n');
    await addCode(a, { name: 'After the hand edit' });
    assert.ok(codeIds(root).includes('by-hand') && codeIds(root).includes('after-the-hand-edit'));
    // The CLI re-anchors after the transcript moved, while both windows still hold the old offsets.
    fs.writeFileSync(path.join(root, TRANSCRIPT_PATH), `A new first line.\n${TRANSCRIPT}`);
    const r = await qda(root, 'reanchor');
    assert.equal(r.code, 0, r.err.join('\n'));
    await code(b, 2, 'cli-window');
    await code(a, 3, 'ext');
    assert.deepEqual(notes(root), ['cli-window-2', 'ext-1', 'ext-3']);
    assert.equal(codings(root).length, 6);
    assert.equal((await qda(root, 'validate')).code, 0);
  });

  it('keeps every change when two projects change one file at the same time', async () => {
    const { root, a, b } = await twoProjects();
    await Promise.all(Array.from({ length: 15 }, (_, i) => [code(a, i, 'a'), code(b, i, 'b')]).flat());
    assert.equal(notes(root).length, 30, `lost: ${30 - notes(root).length}`);
  });

  it('keeps every change when one project runs several changes at once', async () => {
    const { root, a } = await twoProjects();
    await Promise.all([...Array.from({ length: 10 }, (_, i) => code(a, i, 'a')), addCode(a, { name: 'One' }), addCode(a, { name: 'Two' })]);
    assert.equal(notes(root).length, 10);
    assert.ok(codeIds(root).includes('one') && codeIds(root).includes('two'));
  });

  it('applies a change again when a writer outside the lock changes the file between its read and its write', async () => {
    const root = validProject();
    /** An editor saving the codebook at the worst moment: just before the store checks it. */
    class Meddling extends NodeFiles {
      reads = -1;
      override async read(p: string): Promise<Uint8Array | undefined> {
        if (p === 'qda/codebook.yaml' && this.reads >= 0 && ++this.reads === 2)
          fs.appendFileSync(path.join(root, p), '  - id: saved-in-an-editor\n    name: Saved in an editor\n');
        return super.read(p);
      }
    }
    const files = new Meddling(root);
    const project = await Project.open({ ...nodePorts(root), files });
    files.reads = 0;
    await addCode(project, { name: 'Through the project' });
    assert.ok(files.reads >= 4, 'read, checked (changed meanwhile), then read and checked again');
    assert.ok(codeIds(root).includes('saved-in-an-editor') && codeIds(root).includes('through-the-project'));
  });

  it('takes over a lock left by a process that died, and releases its own', async () => {
    const root = validProject();
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    fs.mkdirSync(path.join(root, 'qda/.cache'), { recursive: true });
    fs.writeFileSync(path.join(root, LOCK_PATH), `${dead} ${hostname()} 0123456789ab`);
    await addCode(await Project.open(nodePorts(root)), { name: 'After a crash' });
    assert.ok(codeIds(root).includes('after-a-crash'));
    assert.equal(fs.existsSync(path.join(root, LOCK_PATH)), false);
  });

  it('waits while a live process holds the lock, refuses with a message after the timeout, and takes over a stale one', async () => {
    const file = path.join(validProject(), LOCK_PATH);
    const release = await acquireLock(file);
    await assert.rejects(
      acquireLock(file, { timeoutMs: 150 }),
      (e: unknown) => e instanceof ProjectError && /another process is changing this project/.test(e.message),
    );
    const waiting = acquireLock(file, { timeoutMs: 5000 });
    await release();
    await (
      await waiting
    )();
    fs.writeFileSync(file, `${process.pid} ${hostname()} held-long-ago`);
    fs.utimesSync(file, new Date(Date.now() - 60000), new Date(Date.now() - 60000));
    await (
      await acquireLock(file, { timeoutMs: 150, staleMs: 30000 })
    )();
    assert.equal(fs.existsSync(file), false);
  });

  it('keeps all 100 codings when two processes add 50 each to one transcript', async function () {
    this.timeout(60000);
    const root = validProject();
    const child = (coder: string) =>
      new Promise<number>((resolve) => {
        const p = spawn(process.execPath, [path.join(__dirname, 'children.js'), 'add-codings', root, coder, '50'], {
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        let err = '';
        p.stderr.on('data', (d: Buffer) => (err += d.toString()));
        p.on('exit', (c) => (c ? (console.error(err), resolve(c)) : resolve(0)));
      });
    const exits = await Promise.all([child('ann'), child('bob')]);
    assert.deepEqual(exits, [0, 0]);
    const n = notes(root);
    assert.equal(n.filter((x) => x.startsWith('ann-')).length, 50, 'ann');
    assert.equal(n.filter((x) => x.startsWith('bob-')).length, 50, 'bob');
    assert.equal(new Set(codings(root).map((c) => c.id)).size, 103);
    assert.equal(fs.existsSync(path.join(root, 'qda/.cache/lock')), false, 'the lock is released');
    assert.equal((await qda(root, 'validate')).code, 0);
  });
});
