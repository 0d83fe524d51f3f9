/**
 * How figures are written for people (charts, panel, status bar). One place, so
 * the status bar, the panel and the exported figures never disagree on rounding.
 */

/** A proportion as a percentage, `—` when the figure does not exist. */
export function percent(x: number | null | undefined, digits = 1): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '—' : `${(x * 100).toFixed(digits)} %`;
}

/** A number with fixed decimals, `—` when the figure does not exist. */
export function fixed(x: number | null | undefined, digits = 1): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(digits);
}

/** A difference of proportions in percentage points, with its sign (U+2212 for minus). */
export function points(x: number | null | undefined, digits = 1): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  const v = Number((x * 100).toFixed(digits));
  if (v === 0) return `${(0).toFixed(digits)} pts`;
  return `${v > 0 ? '+' : '\u2212'}${Math.abs(v).toFixed(digits)} pts`;
}

/** "1 transcript", "3 participants". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** What a unit is called in prose, by unit kind. */
export function unitNoun(by: 'source' | 'participant', n = 2): string {
  const one = by === 'source' ? 'transcript' : 'participant';
  return n === 1 ? one : `${one}s`;
}

/** A method note's parameters as `m = 4, Q1 = 7`; empty without parameters. */
export function parameterText(parameters: Record<string, number | string | null> | undefined): string {
  if (!parameters) return '';
  return Object.entries(parameters)
    .map(([k, v]) => `${k} = ${v === null ? '—' : typeof v === 'number' ? String(Number(v.toFixed(6))) : v}`)
    .join(', ');
}

/** A short label for a unit id: the file name without folders and extension. */
export function shortUnit(unit: string): string {
  const base = unit.split('/').pop() ?? unit;
  const dot = base.indexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

/**
 * What the figures mean for the study, in one plain sentence that leads the panel (#19 item 7):
 * "4 transcripts gave 14 codes; about 7 more may still be unseen; new codes have not levelled off
 * yet." Every statistic stays below it; this says nothing they do not.
 */
export function plainSummary(r: {
  by: 'source' | 'participant';
  units: readonly unknown[];
  observed: number;
  chao2: number | null;
  guest: { saturatedAt: string | null };
}): string {
  const m = r.units.length;
  if (m === 0) return `No ${unitNoun(r.by)} coded yet: code a few to see whether new codes are levelling off.`;
  const gave = `${plural(m, unitNoun(r.by, 1), unitNoun(r.by))} gave ${plural(r.observed, 'code')}`;
  if (m < 2 || r.chao2 === null) return `${gave}; code at least two to estimate how many codes are still unseen.`;
  const unseen = Math.max(0, Math.round(r.chao2 - r.observed));
  const more = unseen === 0 ? 'probably none remain unseen' : `about ${unseen} more may still be unseen`;
  const level =
    r.guest.saturatedAt === null ? 'new codes have not levelled off yet' : `new codes levelled off at ${shortUnit(r.guest.saturatedAt)}`;
  return `${gave}; ${more}; ${level}.`;
}
