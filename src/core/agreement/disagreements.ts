/**
 * Where two coders differ, passage by passage, and what resolving a difference
 * writes. A passage is a cluster of overlapping codings of one code by either
 * coder; it is a disagreement when the two coders' coverage of it differs.
 * Pure: plans are applied by ./project.ts.
 */
import { codeResolver } from '../saturation';
import type { AgreementSource, PlacedCoding } from './compare';
import { difference, measure, overlapMeasure, unionOf, type Interval } from './intervals';

/** One passage where one coder applied a code the other did not (or not over the same words). */
export interface Disagreement {
  /** Stable while the passage stands: source, code and start. */
  id: string;
  source: string;
  /** The code compared (merged codes counted as their target). */
  code: string;
  /** The passage: from the first to the last character either coder coded. */
  start: number;
  end: number;
  /** Coding ids of each coder in the passage. */
  a: string[];
  b: string[];
  /** Each coder's coverage of the passage (sorted, disjoint). */
  aSpans: Interval[];
  bSpans: Interval[];
  /** Characters both coded, only A coded, only B coded. */
  both: number;
  onlyA: number;
  onlyB: number;
  /** The consensus coder's codings of this code that overlap the passage. */
  consensus: string[];
  /** The passage's words (filled in by projectComparison). */
  text?: string;
}

export interface DisagreementInput {
  codes: Parameters<typeof codeResolver>[0];
  sources: readonly AgreementSource[];
  coders: readonly [string, string];
  /** Codings of this coder over a passage mark it as settled by consensus. */
  consensusCoder?: string;
}

interface Item {
  coding: PlacedCoding;
  who: 0 | 1 | 2;
  start: number;
  end: number;
}

/**
 * Every disagreement in the sources both coders coded, by source path, then
 * position, then code. Passages that only touch (one ends where the next starts)
 * are separate.
 */
export function findDisagreements(input: DisagreementInput): Disagreement[] {
  const [a, b] = input.coders;
  const resolve = codeResolver(input.codes, { keepRetired: true });
  const out: Disagreement[] = [];
  const paths = [...input.sources].sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
  for (const src of paths) {
    const byCode = new Map<string, Item[]>();
    const seen = new Set<number>();
    // Withdrawn participants' turns: no coding there is shown or resolved.
    const left = unionOf(src.excluded ?? [], src.length);
    for (const c of src.codings) {
      const who = c.coder === a ? 0 : c.coder === b ? 1 : c.coder !== undefined && c.coder === input.consensusCoder ? 2 : -1;
      if (who < 0) continue;
      if (left.length && overlapMeasure(left, [[c.start, Math.max(c.end, c.start + 1)]]) > 0) continue;
      const r = resolve(c.code);
      if ('skip' in r) continue;
      const start = Math.max(0, c.start);
      const end = Math.min(src.length, c.end);
      if (end <= start) continue;
      if (who < 2) seen.add(who);
      const list = byCode.get(r.code) ?? [];
      list.push({ coding: c, who: who as 0 | 1 | 2, start, end });
      byCode.set(r.code, list);
    }
    // The same sources as the figures: both coders coded something here.
    if (seen.size < 2) continue;
    const here: Disagreement[] = [];
    for (const [code, items] of byCode) here.push(...clusters(src.path, code, items));
    out.push(...here.sort((x, y) => x.start - y.start || x.end - y.end || (x.code < y.code ? -1 : x.code > y.code ? 1 : 0)));
  }
  return out;
}

function clusters(source: string, code: string, items: Item[]): Disagreement[] {
  const coders = items.filter((i) => i.who < 2).sort((x, y) => x.start - y.start || x.end - y.end);
  const consensus = items.filter((i) => i.who === 2);
  const out: Disagreement[] = [];
  let group: Item[] = [];
  let end = -1;
  const flush = () => {
    if (!group.length) return;
    const d = disagreement(source, code, group, consensus);
    if (d) out.push(d);
    group = [];
  };
  for (const item of coders) {
    if (item.start >= end) flush();
    group.push(item);
    end = group.length === 1 ? item.end : Math.max(end, item.end);
  }
  flush();
  return out;
}

function disagreement(source: string, code: string, group: Item[], consensus: Item[]): Disagreement | undefined {
  const spansOf = (who: 0 | 1) => group.filter((i) => i.who === who).map((i): Interval => [i.start, i.end]);
  const start = Math.min(...group.map((i) => i.start));
  const end = Math.max(...group.map((i) => i.end));
  const ua = unionOf(spansOf(0), end);
  const ub = unionOf(spansOf(1), end);
  const both = overlapMeasure(ua, ub);
  const onlyA = measure(ua) - both;
  const onlyB = measure(ub) - both;
  if (onlyA === 0 && onlyB === 0) return undefined;
  return {
    id: `${source}\u0000${code}\u0000${start}`,
    source,
    code,
    start,
    end,
    a: group.filter((i) => i.who === 0).map((i) => i.coding.id),
    b: group.filter((i) => i.who === 1).map((i) => i.coding.id),
    aSpans: ua,
    bSpans: ub,
    both,
    onlyA,
    onlyB,
    consensus: consensus.filter((i) => i.start < end && i.end > start).map((i) => i.coding.id),
  };
}

/** The characters only one coder coded in a disagreement, per coder. */
export function onlySpans(d: Disagreement): { onlyA: Interval[]; onlyB: Interval[] } {
  return { onlyA: difference(d.aSpans, d.bSpans), onlyB: difference(d.bSpans, d.aSpans) };
}

/**
 * How to settle a disagreement:
 * - keepA: B's codings of the passage become A's (the two now agree there);
 * - keepB: A's become B's;
 * - keepBoth: each coder also gets the passages only the other had;
 * - consensus: one coding by the consensus coder; A's and B's stay as they are.
 */
export type Resolution = 'keepA' | 'keepB' | 'keepBoth' | 'consensus';
export const RESOLUTIONS: readonly Resolution[] = ['keepA', 'keepB', 'keepBoth', 'consensus'];

/** What a resolution writes: codings removed, moved onto another passage, and added. */
export interface ResolutionPlan {
  remove: string[];
  /** Existing codings given a new passage (their id, coder, note and time are kept). */
  move: { id: string; start: number; end: number }[];
  add: { code: string; coder: string; start: number; end: number }[];
}

export interface ResolutionOptions {
  coders: readonly [string, string];
  consensusCoder?: string;
  /** The consensus passage; default: the whole disagreement. */
  span?: Interval;
}

/**
 * The changes that settle `d`, given the source's codings where they stand now
 * (`placed`). Exact matches are kept, then existing codings are moved before new
 * ones are added, so the codings file changes as little as possible.
 */
export function planResolution(
  d: Disagreement,
  placed: readonly PlacedCoding[],
  action: Resolution,
  opts: ResolutionOptions,
): ResolutionPlan {
  const byId = new Map(placed.map((c) => [c.id, c]));
  const spansOf = (ids: readonly string[]) => ids.map((id) => byId.get(id)).filter((c): c is PlacedCoding => !!c);
  const aCodings = spansOf(d.a);
  const bCodings = spansOf(d.b);
  const plan: ResolutionPlan = { remove: [], move: [], add: [] };
  if (action === 'consensus') {
    const who = opts.consensusCoder;
    if (!who) throw new RangeError('a consensus coding needs a consensus coder id');
    if (who === opts.coders[0] || who === opts.coders[1])
      throw new RangeError(`the consensus coder must not be one of the coders compared ("${who}")`);
    const [start, end] = opts.span ?? [d.start, d.end];
    if (!(end > start)) throw new RangeError('the consensus passage is empty');
    const already = spansOf(d.consensus).some((c) => c.start === start && c.end === end);
    if (!already) plan.add.push({ code: d.code, coder: who, start, end });
    return plan;
  }
  const align = (target: readonly PlacedCoding[], own: readonly PlacedCoding[], coder: string, drop: boolean) => {
    const wanted = distinctSpans(target);
    const have = [...own];
    // Keep codings already on a wanted passage.
    for (let i = wanted.length - 1; i >= 0; i--) {
      const k = have.findIndex((c) => c.start === wanted[i][0] && c.end === wanted[i][1]);
      if (k < 0) continue;
      have.splice(k, 1);
      wanted.splice(i, 1);
    }
    if (!drop) {
      for (const [start, end] of wanted) plan.add.push({ code: d.code, coder, start, end });
      return;
    }
    for (const [start, end] of wanted) {
      const reuse = have.shift();
      if (reuse) plan.move.push({ id: reuse.id, start, end });
      else plan.add.push({ code: d.code, coder, start, end });
    }
    plan.remove.push(...have.map((c) => c.id));
  };
  if (action === 'keepA') align(aCodings, bCodings, opts.coders[1], true);
  else if (action === 'keepB') align(bCodings, aCodings, opts.coders[0], true);
  else {
    align([...aCodings, ...bCodings], aCodings, opts.coders[0], false);
    align([...aCodings, ...bCodings], bCodings, opts.coders[1], false);
  }
  return plan;
}

function distinctSpans(codings: readonly PlacedCoding[]): [number, number][] {
  const seen = new Set<string>();
  const out: [number, number][] = [];
  for (const c of [...codings].sort((x, y) => x.start - y.start || x.end - y.end)) {
    const key = `${c.start}:${c.end}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push([c.start, c.end]);
  }
  return out;
}
