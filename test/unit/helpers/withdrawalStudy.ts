import { readCsvText } from '../../../src/core/participants/csv';
import { applySurveyImport, planSurveyImport } from '../../../src/core/participants/surveyImport';
import { Project } from '../../../src/core/project/project';
import { memoryPorts } from './memoryFiles';

const P01 = 'Interviewer: How do you manage?\n\np01: Day by day, with help from my sister.\n';
const P02 = 'Interviewer: How do you manage?\n\np02: The food bank, some weeks.\n';

/** A study with two interviews, codings in both, and a start survey with an open question. */
export async function withdrawalStudy() {
  const at = (t: string, q: string) => [...t.slice(0, t.indexOf(q))].length;
  const coding = (id: string, t: string, q: string) =>
    `  - {id: ${id}, code: help, start: ${at(t, q)}, end: ${at(t, q) + [...q].length}, text: "${q}"}`;
  const ports = memoryPorts({
    'qda/project.yaml': 'format: 1\nsources: [transcripts/**/*.transcript]\n',
    'qda/codebook.yaml': 'codes:\n  - {id: help, name: Help}\n',
    'qda/participants.yaml':
      'attributes:\n  region: [north, wales]\nparticipants:\n  - {id: p01, sources: [transcripts/p01.transcript], attributes: {region: north}}\n  - {id: p02, sources: [transcripts/p02.transcript], attributes: {region: wales}}\n',
    'transcripts/p01.transcript': P01,
    'transcripts/p02.transcript': P02,
    'qda/codings/transcripts/p01.transcript.yaml': `source: transcripts/p01.transcript\ncodings:\n${coding('c1', P01, 'help from my sister')}\n`,
    'qda/codings/transcripts/p02.transcript.yaml': `source: transcripts/p02.transcript\ncodings:\n${coding('c2', P02, 'The food bank')}\n`,
    'qda/memos/2026-03-01-sister.md':
      '---\nid: m1\ncreated: 2026-03-01T10:00:00Z\nkind: analytic\nlinks:\n  - source: transcripts/p01.transcript\n---\nFamily as a safety net.\n',
  });
  const project = await Project.open(ports);
  const plan = planSurveyImport(
    project,
    readCsvText('id,region,What helps?\np01,north,My sister again\np02,wales,Food bank\nr9,wales,Neighbours\n'),
    { wave: 'start', textColumns: ['What helps?'], fileName: 'start.csv' },
  );
  await applySurveyImport(project, plan);
  const survey = 'transcripts/surveys/start/what-helps.transcript';
  const text = ports.files.text(survey)!;
  await project.changeCodings(survey, () => ({
    source: survey,
    codings: ['My sister again', 'Food bank', 'Neighbours'].map((q, i) => ({
      id: `s${i}`,
      code: 'help',
      start: at(text, q),
      end: at(text, q) + [...q].length,
      text: q,
    })),
  }));
  return { ports, project, survey };
}
