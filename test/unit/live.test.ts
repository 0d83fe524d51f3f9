import * as assert from 'node:assert/strict';
import { captureAnchor } from '../../src/core/anchor';
import { LiveSource, overlapLevels } from '../../src/core/coding/live';
import type { Coding } from '../../src/core/model';
import { inVivoName, snapToWords } from '../../src/core/coding/selection';
import { CodePointIndex } from '../../src/core/text';

const TEXT = 'P1: I never know if the money will last. 😀 Zoë said it would.\n';
function coding(id: string, quote: string, text = TEXT): Coding {
  const u = text.indexOf(quote);
  const index = new CodePointIndex(text);
  const s = index.toCodePoint(u);
  return { id, code: 'c', ...captureAnchor(index, s, s + [...quote].length) };
}

describe('LiveSource', () => {
  it('locates codings on load and follows an insertion before them', () => {
    const live = new LiveSource(TEXT, [coding('a', 'the money'), coding('b', 'Zoë said')]);
    assert.deepEqual(
      live.entries.map((e) => e.state),
      ['exact', 'exact'],
    );
    live.applyChanges([{ start: 0, end: 0, newText: 'NEW ' }]);
    assert.deepEqual(
      live.entries.map((e) => [e.state, e.start]),
      [
        ['moved', 24],
        ['moved', 47],
      ],
    );
    assert.equal(live.changed, true);
  });

  it('reports a coding whose whole passage was deleted and keeps it for saving as stored', () => {
    const a = coding('a', 'the money');
    const live = new LiveSource(TEXT, [a]);
    const gone = live.applyChanges([{ start: a.start - 1, end: a.end + 1, newText: '' }]);
    assert.deepEqual(
      gone.map((g) => g.coding.id),
      ['a'],
    );
    assert.equal(live.entries[0].state, 'deleted');
    assert.equal(live.updatedCodings(TEXT).size, 0, 'deleted codings are not rewritten: the stored one stays');
  });

  it('gives moved codings fresh anchors from the saved text, in code points', () => {
    const b = coding('b', 'Zoë said');
    const live = new LiveSource(TEXT, [b]);
    live.applyChanges([{ start: 0, end: 3, newText: 'Participant 1' }]);
    const saved = 'Participant 1' + TEXT.slice(3);
    const updated = live.updatedCodings(saved).get('b')!;
    assert.equal(updated.text, 'Zoë said');
    assert.equal(updated.start, b.start + 10);
    assert.equal([...saved].slice(updated.start, updated.end).join(''), 'Zoë said');
  });

  it('refreshes the quote when words inside the passage change', () => {
    const a = coding('a', 'the money will last');
    const live = new LiveSource(TEXT, [a]);
    live.applyChanges([{ start: a.start + 4, end: a.start + 9, newText: 'cash' }]);
    const saved = TEXT.replace('the money will last', 'the cash will last');
    assert.equal(live.updatedCodings(saved).get('a')?.text, 'the cash will last');
  });

  it('finds codings at an offset, innermost first', () => {
    const live = new LiveSource(TEXT, [coding('outer', 'I never know if the money will last.'), coding('inner', 'the money')]);
    const at = live.at(live.entries[1].start + 2);
    assert.deepEqual(
      at.map((e) => e.coding.id),
      ['inner', 'outer'],
    );
  });
});

describe('overlapLevels', () => {
  it('stacks overlapping passages and reuses free levels', () => {
    assert.deepEqual(
      overlapLevels([
        { start: 0, end: 10 },
        { start: 2, end: 5 },
        { start: 4, end: 8 },
        { start: 10, end: 12 },
      ]),
      [0, 1, 2, 0],
    );
  });
});

describe('snapToWords', () => {
  const t = 'I never know if the money will last, can’t say.';
  const sel = (a: string, b: string) => snapToWords(t, t.indexOf(a), t.indexOf(b) + b.length);
  const text = (r: { start: number; end: number }) => t.slice(r.start, r.end);
  it('widens a selection that clips words at both ends', () => {
    assert.equal(text(sel('oney', 'las')), 'money will last');
  });
  it('keeps a selection already on word boundaries, trimming white space', () => {
    assert.equal(text(snapToWords(t, t.indexOf(' money'), t.indexOf('will') + 5)), 'money will');
  });
  it('treats apostrophes inside words as part of the word', () => {
    assert.equal(text(sel('an’', 'an’')), 'can’t');
  });
  it('names an in vivo code from the selected words', () => {
    assert.equal(inVivoName('  “never know if the money will last.”  '), 'never know if the money will last');
  });
});
