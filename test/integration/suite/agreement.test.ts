// Compare Coders in a real VS Code, on the sample (lw and rk both coded s01 and s02): the
// agreement table in the webview, walking to a disagreement shown with both coders' marks,
// resolving it in place (a normal coding in the codings file), and undoing that.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { AgreementFeature } from '../../../src/vscode/agreement';
import type { AgreementPanelState } from '../../../src/vscode/agreement/panel';
import { openSession, readText, waitFor, workspaceUri } from '../helpers';

type Drawn = Required<Pick<AgreementPanelState, 'posted' | 'rendered'>> & AgreementPanelState;

function drawn(probe: AgreementFeature, accept: (s: Drawn) => boolean = () => true): Drawn | undefined {
  const s = probe.panel();
  if (!s.ready || !s.posted || !s.rendered || s.rendered.version !== s.posted.version) return undefined;
  return accept(s as Drawn) ? (s as Drawn) : undefined;
}

describe('compare coders', () => {
  let probe: AgreementFeature;

  it('shows the agreement table of lw and rk in a panel, every figure computed over the sources both coded', async function () {
    this.timeout(60000);
    await openSession();
    const returned = await vscode.commands.executeCommand<AgreementFeature>('reflexiveQda.compareCoders', { coders: ['lw', 'rk'] });
    assert.ok(returned?.comparison, 'the command returns the probe');
    probe = returned;
    const s = await waitFor('the webview to draw the table', () => drawn(probe), 30000);
    const r = s.posted.report;
    assert.deepStrictEqual(r.coders, ['lw', 'rk']);
    assert.ok(r.sources.includes('transcripts/s01.transcript') && r.sources.includes('transcripts/s02.transcript'), r.sources.join(', '));
    assert.strictEqual(s.rendered.counts.rows, r.codes.length);
    assert.strictEqual(s.rendered.counts.blanks, s.rendered.counts.reasons, 'every blank figure has its reason listed');
    assert.strictEqual(s.rendered.counts.injected, 0);
    for (const words of ["Cohen's κ", "Krippendorff's α", 'nominal, 2011', 'Stigma and shame', 'All codes pooled', 'transcripts/s02.transcript', 'Cohen, J. (1960)']) {
      assert.ok(s.rendered.text.includes(words), `the panel shows "${words}"`);
    }
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    assert.ok(tabs.some((t) => t.label === 'Compare Coders: lw and rk' && t.input instanceof vscode.TabInputWebview), tabs.map((t) => t.label).join(', '));
  });

  it('walks to a disagreement and shows it in the transcript with both coders’ marks', async function () {
    this.timeout(30000);
    const d = await vscode.commands.executeCommand<{ id: string; source: string; code: string }>('reflexiveQda.nextDisagreement');
    assert.ok(d, 'there is a disagreement');
    const editor = await waitFor('the transcript', () => vscode.window.visibleTextEditors.find((e) => e.document.uri.path.endsWith(d.source)));
    const marks = await waitFor('both coders’ marks', () => probe.highlights.drawn.get(editor.document.uri.toString()));
    assert.ok(marks.a.length + marks.b.length > 0);
    assert.ok(marks.labels.every((l) => /^(lw|rk) ▸$/.test(l)), marks.labels.join(', '));
    assert.strictEqual(probe.comparison.currentId, d.id);
  });

  it('keeps lw’s coding in place: rk’s coding of the passage becomes lw’s, undoably', async function () {
    this.timeout(30000);
    const session = await openSession();
    const uri = workspaceUri('qda', 'codings', 'transcripts', 's01.transcript.yaml');
    const before = await readText(uri);
    // s01's budgeting passage: lw coded the first sentence, rk two.
    const d = probe.comparison.disagreements.find((x) => x.source === 'transcripts/s01.transcript' && x.code === 'budgeting');
    assert.ok(d, probe.comparison.disagreements.map((x) => `${x.source} ${x.code}`).join('; '));
    const result = await vscode.commands.executeCommand<{ move: { id: string }[] }>('reflexiveQda.keepFirstCoder', d.id);
    assert.deepStrictEqual(result.move.map((m) => m.id), d.b);
    const after = await readText(uri);
    assert.ok(after.includes('  - id: k3m9q2xa\n    code: budgeting\n    start: 215\n    end: 236\n    text: Monday I do the sums.\n'), after);
    await waitFor('the disagreement to leave the list', () => !probe.comparison.disagreements.some((x) => x.source === d.source && x.code === 'budgeting'));
    await vscode.commands.executeCommand('reflexiveQda.undo');
    assert.strictEqual(await readText(uri), before);
    await session.settle();
    await waitFor('the disagreement to come back', () => probe.comparison.disagreements.some((x) => x.source === d.source && x.code === 'budgeting'));
  });
});
