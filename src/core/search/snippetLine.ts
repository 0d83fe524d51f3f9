import type { Snippet } from './types';

/** A snippet as one line of text, with its marks as UTF-16 `[start, end)` ranges into that line. */
export interface SnippetLine {
  text: string;
  marks: [number, number][];
}

/**
 * The snippet on one line (runs of whitespace become one space), at most `max`
 * UTF-16 units long with "…" where it was cut, marks moved along. A line that
 * would show its first mark only after `lead` characters starts a few words
 * before it instead: lists cut long lines at their end, and the match is what
 * the researcher looks for.
 */
export function snippetLine(snippet: Snippet, max = 160, lead = 40): SnippetLine {
  let text = '';
  // UTF-16 index in `text` of each code point of the snippet (and of its end).
  const at: number[] = [];
  let space = false;
  for (const ch of snippet.text) {
    if (/\s/.test(ch)) {
      at.push(text.length);
      space = text.length > 0;
      continue;
    }
    if (space) text += ' ';
    space = false;
    at.push(text.length);
    text += ch;
  }
  at.push(text.length);
  let marks = snippet.marks
    .map(([s, e]): [number, number] => [at[Math.min(s, at.length - 1)], at[Math.min(e, at.length - 1)]])
    .filter(([s, e]) => e > s);
  const first = marks.length ? Math.min(...marks.map(([s]) => s)) : 0;
  if (first > lead) {
    const cut = text.lastIndexOf(' ', first - Math.floor(lead / 2));
    if (cut > 0) {
      // "…" stands for text[0..cut], so what follows moves back by `cut`.
      text = '…' + text.slice(cut + 1);
      marks = marks.map(([s, e]): [number, number] => [s - cut, e - cut]).filter(([s]) => s >= 1);
    }
  }
  if (text.length > max) {
    let cut = max - 1;
    if (/[\uDC00-\uDFFF]/.test(text[cut] ?? '')) cut--;
    text = text.slice(0, cut).trimEnd() + '…';
    marks = marks.filter(([s]) => s < cut).map(([s, e]): [number, number] => [s, Math.min(e, cut)]);
  }
  return { text, marks };
}

/** The line with each mark in «guillemets», for places that cannot highlight ranges (quick pick details). */
export function bracketed(line: SnippetLine): string {
  let out = '';
  let from = 0;
  for (const [s, e] of [...line.marks].sort((a, b) => a[0] - b[0])) {
    if (s < from) continue;
    out += line.text.slice(from, s) + '«' + line.text.slice(s, e) + '»';
    from = e;
  }
  return out + line.text.slice(from);
}
