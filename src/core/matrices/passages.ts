/**
 * The passages behind one cell of a matrix: exactly what the cell counts, so
 * that a researcher can read why the number is what it is.
 */
import type { CooccurrenceMeasure } from './cooccurrence';
import type { MatrixCase, MatrixCoding, MatrixInput } from './input';

/** One passage: a coding (for counts), or a stretch of text coded with both codes (for the symmetric measures). */
export interface MatrixPassage {
  source: string;
  /** Code points, end exclusive, where the passage is now. */
  start: number;
  end: number;
  /** The coding, when the cell counts codings. */
  coding?: { id: string; code: string; codedAs: string; coder?: string };
}

/** Which cell: rows and columns by id. */
export type MatrixCell =
  | { matrix: 'cooccurrence'; measure: CooccurrenceMeasure; row: string; column: string }
  /** `value` null: the column of codings whose participant has no value for the attribute (or that belong to no participant). */
  | { matrix: 'attribute'; attribute: string; code: string; value: string | null }
  | { matrix: 'framework'; row: Pick<MatrixCase, 'kind' | 'id'>; code: string };

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function asPassage(c: MatrixCoding, input: MatrixInput): MatrixPassage {
  const coding: MatrixPassage['coding'] = { id: c.id, code: input.codes[c.code].id, codedAs: c.codedAs };
  if (c.coder !== undefined) coding.coder = c.coder;
  return { source: c.source, start: c.start, end: c.end, coding };
}

/** Sources in path order with their codings of the codes wanted. */
function sourcesWith(input: MatrixInput, keep: (source: string) => boolean): [string, MatrixCoding[]][] {
  return [...input.codingsBySource].filter(([s]) => keep(s)).sort((a, b) => byText(a[0], b[0]));
}

/** Merged, sorted intervals covering the same code points (touching ones joined). */
function union(list: readonly { start: number; end: number }[]): { start: number; end: number }[] {
  const sorted = [...list].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: { start: number; end: number }[] = [];
  for (const x of sorted) {
    const last = out[out.length - 1];
    if (last && x.start <= last.end) last.end = Math.max(last.end, x.end);
    else out.push({ start: x.start, end: x.end });
  }
  return out;
}

/** The code points in both unions, as maximal stretches. */
function intersection(
  a: readonly { start: number; end: number }[],
  b: readonly { start: number; end: number }[],
): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const start = Math.max(a[i].start, b[j].start);
    const end = Math.min(a[i].end, b[j].end);
    if (end > start) out.push({ start, end });
    if (a[i].end < b[j].end) i++;
    else j++;
  }
  return union(out);
}

/** The passages one cell counts, by source path, then place. Unknown rows or columns give none. */
export function cellPassages(input: MatrixInput, cell: MatrixCell): MatrixPassage[] {
  const index = (id: string) => input.codes.findIndex((c) => c.id === id);
  if (cell.matrix === 'cooccurrence') {
    const a = index(cell.row);
    const b = index(cell.column);
    if (a < 0 || b < 0) return [];
    const out: MatrixPassage[] = [];
    for (const [source, list] of sourcesWith(input, () => true)) {
      const as = list.filter((c) => c.code === a);
      if (!as.length) continue;
      if (cell.measure === 'counts') {
        const bs = a === b ? [] : list.filter((c) => c.code === b);
        for (const c of as) if (a === b || bs.some((d) => d.start < c.end && d.end > c.start)) out.push(asPassage(c, input));
      } else {
        const ua = union(as);
        const stretches = a === b ? ua : intersection(ua, union(list.filter((c) => c.code === b)));
        for (const s of stretches) out.push({ source, start: s.start, end: s.end });
      }
    }
    return out;
  }
  if (cell.matrix === 'attribute') {
    const k = index(cell.code);
    if (k < 0) return [];
    const valueOf = (source: string): string | null => {
      const at = input.caseOf.get(source);
      const c = at === undefined ? undefined : input.cases[at];
      return c && c.kind === 'participant' && Object.hasOwn(c.attributes, cell.attribute) ? c.attributes[cell.attribute] : null;
    };
    return sourcesWith(input, (s) => valueOf(s) === cell.value).flatMap(([, list]) =>
      list.filter((c) => c.code === k).map((c) => asPassage(c, input)),
    );
  }
  const k = index(cell.code);
  const row = input.cases.find((c) => c.kind === cell.row.kind && c.id === cell.row.id);
  if (k < 0 || !row) return [];
  const mine = new Set(row.sources);
  return sourcesWith(input, (s) => mine.has(s)).flatMap(([, list]) => list.filter((c) => c.code === k).map((c) => asPassage(c, input)));
}
