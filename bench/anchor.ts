/**
 * The anchor benchmark: re-anchoring a long, heavily edited transcript,
 * following keystrokes, and the rates of the property test, whose cases
 * (./anchor/simulate.ts) test/unit/anchor.property.test.ts runs through
 * fast-check.
 */
import fc from 'fast-check';
import { applyEdits, captureAnchor, changesFromUtf16, locate, locateAll } from '../src/core/anchor';
import type { Located } from '../src/core/model';
import { CodePointIndex } from '../src/core/text';
import { addCounts, emptyCounts, judge, makeCodings, makeTranscript, randomEdit, seeded, Simulation, type Counts } from './anchor/simulate';

export type { Counts } from './anchor/simulate';

export interface CaseResult {
  counts: Counts;
  /** The failures, for a readable report. */
  failures: string[];
}

/** The shape of one property case; everything else follows from the seed. */
export interface CaseSpec {
  seed: number;
  words: number;
  codings: number;
  edits: number;
  crlf: boolean;
}

/** Property cases: fast-check shrinks a failure to fewer edits, codings and words. */
export const caseSpec: fc.Arbitrary<CaseSpec> = fc.record({
  seed: fc.integer(),
  words: fc.integer({ min: 150, max: 900 }),
  codings: fc.integer({ min: 1, max: 25 }),
  edits: fc.integer({ min: 0, max: 30 }),
  crlf: fc.boolean(),
});

/**
 * Codes a random transcript, edits it at random outside the editor, re-anchors
 * and judges every coding. Text, codings and edits draw from separate streams,
 * so that one case with fewer edits is the same case cut short.
 */
export function runCase(spec: CaseSpec, trace?: (sim: Simulation) => void): CaseResult {
  const doc = makeTranscript(seeded(spec.seed), spec.words, spec.crlf);
  const index = new CodePointIndex(doc);
  const codings = makeCodings(seeded(spec.seed ^ 0x5bd1e995), doc, spec.codings);
  const anchors = codings.map((c) => captureAnchor(index, c.start, c.end));
  const sim = new Simulation(doc, codings);
  const draw = seeded(spec.seed ^ 0x27d4eb2f);
  for (let i = 0; i < spec.edits; i++) {
    randomEdit(draw, sim);
    trace?.(sim);
  }
  const after = new CodePointIndex(sim.doc);
  const located = locateAll(after, anchors);
  const counts = emptyCounts();
  const failures: string[] = [];
  counts.codings = anchors.length;
  counts.edits = sim.edits;
  anchors.forEach((a, i) => {
    const o = judge(after, a, sim.truths[i], located[i]);
    counts[o]++;
    if (o === 'wrong' || o === 'lost' || o === 'missed') {
      const t = sim.truths[i];
      failures.push(
        `${o}: ${JSON.stringify(a)} truth ${JSON.stringify(t)} got ${JSON.stringify(located[i])} = ${JSON.stringify(after.slice(located[i].start, located[i].end))}`,
      );
    }
  });
  return { counts, failures };
}

/** Shares of all codings, per outcome. */
export function rates(c: Counts): Record<string, number> {
  const share = (n: number) => Math.round((n / Math.max(1, c.codings)) * 1e4) / 1e4;
  return {
    exact: share(c.exact),
    movedCorrect: share(c.moved),
    salvaged: share(c.salvaged),
    onCopy: share(c.copy),
    orphaned: share(c.orphaned),
    missed: share(c.missed),
    lost: share(c.lost),
    ambiguous: share(c.ambiguous),
    wrong: share(c.wrong),
  };
}

/** The property test's seed and size, so the benchmark reports the same rates. */
export const PROPERTY = { seed: 20261129, numRuns: 400 };

/** Runs the property cases and adds up their outcomes. */
export function propertyCounts(check: (r: CaseResult) => void = () => undefined): Counts {
  const total = emptyCounts();
  fc.assert(
    fc.property(caseSpec, (spec) => {
      const r = runCase(spec);
      addCounts(total, r.counts);
      check(r);
    }),
    { seed: PROPERTY.seed, numRuns: PROPERTY.numRuns },
  );
  return total;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

function time(f: () => void, runs: number): number {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    f();
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return median(ms);
}

const prefixed = (prefix: string, r: Record<string, number>) =>
  Object.fromEntries(Object.entries(r).map(([k, v]) => [`${prefix}${k[0].toUpperCase()}${k.slice(1)}`, v]));

/**
 * (a) re-anchoring all 200 codings of a 27,000-word transcript after 400
 * random edits and a change of line endings (budget 100 ms), and how they
 * fared; (b) following one keystroke with 200 codings: converting VS Code's
 * UTF-16 change and moving every passage (budget 2 ms); (c) the property
 * test's rates (wrong must be 0). Times in ms, medians.
 */
export async function benchAnchor(): Promise<Record<string, number>> {
  const draw = seeded(27000);
  const doc = makeTranscript(draw, 27000);
  const codings = makeCodings(draw, doc, 200);
  const anchors = codings.map((c) => captureAnchor(new CodePointIndex(doc), c.start, c.end));
  const sim = new Simulation(doc, codings);
  const ops = 400;
  for (let i = 0; i < ops; i++) randomEdit(draw, sim);
  if (!sim.doc.includes('\r\n')) sim.toggleLineEndings();
  const after = new CodePointIndex(sim.doc);
  let located: Located[] = [];
  const locateMs = time(() => (located = locateAll(new CodePointIndex(sim.doc), anchors)), 9);
  const locateEachMs = time(() => anchors.forEach((a) => locate(after, a)), 3);
  const heavy = emptyCounts();
  anchors.forEach((a, i) => heavy[judge(after, a, sim.truths[i], located[i])]++);
  heavy.codings = anchors.length;

  // One keystroke as VS Code reports it, in the middle of the transcript.
  const at = Math.floor(sim.doc.length / 2);
  const spans = located.map((l) => ({ start: l.start, end: l.end }));
  const batch = 100;
  const keystroke = () => {
    const changes = changesFromUtf16(after, [{ rangeOffset: at, rangeLength: 0, text: 'a' }]);
    for (const s of spans) applyEdits(s, changes);
  };
  const keyMs =
    time(() => {
      for (let i = 0; i < batch; i++) keystroke();
    }, 21) / batch;
  const indexMs = time(() => new CodePointIndex(sim.doc), 21);

  const t0 = process.hrtime.bigint();
  const prop = propertyCounts();
  const propMs = Number(process.hrtime.bigint() - t0) / 1e6;
  return {
    words: doc.split(/\s+/).length,
    codings: anchors.length,
    editOps: ops + 1,
    changes: sim.edits,
    locateAllMs: round(locateMs),
    locateOneByOneMs: round(locateEachMs),
    ...prefixed('heavy', rates(heavy)),
    keystroke200Ms: round(keyMs, 4),
    codePointIndexMs: round(indexMs, 3),
    propertyCases: PROPERTY.numRuns,
    propertyCodings: prop.codings,
    propertyChanges: prop.edits,
    propertyMs: round(propMs),
    ...prefixed('property', rates(prop)),
  };
}

function round(x: number, digits = 2): number {
  return Math.round(x * 10 ** digits) / 10 ** digits;
}

if (require.main === module) {
  void benchAnchor().then((r) => console.log(JSON.stringify(r, null, 2)));
}
