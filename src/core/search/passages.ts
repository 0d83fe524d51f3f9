import { hashText, type CodePointIndex } from '../text';
import type { Segment } from './segment';
import type { IndexedCoding, PassageRecord, SearchTurn, SourceEntry } from './types';

/** The codings of a passage with none: one shared (frozen) array rather than one per passage, of which a large project has 600,000. */
export const NO_CODINGS: IndexedCoding[] = Object.freeze([]) as unknown as IndexedCoding[];

/**
 * Indexes the passages of `entry`'s text in `seg`, reusing the records of `old`
 * passages whose text is unchanged (only their offsets move), so an edit costs
 * about one turn, not one transcript. Returns how many were added, and the old
 * records no longer used (for the caller to remove).
 */
export function indexPassages(
  seg: Segment,
  entry: SourceEntry,
  old: readonly PassageRecord[],
  cpi: CodePointIndex,
  turns: readonly SearchTurn[],
): { added: number; gone: PassageRecord[] } {
  const reusable = new Map<string, PassageRecord[]>();
  for (const p of old.length > 0 ? withKeys(old[0].source) : old) {
    const list = reusable.get(p.key);
    if (list) list.push(p);
    else reusable.set(p.key, [p]);
  }
  let added = 0;
  for (const r of passageRanges(cpi.text, cpi, turns)) {
    const passageText = cpi.slice(r.start, r.end);
    if (!/[\p{L}\p{N}]/u.test(passageText)) continue;
    const pkey = hashText(passageText);
    const reuse = reusable.get(pkey)?.shift();
    if (reuse) {
      Object.assign(reuse, { source: entry, start: r.start, end: r.end, speaker: r.speaker });
      entry.passages.push(reuse);
      continue;
    }
    const rec: PassageRecord = { kind: 'passage', id: 0, source: entry, start: r.start, end: r.end, key: pkey, codings: NO_CODINGS };
    if (r.speaker !== undefined) rec.speaker = r.speaker;
    seg.add(rec, { text: passageText });
    entry.passages.push(rec);
    added++;
  }
  return { added, gone: [...reusable.values()].flat() };
}

/**
 * The passages of a source as code point ranges: its turns (clamped to the
 * text, empty ones dropped, in start order), or, with no turns, its
 * paragraphs (split at blank lines, trimmed).
 */
export function passageRanges(text: string, cpi: CodePointIndex, turns: readonly SearchTurn[]): SearchTurn[] {
  if (turns.length > 0) {
    const length = cpi.length;
    return turns
      .map((t) => ({ ...t, start: Math.max(0, Math.min(t.start, length)), end: Math.max(0, Math.min(t.end, length)) }))
      .filter((t) => t.end > t.start)
      .sort((a, b) => a.start - b.start || a.end - b.end);
  }
  const out: SearchTurn[] = [];
  const push = (from: number, to: number) => {
    const chunk = text.slice(from, to);
    const lead = chunk.length - chunk.trimStart().length;
    const trail = chunk.length - chunk.trimEnd().length;
    if (from + lead < to - trail) out.push({ start: cpi.toCodePoint(from + lead), end: cpi.toCodePoint(to - trail) });
  };
  let from = 0;
  for (const m of text.matchAll(/\r?\n[ \t]*(?:\r?\n[ \t]*)+/g)) {
    push(from, m.index!);
    from = m.index! + m[0].length;
  }
  push(from, text.length);
  return out;
}

/**
 * Sets each passage's `codings` to those overlapping it (`start < passage end`
 * and `end > passage start`). Passages must be in start order; they may overlap.
 */
export function attachCodings(passages: readonly PassageRecord[], codings: readonly IndexedCoding[]): void {
  for (const p of passages) p.codings = NO_CODINGS;
  // Running maximum of ends: monotonic even when turns overlap, so it can be bisected.
  const maxEnd: number[] = [];
  for (const p of passages) maxEnd.push(Math.max(p.end, maxEnd[maxEnd.length - 1] ?? 0));
  for (const c of codings) {
    let lo = 0;
    let hi = passages.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (maxEnd[mid] <= c.start) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo; k < passages.length && passages[k].start < c.end; k++)
      if (passages[k].end > c.start) {
        const p = passages[k];
        if (p.codings === NO_CODINGS) p.codings = [c];
        else p.codings.push(c);
      }
  }
}

/** A source's content key: its text's hash and its turns'. */
export function sourceKey(textHash: string, turns: readonly SearchTurn[]): string {
  return `${textHash}:${hashText(JSON.stringify(turns.map((t) => [t.start, t.end, t.speaker ?? null])))}`;
}

/**
 * A source's passages with their content keys: a source loaded from the cache keeps them joined
 * (`packedKeys`) until they are needed, when it is indexed again or saved. Keys that do not match the
 * passages (a damaged cache) become empty: nothing is then reused, everything is indexed again.
 */
export function withKeys(entry: SourceEntry): PassageRecord[] {
  if (entry.packedKeys === undefined) return entry.passages;
  const keys = entry.packedKeys.split('\n');
  const ok = keys.length === entry.passages.length;
  entry.passages.forEach((p, i) => (p.key = ok ? keys[i] : ''));
  delete entry.packedKeys;
  return entry.passages;
}
