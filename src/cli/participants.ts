import {
  applySurveyImport,
  describeSurveyPlan,
  historyAdvice,
  knownPeople,
  planPurge,
  planSurveyImport,
  purgeParticipant,
  readSurveyTable,
  reinstateParticipant,
  withdrawalOf,
  withdrawParticipant,
  type PurgePlan,
} from '../core/participants';
import type { Project } from '../core/project';
import { CliError, openProject, table, type Io } from './common';
import type { ImportOptions } from './common';
import { asCli, readInput } from './review';

/** `qda import survey FILE --wave NAME [--id COLUMN] [--text COLUMN…] [--sheet NAME] [--overwrite] [--yes]`: the plan; --yes applies it. */
export async function importSurveyCommand(io: Io, files: readonly string[], opts: ImportOptions): Promise<number> {
  if (files.length > 1) throw new CliError('qda import survey: one file at a time (one wave each)');
  if (!opts.wave) throw new CliError('qda import survey: which wave is it? --wave NAME (e.g. --wave start)');
  const file = files[0];
  const project = await openProject(io.cwd, opts.project);
  const plan = planSurveyImport(project, readSurveyTable(file, readInput(io, file), { sheet: opts.sheet }), {
    wave: opts.wave,
    idColumn: opts.id,
    textColumns: opts.text,
    fileName: file,
    overwrite: opts.overwrite,
  });
  for (const line of describeSurveyPlan(plan)) io.out(line.replace(/^(error|warning): (line|row) /, `$1: ${file}: $2 `));
  if (!plan.ok) {
    io.err(`qda: ${file}: fix the errors above; nothing imported`);
    return 1;
  }
  if (!opts.yes) {
    io.err('nothing written: run again with --yes to import');
    return 0;
  }
  await asCli(() => applySurveyImport(project, plan));
  io.err(
    `imported wave "${plan.wave}": ${plan.respondents} respondent(s), ${plan.changes.filter((c) => c.applied).length} attribute value(s) filled, ${plan.sources.length} transcript(s) of open answers`,
  );
  return 0;
}

/** `qda participants [--json]`: who is in the study, their attributes, survey waves and withdrawals. */
export async function participantsCommand(io: Io, opts: { project?: string; json?: boolean }): Promise<number> {
  const project = await openProject(io.cwd, opts.project);
  const rows = participantRows(project);
  if (opts.json) {
    io.out(JSON.stringify(rows));
    return 0;
  }
  const attributes = Object.keys(project.participants?.attributes ?? {});
  const out: (string | number)[][] = [['id', ...attributes, 'sources', 'codings', 'waves', 'withdrawn']];
  for (const r of rows) {
    out.push([
      r.id,
      ...attributes.map((a) => r.attributes[a] ?? ''),
      r.sources.length,
      r.codings,
      r.waves.join(' '),
      r.withdrawn ? `${r.withdrawn.date}${r.withdrawn.purged ? ' (purged)' : ''}` : '',
    ]);
  }
  for (const line of table(out)) io.out(line);
  return 0;
}

/** One participant as `qda participants` shows them. */
export function participantRows(project: Project) {
  const waves = [...project.surveys.values()];
  return (project.participants?.participants ?? []).map((p) => ({
    id: p.id,
    attributes: p.attributes ?? {},
    sources: p.sources ?? [],
    codings: (p.sources ?? []).reduce((n, s) => n + (project.codings.get(s)?.codings.length ?? 0), 0),
    waves: waves.filter((s) => s.respondents.some((r) => r.id === p.id)).map((s) => s.wave),
    withdrawn: withdrawalOf(p) ?? null,
  }));
}

/** `qda participant withdraw|reinstate|purge ID [--reason TEXT] [--purge] [--yes]` */
export async function participantCommand(
  io: Io,
  positionals: readonly string[],
  opts: { project?: string; reason?: string; purge?: boolean; yes?: boolean; date?: string },
): Promise<number> {
  const [action, id, ...extra] = positionals;
  if (!action || !['withdraw', 'reinstate', 'purge'].includes(action))
    throw new CliError('qda participant withdraw|reinstate|purge ID (see qda --help)');
  if (!id || extra.length) throw new CliError(`qda participant ${action}: one participant id`);
  const project = await openProject(io.cwd, opts.project);
  if (!knownPeople(project).has(id)) throw new CliError(`no participant or survey respondent "${id}"`, 1);
  const person = project.participants?.participants.find((p) => p.id === id);
  if (action === 'reinstate') {
    await asCli(() => reinstateParticipant(project, id).catch(asUserError));
    io.err(`reinstated ${id}: they are included in analyses and exports again`);
    return 0;
  }
  const purging = action === 'purge' || !!opts.purge;
  if (action === 'purge' && !(person && withdrawalOf(person)))
    throw new CliError(`"${id}" has not withdrawn: qda participant withdraw ${id} --purge --yes`, 1);
  const already = person && withdrawalOf(person);
  if (!opts.yes) {
    if (!already)
      io.out(
        `would record that ${id} withdrew${opts.reason ? ` (${opts.reason})` : ''}: from then on nothing of theirs is in any analysis or export`,
      );
    if (purging) describePurge(io, planPurge(project, id), 'would delete');
    io.err('nothing written: run again with --yes');
    return 0;
  }
  if (action === 'withdraw') {
    const p = await asCli(() => withdrawParticipant(project, id, { reason: opts.reason, date: opts.date }).catch(asUserError));
    io.err(
      `${id} withdrew on ${p.withdrawn!.date}: left out of saturation, representativeness, search, review packs, codebook examples and every export`,
    );
  }
  if (purging) {
    const plan = await asCli(() => purgeParticipant(project, id).catch(asUserError));
    describePurge(io, plan, 'deleted');
    for (const line of historyAdvice([...plan.sources, ...plan.codingsFiles])) io.err(line);
  }
  return 0;
}

function describePurge(io: Io, plan: PurgePlan, verb: string): void {
  for (const s of plan.sources) io.out(`${verb} ${s}`);
  for (const s of plan.codingsFiles) io.out(`${verb} ${s}`);
  for (const w of plan.waves) io.out(`${verb} their answers in qda/surveys/${w}.yaml`);
  for (const t of plan.surveyTranscripts)
    io.out(`${verb} their answers in ${t.path}${t.codings ? ` and ${t.codings} coding(s) of them` : ''}`);
  for (const m of plan.memos) io.out(`note: ${m} links to their transcript; the memo is yours to edit`);
  if (!plan.sources.length && !plan.waves.length && !plan.surveyTranscripts.length)
    io.out('no transcripts, codings or survey answers of theirs to delete');
}

function asUserError(e: unknown): never {
  throw e instanceof Error && !(e instanceof TypeError) ? new CliError(e.message, 1) : e;
}
