/**
 * Krippendorff's alpha (nominal) for two or more coders: per code and pooled,
 * at the level of characters or speaker turns, over the sources at least two of
 * them coded. Grouping the codings by source is compare.ts's.
 */
import { codeResolver } from '../saturation';
import {
  byText,
  groupSource,
  info,
  noneExcluded,
  outside,
  skipReason,
  type AgreementInput,
  type CodeInfo,
  type Excluded,
  type Reasons,
  type SkippedSource,
} from './compare';
import { coverageHistogram, turnsTouched, unionOf, type Interval } from './intervals';
import { METHODS, type AgreementUnit, type FigureMethod } from './methods';
import { addBinaryUnits, alphaFromCoincidences, binaryCoincidences, type Coincidences } from './stats';

/** Krippendorff's alpha of one code (or pooled) for any number of coders. */
export interface MultiFigures {
  alpha: number | null;
  /** Pairable values (n in Krippendorff's notation). */
  values: number;
  /** Units with values from at least two coders. */
  units: number;
  reasons?: Pick<Reasons, 'alpha'>;
}

export type CodeMultiAgreement = CodeInfo & MultiFigures;

/** Krippendorff's alpha for two or more coders. */
export interface MultiAgreementReport {
  coders: string[];
  unit: AgreementUnit;
  /** Sources at least two of the coders coded. */
  sources: string[];
  /** Per source, the coders who coded it (the others are missing there). */
  codersPerSource: Record<string, string[]>;
  unitsPerSource: Record<string, number>;
  codes: CodeMultiAgreement[];
  overall: MultiFigures;
  skipped: SkippedSource[];
  excluded: Excluded;
  method: FigureMethod;
}

function multiFigures(k: Coincidences, units: number): MultiFigures {
  const f = alphaFromCoincidences(k);
  const out: MultiFigures = { alpha: f.value, values: k.n, units };
  return f.reason ? { ...out, reasons: { alpha: f.reason } } : out;
}

/**
 * Krippendorff's alpha (nominal, coded / not coded) for two or more coders over
 * the sources at least two of them coded. A coder who coded nothing in a source
 * did not see it: their values there are missing, not "not coded".
 */
export function multiCoderAlpha(input: AgreementInput): MultiAgreementReport {
  const coders = [...new Set(input.coders)];
  if (coders.length < 2) throw new RangeError('Krippendorff’s alpha needs at least two different coders');
  const resolve = codeResolver(input.codes, { keepRetired: true });
  const excluded = noneExcluded();
  const perCode = new Map<string, Coincidences>();
  const sources: string[] = [];
  const codersPerSource: Record<string, string[]> = {};
  const unitsPerSource: Record<string, number> = {};
  const skipped: SkippedSource[] = [];
  // Each compared source: its units and how many coders saw it, for the codes it lacks.
  const seenSources: { units: number; m: number; codes: Set<string> }[] = [];
  let pairableUnits = 0;
  for (const src of [...input.sources].sort((x, y) => byText(x.path, y.path))) {
    const g = groupSource(src, input, coders, resolve, excluded);
    if (g.seen.size < 2) {
      if (g.seen.size) skipped.push({ source: src.path, reason: skipReason(coders, g.seen) });
      continue;
    }
    const seen = [...g.seen].sort((x, y) => x - y);
    const m = seen.length;
    sources.push(src.path);
    codersPerSource[src.path] = seen.map((i) => coders[i]);
    const turns = g.turns;
    unitsPerSource[src.path] = g.units;
    pairableUnits += g.units;
    seenSources.push({ units: g.units, m, codes: new Set(g.byCode.keys()) });
    for (const [code, spans] of g.byCode) {
      let k = perCode.get(code);
      if (!k) perCode.set(code, (k = binaryCoincidences()));
      const unions = seen.map((i) => unionOf(spans[i], src.length));
      const hist =
        input.unit === 'turn'
          ? turnHistogram(
              unions,
              turns,
              seen.map((i) => spans[i]),
              excluded,
            )
          : coverageHistogram(unions, g.units);
      hist.forEach((count, coded) => addBinaryUnits(k!, m, coded, count));
    }
  }
  const describe = info(input.codes);
  const codes: CodeMultiAgreement[] = [];
  const pooled = binaryCoincidences();
  for (const code of [...perCode.keys()].sort(byText)) {
    const k = perCode.get(code)!;
    for (const s of seenSources) if (!s.codes.has(code)) addBinaryUnits(k, s.m, 0, s.units);
    pooled.n += k.n;
    pooled.agreeing += k.agreeing;
    for (const [v, c] of k.perValue) pooled.perValue.set(v, (pooled.perValue.get(v) ?? 0) + c);
    codes.push({ ...describe(code), ...multiFigures(k, pairableUnits) });
  }
  return {
    coders,
    unit: input.unit,
    sources,
    codersPerSource,
    unitsPerSource,
    codes,
    overall: multiFigures(pooled, pairableUnits * codes.length),
    skipped,
    excluded,
    method: METHODS.alpha,
  };
}

/** How many turns exactly k of the coders touched, k = 0..unions.length. */
function turnHistogram(
  unions: readonly Interval[][],
  turns: readonly Interval[],
  spans: readonly Interval[][],
  excluded: Excluded,
): number[] {
  const touched = new Uint16Array(turns.length);
  for (const u of unions) for (const t of turnsTouched(u, turns)) touched[t]++;
  for (const s of spans) excluded.outsideTurns += outside(s, turns);
  const hist = new Array<number>(unions.length + 1).fill(0);
  for (const k of touched) hist[k]++;
  return hist;
}
