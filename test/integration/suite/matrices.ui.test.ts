// Needs the UI driver (test/integration/ui.ts, helper "uidriver"): merge after it lands on main.
// The Matrices panel in a real VS Code, driven as a researcher does it (test/integration/ui.ts):
// open it from the Command Palette, choose a matrix in its controls, click a cell and read the
// passages it lists, open one in its transcript, and write a framework summary in the grid,
// which must then be on disk in qda/framework.yaml.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { cellPassages, projectMatrixInput, withTexts, type MatrixCell } from '../../../src/core/matrices';
import type { MatricesProbe } from '../../../src/vscode/matrices';
import type { MatricesPanelState } from '../../../src/vscode/matrices/panel';
import { features, openSession, readText, waitFor, workspaceUri } from '../helpers';
import { ui } from '../ui';

const TITLE = 'Reflexive QDA: Show Matrices (Co-occurrence, Codes by Attribute, Framework)';
const panel = ui.webview('Matrices');

/** The panel state once the webview has drawn the latest view sent to it. */
function drawn(probe: MatricesProbe, accept: (s: MatricesPanelState) => boolean = () => true): MatricesPanelState | undefined {
  const s = probe.panel();
  if (!s.ready || !s.posted || !s.rendered || s.rendered.version !== s.posted.version) return undefined;
  return accept(s) ? s : undefined;
}

/** What the core says a cell holds, as the list shows each passage: "path:line" and the text. */
async function expected(cell: MatrixCell): Promise<{ where: string; text: string }[]> {
  const session = await openSession();
  const input = await projectMatrixInput(session.project);
  const passages = await withTexts(session.project, cellPassages(input, cell));
  return passages.map((p) => ({ where: `${p.source}:${p.line}`, text: p.text }));
}

describe('matrices panel, driven through the screen', () => {
  let probe: MatricesProbe;

  before(async () => {
    await openSession();
    // A clean window whatever earlier suites left open: these tests read what the screen shows.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.getConfiguration('reflexiveQda').update('coder', 'it', vscode.ConfigurationTarget.Global);
  });

  it('opens from the Command Palette and prints a number in every cell of the co-occurrence heat map', async function () {
    this.timeout(90000);
    await ui.runCommand(TITLE);
    await ui.waitForActiveTab('Matrices');
    await panel.waitForText("Codings of the row's code that share at least one character", { timeout: 30000 });
    probe = (await features()).matrices;
    const s = await waitFor('the webview to draw the view', () => drawn(probe), 30000);
    assert.equal(s.posted!.options.matrix, 'cooccurrence');
    assert.equal(s.rendered!.printed, s.rendered!.rows * s.rendered!.columns, 'a number in every cell');
    assert.ok(s.rendered!.rows >= 5, `codes with codings: ${s.rendered!.rows}`);
    assert.equal(s.rendered!.injected, 0);
    const budgeting = s.posted!.rows.findIndex((r) => r.id === 'budgeting');
    const shown = await panel.text('td.cell[data-row="budgeting"][data-column="budgeting"]');
    assert.equal(shown, String(s.posted!.values[budgeting][budgeting]), 'the diagonal cell shows the codings of the code');
  });

  it('lists the passages of a codes-by-attribute cell, and opens one in its transcript', async function () {
    this.timeout(90000);
    await panel.select('#matrix', 'Codes by participant attribute');
    await panel.waitForText('Attribute');
    await panel.select('#attribute', 'region');
    await panel.waitForText('with each value of "region"');
    await waitFor('the region matrix drawn', () => drawn(probe, (s) => s.posted!.options.attribute === 'region'));
    await panel.click({ selector: 'td.cell[data-row="budgeting"][data-column="north"]' });
    const want = await expected({ matrix: 'attribute', attribute: 'region', code: 'budgeting', value: 'north' });
    assert.ok(want.length >= 2, 'the sample codes budgeting twice in s01 (north)');
    const title = await panel.waitForText(`${want.length} passage`, { selector: '#detailsTitle' });
    assert.match(title, /^Budgeting and tracking money, region = north: \d+ passages?$/);
    const listed = await panel.text('#passages');
    for (const p of want) {
      assert.ok(listed.includes(p.where), `lists ${p.where}`);
      assert.ok(listed.includes(p.text.trim().slice(0, 60)), `shows "${p.text.slice(0, 60)}"`);
    }
    await panel.click({ selector: '#passages li:first-child button' });
    const editor = await waitFor('the transcript with the passage selected', () => {
      const e = vscode.window.activeTextEditor;
      return e && e.document.uri.path.endsWith(want[0].where.split(':')[0]) && !e.selection.isEmpty ? e : undefined;
    });
    assert.equal(editor.document.getText(editor.selection), want[0].text);
  });

  it('lists the passages of a co-occurrence cell: the codings of one code sharing text with the other', async function () {
    this.timeout(90000);
    const session = await openSession();
    // Two codes on one passage, so that the sample has a pair that co-occurs.
    const doc = await vscode.workspace.openTextDocument(workspaceUri('transcripts', 's04.transcript'));
    const editor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.Beside);
    const budgeting = session.project.codings.get('transcripts/s04.transcript')!.codings.find((c) => c.code === 'budgeting')!;
    const text = doc.getText();
    const at = text.indexOf(budgeting.text);
    assert.ok(at >= 0);
    editor.selection = new vscode.Selection(doc.positionAt(at), doc.positionAt(at + Math.min(budgeting.text.length, 30)));
    assert.equal(await vscode.commands.executeCommand<number>('reflexiveQda.codeSelection', { codes: ['going-without'] }), 1);
    await panel.select('#matrix', 'Code co-occurrence');
    await waitFor(
      'the co-occurrence matrix with the new pair',
      () =>
        drawn(probe, (s) => {
          const v = s.posted!;
          const i = v.rows.findIndex((r) => r.id === 'budgeting');
          const j = v.columns.findIndex((c) => c.id === 'going-without');
          return v.options.matrix === 'cooccurrence' && (v.values[i]?.[j] ?? 0) > 0;
        }),
      20000,
    );
    await panel.click({ selector: 'td.cell[data-row="budgeting"][data-column="going-without"]' });
    const want = await expected({ matrix: 'cooccurrence', measure: 'counts', row: 'budgeting', column: 'going-without' });
    // Names as the project has them now (another suite may have renamed a code in this shared session).
    const name = (id: string) => session.project.codebook.codes.find((c) => c.id === id)!.name;
    await panel.waitForText(
      `${name('budgeting')} overlapping ${name('going-without')}: codings of ${name('budgeting')}: ${want.length} passage`,
      { selector: '#detailsTitle' },
    );
    const listed = await panel.text('#passages');
    assert.ok(listed.includes(want[0].where), listed);
    assert.ok(listed.includes(budgeting.text.slice(0, 40)), listed);
    assert.equal(probe.panel().passages?.search, 'code:budgeting near:going-without', 'the search that finds the same passages');
  });

  it('saves a framework summary typed in the grid to qda/framework.yaml', async function () {
    this.timeout(90000);
    await panel.select('#matrix', 'Framework matrix');
    await panel.waitForText('Participant', { selector: 'table.framework' });
    const cell = 'td.fw-cell[data-case="participant:s01"][data-code="budgeting"]';
    await panel.click({ selector: cell });
    await panel.waitForText('passage', { selector: '#detailsTitle' });
    await ui.press('Enter');
    await panel.type(`${cell} textarea.summary-edit`, 'Tins for each bill; counts every pound', { clear: true });
    await ui.press('Enter');
    const yaml = await waitFor(
      'the summary on disk',
      async () => {
        const t = await readText(workspaceUri('qda', 'framework.yaml')).catch(() => '');
        return t.includes('summary: Tins for each bill; counts every pound') ? t : undefined;
      },
      15000,
    );
    assert.match(
      yaml,
      /- participant: s01\n {4}code: budgeting\n {4}summary: Tins for each bill; counts every pound\n {4}by: it\n {4}at: \d{4}-\d\d-\d\dT/,
    );
    assert.equal((await panel.text(`${cell} .summary`)).trim(), 'Tins for each bill; counts every pound', 'the grid shows it');
    await panel.waitForText('Summary saved to qda/framework.yaml.', { selector: '#status' });
    const session = await openSession();
    await session.settle();
    assert.ok(
      session.project.framework?.summaries.some((s) => s.participant === 's01' && s.code === 'budgeting'),
      'the project loaded it',
    );
  });
});
