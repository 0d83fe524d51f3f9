import * as assert from 'node:assert/strict';
import type { Participants } from '../../src/core/model';
import { representativeness, surveyTarget, type AttributeComposition } from '../../src/core/participants/representativeness';

// study-a/qda/participants.yaml (CC0), attributes as written there.
const STUDY_A: Participants = {
  attributes: {
    'age band': ['18-29', '30-49', '50-64', '65+'],
    region: ['north', 'midlands', 'south', 'wales'],
    housing: ['renting', 'social housing', 'owner', 'temporary'],
  },
  participants: [
    ['p01', '30-49', 'wales', 'social housing'],
    ['p02', '50-64', 'midlands', 'renting'],
    ['p03', '18-29', 'north', 'temporary'],
    ['p04', '65+', 'south', 'owner'],
    ['p05', '30-49', 'north', 'renting'],
    ['p06', '30-49', 'south', 'social housing'],
    ['p07', '50-64', 'midlands', 'renting'],
    ['p08', '18-29', 'wales', 'temporary'],
  ].map(([id, age, region, housing]) => ({
    id,
    sources: [`transcripts/${id}.transcript`],
    attributes: { 'age band': age, region, housing },
  })),
  target: { region: { north: 0.3, midlands: 0.2, south: 0.35, wales: 0.15 } },
};

function attribute(r: ReturnType<typeof representativeness>, name: string): AttributeComposition {
  const a = r.attributes.find((x) => x.attribute === name);
  assert.ok(a, `no attribute ${name}`);
  return a;
}

describe('representativeness', () => {
  describe('on study-a (two participants per region, target 30/20/35/15 %)', () => {
    const r = representativeness(STUDY_A);
    const region = attribute(r, 'region');

    it('counts participants and proportions per category, declared order kept', () => {
      assert.equal(r.participants, 8);
      assert.deepEqual(
        region.categories.map((c) => [c.value, c.count, c.proportion, c.target]),
        [
          ['north', 2, 0.25, 0.3],
          ['midlands', 2, 0.25, 0.2],
          ['south', 2, 0.25, 0.35],
          ['wales', 2, 0.25, 0.15],
        ],
      );
      assert.equal(region.withValue, 8);
      assert.deepEqual(region.lacking, []);
    });

    it('gives the signed difference from the target per category', () => {
      const diffs = region.categories.map((c) => c.difference as number);
      [-0.05, 0.05, -0.1, 0.1].forEach((d, i) => assert.ok(Math.abs(diffs[i] - d) < 1e-12, `${diffs[i]} vs ${d}`));
    });

    it('calls south under- and wales over-represented, and a gap of exactly 5 points within', () => {
      assert.deepEqual(region.underRepresented, ['south']);
      assert.deepEqual(region.overRepresented, ['wales']);
      assert.deepEqual(
        region.categories.map((c) => c.status),
        ['within', 'within', 'under', 'over'],
      );
      assert.deepEqual(region.missing, []);
      assert.ok(Math.abs((region.targetTotal as number) - 1) < 1e-12);
    });

    it('describes untargeted attributes without judging them', () => {
      const age = attribute(r, 'age band');
      assert.equal(age.hasTarget, false);
      assert.deepEqual(
        age.categories.map((c) => [c.value, c.count, c.status]),
        [
          ['18-29', 2, 'untargeted'],
          ['30-49', 3, 'untargeted'],
          ['50-64', 2, 'untargeted'],
          ['65+', 1, 'untargeted'],
        ],
      );
      assert.deepEqual([age.underRepresented, age.overRepresented], [[], []]);
      assert.deepEqual(r.warnings, []);
    });

    it('judges with the tolerance given', () => {
      const strict = attribute(representativeness(STUDY_A, { tolerance: 0.01 }), 'region');
      assert.deepEqual(
        [strict.underRepresented, strict.overRepresented],
        [
          ['north', 'south'],
          ['midlands', 'wales'],
        ],
      );
      const loose = attribute(representativeness(STUDY_A, { tolerance: 0.2 }), 'region');
      assert.deepEqual([loose.underRepresented, loose.overRepresented], [[], []]);
      assert.match(representativeness(STUDY_A, { tolerance: 0.01 }).rule, /more than 1 percentage points below/);
    });

    it('counts only the participants asked for', () => {
      const some = representativeness(STUDY_A, { participantIds: ['p01', 'p02', 'p03', 'p05'] });
      const reg = attribute(some, 'region');
      assert.equal(some.participants, 4);
      assert.deepEqual(
        reg.categories.map((c) => c.count),
        [2, 1, 0, 1],
      );
      assert.deepEqual(reg.missing, ['south']);
      assert.deepEqual(reg.underRepresented, ['south']);
      assert.deepEqual(reg.overRepresented, ['north', 'wales']);
    });
  });

  describe('with incomplete or inconsistent data', () => {
    const p: Participants = {
      attributes: { region: ['north', 'south', 'wales'] },
      participants: [
        { id: 'a', attributes: { region: 'north', job: 'nurse' } },
        { id: 'b', attributes: { region: 'north' } },
        { id: 'c', attributes: { region: 'east' } },
        { id: 'd' },
      ],
      target: { region: { north: 0.5, south: 0.3, scotland: 0.3 }, gender: { woman: 0.5, man: 0.5 } },
    };
    const r = representativeness(p);

    it('lists participants lacking a value and leaves them out of the proportions', () => {
      const region = attribute(r, 'region');
      assert.deepEqual(region.lacking, ['d']);
      assert.equal(region.withValue, 3);
      assert.deepEqual(
        region.categories.map((c) => [c.value, c.count]),
        [
          ['north', 2],
          ['south', 0],
          ['wales', 0],
          ['scotland', 0],
          ['east', 1],
        ],
      );
      assert.ok(Math.abs((region.categories[0].proportion as number) - 2 / 3) < 1e-12);
    });

    it('lists declared and targeted categories nobody belongs to as missing, and undeclared values met', () => {
      const region = attribute(r, 'region');
      assert.deepEqual(region.missing, ['south', 'wales', 'scotland']);
      assert.deepEqual(region.undeclaredValues, ['east']);
      assert.deepEqual(region.underRepresented, ['south', 'scotland']);
      assert.deepEqual(region.overRepresented, ['north']);
      assert.deepEqual(
        region.categories.map((c) => c.status),
        ['over', 'under', 'untargeted', 'under', 'untargeted'],
      );
    });

    it('reports undeclared attributes and targets that are not proportions of the declared values', () => {
      assert.deepEqual(
        r.attributes.map((a) => [a.attribute, a.declared, a.hasTarget]),
        [
          ['region', true, true],
          ['gender', false, true],
          ['job', false, false],
        ],
      );
      assert.deepEqual(attribute(r, 'gender').lacking, ['a', 'b', 'c', 'd']);
      assert.deepEqual(
        attribute(r, 'gender').categories.map((c) => c.status),
        ['unknown', 'unknown'],
      );
      assert.deepEqual(attribute(r, 'gender').underRepresented, []);
      assert.equal(r.warnings.length, 3);
      assert.ok(r.warnings.some((w) => /adds up to 1\.1/.test(w)));
      assert.ok(r.warnings.some((w) => /scotland/.test(w)));
      assert.ok(r.warnings.some((w) => /"gender", which is not declared/.test(w)));
    });

    it('answers with no participants file, and returns plain JSON', () => {
      assert.deepEqual(representativeness(undefined), {
        targetFrom: { kind: 'participants' },
        participants: 0,
        tolerance: 0.05,
        rule: representativeness(undefined).rule,
        attributes: [],
        warnings: [],
      });
      assert.deepEqual(JSON.parse(JSON.stringify(r)), r);
    });

    it('does not mistake an attribute called "constructor" for an inherited property', () => {
      const odd = representativeness({ participants: [{ id: 'a', attributes: {} }], target: { constructor: { x: 1 } } });
      assert.deepEqual(
        odd.attributes.map((a) => [a.attribute, a.lacking]),
        [['constructor', ['a']]],
      );
    });

    it('rejects a negative tolerance as a programming error', () => {
      assert.throws(() => representativeness(p, { tolerance: -0.1 }), /^Error: representativeness:/);
    });
  });
  describe('statistics against the target', () => {
    const region = attribute(representativeness(STUDY_A), 'region');

    it('gives the Wilson 95 % interval of each share: 2/8 is 0.0715 to 0.5907', () => {
      // p = 0.25, z^2/n = 0.480183; centre (0.25 + 0.240092) / 1.480183 = 0.331102; half 1.324137 x 0.196070 = 0.259623.
      for (const c of region.categories) {
        assert.ok(Math.abs(c.ciLow! - 0.071479) < 1e-6 && Math.abs(c.ciHigh! - 0.590725) < 1e-6, `${c.ciLow} ${c.ciHigh}`);
      }
    });

    it('tests the fit with chi-square (p from the closed form for 3 df) and says the expected counts are too small', () => {
      const t = region.test!;
      // Expected 2.4, 1.6, 2.8, 1.2: chi2 = 0.16/2.4 + 0.16/1.6 + 0.64/2.8 + 0.64/1.2 = 0.928571.
      const x = 0.16 / 2.4 + 0.16 / 1.6 + 0.64 / 2.8 + 0.64 / 1.2;
      assert.ok(Math.abs(t.chi2! - x) < 1e-12);
      assert.equal(t.df, 3);
      // For 3 df, Q(x) = erfc(sqrt(x/2)) + sqrt(2x/pi) e^(-x/2); erfc(0.6813851) = 0.3352344 (C library erfc),
      // giving 0.8185280 (as SciPy's chi2.sf(0.928571, 3)).
      const closed = 0.3352344138 + Math.sqrt((2 * x) / Math.PI) * Math.exp(-x / 2);
      assert.ok(Math.abs(closed - 0.818528) < 1e-6);
      assert.ok(Math.abs(t.p! - closed) < 1e-6, `${t.p} vs ${closed}`);
      assert.equal(t.expectedBelow5, 4);
      assert.match(t.notes.join(' '), /4 of 4 expected counts are under 5.*exact test/);
    });

    it('gives the exact multinomial p, the same as a plain enumeration of all 165 outcomes written here', () => {
      const target = [0.3, 0.2, 0.35, 0.15];
      const fact = (k: number): number => (k <= 1 ? 1 : k * fact(k - 1));
      const prob = (x: number[]) => (fact(8) / x.reduce((a, k) => a * fact(k), 1)) * x.reduce((a, k, i) => a * target[i] ** k, 1);
      const observed = prob([2, 2, 2, 2]);
      let p = 0;
      let outcomes = 0;
      for (let a = 0; a <= 8; a++)
        for (let b = 0; a + b <= 8; b++)
          for (let c = 0; a + b + c <= 8; c++) {
            outcomes++;
            const q = prob([a, b, c, 8 - a - b - c]);
            if (q <= observed * (1 + 1e-7)) p += q;
          }
      assert.equal(outcomes, 165);
      assert.ok(Math.abs(region.test!.exactP! - p) < 1e-12, `${region.test!.exactP} vs ${p}`);
      assert.equal(region.test!.exactMethod, 'enumeration');
    });

    it('has no test for an attribute without a target', () => {
      assert.equal(attribute(representativeness(STUDY_A), 'age band').test, null);
    });

    it('leaves the tests out, and nothing else, when they are not asked for', () => {
      const full = representativeness(STUDY_A);
      const counts = representativeness(STUDY_A, { tests: false });
      assert.notEqual(attribute(full, 'region').test, null);
      assert.equal(attribute(counts, 'region').test, null);
      assert.deepEqual(counts, { ...full, attributes: full.attributes.map((a) => ({ ...a, test: null })) });
    });
  });

  describe('against a survey wave', () => {
    const survey = {
      wave: 'start',
      columns: [
        { name: 'id', use: 'id' as const },
        { name: 'Region', use: 'attribute' as const, attribute: 'region' },
        { name: 'Age', use: 'data' as const },
      ],
      respondents: [
        ...Array.from({ length: 30 }, (_, i) => ({ id: `n${i}`, answers: { Region: 'north' } })),
        ...Array.from({ length: 20 }, (_, i) => ({ id: `m${i}`, answers: { Region: 'midlands' } })),
        ...Array.from({ length: 40 }, (_, i) => ({ id: `s${i}`, answers: { Region: 'south' } })),
        ...Array.from({ length: 10 }, (_, i) => ({ id: `w${i}`, answers: { Region: 'wales' } })),
        { id: 'x1', answers: { Age: '40' } },
        { id: 'p03', answers: { Region: 'south' } },
      ],
    };

    it('takes the answers of respondents with one as the target, leaving out those excluded (withdrawn)', () => {
      const t = surveyTarget(survey, (id) => id !== 'p03');
      assert.equal(t.respondents, 101);
      assert.deepEqual(t.counts, { region: { north: 30, midlands: 20, south: 40, wales: 10 } });
    });

    it('judges the sample against those shares, with the survey counts beside each category', () => {
      const r = representativeness(STUDY_A, { target: surveyTarget(survey, (id) => id !== 'p03') });
      assert.deepEqual(r.targetFrom, { kind: 'survey', wave: 'start', respondents: 101 });
      const region = attribute(r, 'region');
      assert.deepEqual(
        region.categories.map((c) => [c.value, c.target, c.targetCount]),
        [
          ['north', 0.3, 30],
          ['midlands', 0.2, 20],
          ['south', 0.4, 40],
          ['wales', 0.1, 10],
        ],
      );
      assert.equal(region.targetRespondents, 100);
      assert.deepEqual(region.underRepresented, ['south']);
      // chi2 = 0.16/2.4 + 0.16/1.6 + 1.44/3.2 + 1.44/0.8 = 2.416667
      assert.ok(Math.abs(region.test!.chi2! - (0.16 / 2.4 + 0.16 / 1.6 + 1.44 / 3.2 + 1.44 / 0.8)) < 1e-12);
    });
  });
});
