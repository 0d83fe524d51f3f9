import * as assert from 'node:assert/strict';
import {
  attributeMatrix,
  attributeNames,
  cellPassages,
  cooccurrenceMatrix,
  frameworkMatrix,
  matrixInput,
  projectMatrixInput,
  withSummary,
  withTexts,
} from '../../src/core/matrices';
import type { Code } from '../../src/core/model';
import { openStudy, PARTICIPANTS } from './helpers/matrixStudy';

const idsOf = (ps: { coding?: { id: string } }[]) => ps.map((p) => p.coding?.id);
const spans = (ps: { source: string; start: number; end: number }[]) => ps.map((p) => `${p.source.slice(12, 13)}[${p.start},${p.end})`);

describe('matrices: co-occurrence', () => {
  it('counts codings of the row code sharing a code point with a coding of the column code (touching is not sharing)', async () => {
    const m = cooccurrenceMatrix(await projectMatrixInput(await openStudy()));
    assert.deepEqual(m.codes, ['a', 'b', 'c'], 'Alpha, its child Beta, Gamma');
    // Diagonal: codings of the code. a: A1 A5 A6, B2 (m merged into a), C1 = 5 (A8 is orphaned).
    // b: A2 A3 A7 B4 D1 = 5. c: A4 B1 C2 D2 = 4.
    // (a,b): A1 holds A2 and A3; A5 and A6 overlap A7 = 3. B2 and C1 meet no b.
    // (a,c): A1 only touches A4 at 50; B2 [20,40) overlaps B1 [0,30); C1 = C2 = 2.
    // (b,a): A2, A3 (inside A1), A7 (overlaps A5/A6) = 3. (b,c): D1 holds D2 = 1.
    // (c,a): B1 (overlaps B2), C2 (= C1) = 2; A4 only touches A1. (c,b): D2 = 1.
    assert.deepEqual(m.counts, [
      [5, 3, 2],
      [3, 5, 1],
      [2, 1, 4],
    ]);
    assert.equal(m.total, 14);
    assert.deepEqual(m.excluded, { otherCoder: 0, unknownCode: 1, retiredCode: 1, mergeCycle: 0, orphaned: 1, notIncluded: 0 });
  });

  it('counts passages where both occur as maximal stretches of text coded with both, symmetric', async () => {
    const m = cooccurrenceMatrix(await projectMatrixInput(await openStudy()));
    // (a,b): a.txt [10,20), [30,40), [110,120) = 3. (a,c): b.txt [20,30), c.txt [5,15) = 2 (a.txt only touches).
    // (b,c): d.txt [5,15) = 1. Diagonal, stretches coded with the code:
    // a: a.txt [0,50) [100,120), b.txt [20,40), c.txt [5,15) = 4; b: a.txt 3, b.txt 1, d.txt 1 = 5; c: one in each of a-d = 4.
    assert.deepEqual(m.passages, [
      [4, 3, 2],
      [3, 5, 1],
      [2, 1, 4],
    ]);
  });

  it('gives the Jaccard index of the coded text', async () => {
    const m = cooccurrenceMatrix(await projectMatrixInput(await openStudy()));
    // Code points coded: a 50+20 (a.txt) + 20 (b.txt) + 10 (c.txt) = 100; b 10+10+20 + 10 + 20 = 70; c 10 + 30 + 10 + 10 = 60.
    // Both: a&b 10+10+10 = 30 -> 30/(100+70-30); a&c 10 (b.txt) + 10 (c.txt) = 20 -> 20/140; b&c 10 -> 10/120.
    const expected = [
      [1, 30 / 140, 20 / 140],
      [30 / 140, 1, 10 / 120],
      [20 / 140, 10 / 120, 1],
    ];
    m.jaccard.forEach((row, i) =>
      row.forEach((v, j) => assert.ok(Math.abs(v! - expected[i][j]) < 1e-12, `(${i},${j}) ${v} != ${expected[i][j]}`)),
    );
  });

  it("counts one coder's codings only, so a passage coded twice counts twice for all coders and once for one", async () => {
    const m = cooccurrenceMatrix(await projectMatrixInput(await openStudy(), { coder: 'x' }));
    // A5 (coder y) goes: a has 4 codings, (a,b) loses A5; A6 still overlaps A7, so (b,a) stays 3.
    assert.deepEqual(m.counts, [
      [4, 2, 2],
      [3, 5, 1],
      [2, 1, 4],
    ]);
    assert.equal(m.excluded.otherCoder, 1);
    assert.equal(m.coder, 'x');
  });

  it('lists the passages behind a cell: the codings for counts, the shared stretches for passages', async () => {
    const input = await projectMatrixInput(await openStudy());
    assert.deepEqual(idsOf(cellPassages(input, { matrix: 'cooccurrence', measure: 'counts', row: 'a', column: 'b' })), ['A1', 'A5', 'A6']);
    assert.deepEqual(idsOf(cellPassages(input, { matrix: 'cooccurrence', measure: 'counts', row: 'c', column: 'a' })), ['B1', 'C2']);
    assert.deepEqual(idsOf(cellPassages(input, { matrix: 'cooccurrence', measure: 'counts', row: 'a', column: 'a' })), [
      'A1',
      'A5',
      'A6',
      'B2',
      'C1',
    ]);
    assert.deepEqual(spans(cellPassages(input, { matrix: 'cooccurrence', measure: 'passages', row: 'a', column: 'b' })), [
      'a[10,20)',
      'a[30,40)',
      'a[110,120)',
    ]);
    assert.deepEqual(spans(cellPassages(input, { matrix: 'cooccurrence', measure: 'jaccard', row: 'c', column: 'a' })), [
      'b[20,30)',
      'c[5,15)',
    ]);
    const b2 = cellPassages(input, { matrix: 'cooccurrence', measure: 'counts', row: 'a', column: 'c' }).find((p) => p.coding?.id === 'B2');
    assert.deepEqual(
      b2?.coding,
      { id: 'B2', code: 'a', codedAs: 'm', coder: 'x' },
      'a merged code is listed as its target, saying what it was coded as',
    );
  });

  it('agrees with its cell lists on every cell (the counts are the lengths of the lists)', async () => {
    const input = await projectMatrixInput(await openStudy());
    const m = cooccurrenceMatrix(input);
    for (const measure of ['counts', 'passages'] as const) {
      m.codes.forEach((row, i) =>
        m.codes.forEach((column, j) => {
          assert.equal(
            cellPassages(input, { matrix: 'cooccurrence', measure, row, column }).length,
            m[measure][i][j],
            `${measure} ${row} x ${column}`,
          );
        }),
      );
    }
  });

  it('uses the passages where they are now: codings of an edited transcript are re-anchored', async () => {
    const project = await openStudy();
    const input = await projectMatrixInput(project);
    const c1 = cellPassages(input, { matrix: 'framework', row: { kind: 'participant', id: 'p2' }, code: 'a' });
    assert.deepEqual(spans(c1), ['c[5,15)'], 'stored at [0,10); "NEW: " was put before it');
    const [withText] = await withTexts(project, c1);
    assert.equal(withText.text, 'w000 w001 ');
    assert.equal(withText.line, 1);
  });

  it('handles nested codings of one code: a coding inside another of the same code is its own coding, not a pair', () => {
    const codes: Code[] = [
      { id: 'a', name: 'A', status: 'active' },
      { id: 'b', name: 'B', status: 'active' },
    ];
    const at = (id: string, code: string, start: number, end: number) => ({ id, code, start, end, text: 'x'.repeat(end - start) });
    const input = matrixInput({
      codes,
      located: new Map([['s', [at('1', 'a', 0, 100), at('2', 'a', 10, 20), at('3', 'b', 15, 30), at('4', 'b', 100, 110)]]]),
      sources: ['s'],
    });
    const m = cooccurrenceMatrix(input);
    // (a,b): both a codings overlap b [15,30); (b,a): only coding 3 (coding 4 touches a at 100).
    assert.deepEqual(m.counts, [
      [2, 2],
      [1, 2],
    ]);
    // a covers [0,100): 1 stretch; b [15,30) and [100,110): 2 stretches; both: [15,30) = 1.
    assert.deepEqual(m.passages, [
      [1, 1],
      [1, 2],
    ]);
    assert.deepEqual(m.jaccard[0][1], 15 / (100 + 25 - 15));
  });
});

describe('matrices: withdrawn participants', () => {
  it('leaves a withdrawn participant out of every matrix: their codings, their rows, their place in the denominators', async () => {
    const project = await openStudy({
      'qda/participants.yaml': PARTICIPANTS.replace(
        '{id: p2, sources: [transcripts/c.txt], attributes: {region: south}}',
        '{id: p2, sources: [transcripts/c.txt], attributes: {region: south}, withdrawn: {date: 2026-05-01}}',
      ),
    });
    const input = await projectMatrixInput(project);
    const m = cooccurrenceMatrix(input);
    // c.txt goes (C1 a, C2 c, C3 zzz): a 5 - 1, c 4 - 1; (a,c) and (c,a) keep only b.txt's pair.
    assert.deepEqual(m.counts, [
      [4, 3, 1],
      [3, 5, 1],
      [1, 1, 3],
    ]);
    assert.equal(m.excluded.notIncluded, 3);
    const attr = attributeMatrix(input, 'region');
    assert.deepEqual(attr.withValue, [2, 0, 0], 'nobody from the south is left');
    assert.deepEqual(
      attr.share.map((r) => r[1]),
      [null, null, null],
    );
    assert.deepEqual(
      frameworkMatrix(input, project.framework).rows.map((r) => r.id),
      ['p1', 'p3', 'transcripts/d.txt'],
    );
  });
});

describe('matrices: the worked example of docs/matrices.md', () => {
  it('gives the figures the documentation works out', () => {
    const codes: Code[] = ['a', 'b', 'c'].map((id) => ({ id, name: id.toUpperCase(), status: 'active' as const }));
    const at = (id: string, code: string, start: number, end: number) => ({ id, code, start, end, text: 'x'.repeat(end - start) });
    const input = matrixInput({
      codes,
      located: new Map([
        [
          't',
          [
            at('1', 'a', 0, 50),
            at('2', 'a', 100, 120),
            at('3', 'b', 10, 20),
            at('4', 'b', 30, 40),
            at('5', 'b', 110, 130),
            at('6', 'c', 50, 60),
          ],
        ],
      ]),
      sources: ['t'],
    });
    const m = cooccurrenceMatrix(input);
    assert.equal(m.counts[0][1], 2, 'codings overlapping (a, b)');
    assert.equal(m.counts[1][0], 3, 'codings overlapping (b, a)');
    assert.equal(m.counts[0][2], 0, 'c starts where a ends');
    assert.equal(m.passages[0][1], 3);
    assert.equal(m.jaccard[0][1], 0.375, '30 / (70 + 40 - 30)');
  });
});

describe('matrices: codes by participant attribute', () => {
  it('counts codings, distinct participants and their share of the participants with each value', async () => {
    const input = await projectMatrixInput(await openStudy());
    const m = attributeMatrix(input, 'region');
    assert.deepEqual(m.values, ['north', 'south', 'wales']);
    // Participants in the analysis: p1 and p3 north (p3's transcript has no coding yet), p2 south; p4 has no transcript.
    assert.deepEqual(m.withValue, [2, 1, 0]);
    // a: north A1 A5 A6 B2 (p1's two transcripts), south C1. b: north A2 A3 A7 B4; D1 is nobody's. c: north A4 B1, south C2; D2 nobody's.
    assert.deepEqual(m.codings, [
      [4, 1, 0],
      [4, 0, 0],
      [2, 1, 0],
    ]);
    assert.deepEqual(m.participants, [
      [1, 1, 0],
      [1, 0, 0],
      [1, 1, 0],
    ]);
    assert.deepEqual(m.share, [
      [0.5, 1, null],
      [0.5, 0, null],
      [0.5, 1, null],
    ]);
    assert.deepEqual(m.noValue, { codings: [0, 1, 1], cases: [0, 1, 1], total: 2 });
  });

  it('lists the codings behind a cell, and those of no value', async () => {
    const input = await projectMatrixInput(await openStudy());
    assert.deepEqual(idsOf(cellPassages(input, { matrix: 'attribute', attribute: 'region', code: 'a', value: 'north' })), [
      'A1',
      'A5',
      'A6',
      'B2',
    ]);
    assert.deepEqual(idsOf(cellPassages(input, { matrix: 'attribute', attribute: 'region', code: 'c', value: null })), ['D2']);
    assert.deepEqual(idsOf(cellPassages(input, { matrix: 'attribute', attribute: 'region', code: 'b', value: 'south' })), []);
  });

  it('names the attributes it knows when asked for another', async () => {
    const project = await openStudy();
    assert.deepEqual(attributeNames(project.participants), ['region']);
    assert.throws(
      () => attributeMatrix(matrixInput({ codes: [], located: new Map(), sources: [], participants: project.participants }), 'age'),
      /no participant attribute "age"; the attributes are "region"/,
    );
  });
});

describe('matrices: framework', () => {
  it('has a row per participant with a transcript, then per transcript of no participant, with passages and summaries', async () => {
    const project = await openStudy();
    const m = frameworkMatrix(await projectMatrixInput(project), project.framework);
    assert.deepEqual(
      m.rows.map((r) => [r.kind, r.id, r.sources.length]),
      [
        ['participant', 'p1', 2],
        ['participant', 'p2', 1],
        ['participant', 'p3', 1],
        ['source', 'transcripts/d.txt', 1],
      ],
    );
    // p1: a A1 A5 A6 B2, b A2 A3 A7 B4, c A4 B1. p2: a C1, c C2. p3: nothing. d.txt: b D1, c D2.
    assert.deepEqual(m.counts, [
      [4, 4, 2],
      [1, 0, 1],
      [0, 0, 0],
      [0, 1, 1],
    ]);
    assert.deepEqual(m.summaries[0][0], { text: 'Worries about money', by: 'x' });
    assert.deepEqual(m.summaries[3][1], { text: "=cmd|' /C calc'!A0" });
    assert.equal(m.summaries.flat().filter(Boolean).length, 2);
    assert.equal(m.hiddenSummaries, 2, "p4's (no transcript) and the retired code's: kept in the file, not shown");
  });

  it("lists a participant's passages of a code from all their transcripts", async () => {
    const input = await projectMatrixInput(await openStudy());
    assert.deepEqual(idsOf(cellPassages(input, { matrix: 'framework', row: { kind: 'participant', id: 'p1' }, code: 'a' })), [
      'A1',
      'A5',
      'A6',
      'B2',
    ]);
    assert.deepEqual(idsOf(cellPassages(input, { matrix: 'framework', row: { kind: 'source', id: 'transcripts/d.txt' }, code: 'c' })), [
      'D2',
    ]);
  });

  it('sets, replaces and clears one summary, keeping the others and unknown keys', () => {
    const file = {
      summaries: [
        { participant: 'p1', code: 'a', summary: 'old', by: 'x', extra: 1 },
        { source: 's', code: 'b', summary: 'kept' },
      ],
      note: 'head',
    };
    const set = withSummary(file, { kind: 'participant', id: 'p1' }, 'a', '  new\r\ntext ', { by: 'y', at: '2026-01-01T00:00:00Z' });
    assert.deepEqual(set, {
      note: 'head',
      summaries: [
        { source: 's', code: 'b', summary: 'kept' },
        { participant: 'p1', code: 'a', summary: 'new\ntext', by: 'y', extra: 1, at: '2026-01-01T00:00:00Z' },
      ],
    });
    assert.deepEqual(withSummary(set, { kind: 'participant', id: 'p1' }, 'a', '   ').summaries, [
      { source: 's', code: 'b', summary: 'kept' },
    ]);
    assert.equal(withSummary(file, { kind: 'source', id: 's' }, 'c', 'added').summaries.length, 3);
  });
});
