import * as assert from 'node:assert/strict';
import { lineCodeNames } from '../../src/core/codes';

describe('lineCodeNames', () => {
  it('names each code once, in the order given, joined by middle dots', () => {
    assert.equal(lineCodeNames(['Budgeting', 'Worry', 'Budgeting']), 'Budgeting · Worry');
    assert.equal(lineCodeNames(['Going without']), 'Going without');
    assert.equal(lineCodeNames([]), '');
  });

  it('shows three names and counts the rest, so a crowded line stays short', () => {
    assert.equal(lineCodeNames(['a', 'b', 'c']), 'a · b · c');
    assert.equal(lineCodeNames(['a', 'b', 'c', 'd', 'e', 'a']), 'a · b · c · +2');
  });
});
