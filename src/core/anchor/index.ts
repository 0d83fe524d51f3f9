/**
 * Passages that survive edits. A coding stores its offsets (the fast path) and
 * its quote with up to 32 code points of context on each side (the W3C
 * text-quote selector), all in code points as docs/format.md counts them.
 * Pure: no vscode, no file system.
 */
import type { Anchor, Located } from '../model';
import type { CodePointIndex } from '../text';
import { findIntact, findPassage, Haystack, intactAt, type Found, type Quote } from './find';

export { applyEdit, applyEdits, changesFromUtf16, type Span, type TextChange, type Utf16Change } from './edit';

/** Code points of context kept on each side of a passage (format.md). */
export const CONTEXT_LENGTH = 32;

/**
 * The anchor of the passage `start`..`end` (code points, end exclusive) of a
 * text: the passage and up to 32 code points before and after it. Empty
 * context (at the start or end of the text) is left out.
 * Throws when the range is not a non-empty range of the text.
 */
export function captureAnchor(index: CodePointIndex, start: number, end: number): Anchor {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > index.length || end <= start) {
    throw new RangeError(`anchor: ${start}-${end} is not a passage of a text of ${index.length} code points`);
  }
  const text = index.slice(start, end);
  const before = index.slice(Math.max(0, start - CONTEXT_LENGTH), start);
  const after = index.slice(end, Math.min(index.length, end + CONTEXT_LENGTH));
  return { start, end, text, ...(before ? { before } : {}), ...(after ? { after } : {}) };
}

/**
 * Where an anchored passage is in `index`'s text now:
 * - `exact`: its text is at its stored offsets, with its context around it or
 *   otherwise confirmed as below;
 * - `moved`: found elsewhere by its quote and context, or what is left of it
 *   after small edits inside it (start/end are the new place);
 * - `orphaned`: not found with confidence (start/end as stored).
 * Where the same words occur several times, the stored context decides, then
 * closeness to the stored offsets: among places with all their context, or
 * when no context is stored, the nearest wins; otherwise the best place must
 * be clearly ahead of every other. When the evidence is weak or split the
 * passage is orphaned rather than put on words that may not be its own.
 * Line-ending changes (LF <-> CRLF) count as no edit. Offsets past the end of
 * the text are not errors.
 */
export function locate(index: CodePointIndex, anchor: Anchor): Located {
  const hay = new Haystack(index.text);
  const q = quoteOf(index, anchor, [index.toUtf16(anchor.start)]);
  return toLocated(index, anchor, findSolid(hay, q) ?? findPassage(hay, q));
}

/**
 * `locate` for many anchors of one text; results in the order given. Faster
 * and surer than one by one: a first pass confirms, without a search, the
 * passages that moved only as much as the one before them; the rest are then
 * looked for near their stored offsets shifted as much as their nearest
 * confirmed neighbours, which tells repeated words apart when their own
 * context was edited, and keeps passages near where the edits put them.
 */
export function locateAll(index: CodePointIndex, anchors: readonly Anchor[]): Located[] {
  const n = anchors.length;
  const order = anchors.map((_, i) => i).sort((a, b) => anchors[a].start - anchors[b].start || anchors[a].end - anchors[b].end);
  const homes = anchors.map((a) => index.toUtf16(a.start));
  const found = new Array<Found | undefined>(n);
  const shifts = new Array<number | undefined>(n);
  const hay = new Haystack(index.text);
  let shift = 0;
  for (const i of order) {
    const f = findSolid(hay, quoteOf(index, anchors[i], [homes[i], homes[i] + shift]));
    if (f) shift = shifts[i] = f.start - homes[i];
    found[i] = f;
  }
  // The shift of the nearest confirmed neighbour in stored order on one side.
  const neighbour = (k: number, step: 1 | -1) => {
    for (let j = k + step; j >= 0 && j < n; j += step) if (shifts[order[j]] !== undefined) return shifts[order[j]];
    return undefined;
  };
  order.forEach((i, k) => {
    if (found[i]) return;
    const near = [neighbour(k, -1), neighbour(k, 1)].filter((s): s is number => s !== undefined);
    found[i] = findPassage(hay, quoteOf(index, anchors[i], near.length > 0 ? near.map((s) => homes[i] + s) : [homes[i]]));
  });
  return anchors.map((a, i) => toLocated(index, a, found[i]));
}

function quoteOf(index: CodePointIndex, anchor: Anchor, hints: number[]): Quote {
  const len = index.text.length;
  const clamped = [...new Set(hints.map((h) => Math.max(0, Math.min(len, h))))];
  return { text: anchor.text, before: anchor.before ?? '', after: anchor.after ?? '', hints: clamped };
}

/**
 * The passage verbatim in all its stored context: at a hint without a search,
 * else anywhere; failing that, the passage with its line breaks as the text
 * now writes them (git's autocrlf rewrites whole files), which moves its end.
 */
function findSolid(hay: Haystack, q: Quote): Found | undefined {
  const full = q.before.length + q.after.length;
  for (const h of q.hints) if (intactAt(hay.doc, q, h)) return { start: h, end: h + q.text.length, verbatim: true, context: full };
  const found = findIntact(hay, q);
  if (found || !q.text.includes('\n')) return found;
  for (const text of [q.text.replace(/\r?\n/g, '\r\n'), q.text.replace(/\r\n/g, '\n')]) {
    const other = text === q.text ? undefined : findIntact(hay, { ...q, text });
    if (other) return { ...other, verbatim: false };
  }
  return undefined;
}

/**
 * In code points. Words at the stored offsets whose context is gone were
 * not found with confidence: with repeated phrases such coincidences are
 * common, so they are orphaned like any other doubtful place.
 */
function toLocated(index: CodePointIndex, anchor: Anchor, found: Found | undefined): Located {
  if (found) {
    const start = index.toCodePoint(found.start);
    const end = index.toCodePoint(found.end);
    const exact = found.verbatim && start === anchor.start && end === anchor.end;
    if (end > start) return { state: exact ? 'exact' : 'moved', start, end };
  }
  return { state: 'orphaned', start: anchor.start, end: anchor.end };
}
