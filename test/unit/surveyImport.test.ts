import * as assert from 'node:assert/strict';
import { readCsvText } from '../../src/core/participants/csv';
import { applySurveyImport, describeSurveyPlan, guessIdColumn, planSurveyImport } from '../../src/core/participants/surveyImport';
import { Project } from '../../src/core/project/project';
import { memoryPorts } from './helpers/memoryFiles';

const PARTICIPANTS = [
  'attributes:',
  '  region: [north, wales]',
  '  age band: [18-29, 30-49]',
  'participants:',
  '  - {id: p01, sources: [transcripts/p01.transcript], attributes: {region: north}}',
  '  - {id: p02, sources: [transcripts/p02.transcript], attributes: {region: wales, age band: 18-29}}',
  '  - {id: p03, sources: [transcripts/p03.transcript], withdrawn: {date: 2026-05-01}}',
  '',
].join('\n');

const CSV = [
  'Respondent ID,Region,Age_Band,What helps?,submitted',
  'p01,North,30-49,"Friends, mostly.",2026-01-02',
  'p02,wales,30-49,My sister,2026-01-03',
  'p03,wales,18-29,I left,2026-01-04',
  'r10,Scotland,,"",2026-01-05',
  'r11,north,18-29,"Two\nlines",2026-01-05',
  '',
].join('\r\n');

async function study(sources = '[transcripts/**/*.transcript]') {
  const ports = memoryPorts({
    'qda/project.yaml': `format: 1\nsources: ${sources}\n`,
    'qda/participants.yaml': PARTICIPANTS,
    'transcripts/p01.transcript': 'I: hello\n',
  });
  return { ports, project: await Project.open(ports) };
}

describe('survey import', () => {
  it('guesses the id column from common names', () => {
    assert.equal(guessIdColumn(['age', 'Respondent_ID', 'x']), 'Respondent_ID');
    assert.equal(guessIdColumn(['age', 'x']), undefined);
  });

  it('plans: columns by use, participants matched, withdrawn rows left out, attributes filled and differences shown, not applied', async () => {
    const { project } = await study();
    const plan = planSurveyImport(project, readCsvText(CSV), {
      wave: 'start',
      textColumns: ['what helps?'],
      fileName: '/home/me/start.csv',
    });
    assert.equal(plan.ok, true);
    assert.deepEqual(
      plan.columns.map((c) => [c.name, c.use, c.attribute ?? c.source ?? '', c.answered]),
      [
        ['Respondent ID', 'id', '', 4],
        ['Region', 'attribute', 'region', 4],
        ['Age_Band', 'attribute', 'age band', 3],
        ['What helps?', 'text', 'transcripts/surveys/start/what-helps.transcript', 3],
        ['submitted', 'data', '', 4],
      ],
    );
    assert.deepEqual([plan.respondents, plan.matched, plan.unmatched, plan.withdrawn], [4, ['p01', 'p02'], 2, ['p03']]);
    assert.deepEqual(
      plan.changes.map((c) => [c.participant, c.attribute, c.from, c.to, c.kind, c.applied]),
      [
        ['p01', 'age band', '', '30-49', 'fill', true],
        ['p02', 'age band', '18-29', '30-49', 'differs', false],
      ],
    );
    assert.deepEqual(plan.columns[1].undeclared, [{ value: 'Scotland', count: 1 }]);
    assert.equal(plan.addsGlob, undefined);
    const text = describeSurveyPlan(plan).join('\n');
    assert.match(text, /p02: age band is 18-29, the survey says 30-49 \(kept; --overwrite replaces it\)/);
    assert.match(text, /leaves out the rows of withdrawn participant\(s\): p03/);
    assert.ok(!plan.survey.respondents.some((r) => r.id === 'p03'), 'nothing of a withdrawn participant is stored');
  });

  it('applies the plan: the survey file, the transcripts of open answers, the filled attributes, and no silent overwrite', async () => {
    const { ports, project } = await study();
    const plan = planSurveyImport(project, readCsvText(CSV), { wave: 'start', textColumns: ['What helps?'], fileName: 'start.csv' });
    await applySurveyImport(project, plan);
    assert.deepEqual(project.problems, []);
    const survey = project.surveys.get('start')!;
    assert.deepEqual(
      survey.respondents.map((r) => [r.id, r.answers.Region ?? '']),
      [
        ['p01', 'north'],
        ['p02', 'wales'],
        ['r10', 'Scotland'],
        ['r11', 'north'],
      ],
    );
    assert.equal(
      ports.files.text('transcripts/surveys/start/what-helps.transcript'),
      '---\nsurvey: start\nquestion: What helps?\n---\np01: Friends, mostly.\n\np02: My sister\n\nr11: Two\nlines\n',
    );
    assert.ok(project.sources.includes('transcripts/surveys/start/what-helps.transcript'));
    assert.deepEqual(
      project.sharedTurns.get('transcripts/surveys/start/what-helps.transcript')!.map((r) => r.owner),
      ['p01', 'p02', 'r11'],
    );
    const people = project.participants!.participants;
    assert.deepEqual(people.find((p) => p.id === 'p01')!.attributes, { region: 'north', 'age band': '30-49' });
    assert.deepEqual(people.find((p) => p.id === 'p02')!.attributes, { region: 'wales', 'age band': '18-29' }, 'different value kept');
  });

  it('replaces a differing value only with overwrite, and adds a sources glob when the transcripts would not be read', async () => {
    const { ports, project } = await study('[transcripts/p*.transcript]');
    const plan = planSurveyImport(project, readCsvText(CSV), {
      wave: 'start',
      textColumns: ['What helps?'],
      fileName: 'start.csv',
      overwrite: true,
    });
    assert.equal(plan.addsGlob, 'transcripts/surveys/**/*.transcript');
    await applySurveyImport(project, plan);
    assert.equal(project.participants!.participants.find((p) => p.id === 'p02')!.attributes!['age band'], '30-49');
    assert.match(ports.files.text('qda/project.yaml')!, /transcripts\/surveys\/\*\*\/\*\.transcript/);
    assert.ok(project.sources.includes('transcripts/surveys/start/what-helps.transcript'));
  });

  it('refuses a plan with errors: no id column, repeated respondents, malformed rows, a bad wave name', async () => {
    const { project } = await study();
    const noId = planSurveyImport(project, readCsvText('a,b\n1,2\n'), { wave: 'start', fileName: 'x.csv' });
    assert.equal(noId.ok, false);
    assert.match(noId.problems[0].message, /which column holds the respondent ids\?.*a, b/);
    const twice = planSurveyImport(project, readCsvText('id,region\np01,north\nr1,"bad"x\np01,wales\n'), {
      wave: 'Start 1',
      fileName: 'x.csv',
    });
    assert.deepEqual(
      twice.problems.map((p) => [p.place, p.severity]),
      [
        ['line 3, column 9', 'error'],
        ['', 'error'],
        ['line 4, cell 1', 'error'],
      ],
    );
    await assert.rejects(applySurveyImport(project, twice), /problems to fix first/);
    assert.equal(project.surveys.size, 0);
  });
});
