import * as assert from 'node:assert/strict';
import { alphaTwoCoders, cohenKappa, jaccard, krippendorffAlphaNominal, percentAgreement, type Counts } from '../../src/core/agreement';

const close = (actual: number | null, expected: number, what = '') => {
  assert.ok(actual !== null, `${what}: expected ${expected}, got null`);
  assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: expected ${expected}, got ${actual}`);
};

describe('agreement statistics', () => {
  describe('cohenKappa', () => {
    it('matches the textbook 2x2 example (50 units, kappa 0.4)', () => {
      // Both yes 20, only A yes 5, only B yes 10, both no 15; N = 50.
      // po = (20 + 15) / 50 = 0.7; pA = 25/50 = 0.5; pB = 30/50 = 0.6
      // pe = 0.5·0.6 + 0.5·0.4 = 0.5; κ = (0.7 − 0.5) / (1 − 0.5) = 0.4
      close(cohenKappa({ both: 20, onlyA: 5, onlyB: 10, neither: 15 }).value, 0.4, 'kappa');
    });

    it('takes expected agreement from both marginals over all units, not the product Pyes × Pno', () => {
      const c: Counts = { both: 20, onlyA: 5, onlyB: 10, neither: 65 }; // N = 100
      // Right: po = 85/100 = 0.85; pA = 25/100 = 0.25; pB = 30/100 = 0.30
      //   pe = 0.25·0.30 + 0.75·0.70 = 0.075 + 0.525 = 0.6; κ = 0.25 / 0.4 = 0.625
      const right = 0.625;
      // Wrong (the product): Pyes = 0.075, Pno = 0.525, pe = Pyes × Pno = 0.039375
      //   κ = (0.85 − 0.039375) / (1 − 0.039375) = 0.810625 / 0.960625 = 0.843852…
      const product = (0.85 - 0.075 * 0.525) / (1 - 0.075 * 0.525);
      // Wrong (the product, over coded units only: 35 of them): po = 20/35;
      //   Pyes = (25/35)(30/35) = 750/1225, Pno = (10/35)(5/35) = 50/1225, pe = Pyes × Pno
      const pe = (750 / 1225) * (50 / 1225);
      const codedOnly = (20 / 35 - pe) / (1 - pe);
      const k = cohenKappa(c).value;
      close(k, right, 'kappa');
      assert.ok(Math.abs(k! - product) > 0.2, `the product formula gives ${product}`);
      assert.ok(Math.abs(k! - codedOnly) > 0.05, `the product over coded units gives ${codedOnly}`);
    });

    it('is exact on counts whose squares pass 2^53 (a large study pooled over its codes)', () => {
      // The same proportions as above, scaled by 10^7: N = 10^9, N² = 10^18 > 2^53 ≈ 9.007·10^15.
      const s = 10_000_000;
      close(cohenKappa({ both: 20 * s, onlyA: 5 * s, onlyB: 10 * s, neither: 65 * s }).value, 0.625, 'kappa');
      // α: n = 2·10^9, n1 = 5.5·10^8, n0 = 1.45·10^9, Σ o_cc = 1.7·10^9
      //   Σ n_c(n_c − 1) = 5.5e8·(5.5e8 − 1) + 1.45e9·(1.45e9 − 1) = 2,404,999,998,000,000,000
      //   α = ((n − 1)·1.7e9 − 2,404,999,998e9) / (n(n − 1) − 2,404,999,998e9)
      //     = 995,000,000,300,000,000 / 1,595,000,000,000,000,000 = 9,950,000,003 / 15,950,000,000
      close(alphaTwoCoders({ both: 20 * s, onlyA: 5 * s, onlyB: 10 * s, neither: 65 * s }).value, 9_950_000_003 / 15_950_000_000, 'alpha');
    });

    it('is 1 for perfect agreement and −1 for perfect disagreement on balanced marginals', () => {
      close(cohenKappa({ both: 3, onlyA: 0, onlyB: 0, neither: 7 }).value, 1);
      // po = 0; pA = 0.5, pB = 0.5, pe = 0.5; κ = −0.5/0.5 = −1
      close(cohenKappa({ both: 0, onlyA: 5, onlyB: 5, neither: 0 }).value, -1);
    });

    it('is null with a reason when expected agreement is 1 or there are no units', () => {
      for (const c of [
        { both: 0, onlyA: 0, onlyB: 0, neither: 12 },
        { both: 12, onlyA: 0, onlyB: 0, neither: 0 },
      ]) {
        const k = cohenKappa(c);
        assert.equal(k.value, null);
        assert.match(k.reason!, /expected agreement is 1/);
      }
      const none = cohenKappa({ both: 0, onlyA: 0, onlyB: 0, neither: 0 });
      assert.equal(none.value, null);
      assert.match(none.reason!, /no units/);
    });
  });

  describe('alphaTwoCoders', () => {
    it('matches the hand computation from the coincidence matrix', () => {
      // both 20, onlyA 5, onlyB 10, neither 65: n = 200 values; n1 = 2·20 + 5 + 10 = 55, n0 = 145
      // Σ o_cc = 2·(20 + 65) = 170; Σ n_c(n_c − 1) = 55·54 + 145·144 = 2970 + 20880 = 23850
      // α = (199·170 − 23850) / (200·199 − 23850) = (33830 − 23850) / (39800 − 23850) = 9980 / 15950
      close(alphaTwoCoders({ both: 20, onlyA: 5, onlyB: 10, neither: 65 }).value, 9980 / 15950, 'alpha');
    });

    it('matches a small binary case by hand (10 units)', () => {
      // A: 0 1 0 0 0 0 0 0 1 0 / B: 1 1 1 0 0 1 0 0 0 0 -> both 1, onlyA 1, onlyB 3, neither 5
      // n = 20; n1 = 2 + 1 + 3 = 6, n0 = 14; Σ o_cc = 2·(1 + 5) = 12; Σ n_c(n_c − 1) = 30 + 182 = 212
      // α = (19·12 − 212) / (20·19 − 212) = 16 / 168 = 0.095238…
      close(alphaTwoCoders({ both: 1, onlyA: 1, onlyB: 3, neither: 5 }).value, 16 / 168, 'alpha');
      const data = [
        [0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
        [1, 1, 1, 0, 0, 1, 0, 0, 0, 0],
      ];
      close(krippendorffAlphaNominal(data).value, 16 / 168, 'alpha from the data matrix');
    });

    it('is null with a reason when every value is the same', () => {
      for (const c of [
        { both: 0, onlyA: 0, onlyB: 0, neither: 9 },
        { both: 9, onlyA: 0, onlyB: 0, neither: 0 },
      ]) {
        const a = alphaTwoCoders(c);
        assert.equal(a.value, null);
        assert.match(a.reason!, /every value is the same/);
      }
    });
  });

  describe('krippendorffAlphaNominal', () => {
    it('gives 0.743 on the nominal example with missing values of Krippendorff (2011)', () => {
      // Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability: 4 observers x 12 units, "." missing.
      const _ = null;
      const data = [
        /* A */ [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
        /* B */ [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
        /* C */ [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
        /* D */ [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
      ];
      // Unit 12 has one value: not pairable. The other 11 units hold n = 40 values.
      // Coincidences o_cc = Σ_u n_uc(n_uc − 1)/(m_u − 1):
      //   o_11 = u1 3·2/2 + u8 3·2/3 + u11 2·1/1 = 3 + 2 + 2 = 7
      //   o_22 = u2 3·2/3 + u5 4 + u9 4 = 10;  o_33 = u3 4 + u4 4 = 8;  o_44 = u7 4;  o_55 = u10 3
      //   Σ o_cc = 32; n_1 = 9, n_2 = 13, n_3 = 10, n_4 = 5, n_5 = 3
      //   Σ n_c(n_c − 1) = 72 + 156 + 90 + 20 + 6 = 344
      //   α = (39·32 − 344) / (40·39 − 344) = 904 / 1216 = 0.743421…
      const r = krippendorffAlphaNominal(data);
      assert.equal(r.coincidences.n, 40);
      close(r.coincidences.agreeing, 32, 'Σ o_cc');
      assert.deepEqual(
        [1, 2, 3, 4, 5].map((v) => r.coincidences.perValue.get(v)),
        [9, 13, 10, 5, 3],
      );
      close(r.value, 904 / 1216, 'alpha');
      assert.equal(r.value!.toFixed(3), '0.743');
    });

    it('is null with a reason when no unit has two values, or all values agree on one category', () => {
      const lonely = krippendorffAlphaNominal([
        [1, null],
        [null, 2],
      ]);
      assert.equal(lonely.value, null);
      assert.match(lonely.reason!, /fewer than two pairable values/);
      const same = krippendorffAlphaNominal([
        ['a', 'a', 'a'],
        ['a', 'a', null],
      ]);
      assert.equal(same.value, null);
      assert.match(same.reason!, /every value is the same/);
    });
  });

  describe('percentAgreement and jaccard', () => {
    it('count agreeing units over all units, and both-coded over either-coded', () => {
      const c = { both: 20, onlyA: 5, onlyB: 10, neither: 65 };
      close(percentAgreement(c).value, 0.85); // (20 + 65) / 100
      close(jaccard(c).value, 20 / 35); // 20 / (20 + 5 + 10)
    });

    it('are null with a reason when there is nothing to count', () => {
      assert.match(jaccard({ both: 0, onlyA: 0, onlyB: 0, neither: 4 }).reason!, /neither coder coded/);
      assert.equal(jaccard({ both: 0, onlyA: 0, onlyB: 0, neither: 4 }).value, null);
      assert.equal(percentAgreement({ both: 0, onlyA: 0, onlyB: 0, neither: 0 }).value, null);
    });
  });
});
