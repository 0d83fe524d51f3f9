/**
 * Agreement between coders over the sources they both coded: per code and pooled
 * over every (code, unit) pair, at the level of characters or of speaker turns.
 * Pure: the caller says which sources to compare and where each coding is now.
 */
import type { Code, CodeStatus } from '../model';
import { codeResolver } from '../saturation';
import { measure, overlapMeasure, sharedCount, turnsTouched, unionOf, type Interval } from './intervals';
import { METHODS, type AgreementUnit, type FigureMethod, type FigureName } from './methods';
import {
  addCounts,
  alphaTwoCoders,
  cohenKappa,
  jaccard,
  percentAgreement,
  unitCount,
  ZERO_COUNTS,
  type Counts,
  type Figure,
} from './stats';

/** A coding where its passage is now (orphaned codings are left out by the caller). */
export interface PlacedCoding {
  id: string;
  /** The code id as stored; merged codes count as their target. */
  code: string;
  coder?: string;
  start: number;
  end: number;
}

/** One source as compared: its length, its turns and its codings as they stand. */
export interface AgreementSource {
  path: string;
  /** Length of the text in code points. */
  length: number;
  /** Speaker turns (paragraphs in plain text) in code points, sorted and disjoint. Needed for unit "turn". */
  turns: readonly Interval[];
  codings: readonly PlacedCoding[];
  /**
   * Parts left out: the turns of participants who withdrew, in a source several
   * people speak in (a survey). They are no units, and a coding touching them counts for nothing.
   */
  excluded?: readonly Interval[];
}

export interface AgreementInput {
  /** The codebook: names, statuses and merges. */
  codes: readonly Code[];
  /** The sources that may be compared (withdrawn participants' sources already left out). */
  sources: readonly AgreementSource[];
  coders: readonly string[];
  unit: AgreementUnit;
}

/** Why a figure is null, by figure; present only when one is. */
export type Reasons = Partial<Record<FigureName, string>>;

/** The figures of one code (or of all codes pooled) between two coders. */
export interface PairFigures extends Counts {
  kappa: number | null;
  alpha: number | null;
  agreement: number | null;
  jaccard: number | null;
  /** Units compared: both + onlyA + onlyB + neither. */
  units: number;
  reasons?: Reasons;
}

export interface CodeInfo {
  code: string;
  name: string;
  status: CodeStatus | 'unknown';
}

export type CodeAgreement = CodeInfo & PairFigures;

/** Codings not counted, by reason. */
export interface Excluded {
  /** Not found in the transcript now (reported by the caller). */
  orphaned: number;
  /** Name a code missing from the codebook. */
  unknownCode: number;
  /** Name a code whose merges loop. */
  mergeCycle: number;
  /** Turn level: the passage overlaps no speaker turn (front matter, headings). */
  outsideTurns: number;
  /** In a withdrawn participant's source or turn. */
  withdrawn: number;
}

export interface SkippedSource {
  source: string;
  reason: string;
}

/** Agreement between two coders. Plain JSON: no NaN, no undefined in arrays. */
export interface AgreementReport {
  coders: [string, string];
  unit: AgreementUnit;
  /** Sources compared: each coder has at least one counted coding there. */
  sources: string[];
  /** Units per compared source. */
  unitsPerSource: Record<string, number>;
  /** Every code either coder applied in those sources, by code id. */
  codes: CodeAgreement[];
  /** The same figures pooled over every (code, unit) pair. */
  overall: PairFigures;
  /** Sources that were not compared, and why. */
  skipped: SkippedSource[];
  excluded: Excluded;
  methods: Record<FigureName, FigureMethod>;
}

/** The 2x2 figures of one table. */
export function pairFigures(c: Counts): PairFigures {
  const figures: Record<FigureName, Figure> = {
    kappa: cohenKappa(c),
    alpha: alphaTwoCoders(c),
    agreement: percentAgreement(c),
    jaccard: jaccard(c),
  };
  const reasons: Reasons = {};
  for (const [name, f] of Object.entries(figures) as [FigureName, Figure][]) if (f.reason) reasons[name] = f.reason;
  const out: PairFigures = {
    kappa: figures.kappa.value,
    alpha: figures.alpha.value,
    agreement: figures.agreement.value,
    jaccard: figures.jaccard.value,
    both: c.both,
    onlyA: c.onlyA,
    onlyB: c.onlyB,
    neither: c.neither,
    units: unitCount(c),
  };
  return Object.keys(reasons).length ? { ...out, reasons } : out;
}

/** Codings of the given coders in one source, by counted code, as spans per coder. */
interface Grouped {
  /** code -> coder index -> spans */
  byCode: Map<string, Interval[][]>;
  /** Coders (indices) with at least one counted coding here. */
  seen: Set<number>;
  /** The units: how many, and the turns (turn level); parts left out are not among them. */
  units: number;
  turns: Interval[];
}

export function groupSource(
  src: AgreementSource,
  input: Pick<AgreementInput, 'unit'>,
  coders: readonly string[],
  resolve: ReturnType<typeof codeResolver>,
  excluded: Excluded,
): Grouped {
  const index = new Map(coders.map((c, i) => [c, i]));
  const byCode = new Map<string, Interval[][]>();
  const seen = new Set<number>();
  const out = unionOf(src.excluded ?? [], src.length);
  const touchesOut = (s: number, e: number) => out.length > 0 && overlapMeasure(out, [[s, Math.max(e, s + 1)]]) > 0;
  for (const c of src.codings) {
    const who = c.coder === undefined ? undefined : index.get(c.coder);
    if (who === undefined) continue;
    if (touchesOut(c.start, c.end)) {
      excluded.withdrawn++;
      continue;
    }
    const r = resolve(c.code);
    if ('skip' in r) {
      if (r.skip === 'unknownCode') excluded.unknownCode++;
      else if (r.skip === 'mergeCycle') excluded.mergeCycle++;
      continue;
    }
    let spans = byCode.get(r.code);
    if (!spans) byCode.set(r.code, (spans = coders.map(() => [])));
    spans[who].push([c.start, c.end]);
    seen.add(who);
  }
  const turns = input.unit === 'turn' ? sortedTurns(src.turns).filter(([s, e]) => !touchesOut(s, e)) : [];
  return { byCode, seen, units: input.unit === 'turn' ? turns.length : src.length - measure(out), turns };
}

/** Nothing left out yet. */
export function noneExcluded(): Excluded {
  return { orphaned: 0, unknownCode: 0, mergeCycle: 0, outsideTurns: 0, withdrawn: 0 };
}

function sortedTurns(turns: readonly Interval[]): Interval[] {
  return [...turns].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

export function info(codes: readonly Code[]): (id: string) => CodeInfo {
  const byId = new Map(codes.map((c) => [c.id, c]));
  return (id) => {
    const c = byId.get(id);
    return { code: id, name: c?.name ?? id, status: c?.status ?? 'unknown' };
  };
}

export const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function skipReason(coders: readonly string[], seen: Set<number>): string {
  if (seen.size === 0) return `no coding by ${coders.join(' or ')}`;
  const who = [...seen].sort((a, b) => a - b).map((i) => coders[i]);
  return `only ${who.join(', ')} coded it`;
}

/**
 * Agreement of two coders over the sources both coded (each has at least one
 * counted coding there). A unit is coded by a coder for a code when one of the
 * coder's codings of that code itself covers it (character) or overlaps it
 * (turn); a child's coding does not count for its parent, merged codes count as
 * their target, offsets past the end are clipped. Every listed code is counted
 * over ALL units of ALL compared sources.
 */
export function compareCoders(input: AgreementInput): AgreementReport {
  if (input.coders.length !== 2) throw new RangeError(`compareCoders compares two coders, not ${input.coders.length}`);
  const [a, b] = input.coders;
  if (a === b) throw new RangeError(`compare two different coders (both are "${a}")`);
  const resolve = codeResolver(input.codes, { keepRetired: true });
  const excluded = noneExcluded();
  const perCode = new Map<string, Counts>();
  const sources: string[] = [];
  const skipped: SkippedSource[] = [];
  const unitsPerSource: Record<string, number> = {};
  let total = 0;
  for (const src of [...input.sources].sort((x, y) => byText(x.path, y.path))) {
    const g = groupSource(src, input, input.coders, resolve, excluded);
    if (g.seen.size < 2) {
      if (g.seen.size) skipped.push({ source: src.path, reason: skipReason(input.coders, g.seen) });
      continue;
    }
    sources.push(src.path);
    const turns = g.turns;
    unitsPerSource[src.path] = g.units;
    total += g.units;
    for (const [code, [spansA, spansB]] of g.byCode) {
      const ua = unionOf(spansA, src.length);
      const ub = unionOf(spansB, src.length);
      let both: number;
      let ca: number;
      let cb: number;
      if (input.unit === 'turn') {
        const ta = turnsTouched(ua, turns);
        const tb = turnsTouched(ub, turns);
        excluded.outsideTurns += outside(spansA, turns) + outside(spansB, turns);
        both = sharedCount(ta, tb);
        [ca, cb] = [ta.length, tb.length];
      } else {
        both = overlapMeasure(ua, ub);
        [ca, cb] = [measure(ua), measure(ub)];
      }
      const prev = perCode.get(code) ?? ZERO_COUNTS;
      perCode.set(code, { ...prev, both: prev.both + both, onlyA: prev.onlyA + ca - both, onlyB: prev.onlyB + cb - both });
    }
  }
  const describe = info(input.codes);
  const codes: CodeAgreement[] = [];
  let pooled: Counts = ZERO_COUNTS;
  for (const code of [...perCode.keys()].sort(byText)) {
    const c = perCode.get(code)!;
    // A code not applied in a compared source is "not coded" by both in all its units.
    const counts = { ...c, neither: total - c.both - c.onlyA - c.onlyB };
    pooled = addCounts(pooled, counts);
    codes.push({ ...describe(code), ...pairFigures(counts) });
  }
  return {
    coders: [a, b],
    unit: input.unit,
    sources,
    unitsPerSource,
    codes,
    overall: pairFigures(pooled),
    skipped,
    excluded,
    methods: { ...METHODS },
  };
}

/** Passages that overlap no turn (each counted once per coding). */
export function outside(spans: readonly Interval[], turns: readonly Interval[]): number {
  let n = 0;
  for (const s of spans) if (turnsTouched([s], turns).length === 0) n++;
  return n;
}
