import assert from 'node:assert/strict';
import { applyEdit, applyEdits, captureAnchor, changesFromUtf16, locate, locateAll } from '../../src/core/anchor';
import type { Anchor } from '../../src/core/model';
import { CodePointIndex } from '../../src/core/text';

const T = [
  'I: How do you manage the bills each month?',
  '',
  "P01: I never know if the money will last. Some weeks I just sit with the letters and I don't know where to start.",
  '',
  'I: What helps?',
  '',
  "P01: My sister, mostly. She rings on Sundays and I don't know what I would do without her.",
].join('\n');

function anchorOf(text: string, quote: string, nth = 0): Anchor {
  const index = new CodePointIndex(text);
  let u = -1;
  for (let i = 0; i <= nth; i++) u = text.indexOf(quote, u + 1);
  assert.ok(u >= 0, `fixture lacks ${JSON.stringify(quote)}`);
  const start = index.toCodePoint(u);
  return captureAnchor(index, start, start + [...quote].length);
}

function textAt(text: string, r: { start: number; end: number }): string {
  return new CodePointIndex(text).slice(r.start, r.end);
}

function at(text: string, quote: string, nth = 0): { start: number; end: number } {
  const a = anchorOf(text, quote, nth);
  return { start: a.start, end: a.end };
}

describe('anchor', () => {
  describe('captureAnchor', () => {
    it('keeps the passage and 32 code points of context on each side', () => {
      const a = anchorOf(T, 'the money will last');
      assert.equal(a.text, 'the money will last');
      assert.equal(a.before, 'ls each month?\n\nP01: I never know if '.slice(-32));
      assert.equal([...a.before!].length, 32);
      assert.equal(a.after, '. Some weeks I just sit with the');
      assert.equal(a.end - a.start, a.text.length);
    });

    it('counts code points, not UTF-16 units, when emoji come first', () => {
      const text = '😀😀 ok 👍🏽 fine';
      const a = captureAnchor(new CodePointIndex(text), 3, 5);
      assert.equal(a.text, 'ok');
      assert.equal(a.before, '😀😀 ');
      assert.equal(a.after, ' 👍🏽 fine');
    });

    it('leaves out context that would be empty at the edges of the text', () => {
      const a = captureAnchor(new CodePointIndex('whole text'), 0, 10);
      assert.deepEqual(a, { start: 0, end: 10, text: 'whole text' });
    });

    it('throws when the passage is empty or outside the text', () => {
      const index = new CodePointIndex('abc');
      assert.throws(() => captureAnchor(index, 2, 2), /^RangeError: anchor:/);
      assert.throws(() => captureAnchor(index, 1, 4), /anchor:/);
      assert.throws(() => captureAnchor(index, -1, 1), /anchor:/);
    });
  });

  describe('locate', () => {
    it('reports exact when the text is at its stored offsets', () => {
      const a = anchorOf(T, 'I never know');
      assert.deepEqual(locate(new CodePointIndex(T), a), { state: 'exact', start: a.start, end: a.end });
    });

    it('reports moved, in code points, when emoji were inserted before the passage', () => {
      const a = anchorOf(T, 'the money will last');
      const edited = '🙂🙂 ' + T;
      assert.deepEqual(locate(new CodePointIndex(edited), a), { state: 'moved', start: a.start + 3, end: a.end + 3 });
    });

    it('finds a passage by its quote when its stored offsets lie past the end of a shortened text', () => {
      const a = anchorOf(T, 'what I would do without her');
      const shortened = T.slice(T.indexOf('P01: My sister'));
      const r = locate(new CodePointIndex(shortened), a);
      assert.equal(r.state, 'moved');
      assert.equal(textAt(shortened, r), 'what I would do without her');
    });

    it('orphans a passage that is gone, keeping its stored offsets even past the end', () => {
      const a = anchorOf(T, 'She rings on Sundays');
      const r = locate(new CodePointIndex('I: Hello.'), a);
      assert.deepEqual(r, { state: 'orphaned', start: a.start, end: a.end });
    });

    it('follows the context to the right occurrence when the same words appear earlier', () => {
      const a = anchorOf(T, "I don't know", 1);
      const edited = T.replace('I: What helps?', "I: What helps? I don't know is fine too.");
      const r = locate(new CodePointIndex(edited), a);
      assert.deepEqual(r, { state: 'moved', ...at(edited, "I don't know", 2) });
    });

    it('stays on its own words when another occurrence lands on its stored offsets', () => {
      const text =
        "P01: It was a long winter and the heating was off for weeks. We wore coats indoors, all of us. Honestly? I don't know. Ask my sister, she knows. I don't know. Maybe.";
      const a = anchorOf(text, "I don't know");
      const d = text.indexOf("I don't know", a.end) - a.start;
      const edited = text.slice(0, 5) + text.slice(5 + d);
      assert.equal(textAt(edited, a), "I don't know", 'the other occurrence now sits at the stored offsets');
      assert.deepEqual(locate(new CodePointIndex(edited), a), { state: 'moved', start: a.start - d, end: a.end - d });
    });

    it('prefers the occurrence nearest the stored offset when nothing else tells them apart', () => {
      const text = 'x ' + 'la la la. '.repeat(20);
      const a = captureAnchor(new CodePointIndex(text), 102, 107);
      const r = locate(new CodePointIndex('yy ' + text), a);
      assert.deepEqual(r, { state: 'moved', start: 105, end: 110 });
    });

    it('orphans a deleted passage rather than moving it onto the same words elsewhere', () => {
      const a = anchorOf(T, "I don't know", 1);
      const edited = T.replace(" and I don't know what I would do without her", '');
      assert.equal(locate(new CodePointIndex(edited), a).state, 'orphaned');
    });

    it('orphans a passage whose words now appear twice, one with the context before it and one with the context after it', () => {
      const left = 'P01: The rent went up again in March, and then';
      const right = 'and that was the end of it, really.';
      const text = `${left} I don't know ${right}`;
      const a = anchorOf(text, "I don't know");
      const edited = `${left} I don't know what happened next.\n\nI: Go on.\n\nP01: Well, I don't know ${right}`;
      assert.equal(locate(new CodePointIndex(edited), a).state, 'orphaned');
    });

    it('orphans a deleted interviewer question rather than moving it onto the same question asked later', () => {
      const text = [
        'P01: We managed on very little that winter, all of us.',
        'I: Can you tell me more about that?',
        'P01: The rent went up twice and we fell behind with it.',
        'I: And the heating?',
        'P01: Off, mostly. We wore coats in the house.',
        'I: Can you tell me more about that?',
        'P01: The rent went down in spring, thank God.',
      ].join('\n\n');
      const a = anchorOf(text, 'Can you tell me more about that?');
      const edited = text.replace('I: Can you tell me more about that?\n\nP01: The rent went up twice and we fell behind with it.\n\n', '');
      assert.equal(locate(new CodePointIndex(edited), a).state, 'orphaned');
    });

    it('finds a long passage cut and pasted elsewhere without its context', () => {
      const sentence = 'The council said they would sort the damp out by Christmas, and nobody ever came.';
      const text = `P01: We waited. ${sentence} So we painted over it.\n\nI: And then?\n\nP01: Then the baby got a cough.`;
      const a = anchorOf(text, sentence);
      const edited = `P01: We waited. So we painted over it.\n\nI: And then?\n\nP01: Then the baby got a cough. ${sentence}`;
      assert.deepEqual(locate(new CodePointIndex(edited), a), { state: 'moved', ...at(edited, sentence) });
    });

    it('moves onto what is left of a passage with a word changed inside', () => {
      const a = anchorOf(T, 'I never know if the money will last');
      const edited = T.replace('the money will last', 'the cash will last');
      assert.deepEqual(locate(new CodePointIndex(edited), a), { state: 'moved', ...at(edited, 'I never know if the cash will last') });
    });

    it('moves onto what is left of a passage when characters were inserted and deleted inside it', () => {
      const a = anchorOf(T, 'Some weeks I just sit with the letters');
      const edited = T.replace('Some weeks I just sit with the', 'Some weeks I jst sit, with teh');
      assert.deepEqual(locate(new CodePointIndex(edited), a), { state: 'moved', ...at(edited, 'Some weeks I jst sit, with teh letters') });
    });

    it('moves onto what is left when a word at the edge of the passage was replaced', () => {
      const a = anchorOf(T, 'I never know if the money will last');
      const edited = T.replace('I never know', 'We never know');
      const r = locate(new CodePointIndex(edited), a);
      assert.equal(r.state, 'moved');
      assert.match(textAt(edited, r), /never know if the money will last$/);
    });

    it('orphans a passage that was rewritten beyond a small edit', () => {
      const a = anchorOf(T, 'I never know if the money will last');
      const edited = T.replace('I never know if the money will last', 'Money is tight but we get by');
      assert.equal(locate(new CodePointIndex(edited), a).state, 'orphaned');
    });

    it('finds a passage spanning a line break after LF became CRLF, with its new length', () => {
      const a = anchorOf(T, 'What helps?\n\nP01: My sister');
      const crlf = T.replace(/\n/g, '\r\n');
      const r = locate(new CodePointIndex(crlf), a);
      assert.deepEqual(r, { state: 'moved', ...at(crlf, 'What helps?\r\n\r\nP01: My sister') });
    });

    it('finds a one-line passage verbatim after LF became CRLF', () => {
      const a = anchorOf(T, 'She rings on Sundays');
      const crlf = T.replace(/\n/g, '\r\n');
      assert.deepEqual(locate(new CodePointIndex(crlf), a), { state: 'moved', ...at(crlf, 'She rings on Sundays') });
    });

    it('does not cut a combining accent off its letter when matching approximately', () => {
      const text = 'P02: We went to the cafe on the corner every single Friday. Then it closed.';
      const a = anchorOf(text, 'went to the cafe');
      const edited = text.replace('went to the cafe', 'went to that cafe\u0301');
      const r = locate(new CodePointIndex(edited), a);
      assert.equal(r.state, 'moved');
      assert.ok(textAt(edited, r).endsWith('cafe\u0301'), JSON.stringify(textAt(edited, r)));
    });

    it('finds a hand-written link without context at the nearest occurrence', () => {
      const text = 'one two three. one two three. one two three.';
      const r = locate(new CodePointIndex(text), { start: 17, end: 24, text: 'two thr' });
      assert.deepEqual(r, { state: 'moved', start: 19, end: 26 });
    });

    it('orphans an anchor with an empty quote', () => {
      assert.equal(locate(new CodePointIndex(T), { start: 0, end: 3, text: '' }).state, 'orphaned');
    });
  });

  describe('locateAll', () => {
    it('returns one result per anchor, in the order given', () => {
      const anchors = [anchorOf(T, 'My sister'), anchorOf(T, 'I never know'), anchorOf(T, 'What helps?')];
      const edited = 'I: (recording starts)\n\n' + T;
      const r = locateAll(new CodePointIndex(edited), anchors);
      assert.deepEqual(
        r.map((x) => textAt(edited, x)),
        ['My sister', 'I never know', 'What helps?'],
      );
      assert.ok(r.every((x) => x.state === 'moved'));
    });

    it('uses the shift of its neighbours to find repeated words whose own context was edited', () => {
      const text = [
        'I: And the rent?',
        "P01: The rent went up again in March. I don't know how we kept up, really.",
        'I: What about food?',
        "P01: We used the food bank twice. My sister helped. I don't know what else we could do.",
        'I: Did anyone else help?',
        "P01: Not really. The council said I don't know, come back Monday.",
      ].join('\n\n');
      const anchors = [anchorOf(text, 'The rent went up'), anchorOf(text, "I don't know", 1), anchorOf(text, 'Not really')];
      const edited =
        `I: (${'intro '.repeat(83)}) ` +
        text.replace("My sister helped. I don't know what else we", "My sister, bless her, helped. I don't know what more they");
      const expected = { state: 'moved', ...at(edited, "I don't know", 1) };
      assert.deepEqual(locateAll(new CodePointIndex(edited), anchors)[1], expected);
      // Alone, 500 code points from where it was and with its context worn, it is not trusted.
      assert.equal(locate(new CodePointIndex(edited), anchors[1]).state, 'orphaned');
    });

    it('agrees with locate on each anchor when nothing is ambiguous', () => {
      const anchors = ['I never know', 'the letters', 'She rings'].map((q) => anchorOf(T, q));
      const edited = T.replace('bills', 'bills and rent').replace('letters', 'letters (bills)');
      const index = new CodePointIndex(edited);
      assert.deepEqual(
        locateAll(index, anchors),
        anchors.map((a) => locate(index, a)),
      );
    });
  });

  describe('applyEdit', () => {
    const p = { start: 10, end: 20 };

    it('shifts the passage when text is inserted, deleted or replaced before it', () => {
      assert.deepEqual(applyEdit(p, { start: 2, end: 2, newText: 'abc' }), { start: 13, end: 23 });
      assert.deepEqual(applyEdit(p, { start: 2, end: 6 }), { start: 6, end: 16 });
      assert.deepEqual(applyEdit(p, { start: 2, end: 6, newLength: 1 }), { start: 7, end: 17 });
    });

    it('counts new text in code points', () => {
      assert.deepEqual(applyEdit(p, { start: 0, end: 0, newText: '👩‍👧' }), { start: 13, end: 23 });
    });

    it('does not extend the passage when text is inserted exactly at its start or end', () => {
      assert.deepEqual(applyEdit(p, { start: 10, end: 10, newText: 'xx' }), { start: 12, end: 22 });
      assert.deepEqual(applyEdit(p, { start: 20, end: 20, newText: 'xx' }), { start: 10, end: 20 });
    });

    it('shifts the passage when a change ends exactly where it starts', () => {
      assert.deepEqual(applyEdit(p, { start: 5, end: 10, newText: 'x' }), { start: 6, end: 16 });
    });

    it('leaves the passage alone when the change is after it or starts where it ends', () => {
      assert.deepEqual(applyEdit(p, { start: 20, end: 25, newText: 'xyz' }), p);
      assert.deepEqual(applyEdit(p, { start: 30, end: 31 }), p);
    });

    it('grows and shrinks with changes inside it', () => {
      assert.deepEqual(applyEdit(p, { start: 15, end: 15, newText: 'abc' }), { start: 10, end: 23 });
      assert.deepEqual(applyEdit(p, { start: 12, end: 15 }), { start: 10, end: 17 });
    });

    it('keeps new text inside when the change replaces the first or last characters', () => {
      assert.deepEqual(applyEdit(p, { start: 10, end: 13, newText: 'The' }), { start: 10, end: 20 });
      assert.deepEqual(applyEdit(p, { start: 17, end: 20, newText: 'x' }), { start: 10, end: 18 });
    });

    it('trims the overlapped part and leaves new text outside when a change crosses a boundary', () => {
      assert.deepEqual(applyEdit(p, { start: 8, end: 12, newText: 'ab' }), { start: 10, end: 18 });
      assert.deepEqual(applyEdit(p, { start: 18, end: 25, newText: 'abc' }), { start: 10, end: 18 });
    });

    it('reports deleted when a change covers the whole passage', () => {
      assert.equal(applyEdit(p, { start: 10, end: 20 }), 'deleted');
      assert.equal(applyEdit(p, { start: 5, end: 25, newText: 'new words' }), 'deleted');
      assert.equal(applyEdit(p, { start: 10, end: 20, newText: 'retyped!!!' }), 'deleted');
    });

    it('throws on a change that is not one', () => {
      assert.throws(() => applyEdit(p, { start: 5, end: 4 }), /^RangeError: anchor:/);
      assert.throws(() => applyEdit(p, { start: 1, end: 2, newLength: -1 }), /anchor:/);
    });
  });

  describe('applyEdits', () => {
    it('follows a multi-cursor event given in descending order, as VS Code sends it', () => {
      const text = 'aa PASSAGE bb PASSAGE cc';
      const p = at(text, 'PASSAGE', 1);
      // Three cursors typing "!" at 2, 13 and 22, reported highest offset first.
      const changes = [22, 13, 2].map((o) => ({ start: o, end: o, newText: '!' }));
      let edited = text;
      for (const c of changes) edited = edited.slice(0, c.start) + c.newText + edited.slice(c.end);
      const r = applyEdits(p, changes);
      assert.notEqual(r, 'deleted');
      assert.equal(textAt(edited, r as { start: number; end: number }), 'PASSAGE');
      assert.deepEqual(r, { start: p.start + 2, end: p.end + 2 });
    });

    it('reports deleted as soon as one change removes the passage', () => {
      assert.equal(
        applyEdits({ start: 3, end: 5 }, [
          { start: 10, end: 11 },
          { start: 2, end: 6 },
          { start: 0, end: 0, newText: 'x' },
        ]),
        'deleted',
      );
    });
  });

  describe('changesFromUtf16', () => {
    it('converts UTF-16 offsets after astral characters to code points', () => {
      const before = new CodePointIndex('😀😀 abc 😀 def');
      const changes = changesFromUtf16(before, [
        { rangeOffset: 12, rangeLength: 3, text: 'XYZ' },
        { rangeOffset: 5, rangeLength: 3, text: '' },
      ]);
      assert.deepEqual(changes, [
        { start: 9, end: 12, newText: 'XYZ' },
        { start: 3, end: 6, newText: '' },
      ]);
    });
  });
});
