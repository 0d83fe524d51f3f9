// How a source opens, driven through the screen (#19 items 3 and 4): a .txt matched by the project's
// sources opens as a Transcript (the status bar says so; word wrap on) while another .txt stays Plain
// Text; typing into a transcript while coding changes nothing until Edit Transcript unlocks it.
// Files open through the API where opening is not what is tested.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { features, openSession, readText, waitFor, workspaceUri, writeText } from '../helpers';
import { ui } from '../ui';

async function activeEditorOf(file: string): Promise<vscode.TextEditor> {
  return waitFor(`${file} in the active editor`, () =>
    vscode.window.activeTextEditor?.document.uri.path.endsWith(`/${file}`) ? vscode.window.activeTextEditor : undefined,
  );
}

describe('sources open as transcripts, driven through the screen', () => {
  before(async () => {
    await openSession();
    // A clean window and no editor history: earlier suites open codings files whose paths also
    // match "transcripts/s02.transcript", and Quick Open ranks recently opened files first.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('workbench.action.clearEditorHistory');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens a .txt source as a Transcript with word wrap, and leaves another .txt as Plain Text', async function () {
    this.timeout(60000);
    // opened as the Explorer or Quick Open would (Quick Open ranks s03.txt.yaml, its codings, first)
    await vscode.window.showTextDocument(workspaceUri('transcripts', 's03.txt'));
    const editor = await activeEditorOf('s03.txt');
    await ui.statusBar.waitFor('Transcript', { id: 'status.editor.mode' });
    assert.equal(editor.document.languageId, 'transcript');
    assert.equal(vscode.workspace.getConfiguration('editor', editor.document).get('wordWrap'), 'on');

    await writeText(workspaceUri('notes.txt'), 'A note that is not a transcript.\n');
    await vscode.window.showTextDocument(workspaceUri('notes.txt'));
    const notes = await activeEditorOf('notes.txt');
    await ui.statusBar.waitFor('Plain Text', { id: 'status.editor.mode' });
    assert.equal(notes.document.languageId, 'plaintext');
  });

  it('ignores typing in a transcript while coding, until Edit Transcript unlocks it', async function () {
    this.timeout(60000);
    const file = workspaceUri('transcripts', 's02.transcript');
    const before = await readText(file);
    await ui.quickOpen('transcripts/s02.transcript');
    const editor = await activeEditorOf('s02.transcript');
    // The lock is the workbench's, applied when the editor becomes active: wait until it is in place
    // (a person takes longer than that to start typing), then type.
    const coding = (await features()).coding;
    await waitFor('the transcript locked while coding', () => coding.sourceEditors.locked.has(editor.document.uri.toString()) || undefined);
    await ui.type('abc');
    await ui.press('Enter');
    // VS Code answers with "Cannot edit in read-only editor" over the text; moving the cursor closes it
    await ui.press('ArrowDown', 'ArrowUp');

    await ui.runCommand('Reflexive QDA: Edit Transcript');
    await ui.statusBar.waitFor('Editing transcripts/s02.transcript: codings follow your changes', { id: 'status.extensionMessage' });
    await ui.type('xyz');
    await waitFor('the typed text in the document', () => editor.document.getText().includes('xyz') || undefined);
    // keys reach the editor in order: by the time "xyz" is in, "abc" and Enter were refused, not pending
    const now = editor.document.getText();
    assert.equal(now.length, before.length + 3);
    assert.equal(now.replace('xyz', ''), before);
    await waitFor('the transcript marked unsaved', () => editor.document.isDirty || undefined); // a message of its own
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await waitFor('the transcript as it was', () => editor.document.getText() === before || undefined);
    assert.equal(await readText(file), before, 'nothing written');
  });
});
