/**
 * The pseudonymisation policy of core/output, in the editor: every export that
 * quotes asks `exportPseudonymiser` here. Without a pseudonym map nothing is
 * exported; the user is told so and offered to create the map from the names
 * found in the quotes, which then opens for editing.
 */
import * as vscode from 'vscode';
import {
  exportPseudonymiser,
  PSEUDONYMS_FILE,
  PseudonymMapMissing,
  projectPseudonymCandidates,
  proposedPseudonymMap,
  type ExportPseudonymiser,
} from '../core/output';
import type { ProjectSession } from './session';
import { Settings } from './ids';

export const CREATE_MAP = 'Create Pseudonym Map';

/** Writes qda/private/pseudonyms.yaml proposing the names found in the quotes; opens it unless `show` is false. */
export async function createPseudonymMap(session: ProjectSession, show = true): Promise<number> {
  const labels = vscode.workspace.getConfiguration(undefined, session.folder.uri).get<string[]>(Settings.interviewerLabels);
  const candidates = await projectPseudonymCandidates(session.project, labels);
  await session.project.writeFile(PSEUDONYMS_FILE, proposedPseudonymMap(candidates));
  if (show) {
    const editor = await vscode.window.showTextDocument(session.files.uri(PSEUDONYMS_FILE), { preview: false });
    // the cursor on the first placeholder: the first thing to change
    const line = editor.document
      .getText()
      .split('\n')
      .findIndex((l) => /"\[name 1\]"/.test(l));
    if (line >= 0) {
      const col = editor.document.lineAt(line).text.indexOf('"[name 1]"');
      editor.selection = new vscode.Selection(line, col, line, col + '"[name 1]"'.length);
      editor.revealRange(editor.selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }
  }
  return candidates.length;
}

/**
 * The pseudonymiser of an export, or undefined when nothing may be exported:
 * leaving quotes as they are (`pseudonymise: false`) needs a confirmation when
 * `confirm` is set; a missing map stops the export with an offer to create it.
 * A map with errors throws (the command wrapper shows where they are).
 */
export async function pseudonymiserForExport(
  session: ProjectSession,
  pseudonymise: boolean,
  opts: { confirm?: boolean } = {},
): Promise<ExportPseudonymiser | undefined> {
  if (!pseudonymise && opts.confirm) {
    const ok = await vscode.window.showWarningMessage(
      'Export quotes WITHOUT pseudonymisation?',
      {
        modal: true,
        detail:
          'Real names, places, email addresses and phone numbers in the quotes will be shown as they are. Participants may recognise each other.',
      },
      'Leave Quotes As They Are',
    );
    if (!ok) return undefined;
  }
  try {
    return await exportPseudonymiser(session.project, pseudonymise);
  } catch (e) {
    if (!(e instanceof PseudonymMapMissing)) throw e;
    void vscode.window
      .showWarningMessage(
        `Nothing was exported: there is no pseudonym map (${PSEUDONYMS_FILE}) yet, so real names in the quotes would go out unchanged. ` +
          'Create it from the names found in the quotes, change the placeholder pseudonyms, then export again.',
        CREATE_MAP,
      )
      .then(async (choice) => {
        if (choice === CREATE_MAP && !(await session.project.store.readText(PSEUDONYMS_FILE))) await createPseudonymMap(session);
      })
      .then(
        undefined,
        (err: unknown) =>
          void vscode.window.showErrorMessage(`Could not create ${PSEUDONYMS_FILE}: ${err instanceof Error ? err.message : String(err)}`),
      );
    return undefined;
  }
}
