import { MEMO_KINDS, type Participant } from '../model';
import { foldTerm } from './fold';
import type { QueryFilter, QueryProblem } from './query';
import type { DocRecord, HitKind, IndexedCoding, PassageRecord } from './types';

/** Filter keys with a fixed meaning; any other key names a participant attribute. */
export const FILTER_KEYS = ['code', 'coder', 'source', 'kind', 'memo', 'author', 'speaker', 'near'] as const;
const HIT_KINDS: readonly HitKind[] = ['passage', 'memo', 'code'];

/** What filters need to know about the project. */
export interface FilterContext {
  participantOf(sourcePath: string): Participant | undefined;
  /** Folded attribute name -> name as declared. */
  attributes: Map<string, string>;
  /** Code ids a `code:` value names (by id, or by name ignoring case and accents); empty if none. */
  resolveCode(value: string): string[];
  /** The codes whose codings count for these: themselves and the codes merged into them. */
  withMergedIn?(ids: ReadonlySet<string>): Set<string>;
}

/** Decides whether a document passes every filter of a query. */
export type Accept = (rec: DocRecord) => boolean;

/**
 * A clause answers true/false for the documents it applies to and undefined for
 * the others: a positive clause then rejects the document (`coder:mf` finds no
 * memo), a negated one lets it through (`-coder:mf` keeps memos).
 */
interface Clause {
  negated: boolean;
  test(rec: DocRecord, scope: IndexedCoding[] | undefined): boolean | undefined;
}

/**
 * Compiles query filters. Semantics for passages: positive `coder:` filters
 * choose which codings count (the scope); each `code:` filter needs a coding
 * in the scope, each `-code:` filter needs none; `coder:` alone needs some
 * coding in the scope; `-coder:x` needs no coding by x at all. `near:X` needs,
 * for every positive `code:` filter, a coding in the scope of that code and
 * one of X sharing at least one code point within the passage (what a cell of
 * the co-occurrence matrix counts, docs/matrices.md).
 */
export function compileFilters(filters: QueryFilter[], ctx: FilterContext): { accept: Accept; problems: QueryProblem[] } {
  const problems: QueryProblem[] = [];
  const clauses: Clause[] = [];
  const coderScopes: Set<string>[] = [];
  const codeIds = (f: QueryFilter): Set<string> => {
    const ids = new Set<string>();
    f.values.forEach((v, k) => {
      const found = ctx.resolveCode(v.trim());
      if (found.length === 0) problems.push({ column: f.valueColumns[k], message: `unknown code "${v}" at column ${f.valueColumns[k]}` });
      for (const id of found) ids.add(id);
    });
    return ids;
  };
  // Codings of a merged code count for the code it was merged into, as in the matrices.
  const codingCodes = (ids: Set<string>) => ctx.withMergedIn?.(ids) ?? ids;
  // What near: is near to: the codes of each positive code: filter, wherever they stand in the query.
  const resolved = new Map<QueryFilter, Set<string>>();
  for (const f of filters) if (foldTerm(f.key.trim()) === 'code') resolved.set(f, codeIds(f));
  const nearTo = filters.filter((f) => !f.negated && resolved.has(f)).map((f) => codingCodes(resolved.get(f)!));

  for (const f of filters) {
    const key = foldTerm(f.key.trim());
    const values = f.values.map((v) => foldTerm(v.trim()));
    const set = new Set(values);
    const negated = f.negated;
    switch (key) {
      case 'code': {
        const ids = resolved.get(f)!;
        const coded = codingCodes(ids);
        clauses.push({
          negated,
          test: (rec, scope) => {
            if (rec.kind === 'passage') return scope!.some((c) => coded.has(c.code));
            if (rec.kind === 'memo') return rec.links.some((l) => l.code !== undefined && ids.has(l.code));
            return ids.has(rec.code.id);
          },
        });
        break;
      }
      case 'near': {
        const ids = codingCodes(codeIds(f));
        if (nearTo.length === 0) {
          problems.push({
            column: f.column,
            message: `near: at column ${f.column} needs a code: filter to be near to, e.g. code:a near:b (passages where a coding of a and one of b overlap)`,
          });
          break;
        }
        clauses.push({
          negated,
          test: (rec, scope) => (rec.kind === 'passage' ? nearTo.every((to) => overlapIn(rec, scope!, to, ids)) : undefined),
        });
        break;
      }
      case 'coder':
        if (!negated) coderScopes.push(set);
        clauses.push({
          negated,
          test: (rec, scope) => {
            if (rec.kind !== 'passage') return undefined;
            if (!negated) return scope!.length > 0;
            return rec.codings.some((c) => c.coder !== undefined && set.has(foldTerm(c.coder)));
          },
        });
        break;
      case 'source': {
        const matches = perSource((path) => values.some((v) => sourceMatches(path, v, ctx)));
        clauses.push({
          negated,
          test: (rec) => {
            if (rec.kind === 'passage') return matches(rec.source.path);
            if (rec.kind === 'memo') return rec.links.some((l) => l.source !== undefined && matches(l.source));
            return undefined;
          },
        });
        break;
      }
      case 'kind':
        f.values.forEach((v, k) => {
          if (!HIT_KINDS.includes(values[k] as HitKind)) {
            problems.push({
              column: f.valueColumns[k],
              message: `unknown kind "${v}" at column ${f.valueColumns[k]}; use ${HIT_KINDS.join(', ')}`,
            });
          }
        });
        clauses.push({ negated, test: (rec) => set.has(rec.kind) });
        break;
      case 'memo':
        f.values.forEach((v, k) => {
          if (!(MEMO_KINDS as readonly string[]).includes(values[k])) {
            problems.push({
              column: f.valueColumns[k],
              message: `unknown memo kind "${v}" at column ${f.valueColumns[k]}; use ${MEMO_KINDS.join(', ')}`,
            });
          }
        });
        clauses.push({ negated, test: (rec) => (rec.kind === 'memo' ? set.has(rec.memoKind) : undefined) });
        break;
      case 'author':
        clauses.push({
          negated,
          test: (rec) => (rec.kind === 'memo' ? rec.author !== undefined && set.has(foldTerm(rec.author)) : undefined),
        });
        break;
      case 'speaker':
        clauses.push({
          negated,
          test: (rec) => (rec.kind === 'passage' ? rec.speaker !== undefined && set.has(foldTerm(rec.speaker)) : undefined),
        });
        break;
      default: {
        if (!ctx.attributes.has(key)) {
          const known = [...FILTER_KEYS, ...[...ctx.attributes.values()].map((a) => (/\s/.test(a) ? `"${a}"` : a))];
          problems.push({
            column: f.column,
            message: `unknown filter "${f.key}" at column ${f.column}; use ${known.join(', ')}, or quote text that contains ":"`,
          });
          break;
        }
        const hasAttribute = perSource((path) => attributeMatches(ctx.participantOf(path), key, set));
        clauses.push({
          negated,
          test: (rec) => {
            if (rec.kind === 'passage') return hasAttribute(rec.source.path);
            if (rec.kind === 'memo') return rec.links.some((l) => l.source !== undefined && hasAttribute(l.source));
            return undefined;
          },
        });
      }
    }
  }

  const scopeOf = (rec: PassageRecord) =>
    coderScopes.length === 0 || rec.codings.length === 0
      ? rec.codings
      : rec.codings.filter((c) => c.coder !== undefined && coderScopes.every((s) => s.has(foldTerm(c.coder!))));
  if (clauses.length === 0) return { accept: () => true, problems };
  // A positive code:, near: or coder: needs a coding on the passage: most passages have none, and go at once.
  const needsCoding = filters.some((f) => !f.negated && ['code', 'near', 'coder'].includes(foldTerm(f.key.trim())));
  const accept: Accept = (rec) => {
    if (needsCoding && rec.kind === 'passage' && rec.codings.length === 0) return false;
    const scope = rec.kind === 'passage' ? scopeOf(rec) : undefined;
    for (const c of clauses) {
      const r = c.test(rec, scope);
      if (c.negated ? r === true : r !== true) return false;
    }
    return true;
  };
  return { accept, problems };
}

/**
 * Whether a coding of a code in `a` and one of a code in `b` (both among
 * `codings`) share at least one code point inside the passage.
 */
function overlapIn(p: PassageRecord, codings: readonly IndexedCoding[], a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  for (const x of codings) {
    if (!a.has(x.code)) continue;
    for (const y of codings) {
      if (y === x || !b.has(y.code)) continue;
      if (Math.max(x.start, y.start, p.start) < Math.min(x.end, y.end, p.end)) return true;
    }
  }
  return false;
}

/**
 * Remembers a per-source answer for the life of one query: thousands of
 * candidate passages share a hundred sources.
 */
function perSource(test: (path: string) => boolean): (path: string) => boolean {
  const known = new Map<string, boolean>();
  return (path) => {
    let r = known.get(path);
    if (r === undefined) known.set(path, (r = test(path)));
    return r;
  };
}

/** `source:` matches a path substring or the id of the source's participant. */
function sourceMatches(path: string, folded: string, ctx: FilterContext): boolean {
  if (foldTerm(path).includes(folded)) return true;
  const p = ctx.participantOf(path);
  return p !== undefined && foldTerm(p.id) === folded;
}

function attributeMatches(p: Participant | undefined, key: string, values: Set<string>): boolean {
  if (!p?.attributes) return false;
  for (const [name, value] of Object.entries(p.attributes)) {
    // YAML readers may hand over numbers (age: 34); compare them as typed.
    if (foldTerm(name) === key && value != null && values.has(foldTerm(String(value)))) return true;
  }
  return false;
}
