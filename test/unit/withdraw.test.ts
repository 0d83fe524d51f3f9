import * as assert from 'node:assert/strict';
import {
  historyAdvice,
  planPurge,
  purgeParticipant,
  reinstateParticipant,
  withdrawParticipant,
} from '../../src/core/participants/withdraw';
import { inclusion } from '../../src/core/participants';
import { withdrawalStudy } from './helpers/withdrawalStudy';

describe('withdraw, reinstate, purge', () => {
  it("records a withdrawal with today's date and the reason; reinstating removes it", async () => {
    const { ports, project } = await withdrawalStudy();
    await withdrawParticipant(project, 'p01', { reason: 'moved away' });
    assert.match(ports.files.text('qda/participants.yaml')!, /id: p01[\s\S]*withdrawn: \{date: 2026-11-29, reason: moved away\}/);
    assert.deepEqual(inclusion(project).withdrawn, ['p01']);
    await withdrawParticipant(project, 'p01', { date: '2027-01-01' });
    assert.deepEqual(project.participants!.participants[0].withdrawn, { date: '2026-11-29', reason: 'moved away' }, 'the first date stays');
    await reinstateParticipant(project, 'p01');
    assert.equal(project.participants!.participants[0].withdrawn, undefined);
    assert.deepEqual(inclusion(project).withdrawn, []);
    await assert.rejects(reinstateParticipant(project, 'p02'), /has not withdrawn/);
    await assert.rejects(withdrawParticipant(project, 'nobody'), /no participant or survey respondent "nobody"/);
  });

  it('lets a survey respondent who is not a participant withdraw, and leaves their answers out', async () => {
    const { project, survey } = await withdrawalStudy();
    await withdrawParticipant(project, 'r9');
    const inc = inclusion(project);
    assert.deepEqual(
      inc
        .codings()
        .get(survey)!
        .map((c) => c.text),
      ['My sister again', 'Food bank'],
    );
    assert.deepEqual(
      project.participants!.participants.map((p) => p.id),
      ['p01', 'p02', 'r9'],
    );
  });

  it('plans a purge: own transcripts and codings, survey waves and transcripts, memos that link to them', async () => {
    const { project, survey } = await withdrawalStudy();
    await withdrawParticipant(project, 'p01');
    assert.deepEqual(planPurge(project, 'p01'), {
      id: 'p01',
      sources: ['transcripts/p01.transcript'],
      codingsFiles: ['qda/codings/transcripts/p01.transcript.yaml'],
      waves: ['start'],
      surveyTranscripts: [{ path: survey, codings: 1 }],
      memos: ['qda/memos/2026-03-01-sister.md'],
    });
  });

  it("purges: nothing of theirs is left in the working tree, others' codings still point at their words, no reinstating", async () => {
    const { ports, project, survey } = await withdrawalStudy();
    await assert.rejects(purgeParticipant(project, 'p01'), /has not withdrawn/);
    await withdrawParticipant(project, 'p01', { reason: 'asked' });
    ports.files.set('qda/.cache/search-v9.json', '{"documents": ["Day by day"]}');
    await purgeParticipant(project, 'p01');
    const all = [...ports.files.files.keys()].map((p) => ports.files.text(p)!).join('\n');
    assert.ok(ports.files.files.has('qda/.cache/parse-v1.json'), 'the parse cache is kept, without their files');
    for (const words of ['Day by day', 'help from my sister', 'My sister again'])
      assert.ok(!all.includes(words), `"${words}" is still somewhere`);
    assert.ok(!ports.files.files.has('transcripts/p01.transcript'));
    assert.ok(!ports.files.files.has('qda/codings/transcripts/p01.transcript.yaml'));
    assert.deepEqual(
      project.surveys.get('start')!.respondents.map((r) => r.id),
      ['p02', 'r9'],
    );
    const text = ports.files.text(survey)!;
    assert.equal(text, '---\nsurvey: start\nquestion: What helps?\n---\np02: Food bank\n\nr9: Neighbours\n');
    const cps = [...text];
    assert.deepEqual(
      project.codings.get(survey)!.codings.map((c) => cps.slice(c.start, c.end).join('')),
      ['Food bank', 'Neighbours'],
    );
    assert.deepEqual(project.participants!.participants[0], {
      id: 'p01',
      withdrawn: { date: '2026-11-29', reason: 'asked', purged: '2026-11-29' },
    });
    assert.deepEqual(
      project.problems.filter((p) => p.severity === 'error'),
      [],
    );
    await assert.rejects(reinstateParticipant(project, 'p01'), /purged on 2026-11-29/);
  });

  it('says how to take the files out of git history, quoting paths for the shell', () => {
    const advice = historyAdvice(["transcripts/o'neil.transcript"]).join('\n');
    assert.match(advice, /git filter-repo --invert-paths --path 'transcripts\/o'\\''neil\.transcript'/);
    assert.deepEqual(historyAdvice([]), []);
  });
});
