// A review pack that says names were changed must have changed them (#19 item 1), driven through the
// screen: Prepare Participant Review from the Command Palette without a pseudonym map stops, writes
// nothing and offers to create the map; clicking that button writes the proposed map (names found in
// the transcripts, placeholder pseudonyms) and opens it with the first placeholder selected; the
// researcher types a pseudonym and adds a name; the next pack carries the pseudonyms, not the names.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openSession, readText, waitFor, workspaceUri } from '../helpers';
import { ui } from '../ui';

const MAP = workspaceUri('qda', 'private', 'pseudonyms.yaml');

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** Prepare Participant Review from the Command Palette, accepting the suggested round and "Pseudonymise quotes". */
async function prepareFromPalette(): Promise<string> {
  await ui.runCommand('Reflexive QDA: Prepare Participant Review');
  const input = await ui.quickInput.wait({ title: 'Prepare Participant Review' });
  await ui.quickInput.press('Enter');
  await ui.quickInput.wait({ title: 'Quotes in the export' });
  await ui.quickInput.waitForRow('Pseudonymise quotes', { active: true });
  await ui.quickInput.press('Enter');
  return input.value;
}

describe('pseudonymisation, driven through the screen', () => {
  before(async () => {
    await openSession();
    if (await exists(MAP)) await vscode.workspace.fs.delete(MAP);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (await exists(MAP)) await vscode.workspace.fs.delete(MAP);
  });

  it('stops a review pack without a pseudonym map, creates the proposed map from the button, and the next pack uses it', async function () {
    this.timeout(120000);
    await ui.notifications.clear();
    const refusedRound = await prepareFromPalette();
    const warning = await ui.notifications.waitFor(/^Nothing was exported: there is no pseudonym map/);
    assert.equal(warning.severity, 'warning');
    assert.deepEqual(warning.buttons, ['Create Pseudonym Map']);
    assert.equal(await exists(workspaceUri('qda', 'reviews', refusedRound)), false, 'no pack, no round written');

    await ui.notifications.clickButton(/^Nothing was exported/, 'Create Pseudonym Map');
    await ui.waitForActiveTab('pseudonyms.yaml');
    // the proposed map: the name in s04 (the interviewer's "Thanks, Nguyễn."), a placeholder selected to overwrite
    const editor = await waitFor('the map in the editor', () =>
      vscode.window.activeTextEditor?.document.uri.path.endsWith('/qda/private/pseudonyms.yaml')
        ? vscode.window.activeTextEditor
        : undefined,
    );
    // (other suites of this window may have added names, e.g. a survey's answers: the first is not always Nguyễn)
    assert.match(editor.document.getText(), /^ {2}Nguyễn: "\[name \d+\]" +# name; in transcripts\/s04\.transcript, in no quote yet$/m);
    assert.match(await readText(MAP), /Nguyễn: "\[name \d+\]"/, 'written to disk before it opens');
    const first = editor.selection.active.line;
    assert.equal(editor.document.lineAt(first - 1).text, 'names:');
    assert.equal(editor.document.getText(editor.selection), '"[name 1]"', 'the first placeholder selected');
    const firstName = /^ {2}(.+?): "\[name 1\]"/.exec(editor.document.lineAt(first).text)![1];

    // the researcher types a pseudonym over the placeholder and adds the name the finder could not see
    // (Zoë only ever starts a sentence), then saves
    // In the shared test window an earlier suite may have written Zoë mid-sentence (a memo), so that
    // the finder proposed her too (even first): then her placeholder is typed over instead of a line added.
    const zoeFirst = firstName === 'Zoë';
    const typed = zoeFirst ? 'Sam' : 'Ana';
    await ui.type(typed);
    await waitFor('the pseudonym typed over the placeholder', () => editor.document.lineAt(first).text.includes(`: ${typed}`) || undefined);
    const zoe = zoeFirst ? null : /^ {2}Zoë: ("\[name \d+\]")/m.exec(editor.document.getText());
    // A selection set here reaches the screen after a round trip: keys typed before it lands go to the old
    // place ("AnaSam"). The status bar says where the cursor is once it is there.
    const select = async (from: vscode.Position, to: vscode.Position) => {
      editor.selection = new vscode.Selection(from, to);
      const chosen = editor.document.offsetAt(to) - editor.document.offsetAt(from);
      await ui.statusBar.waitFor(`Ln ${to.line + 1}, Col ${to.character + 1}${chosen ? ` (${chosen} selected)` : ''}`, {
        id: 'status.editor.selection',
      });
    };
    if (zoe) {
      const at = editor.document.getText().indexOf(zoe[0]) + '  Zoë: '.length;
      await select(editor.document.positionAt(at), editor.document.positionAt(at + zoe[1].length));
      await ui.type('Sam');
    } else if (!zoeFirst) {
      // the cursor put at the end of that line, as a click there would (End goes to the end of a wrapped
      // line's first row only), then a new line
      const end = editor.document.lineAt(first).range.end;
      await select(end, end);
      await ui.press('Enter');
      await ui.type('Zoë: Sam');
    }
    await ui.press('Control+S');
    const esc = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const saved = await waitFor('the edited map on disk', async () => {
      const t = await readText(MAP);
      const ours = (zoeFirst || new RegExp(`^ {2}${esc(firstName)}: Ana +#.*$`, 'm').test(t)) && /^ {2}Zoë: Sam\b/m.test(t);
      return ours ? t : undefined;
    }).catch(async (e: Error) => {
      const shown = editor.document
        .getText()
        .split('\n')
        .slice(first - 1, first + 3)
        .join('\n');
      throw new Error(
        `${e.message}; the editor shows (dirty: ${editor.document.isDirty}):\n${shown}\nthe file reads:\n${(await readText(MAP))
          .split('\n')
          .slice(first - 1, first + 3)
          .join('\n')}`,
      );
    });
    assert.ok(saved.startsWith('# Names and details replaced'));

    // (no clearing of the Notifications Center first: the round is a new one, so its "ready" cannot be an old message)
    const round = await prepareFromPalette();
    await ui.notifications.waitFor(new RegExp(`^Review ${round} is ready`));
    const html = await readText(workspaceUri('qda', 'reviews', round, 'pack.html'));
    assert.match(html, /Names\s+and\s+other\s+details\s+in\s+the\s+quotes\s+have\s+been\s+changed/);
    assert.ok(html.includes('Sam at the advice centre'), 'the pseudonym in the quote');
    assert.ok(!html.includes('Zoë'), 'the real name nowhere in the pack');
    assert.equal(JSON.parse(await readText(workspaceUri('qda', 'reviews', round, 'round.json'))).pseudonymised, true);
  });
});
