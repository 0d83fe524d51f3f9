import * as assert from 'node:assert/strict';
import {
  binomial,
  chiSquareGoodnessOfFit,
  chiSquareSurvival,
  exactMultinomialTest,
  logGamma,
  multinomialOutcomes,
  regularizedGammaP,
  wilsonInterval,
} from '../../src/core/participants/stats';

function near(actual: number | undefined, expected: number, tol: number, what = ''): void {
  assert.ok(actual !== undefined && Math.abs(actual - expected) <= tol, `${what} ${actual} is not within ${tol} of ${expected}`);
}

describe('participant statistics', () => {
  describe('wilsonInterval', () => {
    // Newcombe R G (1998), Two-sided confidence intervals for the single proportion,
    // Statistics in Medicine 17:857-872, Table II, method 3 (score interval without continuity correction).
    const newcombe: [number, number, number, number][] = [
      [81, 263, 0.2553, 0.3662],
      [15, 148, 0.0624, 0.1605],
      [0, 20, 0, 0.1611],
      [1, 29, 0.0061, 0.1718],
      [29, 29, 0.883, 1],
    ];
    for (const [x, n, lo, hi] of newcombe) {
      it(`gives Newcombe's published interval for ${x}/${n}: ${lo} to ${hi}`, () => {
        const ci = wilsonInterval(x, n)!;
        near(ci.low, lo, 0.00005, 'low');
        near(ci.high, hi, 0.00005, 'high');
      });
    }

    it('gives 0.1078 to 0.6032 for 3/10, worked by hand', () => {
      // p = 0.3, z² = 3.8415, z²/n = 0.38415; centre = (0.3 + 0.192073) / 1.38415 = 0.355505;
      // half = (1.959964 / 1.38415) · √(0.021 + 0.0096036) = 1.416005 · 0.174939 = 0.247714.
      const ci = wilsonInterval(3, 10)!;
      near(ci.low, 0.355505 - 0.247714, 0.00001, 'low');
      near(ci.high, 0.355505 + 0.247714, 0.00001, 'high');
    });

    it('has no interval for an empty sample or an impossible count', () => {
      assert.equal(wilsonInterval(0, 0), null);
      assert.equal(wilsonInterval(4, 3), null);
    });
  });

  describe('chi-square distribution', () => {
    it('matches closed forms: df 2 is e^(-x/2), df 1 at x = 1 is the two-sided 1-sigma tail', () => {
      near(chiSquareSurvival(2, 2), Math.exp(-1), 1e-12);
      near(chiSquareSurvival(10, 2), Math.exp(-5), 1e-14);
      // P(|Z| > 1) = 0.3173105078629141 (erfc(1/√2)).
      near(chiSquareSurvival(1, 1), 0.3173105078629141, 1e-12);
      // df 4: Q = e^(-x/2) (1 + x/2); at x = 6, 4e^(-3).
      near(chiSquareSurvival(6, 4), 4 * Math.exp(-3), 1e-12);
    });

    // Critical values from a published table (NIST/SEMATECH e-Handbook of Statistical Methods,
    // 1.3.6.7.4, upper-tail critical values of the chi-square distribution), 3 decimals.
    const table: [number, number, number][] = [
      [3.841, 1, 0.05],
      [5.991, 2, 0.05],
      [7.815, 3, 0.05],
      [9.488, 4, 0.05],
      [11.07, 5, 0.05],
      [18.307, 10, 0.05],
      [43.773, 30, 0.05],
      [124.342, 100, 0.05],
      [6.635, 1, 0.01],
      [9.21, 2, 0.01],
      [11.345, 3, 0.01],
      [23.209, 10, 0.01],
      [2.706, 1, 0.1],
      [10.828, 1, 0.001],
    ];
    for (const [x, df, p] of table) {
      it(`gives p = ${p} at the tabled ${x} with ${df} df`, () => near(chiSquareSurvival(x, df), p, p * 0.002));
    }

    it('is 1 at 0 and 0 far out, and P + Q = 1 on both sides of a + 1', () => {
      assert.equal(chiSquareSurvival(0, 3), 1);
      assert.ok(chiSquareSurvival(500, 3) < 1e-100);
      for (const [a, x] of [
        [2.5, 1],
        [2.5, 7],
        [10, 9],
        [10, 12],
      ])
        near(regularizedGammaP(a, x) + chiSquareSurvival(2 * x, 2 * a), 1, 1e-12);
    });

    it('has ln Γ right at known points', () => {
      near(logGamma(1), 0, 1e-13);
      near(logGamma(0.5), Math.log(Math.sqrt(Math.PI)), 1e-13);
      near(logGamma(11), Math.log(3628800), 1e-11);
    });
  });

  describe('chiSquareGoodnessOfFit', () => {
    it('computes chi2, df and p for a hand-worked example, counting expected counts under 5', () => {
      // 20 people, target 50/30/20 %: expected 10, 6, 4. Observed 14, 4, 2:
      // (4²/10) + (2²/6) + (2²/4) = 1.6 + 0.6667 + 1 = 3.2667, df 2, p = e^(-3.2667/2) = 0.19528.
      const t = chiSquareGoodnessOfFit([14, 4, 2], [0.5, 0.3, 0.2])!;
      near(t.chi2, 1.6 + 4 / 6 + 1, 1e-12);
      assert.equal(t.df, 2);
      near(t.p, Math.exp(-(1.6 + 4 / 6 + 1) / 2), 1e-12);
      assert.deepEqual(
        t.expected.map((e) => +e.toFixed(9)),
        [10, 6, 4],
      );
      assert.equal(t.expectedBelow5, 1);
    });

    it('gives nothing for one category or no observation', () => {
      assert.equal(chiSquareGoodnessOfFit([5], [1]), null);
      assert.equal(chiSquareGoodnessOfFit([0, 0], [0.5, 0.5]), null);
    });
  });

  describe('exactMultinomialTest', () => {
    it('equals the two-sided exact binomial test for 3 of 10 at p = 0.5 (R binom.test: 0.34375)', () => {
      // Outcomes no more likely than 3: 0,1,2,3 and 7,8,9,10: 2 (1 + 10 + 45 + 120) / 1024 = 352/1024.
      const t = exactMultinomialTest([3, 7], [0.5, 0.5])!;
      near(t.p, 352 / 1024, 1e-12);
      assert.equal(t.method, 'enumeration');
      assert.equal(t.outcomes, 11);
    });

    it('sums every outcome of 4 in 3 equal categories no more likely than the one observed, ties included', () => {
      // By full enumeration (15 outcomes, each 4!/(a!b!c!) / 81): (4,0,0)-like 1/81 ×3, (3,1,0)-like 4/81 ×6,
      // (2,2,0)-like 6/81 ×3, (2,1,1)-like 12/81 ×3; total 3 + 24 + 18 + 36 = 81.
      const third = [1 / 3, 1 / 3, 1 / 3];
      near(exactMultinomialTest([4, 0, 0], third)!.p, 3 / 81, 1e-12);
      near(exactMultinomialTest([3, 1, 0], third)!.p, 27 / 81, 1e-12);
      near(exactMultinomialTest([0, 2, 2], third)!.p, 45 / 81, 1e-12);
      near(exactMultinomialTest([1, 2, 1], third)!.p, 1, 1e-12);
      assert.equal(multinomialOutcomes(4, 3), 15);
    });

    it('counts ties that rounding would split: 10 in 3 equal categories, observed (2, 3, 5)', () => {
      // Each outcome is 10!/(a!b!c!) / 3^10. By type: (10,0,0) 1 ×3, (9,1,0) 10 ×6, (8,2,0) 45 ×6, (8,1,1) 90 ×3,
      // (7,3,0) 120 ×6, (7,2,1) 360 ×6, (6,4,0) 210 ×6, (6,3,1) 840 ×6, (6,2,2) 1260 ×3, (5,5,0) 252 ×3,
      // (5,4,1) 1260 ×6, (5,3,2) 2520 ×6, (4,4,2) 3150 ×3, (4,3,3) 4200 ×3; total 59049 = 3^10.
      // No more likely than (2,3,5) (2520): all but (4,4,2) and (4,3,3): 59049 - 9450 - 12600 = 36999.
      const third = [1 / 3, 1 / 3, 1 / 3];
      near(exactMultinomialTest([2, 3, 5], third)!.p, 36999 / 59049, 1e-12);
      const strict = exactMultinomialTest([2, 3, 5], third, { tolerance: 0 })!.p;
      assert.ok(strict < 36999 / 59049 - 0.1, `without the tolerance, rounding loses tied outcomes: ${strict}`);
    });

    it('estimates by seeded Monte Carlo when enumeration is too large, close to the enumerated p, the same every run', () => {
      const observed = [9, 2, 5, 4];
      const target = [0.3, 0.2, 0.25, 0.25];
      const exact = exactMultinomialTest(observed, target)!;
      const mc = exactMultinomialTest(observed, target, { maxOutcomes: 10, samples: 20000, seed: 7 })!;
      assert.equal(mc.method, 'monte-carlo');
      assert.equal(mc.outcomes, 20000);
      assert.ok(mc.standardError > 0 && mc.standardError < 0.005);
      near(mc.p, exact.p, 4 * mc.standardError, 'monte carlo vs enumeration');
      assert.deepEqual(exactMultinomialTest(observed, target, { maxOutcomes: 10, samples: 20000, seed: 7 }), mc);
    });
  });

  describe('binomial', () => {
    it('draws each outcome with its probability: Binomial(10, 0.3) over evenly spaced uniforms', () => {
      // The binomial table for n = 10, p = 0.3: C(10, x) 0.3^x 0.7^(10 - x).
      const table = [
        0.0282475249, 0.121060821, 0.2334744405, 0.266827932, 0.200120949, 0.1029193452, 0.036756909, 0.009001692, 0.0014467005,
        0.000137781, 0.0000059049,
      ];
      const logFact = [0];
      for (let i = 1; i <= 10; i++) logFact.push(logFact[i - 1] + Math.log(i));
      const m = 1_000_000;
      const counts = new Array<number>(11).fill(0);
      for (let j = 0; j < m; j++) counts[binomial(10, 0.3, (j + 0.5) / m, logFact)]++;
      // Inversion maps an interval of u of each outcome's probability to it: the counts are the table to 1/m.
      counts.forEach((c, x) => near(c / m, table[x], 2 / m, `P(${x})`));
    });

    it('gives 0 for p = 0, n for p = 1, and stays in 0..n for u at the ends', () => {
      const logFact = [0, 0, Math.log(2), Math.log(6)];
      assert.equal(binomial(3, 0, 0.5, logFact), 0);
      assert.equal(binomial(3, 1, 0.5, logFact), 3);
      for (const u of [0, 1 - 1e-16]) {
        const x = binomial(3, 0.5, u, logFact);
        assert.ok(x >= 0 && x <= 3, `${u}: ${x}`);
      }
    });
  });
});
