/**
 * The pseudonymiser's e-mail and phone finders, as hand-written scanners that
 * look at each character a bounded number of times. They find what these
 * patterns find with `matchAll` (the form the pseudonymiser used before):
 *
 *   e-mail: [\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}
 *   phone:  (?<![\p{L}\p{N}+])(?:\+\d{1,3}[\s.-]?(?:\(0\)\s?)?|\(?0)\d{1,5}\)?(?:[\s.-]?\d{2,5}){1,4}(?![\p{L}\p{N}])
 *           with 9 to 15 digits
 *
 * Run by a backtracking regular-expression engine, the e-mail pattern tried the
 * whole rest of the text again from every position: a 400,000-character review
 * comment took minutes (#20 item 5). Here the local part is found by looking
 * back from each "@" (one pass), and each domain scan stops at the next "@".
 */

/** A place found in a text: [start, end) in UTF-16 units. */
export interface Span {
  start: number;
  end: number;
}

/** Counts the characters a scanner looks at (tests check that it stays linear). */
export interface ScanSteps {
  count: number;
}

const LETTER = /\p{L}/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const SPACE = /\s/u;

/** The code point at `i` as a string (two units for a surrogate pair), or '' past the end. */
function charAt(text: string, i: number): string {
  const cp = text.codePointAt(i);
  return cp === undefined ? '' : String.fromCodePoint(cp);
}

const isLocal = (c: string) => c !== '' && (LETTER_OR_DIGIT.test(c) || '._%+-'.includes(c));
const isLabel = (c: string) => c !== '' && (LETTER_OR_DIGIT.test(c) || c === '-');

/** E-mail addresses in `text`, earliest first, not overlapping. */
export function findEmails(text: string, steps: ScanSteps = { count: 0 }): Span[] {
  const out: Span[] = [];
  // runStart: where the run of local-part characters that ends just before each "@" began.
  let runStart = 0;
  let from = 0;
  for (let i = 0; i < text.length;) {
    const c = charAt(text, i);
    steps.count++;
    if (c === '@') {
      const start = Math.max(runStart, from);
      const end = start < i ? domainEnd(text, i + 1, steps) : -1;
      if (end > 0) {
        out.push({ start, end });
        from = end;
        i = end;
        runStart = end;
        continue;
      }
    }
    i += c.length;
    if (!isLocal(c)) runStart = i;
  }
  return out;
}

/** Where the domain that starts at `at` ends (after its last label that starts with two letters), or -1. */
function domainEnd(text: string, at: number, steps: ScanSteps): number {
  /** The end of the run of label characters from `i`. */
  const label = (i: number): number => {
    let c = charAt(text, i);
    while (isLabel(c)) {
      steps.count++;
      i += c.length;
      c = charAt(text, i);
    }
    return i;
  };
  let end = label(at);
  if (end === at) return -1;
  let best = -1;
  while (text[end] === '.') {
    const next = label(end + 1);
    if (next === end + 1) break;
    // The pattern's last part, "." and two letters or more, ends where the letters end.
    let i = end + 1;
    let letters = 0;
    for (let c = charAt(text, i); i < next && LETTER.test(c); c = charAt(text, i)) {
      steps.count++;
      i += c.length;
      letters++;
    }
    if (letters >= 2) best = i;
    end = next;
  }
  return best;
}

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isSeparator = (c: string | undefined) => c !== undefined && (c === '.' || c === '-' || SPACE.test(c));

/**
 * Phone numbers in `text`: starting with "+" or "0" (a date or an amount does
 * not), 9 to 15 digits. A start is tried only where no letter, digit or "+"
 * comes before it, and what one start may match is at most about 40 characters.
 */
export function findPhones(text: string, steps: ScanSteps = { count: 0 }): Span[] {
  const out: Span[] = [];
  const at = (i: number): string | undefined => {
    steps.count++;
    return text[i];
  };
  let prevBlocks = false;
  for (let i = 0; i < text.length;) {
    const c = charAt(text, i);
    steps.count++;
    if (!prevBlocks && (c === '+' || c === '0' || c === '(')) {
      const end = phoneAt(text, i, at);
      if (end > i && digitCount(text, i, end) >= 9 && digitCount(text, i, end) <= 15) out.push({ start: i, end });
      if (end > i) {
        // Like matchAll, the search goes on after a match, even one with too few or too many digits.
        prevBlocks = LETTER_OR_DIGIT.test(charAt(text, end - 1)) || text[end - 1] === '+';
        i = end;
        continue;
      }
    }
    prevBlocks = LETTER_OR_DIGIT.test(c) || c === '+';
    i += c.length;
  }
  return out;
}

function digitCount(text: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) if (isDigit(text[i])) n++;
  return n;
}

/**
 * The end of the phone pattern's match at `s` (after its prefix), or -1: the
 * choices tried in the order a backtracking engine tries them (more first).
 */
function phoneAt(text: string, s: number, at: (i: number) => string | undefined): number {
  for (const p of prefixes(s, at)) {
    const end = rest(p, at, text);
    if (end >= 0) return end;
  }
  return -1;
}

/** Positions after `\+\d{1,3}[\s.-]?(?:\(0\)\s?)?` or `\(?0`, in the order they are tried. */
function* prefixes(s: number, at: (i: number) => string | undefined): Generator<number> {
  if (at(s) === '+') {
    let k = 0;
    while (k < 3 && isDigit(at(s + 1 + k))) k++;
    for (let d = k; d >= 1; d--) {
      const p1 = s + 1 + d;
      for (const p2 of isSeparator(at(p1)) ? [p1 + 1, p1] : [p1]) {
        if (at(p2) === '(' && at(p2 + 1) === '0' && at(p2 + 2) === ')') {
          const p3 = p2 + 3;
          const space = at(p3);
          if (space !== undefined && SPACE.test(space)) yield p3 + 1;
          yield p3;
        }
        yield p2;
      }
    }
  }
  for (const q of at(s) === '(' ? [s + 1, s] : [s]) if (at(q) === '0') yield q + 1;
}

/** `\d{1,5}\)?(?:[\s.-]?\d{2,5}){1,4}(?![\p{L}\p{N}])` from `p`: the end, or -1. */
function rest(p: number, at: (i: number) => string | undefined, text: string): number {
  let k = 0;
  while (k < 5 && isDigit(at(p + k))) k++;
  for (let d = k; d >= 1; d--) {
    const q = p + d;
    for (const r of at(q) === ')' ? [q + 1, q] : [q]) {
      const end = groups(r, 0, at, text);
      if (end >= 0) return end;
    }
  }
  return -1;
}

/** `(?:[\s.-]?\d{2,5}){1,4}` then the look-ahead, having matched `count` groups up to `r`. */
function groups(r: number, count: number, at: (i: number) => string | undefined, text: string): number {
  if (count < 4) {
    for (const g of isSeparator(at(r)) ? [r + 1, r] : [r]) {
      let k = 0;
      while (k < 5 && isDigit(at(g + k))) k++;
      for (let d = k; d >= 2; d--) {
        const end = groups(g + d, count + 1, at, text);
        if (end >= 0) return end;
      }
    }
  }
  if (count === 0) return -1;
  const next = charAt(text, r);
  return next !== '' && LETTER_OR_DIGIT.test(next) ? -1 : r;
}
