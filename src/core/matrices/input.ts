/**
 * What every matrix is computed from: the codings as they stand (at their
 * re-anchored places), of the sources included in the analysis, for one coder
 * or all, each counted for the code it stands for now (a merged code for its
 * target), with the codes in the codebook's order. Pure: no I/O.
 */
import { activeCodeTree } from '../codes';
import type { Code, Coding, Participant, Participants } from '../model';
import { codeResolver } from '../saturation';

/** One coding as the matrices count it. */
export interface MatrixCoding {
  id: string;
  /** Index of its code in `MatrixInput.codes` (after merges). */
  code: number;
  /** The code id written on the coding (differs from the column's for a merged code). */
  codedAs: string;
  source: string;
  /** Where its passage is now, in code points (end exclusive). */
  start: number;
  end: number;
  coder?: string;
}

/** Codings left out, by reason. */
export interface MatrixExclusions {
  /** Applied by another coder than the one asked for. */
  otherCoder: number;
  /** Name a code missing from the codebook. */
  unknownCode: number;
  /** Name a retired code (or one merged into a retired code). */
  retiredCode: number;
  /** Name a code whose `mergedInto` chain loops. */
  mergeCycle: number;
  /** Their passage is no longer in the transcript (or the transcript is gone). */
  orphaned: number;
  /** In a source left out of the analysis (a withdrawn participant's, or not a source of the project). */
  notIncluded: number;
}

/** A code as a matrix row or column. */
export interface MatrixCode {
  id: string;
  name: string;
  /** 0 for a top-level code. */
  depth: number;
  /** Names from the top-level ancestor down to this code. */
  path: string[];
  color?: string;
}

/** A participant, or a source no participant claims, with the included sources that make it up. */
export interface MatrixCase {
  kind: 'participant' | 'source';
  /** The participant's id, or the source's path. */
  id: string;
  sources: string[];
  attributes: Record<string, string>;
}

export interface MatrixInput {
  /** Active codes, parents before children, siblings by name. */
  codes: MatrixCode[];
  /** Included source path -> its counted codings, by start, then end, then id. */
  codingsBySource: Map<string, MatrixCoding[]>;
  /** Participants with at least one included source (in participants.yaml's order), then unclaimed sources, by path. */
  cases: MatrixCase[];
  /** Source path -> index in `cases`. */
  caseOf: Map<string, number>;
  participants?: Participants;
  coder: string | null;
  excluded: MatrixExclusions;
  /** Codings counted. */
  total: number;
}

/** What a project gives the matrices: the codings where they are now (see locateCodings). */
export interface MatrixSource {
  codes: readonly Code[];
  /** Source path -> its codings at their current places; orphaned ones already left out and counted in `orphaned`. */
  located: ReadonlyMap<string, readonly Coding[]>;
  /** Source path -> its codings whose passage was not found (or whose transcript is gone). */
  orphaned?: ReadonlyMap<string, readonly Coding[]>;
  /** The sources in the analysis (withdrawn participants' left out). */
  sources: readonly string[];
  participants?: Participants;
  /** Count only this coder's codings. */
  coder?: string | null;
  /** Codings already left out because they are not in the analysis (a withdrawn participant's): counted as `notIncluded`. */
  notIncluded?: number;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Participant attributes as text (YAML may hand over numbers). */
function attributesOf(p: Participant | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(p?.attributes ?? {})) if (v !== undefined && v !== null && String(v) !== '') out[k] = String(v);
  return out;
}

/** The cases of the analysis: participants with an included source, then each included source no participant claims. */
export function matrixCases(
  sources: readonly string[],
  participants: Participants | undefined,
): { cases: MatrixCase[]; caseOf: Map<string, number> } {
  const included = new Set(sources);
  const owner = new Map<string, Participant>();
  for (const p of participants?.participants ?? []) for (const s of p.sources ?? []) if (!owner.has(s)) owner.set(s, p);
  const cases: MatrixCase[] = [];
  const caseOf = new Map<string, number>();
  const seen = new Set<string>();
  for (const p of participants?.participants ?? []) {
    if (seen.has(p.id)) continue;
    seen.add(p.id);
    const mine = (p.sources ?? []).filter((s) => included.has(s) && owner.get(s) === p);
    if (!mine.length) continue;
    for (const s of mine) caseOf.set(s, cases.length);
    cases.push({ kind: 'participant', id: p.id, sources: [...new Set(mine)], attributes: attributesOf(p) });
  }
  for (const s of [...included].sort(byText)) {
    if (caseOf.has(s)) continue;
    caseOf.set(s, cases.length);
    cases.push({ kind: 'source', id: s, sources: [s], attributes: {} });
  }
  return { cases, caseOf };
}

/**
 * The codings each matrix counts, with the reasons others were left out.
 * Merged codes count as the end of their `mergedInto` chain; retired and
 * unknown codes are left out (as in the saturation figures).
 */
export function matrixInput(src: MatrixSource): MatrixInput {
  const codes: MatrixCode[] = activeCodeTree(src.codes).map((n) => ({
    id: n.code.id,
    name: n.code.name,
    depth: n.depth,
    path: n.path,
    ...(n.code.color ? { color: n.code.color } : {}),
  }));
  const column = new Map(codes.map((c, i) => [c.id, i]));
  const resolve = codeResolver(src.codes);
  const coder = src.coder ?? null;
  const excluded: MatrixExclusions = {
    otherCoder: 0,
    unknownCode: 0,
    retiredCode: 0,
    mergeCycle: 0,
    orphaned: 0,
    notIncluded: src.notIncluded ?? 0,
  };
  const included = new Set(src.sources);
  const codingsBySource = new Map<string, MatrixCoding[]>();
  for (const [source, list] of src.orphaned ?? []) {
    // Left out either way; counted under the first reason that applies, as the others are.
    if (!included.has(source)) excluded.notIncluded += list.length;
    else for (const c of list) excluded[coder !== null && c.coder !== coder ? 'otherCoder' : 'orphaned']++;
  }
  let total = 0;
  for (const [source, list] of src.located) {
    if (!included.has(source)) {
      excluded.notIncluded += list.length;
      continue;
    }
    const out: MatrixCoding[] = [];
    for (const c of list) {
      if (coder !== null && c.coder !== coder) {
        excluded.otherCoder++;
        continue;
      }
      const r = resolve(c.code);
      if ('skip' in r) {
        excluded[r.skip]++;
        continue;
      }
      const k = column.get(r.code);
      // An active code always has a column; anything else is a code the tree left out.
      if (k === undefined) {
        excluded.unknownCode++;
        continue;
      }
      const m: MatrixCoding = { id: c.id, code: k, codedAs: c.code, source, start: c.start, end: c.end };
      if (c.coder !== undefined) m.coder = c.coder;
      out.push(m);
    }
    out.sort((a, b) => a.start - b.start || a.end - b.end || byText(a.id, b.id));
    total += out.length;
    if (out.length) codingsBySource.set(source, out);
  }
  const { cases, caseOf } = matrixCases(src.sources, src.participants);
  return { codes, codingsBySource, cases, caseOf, participants: src.participants, coder, excluded, total };
}

/** Coder ids found on the codings, sorted. */
export function codersIn(located: ReadonlyMap<string, readonly Coding[]>): string[] {
  const coders = new Set<string>();
  for (const list of located.values()) for (const c of list) if (c.coder) coders.add(c.coder);
  return [...coders].sort(byText);
}
