import { locateAll } from '../anchor';
import type { Coding } from '../model';
import type { Project } from '../project';
import { CodePointIndex, hashText } from '../text';
import { parseTranscript } from '../transcripts';
import type { CachedSource } from './cacheFile';
import type { SearchTurn } from './types';

/** A source's turns as the index takes them; undefined when the list's are damaged. */
export function turnsFrom(cached: Pick<CachedSource, 'turns' | 'speakers'>): SearchTurn[] | undefined {
  if (typeof cached.turns !== 'string' || !Array.isArray(cached.speakers)) return undefined;
  if (cached.turns === '') return [];
  const n = cached.turns.split(' ').map(Number);
  if (n.length % 3 !== 0 || !n.every(Number.isInteger)) return undefined;
  const out: SearchTurn[] = [];
  for (let i = 0; i < n.length; i += 3) {
    const speaker = n[i + 2] < 0 ? undefined : cached.speakers[n[i + 2]];
    if (n[i + 2] >= 0 && typeof speaker !== 'string') return undefined;
    out.push(speaker === undefined ? { start: n[i], end: n[i + 1] } : { start: n[i], end: n[i + 1], speaker });
  }
  return out;
}

/** Turns as the list keeps them (see CachedSource#turns). */
export function packTurns(turns: readonly SearchTurn[]): { turns: string; speakers: string[] } {
  const speakers: string[] = [];
  const numbers: number[] = [];
  for (const t of turns) {
    let sp = -1;
    if (t.speaker !== undefined) {
      sp = speakers.indexOf(t.speaker);
      if (sp < 0) sp = speakers.push(t.speaker) - 1;
    }
    numbers.push(t.start, t.end, sp);
  }
  return { turns: numbers.join(' '), speakers };
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

/**
 * The content key of a source's codings: the hashes of the codings files that hold them (`codingsSource`:
 * codings file -> source), as the store last read them (a file it has not read: the codings themselves).
 */
export function codingsKey(project: Project, codingsSource: ReadonlyMap<string, string>, path: string): string {
  const parts: string[] = [];
  for (const [file, source] of codingsSource) {
    if (source !== path) continue;
    parts.push(`${file}:${project.store.hashOf(file) ?? hashText(JSON.stringify(project.codings.get(path)?.codings ?? []))}`);
  }
  return hashText(parts.sort().join('\n'));
}
