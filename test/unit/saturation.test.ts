import * as assert from 'node:assert/strict';
import type { Code, Coding, Participants } from '../../src/core/model';
import { DEFAULT_SATURATION } from '../../src/core/model';
import {
  analyseIncidence,
  buildIncidence,
  incidenceFromMatrix,
  interviewOrder,
  meetsThreshold,
  saturationReport,
  type Incidence,
  type IncidenceInput,
  seededRandom,
} from '../../src/core/saturation';

// Oracle numbers below are copied from /work/shared/oracles (R vegan 2.6.4, scikit-bio, by hand).

function close(actual: number | null, expected: number, tol = 1e-9, what = ''): void {
  assert.ok(actual !== null && Math.abs(actual - expected) <= tol, `${what} ${actual} is not within ${tol} of ${expected}`);
}
function closeAll(actual: number[], expected: number[], tol = 1e-9, what = ''): void {
  assert.equal(actual.length, expected.length, `${what} length`);
  actual.forEach((a, i) => close(a, expected[i], tol, `${what}[${i}]`));
}
/** Rows of "0101..." strings -> incidence with ids prefix+1.. and C01.. */
function fromRows(rows: string[], unitPrefix: string, codes?: string[]): Incidence {
  const width = rows[0].length;
  const ids = codes ?? Array.from({ length: width }, (_, k) => `C${String(k + 1).padStart(2, '0')}`);
  const units = rows.map((_, u) => `${unitPrefix}${String(u + 1).padStart(unitPrefix === 'I' ? 2 : 1, '0')}`);
  return incidenceFromMatrix(
    units,
    ids,
    rows.map((r) => [...r].map(Number)),
  );
}

let nextId = 0;
function coding(code: string, coder = 'mf'): Coding {
  return { id: `c${nextId++}`, code, start: 0, end: 1, text: 'x', coder };
}
function active(id: string, extra: Partial<Code> = {}): Code {
  return { id, name: id, status: 'active', ...extra };
}
function input(codes: Code[], bySource: Record<string, Coding[]>, extra: Partial<IncidenceInput> = {}): IncidenceInput {
  return {
    codes,
    codingsBySource: new Map(Object.entries(bySource)),
    sources: Object.keys(bySource),
    settings: { ...DEFAULT_SATURATION, order: Object.keys(bySource) },
    by: 'source',
    ...extra,
  };
}

// synthetic-saturation/incidence.csv (CC0): 12 interviews x 22 codes
const SYNTHETIC = [
  '1111111100000000000000',
  '1100100011111000000000',
  '0110000010000111000000',
  '1001000001000100110000',
  '0100100000100010001000',
  '1010000010000000100100',
  '0101000000010000010000',
  '1000010000000100001010',
  '0010000010000001000100',
  '0100100001000000100000',
  '1000001000001010000000',
  '0001000000100000000011',
];
// serdif-taguette/incidence_by_participant.csv (GPL-3.0 data, numbers only): 17 participants x 22 tags
const SERDIF = [
  '1110111111111111111111',
  '1111111111111111110111',
  '1111111111111111111111',
  '1110111111111111011111',
  '1110111111111111011111',
  '0111111111111101111111',
  '0010111111101101011110',
  '1111111111111111011111',
  '1111111111111111011111',
  '1111111111111111111111',
  '1110111111101101011111',
  '1111111111011111111111',
  '0110111111111111011111',
  '1111111111111111011111',
  '1111111111111111111111',
  '1111111111011111111111',
  '1111111111111111111111',
];

describe('saturation', () => {
  describe('on the synthetic oracle (12 interviews x 22 codes)', () => {
    const stats = analyseIncidence(fromRows(SYNTHETIC, 'I'), { band: false });

    it('counts new codes per interview as the hand-written oracle and vegan collector do', () => {
      assert.deepEqual(stats.newCodes, [8, 5, 3, 2, 1, 1, 0, 1, 0, 0, 0, 1]);
      assert.deepEqual(stats.cumulative, [8, 13, 16, 18, 19, 20, 20, 21, 21, 21, 21, 22]);
      assert.deepEqual([stats.observed, stats.q1, stats.q2, stats.incidences], [22, 2, 9, 63]);
    });

    it('reproduces vegan specpool chao and chao.se', () => {
      close(stats.chao2, 22.2037037037037, 1e-9, 'chao');
      close(stats.chao2SE, 0.539726485513507, 1e-9, 'chao.se');
      close(stats.observedShare, 22 / 22.2037037037037, 1e-9, 'share');
    });

    it('gives the bias-corrected Chao2, coverage and Good-Turing of the oracle', () => {
      close(stats.chao2BiasCorrected, 22.091667, 1e-6);
      close(stats.chao2BiasCorrected, 22 + ((11 / 12) * 2) / 20, 1e-9);
      close(stats.coverage, 0.98254, 1e-6);
      close(stats.coverage, 1 - (2 / 63) * (22 / 40), 1e-9);
      close(stats.goodTuring, 0.968254, 1e-6);
      close(stats.goodTuring, 61 / 63, 1e-9);
    });

    it('reproduces vegan specaccum exact: curve and sd', () => {
      closeAll(
        stats.expectedCurve,
        [
          5.25, 9.31818181818181, 12.4818181818182, 14.9494949494949, 16.8762626262626, 18.3766233766234, 19.5353535353535,
          20.4161616161616, 21.0681818181818, 21.530303030303, 21.8333333333333, 22,
        ],
        1e-9,
        'richness',
      );
      closeAll(
        stats.expectedCurveSD,
        [
          1.42156017576933, 1.47569769709207, 1.34299338216602, 1.17697638509623, 1.02897749732493, 0.911340375157407, 0.816363980504974,
          0.736886077895951, 0.646365766756251, 0.561424464049967, 0.372677996249965, 0,
        ],
        1e-9,
        'sd',
      );
    });

    it('does not call 1/18 = 5.56 % saturated with b=4, r=2 and saturates at I10', () => {
      const g = stats.guest;
      assert.equal(g.baseCodes, 18);
      assert.deepEqual(
        g.runs.map((r) => r.units.join('-')),
        ['I05-I06', 'I06-I07', 'I07-I08', 'I08-I09', 'I09-I10', 'I10-I11', 'I11-I12'],
      );
      assert.deepEqual(
        g.runs.map((r) => r.newCodes),
        [2, 1, 1, 1, 0, 0, 1],
      );
      close(g.runs[1].ratio, 0.0556, 1e-4);
      assert.equal(g.runs[1].meets, false);
      assert.equal(g.saturatedAt, 'I10');
    });

    it('meets the threshold at exactly 1/20 = 5 % with b=6, r=2', () => {
      const g = analyseIncidence(fromRows(SYNTHETIC, 'I'), { guest: { baseSize: 6, runLength: 2, threshold: 0.05 }, band: false }).guest;
      assert.equal(g.baseCodes, 20);
      assert.deepEqual(g.runs[0], { units: ['I07', 'I08'], newCodes: 1, ratio: 0.05, meets: true });
      assert.equal(g.saturatedAt, 'I08');
    });

    it('waits for a run with no new code when the threshold is 0 or the run is 3 long', () => {
      const at = (baseSize: number, runLength: number, threshold: number) =>
        analyseIncidence(fromRows(SYNTHETIC, 'I'), { guest: { baseSize, runLength, threshold }, band: false }).guest.saturatedAt;
      assert.equal(at(6, 2, 0), 'I10');
      assert.equal(at(4, 3, 0.05), 'I11');
    });
  });

  describe('exactCurve on a larger random incidence', () => {
    /**
     * vegan's specaccum(method = "exact") sd written out as vegan computes it, code by code:
     * V_k = p_k(1 - p_k) with p_k = C(m - f_k, i) / C(m, i), and
     * var = Σ_k V_k + 2 Σ_{k<l} r_kl √(V_k V_l), r the Pearson correlation of the codes' columns.
     */
    function veganSd(matrix: number[][], i: number): number {
      const m = matrix.length;
      const S = matrix[0].length;
      const column = (k: number) => matrix.map((row) => row[k]);
      const lchoose = (n: number, r: number) => {
        let s = 0;
        for (let t = 0; t < r; t++) s += Math.log(n - t) - Math.log(t + 1);
        return s;
      };
      const V = Array.from({ length: S }, (_, k) => {
        const f = column(k).reduce((a, b) => a + b, 0);
        const p = i > m - f ? 0 : Math.exp(lchoose(m - f, i) - lchoose(m, i));
        return p * (1 - p);
      });
      const r = (k: number, l: number) => {
        const x = column(k);
        const y = column(l);
        const mx = x.reduce((a, b) => a + b, 0) / m;
        const my = y.reduce((a, b) => a + b, 0) / m;
        let sxy = 0;
        let sxx = 0;
        let syy = 0;
        for (let u = 0; u < m; u++) {
          sxy += (x[u] - mx) * (y[u] - my);
          sxx += (x[u] - mx) ** 2;
          syy += (y[u] - my) ** 2;
        }
        return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
      };
      let variance = V.reduce((a, b) => a + b, 0);
      for (let k = 0; k < S; k++) for (let l = k + 1; l < S; l++) variance += 2 * r(k, l) * Math.sqrt(V[k] * V[l]);
      return Math.sqrt(Math.max(0, variance));
    }

    it("gives vegan's sd, code by code, for 80 units and 30 codes with shared frequencies", () => {
      const random = seededRandom(11);
      // Common and rare codes, and one code in every unit (zero variance, r = 0).
      const matrix = Array.from({ length: 80 }, () =>
        Array.from({ length: 30 }, (_, k) => (k === 29 ? 1 : random() < 0.7 / (1 + k / 4) ? 1 : 0)),
      );
      const rows = matrix.map((row) => row.join(''));
      const stats = analyseIncidence(fromRows(rows, 'U'), { band: false });
      for (const i of [1, 2, 5, 10, 20, 40, 60, 79, 80]) close(stats.expectedCurveSD[i - 1], veganSd(matrix, i), 1e-9, `sd at ${i}`);
    });
  });

  describe('on the serdif-taguette oracle (Q1 = Q2 = 0)', () => {
    const stats = analyseIncidence(fromRows(SERDIF, 'P'), { band: false });

    it('gives Chao2 = observed with a zero standard error, as vegan specpool', () => {
      assert.deepEqual([stats.observed, stats.q1, stats.q2], [22, 0, 0]);
      close(stats.chao2, 22);
      close(stats.chao2BiasCorrected, 22);
      close(stats.chao2SE, 0);
      close(stats.coverage, 1);
      close(stats.goodTuring, 1);
      assert.deepEqual(stats.newCodes, [21, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    });

    it('reproduces vegan specaccum exact: curve and sd', () => {
      closeAll(
        stats.expectedCurve,
        [
          20.4117647058824, 21.625, 21.8852941176471, 21.9642857142857, 21.9899806076277, 21.9976567550097, 21.9995886466475,
          21.9999588646647, 22, 22, 22, 22, 22, 22, 22, 22, 22,
        ],
        1e-9,
        'richness',
      );
      closeAll(
        stats.expectedCurveSD,
        [
          1.71700229639134, 0.78248925217005, 0.41736675347441, 0.22172718720025, 0.114457384368125, 0.0528825127782256, 0.0202776759257364,
          0.00641355152292207, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        ],
        1e-9,
        'sd',
      );
    });
  });

  describe('Guest, Namey & Chen 2020', () => {
    it('reproduces the published example: base of 37 themes, runs of 7, 4 then 1 new themes', () => {
      // Base: 37 themes over 4 interviews; then 3+4 new, 0, 1 new: runs 5-6, 6-7, 7-8 bring 7, 4, 1.
      const newPerUnit = [20, 10, 5, 2, 3, 4, 0, 1];
      let next = 0;
      const rows = newPerUnit.map((n) => Array.from({ length: n }, () => next++));
      const inc: Incidence = { units: rows.map((_, i) => `i${i + 1}`), codes: Array.from({ length: next }, (_, k) => `t${k}`), rows };
      const g = analyseIncidence(inc, { band: false }).guest;
      assert.equal(g.baseCodes, 37);
      assert.deepEqual(
        g.runs.map((r) => r.newCodes),
        [7, 4, 1],
      );
      closeAll(
        g.runs.map((r) => r.ratio as number),
        [0.189189, 0.108108, 0.027027],
        1e-6,
      );
      assert.deepEqual(
        g.runs.map((r) => r.meets),
        [false, false, true],
      );
      assert.equal(g.saturatedAt, 'i8');
    });

    it('compares ratio and threshold without floating-point surprises', () => {
      assert.equal(meetsThreshold(1, 20, 0.05), true);
      assert.equal(meetsThreshold(3, 10, 0.1 + 0.2), true);
      assert.equal(meetsThreshold(2, 20, 0.05), false);
      assert.equal(meetsThreshold(0, 0, 0.05), false);
    });
  });

  describe('buildIncidence', () => {
    // study-a (CC0), coder mf: incidence.csv rows; aa adds codes on p01/p02 that mf met only later.
    const CODES = [
      'agency-control',
      'being-believed',
      'benefits-system',
      'budgeting',
      'community-spaces',
      'connection',
      'digital-exclusion',
      'family-support',
      'food-insecurity',
      'getting-by',
      'going-without',
      'health-impacts',
      'hope-future',
      'housing-insecurity',
      'humour',
      'income-precarity',
      'isolation',
      'juggling-bills',
      'mental-load',
      'nature-outdoors',
      'not-making-a-fuss',
      'pride-resourcefulness',
      'purpose-meaning',
      'reciprocity',
      'small-pleasures',
      'stigma-shame',
      'systems',
      'thriving',
    ];
    const MF = [
      '0001100110101000011001001100',
      '0011100100001011111001101100',
      '1011101110101110101001011100',
      '0001101100111010101011111100',
      '1111100100111010101001111100',
      '0011100110101111011101111100',
      '1111100100111111001001101100',
      '1111000110111111101001110100',
    ];
    const AA: Record<number, string[]> = {
      0: ['agency-control', 'benefits-system', 'humour', 'reciprocity'],
      1: ['agency-control', 'reciprocity'],
    };
    const SOURCES = [
      'p01.transcript',
      'p02.transcript',
      'p03.transcript',
      'p04.transcript',
      'p05.transcript',
      'p06.transcript',
      'p07.txt',
      'p08.vtt',
    ].map((s) => `transcripts/${s}`);
    const themes: Record<string, string> = {
      budgeting: 'getting-by',
      'community-spaces': 'connection',
      'benefits-system': 'systems',
      'agency-control': 'thriving',
    };
    const codebook = CODES.map((id) => active(id, themes[id] ? { parent: themes[id] } : {}));
    const bySource: Record<string, Coding[]> = {};
    SOURCES.forEach((s, u) => {
      bySource[s] = [...MF[u]]
        .flatMap((bit, k) => (bit === '1' ? [coding(CODES[k])] : []))
        .concat((AA[u] ?? []).map((c) => coding(c, 'aa')));
    });

    it('gives study-a new codes 11,5,4,2,1,1,0,0 with coder mf and 15,3,2,2,1,1,0,0 with every coder', () => {
      assert.deepEqual(saturationReport({ ...input(codebook, bySource), coder: 'mf', band: false }).newCodes, [11, 5, 4, 2, 1, 1, 0, 0]);
      assert.deepEqual(saturationReport({ ...input(codebook, bySource), band: false }).newCodes, [15, 3, 2, 2, 1, 1, 0, 0]);
    });

    it('does not count a child code for its parent', () => {
      const inc = buildIncidence(input(codebook, bySource));
      for (const theme of ['connection', 'getting-by', 'systems', 'thriving']) assert.ok(!inc.codes.includes(theme), theme);
      assert.equal(inc.codes.length, 24);
    });

    it('counts merged codes as their target, follows chains and leaves out retired, unknown and looping codes', () => {
      const codes = [
        active('a'),
        active('b', { status: 'merged', mergedInto: 'c' }),
        active('c', { status: 'merged', mergedInto: 'a' }),
        active('r', { status: 'retired' }),
        active('x', { status: 'merged', mergedInto: 'r' }),
        active('l1', { status: 'merged', mergedInto: 'l2' }),
        active('l2', { status: 'merged', mergedInto: 'l1' }),
      ];
      const inc = buildIncidence(
        input(codes, { s1: [coding('b'), coding('r')], s2: [coding('a'), coding('x'), coding('ghost'), coding('l1')] }),
      );
      assert.deepEqual(inc.codes, ['a']);
      assert.deepEqual(inc.rows, [[0], [0]]);
      assert.deepEqual(inc.excluded, { otherCoder: 0, unknownCode: 1, retiredCode: 2, mergeCycle: 1 });
    });

    it('lists sources nobody (or not the chosen coder) has coded as uncoded, not as units', () => {
      const inc = buildIncidence({ ...input([active('a')], { s1: [coding('a', 'aa')], s2: [coding('a')], s3: [] }), coder: 'mf' });
      assert.deepEqual(inc.units, ['s2']);
      assert.deepEqual(inc.uncoded, ['s1', 's3']);
      assert.equal(inc.excluded.otherCoder, 1);
    });

    it('orders listed sources first, then by interview date, then by path, undated last', () => {
      const participants: Participants = {
        participants: [
          { id: 'p1', sources: ['d.txt'], interviewed: '2026-03-01' },
          { id: 'p2', sources: ['b.txt', 'c.txt'], interviewed: '2026-02-01' },
          { id: 'p3', sources: ['a.txt'] },
        ],
      };
      const order = interviewOrder(
        ['a.txt', 'b.txt', 'c.txt', 'd.txt', 'e.txt', 'z.txt'],
        { order: ['z.txt', 'missing.txt'] },
        participants,
      );
      assert.deepEqual(order, ['z.txt', 'b.txt', 'c.txt', 'd.txt', 'a.txt', 'e.txt']);
    });

    it('makes one unit per participant, at their first source, and keeps unclaimed sources as units', () => {
      const participants: Participants = {
        participants: [
          { id: 'ann', sources: ['s1', 's4'] },
          { id: 'bob', sources: ['s2'] },
        ],
      };
      const codes = [active('a'), active('b'), active('c')];
      const data = { s1: [], s2: [coding('a')], s3: [coding('b')], s4: [coding('a'), coding('c')] };
      const inc = buildIncidence({ ...input(codes, data), participants, by: 'participant' });
      assert.deepEqual(inc.units, ['ann', 'bob', 's3']);
      assert.deepEqual(inc.unitSources, [['s4'], ['s2'], ['s3']]);
      assert.deepEqual(inc.rows, [[0, 2], [0], [1]]);
      assert.deepEqual(inc.uncoded, ['s1']);
      assert.deepEqual(saturationReport({ ...input(codes, data), participants, by: 'participant', band: false }).newCodes, [2, 0, 1]);
    });
  });

  describe('degenerate cases', () => {
    it('answers with zeros and nulls when nothing is coded, in plain JSON', () => {
      const r = saturationReport({ ...input([active('a')], { s1: [] }), subgroupBy: 'region' });
      assert.deepEqual([r.units, r.newCodes, r.expectedCurve, r.guest.runs, r.uncoded], [[], [], [], [], ['s1']]);
      assert.deepEqual(
        [r.observed, r.chao2, r.chao2SE, r.coverage, r.goodTuring, r.observedShare, r.guest.saturatedAt],
        [0, 0, 0, null, null, null, null],
      );
      assert.deepEqual(JSON.parse(JSON.stringify(r)), r);
      assert.ok(r.warnings.length > 0);
    });

    it('answers for one unit: Chao2 = S, SE 0, coverage null', () => {
      const r = analyseIncidence(fromRows(['111'], 'u'));
      assert.deepEqual([r.observed, r.chao2, r.chao2BiasCorrected, r.chao2SE, r.coverage, r.goodTuring], [3, 3, 3, 0, null, 0]);
      assert.deepEqual([r.expectedCurve, r.expectedCurveSD, r.band?.mean], [[3], [0], [3]]);
    });

    it('uses the Q2 = 0 forms of Chao2, its SE and coverage (computed by hand)', () => {
      // m = 3, S = 3, Q1 = 2, Q2 = 0, U = 5: Chao2 = 3 + (2/3)(2·1/2); var = (2/3)((2/3)(2·9/4 - 16/Chao2/4) + 1) = 24/11
      const r = analyseIncidence(fromRows(['101', '011', '001'], 'u'), { band: false });
      close(r.chao2, 11 / 3);
      close(r.chao2BiasCorrected, 11 / 3);
      close(r.chao2SE, Math.sqrt(24 / 11));
      close(r.coverage, 1 - (2 / 5) * (2 / 4));
      close(r.goodTuring, 3 / 5);
    });

    it('falls back to the default Guest settings, with a warning, when they are invalid', () => {
      const r = analyseIncidence(fromRows(SYNTHETIC, 'I'), { guest: { baseSize: 0, runLength: 2.5, threshold: 2 }, band: false });
      assert.deepEqual([r.guest.baseSize, r.guest.runLength, r.guest.threshold], [4, 2, 0.05]);
      assert.equal(r.warnings.length, 3);
    });
  });

  describe('random-order band', () => {
    const inc = fromRows(SYNTHETIC, 'I');

    it('is reproducible for a seed and changes with the seed', () => {
      const a = analyseIncidence(inc, { band: { orders: 300, seed: 7 } }).band;
      const b = analyseIncidence(inc, { band: { orders: 300, seed: 7 } }).band;
      const c = analyseIncidence(inc, { band: { orders: 300, seed: 8 } }).band;
      assert.deepEqual(a, b);
      assert.notDeepEqual(a?.mean, c?.mean);
    });

    it('brackets the exact expected curve and ends at S', () => {
      const r = analyseIncidence(inc, { band: { orders: 2000, seed: 3 } });
      const band = r.band!;
      r.expectedCurve.forEach((e, i) => {
        assert.ok(band.lower[i] <= e && e <= band.upper[i], `position ${i + 1}`);
        close(band.mean[i], e, 0.15, `mean ${i + 1}`);
      });
      assert.deepEqual([band.lower[11], band.upper[11], band.mean[11]], [22, 22, 22]);
    });

    it('takes type-7 quantiles: 0 and 2 for a first unit holding 2 codes or none', () => {
      const band = analyseIncidence(fromRows(['11', '00'], 'u'), { band: { orders: 1000, seed: 1 } }).band!;
      assert.deepEqual([band.lower[0], band.upper[0], band.lower[1]], [0, 2, 2]);
      assert.ok(band.mean[0] > 0.8 && band.mean[0] < 1.2);
    });
  });

  describe('saturationReport', () => {
    const participants: Participants = {
      attributes: { region: ['north', 'south', 'wales'] },
      participants: ['north', 'south', 'north', 'south', undefined].map((region, i) => ({
        id: `p${i + 1}`,
        sources: [`s${i + 1}`],
        interviewed: `2026-01-0${5 - i}`,
        attributes: region ? { region } : ({} as Record<string, string>),
      })),
    };
    const codes = [active('a'), active('b'), active('c'), active('d')];
    const data = {
      s1: [coding('a')],
      s2: [coding('b')],
      s3: [coding('a'), coding('c')],
      s4: [coding('b'), coding('d')],
      s5: [coding('d')],
    };
    const r = saturationReport({ ...input(codes, data), settings: DEFAULT_SATURATION, participants, subgroupBy: 'region', coder: 'mf' });

    it('returns the documented shape, with method notes for every figure', () => {
      const keys = [
        'units',
        'newCodes',
        'cumulative',
        'observed',
        'chao2',
        'chao2BiasCorrected',
        'chao2SE',
        'coverage',
        'goodTuring',
        'expectedCurve',
        'expectedCurveSD',
        'guest',
      ];
      assert.deepEqual(Object.keys(r).slice(0, keys.length), keys);
      for (const k of ['uncoded', 'band', 'subgroups', 'by', 'coder', 'methods']) assert.ok(k in r, k);
      assert.deepEqual([r.by, r.coder], ['source', 'mf']);
      for (const k of [...keys.slice(4), 'band']) assert.ok(r.methods[k]?.label, k);
      assert.match(r.methods.guest.citation, /Guest.*2020/);
      assert.deepEqual(r.methods.guest.parameters, { baseSize: 4, runLength: 2, threshold: 0.05 });
      assert.deepEqual(JSON.parse(JSON.stringify(r)), r);
    });

    it('orders by interview date when no order is set', () => {
      assert.deepEqual(r.units, ['s5', 's4', 's3', 's2', 's1']);
    });

    it('repeats the statistics per category of the attribute, declared values first', () => {
      const s = r.subgroups!;
      assert.deepEqual(
        s.groups.map((g) => [g.value, g.stats.units]),
        [
          ['north', ['s3', 's1']],
          ['south', ['s4', 's2']],
          ['wales', []],
        ],
      );
      assert.deepEqual(
        s.groups.map((g) => g.stats.newCodes),
        [[2, 0], [2, 0], []],
      );
      assert.deepEqual(s.groups[0].stats.observed, 2);
      assert.deepEqual(s.unassigned, ['s5']);
    });
  });
});
