import { applyEdits, captureAnchor, locateAll, type TextChange } from '../anchor';
import type { AnchorState, Coding } from '../model';
import { CodePointIndex } from '../text';

/** A coding as it is in an open editor now: `deleted` when its whole passage was removed. */
export interface LiveCoding {
  coding: Coding;
  start: number;
  end: number;
  state: AnchorState | 'deleted';
}

/**
 * The codings of one transcript while it is edited: found on load (exact, moved
 * or orphaned), then kept in step with every change arithmetically (no text
 * search per keystroke), and turned back into codings with fresh anchors when
 * the transcript is saved.
 */
export class LiveSource {
  entries: LiveCoding[];

  constructor(text: string, codings: readonly Coding[]) {
    const located = locateAll(new CodePointIndex(text), codings);
    this.entries = codings.map((coding, i) => ({ coding, start: located[i].start, end: located[i].end, state: located[i].state }));
  }

  /** Applies one editor event's changes (code points); returns the codings whose passage is now gone. */
  applyChanges(changes: readonly TextChange[]): LiveCoding[] {
    const gone: LiveCoding[] = [];
    for (const e of this.entries) {
      if (e.state === 'orphaned' || e.state === 'deleted') continue;
      const next = applyEdits(e, changes);
      if (next === 'deleted') {
        e.state = 'deleted';
        gone.push(e);
      } else if (next.start !== e.start || next.end !== e.end) {
        e.start = next.start;
        e.end = next.end;
        if (e.state === 'exact') e.state = 'moved';
      } else if (changes.some((c) => c.start < e.end && c.end > e.start)) {
        // same offsets, new words inside: its anchor text must be refreshed on save
        e.state = 'moved';
      }
    }
    return gone;
  }

  /** Shows codings about to be written (their offsets are of the current text), before the write completes. */
  addPending(codings: readonly Coding[]): void {
    for (const coding of codings) this.entries.push({ coding, start: coding.start, end: coding.end, state: 'exact' });
  }

  /** Whether saving should rewrite the codings (some passage moved or changed). */
  get changed(): boolean {
    return this.entries.some((e) => e.state === 'moved');
  }

  /** Codings at a code point offset (start inclusive, end exclusive), innermost first. */
  at(offset: number): LiveCoding[] {
    return this.entries
      .filter((e) => (e.state === 'exact' || e.state === 'moved') && e.start <= offset && offset < e.end)
      .sort((a, b) => a.end - a.start - (b.end - b.start));
  }

  /**
   * The codings to write for `text` (the saved transcript): moved passages get
   * their new offsets and a fresh quote and context; orphaned and deleted ones
   * are kept exactly as stored (never dropped: they are reported for repair).
   */
  updatedCodings(text: string): Map<string, Coding> {
    const index = new CodePointIndex(text);
    const out = new Map<string, Coding>();
    for (const e of this.entries) {
      if (e.state !== 'moved' || e.end <= e.start || e.end > index.length) continue;
      out.set(e.coding.id, { ...e.coding, ...captureAnchor(index, e.start, e.end) });
    }
    return out;
  }
}

/** Stacking levels for overlapping passages, so each can be drawn distinguishably (0 = outermost line). */
export function overlapLevels(spans: readonly { start: number; end: number }[]): number[] {
  const order = spans.map((s, i) => i).sort((a, b) => spans[a].start - spans[b].start || spans[b].end - spans[a].end);
  const levelEnds: number[] = [];
  const levels = new Array<number>(spans.length).fill(0);
  for (const i of order) {
    let level = levelEnds.findIndex((end) => end <= spans[i].start);
    if (level < 0) level = levelEnds.length;
    levelEnds[level] = spans[i].end;
    levels[i] = level;
  }
  return levels;
}
