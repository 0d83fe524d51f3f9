/**
 * Withdrawing, reinstating and purging a participant (or a survey respondent
 * who is not a participant). Withdrawal is a record in participants.yaml that
 * every analysis and export obeys (withdrawal.ts); purging deletes their words
 * from the working tree for good: their transcripts and the codings in them,
 * their survey answers, their turns in survey transcripts (and the codings
 * there), their attributes. Git history keeps what was committed: see
 * `historyAdvice`.
 */
import type { Coding, Participant, Participants } from '../model';
import type { Project } from '../project';
import { respondentRanges, surveyPath } from '../project';
import { withdrawalOf } from './withdrawal';

/** A date as yyyy-mm-dd in UTC. */
function day(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** Everyone who can withdraw: participants and survey respondents, by id. */
export function knownPeople(project: Project): Set<string> {
  const ids = new Set((project.participants?.participants ?? []).map((p) => p.id));
  for (const s of project.surveys.values()) for (const r of s.respondents) ids.add(r.id);
  return ids;
}

function requireKnown(project: Project, id: string): void {
  if (!knownPeople(project).has(id)) throw new Error(`no participant or survey respondent "${id}"`);
}

function updatePerson(p: Participants, id: string, change: (x: Participant) => Participant): Participants {
  const has = p.participants.some((x) => x.id === id);
  const list = has ? p.participants : [...p.participants, { id }];
  return { ...p, participants: list.map((x) => (x.id === id ? change(x) : x)) };
}

/**
 * Records that `id` withdrew today (or on `date`), with an optional reason. A
 * survey respondent who is not a participant gets an entry of their own.
 * Withdrawing again keeps the first date and takes the new reason.
 */
export async function withdrawParticipant(
  project: Project,
  id: string,
  opts: { reason?: string; date?: string } = {},
): Promise<Participant> {
  requireKnown(project, id);
  const date = opts.date ?? day(project.ports.clock.now());
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`--date ${date}: write it yyyy-mm-dd`);
  await project.changeParticipants((p) =>
    updatePerson(p, id, (x) => {
      const was = withdrawalOf(x);
      const reason = opts.reason?.trim() || was?.reason;
      return { ...x, withdrawn: { ...was, date: was?.date ?? date, ...(reason && { reason }) } };
    }),
  );
  return project.participants!.participants.find((x) => x.id === id)!;
}

/** Takes the withdrawal back, unless their data was purged. */
export async function reinstateParticipant(project: Project, id: string): Promise<Participant> {
  const person = project.participants?.participants.find((x) => x.id === id);
  const w = person && withdrawalOf(person);
  if (!person || !w) throw new Error(`"${id}" has not withdrawn`);
  if (w.purged) throw new Error(`"${id}" was purged on ${w.purged}: their data is gone from the project, so they cannot be reinstated`);
  await project.changeParticipants((p) => updatePerson(p, id, ({ withdrawn: _, ...x }) => x));
  return project.participants!.participants.find((x) => x.id === id)!;
}

/** What a purge deletes; `plan` lists it before anything happens. */
export interface PurgePlan {
  id: string;
  /** Their own transcripts. */
  sources: string[];
  /** Codings files deleted with them. */
  codingsFiles: string[];
  /** Survey waves holding their answers. */
  waves: string[];
  /** Survey transcripts holding their answers: their turns are cut out, codings there removed. */
  surveyTranscripts: { path: string; codings: number }[];
  /** Memos whose links point at their transcripts (not changed: a memo is the researcher's writing). */
  memos: string[];
}

/** What purging `id` would delete. */
export function planPurge(project: Project, id: string): PurgePlan {
  const person = project.participants?.participants.find((x) => x.id === id);
  const sources = [...(person?.sources ?? [])];
  const codingsFiles = sources.map((s) => project.codingsPathOf(s)).filter((p) => project.codingsFiles.has(p));
  const waves = [...project.surveys.values()].filter((s) => s.respondents.some((r) => r.id === id)).map((s) => s.wave);
  const surveyTranscripts: PurgePlan['surveyTranscripts'] = [];
  for (const [path, ranges] of project.sharedTurns) {
    const mine = ranges.filter((r) => r.owner === id);
    if (!mine.length) continue;
    const codings = (project.codings.get(path)?.codings ?? []).filter((c) =>
      mine.some((r) => c.start < r.end && r.start < Math.max(c.end, c.start + 1)),
    ).length;
    surveyTranscripts.push({ path, codings });
  }
  const memos = [...project.memos.values()]
    .filter((m) => (m.meta.links ?? []).some((l) => l.source !== undefined && sources.includes(l.source)))
    .map((m) => m.path)
    .sort();
  return { id, sources, codingsFiles, waves, surveyTranscripts, memos };
}

/**
 * Deletes everything of a withdrawn participant from the working tree (see
 * PurgePlan) and records the purge date. Not undoable.
 */
export async function purgeParticipant(project: Project, id: string): Promise<PurgePlan> {
  const person = project.participants?.participants.find((x) => x.id === id);
  if (!person || !withdrawalOf(person))
    throw new Error(`"${id}" has not withdrawn: withdraw them first (purging is for people who withdrew)`);
  const plan = planPurge(project, id);
  const store = project.store;
  // Survey transcripts first (their ranges are known now): cut the turns out, drop codings in them, shift the rest.
  for (const { path } of plan.surveyTranscripts) {
    const read = await store.readText(path);
    if (!read) continue;
    const ids = project.surveySourceOwners(path) ?? [];
    const cps = [...read.text];
    const mine = respondentRanges(read.text, ids)
      .filter((r) => r.owner === id)
      .sort((a, b) => b.start - a.start);
    for (const r of mine) cps.splice(r.start, r.end - r.start);
    await store.writeText(path, cps.join(''), { overwriteChanged: true });
    if (project.codings.has(path)) {
      await project.changeCodings(path, (f) => ({ ...f, codings: f.codings.flatMap((c) => shifted(c, mine)) }));
    }
  }
  for (const wave of plan.waves) {
    await project.changeSurvey(wave, (s) => ({ ...s!, respondents: s!.respondents.filter((r) => r.id !== id) }));
  }
  for (const path of [...plan.codingsFiles, ...plan.sources]) await store.deleteFile(path);
  const today = day(project.ports.clock.now());
  await project.changeParticipants((p) =>
    updatePerson(p, id, ({ sources: _s, attributes: _a, interviewed: _i, ...x }) => ({
      ...x,
      withdrawn: { ...x.withdrawn!, purged: today },
    })),
  );
  await project.reload([
    ...plan.sources,
    ...plan.codingsFiles,
    ...plan.surveyTranscripts.map((t) => t.path),
    ...plan.waves.map(surveyPath),
  ]);
  // The derived caches held their words too: the parse cache forgets deleted files on reload; the search index is rebuilt.
  await project.saveCache();
  for (const path of await project.ports.files.list('qda/.cache'))
    if (/^qda\/\.cache\/search[^/]*$/.test(path)) await project.ports.files.delete(path);
  return plan;
}

// A coding after the cut ranges moves back by their length; one overlapping them goes.
function shifted(c: Coding, cut: readonly { start: number; end: number }[]): Coding[] {
  let delta = 0;
  for (const r of cut) {
    if (c.start < r.end && r.start < Math.max(c.end, c.start + 1)) return [];
    if (r.end <= c.start) delta += r.end - r.start;
  }
  return delta ? [{ ...c, start: c.start - delta, end: c.end - delta }] : [c];
}

/** How to take the purged files out of git history too, for people to read. */
export function historyAdvice(paths: readonly string[]): string[] {
  if (!paths.length) return [];
  return [
    'Git history still holds every version that was committed. To remove them from history too (this rewrites history;',
    'everyone must clone again afterwards, and copies elsewhere, such as backups and forks, are not reached):',
    `  git filter-repo --invert-paths ${paths.map((p) => `--path '${p.replace(/'/g, `'\\''`)}'`).join(' ')}`,
    "Survey files and transcripts that still hold other people's answers were rewritten, not deleted: their old versions",
    'in history hold the purged answers; rewriting those needs git filter-repo --blob-callback or BFG --replace-text.',
  ];
}
