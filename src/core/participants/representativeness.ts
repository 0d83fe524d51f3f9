/**
 * Sample composition against the target in participants.yaml: who is in the
 * sample, per attribute and category, and where it falls short of the target.
 * Pure TypeScript (no `vscode`, no file system).
 */
import type { Participants, Survey } from '../model';
import { chiSquareGoodnessOfFit, exactMultinomialTest, wilsonInterval, type ExactOptions } from './stats';

/** Default tolerance: an absolute difference of 5 percentage points. */
export const DEFAULT_REPRESENTATIVENESS_TOLERANCE = 0.05;

// Proportions like 0.3 - 0.25 land a hair off the decimal answer; never let that flip a verdict.
const EPSILON = 1e-9;

export type CategoryStatus = 'under' | 'over' | 'within' | 'untargeted' | 'unknown';

export interface CategoryComposition {
  value: string;
  /** Listed among the attribute's declared values. */
  declared: boolean;
  /** Participants with this value. */
  count: number;
  /** count / participants with any value for the attribute; null when none has one. */
  proportion: number | null;
  /** Target proportion, or null when the target does not name this category. */
  target: number | null;
  /** proportion - target (negative: fewer than targeted); null when either is null. */
  difference: number | null;
  /** Wilson 95 % interval of `proportion`; null when no participant has a value. */
  ciLow: number | null;
  ciHigh: number | null;
  /** With a survey as the target: respondents who gave this answer. */
  targetCount?: number;
  /**
   * `under`/`over`: more than `tolerance` below/above the target; `within`: not;
   * `untargeted`: no target for this category; `unknown`: no participant has a value.
   */
  status: CategoryStatus;
}

export interface AttributeComposition {
  attribute: string;
  /** Declared under `attributes` in participants.yaml. */
  declared: boolean;
  /** Whether `target` names this attribute. */
  hasTarget: boolean;
  /** Participants with a value for this attribute (the denominator of every proportion). */
  withValue: number;
  /** Ids of participants lacking a value for this attribute. */
  lacking: string[];
  /** Declared values (declared order), then target-only values, then other values met (sorted). */
  categories: CategoryComposition[];
  /** Declared or targeted categories with no participant. */
  missing: string[];
  /** Categories whose proportion is below the target by more than the tolerance. */
  underRepresented: string[];
  /** Categories whose proportion is above the target by more than the tolerance. */
  overRepresented: string[];
  /** Values participants carry that are not declared (only when the attribute is declared). */
  undeclaredValues: string[];
  /** The sum of the target proportions, or null without a target. */
  targetTotal: number | null;
  /** With a survey as the target: respondents who answered this question. */
  targetRespondents?: number;
  /** Goodness of fit to the target over its categories; null without a target, or when the tests were not asked for. */
  test: FitTest | null;
}

/** Does the sample's spread over the target's categories look like the target? */
export interface FitTest {
  /** The categories tested: those the target gives a share above 0. */
  categories: string[];
  /** Participants in those categories (the sample size tested). */
  n: number;
  /** Participants with a value outside them, left out of the test. */
  leftOut: number;
  chi2: number | null;
  df: number | null;
  p: number | null;
  /** Expected counts n × target under 5: the chi-square p is then unreliable. */
  expectedBelow5: number;
  /** The exact multinomial test: the p to trust with small samples. */
  exactP: number | null;
  /** `enumeration` (every outcome) or `monte-carlo` (seeded estimate; see exactStandardError). */
  exactMethod: 'enumeration' | 'monte-carlo' | null;
  exactStandardError: number;
  /** What to tell a reader, in words. */
  notes: string[];
}

export interface Representativeness {
  /** Where the target comes from: participants.yaml's `target`, or a survey wave. */
  targetFrom: { kind: 'participants' } | { kind: 'survey'; wave: string; respondents: number };
  /** Participants considered. */
  participants: number;
  tolerance: number;
  /** The rule behind `underRepresented`/`overRepresented`, in words, for display. */
  rule: string;
  attributes: AttributeComposition[];
  /** Problems with the target itself (does not sum to 1, names undeclared categories, ...). */
  warnings: string[];
}

export interface RepresentativenessOptions {
  /** Absolute tolerance in proportion points (0.05 = 5 points); default 0.05. */
  tolerance?: number;
  /** Consider only these participants (e.g. those interviewed or coded so far). */
  participantIds?: Iterable<string>;
  /** Use this target (e.g. a survey's distribution) instead of participants.yaml's. */
  target?: SurveyTarget;
  /** For the exact test's Monte Carlo fallback. */
  exact?: ExactOptions;
  /**
   * Compute the goodness-of-fit tests (default true). Callers that want only the
   * categories and counts skip them: the exact test's Monte Carlo fallback costs
   * 0.2 s for 1,000 participants.
   */
  tests?: boolean;
}

/** A survey wave's distribution of each attribute, as a target. */
export interface SurveyTarget {
  wave: string;
  /** Respondents in the wave (after withdrawals). */
  respondents: number;
  /** attribute -> answer -> respondents */
  counts: Record<string, Record<string, number>>;
}

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function valueText(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  const s = String(v);
  return s === '' ? undefined : s;
}

/**
 * Composition of the sample for every attribute that is declared, targeted or
 * used. Proportions are taken over the participants who have a value for the
 * attribute; those without one are listed in `lacking`, not counted as a category.
 *
 * Rule: a category is under-represented when target - proportion > tolerance, and
 * over-represented when proportion - target > tolerance (a difference of exactly
 * the tolerance is within). A targeted category nobody belongs to is both
 * `missing` and, when its target exceeds the tolerance, under-represented. With no
 * participant holding a value, nothing is judged (status `unknown`).
 */
export function representativeness(participants: Participants | undefined, options: RepresentativenessOptions = {}): Representativeness {
  const tolerance = options.tolerance ?? DEFAULT_REPRESENTATIVENESS_TOLERANCE;
  if (!(Number.isFinite(tolerance) && tolerance >= 0))
    throw new Error(`representativeness: tolerance must be a number >= 0, got ${tolerance}`);
  const only = options.participantIds ? new Set(options.participantIds) : undefined;
  const people = (participants?.participants ?? []).filter((p) => !only || only.has(p.id));
  const declared = participants?.attributes ?? {};
  const surveyTarget = options.target;
  const target: Record<string, Record<string, number>> = surveyTarget ? proportionsOf(surveyTarget.counts) : (participants?.target ?? {});
  const warnings: string[] = [];

  // Object.hasOwn, not `in`: an attribute may well be called "constructor".
  const isDeclaredName = (a: string): boolean => Object.hasOwn(declared, a);
  const names = Object.keys(declared);
  const targetOnly = Object.keys(target).filter((a) => !isDeclaredName(a));
  const usedOnly = [...new Set(people.flatMap((p) => Object.keys(p.attributes ?? {})))]
    .filter((a) => !isDeclaredName(a) && !Object.hasOwn(target, a))
    .sort(byText);

  const attributes = names.concat(targetOnly, usedOnly).map((attribute) => {
    const isDeclared = isDeclaredName(attribute);
    const declaredValues = ((isDeclared ? declared[attribute] : undefined) ?? []).map(String);
    const shares = Object.hasOwn(target, attribute) ? target[attribute] : undefined;
    if (shares && !isDeclared) warnings.push(`target names attribute "${attribute}", which is not declared`);

    const counts = new Map<string, number>();
    const lacking: string[] = [];
    for (const p of people) {
      const v = p.attributes && Object.hasOwn(p.attributes, attribute) ? valueText(p.attributes[attribute]) : undefined;
      if (v === undefined) lacking.push(p.id);
      else counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    const withValue = people.length - lacking.length;

    const values = [...new Set(declaredValues)];
    for (const v of Object.keys(shares ?? {})) {
      if (!values.includes(v)) {
        values.push(v);
        if (isDeclared) warnings.push(`target for "${attribute}" names "${v}", which is not a declared value`);
      }
    }
    const undeclaredValues = [...counts.keys()].filter((v) => !values.includes(v)).sort(byText);
    values.push(...undeclaredValues);

    let targetTotal: number | null = null;
    if (shares) {
      targetTotal = Object.values(shares).reduce((sum, x) => sum + x, 0);
      if (Math.abs(targetTotal - 1) > 1e-6) warnings.push(`target for "${attribute}" adds up to ${+targetTotal.toFixed(6)}, not 1`);
      for (const [v, x] of Object.entries(shares))
        if (!(x >= 0 && x <= 1)) warnings.push(`target for "${attribute}" = "${v}" is ${x}, not a proportion`);
    }

    const categories: CategoryComposition[] = values.map((value) => {
      const count = counts.get(value) ?? 0;
      const proportion = withValue > 0 ? count / withValue : null;
      const ci = wilsonInterval(count, withValue);
      const share = shares && Object.hasOwn(shares, value) ? shares[value] : null;
      const difference = proportion !== null && share !== null ? proportion - share : null;
      let status: CategoryStatus;
      if (share === null) status = 'untargeted';
      else if (difference === null) status = 'unknown';
      else if (-difference > tolerance + EPSILON) status = 'under';
      else if (difference > tolerance + EPSILON) status = 'over';
      else status = 'within';
      const surveyCount = surveyTarget ? (surveyTarget.counts[attribute]?.[value] ?? 0) : undefined;
      return {
        value,
        declared: declaredValues.includes(value),
        count,
        proportion,
        target: share,
        difference,
        status,
        ciLow: ci?.low ?? null,
        ciHigh: ci?.high ?? null,
        ...(surveyCount !== undefined && { targetCount: surveyCount }),
      };
    });
    const answered = surveyTarget?.counts[attribute] ? Object.values(surveyTarget.counts[attribute]).reduce((a, b) => a + b, 0) : undefined;

    return {
      attribute,
      declared: isDeclared,
      hasTarget: shares !== undefined,
      withValue,
      lacking,
      categories,
      missing: categories.filter((c) => c.count === 0).map((c) => c.value),
      underRepresented: categories.filter((c) => c.status === 'under').map((c) => c.value),
      overRepresented: categories.filter((c) => c.status === 'over').map((c) => c.value),
      undeclaredValues: isDeclared ? undeclaredValues : [],
      targetTotal,
      ...(answered !== undefined && { targetRespondents: answered }),
      test: shares && options.tests !== false ? fitTest(categories, options.exact) : null,
    };
  });

  const points = +(tolerance * 100).toFixed(6);
  return {
    targetFrom: surveyTarget
      ? { kind: 'survey', wave: surveyTarget.wave, respondents: surveyTarget.respondents }
      : { kind: 'participants' },
    participants: people.length,
    tolerance,
    rule: `A category is under-represented when its share of the sample is more than ${points} percentage points below its target, over-represented when more than ${points} points above.`,
    attributes,
    warnings,
  };
}

function proportionsOf(counts: Record<string, Record<string, number>>): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const [attribute, byValue] of Object.entries(counts)) {
    const total = Object.values(byValue).reduce((a, b) => a + b, 0);
    if (total > 0) out[attribute] = Object.fromEntries(Object.entries(byValue).map(([v, c]) => [v, c / total]));
  }
  return out;
}

/**
 * Chi-square and the exact multinomial test over the categories the target
 * gives a share above 0 (its shares renormalised to sum to 1 over them).
 */
function fitTest(categories: readonly CategoryComposition[], exact?: ExactOptions): FitTest | null {
  const tested = categories.filter((c) => c.target !== null && c.target > 0);
  const total = tested.reduce((a, c) => a + c.target!, 0);
  const n = tested.reduce((a, c) => a + c.count, 0);
  const leftOut = categories.filter((c) => !tested.includes(c)).reduce((a, c) => a + c.count, 0);
  const notes: string[] = [];
  if (leftOut) notes.push(`${leftOut} participant(s) have a value the target does not include, and are left out of the test.`);
  const empty: FitTest = {
    categories: tested.map((c) => c.value),
    n,
    leftOut,
    chi2: null,
    df: null,
    p: null,
    expectedBelow5: 0,
    exactP: null,
    exactMethod: null,
    exactStandardError: 0,
    notes,
  };
  if (tested.length < 2) {
    notes.push('The target has fewer than two categories: nothing to test.');
    return empty;
  }
  if (n === 0) {
    notes.push("No participant has a value in the target's categories yet.");
    return empty;
  }
  const observed = tested.map((c) => c.count);
  const shares = tested.map((c) => c.target! / total);
  const chi = chiSquareGoodnessOfFit(observed, shares)!;
  const ex = exactMultinomialTest(observed, shares, exact)!;
  if (chi.expectedBelow5 > 0) {
    notes.push(
      `${chi.expectedBelow5} of ${tested.length} expected counts are under 5, so the chi-square p is unreliable: read the exact test.`,
    );
  }
  if (ex.method === 'monte-carlo')
    notes.push(`The exact p is a Monte Carlo estimate from ${ex.outcomes} seeded samples (standard error ${ex.standardError.toFixed(4)}).`);
  return {
    ...empty,
    chi2: chi.chi2,
    df: chi.df,
    p: chi.p,
    expectedBelow5: chi.expectedBelow5,
    exactP: ex.p,
    exactMethod: ex.method,
    exactStandardError: ex.standardError,
  };
}

/**
 * A survey wave's answers to each attribute column as a target: respondents
 * with a non-empty answer, those for whom `includes` is false (withdrawn) left out.
 */
export function surveyTarget(survey: Survey, includes: (respondent: string) => boolean = () => true): SurveyTarget {
  const respondents = survey.respondents.filter((r) => includes(r.id));
  const counts: Record<string, Record<string, number>> = {};
  for (const c of survey.columns) {
    if (c.use !== 'attribute' || !c.attribute) continue;
    const byValue: Record<string, number> = (counts[c.attribute] ??= {});
    for (const r of respondents) {
      const v = r.answers[c.name];
      if (v !== undefined && v !== '') byValue[v] = (byValue[v] ?? 0) + 1;
    }
  }
  return { wave: survey.wave, respondents: respondents.length, counts };
}
