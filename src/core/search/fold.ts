/**
 * Tokenising and folding for search. Indexing, querying, phrase checks and
 * snippet marks all go through these functions, so that what is found is
 * exactly what is marked.
 */

/** A word: letters, digits and the combining marks that belong to them. */
const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const MARKS = /\p{M}+/gu;
const ASCII = /^[\x00-\x7f]*$/;
const WHITESPACE = /\s/;
const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Splits text into words; punctuation and spaces separate words ("don't" is "don", "t"). */
export function tokenize(text: string): string[] {
  return text.match(WORD) ?? [];
}

/**
 * Folds a term so that case, accents and compatibility forms do not matter:
 * NFKD, lowercase, combining marks removed ("Zoë" and "ZOE" both give "zoe").
 * Returns '' for a term made only of marks, which the index then skips.
 */
export function foldTerm(term: string): string {
  // Most words in an English corpus are ASCII; skipping normalize() there
  // roughly halves indexing time.
  if (ASCII.test(term)) return term.toLowerCase();
  return term.normalize('NFKD').toLowerCase().replace(MARKS, '').normalize('NFC');
}

/** Folded text with, for each UTF-16 unit of it, the UTF-16 range of the original character it came from. */
export interface FoldedText {
  text: string;
  from: number[];
  to: number[];
}

/**
 * Folds running text the way {@link foldTerm} folds words and collapses every
 * run of whitespace to one space, keeping a map back to the original so that a
 * phrase found in the folded text can be marked in the original.
 */
export function foldWithMap(text: string): FoldedText {
  const from: number[] = [];
  const to: number[] = [];
  return { text: fold(text, from, to), from, to };
}

/** The text part of {@link foldWithMap}, which is what phrase checks run on. */
export function foldPlain(text: string): string {
  // Same result as fold() for ASCII, with native string operations.
  if (ASCII.test(text)) return text.toLowerCase().replace(/\s+/g, ' ');
  return fold(text);
}

/**
 * One pass over the text, working on char codes: phrase checks fold every
 * candidate passage that is not pure ASCII, so this is on the query path.
 */
function fold(text: string, from?: number[], to?: number[]): string {
  const units: number[] = [];
  let lastWasSpace = false;
  const space = (i: number, width: number) => {
    if (!lastWasSpace) {
      units.push(32);
      from?.push(i);
      to?.push(i + width);
      lastWasSpace = true;
    } else if (to) {
      to[to.length - 1] = i + width;
    }
  };
  for (let i = 0; i < text.length;) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      if (c === 32 || (c >= 9 && c <= 13)) space(i, 1);
      else {
        units.push(c >= 65 && c <= 90 ? c + 32 : c);
        from?.push(i);
        to?.push(i + 1);
        lastWasSpace = false;
      }
      i++;
      continue;
    }
    const width = c >= 0xd800 && c <= 0xdbff && i + 1 < text.length ? 2 : 1;
    const ch = text.slice(i, i + width);
    if (WHITESPACE.test(ch)) space(i, width);
    else {
      const folded = ch.normalize('NFKD').toLowerCase().replace(MARKS, '');
      for (let k = 0; k < folded.length; k++) {
        units.push(folded.charCodeAt(k));
        from?.push(i);
        to?.push(i + width);
      }
      if (folded.length > 0) lastWasSpace = false;
    }
    i += width;
  }
  let out = '';
  for (let k = 0; k < units.length; k += 4096) out += String.fromCharCode(...units.slice(k, k + 4096));
  return out;
}

/**
 * UTF-16 indices in `folded` where `phrase` (already folded) occurs as whole
 * words: a phrase that starts (ends) with a letter or digit must not be
 * preceded (followed) by one, so "money day" is not found in "money days".
 */
export function findPhrase(folded: string, phrase: string, all = true): number[] {
  const found: number[] = [];
  if (!phrase) return found;
  const checkBefore = WORD_CHAR.test(phrase[0]);
  const checkAfter = WORD_CHAR.test(phrase[phrase.length - 1]);
  for (let at = folded.indexOf(phrase); at >= 0; at = folded.indexOf(phrase, at + 1)) {
    if (checkBefore && at > 0 && isWordCharBefore(folded, at)) continue;
    const end = at + phrase.length;
    if (checkAfter && end < folded.length && WORD_CHAR.test(String.fromCodePoint(folded.codePointAt(end)!))) continue;
    found.push(at);
    if (!all) break;
  }
  return found;
}

function isWordCharBefore(s: string, at: number): boolean {
  const low = s.charCodeAt(at - 1);
  const start = low >= 0xdc00 && low <= 0xdfff && at >= 2 ? at - 2 : at - 1;
  return WORD_CHAR.test(String.fromCodePoint(s.codePointAt(start)!));
}

/** Whether `text` is pure ASCII, which phrase checks can test without folding. */
export function isAscii(text: string): boolean {
  return ASCII.test(text);
}

/**
 * Tests for whether a text contains a folded phrase (as {@link findPhrase}
 * finds it). Phrase checks run on every candidate of a query, so ASCII text is
 * tested with one case-insensitive regular expression instead of being folded;
 * other text is tested in its folded form, which the caller may cache.
 */
export interface PhraseTester {
  ascii(text: string): boolean;
  folded(folded: string): boolean;
}

export function phraseTester(phrase: string): PhraseTester {
  const folded = (f: string) => findPhrase(f, phrase, false).length > 0;
  if (!phrase || !ASCII.test(phrase)) return { ascii: (text) => folded(foldPlain(text)), folded };
  const body = phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
  // Only ever run on ASCII text, where the letters and digits are these: a regular expression without the
  // Unicode flag is about twice as fast, and phrase checks run on every candidate.
  const before = WORD_CHAR.test(phrase[0]) ? '(?<![A-Za-z0-9])' : '';
  const after = WORD_CHAR.test(phrase[phrase.length - 1]) ? '(?![A-Za-z0-9])' : '';
  const re = new RegExp(before + body + after, 'i');
  return { ascii: (text) => re.test(text), folded };
}

/** Each word of `text` with its UTF-16 range. */
export function* wordsWithRanges(text: string): Generator<{ word: string; start: number; end: number }> {
  for (const m of text.matchAll(WORD)) yield { word: m[0], start: m.index!, end: m.index! + m[0].length };
}

/** Levenshtein distance, giving up (returning max + 1) once it must exceed `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length];
}
