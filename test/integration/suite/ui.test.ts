// Flows driven through the screen as a researcher does them (test/integration/ui.ts): Quick Open a
// transcript, press Ctrl+Alt+C, type in the code picker and press Enter; click a code in the Codes
// tree and read its passages; run commands from the Command Palette and read the status bar, the
// notifications, the hover and the Saturation panel. Selecting text goes through the API (a mouse
// drag over exact characters would only make the test slower and no truer).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openSession, readText, waitFor, workspaceUri } from '../helpers';
import { ui } from '../ui';

function select(editor: vscode.TextEditor, quote: string): void {
  const at = editor.document.getText().indexOf(quote);
  assert.ok(at >= 0, `"${quote}" in ${editor.document.fileName}`);
  editor.selection = new vscode.Selection(editor.document.positionAt(at), editor.document.positionAt(at + quote.length));
  editor.revealRange(editor.selection, vscode.TextEditorRevealType.InCenter);
}

/** The codings of s01 on disk, as [code, text] pairs. */
async function s01Codings(): Promise<Array<[string, string]>> {
  const yaml = await readText(workspaceUri('qda', 'codings', 'transcripts', 's01.transcript.yaml'));
  return [...yaml.matchAll(/code: (\S+)\n(?: {4}.*\n)*? {4}text: (.*)\n/g)].map((m) => [m[1], m[2]]);
}

/** Opens s01 (through Quick Open, or the API when that is not what is tested) and selects `quote` in it. */
async function openAndSelect(quote: string, { quickOpen = false } = {}): Promise<vscode.TextEditor> {
  let editor: vscode.TextEditor;
  if (quickOpen) {
    await ui.quickOpen('s01.transcript');
    editor = await waitFor('s01 in the active editor', () =>
      vscode.window.activeTextEditor?.document.uri.path.endsWith('/s01.transcript') ? vscode.window.activeTextEditor : undefined,
    );
  } else {
    editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceUri('transcripts', 's01.transcript')));
  }
  select(editor, quote);
  // the selection reaches the window asynchronously; Ctrl+Alt+C needs it there (editorHasSelection)
  const { line, character } = editor.selection.active;
  await ui.statusBar.waitFor(`Ln ${line + 1}, Col ${character + 1} (${quote.length} selected)`, { id: 'status.editor.selection' });
  return editor;
}

describe('the code picker, driven from the keyboard', () => {
  before(async () => {
    await openSession();
    // A clean window whatever earlier suites left open: these tests read what the screen shows.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.getConfiguration('reflexiveQda').update('coder', 'it', vscode.ConfigurationTarget.Global);
  });

  afterEach(async () => {
    if (await ui.quickInput.state()) await ui.press('Escape');
  });

  it('codes the highlighted code when a name is typed and Enter pressed, and says so in the status bar', async function () {
    this.timeout(60000);
    const quote = 'I learned that one the hard way.';
    await ui.view('Codes').reveal();
    await openAndSelect(quote, { quickOpen: true });
    await ui.press('Control+Alt+C');
    const picker = await ui.quickInput.wait({ title: /^Code “I learned that one/ });
    assert.ok(picker.rows.length > 3 && picker.rows.every((r) => r.checked === false), 'a multi-select pick, nothing ticked');
    await ui.quickInput.type('jugg');
    const row = await ui.quickInput.waitForRow('Juggling bills', { active: true });
    assert.strictEqual(row.description, 'Getting by');
    const highlighted = (await ui.quickInput.state())!.rows.filter((r) => r.active);
    assert.deepStrictEqual(
      highlighted.map((r) => r.label),
      ['Juggling bills'],
      'one row highlighted',
    );
    await ui.quickInput.press('Enter');
    // the status bar says what was coded (for a few seconds: read it first), and the coding is on disk
    const status = await ui.statusBar.waitFor('Coded 1 passage as “Juggling bills”', { id: 'status.extensionMessage' });
    assert.strictEqual(status.text, 'Coded 1 passage as “Juggling bills”');
    await ui.quickInput.waitClosed({ timeout: 5000 });
    await waitFor(
      'the coding on disk',
      async () => (await s01Codings()).some(([c, t]) => c === 'juggling-bills' && t === quote) || undefined,
    );
    // the code is shown, selected, in the Codes tree; the focus stays in the transcript
    await waitFor('Juggling bills selected in the Codes tree', async () =>
      (await ui.view('Codes').rows()).find((r) => r.label === 'Juggling bills' && r.selected),
    );
    assert.equal(await ui.activeTab(), 's01.transcript');
    // the hover over the passage now names the code, once
    const hover = await ui.hover('learned that one');
    assert.equal(hover.split('Juggling bills').length - 1, 1, hover);
    await ui.press('Escape');
  });

  it('creates the typed code from “Create code …” with Enter and codes the passage with it', async function () {
    this.timeout(60000);
    const quote = 'She rang them while I sat there and it was sorted in twenty minutes.';
    await openAndSelect(quote);
    await ui.press('Control+Alt+C');
    await ui.quickInput.wait({ title: /^Code “She rang them/ });
    await ui.quickInput.type('Sorted');
    await ui.quickInput.waitForRow('Create code “Sorted”', { active: true });
    await ui.quickInput.press('Enter');
    await ui.statusBar.waitFor('Coded 1 passage as “Sorted”', { id: 'status.extensionMessage' });
    const codebook = await waitFor('the new code in codebook.yaml', async () => {
      const t = await readText(workspaceUri('qda', 'codebook.yaml'));
      return /name: Sorted\n/.test(t) ? t : undefined;
    });
    const id = /- id: (\S+)\n {4}name: Sorted\n/.exec(codebook)?.[1];
    assert.ok(id, codebook);
    await waitFor('the coding on disk', async () => (await s01Codings()).some(([c, t]) => c === id && t === quote) || undefined);
  });

  it('ticks several codes with the arrows and Space and codes them all; Undo from the Command Palette takes them back', async function () {
    this.timeout(60000);
    const quote = "If they don't know we're short, I'm winning.";
    await openAndSelect(quote);
    await ui.press('Control+Alt+C');
    await ui.quickInput.wait({ title: /^Code “If they don't know/ });
    await ui.quickInput.type('money');
    // two names hold the word: both come first, the first of them highlighted
    await ui.quickInput.waitForRow(/money$/, { active: true });
    const rows = (await ui.quickInput.state())!.rows;
    assert.deepStrictEqual(
      rows
        .slice(0, 2)
        .map((r) => r.label)
        .sort(),
      ['Budgeting and tracking money', 'Feelings about money'],
    );
    assert.ok(rows[0].active && rows.every((r) => r.checked === false));
    // Space in the input would type a space: the arrows move into the list, Space ticks there
    await ui.quickInput.press('ArrowDown', 'Space', 'ArrowUp', 'Space');
    await ui.quickInput.waitForRow('Budgeting and tracking money', { checked: true });
    await ui.quickInput.waitForRow('Feelings about money', { checked: true });
    await ui.quickInput.press('Enter');
    const [b, f] = ['“Budgeting and tracking money”', '“Feelings about money”'];
    await ui.statusBar.waitFor(new RegExp(`^Coded 1 passage as (${b}, ${f}|${f}, ${b})$`), { id: 'status.extensionMessage' });
    const both = (cs: Array<[string, string]>) => ['budgeting', 'feelings'].every((code) => cs.some(([c, t]) => c === code && t === quote));
    await waitFor('both codings on disk', async () => both(await s01Codings()) || undefined);

    await ui.runCommand('Reflexive QDA: Undo Last Change to the Project');
    await ui.statusBar.waitFor('Undone: Code 1 passage', { id: 'status.extensionMessage' });
    await waitFor('the codings gone from disk', async () => !(await s01Codings()).some(([, t]) => t === quote) || undefined);
  });
});

describe('the Codes tree and the Coded Passages view, by clicking', () => {
  it('lists the passages of the clicked code, grouped by transcript', async function () {
    this.timeout(60000);
    const session = await openSession();
    const codes = ui.view('Codes', 'QDA');
    await codes.reveal();
    await codes.expand('Getting by');
    await codes.click('Budgeting and tracking money');
    const passages = ui.view('Coded Passages');
    await passages.reveal();
    const expected = [...session.project.codings]
      .map(([source, file]) => [source, file.codings.filter((c) => c.code === 'budgeting')] as const)
      .filter(([, cs]) => cs.length)
      .sort(([a], [b]) => a.localeCompare(b));
    assert.ok(expected.length >= 2, 'budgeting is coded in several transcripts');
    const name = (source: string) => source.split('/').pop()!;
    await passages.waitForRow(name(expected[0][0]));
    const state = await passages.state();
    assert.strictEqual(state.description, 'Getting by / Budgeting and tracking money');
    // the first transcript comes first, expanded, with its passages under it
    assert.deepStrictEqual([state.rows![0].label, state.rows![0].level, state.rows![0].expanded], [name(expected[0][0]), 1, true]);
    const under = state.rows!.slice(1, 1 + expected[0][1].length);
    assert.ok(under.every((r) => r.level === 2));
    assert.deepStrictEqual(under.map((r) => r.label).sort(), expected[0][1].map((c) => c.text).sort());
    // a click on a passage opens its transcript with the passage selected
    await passages.click(under[0].label);
    await ui.waitForActiveTab(name(expected[0][0]));
    const editor = await waitFor('the passage selected', () => {
      const e = vscode.window.activeTextEditor;
      return e && e.document.getText(e.selection) === under[0].label ? e : undefined;
    });
    assert.ok(editor.document.uri.path.endsWith(expected[0][0]));

    // every transcript with a passage has its row (scrolled to: the view shows a few rows at a time)
    for (const [source, cs] of expected) {
      const row = await passages.waitForRow(name(source));
      assert.deepStrictEqual([row.level, row.description], [1, `${cs.length} passage${cs.length === 1 ? '' : 's'}`], source);
    }
  });

  it('runs a view title action and a context menu item on a code', async function () {
    this.timeout(60000);
    const codes = ui.view('Codes');
    await codes.contextMenu('Budgeting and tracking money', 'Rename Code…');
    const box = await ui.quickInput.wait({ title: /Rename/ });
    assert.strictEqual(box.value, 'Budgeting and tracking money');
    await ui.press('Escape');
    await ui.quickInput.waitClosed();
    await codes.action('Collapse All');
    await waitFor('the tree collapsed', async () => (await codes.rows()).every((r) => r.level === 1 && r.expanded !== true) || undefined);
  });
});

describe('commands from the Command Palette', () => {
  it('says “No codes at the cursor” in a notification where nothing is coded', async function () {
    this.timeout(60000);
    const editor = await openAndSelect('[00:00:02] Interviewer');
    editor.selection = new vscode.Selection(editor.selection.start, editor.selection.start);
    await ui.notifications.clear();
    await ui.runCommand('Reflexive QDA: Codes at Cursor');
    const n = await ui.notifications.waitFor('No codes at the cursor.');
    assert.strictEqual(n.severity, 'info');
  });

  it('shows the Saturation panel, whose unit and Guest settings change what it shows', async function () {
    this.timeout(60000);
    const session = await openSession();
    await ui.runCommand('Reflexive QDA: Show Saturation');
    await ui.waitForActiveTab('Saturation');
    const panel = ui.webview('Saturation');
    const text = await panel.waitForText('Sample coverage');
    // every source is accounted for: coded, named as not yet coded, or said to be survey answers left out
    const coded = Number(/\b(\d+) transcripts? coded/.exec(text)?.[1]);
    const uncoded = /Not yet coded: (.*)\./.exec(text)?.[1].split(', ') ?? [];
    const surveys = Number(/\b(\d+) transcripts? of survey answers (?:is|are) not counted/.exec(text)?.[1] ?? 0);
    assert.ok(coded >= 4, text);
    // The sample shows the method (#19 item 10; hand-counted from sample/): s01-s04 gave 12 codes, s05 and
    // s07 one new code each, s08-s12 none, so Guest et al. (base 4, run 2) reach saturation at s09.
    assert.match(text, /new codes levelled off at s09\./);
    assert.match(text, /Saturation \(Guest\)\s+at s09\s+base 4, run 2/);
    assert.equal(coded + uncoded.length + surveys, session.project.sources.length, text);
    await panel.select('#by', 'Participant');
    await panel.waitForText(/\b\d+ participants coded/);
    // the project's defaults (qda/project.yaml), then a base typed in the panel, then the defaults again
    const { baseSize, runLength } = session.project.config.saturation ?? {};
    assert.ok(baseSize && runLength, 'the sample sets its Guest base and run');
    const typed = baseSize + 1;
    await panel.type('#baseSize', String(typed));
    await ui.press('Tab');
    await panel.waitForText(`base ${typed}, run ${runLength}`);
    await panel.click('Project defaults');
    await panel.waitForText(`base ${baseSize}, run ${runLength}`);
  });
});
