import * as vscode from 'vscode';
import {
  historyAdvice,
  planPurge,
  purgeParticipant,
  reinstateParticipant,
  withdrawalOf,
  withdrawParticipant,
} from '../../core/participants';
import { requireSession, type Host } from '../host';
import type { ProjectSession } from '../session';

/** What scripts and the grid pass: the participant (else a pick), and a reason (else asked). */
export interface WithdrawArgs {
  participant?: string;
  reason?: string;
  /** false: no modal (scripts, and tests: VS Code refuses dialogs under test). The UI always confirms. */
  confirm?: boolean;
}

type Person = { id: string; detail: string };

async function pickPerson(
  session: ProjectSession,
  title: string,
  filter: (withdrawn: boolean, purged: boolean) => boolean,
  given?: string,
): Promise<string | undefined> {
  const people = session.project.participants?.participants ?? [];
  if (given !== undefined) return given;
  const items: Person[] = people.flatMap((p) => {
    const w = withdrawalOf(p);
    if (!filter(!!w, !!w?.purged)) return [];
    const attrs = Object.values(p.attributes ?? {}).join(' · ');
    return [
      {
        id: p.id,
        detail: w
          ? `withdrawn ${w.date}${w.reason ? `: ${w.reason}` : ''}`
          : `${(p.sources ?? []).length} source(s)${attrs ? ` · ${attrs}` : ''}`,
      },
    ];
  });
  if (!items.length) {
    void vscode.window.showInformationMessage(`${title}: nobody to choose.`);
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    items.map((i) => ({ label: i.id, description: i.detail })),
    { title, placeHolder: 'Participant' },
  );
  return pick?.label;
}

/** Withdraw Participant…: a clear modal confirmation, then the record in participants.yaml (undoable). */
export async function withdrawCommand(host: Host, args: WithdrawArgs = {}): Promise<boolean> {
  const session = requireSession(host);
  const project = session.project;
  const id = await pickPerson(session, 'Withdraw Participant', (w) => !w, args.participant);
  if (!id) return false;
  const person = project.participants?.participants.find((p) => p.id === id);
  if (person && withdrawalOf(person)) {
    void vscode.window.showInformationMessage(`${id} has already withdrawn (${withdrawalOf(person)!.date}).`);
    return false;
  }
  const reason =
    args.reason ??
    (await vscode.window.showInputBox({
      title: `Withdraw ${id}`,
      prompt: 'Reason (optional): recorded in qda/participants.yaml',
      placeHolder: 'e.g. asked to leave the study',
    }));
  if (reason === undefined) return false;
  const sources = person?.sources?.length ?? 0;
  const codings = (person?.sources ?? []).reduce((n, s) => n + (project.codings.get(s)?.codings.length ?? 0), 0);
  const waves = [...project.surveys.values()].filter((s) => s.respondents.some((r) => r.id === id)).map((s) => s.wave);
  const ok =
    args.confirm === false
      ? 'Withdraw'
      : await vscode.window.showWarningMessage(
          `Withdraw ${id} from the study?`,
          {
            modal: true,
            detail: `From now on, ${id}'s ${sources} transcript(s), ${codings} coding(s)${waves.length ? `, answers to survey wave(s) ${waves.join(', ')}` : ''} and every quote of theirs are left out of saturation, representativeness, search results, review packs, codebook examples and every export; the views show them as withdrawn.\n\nTheir files stay in the project until you purge them, and you can reinstate ${id} until then.`,
          },
          'Withdraw',
        );
  if (ok !== 'Withdraw') return false;
  await session.history.transaction(`Withdraw ${id}`, () => withdrawParticipant(project, id, { reason: reason.trim() || undefined }));
  void vscode.window.showInformationMessage(`${id} withdrew: left out of every analysis and export.`, 'Purge Their Data…').then((a) => {
    if (a) void purgeCommand(host, { participant: id });
  });
  return true;
}

/** Reinstate Participant…: takes a withdrawal back (not after a purge). */
export async function reinstateCommand(host: Host, args: WithdrawArgs = {}): Promise<boolean> {
  const session = requireSession(host);
  const id = await pickPerson(session, 'Reinstate Participant', (w, purged) => w && !purged, args.participant);
  if (!id) return false;
  await session.history.transaction(`Reinstate ${id}`, () => reinstateParticipant(session.project, id));
  void vscode.window.showInformationMessage(`${id} is included again in analyses and exports.`);
  return true;
}

/** Purge…: deletes a withdrawn participant's transcripts, codings and survey answers, after a modal that lists them. */
export async function purgeCommand(host: Host, args: WithdrawArgs = {}): Promise<boolean> {
  const session = requireSession(host);
  const project = session.project;
  const id = await pickPerson(session, "Purge Withdrawn Participant's Data", (w, purged) => w && !purged, args.participant);
  if (!id) return false;
  const plan = planPurge(project, id);
  const what = [
    ...plan.sources.map((s) => `• ${s}`),
    ...plan.codingsFiles.map((s) => `• ${s}`),
    ...plan.waves.map((w) => `• their answers in qda/surveys/${w}.yaml`),
    ...plan.surveyTranscripts.map((t) => `• their answers in ${t.path}${t.codings ? ` (${t.codings} coding(s))` : ''}`),
  ];
  const ok =
    args.confirm === false
      ? 'Delete Permanently'
      : await vscode.window.showWarningMessage(
          `Delete ${id}'s data from the project for good?`,
          {
            modal: true,
            detail: `${what.length ? what.join('\n') : 'No transcripts, codings or survey answers of theirs remain.'}\n\nThis cannot be undone here, and ${id} can no longer be reinstated. Git history still holds what was committed: the Reflexive QDA log says how to remove it.${plan.memos.length ? `\n\n${plan.memos.length} memo(s) link to their transcripts; memos are yours to edit.` : ''}`,
          },
          'Delete Permanently',
        );
  if (ok !== 'Delete Permanently') return false;
  // Not an undoable step: what is purged must not come back from the undo stack.
  await purgeParticipant(project, id);
  for (const line of historyAdvice([...plan.sources, ...plan.codingsFiles])) host.log.info(line);
  void vscode.window
    .showInformationMessage(
      `${id}'s data was deleted from the working tree. Git history still holds committed versions: see the log.`,
      'Show Log',
    )
    .then((a) => {
      if (a) host.log.show();
    });
  return true;
}
