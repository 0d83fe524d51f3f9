/**
 * Agreement on an open project: which sources to compare, where each coding is
 * now (re-anchored, as `qda status` finds it), the turns of each transcript, and
 * writing a resolution. Reads files only through the project's store (ports).
 */
import { captureAnchor, locateAll } from '../anchor';
import { newCoding } from '../coding';
import type { Coding, CodingsFile } from '../model';
import { inclusion } from '../participants';
import { ProjectError, type Project } from '../project';
import { CodePointIndex } from '../text';
import { parseTranscript } from '../transcripts';
import { compareCoders, type AgreementReport, type AgreementSource, type PlacedCoding } from './compare';
import { multiCoderAlpha, type MultiAgreementReport } from './multiCoder';
import { findDisagreements, planResolution, type Disagreement, type Resolution, type ResolutionPlan } from './disagreements';
import type { Interval } from './intervals';
import type { AgreementUnit } from './methods';

/**
 * The sources agreement may be computed over: every source with codings, except
 * those of participants who withdrew (`inclusion`, the project's one rule). The
 * ONE place that decides it, for the CLI and VS Code alike.
 */
export function sourcesToCompare(project: Project): string[] {
  const included = inclusion(project);
  return [...project.codings.keys()].filter((s) => included.includesSource(s) && (project.codings.get(s)?.codings.length ?? 0) > 0).sort();
}

/** Each coder with how many codings they made, in how many sources. */
export function codersIn(project: Project): { coder: string; codings: number; sources: number }[] {
  const by = new Map<string, { codings: number; sources: Set<string> }>();
  const included = inclusion(project);
  for (const [source, file] of project.codings) {
    if (!included.includesSource(source)) continue;
    for (const c of file.codings) {
      if (!c.coder) continue;
      const e = by.get(c.coder) ?? { codings: 0, sources: new Set<string>() };
      e.codings++;
      e.sources.add(source);
      by.set(c.coder, e);
    }
  }
  return [...by].map(([coder, e]) => ({ coder, codings: e.codings, sources: e.sources.size })).sort((x, y) => (x.coder < y.coder ? -1 : 1));
}

/** A source as agreement sees it, plus how many of its codings were not found. */
export interface Placed {
  source: AgreementSource;
  orphaned: number;
  /** The transcript's text as read, with its code point index. */
  index: CodePointIndex;
}

interface CacheEntry {
  hash: string;
  placed: Placed;
  turns?: Interval[];
}

// Keyed by the loaded codings file: a reload replaces the object, so a stale entry is never found.
const cache = new WeakMap<CodingsFile, CacheEntry>();

/** Where each coding of `path` is now; undefined when the transcript cannot be read. */
export async function placeSource(project: Project, path: string, unit: AgreementUnit = 'character'): Promise<Placed | undefined> {
  const file = project.codings.get(path) ?? { source: path, codings: [] };
  const read = await project.store.readText(path);
  if (!read) return undefined;
  let entry = cache.get(file);
  if (!entry || entry.hash !== read.hash) {
    const index = new CodePointIndex(read.text);
    const located = locateAll(index, file.codings);
    const codings: PlacedCoding[] = [];
    let orphaned = 0;
    file.codings.forEach((c, i) => {
      const l = located[i];
      if (l.state === 'orphaned') orphaned++;
      else codings.push({ id: c.id, code: c.code, coder: c.coder, start: l.start, end: l.end });
    });
    entry = { hash: read.hash, placed: { source: { path, length: index.length, turns: [], codings }, orphaned, index } };
    cache.set(file, entry);
  }
  if (unit === 'turn' && !entry.turns) {
    entry.turns = parseTranscript(read.text).turns.map((t): Interval => [t.span.cpStart, t.span.cpEnd]);
  }
  return { ...entry.placed, source: { ...entry.placed.source, turns: entry.turns ?? [] } };
}

export interface ProjectAgreementOptions {
  coders: readonly string[];
  unit?: AgreementUnit;
  /** Narrow to these sources (each must be one of sourcesToCompare). */
  sources?: readonly string[];
}

/** The sources to read: all comparable ones, or the ones asked for (checked). */
function chosenSources(project: Project, wanted?: readonly string[]): string[] {
  const all = sourcesToCompare(project);
  if (!wanted?.length) return all;
  const known = new Set(all);
  const included = inclusion(project);
  for (const s of wanted) {
    if (!included.includesSource(s)) throw new ProjectError(`${s} is left out of every analysis: its participant withdrew from the study`);
    if (!known.has(s)) throw new ProjectError(`${s} is not a source with codings in this project (sources: ${all.join(', ') || 'none'})`);
  }
  return [...new Set(wanted)].sort();
}

function checkCoders(project: Project, coders: readonly string[]): void {
  const missing = new Set(coders);
  // Stops at the first coding of the last coder asked for: a large project holds tens of thousands.
  for (const file of project.codings.values()) {
    for (const c of file.codings) if (c.coder !== undefined && missing.delete(c.coder) && missing.size === 0) return;
  }
  const [first] = missing;
  if (first !== undefined)
    throw new ProjectError(
      `no codings by coder "${first}" (coders: ${
        codersIn(project)
          .map((c) => c.coder)
          .join(', ') || 'none'
      })`,
    );
}

/** Reads and places the chosen sources; unreadable ones are reported as skipped. */
async function gather(project: Project, opts: ProjectAgreementOptions) {
  const sources: AgreementSource[] = [];
  const texts = new Map<string, CodePointIndex>();
  const unreadable: string[] = [];
  let orphaned = 0;
  let withdrawn = 0;
  const compared = (c: { coder?: string }) => c.coder !== undefined && opts.coders.includes(c.coder);
  const included = inclusion(project);
  // Counted, never named: the withdrawn participants' own sources.
  for (const [path, file] of project.codings) if (!included.includesSource(path)) withdrawn += file.codings.filter(compared).length;
  for (const path of chosenSources(project, opts.sources)) {
    const p = await placeSource(project, path, opts.unit ?? 'character');
    if (!p) {
      unreadable.push(path);
      continue;
    }
    const left = included.excludedRanges(path);
    sources.push(left.length ? { ...p.source, excluded: left.map((r): Interval => [r.start, r.end]) } : p.source);
    texts.set(path, p.index);
    // The compared coders' codings whose passage is not found: left out, and counted.
    orphaned += (project.codings.get(path)?.codings ?? []).filter(compared).length - p.source.codings.filter(compared).length;
  }
  const input = { codes: project.codebook.codes, sources, coders: opts.coders, unit: opts.unit ?? 'character' };
  return { input, unreadable, orphaned, withdrawn, texts };
}

/** Agreement of two coders on the project as it stands. */
export async function projectAgreement(project: Project, opts: ProjectAgreementOptions): Promise<AgreementReport> {
  checkCoders(project, opts.coders);
  const g = await gather(project, opts);
  const report = compareCoders(g.input);
  report.excluded.orphaned = g.orphaned;
  report.excluded.withdrawn += g.withdrawn;
  for (const s of g.unreadable) report.skipped.push({ source: s, reason: 'the transcript cannot be read' });
  return report;
}

/** Krippendorff's alpha of two or more coders on the project as it stands. */
export async function projectMultiAgreement(project: Project, opts: ProjectAgreementOptions): Promise<MultiAgreementReport> {
  checkCoders(project, opts.coders);
  const g = await gather(project, opts);
  const report = multiCoderAlpha(g.input);
  report.excluded.orphaned = g.orphaned;
  report.excluded.withdrawn += g.withdrawn;
  for (const s of g.unreadable) report.skipped.push({ source: s, reason: 'the transcript cannot be read' });
  return report;
}

/** Every disagreement between two coders, as they stand, each with its passage's text. */
export async function projectDisagreements(
  project: Project,
  opts: { coders: readonly [string, string]; consensusCoder?: string; sources?: readonly string[] },
): Promise<Disagreement[]> {
  return (await projectComparison(project, opts)).disagreements;
}

/** The figures and the disagreements of two coders, reading each transcript once. */
export async function projectComparison(
  project: Project,
  opts: { coders: readonly [string, string]; unit?: AgreementUnit; consensusCoder?: string; sources?: readonly string[] },
): Promise<{ report: AgreementReport; disagreements: Disagreement[] }> {
  checkCoders(project, opts.coders);
  const g = await gather(project, opts);
  const report = compareCoders(g.input);
  report.excluded.orphaned = g.orphaned;
  report.excluded.withdrawn += g.withdrawn;
  for (const s of g.unreadable) report.skipped.push({ source: s, reason: 'the transcript cannot be read' });
  const found = findDisagreements({
    codes: project.codebook.codes,
    sources: g.input.sources,
    coders: opts.coders,
    consensusCoder: opts.consensusCoder,
  });
  return { report, disagreements: found.map((d) => ({ ...d, text: g.texts.get(d.source)?.slice(d.start, d.end) ?? '' })) };
}

/** What a resolution did. */
export interface ResolutionResult extends ResolutionPlan {
  /** The disagreement as it was found when resolving. */
  disagreement: Disagreement;
}

/**
 * Settles one disagreement: finds it again in the source as it is now (so a
 * change made meanwhile is not overwritten blindly), plans the resolution and
 * writes it as normal codings, in one write of the source's codings file.
 */
export async function resolveDisagreement(
  project: Project,
  target: Pick<Disagreement, 'source' | 'code' | 'start' | 'end'>,
  action: Resolution,
  opts: { coders: readonly [string, string]; consensusCoder?: string; span?: Interval },
): Promise<ResolutionResult> {
  const placed = await placeSource(project, target.source);
  if (!placed) throw new ProjectError(`${target.source} cannot be read`, target.source);
  const found = findDisagreements({
    codes: project.codebook.codes,
    sources: [placed.source],
    coders: opts.coders,
    consensusCoder: opts.consensusCoder,
  })
    .filter((d) => d.code === target.code && d.start < target.end && d.end > target.start)
    .sort((x, y) => Math.abs(x.start - target.start) - Math.abs(y.start - target.start));
  const d = found[0];
  if (!d) throw new ProjectError('That disagreement is no longer there: the codings changed meanwhile.', target.source);
  const plan = planResolution(d, placed.source.codings, action, opts);
  const index = placed.index;
  if (opts.span && (opts.span[0] < 0 || opts.span[1] > index.length))
    throw new ProjectError('The consensus passage is outside the transcript.', target.source);
  const added = plan.add.map((n) =>
    newCoding(project, index.text, { source: target.source, code: n.code, start: n.start, end: n.end, coder: n.coder }),
  );
  const moved = new Map(plan.move.map((m) => [m.id, m]));
  const removed = new Set(plan.remove);
  if (added.length || moved.size || removed.size) {
    await project.changeCodings(target.source, (f) => {
      const ids = new Set(f.codings.map((c) => c.id));
      const gone = [...moved.keys(), ...removed].some((id) => !ids.has(id));
      if (gone) throw new ProjectError('The codings changed meanwhile; compare again before resolving.', target.source);
      const codings: Coding[] = [];
      for (const c of f.codings) {
        if (removed.has(c.id)) continue;
        const m = moved.get(c.id);
        if (!m) codings.push(c);
        else {
          // before/after are set explicitly: a passage at the very start or end has none.
          const anchor = captureAnchor(index, m.start, m.end);
          codings.push({ ...c, ...anchor, before: anchor.before, after: anchor.after });
        }
      }
      return { ...f, codings: [...codings, ...added] };
    });
  }
  return { ...plan, disagreement: d };
}
