// The transcript language in a real VS Code: language ids, outline by speaker turn,
// folding, Go to Timestamp, and importing a caption file.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { readText, waitFor, workspaceUri, writeText } from '../helpers';

async function open(...segments: string[]): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(workspaceUri(...segments));
  await vscode.window.showTextDocument(doc);
  return doc;
}

describe('transcripts', () => {
  it('opens .transcript files in the transcript language', async () => {
    assert.strictEqual((await open('transcripts', 's01.transcript')).languageId, 'transcript');
  });

  it('outlines a transcript by speaker turn, after its front matter', async () => {
    const doc = await open('transcripts', 's01.transcript');
    const symbols = await waitFor('document symbols', async () => {
      const s = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri);
      return s?.length ? s : undefined;
    });
    const names = symbols.flatMap((s) => [s, ...s.children]).map((s) => s.name);
    const turns = names.filter((n) => n === 'Interviewer' || n === 'S01');
    assert.strictEqual(turns.length, 8, JSON.stringify(names));
    assert.strictEqual(turns[0], 'Interviewer');
    assert.strictEqual(turns[1], 'S01');
    const first = symbols.flatMap((s) => [s, ...s.children]).find((s) => s.name === 'S01')!;
    assert.match(first.detail, /^\[00:00:09\] /);
  });

  it('folds by turn', async () => {
    const doc = await open('transcripts', 's01.transcript');
    const ranges = await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', doc.uri);
    assert.ok(
      ranges.some((r) => r.start === 0 && r.end >= 3),
      'front matter folds',
    );
  });

  it('goes to a timestamp', async () => {
    const doc = await open('transcripts', 's01.transcript');
    await vscode.commands.executeCommand('reflexiveQda.goToTimestamp', '1:05');
    const line = vscode.window.activeTextEditor!.selection.active.line;
    assert.match(doc.lineAt(line).text, /^\[00:01:05\] S01:/);
  });

  it('imports a WebVTT file as a .transcript beside it, merging one speaker’s cues', async () => {
    const vtt = workspaceUri('transcripts', 'imported.vtt');
    await writeText(
      vtt,
      'WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Interviewer>Hello Zoë.\n\n00:00:03.500 --> 00:00:05.000\n<v Zoë>Hi.\n\n00:00:05.000 --> 00:00:07.000\n<v Zoë>It is good to talk.\n',
    );
    await vscode.commands.executeCommand('reflexiveQda.importTranscript', vtt);
    const out = await waitFor('the imported transcript', () =>
      readText(workspaceUri('transcripts', 'imported.transcript')).catch(() => undefined),
    );
    assert.match(out, /Interviewer: Hello Zoë\./);
    assert.match(out, /Zoë: Hi\. It is good to talk\./);
  });
});
