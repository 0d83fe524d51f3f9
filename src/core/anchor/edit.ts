/**
 * Keeping passages in place while the editor changes the text: offsets follow
 * each change arithmetically, without looking at the text.
 */
import { type CodePointIndex, codePointLength } from '../text';

/** A range of a text in code points, end exclusive. */
export interface Span {
  start: number;
  end: number;
}

/**
 * One change to a text, in code points of the text it applies to: the range
 * `start`..`end` is replaced by `newText` (or by `newLength` code points of
 * text the caller did not keep). Neither given means a deletion.
 */
export interface TextChange {
  start: number;
  end: number;
  newText?: string;
  newLength?: number;
}

function newLengthOf(change: TextChange): number {
  if (change.newText !== undefined) return codePointLength(change.newText);
  return change.newLength ?? 0;
}

/**
 * Where a passage is after one change to its text, or `'deleted'` when the
 * change covers all of it (a coding whose words are all gone is reported, not
 * kept as an empty range). At the boundaries:
 * - text inserted exactly at the start or the end stays outside the passage
 *   (typing next to a coded passage does not extend it);
 * - a change inside the passage, including one that replaces its first or last
 *   characters, keeps its new text inside (retyping the first word of a passage
 *   keeps it coded);
 * - a change that crosses a boundary removes the overlapped part and leaves its
 *   new text outside;
 * - a change that ends exactly where the passage starts shifts it; one that
 *   starts exactly where it ends leaves it alone.
 */
export function applyEdit(span: Span, change: TextChange): Span | 'deleted' {
  const { start: s, end: e } = change;
  const n = newLengthOf(change);
  if (!(s >= 0 && e >= s && n >= 0)) throw new RangeError(`anchor: not a change: ${s}-${e} -> ${n} code points`);
  const delta = n - (e - s);
  const { start, end } = span;
  if (e <= start) return { start: start + delta, end: end + delta };
  if (s >= end) return { start, end };
  if (s <= start && e >= end) return 'deleted';
  if (s >= start && e <= end) return { start, end: end + delta };
  if (s < start) return { start: s + n, end: end + delta };
  return { start, end: s };
}

/**
 * Where a passage is after the changes of one editor event, applied in array
 * order, each to the text the previous ones left (the LSP rule for
 * `contentChanges`). VS Code reports the changes of one event sorted by
 * descending offset and never overlapping, so their offsets are also valid in
 * the text before the event and either reading gives the same result.
 */
export function applyEdits(span: Span, changes: readonly TextChange[]): Span | 'deleted' {
  let cur: Span = span;
  for (const change of changes) {
    const next = applyEdit(cur, change);
    if (next === 'deleted') return next;
    cur = next;
  }
  return cur;
}

/** A change as VS Code's `TextDocumentContentChangeEvent` gives it: UTF-16 offsets. */
export interface Utf16Change {
  rangeOffset: number;
  rangeLength: number;
  text: string;
}

/**
 * Converts one event's changes from UTF-16 offsets to code points, given the
 * text before the event. Exact for changes sorted by descending offset (what
 * VS Code sends): each then lies in text no earlier change has touched. For
 * other orders an earlier change that adds or removes astral characters in
 * front of a later one skews it; re-anchor with `locate` after such an event.
 */
export function changesFromUtf16(before: CodePointIndex, changes: readonly Utf16Change[]): TextChange[] {
  return changes.map((c) => ({
    start: before.toCodePoint(c.rangeOffset),
    end: before.toCodePoint(c.rangeOffset + c.rangeLength),
    newText: c.text,
  }));
}
