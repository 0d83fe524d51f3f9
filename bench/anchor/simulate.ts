/**
 * Realistic transcripts, coded passages and edits made outside the editor,
 * with the truth of where every passage went: the generator and the judge
 * behind the anchor benchmark and property test.
 */
import { applyEdit, type Span, type TextChange } from '../../src/core/anchor';
import type { Anchor, Located } from '../../src/core/model';
import { CodePointIndex } from '../../src/core/text';
import { seededRandom } from '../../src/core/random';

/** A source of choices: an integer in lo..hi inclusive. */
export type Draw = (lo: number, hi: number) => number;

/** Choices from a seeded PRNG (mulberry32), for cases too large to shrink. */
export function seeded(seed: number): Draw {
  const random = seededRandom(seed);
  return (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
}

const WORDS = (
  'the rent money kids bills job centre food bank sister mum council landlord benefits was is never always had to we ' +
  'they it really just hard worried paid borrowed saved week month every and but so then because of in on at for with ' +
  'my our enough late again electric meter shoes school bus'
).split(' ');
const PHRASES = ["I don't know", 'you know', 'I mean', 'to be honest', 'sort of', 'at the end of the day', "I don't know what to do"];
const UNICODE = ['café', 'cafe\u0301', 'Zoë', 'naïve', '😀', '👍🏽', '👩‍👧', '£20', '—', '“fine”', '我不知道', 'Ελένη', '[laughs]', '[pause]'];
const QUESTIONS = [
  'Can you tell me more about that?',
  'How did that feel?',
  'What happened next?',
  'And the rent?',
  'Mm.',
  "I don't know if that makes sense?",
];
const TYPOS = ['e', 'a', 'th', '', 'ie', '😀', 'é', 'x', 'e\u0301'];

const pick = <T>(draw: Draw, xs: readonly T[]): T => xs[draw(0, xs.length - 1)];

function token(draw: Draw): string {
  const r = draw(0, 19);
  return r < 15 ? pick(draw, WORDS) : r < 18 ? pick(draw, PHRASES) : pick(draw, UNICODE);
}

function sentence(draw: Draw): string {
  const n = draw(2, 12);
  const words = Array.from({ length: n }, () => token(draw)).join(' ');
  return words[0].toUpperCase() + words.slice(1) + pick(draw, ['.', '.', '.', '?', '…']);
}

function turn(draw: Draw, i: number): string {
  if (i % 2 === 0) return 'I: ' + pick(draw, QUESTIONS);
  return `P0${draw(1, 2)}: ` + Array.from({ length: draw(1, 5) }, () => sentence(draw)).join(' ');
}

/** A transcript of speaker turns with at least `words` words. */
export function makeTranscript(draw: Draw, words: number, crlf = false): string {
  const turns: string[] = [];
  let count = 0;
  for (let i = 0; count < words; i++) {
    const t = turn(draw, i);
    turns.push(t);
    count += t.split(' ').length;
  }
  return turns.join(crlf ? '\r\n\r\n' : '\n\n');
}

/** Index just after the next whitespace at or after `pos` (a word start), or -1. */
function wordStart(doc: string, pos: number): number {
  const m = /\s+/g;
  m.lastIndex = pos;
  const r = m.exec(doc);
  return r ? r.index + r[0].length : -1;
}

function sentenceEnd(doc: string, pos: number): number {
  const m = /[.?!…](?= )/g;
  m.lastIndex = pos;
  const r = m.exec(doc);
  return r ? r.index + 2 : -1;
}

function turnStart(doc: string, pos: number): number {
  const i = doc.indexOf('\n\n', pos);
  const j = doc.indexOf('\n\r\n', pos);
  return i < 0 && j < 0 ? -1 : i < 0 || (j >= 0 && j < i) ? j + 3 : i + 2;
}

/** Coded passages (code points): runs of words, whole sentences, or exactly one repeated phrase. */
export function makeCodings(draw: Draw, doc: string, n: number): Span[] {
  const index = new CodePointIndex(doc);
  const out: Span[] = [];
  for (let tries = 0; out.length < n && tries < n * 10; tries++) {
    const pos = draw(0, doc.length - 1);
    let s: number;
    let e: number;
    const kind = draw(0, 2);
    if (kind === 0) {
      s = wordStart(doc, pos);
      e = s;
      for (let k = draw(1, 40); k > 0 && e >= 0; k--) e = wordStart(doc, e + 1);
      if (e >= 0) e = doc.slice(0, e).trimEnd().length;
    } else if (kind === 1) {
      s = sentenceEnd(doc, pos);
      e = sentenceEnd(doc, s);
      if (e >= 0) e -= 1;
    } else {
      const phrase = pick(draw, PHRASES.slice(0, 2));
      s = doc.indexOf(phrase, pos);
      e = s + phrase.length;
    }
    if (s < 0 || e <= s || e > doc.length) continue;
    out.push({ start: index.toCodePoint(s), end: index.toCodePoint(e) });
  }
  return out;
}

/** What the simulator knows of one coding: where its passage is, and whether an edit reached into it. */
export interface Truth {
  range: Span | null;
  touched: boolean;
  /** For touched passages: where what is left of them may be. */
  zones: Span[];
  /** Copies of (part of) the passage pasted elsewhere. */
  copies: Span[];
}

/** UTF-16 width of the code point that ends at `i`. */
function widthBefore(s: string, i: number): number {
  const c = s.charCodeAt(i - 1);
  const h = s.charCodeAt(i - 2);
  return c >= 0xdc00 && c <= 0xdfff && h >= 0xd800 && h <= 0xdbff ? 2 : 1;
}

function widthAt(s: string, i: number): number {
  return s.codePointAt(i)! > 0xffff ? 2 : 1;
}

/** Everywhere deleting doc[s, e) could equally have happened: deletions slide along repeated text. */
function deletionHull(doc: string, s: number, e: number): [number, number] {
  let [l, r] = [s, e];
  for (let w = widthBefore(doc, l); l > 0 && doc.slice(l - w, l) === doc.slice(r - w, r); w = widthBefore(doc, l)) [l, r] = [l - w, r - w];
  const lo = l;
  [l, r] = [s, e];
  for (; r < doc.length && doc.codePointAt(l) === doc.codePointAt(r);) {
    const w = widthAt(doc, l);
    [l, r] = [l + w, r + w];
  }
  return [lo, r];
}

/** Every position at which inserting `x` at `p` gives the same text. */
function insertionHull(doc: string, p: number, x: string): [number, number] {
  let [q, y] = [p, x];
  for (let w = widthBefore(doc, q); q > 0 && doc.slice(q - w, q) === y.slice(y.length - w); w = widthBefore(doc, q))
    [q, y] = [q - w, y.slice(-w) + y.slice(0, -w)];
  const lo = q;
  [q, y] = [p, x];
  while (q < doc.length && doc.codePointAt(q) === y.codePointAt(0)) {
    const w = widthAt(doc, q);
    [q, y] = [q + w, y.slice(w) + y.slice(0, w)];
  }
  return [lo, q];
}

/** Replays edits on a text and on the true places of its coded passages. */
export class Simulation {
  readonly truths: Truth[];
  edits = 0;

  constructor(
    public doc: string,
    codings: Span[],
  ) {
    this.truths = codings.map((c) => ({ range: c, touched: false, zones: [], copies: [] }));
  }

  /** Replaces doc[s, e) (UTF-16) by `text`. */
  change(s: number, e: number, text: string, skip: ReadonlySet<Truth> = new Set()): void {
    const doc = this.doc;
    this.edits++;
    // Reduce to the characters that really change, then find every equivalent
    // place for them: a passage any of those places reaches into counts as touched.
    while (s < e && text !== '' && doc.codePointAt(s) === text.codePointAt(0)) {
      const w = widthAt(doc, s);
      [s, text] = [s + w, text.slice(w)];
    }
    for (
      let w = widthBefore(doc, e);
      e > s && text !== '' && doc.slice(e - w, e) === text.slice(text.length - w);
      w = widthBefore(doc, e)
    ) {
      [e, text] = [e - w, text.slice(0, text.length - w)];
    }
    if (s === e && text === '') return;
    const [lo, hi] = text === '' ? deletionHull(doc, s, e) : s === e ? insertionHull(doc, s, text) : [s, e];
    const index = new CodePointIndex(doc);
    const [cs, ce, clo, chi] = [s, e, lo, hi].map((u) => index.toCodePoint(u));
    const n = [...text].length;
    const zone = text === '' ? { start: clo, end: chi - (ce - cs) } : s === e ? { start: clo, end: chi + n } : undefined;
    this.update({ start: cs, end: ce, newText: text }, clo, chi, zone, skip);
    this.doc = doc.slice(0, s) + text + doc.slice(e);
  }

  private update(change: TextChange, lo: number, hi: number, zone: Span | undefined, skip: ReadonlySet<Truth>): void {
    for (const t of this.truths) {
      if (skip.has(t)) continue;
      const now = t.range !== null && lo < t.range.end && hi > t.range.start;
      if (now && !t.touched) [t.touched, t.zones] = [true, [t.range!]];
      if (t.range) {
        const r = applyEdit(t.range, change);
        t.range = r === 'deleted' ? null : r;
      }
      const follow = (spans: Span[]) => spans.map((z) => applyEdit(z, change)).filter((z): z is Span => z !== 'deleted');
      t.copies = follow(t.copies);
      if (t.touched) {
        t.zones = follow(t.zones);
        if (now && zone && zone.end > zone.start) t.zones.push(zone);
      }
    }
  }

  /** Pastes a copy of doc[s, e) at `to` (UTF-16): what it holds of a passage now also exists there. */
  copy(s: number, e: number, to: number): void {
    const index = new CodePointIndex(this.doc);
    const [cs, ce, cto] = [s, e, to].map((u) => index.toCodePoint(u));
    const copied = new Map<Truth, Span[]>();
    for (const t of this.truths) {
      const spans = [...(t.range ? [t.range] : []), ...t.zones, ...t.copies].filter((r) => r.start < ce && r.end > cs);
      copied.set(
        t,
        spans.map((r) => ({ start: cto + Math.max(r.start, cs) - cs, end: cto + Math.min(r.end, ce) - cs })),
      );
    }
    this.change(to, to, this.doc.slice(s, e));
    for (const [t, c] of copied) t.copies.push(...c);
  }

  /** LF <-> CRLF for the whole text, one line break at a time, last first. */
  toggleLineEndings(): void {
    const doc = this.doc;
    const index = new CodePointIndex(doc);
    const toLf = doc.includes('\r\n');
    const at: number[] = [];
    for (let i = doc.indexOf(toLf ? '\r\n' : '\n'); i >= 0; i = doc.indexOf(toLf ? '\r\n' : '\n', i + 1)) at.push(index.toCodePoint(i));
    for (const p of at.reverse()) {
      this.edits++;
      const change = toLf ? { start: p, end: p + 1 } : { start: p, end: p, newText: '\r' };
      this.update(change, p, change.end, undefined, new Set());
    }
    this.doc = toLf ? doc.replace(/\r\n/g, '\n') : doc.replace(/\n/g, '\r\n');
  }

  /** Cuts doc[a, b) and pastes it at c (UTF-16, c outside the block): passages wholly inside travel with it. */
  move(a: number, b: number, c: number): void {
    const index = new CodePointIndex(this.doc);
    const [ca, cb] = [index.toCodePoint(a), index.toCodePoint(b)];
    const [lo, hi] = deletionHull(this.doc, a, b).map((u) => index.toCodePoint(u));
    const block = this.doc.slice(a, b);
    const carried = new Map<Truth, Span>();
    const parts = new Map<Truth, Span>();
    for (const t of this.truths) {
      if (!t.range || t.range.end <= ca || t.range.start >= cb) continue;
      const inner = { start: Math.max(t.range.start, ca) - ca, end: Math.min(t.range.end, cb) - ca };
      // Where the cut could slide along repeated text, a passage near the block's
      // edge could as well have stayed: count it as touched.
      if (!t.touched && t.range.start > ca + (hi - cb) && t.range.end < cb - (ca - lo)) carried.set(t, inner);
      else parts.set(t, inner);
    }
    const skip = new Set(carried.keys());
    this.change(a, b, '', skip);
    const at = c < a ? c : c - (b - a);
    const catc = new CodePointIndex(this.doc).toCodePoint(at);
    this.change(at, at, block, skip);
    for (const [t, r] of carried) t.range = { start: catc + r.start, end: catc + r.end };
    for (const [t, r] of parts) {
      if (!t.touched) [t.touched, t.zones] = [true, t.range ? [t.range] : []];
      t.zones.push({ start: catc + r.start, end: catc + r.end });
    }
  }
}

/** One random edit of the kinds people make to transcripts. */
export function randomEdit(draw: Draw, sim: Simulation): void {
  const doc = sim.doc;
  const pos = draw(0, Math.max(0, doc.length - 1));
  const kind = draw(0, 21);
  if (kind < 6) {
    // A typo replaces whole characters: never half of a surrogate pair.
    const at = (i: number) => (i > 0 && i < doc.length && widthBefore(doc, i + 1) === 2 ? i - 1 : i);
    sim.change(at(pos), at(Math.min(doc.length, pos + draw(0, 3))), pick(draw, TYPOS));
  } else if (kind < 9) {
    const s = wordStart(doc, pos);
    if (s >= 0) sim.change(s, s, token(draw) + ' ');
  } else if (kind < 12) {
    const s = wordStart(doc, pos);
    let e = s;
    for (let k = draw(1, 6); k > 0 && e >= 0; k--) e = wordStart(doc, e);
    if (s >= 0 && e > s) sim.change(s, e, draw(0, 1) ? '' : token(draw) + ' ');
  } else if (kind < 14) {
    const s = sentenceEnd(doc, pos);
    if (s >= 0) sim.change(s, s, sentence(draw) + ' ');
  } else if (kind < 16) {
    const s = sentenceEnd(doc, pos);
    const e = sentenceEnd(doc, s);
    if (s >= 0 && e > s) sim.change(s, e, '');
  } else if (kind < 18) {
    const s = sentenceEnd(doc, pos);
    const e = sentenceEnd(doc, s);
    const to = sentenceEnd(doc, draw(0, doc.length - 1));
    if (s >= 0 && e > s && to >= 0) sim.copy(s, e, to);
  } else if (kind === 18) {
    const a = turnStart(doc, pos);
    const b = turnStart(doc, a);
    const c = turnStart(doc, draw(0, doc.length - 1));
    if (a >= 0 && b > a && c >= 0 && (c < a || c > b)) sim.move(a, b, c);
  } else if (kind === 19) {
    const s = wordStart(doc, pos);
    if (s >= 0) sim.change(s, s, draw(0, 1) ? '\n' : `\n\n[00:${draw(10, 59)}:${draw(10, 59)}]\n`);
  } else if (kind === 20) {
    const s = turnStart(doc, pos);
    if (s >= 0 && doc.startsWith('P0', s)) sim.change(s, s + 3, pick(draw, ['Ann', 'Bo', 'P11']));
  } else if (draw(0, 3) === 0) {
    sim.toggleLineEndings();
  }
}

/**
 * How a coding fared. Untouched passages: 'exact' or 'moved' (found where
 * they are), 'missed' (orphaned), 'lost' (orphaned although all their context
 * is still around them: never acceptable), 'ambiguous' (put on an occurrence
 * with the same words and context, or on a copy the simulator pasted). Edited
 * passages: 'salvaged' (on what is left of them), 'copy' (on a pasted copy),
 * 'orphaned'. Any passage: 'wrong'.
 */
export type Outcome = 'exact' | 'moved' | 'salvaged' | 'copy' | 'orphaned' | 'missed' | 'lost' | 'ambiguous' | 'wrong';
export type Counts = Record<Outcome, number> & { codings: number; edits: number };

export function emptyCounts(): Counts {
  return { exact: 0, moved: 0, salvaged: 0, copy: 0, orphaned: 0, missed: 0, lost: 0, ambiguous: 0, wrong: 0, codings: 0, edits: 0 };
}

export function addCounts(into: Counts, c: Counts): void {
  for (const k of Object.keys(into) as Array<keyof Counts>) into[k] += c[k];
}

/** Judges one result against the truth (see Outcome). */
export function judge(doc: CodePointIndex, anchor: Anchor, t: Truth, r: Located): Outcome {
  if (t.range && !t.touched) {
    if (doc.slice(t.range.start, t.range.end) !== anchor.text) throw new Error('bench: the simulator lost a passage');
    if (r.state === 'orphaned') {
      // Judged apart from the code under test: line endings aside, is all the stored context still there?
      const bare = (x: string) => x.replace(/\r/g, '');
      const before = bare(doc.slice(t.range.start - 64, t.range.start)).endsWith(bare(anchor.before ?? ''));
      const after = bare(doc.slice(t.range.end, t.range.end + 64)).startsWith(bare(anchor.after ?? ''));
      return before && after ? 'lost' : 'missed';
    }
    if (r.start === t.range.start && r.end === t.range.end) return r.state;
    // A copy the simulator pasted, or words and context the same as the passage's: nothing tells them apart.
    const same = (x: Span) => doc.slice(x.start - 32, x.end + 32);
    const onCopy = t.copies.some((c) => c.start === r.start && c.end === r.end);
    return onCopy || (r.start >= 32 && t.range.start >= 32 && same(r) === same(t.range)) ? 'ambiguous' : 'wrong';
  }
  if (r.state === 'orphaned') return 'orphaned';
  // Mostly on what is left of it: its pieces may have been moved apart.
  const mostly = (spans: Span[]) => {
    let covered = 0;
    for (let p = r.start; p < r.end; p++) if (spans.some((z) => z.start <= p && p < z.end)) covered++;
    return 2 * covered >= r.end - r.start;
  };
  return mostly(t.zones) ? 'salvaged' : mostly(t.copies) ? 'copy' : 'wrong';
}
