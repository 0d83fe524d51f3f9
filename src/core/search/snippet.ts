import { CodePointIndex } from '../text';
import { editDistance, findPhrase, foldTerm, foldWithMap, wordsWithRanges } from './fold';
import type { Snippet } from './types';

/** A query word after folding, with how loosely it may match. */
export interface QueryTerm {
  term: string;
  prefix: boolean;
  /** Maximum edit distance; 0 for exact. */
  fuzzy: number;
}

/** Prefix from 3 letters; one edit from 4, two from 8 (a transposition costs two). */
export function queryTerm(term: string): QueryTerm {
  return { term, prefix: term.length >= 3, fuzzy: term.length >= 8 ? 2 : term.length >= 4 ? 1 : 0 };
}

/** Whether an indexed (folded) term is one that query term `q` matches. */
export function termMatches(indexed: string, q: QueryTerm): boolean {
  if (indexed === q.term) return true;
  if (q.prefix && indexed.startsWith(q.term)) return true;
  return q.fuzzy > 0 && editDistance(indexed, q.term, q.fuzzy) <= q.fuzzy;
}

/** What to mark: every word a query word matches (as the index matched it), and folded phrases. */
export interface MarkSpec {
  words: readonly QueryTerm[];
  phrases: readonly string[];
}

/** UTF-16 ranges of the matches in `text`, sorted and merged. */
export function findMarks(text: string, spec: MarkSpec): [number, number][] {
  const marks: [number, number][] = [];
  if (spec.words.length > 0) {
    // Words repeat; edit distances are worth computing once per distinct word.
    const seen = new Map<string, boolean>();
    for (const w of wordsWithRanges(text)) {
      let hit = seen.get(w.word);
      if (hit === undefined) {
        const folded = foldTerm(w.word);
        hit = spec.words.some((q) => termMatches(folded, q));
        seen.set(w.word, hit);
      }
      if (hit) marks.push([w.start, w.end]);
    }
  }
  if (spec.phrases.length > 0) {
    const folded = foldWithMap(text);
    for (const phrase of spec.phrases) {
      for (const at of findPhrase(folded.text, phrase)) marks.push([folded.from[at], folded.to[at + phrase.length - 1]]);
    }
  }
  marks.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: [number, number][] = [];
  for (const m of marks) {
    const last = merged[merged.length - 1];
    if (last && m[0] <= last[1]) last[1] = Math.max(last[1], m[1]);
    else merged.push([m[0], m[1]]);
  }
  return merged;
}

/** Longest snippet, in code points. */
export const SNIPPET_LENGTH = 200;
/** How much text to keep before the first match, in code points. */
const LEAD = 60;

/**
 * The part of `text` around its first match, at most {@link SNIPPET_LENGTH}
 * code points, cut at whitespace where possible. Offsets (snippet start and
 * marks) are code points; `start` is relative to `text`.
 */
export function makeSnippet(text: string, spec: MarkSpec, maxLength = SNIPPET_LENGTH): Snippet {
  const marks = findMarks(text, spec);
  const cpi = new CodePointIndex(text);
  let from = 0;
  let to = text.length;
  if (cpi.length > maxLength) {
    const first = marks.length > 0 ? cpi.toCodePoint(marks[0][0]) : 0;
    let start = Math.max(0, Math.min(first - LEAD, cpi.length - maxLength));
    if (start > 0) {
      // Start at the word after the nearest whitespace, so the snippet does not open mid-word.
      const u = cpi.toUtf16(start);
      const space = text.slice(u, cpi.toUtf16(first)).search(/\s\S/);
      if (space >= 0) start = cpi.toCodePoint(u + space + 1);
    }
    let end = Math.min(cpi.length, start + maxLength);
    if (end < cpi.length) {
      const window = text.slice(cpi.toUtf16(start), cpi.toUtf16(end));
      const cut = window.search(/\s\S*$/);
      if (cut > 0) end = cpi.toCodePoint(cpi.toUtf16(start) + cut);
    }
    from = cpi.toUtf16(start);
    to = cpi.toUtf16(end);
  }
  const cpFrom = cpi.toCodePoint(from);
  const out: [number, number][] = [];
  for (const [s, e] of marks) {
    if (e <= from || s >= to) continue;
    out.push([cpi.toCodePoint(Math.max(s, from)) - cpFrom, cpi.toCodePoint(Math.min(e, to)) - cpFrom]);
  }
  return { text: text.slice(from, to), start: cpFrom, marks: out };
}
