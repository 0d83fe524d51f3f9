import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { projectRepresentativeness } from '../../src/core/saturation/analysis';
import { Project } from '../../src/core/project/project';
import { nodePorts } from '../../src/node/nodeFiles';
import { SAMPLE_SURVEY_CSV, sampleSurveyCsv, writeSampleSurvey } from '../../scripts/sampleSurvey';

const SAMPLE = path.resolve(__dirname, '../../../sample');
const GENERATED = [SAMPLE_SURVEY_CSV, 'qda/surveys/start.yaml', 'transcripts/surveys/start/what-helps-you-get-by.transcript'];

describe('sample start survey', () => {
  it('is what scripts/sampleSurvey.ts writes, byte for byte (seeded)', async function () {
    this.timeout(20000);
    assert.equal(fs.readFileSync(path.join(SAMPLE, SAMPLE_SURVEY_CSV), 'utf8'), sampleSurveyCsv());
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'qda-sample-'));
    fs.cpSync(SAMPLE, copy, { recursive: true });
    for (const f of GENERATED) fs.rmSync(path.join(copy, f), { force: true });
    await writeSampleSurvey(copy);
    for (const f of GENERATED) assert.equal(fs.readFileSync(path.join(copy, f), 'utf8'), fs.readFileSync(path.join(SAMPLE, f), 'utf8'), f);
  });

  it('has 200+ respondents with the declared attributes, and the sample is judged against it at once', async () => {
    const project = await Project.open(nodePorts(SAMPLE), { useCache: false });
    assert.deepEqual(
      project.problems.filter((p) => p.severity === 'error'),
      [],
    );
    const survey = project.surveys.get('start')!;
    assert.ok(survey.respondents.length >= 200);
    assert.deepEqual(
      survey.columns.filter((c) => c.use === 'attribute').map((c) => c.attribute),
      ['age band', 'region', 'housing'],
    );
    const r = projectRepresentativeness(project);
    assert.deepEqual(r.targetFrom, { kind: 'survey', wave: 'start', respondents: survey.respondents.length });
    assert.ok(r.attributes.every((a) => a.test && a.test.exactP !== null));
  });
});
