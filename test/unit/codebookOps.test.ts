import * as assert from 'node:assert/strict';
import {
  codePath,
  deleteCode,
  mergeCode,
  moveCode,
  renameCode,
  retireCode,
  setColor,
  setDefinition,
} from '../../src/core/codes/codebookOps';
import { History } from '../../src/core/project/history';
import { Project } from '../../src/core/project/project';
import { memoryPorts } from './helpers/memoryFiles';

const T = 'We talked about rent, food and hope.';

function study() {
  return memoryPorts({
    'qda/project.yaml': 'format: 1\nsources: [t/*.txt]\n',
    'qda/codebook.yaml': `codes:
  - {id: material, name: Material}
  - {id: rent, name: Rent, parent: material, definition: Paying for housing.}
  - {id: housing, name: Housing, parent: material}
  - {id: arrears, name: Arrears, parent: rent}
  - {id: hope, name: Hope}
`,
    't/a.txt': T,
    't/b.txt': T,
    'qda/codings/t/a.txt.yaml':
      'source: t/a.txt\ncodings:\n  - {id: a1, code: rent, start: 16, end: 20, text: rent}\n  - {id: a2, code: hope, start: 31, end: 35, text: hope}\n',
    'qda/codings/t/b.txt.yaml': 'source: t/b.txt\ncodings:\n  - {id: b1, code: rent, start: 16, end: 20, text: rent}\n',
  });
}

const ids = (p: Project) =>
  p.codebook.codes.map((c) => `${c.id}${c.parent ? '<' + c.parent : ''}${c.status !== 'active' ? ':' + c.status : ''}`).sort();

describe('codebook operations', () => {
  it('renames a code, keeping its id', async () => {
    const p = await Project.open(study());
    await renameCode(p, 'rent', 'Rent and housing costs');
    assert.equal(p.codebook.codes.find((c) => c.id === 'rent')?.name, 'Rent and housing costs');
    assert.equal(codePath(p.codebook.codes, 'arrears'), 'Material / Rent and housing costs / Arrears');
  });

  it('records a revision when the meaning changes, not when only the example does', async () => {
    const p = await Project.open(study());
    await setDefinition(p, 'rent', { example: 'the rent comes first' });
    assert.equal(p.codebook.codes.find((c) => c.id === 'rent')?.revised, undefined);
    await setDefinition(p, 'rent', { definition: 'Paying for a home, including arrears.', note: 'after p03', by: 'mf' });
    const rent = p.codebook.codes.find((c) => c.id === 'rent')!;
    assert.equal(rent.definition, 'Paying for a home, including arrears.');
    assert.deepEqual(rent.revised, [{ at: '2026-11-29T14:32:00Z', by: 'mf', note: 'after p03' }]);
  });

  it('moves a code under another and refuses a move under its own child', async () => {
    const p = await Project.open(study());
    await moveCode(p, 'hope', 'material');
    await moveCode(p, 'housing', undefined);
    assert.deepEqual(ids(p), ['arrears<rent', 'hope<material', 'housing', 'material', 'rent<material']);
    await assert.rejects(moveCode(p, 'material', 'arrears'), /under itself or one of its children/);
  });

  it('changes colour only to a valid #rrggbb', async () => {
    const p = await Project.open(study());
    await setColor(p, 'hope', '#A0B1C2');
    assert.equal(p.codebook.codes.find((c) => c.id === 'hope')?.color, '#a0b1c2');
    await assert.rejects(setColor(p, 'hope', 'red'), /not a colour/);
  });

  it('merges a code: codings follow, children move, the old code stays as merged', async () => {
    const ports = study();
    const p = await Project.open(ports);
    const r = await mergeCode(p, 'rent', 'housing');
    assert.equal(r.recoded, 2);
    assert.deepEqual(ids(p), ['arrears<housing', 'hope', 'housing<material', 'material', 'rent<material:merged']);
    assert.equal(p.codebook.codes.find((c) => c.id === 'rent')?.mergedInto, 'housing');
    assert.deepEqual(
      p.codings.get('t/a.txt')?.codings.map((c) => c.code),
      ['housing', 'hope'],
    );
    assert.match(ports.files.text('qda/codings/t/b.txt.yaml')!, /code: housing/);
  });

  it('refuses to merge into a child, itself, or a retired code', async () => {
    const p = await Project.open(study());
    await assert.rejects(mergeCode(p, 'rent', 'arrears'), /own children/);
    await assert.rejects(mergeCode(p, 'rent', 'rent'), /into itself/);
    await retireCode(p, 'hope');
    await assert.rejects(mergeCode(p, 'rent', 'hope'), /retired/);
  });

  it('deletes a code with its codings and moves its children up', async () => {
    const p = await Project.open(study());
    const r = await deleteCode(p, 'rent');
    assert.equal(r.codings, 2);
    assert.deepEqual(ids(p), ['arrears<material', 'hope', 'housing<material', 'material']);
    assert.deepEqual(
      p.codings.get('t/a.txt')?.codings.map((c) => c.id),
      ['a2'],
    );
  });
});

describe('undo history', () => {
  it('undoes a merge across the codebook and codings files in one step', async () => {
    const ports = study();
    const p = await Project.open(ports);
    const before = new Map([...ports.files.files].map(([k, v]) => [k, Buffer.from(v).toString()]));
    const h = new History(p);
    await h.transaction('Merge Rent into Housing', () => mergeCode(p, 'rent', 'housing'));
    assert.equal(h.next, 'Merge Rent into Housing');
    assert.equal(await h.undo(), 'Merge Rent into Housing');
    for (const f of ['qda/codings/t/a.txt.yaml', 'qda/codings/t/b.txt.yaml']) assert.equal(ports.files.text(f), before.get(f));
    assert.deepEqual(ids(p), ['arrears<rent', 'hope', 'housing<material', 'material', 'rent<material']);
    assert.equal(h.next, undefined);
    assert.equal(await h.undo(), undefined);
  });

  it('deletes a file the step created', async () => {
    const ports = study();
    const p = await Project.open(ports);
    const h = new History(p);
    await h.transaction('Code', () => p.changeCodings('t/c.txt', (f) => ({ ...f, codings: [] })));
    assert.ok(ports.files.files.has('qda/codings/t/c.txt.yaml'));
    await h.undo();
    assert.ok(!ports.files.files.has('qda/codings/t/c.txt.yaml'));
  });

  it('refuses to undo when a file changed since, and keeps the step', async () => {
    const ports = study();
    const p = await Project.open(ports);
    const h = new History(p);
    await h.transaction('Rename', () => renameCode(p, 'hope', 'Hope and plans'));
    ports.files.set('qda/codebook.yaml', ports.files.text('qda/codebook.yaml') + '  - {id: new, name: New}\n');
    await assert.rejects(h.undo(), /cannot undo "Rename": qda\/codebook\.yaml has changed since/);
    assert.equal(h.next, 'Rename');
  });
});
