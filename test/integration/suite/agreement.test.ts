// Compare Coders in a real VS Code, as a researcher does it, on the sample (lw and rk both coded
// s01 and s02): run it from the Command Palette, pick the two coders by typing and Enter, read
// the table in the panel, walk to a disagreement in the Disagreements view and see both coders'
// marks in the transcript, resolve it from the row's context menu (a normal coding in the codings
// file), export the table, and undo the resolution from the Command Palette.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { showFigure, type AgreementReport } from '../../../src/core/agreement';
import type { AgreementFeature } from '../../../src/vscode/agreement';
import { features, openSession, readText, waitFor, workspaceUri } from '../helpers';
import { ui } from '../ui';

const S01 = 'transcripts/s01.transcript';

/** The panel's state once the webview has drawn the latest view sent to it. */
function drawn(agreement: AgreementFeature) {
  const s = agreement.panel();
  return s.ready && s.posted && s.rendered && s.rendered.version === s.posted.version
    ? { ...s, posted: s.posted, rendered: s.rendered }
    : undefined;
}

describe('compare coders', () => {
  let agreement: AgreementFeature;
  let report: AgreementReport;

  before(async () => {
    await openSession();
    agreement = (await features()).agreement;
  });

  afterEach(async () => {
    if (await ui.quickInput.state()) await ui.press('Escape');
  });

  // Later suites share this window: leave it as found (no comparison, its view and panel gone, no editors open).
  after(async () => {
    await vscode.commands.executeCommand('reflexiveQda.closeComparison');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('runs from the Command Palette, takes the two coders typed into the quick picks, and shows their table', async function () {
    this.timeout(90000);
    await ui.runCommand('Reflexive QDA: Compare Coders…');
    const first = await ui.quickInput.wait({ title: 'Compare Coders (1/2)' });
    assert.deepStrictEqual(first.rows.map((r) => r.label).sort(), ['lw', 'rk']);
    await ui.quickInput.type('lw');
    await ui.quickInput.waitForRow('lw', { active: true });
    await ui.quickInput.press('Enter');
    const second = await ui.quickInput.wait({ title: 'Compare Coders (2/2): lw and…' });
    assert.deepStrictEqual(
      second.rows.map((r) => r.label),
      ['rk'],
      'the first coder is not offered again',
    );
    await ui.quickInput.type('rk');
    await ui.quickInput.waitForRow('rk', { active: true });
    await ui.quickInput.press('Enter');
    await ui.quickInput.waitClosed();

    const panel = ui.webview('Compare Coders: lw and rk');
    const text = await panel.waitForText('All codes pooled', { timeout: 30000 });
    const s = await waitFor('the panel to report what it drew', () => drawn(agreement), 20000);
    report = s.posted.report;
    assert.deepStrictEqual(report.coders, ['lw', 'rk']);
    assert.deepStrictEqual(report.sources, [S01, 'transcripts/s02.transcript', 'transcripts/s06.transcript', 'transcripts/s09.transcript']);
    // What the screen shows: the scope, every code with its kappa as computed, the methods.
    // 1,202 + 1,002 + 931 + 992 characters (code points) in s01, s02, s06 and s09, the sources both coded
    assert.match(text, /lw and rk, over the 4,127 characters of the 4 sources both coded/);
    for (const c of report.codes) assert.ok(text.includes(c.name) && text.includes(showFigure('kappa', c.kappa)), `${c.name} ${c.kappa}`);
    for (const words of ["Cohen's κ", "Krippendorff's α", 'Cohen, J. (1960)', 'Not compared: transcripts/s03.txt (only rk coded it).']) {
      assert.ok(text.includes(words), `the panel shows "${words}"`);
    }
    assert.strictEqual(s.rendered.counts.rows, report.codes.length);
    assert.strictEqual(s.rendered.counts.blanks, s.rendered.counts.reasons, 'every blank figure has its reason listed');
    assert.strictEqual(s.rendered.counts.injected, 0);
  });

  it('switches to speaker turns in the panel', async function () {
    this.timeout(60000);
    const panel = ui.webview('Compare Coders: lw and rk');
    await panel.select('#unit', 'Speaker turns');
    const text = await panel.waitForText(/over the \d+ speaker turns of the 4 sources both coded/, { timeout: 20000 });
    assert.match(text, /A speaker turn \(a paragraph in plain text\) is coded when a coding of the code overlaps it/);
    await panel.select('#unit', 'Characters');
    await panel.waitForText(/over the 4,127 characters/, { timeout: 20000 });
  });

  it('walks to a disagreement from the Disagreements view and shows both coders’ marks in the transcript', async function () {
    this.timeout(60000);
    const view = ui.view('Disagreements', 'QDA');
    await view.reveal();
    const row = await view.waitForRow('Budgeting and tracking money');
    assert.match(row.description ?? '', /^both 21, lw 0, rk 56 more · “Monday I do the sums\./);
    await view.click('Budgeting and tracking money');
    const editor = await waitFor('s01 beside the panel', () =>
      vscode.window.visibleTextEditors.find((e) => e.document.uri.path.endsWith(`/${S01}`)),
    );
    const marks = await waitFor('both coders’ marks', () => agreement.highlights.drawn.get(editor.document.uri.toString()));
    // lw coded "Monday I do the sums." (215-236), rk that and the next sentence (215-292).
    const offsets = (r: vscode.Range) => [editor.document.offsetAt(r.start), editor.document.offsetAt(r.end)];
    assert.deepStrictEqual(marks.a.map(offsets), [[215, 236]]);
    assert.deepStrictEqual(marks.b.map(offsets), [[215, 292]]);
    assert.deepStrictEqual(marks.labels, ['lw ▸', 'rk ▸']);
    await view.action('Next Disagreement');
    await waitFor('the next disagreement', () => agreement.comparison.current()?.code === 'juggling-bills' || undefined);
    await view.action('Previous Disagreement');
    await waitFor('back to the first', () => agreement.comparison.current()?.code === 'budgeting' || undefined);
  });

  it('keeps lw’s coding from the row’s context menu, exports the table, and undoes the resolution', async function () {
    this.timeout(90000);
    const session = await openSession();
    const uri = workspaceUri('qda', 'codings', 'transcripts', 's01.transcript.yaml');
    const before = await readText(uri);
    // Budgeting is disputed in other transcripts too: the researcher folds the list (Collapse All) and opens
    // s01's group, the first, so that the Budgeting row on screen is s01's, and keeps lw's coding from its menu.
    const view = ui.view('Disagreements', 'QDA');
    await view.reveal();
    await view.action('Collapse All');
    await view.expand('s01.transcript');
    await view.contextMenu('Budgeting and tracking money', "Keep the First Coder's Coding");
    // rk's coding (k3m9q2xa) now covers lw's words: a normal coding, same id, in the file git tracks.
    const after = await waitFor('rk’s coding moved onto lw’s passage', async () => {
      const t = await readText(uri);
      return t.includes('  - id: k3m9q2xa\n    code: budgeting\n    start: 215\n    end: 236\n    text: Monday I do the sums.\n')
        ? t
        : undefined;
    });
    assert.ok(after.includes('  - id: z8m2c6gu\n    code: budgeting\n    start: 215\n    end: 236\n'), 'lw’s coding is unchanged');
    await ui.statusBar.waitFor("Keep lw's coding: done (Reflexive QDA: Undo reverts it)", { id: 'status.extensionMessage' });
    await waitFor(
      'the disagreement to leave the list',
      () => !agreement.comparison.disagreements.some((d) => d.source === S01 && d.code === 'budgeting') || undefined,
    );
    // The panel draws the new figures: the 56 characters only rk had coded in s01 are gone.
    const budgeting = report.codes.find((c) => c.code === 'budgeting')!;
    const now = await waitFor(
      'the panel to draw the new figures',
      () => {
        const s = drawn(agreement);
        const c = s?.posted.report.codes.find((x) => x.code === 'budgeting');
        return c && c.onlyB === budgeting.onlyB - 56 ? c : undefined;
      },
      20000,
    );
    assert.deepStrictEqual([now.both, now.onlyA], [budgeting.both, budgeting.onlyA]);
    await ui.webview('Compare Coders: lw and rk').waitForText(showFigure('kappa', now.kappa));

    const exported = await vscode.commands.executeCommand<{ file: string }>('reflexiveQda.exportAgreement', {
      format: 'csv',
      file: 'agreement.csv',
    });
    const csv = await readText(vscode.Uri.file(exported.file));
    assert.match(
      csv,
      /^code,name,status,kappa,alpha,agreement,jaccard,both,only_lw,only_rk,neither,units,unit,coders,sources,undefined_because\r\n/,
    );
    assert.match(csv, /\r\nbudgeting,Budgeting and tracking money,active,[\d.]+,/);

    await ui.runCommand('Reflexive QDA: Undo Last Change to the Project');
    await ui.statusBar.waitFor("Undone: Keep lw's coding", { id: 'status.extensionMessage' });
    assert.strictEqual(await readText(uri), before);
    await session.settle();
    await waitFor(
      'the disagreement back in the list',
      () => agreement.comparison.disagreements.some((d) => d.source === S01 && d.code === 'budgeting') || undefined,
    );
    await vscode.workspace.fs.delete(vscode.Uri.file(exported.file));
  });
});
