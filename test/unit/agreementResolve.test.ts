import * as assert from 'node:assert/strict';
import {
  findDisagreements,
  planResolution,
  projectAgreement,
  projectDisagreements,
  resolveDisagreement,
  type AgreementSource,
  type PlacedCoding,
  type Resolution,
  type ResolutionPlan,
} from '../../src/core/agreement';
import { History } from '../../src/core/project';
import type { Code } from '../../src/core/model';
import { Project } from '../../src/core/project';
import { CodePointIndex } from '../../src/core/text';
import { memoryPorts } from './helpers/memoryFiles';

const codes: Code[] = [
  { id: 'x', name: 'X', status: 'active' },
  { id: 'y', name: 'Y', status: 'active' },
  { id: 'z', name: 'Z', status: 'active' },
];
const c = (id: string, coder: string, code: string, start: number, end: number): PlacedCoding => ({ id, coder, code, start, end });

function source(codings: PlacedCoding[]): AgreementSource {
  return { path: 's', length: 100, turns: [], codings };
}

/** The codings after a plan, as a resolution would leave them (new ids n0, n1, …). */
function apply(codings: readonly PlacedCoding[], plan: ResolutionPlan): PlacedCoding[] {
  const moved = new Map(plan.move.map((m) => [m.id, m]));
  const kept = codings.filter((k) => !plan.remove.includes(k.id)).map((k) => (moved.has(k.id) ? { ...k, ...moved.get(k.id)! } : k));
  return [...kept, ...plan.add.map((a, i) => ({ id: `n${i}`, ...a }))];
}

describe('findDisagreements', () => {
  const codings = [
    c('a1', 'A', 'x', 10, 30),
    c('a2', 'A', 'x', 25, 40),
    c('b1', 'B', 'x', 20, 50), // one passage, the coders differ
    c('a3', 'A', 'y', 60, 70),
    c('b2', 'B', 'y', 60, 70), // the same passage: agreement
    c('a4', 'A', 'z', 0, 10),
    c('b3', 'B', 'z', 10, 20), // touching, not overlapping: two passages
    c('k1', 'K', 'x', 12, 18), // the consensus coder
  ];

  it('finds each passage where the two coders’ coverage differs, with what each coded', () => {
    const found = findDisagreements({ codes, sources: [source(codings)], coders: ['A', 'B'], consensusCoder: 'K' });
    assert.deepEqual(
      found.map((d) => [d.code, d.start, d.end, d.a, d.b, d.both, d.onlyA, d.onlyB, d.consensus]),
      [
        ['z', 0, 10, ['a4'], [], 0, 10, 0, []],
        ['z', 10, 20, [], ['b3'], 0, 0, 10, []],
        ['x', 10, 50, ['a1', 'a2'], ['b1'], 20, 10, 10, ['k1']],
      ],
    );
    assert.deepEqual(found[2].aSpans, [[10, 40]]);
    assert.deepEqual(found[2].bSpans, [[20, 50]]);
  });

  it('finds none in a source only one coder coded', () => {
    assert.deepEqual(findDisagreements({ codes, sources: [source([c('a', 'A', 'x', 0, 5)])], coders: ['A', 'B'] }), []);
  });

  const plans: [Resolution, ResolutionPlan][] = [
    // B's one coding moves onto A's first passage; A's second passage is added for B.
    ['keepA', { remove: [], move: [{ id: 'b1', start: 10, end: 30 }], add: [{ code: 'x', coder: 'B', start: 25, end: 40 }] }],
    // A's first coding moves onto B's passage; A's second is removed.
    ['keepB', { remove: ['a2'], move: [{ id: 'a1', start: 20, end: 50 }], add: [] }],
    [
      'keepBoth',
      {
        remove: [],
        move: [],
        add: [
          { code: 'x', coder: 'A', start: 20, end: 50 },
          { code: 'x', coder: 'B', start: 10, end: 30 },
          { code: 'x', coder: 'B', start: 25, end: 40 },
        ],
      },
    ],
    ['consensus', { remove: [], move: [], add: [{ code: 'x', coder: 'K', start: 10, end: 50 }] }],
  ];
  for (const [action, expected] of plans) {
    it(`plans "${action}" with as few changes as possible, and the coders then agree there`, () => {
      const d = findDisagreements({ codes, sources: [source(codings)], coders: ['A', 'B'], consensusCoder: 'K' }).find(
        (x) => x.code === 'x',
      )!;
      const plan = planResolution(d, codings, action, { coders: ['A', 'B'], consensusCoder: 'K' });
      assert.deepEqual(plan, expected);
      const after = findDisagreements({ codes, sources: [source(apply(codings, plan))], coders: ['A', 'B'], consensusCoder: 'K' }).filter(
        (x) => x.code === 'x',
      );
      if (action === 'consensus')
        assert.deepEqual(
          after.map((x) => x.consensus),
          [['k1', 'n0']],
          'settled by consensus; both coders’ codings kept',
        );
      else assert.deepEqual(after, []);
    });
  }

  it('refuses a consensus coder that is one of the coders compared', () => {
    const d = findDisagreements({ codes, sources: [source(codings)], coders: ['A', 'B'] })[0];
    assert.throws(
      () => planResolution(d, codings, 'consensus', { coders: ['A', 'B'], consensusCoder: 'B' }),
      /must not be one of the coders/,
    );
  });
});

// A transcript with CR LF line ends and an astral character (two UTF-16 units, one code point).
const TEXT =
  'Interviewer: How is money?\r\n\r\nP01: 😀 I never know if the money will last. Rent first, always.\r\n\r\nInterviewer: And then?\r\n\r\nP01: Then the gas card.\r\n';
const index = new CodePointIndex(TEXT);
const at = (phrase: string) => index.toCodePoint(TEXT.indexOf(phrase));
const coding = (id: string, coder: string, code: string, phrase: string) => {
  const start = at(phrase);
  return `  - {id: ${id}, code: ${code}, start: ${start}, end: ${start + [...phrase].length}, text: "${phrase}", coder: ${coder}}\n`;
};

function study() {
  return memoryPorts({
    'qda/project.yaml': 'format: 1\nsources:\n  - t/*.txt\n',
    'qda/codebook.yaml': 'codes:\n  - {id: money, name: Money}\n  - {id: rent, name: Rent}\n',
    't/a.txt': TEXT,
    'qda/codings/t/a.txt.yaml':
      'source: t/a.txt\ncodings:\n' +
      coding('a1', 'lw', 'money', 'I never know if the money will last.') +
      coding('b1', 'rk', 'money', 'I never know if the money will last. Rent first, always.') +
      coding('b2', 'rk', 'rent', 'Rent first, always.') +
      coding('b3', 'rk', 'rent', 'Then the gas card.'),
  });
}

describe('agreement on a project', () => {
  it('counts code points (CR LF as two, an emoji as one) of the sources as they stand', async () => {
    const p = await Project.open(study());
    const r = await projectAgreement(p, { coders: ['lw', 'rk'] });
    assert.equal(r.unitsPerSource['t/a.txt'], [...TEXT].length);
    assert.equal([...TEXT].length, TEXT.length - 1);
    const money = r.codes.find((k) => k.code === 'money')!;
    // lw: the first sentence (36 code points); rk: that sentence, a space and "Rent first, always." (36 + 1 + 19 = 56).
    assert.deepEqual([money.both, money.onlyA, money.onlyB], [36, 0, 20]);
    assert.equal(money.neither, [...TEXT].length - 56);
  });

  it('counts turns from the transcript’s structure', async () => {
    const p = await Project.open(study());
    const r = await projectAgreement(p, { coders: ['lw', 'rk'], unit: 'turn' });
    assert.equal(r.unitsPerSource['t/a.txt'], 4);
    const rent = r.codes.find((k) => k.code === 'rent')!;
    assert.deepEqual([rent.both, rent.onlyA, rent.onlyB, rent.neither], [0, 0, 2, 2]);
  });

  it('uses re-anchored places after the transcript was edited, and leaves out orphaned codings', async () => {
    const ports = study();
    ports.files.set('t/a.txt', 'A new first line.\r\n' + TEXT.replace('Then the gas card.', 'Then nothing.'));
    const p = await Project.open(ports);
    const r = await projectAgreement(p, { coders: ['lw', 'rk'] });
    assert.equal(r.excluded.orphaned, 1, 'the gas-card passage is gone');
    assert.deepEqual(
      r.codes.map((k) => [k.code, k.both, k.onlyA, k.onlyB]),
      [
        ['money', 36, 0, 20],
        ['rent', 0, 0, 19],
      ],
    );
  });

  it('leaves out the sources of participants who withdrew, counting their codings without naming them', async () => {
    const ports = study();
    ports.files.set('t/b.txt', TEXT);
    ports.files.set(
      'qda/codings/t/b.txt.yaml',
      'source: t/b.txt\ncodings:\n' +
        coding('w1', 'lw', 'money', 'Rent first, always.') +
        coding('w2', 'rk', 'rent', 'Rent first, always.'),
    );
    ports.files.set(
      'qda/participants.yaml',
      'participants:\n  - id: p1\n    sources: [t/a.txt]\n  - id: p2\n    sources: [t/b.txt]\n    withdrawn: {date: 2026-05-14}\n',
    );
    const p = await Project.open(ports);
    const r = await projectAgreement(p, { coders: ['lw', 'rk'] });
    assert.deepEqual(r.sources, ['t/a.txt']);
    assert.equal(r.excluded.withdrawn, 2);
    assert.ok(!JSON.stringify(r).includes('t/b.txt'), 'the withdrawn source is not named');
    assert.ok((await projectDisagreements(p, { coders: ['lw', 'rk'] })).every((d) => d.source === 't/a.txt'));
    await assert.rejects(
      projectAgreement(p, { coders: ['lw', 'rk'], sources: ['t/b.txt'] }),
      /t\/b\.txt is left out of every analysis: its participant withdrew/,
    );
  });

  it('refuses an unknown coder or source with the ones there are', async () => {
    const p = await Project.open(study());
    await assert.rejects(projectAgreement(p, { coders: ['lw', 'mf'] }), /no codings by coder "mf" \(coders: lw, rk\)/);
    await assert.rejects(projectAgreement(p, { coders: ['lw', 'rk'], sources: ['t/b.txt'] }), /t\/b\.txt is not a source with codings/);
  });

  it('resolves a disagreement as normal codings in one write, undoable in one step', async () => {
    const ports = study();
    const p = await Project.open(ports);
    const h = new History(p);
    const before = ports.files.text('qda/codings/t/a.txt.yaml');
    const [first] = await projectDisagreements(p, { coders: ['lw', 'rk'] });
    assert.deepEqual([first.code, first.a, first.b], ['money', ['a1'], ['b1']]);
    const writes = ports.files.writes.length;
    await h.transaction('Keep lw’s coding', () => resolveDisagreement(p, first, 'keepA', { coders: ['lw', 'rk'] }));
    assert.equal(ports.files.writes.length, writes + 1);
    const b1 = p.codings.get('t/a.txt')!.codings.find((k) => k.id === 'b1')!;
    assert.equal(b1.text, 'I never know if the money will last.');
    const start = at('I never know');
    assert.deepEqual([b1.start, b1.end, b1.before], [start, start + 36, index.slice(start - 32, start)]);
    assert.equal(b1.coder, 'rk');
    assert.deepEqual(
      (await projectDisagreements(p, { coders: ['lw', 'rk'] })).map((d) => d.code),
      ['rent', 'rent'],
    );
    await h.undo();
    assert.equal(ports.files.text('qda/codings/t/a.txt.yaml'), before);
  });

  it('records a consensus coding under the consensus coder and keeps both coders’ codings', async () => {
    const ports = study();
    const p = await Project.open(ports);
    const d = (await projectDisagreements(p, { coders: ['lw', 'rk'] })).find((x) => x.code === 'rent')!;
    const r = await resolveDisagreement(p, d, 'consensus', {
      coders: ['lw', 'rk'],
      consensusCoder: 'team',
      span: [at('Rent'), at('Rent') + 4],
    });
    assert.equal(r.add.length, 1);
    const made = p.codings.get('t/a.txt')!.codings.filter((k) => k.coder === 'team');
    assert.deepEqual(
      made.map((k) => [k.code, k.text, k.at]),
      [['rent', 'Rent', '2026-11-29T14:32:00Z']],
    );
    assert.equal(p.codings.get('t/a.txt')!.codings.length, 5);
    const again = (await projectDisagreements(p, { coders: ['lw', 'rk'], consensusCoder: 'team' })).find(
      (x) => x.code === 'rent' && x.start === d.start,
    )!;
    assert.deepEqual(again.consensus, [made[0].id]);
  });

  it('refuses to resolve a disagreement that changed meanwhile', async () => {
    const p = await Project.open(study());
    const [first] = await projectDisagreements(p, { coders: ['lw', 'rk'] });
    await p.changeCodings('t/a.txt', (f) => ({ ...f, codings: f.codings.filter((k) => k.id !== 'b1') }));
    await p.changeCodings('t/a.txt', (f) => ({ ...f, codings: f.codings.filter((k) => k.id !== 'a1') }));
    await assert.rejects(resolveDisagreement(p, first, 'keepA', { coders: ['lw', 'rk'] }), /no longer there/);
  });
});
