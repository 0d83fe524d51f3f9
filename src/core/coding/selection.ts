/**
 * Snapping a selection to whole words before coding, so a quickly made
 * selection that clips a word ("oney will las") codes "money will last".
 * Works on UTF-16 indices of the editor text. Letters, marks, digits, and an
 * apostrophe or hyphen between letters count as word characters.
 */
const WORD = /[\p{L}\p{M}\p{N}]/u;
const JOINER = /['’-]/;

function isWordAt(text: string, i: number): boolean {
  if (i < 0 || i >= text.length) return false;
  const ch = String.fromCodePoint(text.codePointAt(i)!);
  if (WORD.test(ch)) return true;
  return JOINER.test(ch) && i > 0 && WORD.test(text[i - 1]) && i + 1 < text.length && WORD.test(text[i + 1]);
}

/** The range widened to whole words and trimmed of surrounding white space. */
export function snapToWords(text: string, start: number, end: number): { start: number; end: number } {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text[s])) s++;
  while (e > s && /\s/.test(text[e - 1])) e--;
  if (s >= e) return { start, end };
  if (isWordAt(text, s) && isWordAt(text, s - 1)) while (isWordAt(text, s - 1)) s--;
  if (isWordAt(text, e - 1) && isWordAt(text, e)) while (isWordAt(text, e)) e++;
  // never split a surrogate pair
  if (s > 0 && /[\uDC00-\uDFFF]/.test(text[s])) s--;
  if (e < text.length && /[\uDC00-\uDFFF]/.test(text[e])) e++;
  return { start: s, end: e };
}

/** A code name made from selected words (in vivo coding): the words themselves, shortened. */
export function inVivoName(selected: string): string {
  const words = selected
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^["'“‘]+|["'”’.,;:!?]+$/g, '');
  return words.length <= 60 ? words : words.slice(0, 59).replace(/\s+\S*$/, '') + '…';
}
