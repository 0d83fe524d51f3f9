import { codePointLength } from '../text';
import { makeSnippet, type MarkSpec } from './snippet';
import type { CodeField, DocRecord, IndexedCoding, SearchHit, Snippet } from './types';

export const CODE_FIELDS: readonly CodeField[] = ['name', 'definition', 'include', 'exclude'];

/**
 * The hit for a document, snippet included. Snippets are made only for the
 * hits returned (at most `limit`), never for every match.
 */
export function toHit(
  rec: DocRecord,
  passageText: (rec: DocRecord & { kind: 'passage' }) => string,
  score: number,
  marks: MarkSpec,
): SearchHit {
  if (rec.kind === 'passage') {
    const snippet = makeSnippet(passageText(rec), marks);
    snippet.start += rec.start;
    const hit: SearchHit = {
      kind: 'passage',
      source: rec.source.path,
      start: rec.start,
      end: rec.end,
      snippet,
      codes: distinctCodes(rec.codings),
      score,
    };
    if (rec.speaker !== undefined) hit.speaker = rec.speaker;
    return hit;
  }
  if (rec.kind === 'memo') {
    const codes = [...new Set(rec.links.flatMap((l) => (l.code ? [l.code] : [])))].sort();
    return { kind: 'memo', memo: rec.path, start: 0, end: codePointLength(rec.body), snippet: makeSnippet(rec.body, marks), codes, score };
  }
  // The first field with a match; the name when only filters matched.
  let best: { field: CodeField; text: string; snippet: Snippet } | undefined;
  for (const field of CODE_FIELDS) {
    const text = rec.code[field];
    if (text === undefined) continue;
    const snippet = makeSnippet(text, marks);
    if (!best || (best.snippet.marks.length === 0 && snippet.marks.length > 0)) best = { field, text, snippet };
    if (snippet.marks.length > 0) break;
  }
  return {
    kind: 'code',
    code: rec.code.id,
    field: best!.field,
    start: 0,
    end: codePointLength(best!.text),
    snippet: best!.snippet,
    codes: [],
    score,
  };
}

function distinctCodes(codings: readonly IndexedCoding[]): string[] {
  return [...new Set(codings.map((c) => c.code))].sort();
}
