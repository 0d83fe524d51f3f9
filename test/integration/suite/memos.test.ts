// The reflexive memo log in a real VS Code: a memo written from a selection in a
// sample transcript lands on disk with its passage anchored, shows in the Memo log
// view, is found by passage (also after an unsaved edit moves the passage), broken
// links warn at their line, the log filters, and the export escapes memo text.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { memosForPassage } from '../../../src/core/memos/memos';
import type { Memo } from '../../../src/core/model';
import { CodePointIndex } from '../../../src/core/text';
import type { MemoFeature } from '../../../src/vscode/memos';
import type { MemoLogNode } from '../../../src/vscode/memos/memoLog';
import { features, openSession, readText, waitFor, workspaceUri, writeText, ensurePseudonymMap } from '../helpers';

const SOURCE = 'transcripts/s01.transcript';
const QUOTE = "Zoë at the advice centre. She didn't make me feel stupid.";

async function memoFeature(): Promise<MemoFeature> {
  return (await features()).memos;
}

/** Every memo row of the log, with its tree item. */
async function memoRows(feature: MemoFeature): Promise<{ node: MemoLogNode & { type: 'memo' }; item: vscode.TreeItem }[]> {
  const rows: { node: MemoLogNode & { type: 'memo' }; item: vscode.TreeItem }[] = [];
  for (const group of await feature.log.getChildren()) {
    for (const node of await feature.log.getChildren(group)) {
      if (node.type === 'memo') rows.push({ node, item: feature.log.getTreeItem(node) });
    }
  }
  return rows;
}

describe('memos', () => {
  let memo: Memo | undefined;
  let start = 0;
  let end = 0;

  before(async () => {
    await vscode.workspace.getConfiguration('reflexiveQda').update('coder', 'it', vscode.ConfigurationTarget.Global);
  });

  it('writes a memo from a selection in a transcript, anchored to the passage, and opens it after the first prompt', async function () {
    this.timeout(30000);
    const session = await openSession();
    const doc = await vscode.workspace.openTextDocument(workspaceUri(...SOURCE.split('/')));
    const editor = await vscode.window.showTextDocument(doc);
    const text = doc.getText();
    const at = text.indexOf(QUOTE);
    assert.ok(at > 0, 'the sample transcript holds the quote');
    editor.selection = new vscode.Selection(doc.positionAt(at), doc.positionAt(at + QUOTE.length));
    const index = new CodePointIndex(text);
    start = index.toCodePoint(at);
    end = index.toCodePoint(at + QUOTE.length);

    memo = await vscode.commands.executeCommand<Memo>('reflexiveQda.newMemo', { kind: 'reflexive', title: 'Zoe at the advice centre' });
    assert.ok(memo, 'the command returns the memo');
    assert.match(memo.path, /^qda\/memos\/\d{4}-\d{2}-\d{2}-zoe-at-the-advice-centre\.md$/);
    const onDisk = await readText(workspaceUri(...memo.path.split('/')));
    const id = /^---\nid: (m-[0-9a-z]{8})\ncreated: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\nauthor: it\nkind: reflexive\nlinks:\n/.exec(onDisk);
    assert.ok(id, onDisk);
    assert.ok(
      onDisk.includes(`  - source: ${SOURCE}\n    start: ${start}\n    end: ${end}\n    text: "${QUOTE}"\n`) ||
        onDisk.includes(`  - source: ${SOURCE}\n    start: ${start}\n    end: ${end}\n    text: ${QUOTE}\n`),
      onDisk,
    );
    assert.match(onDisk, /\n {4}before: .+\n {4}after: .+\n---\n# Zoe at the advice centre\n\nWhat did I expect to hear\?\n/);
    assert.ok(session.project.memos.has(memo.path));

    const memoEditor = vscode.window.activeTextEditor;
    assert.strictEqual(memoEditor?.document.uri.toString(), workspaceUri(...memo.path.split('/')).toString(), 'the new memo is open');
    const cursor = memoEditor.document.offsetAt(memoEditor.selection.active);
    assert.ok(
      memoEditor.document.getText().slice(0, cursor).endsWith('What did I expect to hear?\n'),
      'the cursor is after the first prompt',
    );
  });

  it('shows the memo in the Memo log with its kind icon, first line and the passage it links', async () => {
    assert.ok(memo);
    const feature = await memoFeature();
    const row = await waitFor('the memo in the log', async () => (await memoRows(feature)).find((r) => r.node.memo.path === memo!.path));
    assert.strictEqual(row.item.label, 'Zoe at the advice centre');
    assert.strictEqual((row.item.iconPath as vscode.ThemeIcon).id, 'mirror');
    assert.match(String(row.item.description), /^reflexive \d\d:\d\d · it$/);
    assert.strictEqual(row.item.command?.command, 'vscode.open');
    const [link] = await feature.log.getChildren(row.node);
    assert.ok(link?.type === 'link');
    assert.strictEqual(link.link.located?.state, 'exact');
    assert.strictEqual(feature.log.getTreeItem(link).label, `“${QUOTE}”`);
  });

  it('finds the memo by its passage, also where an unsaved edit has moved the passage', async function () {
    this.timeout(30000);
    assert.ok(memo);
    const session = await openSession();
    const doc = await vscode.workspace.openTextDocument(workspaceUri(...SOURCE.split('/')));
    const found = memosForPassage(session.project, SOURCE, start + 2, start + 4, doc.getText());
    assert.deepStrictEqual(
      found.map((f) => f.memo.path),
      [memo.path],
    );
    assert.deepStrictEqual(memosForPassage(session.project, SOURCE, 0, 5, doc.getText()), []);

    const editor = await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('reflexiveQda.editTranscript'); // read-only while coding until unlocked
    const inserted = 'An edit before the passage. ';
    await editor.edit((e) => e.insert(doc.positionAt(doc.getText().indexOf(QUOTE)), inserted));
    try {
      const moved = memosForPassage(session.project, SOURCE, start + inserted.length, start + inserted.length + 1, doc.getText());
      assert.deepStrictEqual(
        moved.map((f) => [f.memo.path, f.link.located?.state, f.link.located?.start]),
        [[memo.path, 'moved', start + inserted.length]],
      );
      // The log re-locates shortly after typing stops.
      const feature = await memoFeature();
      await waitFor('the log to follow the edit', async () => {
        const row = (await memoRows(feature)).find((r) => r.node.memo.path === memo!.path);
        const [link] = row ? await feature.log.getChildren(row.node) : [];
        return link?.type === 'link' && link.link.located?.start === start + inserted.length;
      });
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    assert.strictEqual(doc.isDirty, false);
  });

  it('warns at the line and column of a broken link and shows it as broken in the log, keeping the text', async function () {
    this.timeout(30000);
    const path = 'qda/memos/2026-03-01-broken.md';
    const uri = workspaceUri(...path.split('/'));
    await writeText(
      uri,
      '---\nid: m-broken01\ncreated: 2026-03-01T10:00:00Z\nauthor: it\nkind: analytic\nlinks:\n  - code: stigma-shame\n  - code: no-such-code\n---\nKept in full.\n',
    );
    const diag = await waitFor('a warning on the broken link', () =>
      vscode.languages.getDiagnostics(uri).find((d) => d.source === 'Reflexive QDA'),
    );
    assert.strictEqual(diag.severity, vscode.DiagnosticSeverity.Warning);
    assert.deepStrictEqual([diag.range.start.line, diag.range.start.character], [7, '  - code: '.length]);
    assert.match(diag.message, /no-such-code/);
    const feature = await memoFeature();
    const row = await waitFor('the broken memo in the log', async () => (await memoRows(feature)).find((r) => r.node.memo.path === path));
    assert.strictEqual(row.item.label, 'Kept in full.');
    assert.match(String(row.item.description), /⚠ 1 broken link/);
  });

  it('filters the log by kind, says so in the view, and clears', async () => {
    const feature = await memoFeature();
    await vscode.commands.executeCommand('reflexiveQda.filterMemos', { kind: 'methodological' });
    const rows = await memoRows(feature);
    assert.ok(rows.length >= 1);
    assert.ok(rows.every((r) => r.node.memo.meta.kind === 'methodological'));
    assert.match(feature.view.description ?? '', /kind: methodological/);
    assert.match(feature.view.message ?? '', /^Showing \d+ of \d+ memos/);
    await vscode.commands.executeCommand('reflexiveQda.clearMemoFilter');
    assert.ok((await memoRows(feature)).some((r) => r.node.memo.meta.kind === 'reflexive'));
    assert.strictEqual(feature.view.message, undefined);
  });

  it('exports the log as self-contained HTML with memo text escaped', async () => {
    assert.ok(memo);
    const target = workspaceUri('memo-log.html');
    await ensurePseudonymMap(); // an empty map: names as they are, the export allowed
    const written = await vscode.commands.executeCommand<vscode.Uri>('reflexiveQda.exportMemos', { uri: target });
    assert.strictEqual(written?.toString(), target.toString());
    const html = await readText(target);
    assert.match(html, /^<!DOCTYPE html>/);
    assert.ok(html.includes('<q>Zoë at the advice centre. She didn&#39;t make me feel stupid.</q>'), 'the passage quote');
    const sampleMemo = html.indexOf('What stayed with me was the car park');
    assert.ok(sampleMemo > 0 && sampleMemo < html.indexOf('<h3>Zoe at the advice centre</h3>'), 'oldest first');
    assert.ok(!html.includes('<script'));
  });
});
