import * as assert from 'node:assert/strict';
import {
  findPseudonymCandidates,
  projectPseudonymCandidates,
  proposedPseudonymMap,
  unlistedCandidates,
} from '../../src/core/output/pseudonymCandidates';
import { parsePseudonyms, Pseudonymiser } from '../../src/core/output/pseudonymise';
import { Project } from '../../src/core/project/project';
import { reviewStudy } from './helpers/reviewStudy';

const names = (quotes: string[], extra: Partial<Parameters<typeof findPseudonymCandidates>[0]> = {}) =>
  findPseudonymCandidates({ quotes: quotes.map((text, i) => ({ where: `q${i}`, text })), ...extra }).map((c) => c.name);

describe('pseudonymCandidates', () => {
  it('proposes capitalised names and places inside a sentence, not a sentence start or a word also written in lower case', () => {
    const found = names([
      'Then Zoë came round with Mr Jones from Tredegar Road.',
      'Money is tight. The Council wrote again, the council always writes.',
      'I said to Zoë: it is Monday. We go on Saturdays, in March.',
    ]);
    // "Then", "Money", "The", "I" start sentences; "Council" is also a word in lower case; "Mr", days and months are not names
    assert.deepEqual(found.sort(), ['Jones', 'Tredegar Road', 'Zoë']);
  });

  it("proposes participants' speaker labels and participants.yaml names, never the interviewer or a generic id", () => {
    const found = findPseudonymCandidates({
      quotes: [{ where: 'a.txt', text: 'we went, Sandra and me' }],
      speakers: [
        { where: 'a.txt', label: 'Interviewer' },
        { where: 'a.txt', label: 'Margaret' },
        { where: 'a.txt', label: 'P01' },
        { where: 'b.txt', label: 'Speaker 2' },
      ],
      participants: [{ id: 'p01', name: 'Sandra Ellis' } as never, { id: 'sandra' } as never],
    });
    assert.deepEqual(
      found.map((c) => [c.name, c.kind]),
      [
        ['Margaret', 'speaker'],
        ['sandra', 'participant'],
        ['Sandra Ellis', 'participant'],
      ],
    );
    assert.equal(found.find((c) => c.name === 'sandra')?.quotes, 1);
  });

  it('proposes a name only the transcripts hold yet (the next coding may quote it), after the names quoted', () => {
    const found = findPseudonymCandidates({
      quotes: [{ where: 'q.txt', text: 'we asked Dafydd' }],
      texts: [
        { where: 's04.txt', text: 'Thanks, Nguyễn. Could you start?' },
        { where: 'q.txt', text: 'we asked Dafydd' },
      ],
    });
    assert.deepEqual(
      found.map((c) => [c.name, c.quotes, c.where]),
      [
        ['Dafydd', 1, 'q.txt'],
        ['Nguyễn', 0, 's04.txt'],
      ],
    );
  });

  it('writes a map that parses, with a placeholder pseudonym per name, so the next export replaces them', () => {
    const candidates = findPseudonymCandidates({ quotes: [{ where: 't.txt', text: 'Ask Margaret about "No" and Zoë.' }] });
    const yaml = proposedPseudonymMap([...candidates, { name: 'No', kind: 'name', quotes: 0, where: 'x' }]);
    const parsed = parsePseudonyms(yaml);
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(parsed.value?.names, [
      { name: 'Margaret', pseudonym: '[name 1]' },
      { name: 'Zoë', pseudonym: '[name 2]' },
      { name: 'No', pseudonym: '[name 3]' },
    ]);
    const p = new Pseudonymiser(parsed.value!);
    assert.equal(p.apply('Margaret and Zoë'), '[name 1] and [name 2]');
    assert.deepEqual(unlistedCandidates(candidates, p), []);
    assert.deepEqual(
      unlistedCandidates(candidates, Pseudonymiser.builtIn).map((c) => c.name),
      ['Margaret', 'Zoë'],
    );
  });

  it("finds the names in a project's quotes (codings and code examples)", async () => {
    const project = await Project.open(reviewStudy());
    const found = await projectPseudonymCandidates(project);
    // "Margaret from the food bank" starts a quote, but "Margaret said" in the code example shows it inside a sentence
    assert.deepEqual(
      found.map((c) => c.name),
      ['Margaret'],
    );
    // the example, "Margaret from the food bank helped." and the quote with margaret@example.org
    assert.equal(found[0].quotes, 3);
  });
});
