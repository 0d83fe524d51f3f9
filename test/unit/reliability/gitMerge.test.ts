import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { setDefinition } from '../../../src/core/codes/codebookOps';
import { addCoding } from '../../../src/core/coding/edits';
import { withSummary } from '../../../src/core/matrices';
import { parseCodebook, parseCodings, parseFramework } from '../../../src/core/project/format';
import { QDA_GITIGNORE } from '../../../src/core/project/init';
import { Project } from '../../../src/core/project/project';
import { nodePorts } from '../../../src/node/nodeFiles';
import { CODINGS_PATH, qda, tempDir, TRANSCRIPT, TRANSCRIPT_PATH, VALID, writeFiles } from './fixtures';

const hasGit = spawnSync('git', ['--version']).status === 0;

/** git in `repo`, isolated from the user's and the system's configuration. */
function git(repo: string, ...args: string[]): { status: number; out: string } {
  const r = spawnSync('git', args, {
    cwd: repo,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: path.join(repo, '..', 'no-global-gitconfig'),
      GIT_TERMINAL_PROMPT: '0',
    },
  });
  return { status: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}
function ok(repo: string, ...args: string[]): string {
  const r = git(repo, ...args);
  assert.equal(r.status, 0, `git ${args.join(' ')}:\n${r.out}`);
  return r.out;
}

/** A repository holding the valid project, committed on main; the driver configured unless told not to. */
async function repository(driver = true): Promise<string> {
  const repo = path.join(tempDir('qda-git-'), 'study');
  fs.mkdirSync(repo);
  ok(repo, 'init', '-q', '-b', 'main');
  ok(repo, 'config', 'user.name', 'Test Coder');
  ok(repo, 'config', 'user.email', 'coder@example.org');
  ok(repo, 'config', 'commit.gpgsign', 'false');
  writeFiles(repo, { ...VALID, 'qda/.gitignore': QDA_GITIGNORE });
  const setup = await qda(repo, 'git-setup');
  assert.equal(setup.code, 0, setup.err.join('\n'));
  if (!driver) ok(repo, 'config', '--remove-section', 'merge.qda');
  ok(repo, 'add', '-A');
  ok(repo, 'commit', '-q', '-m', 'base');
  return repo;
}

/** One coder's session on a branch: changes through the project API, then a commit. */
async function onBranch(repo: string, branch: string, work: (p: Project) => Promise<unknown>): Promise<void> {
  ok(repo, 'checkout', '-q', '-b', branch, 'main');
  const project = await Project.open(nodePorts(repo));
  await work(project);
  ok(repo, 'add', '-A');
  ok(repo, 'commit', '-q', '-m', branch);
}

const passage = (p: Project, text: string, coder: string, note?: string) => {
  const start = [...TRANSCRIPT.slice(0, TRANSCRIPT.indexOf(text))].length;
  return addCoding(p, TRANSCRIPT, { source: TRANSCRIPT_PATH, code: 'security', start, end: start + [...text].length, coder, note });
};
const read = (repo: string, rel: string) => fs.readFileSync(path.join(repo, rel), 'utf8');

(hasGit ? describe : describe.skip)('reliability: git merges with the qda merge driver', function () {
  this.timeout(60000);

  it('merges two coders who coded different passages and edited different codes', async () => {
    const repo = await repository();
    await onBranch(repo, 'ann', async (p) => {
      await passage(p, 'My tin for each bill', 'ann');
      await setDefinition(p, 'budgeting', { definition: 'Tins, envelopes and sums.' });
    });
    await onBranch(repo, 'bob', async (p) => {
      await passage(p, 'scare me', 'bob');
      await setDefinition(p, 'material', { definition: 'Money, housing, food and fuel.' });
    });
    ok(repo, 'checkout', '-q', 'ann');
    const merge = git(repo, 'merge', '--no-edit', 'bob');
    assert.equal(merge.status, 0, merge.out);
    const v = await qda(repo, 'validate');
    assert.equal(v.code, 0, v.out.join('\n'));
    const codings = parseCodings(read(repo, CODINGS_PATH), CODINGS_PATH).value!.codings;
    assert.deepEqual(codings.map((c) => c.coder).sort(), ['ann', 'bob', 'jk', 'mf', 'mf']);
    const codes = new Map(parseCodebook(read(repo, 'qda/codebook.yaml')).value!.codes.map((c) => [c.id, c.definition]));
    assert.equal(codes.get('budgeting'), 'Tins, envelopes and sums.');
    assert.equal(codes.get('material'), 'Money, housing, food and fuel.');
  });

  it('merges cleanly where plain git conflicts: two codings inserted at the same place', async () => {
    const repo = await repository(false);
    await onBranch(repo, 'ann', (p) => passage(p, 'I never know', 'ann', 'first words'));
    await onBranch(repo, 'bob', (p) => passage(p, 'I never know', 'bob', 'same words, other view'));
    ok(repo, 'checkout', '-q', 'ann');
    const plain = git(repo, 'merge', '--no-edit', 'bob');
    assert.notEqual(plain.status, 0, 'without the driver git conflicts');
    assert.match(plain.out, /CONFLICT \(content\): Merge conflict in qda\/codings\/transcripts\/p01\.txt\.yaml/);
    ok(repo, 'merge', '--abort');

    assert.equal((await qda(repo, 'git-setup')).code, 0);
    const merge = git(repo, 'merge', '--no-edit', 'bob');
    assert.equal(merge.status, 0, merge.out);
    assert.equal((await qda(repo, 'validate')).code, 0);
    const notes = parseCodings(read(repo, CODINGS_PATH), CODINGS_PATH)
      .value!.codings.map((c) => c.note)
      .filter(Boolean)
      .sort();
    assert.deepEqual(notes, ['first words', 'same words, other view']);
  });

  it('reports a true conflict, the same coding changed differently, with markers and exit 1', async () => {
    const repo = await repository();
    const note = (text: string) => async (p: Project) =>
      p.changeCodings(TRANSCRIPT_PATH, (f) => ({ ...f, codings: f.codings.map((c) => (c.id === 'c1aaaaaa' ? { ...c, note: text } : c)) }));
    await onBranch(repo, 'ann', note('hope'));
    await onBranch(repo, 'bob', note('despair'));
    ok(repo, 'checkout', '-q', 'ann');
    const merge = git(repo, 'merge', '--no-edit', 'bob');
    assert.notEqual(merge.status, 0);
    assert.match(
      merge.out,
      /qda merge-driver: qda\/codings\/transcripts\/p01\.txt\.yaml: coding "c1aaaaaa": note changed differently on both sides/,
    );
    assert.equal(ok(repo, 'diff', '--name-only', '--diff-filter=U').trim(), CODINGS_PATH);
    assert.match(read(repo, CODINGS_PATH), /<<<<<<< ours\n {4}note: hope\n=======\n {4}note: despair\n>>>>>>> theirs\n/);
    const v = await qda(repo, 'validate');
    assert.equal(v.code, 1);
    assert.ok(
      v.out.some((l) => l.startsWith(`${CODINGS_PATH}:`)),
      'validate points at the markers',
    );
  });

  it('leaves our version untouched and reports when their version does not parse', async () => {
    const repo = await repository();
    await onBranch(repo, 'ann', (p) => passage(p, 'scare me', 'ann'));
    await onBranch(repo, 'bob', async () => fs.appendFileSync(path.join(repo, CODINGS_PATH), '  - id: [broken\n'));
    ok(repo, 'checkout', '-q', 'ann');
    const ours = read(repo, CODINGS_PATH);
    const merge = git(repo, 'merge', '--no-edit', 'bob');
    assert.notEqual(merge.status, 0);
    assert.match(merge.out, /the theirs version has errors \(\d+:\d+: /);
    assert.equal(read(repo, CODINGS_PATH), ours);
  });

  it('merges two researchers who summarised neighbouring cells of the framework matrix', async () => {
    const repo = await repository(false);
    const summarise = (code: string, text: string) => (p: Project) =>
      p.changeFramework((f) => withSummary(f, { kind: 'participant', id: 'p01' }, code, text));
    await onBranch(repo, 'ann', summarise('budgeting', 'Tins for each bill.'));
    await onBranch(repo, 'bob', summarise('material', 'Food before fuel.'));
    ok(repo, 'checkout', '-q', 'ann');
    const plain = git(repo, 'merge', '--no-edit', 'bob');
    assert.notEqual(plain.status, 0, 'without the driver git conflicts: both branches created the file');
    ok(repo, 'merge', '--abort');
    assert.equal((await qda(repo, 'git-setup')).code, 0);
    const merge = git(repo, 'merge', '--no-edit', 'bob');
    assert.equal(merge.status, 0, merge.out);
    assert.equal((await qda(repo, 'validate')).code, 0);
    assert.deepEqual(
      parseFramework(read(repo, 'qda/framework.yaml')).value!.summaries.map((s) => `${s.code}: ${s.summary}`),
      ['budgeting: Tins for each bill.', 'material: Food before fuel.'],
    );
  });

  it('sets up git once however often git-setup runs, and qda init does it in a repository', async () => {
    const repo = await repository();
    const attributes = read(repo, 'qda/.gitattributes');
    assert.equal((await qda(repo, 'git-setup')).code, 0);
    assert.equal(read(repo, 'qda/.gitattributes'), attributes);
    assert.equal(ok(repo, 'config', '--get-all', 'merge.qda.driver').trim().split('\n').length, 1);
    assert.match(
      ok(
        repo,
        'check-attr',
        'merge',
        '--',
        'qda/codebook.yaml',
        'qda/codings/transcripts/p01.txt.yaml',
        'qda/participants.yaml',
        'qda/framework.yaml',
        'qda/project.yaml',
      ),
      /codebook\.yaml: merge: qda\n.*p01\.txt\.yaml: merge: qda\n.*participants\.yaml: merge: qda\n.*framework\.yaml: merge: qda\n.*project\.yaml: merge: unspecified/,
    );

    const fresh = path.join(tempDir('qda-git-'), 'new-study');
    fs.mkdirSync(fresh);
    ok(fresh, 'init', '-q');
    const init = await qda(fresh, 'init');
    assert.equal(init.code, 0, init.err.join('\n'));
    assert.ok(init.out.includes('created qda/.gitattributes'));
    assert.match(ok(fresh, 'config', 'merge.qda.driver'), /merge-driver %O %A %B %P/);
    const outside = tempDir();
    const noRepo = await qda(outside, 'init');
    assert.equal(noRepo.code, 0);
    assert.ok(fs.existsSync(path.join(outside, 'qda/.gitattributes')));
    assert.equal(
      execFileSync('git', ['config', '--file', path.join(fresh, '.git', 'config'), '--get', 'merge.qda.name'], { encoding: 'utf8' }).trim()
        .length > 0,
      true,
    );
  });
});
