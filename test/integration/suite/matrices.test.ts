// The Matrices panel in a real VS Code: it opens on the sample, its webview draws every cell the
// host computed (with the number printed), a new coding that overlaps another appears in the
// co-occurrence heat map, and Export Matrix writes a workbook a spreadsheet reader reads back,
// never over a file of the project. (Clicking cells and typing summaries are driven through the
// screen in matrices.ui.test.ts, with the UI driver.)
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import readXlsxFile from 'read-excel-file/node';
import * as vscode from 'vscode';
import { cooccurrenceMatrix, projectMatrixInput } from '../../../src/core/matrices';
import type { MatricesProbe } from '../../../src/vscode/matrices';
import type { MatricesPanelState } from '../../../src/vscode/matrices/panel';
import { features, openSession, waitFor, workspaceUri } from '../helpers';

/** The panel state once the webview has drawn the latest view sent to it. */
function drawn(probe: MatricesProbe, accept: (s: MatricesPanelState) => boolean = () => true): MatricesPanelState | undefined {
  const s = probe.panel();
  if (!s.ready || !s.posted || !s.rendered || s.rendered.version !== s.posted.version) return undefined;
  return accept(s) ? s : undefined;
}

describe('matrices', () => {
  let probe: MatricesProbe;

  before(async () => {
    await openSession();
    await vscode.workspace.getConfiguration('reflexiveQda').update('coder', 'it', vscode.ConfigurationTarget.Global);
    probe = (await features()).matrices;
  });

  it('opens the panel and its webview prints every cell of the co-occurrence matrix the host computed', async function () {
    this.timeout(60000);
    const returned = await vscode.commands.executeCommand<MatricesProbe>('reflexiveQda.showMatrices');
    assert.strictEqual(returned, probe, 'the command returns the feature');
    const s = await waitFor('the webview to answer ready and draw the view', () => drawn(probe), 30000);
    const v = s.posted!;
    assert.equal(v.options.matrix, 'cooccurrence');
    // What the core computes from the project now is what was sent.
    const m = cooccurrenceMatrix(await projectMatrixInput((await openSession()).project));
    assert.deepEqual(
      v.rows.map((r) => r.id),
      m.codes,
    );
    assert.deepEqual(v.values, m.counts);
    const withCodings = m.codes.filter((_, i) => m.counts[i][i] > 0).length;
    assert.equal(s.rendered!.rows, withCodings, 'codes without codings are hidden');
    assert.equal(s.rendered!.printed, withCodings * withCodings, 'a number in every cell');
    assert.equal(s.rendered!.injected, 0);
    assert.ok(s.rendered!.text.includes('Budgeting and tracking money'));
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    assert.ok(
      tabs.some((t) => t.label === 'Matrices' && t.input instanceof vscode.TabInputWebview),
      tabs.map((t) => t.label).join(', '),
    );
  });

  it('shows a new overlap of two codes in the heat map', async function () {
    this.timeout(60000);
    const session = await openSession();
    const source = 'transcripts/s04.transcript';
    const budgeting = session.project.codings.get(source)!.codings.find((c) => c.code === 'budgeting')!;
    const doc = await vscode.workspace.openTextDocument(session.files.uri(source));
    const editor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.Beside);
    const at = doc.getText().indexOf(budgeting.text);
    assert.ok(at >= 0);
    editor.selection = new vscode.Selection(doc.positionAt(at), doc.positionAt(at + Math.min(20, budgeting.text.length)));
    const before = drawn(probe)!.posted!;
    const i = before.rows.findIndex((r) => r.id === 'budgeting');
    const j = before.rows.findIndex((r) => r.id === 'juggling-bills');
    const was = before.values[i][j] ?? 0;
    assert.equal(await vscode.commands.executeCommand<number>('reflexiveQda.codeSelection', { codes: ['juggling-bills'] }), 1);
    const after = await waitFor(
      'the heat map with the new pair',
      () => drawn(probe, (s) => (s.posted!.values[i]?.[j] ?? 0) === was + 1),
      20000,
    );
    assert.equal(after.posted!.values[j][i], (before.values[j][i] ?? 0) + 1, 'and the other way round');
  });

  it('exports the codes-by-attribute matrix as a workbook a spreadsheet reader reads back, and never over a project file', async function () {
    this.timeout(60000);
    const session = await openSession();
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'qda-matrix-')), 'region.xlsx');
    const r = await vscode.commands.executeCommand<{ path: string }>('reflexiveQda.exportMatrix', {
      format: 'xlsx',
      path: file,
      options: { matrix: 'attribute', attribute: 'region' },
    });
    assert.equal(r?.path, file);
    const sheets = await readXlsxFile(fs.readFileSync(file));
    assert.deepEqual(
      sheets.map((s) => s.sheet),
      ['Codings', 'Participants', 'Share of participants', 'About'],
    );
    const codings = sheets[0].data;
    assert.deepEqual(codings[0], ['Code', 'north', 'midlands', 'south', 'wales']);
    const row = codings.find((x) => x[0] === 'Budgeting and tracking money')!;
    const north = session.project
      .participants!.participants.filter((p) => p.attributes?.region === 'north')
      .flatMap((p) => p.sources ?? []);
    const expected = north.reduce(
      (n, s) => n + (session.project.codings.get(s)?.codings.filter((c) => c.code === 'budgeting').length ?? 0),
      0,
    );
    assert.equal(row[1], expected, "codings of budgeting in the north participants' transcripts");
    const codebook = workspaceUri('qda', 'codebook.yaml').fsPath;
    const before = fs.readFileSync(codebook, 'utf8');
    const refused = await vscode.commands.executeCommand('reflexiveQda.exportMatrix', {
      format: 'csv',
      path: codebook,
      options: { matrix: 'cooccurrence' },
    });
    assert.equal(refused, undefined, 'refused, with a message');
    assert.equal(fs.readFileSync(codebook, 'utf8'), before);
  });
});
