import * as assert from 'node:assert/strict';
import {
  compareCoders,
  krippendorffAlphaNominal,
  multiCoderAlpha,
  type AgreementInput,
  type AgreementSource,
  type PlacedCoding,
} from '../../src/core/agreement';
import type { Code } from '../../src/core/model';
import { seededRandom } from '../../src/core/random';

const close = (actual: number | null | undefined, expected: number, what = '') => {
  assert.ok(actual !== null && actual !== undefined, `${what}: expected ${expected}, got ${actual}`);
  assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: expected ${expected}, got ${actual}`);
};

const codes: Code[] = [
  { id: 'p', name: 'Parent', status: 'active' },
  { id: 'x', name: 'X', parent: 'p', status: 'active' },
  { id: 'y', name: 'Y', status: 'active' },
  { id: 'old', name: 'Old', status: 'merged', mergedInto: 'x' },
];

let n = 0;
const c = (coder: string, code: string, start: number, end: number): PlacedCoding => ({ id: `c${n++}`, coder, code, start, end });

/**
 * s1: 100 units, turns [0,25) [25,55) [55,100)
 *   A: x [10,30) and [25,40) (union [10,40): 30), p [60,70); B: x [20,50) (30)
 * s2: 50 units, turns [0,20) [20,50)
 *   A: y [0,10); B: x [45,60) (clipped to [45,50): 5), old -> x [0,5)
 * s3: only A coded it: not compared.
 */
const sources: AgreementSource[] = [
  {
    path: 's1',
    length: 100,
    turns: [
      [0, 25],
      [25, 55],
      [55, 100],
    ],
    codings: [c('A', 'x', 10, 30), c('A', 'x', 25, 40), c('A', 'p', 60, 70), c('B', 'x', 20, 50), c('C', 'y', 0, 100)],
  },
  {
    path: 's2',
    length: 50,
    turns: [
      [0, 20],
      [20, 50],
    ],
    codings: [c('A', 'y', 0, 10), c('B', 'x', 45, 60), c('B', 'old', 0, 5)],
  },
  { path: 's3', length: 80, turns: [[0, 80]], codings: [c('A', 'y', 0, 80)] },
];
const input = (unit: 'character' | 'turn'): AgreementInput => ({ codes, sources, coders: ['A', 'B'], unit });

describe('compareCoders', () => {
  it('counts characters over every unit of the sources both coded (hand-computed table)', () => {
    const r = compareCoders(input('character'));
    assert.deepEqual(r.sources, ['s1', 's2']);
    assert.deepEqual(r.unitsPerSource, { s1: 100, s2: 50 });
    assert.deepEqual(r.skipped, [{ source: 's3', reason: 'only A coded it' }]);
    assert.deepEqual(
      r.codes.map((k) => k.code),
      ['p', 'x', 'y'],
    );
    const [p, x, y] = r.codes;
    // x: s1 both [20,40) = 20, onlyA [10,20) = 10, onlyB [40,50) = 10; s2 onlyB [0,5) + [45,50) = 10 (old counts as x).
    //    N = 150: both 20, onlyA 10, onlyB 20, neither 100. A child's coding (x) does not count for its parent (p).
    assert.deepEqual([x.both, x.onlyA, x.onlyB, x.neither, x.units], [20, 10, 20, 100, 150]);
    // κ: po·N² = 150·120 = 18000; pe·N² = 30·40 + 120·110 = 14400; κ = 3600 / (22500 − 14400) = 4/9
    close(x.kappa, 4 / 9, 'kappa x');
    // α: n = 300, n1 = 70, n0 = 230, Σ o_cc = 240; Σ n_c(n_c − 1) = 4830 + 52670 = 57500
    //    α = (299·240 − 57500) / (300·299 − 57500) = 14260 / 32200
    close(x.alpha, 14260 / 32200, 'alpha x');
    close(x.agreement, 120 / 150, 'agreement x');
    close(x.jaccard, 20 / 50, 'jaccard x');
    // y: only A, [0,10) of s2; p: only A, [60,70) of s1: both 0, onlyA 10, neither 140.
    //    κ: 150·140 − (10·0 + 140·150) = 0 -> 0; α: n1 = 10, n0 = 290, Σ o_cc = 280:
    //    (299·280 − (90 + 83810)) / (89700 − 83900) = −180 / 5800
    for (const k of [p, y]) {
      assert.deepEqual([k.both, k.onlyA, k.onlyB, k.neither], [0, 10, 0, 140]);
      close(k.kappa, 0, `kappa ${k.code}`);
      close(k.alpha, -180 / 5800, `alpha ${k.code}`);
      close(k.jaccard, 0, `jaccard ${k.code}`);
      assert.equal(k.reasons, undefined);
    }
    // Pooled over 3 codes x 150 units = 450: both 20, onlyA 30, onlyB 20, neither 380.
    //   κ = (450·400 − (50·40 + 400·410)) / (450² − 166000) = 14000 / 36500
    //   α: n = 900, n1 = 90, n0 = 810, Σ o_cc = 800: (899·800 − 663300) / (809100 − 663300) = 55900 / 145800
    const o = r.overall;
    assert.deepEqual([o.both, o.onlyA, o.onlyB, o.neither, o.units], [20, 30, 20, 380, 450]);
    close(o.kappa, 14000 / 36500, 'kappa pooled');
    close(o.alpha, 55900 / 145800, 'alpha pooled');
    close(o.agreement, 400 / 450, 'agreement pooled');
    close(o.jaccard, 20 / 70, 'jaccard pooled');
    assert.deepEqual(JSON.parse(JSON.stringify(r)), r, 'plain JSON');
  });

  it('counts speaker turns a coding overlaps (hand-computed table)', () => {
    const r = compareCoders(input('turn'));
    assert.deepEqual(r.unitsPerSource, { s1: 3, s2: 2 });
    const x = r.codes.find((k) => k.code === 'x')!;
    // x: s1 A touches turns 0,1 and B touches 0,1 -> both 2; s2 B touches 0 ([0,5)) and 1 ([45,50)) -> onlyB 2; N = 5.
    assert.deepEqual([x.both, x.onlyA, x.onlyB, x.neither], [2, 0, 2, 1]);
    // κ: a = 2, b = 4: pe·N² = 8 + 3·1 = 11, po·N² = 5·3 = 15 -> (15 − 11) / (25 − 11) = 4/14
    close(x.kappa, 4 / 14, 'kappa x');
    // α: n = 10, n1 = 6, n0 = 4, Σ o_cc = 2·(2 + 1) = 6: (9·6 − (30 + 12)) / (90 − 42) = 12 / 48
    close(x.alpha, 12 / 48, 'alpha x');
  });

  it('leaves out and counts codings that overlap no turn', () => {
    const r = compareCoders({
      ...input('turn'),
      sources: [
        {
          path: 's',
          length: 30,
          turns: [
            [0, 10],
            [20, 30],
          ],
          codings: [c('A', 'x', 12, 18), c('B', 'x', 0, 5)],
        },
      ],
    });
    assert.equal(r.excluded.outsideTurns, 1);
    assert.deepEqual([r.codes[0].both, r.codes[0].onlyA, r.codes[0].onlyB, r.codes[0].neither], [0, 0, 1, 1]);
  });

  it('gives null figures with reasons when both coders coded every unit the same', () => {
    const r = compareCoders({
      codes,
      coders: ['A', 'B'],
      unit: 'character',
      sources: [{ path: 's', length: 10, turns: [], codings: [c('A', 'x', 0, 10), c('B', 'x', 0, 10)] }],
    });
    const x = r.codes[0];
    assert.equal(x.kappa, null);
    assert.equal(x.alpha, null);
    assert.equal(x.agreement, 1);
    assert.equal(x.jaccard, 1);
    assert.match(x.reasons!.kappa!, /expected agreement is 1/);
    assert.match(x.reasons!.alpha!, /every value is the same/);
  });

  it('compares nothing, without failing, when no source has both coders', () => {
    const r = compareCoders({ ...input('character'), sources: [sources[2]] });
    assert.deepEqual([r.sources, r.codes], [[], []]);
    assert.equal(r.overall.kappa, null);
    assert.match(r.overall.reasons!.kappa!, /no units/);
  });

  it('leaves out the turns of participants who withdrew: no units, and codings touching them count for nothing', () => {
    // 100 characters; [40,60) is a withdrawn respondent's turn in a shared source.
    // A: x [0,30); B: x [20,50) (touches the turn: left out) and x [70,80).
    const src: AgreementSource = {
      path: 'survey',
      length: 100,
      turns: [
        [0, 40],
        [40, 60],
        [60, 100],
      ],
      excluded: [[40, 60]],
      codings: [c('A', 'x', 0, 30), c('B', 'x', 20, 50), c('B', 'x', 70, 80)],
    };
    const chars = compareCoders({ codes, coders: ['A', 'B'], unit: 'character', sources: [src] });
    // Units: 100 − 20 = 80. x: A 30, B 10, both 0 -> onlyA 30, onlyB 10, neither 40.
    assert.deepEqual(chars.unitsPerSource, { survey: 80 });
    assert.deepEqual([chars.codes[0].both, chars.codes[0].onlyA, chars.codes[0].onlyB, chars.codes[0].neither], [0, 30, 10, 40]);
    assert.equal(chars.excluded.withdrawn, 1);
    // Turns: the middle one is left out; A touches turn 1, B turn 3.
    const turns = compareCoders({ codes, coders: ['A', 'B'], unit: 'turn', sources: [src] });
    assert.deepEqual(turns.unitsPerSource, { survey: 2 });
    assert.deepEqual([turns.codes[0].both, turns.codes[0].onlyA, turns.codes[0].onlyB, turns.codes[0].neither], [0, 1, 1, 0]);
    const multi = multiCoderAlpha({ codes, coders: ['A', 'B'], unit: 'character', sources: [src] });
    assert.deepEqual(multi.unitsPerSource, { survey: 80 });
    close(multi.codes[0].alpha, chars.codes[0].alpha!, 'the same alpha either way');
  });

  it('refuses one coder twice', () => {
    assert.throws(() => compareCoders({ ...input('character'), coders: ['A', 'A'] }), /two different coders/);
  });
});

/** Random codings of 3 coders on a few sources, some coders absent from some sources. */
function randomSources(seed: number): AgreementSource[] {
  const random = seededRandom(seed);
  const out: AgreementSource[] = [];
  for (let s = 0; s < 4; s++) {
    const length = 40 + Math.floor(random() * 60);
    const cuts = [0, ...Array.from({ length: 4 }, () => Math.floor(random() * length)).sort((a, b) => a - b), length];
    const turns = cuts
      .slice(1)
      .map((e, i): [number, number] => [cuts[i], e])
      .filter(([a, b]) => b > a);
    const codings: PlacedCoding[] = [];
    for (const coder of ['A', 'B', 'C']) {
      if (random() < 0.25) continue; // this coder did not see the source
      for (let k = 0; k < 6; k++) {
        const start = Math.floor(random() * (length + 5)) - 3;
        codings.push(c(coder, ['x', 'y', 'old'][Math.floor(random() * 3)], start, start + 1 + Math.floor(random() * 25)));
      }
    }
    out.push({ path: `s${s}`, length, turns, codings });
  }
  return out;
}

/** Per unit, the value (1 coded, 0 not) each coder gives for `code`, or null when the coder did not see the source. */
function bruteForce(srcs: AgreementSource[], coders: string[], code: string, unit: 'character' | 'turn'): (0 | 1 | null)[][] {
  const target = (k: string) => (k === 'old' ? 'x' : k);
  const rows: (0 | 1 | null)[][] = coders.map(() => []);
  for (const s of srcs) {
    const seen = coders.map((who) => s.codings.some((k) => k.coder === who));
    if (seen.filter(Boolean).length < 2) continue;
    const units = unit === 'turn' ? s.turns : Array.from({ length: s.length }, (_, i): [number, number] => [i, i + 1]);
    for (const [us, ue] of units) {
      coders.forEach((who, i) => {
        const coded = s.codings.some(
          (k) => k.coder === who && target(k.code) === code && Math.max(k.start, 0) < ue && Math.min(k.end, s.length) > us,
        );
        rows[i].push(seen[i] ? (coded ? 1 : 0) : null);
      });
    }
  }
  return rows;
}

describe('agreement sweeps against a per-unit brute force', () => {
  for (const unit of ['character', 'turn'] as const) {
    it(`counts the same 2x2 tables and alpha as per-${unit} counting (200 random studies)`, () => {
      for (let seed = 1; seed <= 200; seed++) {
        const srcs = randomSources(seed);
        const r = compareCoders({ codes, sources: srcs, coders: ['A', 'B'], unit });
        for (const row of r.codes) {
          const [a, b] = bruteForce(srcs, ['A', 'B'], row.code, unit);
          const count = (va: number, vb: number) => a.filter((v, i) => v === va && b[i] === vb).length;
          assert.deepEqual(
            [row.both, row.onlyA, row.onlyB, row.neither],
            [count(1, 1), count(1, 0), count(0, 1), count(0, 0)],
            `seed ${seed} ${row.code}`,
          );
          const alpha = krippendorffAlphaNominal([a, b]);
          if (alpha.value === null) assert.equal(row.alpha, null);
          else close(row.alpha, alpha.value, `seed ${seed} alpha ${row.code}`);
        }
      }
    });

    it(`gives the alpha of the explicit reliability matrix for three coders with missing sources (${unit})`, () => {
      for (let seed = 1; seed <= 200; seed++) {
        const srcs = randomSources(seed);
        const r = multiCoderAlpha({ codes, sources: srcs, coders: ['A', 'B', 'C'], unit });
        for (const row of r.codes) {
          const alpha = krippendorffAlphaNominal(bruteForce(srcs, ['A', 'B', 'C'], row.code, unit));
          if (alpha.value === null) assert.equal(row.alpha, null, `seed ${seed} ${row.code}`);
          else close(row.alpha, alpha.value, `seed ${seed} alpha ${row.code}`);
          assert.equal(row.values, alpha.coincidences.n);
        }
      }
    });
  }

  it('agrees with the two-coder alpha when both coders saw every source', () => {
    const srcs = sources.slice(0, 2);
    const two = compareCoders({ codes, sources: srcs, coders: ['A', 'B'], unit: 'character' });
    const multi = multiCoderAlpha({ codes, sources: srcs, coders: ['A', 'B'], unit: 'character' });
    for (const row of two.codes) close(multi.codes.find((m) => m.code === row.code)!.alpha, row.alpha!, row.code);
    close(multi.overall.alpha, two.overall.alpha!, 'pooled');
  });
});
