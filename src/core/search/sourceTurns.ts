import { locateAll } from '../anchor';
import type { Coding } from '../model';
import { CodePointIndex } from '../text';
import { parseTranscript } from '../transcripts';
import type { CachedSource } from './cacheFile';
import type { SearchTurn } from './types';

/** A source's turns as the index takes them. */
export function turnsFrom(cached: CachedSource): SearchTurn[] {
  return cached.turns.map(([start, end, speaker]) => (speaker === null ? { start, end } : { start, end, speaker }));
}

/** The turns of a transcript as search indexes them: what is said, after the speaker's label. */
export function turnsOf(text: string): SearchTurn[] {
  return parseTranscript(text).turns.map((t) =>
    t.speaker === undefined
      ? { start: t.text.cpStart, end: t.text.cpEnd }
      : { start: t.text.cpStart, end: t.text.cpEnd, speaker: t.speaker },
  );
}

/** Codings where their passages are in `text` now; orphaned ones are left out (their passage is not there). */
export function locatedCodings(text: string, codings: readonly Coding[]): Coding[] {
  if (codings.length === 0) return [];
  const located = locateAll(new CodePointIndex(text), codings);
  return codings.flatMap((c, i) => (located[i].state === 'orphaned' ? [] : [{ ...c, start: located[i].start, end: located[i].end }]));
}
