import * as assert from 'node:assert/strict';
import type { Survey } from '../../src/core/model';
import { parseSurvey, respondentLabel, respondentRanges, serializeSurvey, surveyTranscript } from '../../src/core/project/format';
import { Project } from '../../src/core/project/project';
import { memoryPorts } from './helpers/memoryFiles';

const problemsOf = (p: Project) => p.problems;

const SURVEY: Survey = {
  wave: 'start',
  imported: '2026-11-29T14:32:00Z',
  from: 'start.csv',
  columns: [
    { name: 'respondent', use: 'id' },
    { name: 'Region', use: 'attribute', attribute: 'region' },
    { name: 'What helps?', use: 'text', source: 'transcripts/surveys/start/what-helps.transcript' },
  ],
  respondents: [
    { id: 'r2', answers: { Region: 'wales', 'What helps?': 'My sister.\nAnd "the bank".' } },
    { id: 'p01', answers: { Region: 'north', 'What helps?': '' } },
  ],
};

const TEXT = [
  'wave: start',
  'imported: 2026-11-29T14:32:00Z',
  'from: start.csv',
  'columns:',
  '  - {name: respondent, use: id}',
  '  - {name: Region, use: attribute, attribute: region}',
  '  - {name: What helps?, use: text, source: transcripts/surveys/start/what-helps.transcript}',
  'respondents:',
  '  - {id: p01, answers: {Region: north}}',
  '  - {id: r2, answers: {Region: wales, What helps?: "My sister.\\nAnd \\"the bank\\"."}}',
  '',
].join('\n');

describe('format: qda/surveys/<wave>.yaml', () => {
  it('writes one line per respondent, sorted by id, empty answers left out', () => {
    assert.equal(serializeSurvey(SURVEY), TEXT);
  });

  it('reads back what it wrote', () => {
    const r = parseSurvey(TEXT, 'qda/surveys/start.yaml');
    assert.deepEqual(r.problems, []);
    assert.deepEqual(
      r.value!.respondents.map((x) => [x.id, x.answers]),
      [
        ['p01', { Region: 'north' }],
        ['r2', { Region: 'wales', 'What helps?': 'My sister.\nAnd "the bank".' }],
      ],
    );
    assert.equal(serializeSurvey(r.value!), TEXT);
  });

  it('reports duplicate respondents, a wave that does not match the file, and answers to unknown columns, each at its line', () => {
    const bad = TEXT.replace('{id: r2,', '{id: p01,')
      .replace('wave: start', 'wave: end')
      .replace('answers: {Region: north}', 'answers: {Region: north, Age: 40}');
    const r = parseSurvey(bad, 'qda/surveys/start.yaml');
    assert.deepEqual(
      r.problems.map((p) => [p.line, p.severity ?? 'error']).sort(),
      [
        [1, 'error'],
        [10, 'error'],
        [9, 'warning'],
      ].sort(),
    );
    assert.equal(r.writable, false);
  });

  it('lays out an open question as a transcript: one turn per respondent, by id, blank lines closed up, headings indented', () => {
    const t = surveyTranscript('start', 'What helps?\n(tick all)', [
      { id: 'r2', text: 'My sister.\n\n# not a heading\nAnd the bank.' },
      { id: '1001', text: '  Nothing  ' },
      { id: 'p01', text: '   ' },
    ]);
    assert.equal(
      t,
      '---\nsurvey: start\nquestion: What helps? (tick all)\n---\nRespondent 1001: Nothing\n\nr2: My sister.\n # not a heading\nAnd the bank.\n',
    );
    assert.equal(respondentLabel('r2'), 'r2');
    assert.equal(respondentLabel('1001'), 'Respondent 1001');
  });

  it('finds whose answer is where, an answer line that looks like a label staying with its writer', () => {
    const t = surveyTranscript('start', 'Q', [
      { id: 'a1', text: 'first' },
      { id: 'b2', text: 'Note: mine\n\nstill mine' },
      { id: '7', text: 'last' },
    ]);
    const ranges = respondentRanges(t, ['a1', 'b2', '7']);
    const cp = [...t];
    const said = ranges.map((r) => [r.owner, cp.slice(r.start, r.end).join('')]);
    assert.deepEqual(said, [
      ['7', 'Respondent 7: last\n\n'],
      ['a1', 'a1: first\n\n'],
      ['b2', 'b2: Note: mine\nstill mine\n'],
    ]);
  });

  it('is loaded by the Project with the owners of each answer in its transcripts, and reloaded when they change', async () => {
    const transcript = surveyTranscript('start', 'What helps?', [
      { id: 'p01', text: 'Friends.' },
      { id: 'r2', text: 'My sister.' },
    ]);
    const ports = memoryPorts({
      'qda/project.yaml': 'format: 1\nsources: [transcripts/**/*.transcript]\n',
      'qda/surveys/start.yaml': TEXT,
      'transcripts/surveys/start/what-helps.transcript': transcript,
    });
    const project = await Project.open(ports);
    assert.deepEqual(problemsOf(project), []);
    assert.deepEqual([...project.surveys.keys()], ['start']);
    assert.equal(project.kindOf('qda/surveys/start.yaml'), 'survey');
    assert.deepEqual(
      project.sharedTurns.get('transcripts/surveys/start/what-helps.transcript')!.map((r) => r.owner),
      ['p01', 'r2'],
    );
    ports.files.set('transcripts/surveys/start/what-helps.transcript', transcript.replace('p01: Friends.\n\n', ''));
    await project.reload(['transcripts/surveys/start/what-helps.transcript']);
    assert.deepEqual(
      project.sharedTurns.get('transcripts/surveys/start/what-helps.transcript')!.map((r) => [r.owner, r.start]),
      [['r2', transcript.indexOf('r2:') - 'p01: Friends.\n\n'.length]],
    );
    ports.files.set('qda/surveys/start.yaml', 'columns: [}\n');
    await project.reload(['qda/surveys/start.yaml']);
    assert.equal(project.surveys.size, 0);
    assert.equal(problemsOf(project)[0].file, 'qda/surveys/start.yaml');
    assert.equal(project.sharedTurns.size, 0);
  });
});
