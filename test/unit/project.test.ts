import * as assert from 'node:assert/strict';
import { addCode } from '../../src/core/codes/codebookOps';
import { addCoding, removeCodings } from '../../src/core/coding/edits';
import { Project } from '../../src/core/project/project';
import { ProjectError } from '../../src/core/project/store';
import { memoryPorts } from './helpers/memoryFiles';

const TRANSCRIPT = 'Interviewer: How is money?\n\nP1: Tight. Zoë helped me 😀 with the forms.\n';

function study(extra: Record<string, string> = {}) {
  return memoryPorts({
    'qda/project.yaml': 'format: 1\ntitle: Study\nsources:\n  - transcripts/**/*.txt\n',
    'qda/codebook.yaml': 'codes:\n  - {id: help, name: Help}\n',
    'transcripts/p1.txt': TRANSCRIPT,
    'notes/other.txt': 'not a source',
    ...extra,
  });
}

describe('Project', () => {
  it('opens a project and lists sources matched by its globs', async () => {
    const project = await Project.open(study());
    assert.deepEqual(project.sources, ['transcripts/p1.txt']);
    assert.equal(project.codebook.codes.length, 1);
    assert.equal(project.valid, true);
  });

  it('refuses to open a folder without qda/project.yaml', async () => {
    await assert.rejects(Project.open(memoryPorts({})), ProjectError);
  });

  it('codes a passage: writes the codings file with offsets in code points and its anchor', async () => {
    const ports = study();
    const project = await Project.open(ports);
    const start = [...TRANSCRIPT].indexOf('Z');
    const coding = await addCoding(project, TRANSCRIPT, {
      source: 'transcripts/p1.txt',
      code: 'help',
      start,
      end: start + 'Zoë helped me 😀'.length - 1,
      coder: 'mf',
    });
    assert.equal(coding.text, 'Zoë helped me 😀');
    assert.equal(coding.before, [...TRANSCRIPT].slice(start - 32, start).join(''), '32 code points of context');
    assert.equal(coding.before?.length, 32);
    const onDisk = ports.files.text('qda/codings/transcripts/p1.txt.yaml')!;
    assert.match(onDisk, /^source: transcripts\/p1\.txt\ncodings:\n {2}- id: /);
    assert.match(onDisk, /text: Zoë helped me 😀\n/);
    assert.equal(project.codings.get('transcripts/p1.txt')?.codings.length, 1);
  });

  it('adds a code with an id made from its name, unique in the codebook', async () => {
    const project = await Project.open(study());
    const a = await addCode(project, { name: 'Help' });
    assert.match(a.id, /^help-[a-z0-9]{4}$/, 'the name "help" is taken');
    const b = await addCode(project, { name: 'Café culture', parent: 'help' });
    assert.equal(b.id, 'cafe-culture');
    assert.equal(b.parent, 'help');
    assert.deepEqual(project.codebook.codes.map((c) => c.id).sort(), ['cafe-culture', 'help', a.id].sort());
  });

  it('never writes over a file that fails to parse', async () => {
    const broken = 'codes:\n  - {id: help, name: Help}\n  - {id: help, name: Dup}\n';
    const ports = study({ 'qda/codebook.yaml': broken });
    const project = await Project.open(ports);
    assert.equal(project.valid, false);
    await assert.rejects(addCode(project, { name: 'New' }), /codebook\.yaml has errors \(3:10: duplicate code id/);
    assert.equal(ports.files.text('qda/codebook.yaml'), broken);
    assert.ok(!ports.files.writes.includes('qda/codebook.yaml'));
  });

  it('applies a change to the file as it is on disk, not to a stale copy', async () => {
    const ports = study();
    const project = await Project.open(ports);
    // Another tool (the CLI, a teammate's pull) adds a code behind the project's back.
    ports.files.set('qda/codebook.yaml', 'codes:\n  - {id: help, name: Help}\n  - {id: rent, name: Rent}\n');
    await addCode(project, { name: 'Food' });
    const ids = project.codebook.codes.map((c) => c.id).sort();
    assert.deepEqual(ids, ['food', 'help', 'rent']);
  });

  it('reports codings naming unknown codes at their line, and keeps them', async () => {
    const codings = 'source: transcripts/p1.txt\ncodings:\n  - id: a\n    code: gone\n    start: 0\n    end: 11\n    text: Interviewer\n';
    const project = await Project.open(study({ 'qda/codings/transcripts/p1.txt.yaml': codings }));
    const p = project.problems.find((x) => /not in the codebook/.test(x.message));
    assert.deepEqual(p && [p.file, p.line, p.column], ['qda/codings/transcripts/p1.txt.yaml', 4, 11]);
    assert.equal(project.codings.get('transcripts/p1.txt')?.codings.length, 1);
  });

  it('reports the same coding id in two files', async () => {
    const c = (src: string) => `source: ${src}\ncodings:\n  - {id: same, code: help, start: 0, end: 1, text: I}\n`;
    const project = await Project.open(
      study({
        'transcripts/p2.txt': 'I am here',
        'qda/codings/transcripts/p1.txt.yaml': c('transcripts/p1.txt'),
        'qda/codings/transcripts/p2.txt.yaml': c('transcripts/p2.txt'),
      }),
    );
    assert.ok(
      project.problems.some((p) => p.message === 'coding id "same" is also used in qda/codings/transcripts/p1.txt.yaml'),
      JSON.stringify(project.problems),
    );
  });

  it('reloads only the files that changed and fires one change event', async () => {
    const ports = study();
    const project = await Project.open(ports);
    const events: string[][] = [];
    project.onDidChange((e) => events.push(e.paths));
    ports.files.set('qda/codebook.yaml', 'codes:\n  - {id: help, name: Help}\n  - {id: x, name: X}\n  - {id: x, name: Y}\n');
    await project.reload(['qda/codebook.yaml']);
    assert.deepEqual(events, [['qda/codebook.yaml']]);
    assert.equal(project.valid, false);
    ports.files.set('qda/codebook.yaml', 'codes:\n  - {id: help, name: Help}\n');
    await project.reload(['qda/codebook.yaml']);
    assert.equal(project.valid, true, 'problems clear once the file is fixed');
  });

  it('fires nothing when a file is reloaded with the bytes already loaded (our own write, seen by the watcher)', async () => {
    const ports = study();
    const project = await Project.open(ports);
    const events: string[][] = [];
    project.onDidChange((e) => events.push(e.paths));
    await addCode(project, { name: 'Rent' });
    assert.deepEqual(events, [['qda/codebook.yaml']]);
    await project.reload(['qda/codebook.yaml']);
    assert.deepEqual(events, [['qda/codebook.yaml']], 'the watcher echo of our own write is not a second change');
  });

  it('notices a new transcript and a deleted codings file', async () => {
    const ports = study();
    const project = await Project.open(ports);
    const start = 0;
    await addCoding(project, TRANSCRIPT, { source: 'transcripts/p1.txt', code: 'help', start, end: 11 });
    ports.files.set('transcripts/p2.txt', 'new');
    await project.reload(['transcripts/p2.txt']);
    assert.deepEqual(project.sources, ['transcripts/p1.txt', 'transcripts/p2.txt']);
    await ports.files.delete('qda/codings/transcripts/p1.txt.yaml');
    await project.reload(['qda/codings/transcripts/p1.txt.yaml']);
    assert.equal(project.codings.size, 0);
  });

  it('removes codings by id', async () => {
    const project = await Project.open(study());
    const c = await addCoding(project, TRANSCRIPT, { source: 'transcripts/p1.txt', code: 'help', start: 0, end: 11 });
    assert.equal(await removeCodings(project, 'transcripts/p1.txt', [c.id, 'nope']), 1);
    assert.equal(project.codings.get('transcripts/p1.txt')?.codings.length, 0);
  });

  it('serves a second open from the parse cache with the same result', async () => {
    const ports = study({
      'qda/codings/transcripts/p1.txt.yaml':
        'source: transcripts/p1.txt\ncodings:\n  - {id: a, code: help, start: 0, end: 11, text: Interviewer}\n',
    });
    const first = await Project.open(ports);
    assert.ok(ports.files.files.has('qda/.cache/parse-v1.json'));
    const second = await Project.open(ports);
    assert.deepEqual(second.codings.get('transcripts/p1.txt'), first.codings.get('transcripts/p1.txt'));
    // A cache that lies about a file is ignored: it is keyed by the content.
    ports.files.set('qda/codings/transcripts/p1.txt.yaml', 'source: transcripts/p1.txt\ncodings: []\n');
    const third = await Project.open(ports);
    assert.equal(third.codings.get('transcripts/p1.txt')?.codings.length, 0);
  });

  it('settles only once a change is written and read back, though the file shows it first (a slow file system)', async () => {
    const path = 'qda/codings/transcripts/p1.txt.yaml';
    const ports = study({
      [path]: 'source: transcripts/p1.txt\ncodings:\n  - {id: a, code: help, start: 0, end: 11, text: Interviewer}\n',
    });
    const project = await Project.open(ports);
    // The browser's file system: reading the file back after the write takes a while (here: until released).
    const files = ports.files;
    const read = files.read.bind(files);
    const writeAtomic = files.writeAtomic.bind(files);
    let written = false;
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    files.read = async (p) => {
      if (written && p === path) await held;
      return read(p);
    };
    files.writeAtomic = async (p, data) => {
      await writeAtomic(p, data);
      if (p === path) written = true;
    };
    const change = project.changeCodings('transcripts/p1.txt', (f) => ({ ...f, codings: [] }));
    while (!written) await new Promise((r) => setTimeout(r, 1));
    assert.doesNotMatch(files.text(path)!, /id: a/, 'the file on disk shows the change');
    let settled = false;
    const settling = project.settled().then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(settled, false, 'not settled while the write is read back');
    assert.equal(project.codings.get('transcripts/p1.txt')?.codings.length, 1, 'the project still shows the file as it was');
    release();
    await settling;
    assert.equal(project.codings.get('transcripts/p1.txt')?.codings.length, 0, 'settled: the project shows the change');
    await change;
  });
});
