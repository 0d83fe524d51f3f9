// Starting from another tool, in a real VS Code: a folder with no project. The
// researcher imports a colleague's REFI-QDA project; a plan first (nothing
// written), then the import, which creates the project and opens it.
// (The dialogs themselves are driven once the UI driver lands: test/integration/ui.ts.)
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { QdpxPlan } from '../../../src/core/refi';
import { EXTENSION_ID, readText, waitFor, workspaceUri } from '../helpers';
import { fixtureQdpx } from '../refiFixtures';
import { ui } from '../ui';

describe('import a REFI-QDA project into a folder with no project', () => {
  it('plans without writing, then creates the project and opens it', async () => {
    const file = workspaceUri('from-nvivo.qdpx');
    await vscode.workspace.fs.writeFile(file, fixtureQdpx('qc-like'));
    const plan = await vscode.commands.executeCommand<QdpxPlan>('reflexiveQda.importQdpx', { uri: file, apply: false });
    assert.strictEqual(plan?.newProject, true);
    await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(workspaceUri('qda', 'project.yaml'))), 'a plan writes nothing');
    const applied = await vscode.commands.executeCommand<QdpxPlan>('reflexiveQda.importQdpx', { uri: file, apply: true });
    assert.strictEqual(applied?.newProject, true);
    assert.match(await readText(workspaceUri('qda', 'project.yaml')), /^format: 1\ntitle: qc project\n/);
    const api = vscode.extensions.getExtension(EXTENSION_ID)!.exports as {
      session(): { project: { sources: string[]; codings: Map<string, { codings: unknown[] }> } } | undefined;
    };
    const session = await waitFor('the new project to open', () => api.session());
    assert.deepStrictEqual(session.project.sources, ['transcripts/admin.txt', 'transcripts/board.txt']);
    assert.strictEqual(session.project.codings.get('transcripts/board.txt')?.codings.length, 10);
  });

  it("imports another tool's project into the open one as a person does: Command Palette, file dialog, plan, Import", async function () {
    this.timeout(120000);
    const api = vscode.extensions.getExtension(EXTENSION_ID)!.exports as {
      session(): { project: { sources: string[]; codebook: { codes: { name: string }[] } } } | undefined;
    };
    const session = await waitFor('the project', () => api.session());
    const file = workspaceUri('from-nvivo-2.qdpx');
    await vscode.workspace.fs.writeFile(file, fixtureQdpx('nvivo-like'));
    await ui.runCommand('Reflexive QDA: Import REFI-QDA Project…');
    // VS Code's own file dialog in the browser: a quick input holding a path.
    await ui.quickInput.wait({ title: /Import REFI-QDA Project/ });
    // the dialog fills in the folder's path a moment after it shows: select it once it is there, then type over it
    await waitFor('the dialog’s path', async () => ((await ui.quickInput.state())?.value ? true : undefined));
    await ui.quickInput.replace(file.path);
    await ui.quickInput.press('Enter');
    // The plan opens in an editor before anything is written; then the confirm asks.
    const plan = await waitFor(
      'the plan in an editor',
      () => {
        const text = vscode.window.activeTextEditor?.document.getText();
        return text?.startsWith('from-nvivo-2.qdpx: ') ? text : undefined;
      },
      30000,
    ).catch(async (e: Error) => {
      const q = await ui.quickInput.state().catch(() => undefined);
      throw new Error(
        `${e.message}; active editor: ${vscode.window.activeTextEditor?.document.uri.path}; quick input: ${JSON.stringify(q)?.slice(0, 300)}`,
      );
    });
    assert.match(
      plan,
      /^from-nvivo-2\.qdpx: REFI-QDA project "Housing study" into this project\n {2}2 transcripts to add, 6 codes, 0 codings, 0 memos, 0 participants\n/,
    );
    assert.strictEqual(session.project.sources.length, 2, 'nothing written before the confirm');
    await ui.quickInput.wait({ title: 'Import from-nvivo-2.qdpx into this project?' });
    await ui.quickInput.waitForRow('Import', { active: true });
    await ui.quickInput.press('Enter');
    await ui.notifications.waitFor(/^Imported from-nvivo-2\.qdpx: 2 transcripts added, 6 codes/);
    await waitFor('the merged transcripts', () => session.project.sources.length === 4);
    assert.ok(session.project.sources.includes('transcripts/5eed001e-1d2e-4f3a-9b8c-00000000001e.txt'));
    assert.strictEqual(session.project.codebook.codes.filter((c) => c.name === 'damp').length, 2);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
