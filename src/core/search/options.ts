import type { Options } from 'minisearch';
import { foldTerm, tokenize } from './fold';
import { CODE_FIELDS } from './hits';
import type { CodeRecord, IndexedDoc } from './types';

/**
 * A code's name says most about it; its exclusion criteria describe what it is
 * not, so a match there counts for less.
 */
export const BOOST = { text: 1, name: 3, definition: 1.5, include: 1, exclude: 0.5 };

/** The MiniSearch options; identical when building and when loading JSON. */
export function miniSearchOptions(): Options<IndexedDoc> {
  return {
    fields: ['text', ...CODE_FIELDS],
    storeFields: [],
    tokenize: (text) => tokenize(text),
    processTerm: (term) => foldTerm(term) || null,
    // Documents are removed with remove(), never discard(), so there is nothing to vacuum.
    autoVacuum: false,
    searchOptions: { boost: BOOST, combineWith: 'AND' },
  };
}

/** The document indexed for a code: its searchable fields. */
export function codeDoc(rec: CodeRecord): IndexedDoc {
  const { name, definition, include, exclude } = rec.code;
  return { id: rec.id, name, definition, include, exclude };
}
