import * as assert from 'node:assert/strict';
import { cellPassages, projectMatrixInput } from '../../src/core/matrices';
import type { Coding } from '../../src/core/model';
import { serializeCodings } from '../../src/core/project/format';
import { Project } from '../../src/core/project/project';
import { ProjectSearch } from '../../src/core/search/cache';
import { codePointLength } from '../../src/core/text';
import { memoryPorts } from './helpers/memoryFiles';

const TEXT = [
  'Ann: one two three four five six.',
  '',
  'Bob: seven eight nine ten eleven.',
  '',
  'Ann: twelve thirteen fourteen fifteen.',
  '',
  'Bob: sixteen seventeen.',
  '',
].join('\n');

function at(quote: string): { start: number; end: number; text: string } {
  const i = TEXT.indexOf(quote);
  assert.ok(i >= 0, quote);
  const start = codePointLength(TEXT.slice(0, i));
  return { start, end: start + codePointLength(quote), text: quote };
}

/**
 * Turn 1: a "two three four" and b "four five" share "four".
 * Turn 2: a "seven eight " only touches b "nine ten".
 * Turns 2-3: a "eleven.…thirteen" and b "thirteen fourteen" share "thirteen", in turn 3 only.
 * Turn 4: m (merged into a) "seventeen" inside b "sixteen seventeen" by coder y.
 */
async function study(): Promise<Project> {
  const codings: Coding[] = [
    { id: 'k1', code: 'a', ...at('two three four'), coder: 'x' },
    { id: 'k2', code: 'b', ...at('four five'), coder: 'x' },
    { id: 'k3', code: 'a', ...at('seven eight '), coder: 'x' },
    { id: 'k4', code: 'b', ...at('nine ten'), coder: 'x' },
    { id: 'k5', code: 'a', ...at('eleven.\n\nAnn: twelve thirteen'), coder: 'x' },
    { id: 'k6', code: 'b', ...at('thirteen fourteen'), coder: 'x' },
    { id: 'k7', code: 'm', ...at('seventeen'), coder: 'x' },
    { id: 'k8', code: 'b', ...at('sixteen seventeen'), coder: 'y' },
  ];
  return Project.open(
    memoryPorts({
      'qda/project.yaml': 'format: 1\nsources: [t/*.transcript]\n',
      'qda/codebook.yaml':
        'codes:\n  - {id: a, name: Alpha}\n  - {id: b, name: Beta}\n  - {id: m, name: Mu, status: merged, mergedInto: a}\n',
      't/i.transcript': TEXT,
      'qda/codings/t/i.transcript.yaml': serializeCodings({ source: 't/i.transcript', codings }),
    }),
    { useCache: false },
  );
}

/** The first words of each passage found, to name the turns. */
async function found(search: ProjectSearch, query: string): Promise<string[]> {
  const r = await search.search(query, { limit: 100 });
  assert.deepEqual(r.problems, []);
  return r.hits.map((h) => h.snippet.text.split(' ')[0]);
}

describe('search: near: (the passages of a co-occurrence cell)', () => {
  it('finds the turns where a coding of one code and one of the other share a character, merged codes counted as their target', async () => {
    const search = await ProjectSearch.open(await study(), { useCache: false });
    assert.deepEqual(
      await found(search, 'code:a near:b'),
      ['one', 'twelve', 'sixteen'],
      'turn 2 only touches; the shared "thirteen" is in turn 3',
    );
    assert.deepEqual(await found(search, 'code:b near:a'), ['one', 'twelve', 'sixteen'], 'symmetric');
    assert.deepEqual(await found(search, 'coder:x code:a near:b'), ['one', 'twelve'], "one coder's codings only: k8 is by y");
    assert.deepEqual(
      await found(search, 'code:Alpha -near:Beta'),
      ['Alpha', 'seven'],
      'negated: the code itself, and the one turn where a is but shares nothing with b',
    );
    assert.deepEqual(await found(search, 'code:m'), ['Mu', 'sixteen'], 'a merged code still finds itself and its own codings');
  });

  it('gives the same passages as the matrix cell: each hit holds a stretch the cell lists, each stretch is in a hit', async () => {
    const project = await study();
    const search = await ProjectSearch.open(project, { useCache: false });
    for (const coder of [null, 'x']) {
      const input = await projectMatrixInput(project, { coder });
      const stretches = cellPassages(input, { matrix: 'cooccurrence', measure: 'passages', row: 'a', column: 'b' });
      const hits = (await search.search(`${coder ? `coder:${coder} ` : ''}code:a near:b`, { limit: 100 })).hits;
      assert.equal(hits.length, stretches.length, `coder ${coder}`);
      const inside = (s: { start: number; end: number }, h: { start: number; end: number }) => h.start <= s.start && s.end <= h.end;
      for (const h of hits)
        assert.ok(
          stretches.some((s) => inside(s, h)),
          `hit at ${h.start} holds a stretch`,
        );
      for (const s of stretches)
        assert.ok(
          hits.some((h) => inside(s, h)),
          `stretch at ${s.start} is in a hit`,
        );
    }
  });

  it('says near: needs a code: filter, at its column', async () => {
    const search = await ProjectSearch.open(await study(), { useCache: false });
    assert.deepEqual((await search.search('money near:b')).problems, [
      {
        column: 7,
        message:
          'near: at column 7 needs a code: filter to be near to, e.g. code:a near:b (passages where a coding of a and one of b overlap)',
      },
    ]);
    assert.deepEqual((await search.search('code:a near:zeta')).problems, [{ column: 13, message: 'unknown code "zeta" at column 13' }]);
  });
});
