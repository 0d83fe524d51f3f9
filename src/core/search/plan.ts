import { foldPlain, foldTerm, phraseTester, tokenize, type PhraseTester } from './fold';
import type { QueryProblem, QueryText } from './query';
import { queryTerm, type QueryTerm } from './snippet';

/** A quoted phrase (or a negated word of several parts), folded, with the words that narrow the candidates. */
export interface Phrase {
  folded: string;
  terms: string[];
  negated: boolean;
  test: PhraseTester;
}

/** The text part of a query, folded the way the index folds. */
export interface TextPlan {
  /** Plain words: all must match, loosely. */
  terms: QueryTerm[];
  /** Negated single words, matched exactly. */
  excludedTerms: string[];
  phrases: Phrase[];
  problems: QueryProblem[];
}

/**
 * Folds the words and phrases of a parsed query. A negated word that
 * tokenises into several ("-co-op") is excluded as a phrase, so "co" alone
 * does not exclude everything with "co" in it.
 */
export function planText(words: readonly QueryText[], phrases: readonly QueryText[]): TextPlan {
  const plan: TextPlan = { terms: [], excludedTerms: [], phrases: [], problems: [] };
  const phrase = (text: string, terms: string[], negated: boolean): Phrase => {
    const folded = foldPlain(text).trim();
    return { folded, terms, negated, test: phraseTester(folded) };
  };
  const termsOf = (text: string) => tokenize(text).map(foldTerm).filter(Boolean);
  for (const w of words) {
    const ts = termsOf(w.text);
    if (!w.negated) plan.terms.push(...ts.map(queryTerm));
    else if (ts.length === 1) plan.excludedTerms.push(ts[0]);
    else if (ts.length > 1) plan.phrases.push(phrase(w.text, ts, true));
  }
  for (const p of phrases) {
    const ts = termsOf(p.text);
    if (ts.length === 0) plan.problems.push({ column: p.column, message: `the phrase at column ${p.column} has no words to search for` });
    else plan.phrases.push(phrase(p.text, ts, p.negated));
  }
  return plan;
}

/** A word matched exactly: phrase words, and words to exclude. */
export function exactTerm(term: string): QueryTerm {
  return { term, prefix: false, fuzzy: 0 };
}
