/**
 * Example quotes for a code in a review pack. The researcher chooses by marking
 * codings `review: true` in the codings file (and keeps a passage out of every
 * pack with `review: false`); the rest are filled automatically with the
 * shortest distinct passages, from as many different sources as possible.
 */
import type { Code, Coding } from '../model';
import type { Project } from '../project';
import { resolveCode } from '../codes';
import { inclusion } from '../participants';

export interface Example {
  text: string;
  source: string;
  /** The coding's passage in its source (code points, end exclusive), for attribution. */
  start: number;
  end: number;
  /** True when the researcher marked the coding `review: true`. */
  chosen: boolean;
}

export interface ExampleOptions {
  /**
   * Whose words a passage is, to spread examples across people: the report
   * spreads by participant; by default each source counts as its own.
   */
  spreadBy?: (source: string) => string;
}

/** Fewer words than this is rarely a passage a participant can judge a code by. */
const MIN_WORDS = 3;

const normal = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();

/**
 * Up to `n` examples for each active code, keyed by code id. Codings of a
 * merged code count for the code it was merged into.
 */
export function chooseExamples(project: Project, n: number, opts: ExampleOptions = {}): Map<string, Example[]> {
  const all = new Map<string, Code>(project.codebook.codes.map((c) => [c.id, c]));
  const byCode = new Map<string, { coding: Coding; source: string }[]>();
  // Never a withdrawn participant's words.
  for (const [source, list] of [...inclusion(project).codings()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    for (const coding of [...list].sort((a, b) => a.start - b.start || a.end - b.end)) {
      const target = resolveCode(all, coding.code);
      if (!target || target.status !== 'active' || isNo(coding.review)) continue;
      byCode.set(target.id, [...(byCode.get(target.id) ?? []), { coding, source }]);
    }
  }
  const out = new Map<string, Example[]>();
  for (const [id, list] of byCode) out.set(id, pick(list, n, opts.spreadBy ?? ((s) => s)));
  return out;
}

function isYes(v: unknown): boolean {
  return v === true || v === 'yes' || v === 'true';
}

function isNo(v: unknown): boolean {
  return v === false || v === 'no' || v === 'false';
}

function pick(list: { coding: Coding; source: string }[], n: number, whose: (source: string) => string): Example[] {
  if (n <= 0) return [];
  const seen = new Set<string>();
  const out: Example[] = [];
  const take = (c: Coding, source: string, chosen: boolean): void => {
    const key = normal(c.text);
    if (!key || seen.has(key) || out.length >= n) return;
    // Two coders' codings of one passage are one example, not two near-copies.
    if (out.some((e) => e.source === source && e.start < c.end && c.start < e.end)) return;
    seen.add(key);
    out.push({ text: c.text.trim(), source, start: c.start, end: c.end, chosen });
  };
  for (const { coding, source } of list) if (isYes(coding.review)) take(coding, source, true);
  const auto = list
    .filter(({ coding }) => !isYes(coding.review) && normal(coding.text).split(' ').length >= MIN_WORDS)
    .sort(
      (a, b) =>
        a.coding.text.trim().length - b.coding.text.trim().length ||
        (a.source < b.source ? -1 : a.source > b.source ? 1 : a.coding.start - b.coding.start),
    );
  // First one per person (or source) not yet quoted, then the shortest of what is left.
  const used = new Set(out.map((e) => whose(e.source)));
  for (const { coding, source } of auto) {
    if (used.has(whose(source))) continue;
    const before = out.length;
    take(coding, source, false);
    if (out.length > before) used.add(whose(source));
  }
  for (const { coding, source } of auto) take(coding, source, false);
  return out;
}
