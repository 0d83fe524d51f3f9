// Export Findings Report… in a real VS Code, as a researcher does it (test/integration/ui.ts):
// the Command Palette, the format picked in the quick pick, the file named in VS Code's save
// dialog, the notification read and its Open button clicked, the report read in the editor.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openSession, readText, waitFor, workspaceUri, writeText } from '../helpers';
import { ui } from '../ui';

describe('findings report, driven through the screen', () => {
  const file = workspaceUri('findings-report.md');
  const map = workspaceUri('qda', 'private', 'pseudonyms.yaml');
  let hadMap = false;

  before(async () => {
    const session = await openSession();
    // Exports that quote need a pseudonym map; the sample study ships none (qda/private/ is never committed).
    hadMap = await Promise.resolve(vscode.workspace.fs.stat(map)).then(
      () => true,
      () => false,
    );
    if (!hadMap) await writeText(map, 'names:\n  Zoë: Ruth\n');
    await waitFor('the map read', async () => ((await session.project.store.readText('qda/private/pseudonyms.yaml')) ? true : undefined));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await vscode.workspace.fs.delete(file).then(undefined, () => undefined);
    if (!hadMap) await vscode.workspace.fs.delete(map).then(undefined, () => undefined);
  });

  it('asks the format, writes the report where the save dialog says, and opens it from the notification', async function () {
    this.timeout(120000);
    await ui.runCommand('Reflexive QDA: Export Findings Report…');
    await ui.quickInput.wait({ title: 'Export Findings Report: which format?' });
    await ui.quickInput.type('Markdown');
    await ui.quickInput.waitForRow('Markdown (.md)', { active: true });
    await ui.quickInput.press('Enter');
    // VS Code's own save dialog in the browser: a quick input holding the path, findings-report.md in the project folder.
    await waitFor(
      'the save dialog holding findings-report.md',
      async () => {
        const s = await ui.quickInput.state();
        return s?.title === 'Export Findings Report' && /findings-report\.md$/.test(s.value) ? s : undefined;
      },
      30000,
    );
    await ui.quickInput.press('Enter');
    const note = await ui.notifications.waitFor(/^Exported the findings report \(Markdown, 4 themes\) to findings-report\.md\./, {
      timeout: 60000,
    });
    assert.match(
      note.message,
      /pseudonymised with the project's pseudonym map \(1 name/,
      'the notification says what pseudonymisation did',
    );
    assert.ok(note.buttons.includes('Open'), `buttons: ${note.buttons.join(', ')}`);
    const written = await readText(file);
    assert.match(written, /^# Sample study: getting by and doing well on a low income: findings\n/);
    await ui.notifications.clickButton(/^Exported the findings report/, 'Open');
    await ui.waitForActiveTab('findings-report.md');
    const shown = await waitFor('the report in the editor', () => vscode.window.activeTextEditor?.document.getText());
    assert.equal(shown, written);
    const sections = shown.split('\n').filter((l) => l.startsWith('## '));
    assert.deepEqual(sections, [
      '## Findings',
      '## Participant review',
      '## Methods',
      '## Reflexivity',
      '## Contributors',
      '## Appendix: the codebook',
    ]);
    // quotes, attributed to their participant and time stamp, found word for word in that transcript
    // (a quote with a name in it reads differently: the pseudonym map replaced the name)
    const quotes = [...shown.matchAll(/^> (.+)\n>\n> — (s\d\d), (\d\d:\d\d:\d\d)$/gm)];
    assert.ok(quotes.length >= 4, `quotes from the sample study with their attribution (${quotes.length})`);
    let verbatim = 0;
    for (const [, text, who, time] of quotes) {
      const transcript = await readText(workspaceUri('transcripts', `${who}.transcript`));
      assert.ok(transcript.includes(`[${time}] ${who.toUpperCase()}:`), `${who} speaks at ${time}`);
      if (transcript.includes(text)) verbatim++;
    }
    assert.ok(verbatim >= quotes.length / 2, `${verbatim} of ${quotes.length} quotes word for word`);
    assert.match(shown, /Ruth at the advice centre/, 'the name in the quote pseudonymised');
    assert.doesNotMatch(shown, /Zoë/);
  });
});
