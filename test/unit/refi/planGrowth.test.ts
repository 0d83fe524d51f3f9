import * as assert from 'node:assert/strict';
import { planQdcImport } from '../../../src/core/refi/qdcImport';
import type { QdcCode } from '../../../src/core/refi/qdc';
import type { Code } from '../../../src/core/model';

/**
 * How many names the planner compares, counted as calls to String#normalize
 * (every comparison of two code names goes through it): a count, not a time,
 * so the test says the same on a busy machine.
 */
function normalizations(run: () => void): number {
  const original = String.prototype.normalize;
  let calls = 0;
  String.prototype.normalize = function (this: string, form?: string) {
    calls++;
    return original.call(this, form);
  };
  try {
    run();
  } finally {
    String.prototype.normalize = original;
  }
  return calls;
}

/** A project with `n` codes, and a file with `n` codes: half of them the project's (by name), in groups of ten under a parent. */
function planOf(n: number): () => void {
  const existing: Code[] = Array.from({ length: n }, (_, i) => ({ id: `c${i}`, name: `Code ${i}`, status: 'active' }));
  const file: QdcCode[] = [];
  for (let i = 0; i < n; i += 10) {
    const kids = Array.from({ length: 9 }, (_, k) => ({
      name: `Code ${(i + k + 1) * 2}`,
      codable: true,
      children: [],
      noteRefs: [],
      line: 1,
      column: 1,
    }));
    file.push({ name: `Theme ${i}`, codable: true, children: kids, noteRefs: [], line: 1, column: 1 });
  }
  let k = 0;
  return () => void planQdcImport({ codes: existing }, { codes: file, warnings: [] }, { newId: () => `x${k++}` }, new Date(0));
}

describe('code import planning', () => {
  it('grows linearly with the number of codes (4x the codes: about 4x the name comparisons, not 16x)', () => {
    const small = normalizations(planOf(500));
    const large = normalizations(planOf(2000));
    assert.ok(small > 0, 'the count sees the comparisons');
    assert.ok(large / small < 5, `4x the codes took ${(large / small).toFixed(1)}x the comparisons`);
  });
});
