/**
 * Withdrawal: what every analysis and export may include. A participant who
 * withdrew (participants.yaml `withdrawn: {date, reason}`) is left out of
 * everything at once: their own sources and the codings in them, their turns in
 * sources shared by several people (a survey's open answers, each turn labelled
 * with the respondent id), their attributes and their survey answers.
 *
 * Every analysis and export asks `inclusion(project)` once and keeps to it, so
 * there is one rule, written here, not one per export. Pure: no I/O.
 */
import type { Coding, CodingsFile, OwnedRange, Participant, Participants, Withdrawal } from '../model';

export type { OwnedRange } from '../model';

/**
 * What inclusion is decided from: the Project has all of these, and tests may
 * pass plain objects.
 */
export interface InclusionInput {
  participants?: Participants;
  /** Transcript paths matched by `sources` (the Project's list). */
  sources: readonly string[];
  /** Codings by source path. */
  codings?: ReadonlyMap<string, CodingsFile>;
  /** Turns of shared sources by who spoke them (survey open answers): source path -> ranges. */
  sharedTurns?: ReadonlyMap<string, readonly OwnedRange[]>;
}

/** The one answer to "may this be included?", computed once per analysis or export. */
export interface Inclusion {
  /** Ids of the participants who withdrew, sorted. */
  readonly withdrawn: readonly string[];
  /** `sources` without the withdrawn participants' own sources (same order). */
  readonly sources: string[];
  /** False for a source that belongs to a withdrawn participant. */
  includesSource(path: string): boolean;
  /** False for a withdrawn participant (or survey respondent) id. */
  includesParticipant(id: string): boolean;
  /**
   * False when the passage is in a withdrawn participant's source, or overlaps
   * one of their turns in a shared source (code points, end exclusive).
   */
  includesPassage(source: string, start: number, end: number): boolean;
  /** The ranges of a shared source left out (withdrawn respondents' turns), sorted by start. */
  excludedRanges(source: string): readonly OwnedRange[];
  /** Codings by source with everything withdrawn left out; sources left with none are dropped. */
  codings(): Map<string, Coding[]>;
  /** participants.yaml without the withdrawn participants (undefined when there is no file). */
  participants(): Participants | undefined;
  /**
   * Whether `text` (a code's example, say) quotes a withdrawn person's coded
   * passage: it lies within one, or holds one of at least three words.
   * Ignores case and spacing.
   */
  quotesWithdrawn(text: string): boolean;
}

const MIN_QUOTE_WORDS = 3;
const normal = (s: string): string => s.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();

/** The participant's withdrawal, when they withdrew. */
export function withdrawalOf(p: Participant): Withdrawal | undefined {
  return p.withdrawn && typeof p.withdrawn === 'object' && typeof p.withdrawn.date === 'string' ? p.withdrawn : undefined;
}

/** Participants who withdrew, sorted by id. */
export function withdrawnParticipants(project: Pick<InclusionInput, 'participants'>): Participant[] {
  return (project.participants?.participants ?? [])
    .filter((p) => withdrawalOf(p) !== undefined)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Whether `path` is one of a withdrawn participant's own sources. */
export function isWithdrawnSource(project: Pick<InclusionInput, 'participants'>, path: string): boolean {
  return withdrawnSources(project).has(path);
}

/** The project's sources without the withdrawn participants' own sources. */
export function includedSources(project: Pick<InclusionInput, 'participants' | 'sources'>): string[] {
  const out = withdrawnSources(project);
  return project.sources.filter((s) => !out.has(s));
}

function withdrawnSources(project: Pick<InclusionInput, 'participants'>): Set<string> {
  return new Set(withdrawnParticipants(project).flatMap((p) => p.sources ?? []));
}

/**
 * What analyses and exports may include, given who withdrew. Every analysis and
 * export of the project goes through this (see the module comment).
 */
export function inclusion(project: InclusionInput): Inclusion {
  const withdrawnPeople = withdrawnParticipants(project);
  const withdrawn = new Set(withdrawnPeople.map((p) => p.id));
  const outSources = withdrawnSources(project);
  const excluded = new Map<string, OwnedRange[]>();
  for (const [source, turns] of project.sharedTurns ?? []) {
    const mine = turns.filter((t) => withdrawn.has(t.owner)).sort((a, b) => a.start - b.start || a.end - b.end);
    if (mine.length) excluded.set(source, mine);
  }
  const includesSource = (path: string): boolean => !outSources.has(path);
  let withdrawnQuotes: string[] | undefined;
  const includesPassage = (source: string, start: number, end: number): boolean => {
    if (!includesSource(source)) return false;
    const ranges = excluded.get(source);
    if (!ranges) return true;
    // An empty passage still sits somewhere: treat [s, s) as touching position s.
    const hi = Math.max(end, start + 1);
    return !ranges.some((r) => r.start < hi && start < r.end);
  };
  return {
    withdrawn: [...withdrawn],
    sources: project.sources.filter(includesSource),
    includesSource,
    includesParticipant: (id) => !withdrawn.has(id),
    includesPassage,
    excludedRanges: (source) => excluded.get(source) ?? [],
    codings() {
      const out = new Map<string, Coding[]>();
      for (const [source, file] of project.codings ?? []) {
        if (!includesSource(source)) continue;
        const kept = excluded.has(source) ? file.codings.filter((c) => includesPassage(source, c.start, c.end)) : file.codings;
        if (kept.length) out.set(source, kept);
      }
      return out;
    },
    quotesWithdrawn(text: string) {
      const t = normal(text);
      if (!t) return false;
      withdrawnQuotes ??= [...(project.codings ?? [])].flatMap(([source, f]) =>
        f.codings.filter((c) => !includesPassage(source, c.start, c.end)).map((c) => normal(c.text)),
      );
      return withdrawnQuotes.some((q) => q.includes(t) || (q.split(' ').length >= MIN_QUOTE_WORDS && t.includes(q)));
    },
    participants() {
      const p = project.participants;
      if (!p) return undefined;
      return withdrawn.size ? { ...p, participants: p.participants.filter((x) => !withdrawn.has(x.id)) } : p;
    },
  };
}
