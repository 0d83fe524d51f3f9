// Saturation in a real VS Code: the panel opens and its webview draws what the host
// sent, a new coding changes the figures in the panel and the status bar, hostile
// code names stay text, and the export writes SVG and CSV files.
import * as assert from 'assert';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { SaturationProbe } from '../../../src/vscode/saturation';
import type { PanelState } from '../../../src/vscode/saturation/panel';
import { openSession, readText, waitFor } from '../helpers';

const HOSTILE = '"><img src=x onerror=alert(1)> <script>alert(1)</script>';

type Drawn = Required<Pick<PanelState, 'posted' | 'rendered'>> & PanelState;

/** The panel state once the webview has drawn the latest view sent to it. */
function drawn(probe: SaturationProbe, accept: (s: Drawn) => boolean = () => true): Drawn | undefined {
  const s = probe.panel();
  if (!s.ready || !s.posted || !s.rendered || s.rendered.version !== s.posted.version) return undefined;
  return accept(s as Drawn) ? (s as Drawn) : undefined;
}

describe('saturation', () => {
  let probe: SaturationProbe;

  before(async () => {
    await vscode.workspace.getConfiguration('reflexiveQda').update('coder', 'it', vscode.ConfigurationTarget.Global);
  });

  it('opens the Saturation panel and its webview draws every figure it was sent', async function () {
    this.timeout(60000);
    await openSession();
    const returned = await vscode.commands.executeCommand<SaturationProbe>('reflexiveQda.showSaturation');
    assert.ok(returned && typeof returned.panel === 'function', 'the command returns the probe');
    probe = returned;
    const s = await waitFor('the webview to answer ready and draw the view', () => drawn(probe), 30000);
    const r = s.posted.report;
    assert.ok(r.units.length >= 4, `units: ${r.units.join(', ')}`);
    assert.equal(s.rendered.counts.observedPoints, r.units.length);
    assert.equal(s.rendered.counts.bars, r.units.length);
    assert.equal(s.rendered.counts.guestRuns, r.guest.runs.length);
    assert.equal(s.rendered.counts.estimates, 6);
    assert.equal(s.rendered.counts.compositionCharts, s.posted.composition.attributes.length);
    assert.equal(s.rendered.counts.subgroupRows, r.subgroups?.groups.length ?? 0);
    assert.equal(s.rendered.counts.injected, 0);
    for (const words of ['Sample coverage', 'Chao2', 'Good-Turing', 'Guest', 'Chao A, Jost L (2012)'])
      assert.ok(s.rendered.text.includes(words), `panel shows "${words}"`);
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    assert.ok(
      tabs.some((t) => t.label === 'Saturation' && t.input instanceof vscode.TabInputWebview),
      tabs.map((t) => t.label).join(', '),
    );
    assert.strictEqual(await vscode.commands.executeCommand('reflexiveQda.showSaturation'), probe, 'a second call reveals the same panel');
  });

  it('shows sample coverage in the status bar', async () => {
    const bar = await waitFor('the coverage status bar item', () => (probe.statusBar().visible ? probe.statusBar() : undefined));
    // "Sample coverage", not "Coverage": an NVivo user reads that as the share of a document coded
    assert.match(bar.text, /^\$\(graph-line\) Sample coverage (\d+ %|—)$/);
    assert.match(bar.tooltip, /^\d+ transcripts? gave \d+ codes?; /, 'the plain sentence first');
    assert.match(bar.tooltip, /Sample coverage \(Chao & Jost 2012\)/);
    assert.match(bar.tooltip, /Chao2 [\d.]+ ± [\d.]+/);
    assert.match(
      bar.tooltip,
      /Saturation \(Guest, Namey & Chen 2020; base \d+, run \d+, threshold \d+ %\): (at s\d\d|not reached)$/m,
      'a transcript named as on the panel, not by its path',
    );
  });

  it('updates the panel and the status bar when a coding brings a new code, its name shown as text', async function () {
    this.timeout(60000);
    const session = await openSession();
    const before = await waitFor('the panel', () => drawn(probe));
    const observed = before.posted.report.observed;
    const code = await vscode.commands.executeCommand<{ id: string }>('reflexiveQda.newCode', { name: HOSTILE });
    assert.ok(code?.id, 'the code was created');
    // A coded transcript as the project has it now (other suites rename and edit transcripts).
    const unitId = before.posted.report.units[before.posted.report.units.length - 1];
    const source = before.posted.report.unitSources[unitId][0];
    const doc = await vscode.workspace.openTextDocument(session.files.uri(source));
    // Beside the panel: a hidden webview (no retainContextWhenHidden) draws nothing until shown again.
    const editor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.Beside);
    const longest = Array.from({ length: doc.lineCount }, (_, i) => doc.lineAt(i)).reduce((a, b) =>
      b.text.length > a.text.length ? b : a,
    );
    assert.ok(longest.text.length > 10, `a line to code in ${source}`);
    editor.selection = new vscode.Selection(longest.range.start, longest.range.end);
    const n = await vscode.commands.executeCommand<number>('reflexiveQda.codeSelection', { codes: [code.id] });
    assert.strictEqual(n, 1);
    assert.ok(session.project.codings.get(source)?.codings.some((c) => c.code === code.id));

    const after = await waitFor(
      'the panel to draw the new figures',
      () => drawn(probe, (s) => s.posted.report.observed === observed + 1),
      20000,
    );
    const unit = after.posted.report.units.indexOf(unitId);
    assert.ok(unit >= 0);
    assert.equal(after.posted.report.newCodes[unit], before.posted.report.newCodes[unit] + 1, `one more new code in ${unitId}`);
    assert.ok(after.posted.newCodeNames[unit].includes(HOSTILE));
    assert.ok(after.rendered.text.includes(HOSTILE), 'the hostile name is shown as text');
    assert.equal(after.rendered.counts.injected, 0, 'no element came from the name');
    await waitFor('the status bar to count the new code', () => probe.statusBar().tooltip.includes(`${observed + 1} codes observed`));
  });

  it('exports the charts as SVG and the tables as CSV to a folder', async function () {
    this.timeout(30000);
    // Outside the project: exported files are no business of the file watcher.
    const dir = vscode.Uri.file(path.join(os.tmpdir(), `qda-saturation-export-${process.pid}-${Date.now()}`));
    const result = await vscode.commands.executeCommand<{ dir: string; files: string[] }>('reflexiveQda.exportSaturation', {
      dir: dir.fsPath,
    });
    assert.ok(result, 'the export ran');
    for (const f of [
      'saturation-curve.svg',
      'new-codes.svg',
      'representativeness-region.svg',
      'saturation.csv',
      'guest-runs.csv',
      'estimates.csv',
      'representativeness.csv',
    ]) {
      assert.ok(result.files.includes(f), `${f} in ${result.files.join(', ')}`);
    }
    const curve = await readText(vscode.Uri.joinPath(dir, 'saturation-curve.svg'));
    assert.ok(curve.startsWith('<svg xmlns="http://www.w3.org/2000/svg"') && curve.endsWith('</svg>'));
    const bars = await readText(vscode.Uri.joinPath(dir, 'new-codes.svg'));
    assert.ok(
      bars.includes('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;') && !bars.includes('<img'),
      'the code name is escaped in the file',
    );
    const csv = await readText(vscode.Uri.joinPath(dir, 'saturation.csv'));
    assert.ok(csv.startsWith('position,source,sources,new_codes,cumulative,expected,expected_sd'), csv.slice(0, 120));
    assert.equal(csv.split('\r\n').length - 2, probe.panel().posted?.report.units.length, 'a row per unit');
    await vscode.workspace.fs.delete(dir, { recursive: true });
  });
});
