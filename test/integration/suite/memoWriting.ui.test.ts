// A new memo opens as writing, not data (#19 item 8), driven through the screen: New Memo from the
// Command Palette, a kind picked and the title left empty; the front matter is folded to its first
// line and the cursor is where the writing starts.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openSession, waitFor } from '../helpers';
import { ui } from '../ui';

describe('a new memo, driven through the screen', () => {
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens with its front matter folded and the cursor where the writing starts', async function () {
    this.timeout(60000);
    await openSession();
    await vscode.workspace.getConfiguration('reflexiveQda').update('coder', 'it', vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await ui.runCommand('Reflexive QDA: New Memo');
    await ui.quickInput.wait({ title: /^New Memo/ });
    await ui.quickInput.type('method');
    await ui.quickInput.waitForRow('Methodological', { active: true });
    await ui.quickInput.press('Enter');
    await ui.quickInput.wait({ title: 'New Memo: title (optional)' });
    await ui.quickInput.press('Enter');
    const editor = await waitFor('the new memo in the editor', () => {
      const e = vscode.window.activeTextEditor;
      return e && /\/qda\/memos\/[^/]+\.md$/.test(e.document.uri.path) ? e : undefined;
    });
    const lines = editor.document.getText().split('\n');
    const close = lines.indexOf('---', 1);
    assert.ok(close > 3, 'a memo has front matter');
    // folded: the editor shows line 0 ("---"), then the lines after the closing "---"
    const ranges = await waitFor('the front matter folded', () => {
      const r = vscode.window.activeTextEditor?.visibleRanges ?? [];
      return r.length >= 2 && r[0].end.line === 0 ? r : undefined;
    });
    assert.equal(ranges[1].start.line, close + 1);
    assert.ok(editor.selection.isEmpty && editor.selection.active.line > close, 'the cursor in the body');
  });
});
