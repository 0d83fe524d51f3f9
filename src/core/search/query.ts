/**
 * The search query language (documented in full in docs/search.md):
 *
 * ```
 * rent "money day" code:security coder:mf region:wales|north "age band":30-49 -code:debt -bank
 * ```
 *
 * - words: every word must match (AND), by prefix (3+ letters) and fuzzily
 *   (one edit from 4 letters, two from 8); case and accents are ignored.
 * - `"a phrase"`: must appear verbatim as whole words (case, accents and
 *   runs of whitespace ignored); quoting one word turns off prefix and fuzzy.
 * - `key:value`: a filter; `key:a|b` matches either value; a key or value with
 *   spaces is quoted (`"age band":"30-49"`); repeating a key means AND.
 * - `-` before a word, phrase or filter negates it.
 *
 * Filter keys are checked by the index, which knows the participant attributes;
 * this module only checks the syntax.
 */

/** A problem with a query; `column` counts code points from 1. */
export interface QueryProblem {
  column: number;
  /** A sentence for the user, naming the column. */
  message: string;
}

/** A `key:value|value` term. Keys and values are as typed (not folded). */
export interface QueryFilter {
  key: string;
  values: string[];
  negated: boolean;
  /** Column of the key (after any `-`). */
  column: number;
  /** Column of each value. */
  valueColumns: number[];
}

export interface QueryText {
  text: string;
  negated: boolean;
  column: number;
}

export interface ParsedQuery {
  words: QueryText[];
  phrases: QueryText[];
  filters: QueryFilter[];
}

export interface ParseResult {
  query: ParsedQuery;
  problems: QueryProblem[];
}

/** Parses a query; never throws: syntax errors come back as problems with their column. */
export function parseQuery(source: string): ParseResult {
  return new Parser(source).parse();
}

const SPACE = /\s/;

class Parser {
  // Code points, so that positions are columns as the format counts them.
  private readonly c: string[];
  private i = 0;
  private readonly query: ParsedQuery = { words: [], phrases: [], filters: [] };
  private readonly problems: QueryProblem[] = [];

  constructor(source: string) {
    this.c = Array.from(source);
  }

  parse(): ParseResult {
    for (;;) {
      while (this.i < this.c.length && SPACE.test(this.c[this.i])) this.i++;
      if (this.i >= this.c.length) break;
      this.item();
    }
    return { query: this.query, problems: this.problems };
  }

  private item(): void {
    let negated = false;
    if (this.c[this.i] === '-' && this.i + 1 < this.c.length && !SPACE.test(this.c[this.i + 1])) {
      negated = true;
      this.i++;
    }
    const column = this.i + 1;
    if (this.c[this.i] === '"') {
      const text = this.quoted();
      if (text === undefined) return;
      if (this.c[this.i] === ':') {
        this.i++;
        this.filter(text, negated, column);
      } else {
        this.query.phrases.push({ text, negated, column });
      }
      return;
    }
    const word = this.bare((ch) => ch === ':' || ch === '"');
    if (this.c[this.i] === ':') {
      this.i++;
      if (!word) {
        this.problem(column, `missing filter name before ":" at column ${column}`);
        this.bare(() => false);
        return;
      }
      this.filter(word, negated, column);
      return;
    }
    this.query.words.push({ text: word, negated, column });
  }

  private filter(key: string, negated: boolean, column: number): void {
    const values: string[] = [];
    const valueColumns: number[] = [];
    for (;;) {
      const at = this.i + 1;
      let value: string | undefined;
      if (this.c[this.i] === '"') {
        value = this.quoted();
        if (value === undefined) return;
        const next = this.c[this.i];
        if (next !== undefined && next !== '|' && !SPACE.test(next)) {
          this.problem(this.i + 1, `unexpected "${next}" after the quoted value at column ${this.i + 1}; separate values with "|"`);
          this.bare(() => false);
          return;
        }
      } else {
        value = this.bare((ch) => ch === '|' || ch === '"');
        if (this.c[this.i] === '"') {
          this.problem(this.i + 1, `unexpected quote at column ${this.i + 1} inside the value of "${key}:"; quote the whole value`);
          this.bare(() => false);
          return;
        }
      }
      if (value.trim() === '') {
        this.problem(at, `missing value for "${key}:" at column ${at}`);
        this.bare(() => false);
        return;
      }
      values.push(value);
      valueColumns.push(at);
      if (this.c[this.i] !== '|') break;
      this.i++;
    }
    this.query.filters.push({ key, values, negated, column, valueColumns });
  }

  /** Reads `"..."` starting at the quote; leaves `i` after the closing quote. */
  private quoted(): string | undefined {
    const open = this.i + 1;
    const close = this.c.indexOf('"', this.i + 1);
    if (close < 0) {
      this.problem(open, `unclosed quote opened at column ${open}`);
      this.i = this.c.length;
      return undefined;
    }
    const text = this.c.slice(this.i + 1, close).join('');
    this.i = close + 1;
    return text;
  }

  /** Reads up to whitespace, the end, or a character `stop` accepts. */
  private bare(stop: (ch: string) => boolean): string {
    const start = this.i;
    while (this.i < this.c.length && !SPACE.test(this.c[this.i]) && !stop(this.c[this.i])) this.i++;
    return this.c.slice(start, this.i).join('');
  }

  private problem(column: number, message: string): void {
    this.problems.push({ column, message });
  }
}
