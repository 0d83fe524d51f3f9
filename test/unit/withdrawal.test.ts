import * as assert from 'node:assert/strict';
import { parseParticipants, serializeParticipants } from '../../src/core/project/format';
import type { CodingsFile, Participants } from '../../src/core/model';
import { includedSources, inclusion, isWithdrawnSource, withdrawnParticipants, type InclusionInput } from '../../src/core/participants';
import { Project } from '../../src/core/project/project';
import { memoryPorts } from './helpers/memoryFiles';

const PARTICIPANTS: Participants = {
  attributes: { region: ['north', 'wales'] },
  participants: [
    { id: 'p01', sources: ['t/p01.transcript'], attributes: { region: 'north' } },
    {
      id: 'p02',
      sources: ['t/p02.transcript', 't/p02-second.transcript', 't/p02-old.transcript'],
      attributes: { region: 'wales' },
      withdrawn: { date: '2026-05-14', reason: 'asked to leave' },
    },
    { id: 'p03', sources: ['t/p03.transcript'], attributes: { region: 'wales' } },
    { id: 'r17', withdrawn: { date: '2026-05-20' } },
  ],
};

function coding(id: string, start: number, end: number): CodingsFile['codings'][number] {
  return { id, code: 'x', start, end, text: 'x'.repeat(end - start) };
}

const INPUT: InclusionInput = {
  participants: PARTICIPANTS,
  sources: ['t/p01.transcript', 't/p02-second.transcript', 't/p02.transcript', 't/p03.transcript', 'surveys/start/why.transcript'],
  codings: new Map<string, CodingsFile>([
    ['t/p01.transcript', { source: 't/p01.transcript', codings: [coding('a', 0, 4)] }],
    ['t/p02.transcript', { source: 't/p02.transcript', codings: [coding('b', 0, 4), coding('c', 9, 12)] }],
    // A source no longer listed (moved away) is still a withdrawn participant's: left out all the same.
    ['t/p02-old.transcript', { source: 't/p02-old.transcript', codings: [coding('d', 0, 4)] }],
    [
      'surveys/start/why.transcript',
      {
        source: 'surveys/start/why.transcript',
        // p01's answer is 0-20, r17's 22-40, p03's 42-60.
        codings: [
          coding('e', 5, 10),
          coding('f', 25, 30),
          coding('g', 18, 23),
          coding('h', 40, 42),
          coding('i', 45, 50),
          coding('j', 22, 22),
        ],
      },
    ],
  ]),
  sharedTurns: new Map([
    [
      'surveys/start/why.transcript',
      [
        { owner: 'p01', start: 0, end: 20 },
        { owner: 'r17', start: 22, end: 40 },
        { owner: 'p03', start: 42, end: 60 },
      ],
    ],
  ]),
};

describe('withdrawal', () => {
  it('lists the participants who withdrew, by id', () => {
    assert.deepEqual(
      withdrawnParticipants(INPUT).map((p) => p.id),
      ['p02', 'r17'],
    );
    assert.deepEqual(withdrawnParticipants({ participants: undefined }), []);
  });

  it("leaves a withdrawn participant's own sources out of the sources, in the same order", () => {
    assert.deepEqual(includedSources(INPUT), ['t/p01.transcript', 't/p03.transcript', 'surveys/start/why.transcript']);
    assert.deepEqual(inclusion(INPUT).sources, includedSources(INPUT));
    assert.equal(isWithdrawnSource(INPUT, 't/p02-second.transcript'), true);
    assert.equal(isWithdrawnSource(INPUT, 't/p01.transcript'), false);
    assert.equal(isWithdrawnSource(INPUT, 'surveys/start/why.transcript'), false, "a shared source is not anyone's own");
  });

  it('includes everything when nobody withdrew', () => {
    const everyone = {
      ...INPUT,
      participants: { ...PARTICIPANTS, participants: PARTICIPANTS.participants.map(({ withdrawn: _, ...p }) => p) },
    };
    const inc = inclusion(everyone);
    assert.deepEqual(inc.sources, INPUT.sources);
    assert.deepEqual(inc.withdrawn, []);
    assert.equal([...inc.codings().values()].flat().length, 10);
    assert.equal(inc.participants(), everyone.participants, 'the same object: nothing to leave out');
  });

  it("leaves out a withdrawn respondent's turns in a shared source, and any passage overlapping them", () => {
    const inc = inclusion(INPUT);
    assert.deepEqual(inc.excludedRanges('surveys/start/why.transcript'), [{ owner: 'r17', start: 22, end: 40 }]);
    assert.deepEqual(inc.excludedRanges('t/p01.transcript'), []);
    assert.equal(inc.includesPassage('surveys/start/why.transcript', 5, 10), true);
    assert.equal(inc.includesPassage('surveys/start/why.transcript', 25, 30), false);
    assert.equal(inc.includesPassage('surveys/start/why.transcript', 18, 23), false, 'overlaps the start of the turn');
    assert.equal(inc.includesPassage('surveys/start/why.transcript', 40, 42), true, 'touches the end (exclusive) only');
    assert.equal(inc.includesPassage('surveys/start/why.transcript', 22, 22), false, 'an empty passage at the turn start');
    assert.equal(inc.includesPassage('t/p02.transcript', 0, 4), false);
  });

  it('gives the codings with everything withdrawn left out', () => {
    const kept = inclusion(INPUT).codings();
    assert.deepEqual([...kept.keys()], ['t/p01.transcript', 'surveys/start/why.transcript']);
    assert.deepEqual(
      kept.get('surveys/start/why.transcript')!.map((c) => c.id),
      ['e', 'h', 'i'],
    );
  });

  it('gives participants.yaml without the withdrawn, and says who may be included', () => {
    const inc = inclusion(INPUT);
    assert.deepEqual(
      inc.participants()!.participants.map((p) => p.id),
      ['p01', 'p03'],
    );
    assert.deepEqual(inc.participants()!.attributes, PARTICIPANTS.attributes);
    assert.equal(inc.includesParticipant('r17'), false);
    assert.equal(inc.includesParticipant('p03'), true);
    assert.deepEqual(inc.withdrawn, ['p02', 'r17']);
  });
});

describe('format: withdrawal in participants.yaml', () => {
  it('reads a withdrawal record and a bare date, and writes both as {date, reason}', () => {
    const r = parseParticipants(
      [
        'participants:',
        '  - id: p02',
        '    withdrawn: {reason: asked to leave, date: 2026-05-14}',
        '  - id: p01',
        '    withdrawn: 2026-05-20',
        '',
      ].join('\n'),
    );
    assert.deepEqual(r.problems, []);
    assert.deepEqual(
      r.value!.participants.map((p) => p.withdrawn),
      [{ reason: 'asked to leave', date: '2026-05-14' }, { date: '2026-05-20' }],
    );
    assert.equal(
      serializeParticipants(r.value!),
      [
        'participants:',
        '  - id: p01',
        '    withdrawn: {date: 2026-05-20}',
        '  - id: p02',
        '    withdrawn: {date: 2026-05-14, reason: asked to leave}',
        '',
      ].join('\n'),
    );
  });

  it('reports a withdrawal without a date at its place, and a date not written yyyy-mm-dd as a warning', () => {
    const bad = parseParticipants('participants:\n  - id: p01\n    withdrawn: {reason: moved away}\n');
    assert.equal(bad.writable, false);
    assert.deepEqual(
      bad.problems.map((p) => [p.line, p.severity ?? 'error']),
      [[3, 'error']],
    );
    const odd = parseParticipants('participants:\n  - id: p01\n    withdrawn: {date: 14/05/2026}\n');
    assert.equal(odd.writable, true);
    assert.match(odd.problems[0].message, /not written yyyy-mm-dd/);
    assert.equal(odd.problems[0].line, 3);
  });

  it('keeps unknown keys of a withdrawal on rewrite', () => {
    const r = parseParticipants('participants:\n  - id: p01\n    withdrawn: {date: 2026-05-14, by: mf}\n');
    assert.match(serializeParticipants(r.value!), /withdrawn: \{date: 2026-05-14, by: mf\}/);
  });

  it('works on an open Project: its sources and codings are what inclusion reads', async () => {
    const project = await Project.open(
      memoryPorts({
        'qda/project.yaml': 'format: 1\nsources: [t/*.transcript]\n',
        'qda/participants.yaml':
          'participants:\n  - {id: p1, sources: [t/a.transcript]}\n  - {id: p2, sources: [t/b.transcript], withdrawn: {date: 2026-05-14}}\n',
        't/a.transcript': 'hello there\n',
        't/b.transcript': 'goodbye now\n',
        'qda/codebook.yaml': 'codes:\n  - {id: x, name: X}\n',
        'qda/codings/t/b.transcript.yaml': 'source: t/b.transcript\ncodings:\n  - {id: c1, code: x, start: 0, end: 7, text: goodbye}\n',
      }),
    );
    const inc = inclusion(project);
    assert.deepEqual(inc.sources, ['t/a.transcript']);
    assert.deepEqual([...inc.codings().keys()], []);
    assert.deepEqual(project.problems, []);
  });
});
