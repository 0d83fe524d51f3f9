/**
 * The sample study's start survey: 220 fictional respondents (the four
 * interviewees among them), seeded, so the same file comes out every time.
 *
 *   npx tsc -p . && node out/scripts/sampleSurvey.js [SAMPLE_DIR]
 *
 * writes SAMPLE_DIR/surveys/start-survey.csv (what a survey tool exports) and
 * imports it as wave "start" through the core, as `qda import survey` would:
 * qda/surveys/start.yaml and the transcript of its open question. A unit test
 * checks that the committed sample is what this script writes.
 */
import * as path from 'node:path';
import { toCsv } from '../src/core/output/csv';
import { applySurveyImport, planSurveyImport, readCsvText } from '../src/core/participants';
import { Project } from '../src/core/project/project';
import { seededRandom } from '../src/core/random';
import { NodeFiles } from '../src/node/nodeFiles';

export const SAMPLE_SURVEY_CSV = 'surveys/start-survey.csv';
export const SAMPLE_SURVEY_QUESTION = 'What helps you get by?';
/** The time the sample's survey was imported (fixed, so the files do not change). */
export const SAMPLE_SURVEY_IMPORTED = '2026-01-20T10:00:00Z';

const RESPONDENTS = 220;
const AGE: [string, number][] = [
  ['18-29', 0.2],
  ['30-49', 0.36],
  ['50-64', 0.27],
  ['65+', 0.17],
];
const REGION: [string, number][] = [
  ['north', 0.31],
  ['midlands', 0.24],
  ['south', 0.34],
  ['wales', 0.11],
];
const HOUSING: [string, number][] = [
  ['renting', 0.37],
  ['social housing', 0.31],
  ['owner', 0.24],
  ['temporary', 0.08],
];
/** The interviewees, as participants.yaml describes them. */
const INTERVIEWEES: [string, string, string, string][] = [
  ['s01', '30-49', 'north', 'social housing'],
  ['s02', '18-29', 'wales', 'renting'],
  ['s03', '50-64', 'midlands', 'renting'],
  ['s04', '30-49', 'south', 'social housing'],
];
const HELPS = [
  'My mum has the kids after school so I can do the late shift.',
  'Batch cooking on a Sunday, it stretches the money.',
  'The food bank at the church, though I hate going.',
  'Knowing the bus times by heart.',
  'A neighbour who lends me her car for the big shop.',
  'Writing every bill on the calendar in the kitchen.',
  'The credit union loan instead of the doorstep lender.',
  'Walking the dog, it clears my head.',
  'My sister, mostly. She rings every night.',
  'The advice centre sorted my council tax.',
  'Turning the heating off in the back rooms.',
  'Church on Sunday and the tea after.',
  'Selling things on the local page.',
  'Not much, honestly. Getting through the week.',
  'The allotment. Vegetables and somewhere to be.',
  'Friends from work who know what it is like.',
  'Budgeting app on my phone, I check it every morning.',
  'The library for the internet and the warmth.',
  'My faith.',
  'Cheap days out with the kids, the park and the beach.',
  'Having a plan for when the money runs out before payday.',
  'Talking to someone who does not judge.',
];

function pick(random: () => number, weights: [string, number][]): string {
  let u = random();
  for (const [value, w] of weights) if ((u -= w) < 0) return value;
  return weights[weights.length - 1][0];
}

/** The survey as a CSV export, the same for the same seed. */
export function sampleSurveyCsv(seed = 2026): string {
  const random = seededRandom(seed);
  const rows: (string | number)[][] = [['Respondent ID', 'Age band', 'Region', 'Housing', SAMPLE_SURVEY_QUESTION, 'Submitted']];
  const people: [string, string, string, string][] = [...INTERVIEWEES];
  for (let i = people.length + 1; i <= RESPONDENTS; i++)
    people.push([`r${String(i).padStart(3, '0')}`, pick(random, AGE), pick(random, REGION), pick(random, HOUSING)]);
  // Shuffle, as a survey tool lists responses by submission.
  for (let i = people.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [people[i], people[j]] = [people[j], people[i]];
  }
  people.forEach(([id, age, region, housing], i) => {
    // A few leave a question blank, as people do.
    const blank = (x: string) => (random() < 0.03 ? '' : x);
    const answered = id.startsWith('s') || random() < 0.55;
    const help = answered
      ? HELPS[Math.floor(random() * HELPS.length)] + (random() < 0.3 ? ` ${HELPS[Math.floor(random() * HELPS.length)]}` : '')
      : '';
    const day = 5 + Math.floor((i / people.length) * 14);
    rows.push([
      id,
      id.startsWith('s') ? age : blank(age),
      id.startsWith('s') ? region : blank(region),
      id.startsWith('s') ? housing : blank(housing),
      help,
      `2026-01-${String(day).padStart(2, '0')}`,
    ]);
  });
  return toCsv(rows);
}

/** Writes the CSV into `sampleDir` and imports it as wave "start". */
export async function writeSampleSurvey(sampleDir: string): Promise<void> {
  const files = new NodeFiles(sampleDir);
  const csv = sampleSurveyCsv();
  await files.writeAtomic(SAMPLE_SURVEY_CSV, new TextEncoder().encode(csv));
  const project = await Project.open(
    { files, clock: { now: () => new Date(SAMPLE_SURVEY_IMPORTED) }, ids: { newId: () => 'sample' } },
    { useCache: false },
  );
  const plan = planSurveyImport(project, readCsvText(csv), {
    wave: 'start',
    idColumn: 'Respondent ID',
    textColumns: [SAMPLE_SURVEY_QUESTION],
    fileName: SAMPLE_SURVEY_CSV,
  });
  if (!plan.ok || plan.changes.length)
    throw new Error(`the sample survey does not import cleanly: ${JSON.stringify(plan.problems.concat(plan.changes as never[]))}`);
  await applySurveyImport(project, plan);
}

if (require.main === module) {
  const dir = path.resolve(process.argv[2] ?? path.join(__dirname, '../../sample'));
  writeSampleSurvey(dir).then(
    () => process.stdout.write(`wrote ${SAMPLE_SURVEY_CSV}, qda/surveys/start.yaml and its transcript in ${dir}\n`),
    (e) => {
      process.stderr.write(`${e instanceof Error ? e.stack : e}\n`);
      process.exitCode = 1;
    },
  );
}
