/**
 * Respondents never overwrite each other (#20 item 9). A stored response is
 * named after its respondent's slug and its id: "SAM" and "sam", or two names
 * in a script the slug cannot spell (Мария, Анна; 山田, 田中), made the same
 * file name, and the second import silently replaced the first. Now both are
 * kept; importing the same response again still replaces it.
 */
import * as assert from 'node:assert/strict';
import { Project } from '../../../src/core/project';
import { importResponses, reviewSummary } from '../../../src/core/review';
import { nodePorts } from '../../../src/node/nodeFiles';
import { qda, validProject } from './fixtures';

const response = (respondent: string, id: string | undefined, fit: string) => ({
  kind: 'reflexive-qda/review-response',
  format: 1,
  round: 'round-1',
  ...(id ? { id } : {}),
  respondent,
  answers: [{ code: 'security', fit, comment: `${respondent} says ${fit}` }],
});
const file = (name: string, value: unknown) => ({ name, bytes: new TextEncoder().encode(JSON.stringify(value)) });

async function reviewProject(): Promise<Project> {
  const root = validProject();
  assert.equal((await qda(root, 'export', 'review', '--round', 'round-1')).code, 0);
  return Project.open(nodePorts(root));
}

describe('reliability: respondents whose names make the same file name', function () {
  this.timeout(30000);

  const pairs: [string, string, string | undefined][] = [
    ['SAM', 'sam', 'r-1'],
    ['Sam', 'Sam!', 'r-1'],
    ['Мария', 'Анна', 'r-1'],
    ['山田', '田中', 'r-1'],
    ['Zoë', 'Zoe', 'same-id'],
    ['مريم', 'فاطمة', undefined],
  ];

  for (const [a, b, id] of pairs) {
    it(`keeps both "${a}" and "${b}"${id ? ` sharing the id "${id}"` : ''}, and replaces each on a second import`, async () => {
      const project = await reviewProject();
      const first = await importResponses(project, [file('a.json', response(a, id, 'fits')), file('b.json', response(b, id, 'notFit'))]);
      assert.deepEqual(
        first.map((r) => [r.ok, r.replaced]),
        [
          [true, false],
          [true, false],
        ],
        JSON.stringify(first),
      );
      assert.notEqual(first[0].path, first[1].path, 'two files');
      let s = await reviewSummary(project);
      assert.deepEqual(s.rounds[0].respondents.map((r) => r.respondent).sort(), [a, b].sort());
      assert.deepEqual([s.byCode.get('security')!.fits, s.byCode.get('security')!.notFit], [1, 1]);

      // The same files again (a participant sent it twice): replaced, not doubled.
      const again = await importResponses(project, [file('b.json', response(b, id, 'notFit')), file('a.json', response(a, id, 'fits'))]);
      assert.deepEqual(
        again.map((r) => [r.ok, r.replaced]),
        [
          [true, true],
          [true, true],
        ],
      );
      assert.deepEqual(
        again.map((r) => r.path),
        [first[1].path, first[0].path],
      );
      s = await reviewSummary(project);
      assert.equal(s.rounds[0].respondents.length, 2);
      assert.deepEqual([s.byCode.get('security')!.fits, s.byCode.get('security')!.notFit], [1, 1]);
    });
  }

  it("replaces a respondent's earlier answers with a corrected file of the same id", async () => {
    const project = await reviewProject();
    await importResponses(project, [file('a.json', response('SAM', 'r-1', 'fits'))]);
    const [r] = await importResponses(project, [file('a2.json', response('SAM', 'r-1', 'partly'))]);
    assert.equal(r.replaced, true);
    const s = await reviewSummary(project);
    assert.equal(s.rounds[0].respondents.length, 1);
    assert.equal(s.byCode.get('security')!.partly, 1);
  });
});
