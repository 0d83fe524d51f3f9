// Coding in a real VS Code: code a selection and see it on disk and highlighted;
// rename, merge and move codes and see the tree and the files change; edit a
// transcript and see the offsets follow.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { CodingFeature } from '../../../src/vscode/coding';
import { features, openSession, readText, waitFor, workspaceUri } from '../helpers';

async function coding(): Promise<CodingFeature> {
  const session = await openSession();
  void session;
  return (await features()).coding;
}

async function openTranscript(name: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(workspaceUri('transcripts', name));
  await vscode.window.showTextDocument(doc);
  // a .txt source becomes a Transcript once open (a new document object): the editor as it is then
  return waitFor(`${name} open as a transcript`, () => {
    const e = vscode.window.activeTextEditor;
    return e?.document.uri.path.endsWith(`/${name}`) && e.document.languageId === 'transcript' ? e : undefined;
  });
}

function select(editor: vscode.TextEditor, quote: string): void {
  const at = editor.document.getText().indexOf(quote);
  assert.ok(at >= 0, `"${quote}" in ${editor.document.fileName}`);
  editor.selection = new vscode.Selection(editor.document.positionAt(at), editor.document.positionAt(at + quote.length));
}

describe('coding in the editor', () => {
  before(async () => {
    await vscode.workspace.getConfiguration('reflexiveQda').update('coder', 'it', vscode.ConfigurationTarget.Global);
  });

  it('highlights the coded passages of an open transcript', async () => {
    const f = await coding();
    const editor = await openTranscript('s02.transcript');
    const session = await openSession();
    const expected = session.project.codings.get('transcripts/s02.transcript')!.codings.length;
    const n = await waitFor('highlights', () => {
      f.highlights.render(editor);
      return f.highlights.rendered.get(editor.document.uri.toString()) || undefined;
    });
    assert.strictEqual(n, expected);
  });

  it('codes a selection (snapped to whole words) and highlights it at once', async () => {
    const f = await coding();
    const session = await openSession();
    const editor = await openTranscript('s02.transcript');
    const before = f.highlights.rendered.get(editor.document.uri.toString()) ?? 0;
    select(editor, 'lotment. Łukasz next door gave me half his pl'); // clipped at both ends
    const uri = editor.document.uri.toString();
    const t0 = performance.now();
    const n = await vscode.commands.executeCommand<number>('reflexiveQda.codeSelection', { codes: ['advice-support'] });
    assert.strictEqual(n, 1);
    const commandDone = performance.now();
    // The new passage is drawn as part of the command's own reload, not after a timer.
    await waitFor('the highlight', () => (f.highlights.rendered.get(uri) ?? 0) === before + 1 || undefined, 5000);
    const drawn = f.highlights.renderedAt.get(uri)!;
    console.log(
      `[mocha] [bench] highlightAfterCodingMs=${(drawn - t0).toFixed(1)} (command resolved after ${(commandDone - t0).toFixed(1)})`,
    );
    const yaml = await readText(workspaceUri('qda', 'codings', 'transcripts', 's02.transcript.yaml'));
    assert.match(
      yaml,
      /code: advice-support\n {4}start: \d+\n {4}end: \d+\n {4}text: allotment\. Łukasz next door gave me half his plot\.?\n/,
    );
    await waitFor('the new highlight', () => {
      f.highlights.render(editor);
      return (f.highlights.rendered.get(editor.document.uri.toString()) ?? 0) === before + 1 || undefined;
    });
    assert.ok(
      session.project.codings
        .get('transcripts/s02.transcript')!
        .codings.some((c) => c.code === 'advice-support' && c.text.startsWith('allotment')),
    );
  });

  it('renames, moves and merges codes: the tree and the files change, and undo restores them', async () => {
    const f = await coding();
    const session = await openSession();
    const codebook = workspaceUri('qda', 'codebook.yaml');
    await vscode.commands.executeCommand('reflexiveQda.renameCode', 'going-without', 'Doing without');
    assert.match(await readText(codebook), /- id: going-without\n {4}name: Doing without\n/);
    assert.strictEqual(
      f.codes.tree.getChildren(session.project.codebook.codes.find((c) => c.id === 'getting-by')).find((c) => c.id === 'going-without')
        ?.name,
      'Doing without',
    );

    // move by drag and drop: stigma-shame onto systems
    const dt = new vscode.DataTransfer();
    f.codes.tree.handleDrag([session.project.codebook.codes.find((c) => c.id === 'stigma-shame')!], dt);
    await f.codes.tree.handleDrop(
      session.project.codebook.codes.find((c) => c.id === 'systems'),
      dt,
    );
    assert.match(await readText(codebook), /- id: stigma-shame\n {4}name: Stigma and shame\n {4}parent: systems\n/);
    assert.ok(
      f.codes.tree.getChildren(session.project.codebook.codes.find((c) => c.id === 'systems')).some((c) => c.id === 'stigma-shame'),
    );

    // merge money-worry into stigma-shame: its codings follow
    const before = session.project.codings.get('transcripts/s01.transcript')!.codings.filter((c) => c.code === 'money-worry').length;
    assert.ok(before > 0);
    await vscode.commands.executeCommand('reflexiveQda.mergeCode', 'money-worry', 'stigma-shame');
    const s01 = await readText(workspaceUri('qda', 'codings', 'transcripts', 's01.transcript.yaml'));
    assert.doesNotMatch(s01, /code: money-worry/);
    assert.match(
      await readText(codebook),
      /- id: money-worry\n {4}name: Worry and sleeplessness\n {4}parent: feelings\n(.*\n)*? {4}status: merged\n {4}mergedInto: stigma-shame\n/,
    );
    assert.ok(
      !f.codes.tree.getChildren(session.project.codebook.codes.find((c) => c.id === 'feelings')).some((c) => c.id === 'money-worry'),
      'merged codes are hidden',
    );

    assert.strictEqual(
      await vscode.commands.executeCommand('reflexiveQda.undo'),
      'Merge “Worry and sleeplessness” into “Stigma and shame”',
    );
    assert.match(await readText(workspaceUri('qda', 'codings', 'transcripts', 's01.transcript.yaml')), /code: money-worry/);
  });

  it('keeps offsets in step while a transcript is edited and writes them on save', async () => {
    const f = await coding();
    const session = await openSession();
    const editor = await openTranscript('s03.txt');
    const live = f.live.get(editor.document)!;
    const target = live.entries.find((e) => e.coding.text.startsWith('That was the first time'))!;
    const start0 = target.start;
    // transcripts are read-only while coding: unlocked as a person would, to correct them
    assert.equal(await vscode.commands.executeCommand('reflexiveQda.editTranscript'), true);
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), 'Transcribed by Zoë 😀.\n'));
    const shift = [...'Transcribed by Zoë 😀.\n'].length;
    assert.strictEqual(target.start, start0 + shift, 'offsets follow the edit in code points');
    await editor.document.save();
    const yaml = await waitFor('the codings file to be rewritten', async () => {
      const t = await readText(workspaceUri('qda', 'codings', 'transcripts', 's03.txt.yaml'));
      return t.includes(`start: ${start0 + shift}\n`) ? t : undefined;
    });
    assert.match(yaml, /before: .*\n/);
    await session.settle();
    const status = session.project.codings.get('transcripts/s03.txt')!.codings.find((c) => c.id === target.coding.id)!;
    assert.strictEqual(status.start, start0 + shift);
  });

  it('lists a coding whose passage was deleted under Needs Attention, and re-attaches it', async function () {
    this.timeout(30000);
    const f = await coding();
    const editor = await openTranscript('s04.transcript');
    const quote = 'The kids eat, I eat less.';
    const at = editor.document.getText().indexOf(quote);
    await vscode.commands.executeCommand('reflexiveQda.editTranscript');
    await editor.edit((b) => b.delete(new vscode.Range(editor.document.positionAt(at), editor.document.positionAt(at + quote.length))));
    const items = await waitFor('a Needs Attention item', async () => (await f.attention.refresh()).filter((i) => i.reason === 'deleted'));
    assert.strictEqual(items.length, 1);
    assert.strictEqual(items[0].code, 'protecting-children');
    // put words back and re-attach the coding to them
    await editor.edit((b) => b.insert(editor.document.positionAt(at), 'The children eat first.'));
    select(editor, 'The children eat first.');
    await vscode.commands.executeCommand('reflexiveQda.reattachCoding', { source: items[0].source, id: items[0].id });
    const yaml = await readText(workspaceUri('qda', 'codings', 'transcripts', 's04.transcript.yaml'));
    assert.match(yaml, /text: The children eat first\.\n/);
    await editor.document.save();
  });

  it('shows the passages of a code grouped by source', async () => {
    const f = await coding();
    const session = await openSession();
    await vscode.commands.executeCommand('reflexiveQda.showPassages', 'budgeting');
    const sources = f.passages.getChildren();
    const expected = [...session.project.codings]
      .filter(([, file]) => file.codings.some((c) => c.code === 'budgeting'))
      .map(([s]) => s)
      .sort();
    assert.deepStrictEqual(
      sources.map((s) => (s as { source: string }).source),
      expected,
    );
    const passages = f.passages.getChildren(sources[0]);
    assert.ok(passages.length >= 1);
    await vscode.commands.executeCommand('reflexiveQda.revealPassage', {
      source: (passages[0] as { source: string }).source,
      id: (passages[0] as { id: string }).id,
    });
    const editor = vscode.window.activeTextEditor!;
    assert.strictEqual(editor.document.getText(editor.selection), (passages[0] as { text: string }).text);
  });
});

describe('renaming a transcript in VS Code', () => {
  it('moves its codings file and updates memo links', async function () {
    this.timeout(30000);
    const session = await openSession();
    const from = workspaceUri('transcripts', 's02.transcript');
    const to = workspaceUri('transcripts', 's02-renamed.transcript');
    const n = session.project.codings.get('transcripts/s02.transcript')!.codings.length;
    const edit = new vscode.WorkspaceEdit();
    edit.renameFile(from, to);
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitFor(
      'codings to follow the transcript',
      () => session.project.codings.get('transcripts/s02-renamed.transcript')?.codings.length === n || undefined,
    );
    assert.match(
      await readText(workspaceUri('qda', 'codings', 'transcripts', 's02-renamed.transcript.yaml')),
      /^source: transcripts\/s02-renamed\.transcript\n/,
    );
    // the memo link is updated after the codings file, in the same undoable step
    await waitFor(
      'the memo link to follow',
      async () =>
        /source: transcripts\/s02-renamed\.transcript/.test(await readText(workspaceUri('qda', 'memos', '2026-02-11-the-car-park.md'))) ||
        undefined,
    );
    await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(workspaceUri('qda', 'codings', 'transcripts', 's02.transcript.yaml'))));
    // rename it back: later suites share this workspace
    const back = new vscode.WorkspaceEdit();
    back.renameFile(to, from);
    assert.ok(await vscode.workspace.applyEdit(back));
    await waitFor(
      'codings to follow back',
      () => session.project.codings.get('transcripts/s02.transcript')?.codings.length === n || undefined,
    );
    await waitFor(
      'the memo link to follow back',
      async () =>
        /source: transcripts\/s02\.transcript\n/.test(await readText(workspaceUri('qda', 'memos', '2026-02-11-the-car-park.md'))) ||
        undefined,
    );
  });
});
