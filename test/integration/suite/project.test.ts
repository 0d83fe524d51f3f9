// The foundation in a real VS Code: the sample study opens, broken files show in
// the Problems panel at the exact place and clear when fixed, and commands change
// files on disk.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { openSession, readText, waitFor, workspaceUri, writeText } from '../helpers';

describe('project', () => {
  before(async () => {
    await vscode.workspace.getConfiguration('reflexiveQda').update('coder', 'it', vscode.ConfigurationTarget.Global);
  });

  it('opens the sample study with its codes, transcripts and memos', async () => {
    const { project } = await openSession();
    assert.ok(project.codebook.codes.length >= 10, `codes: ${project.codebook.codes.length}`);
    assert.ok(project.sources.includes('transcripts/s01.transcript'), project.sources.join(', '));
    assert.ok(project.memos.size >= 3);
    assert.deepStrictEqual(
      project.problems.filter((p) => p.severity === 'error'),
      [],
    );
  });

  it('shows a diagnostic at the exact line and column for a broken file, and clears it when fixed', async function () {
    this.timeout(30000);
    const session = await openSession();
    const uri = workspaceUri('qda', 'codebook.yaml');
    const original = await readText(uri);
    const broken = original.replace(/^ {2}- id: (\S+)\n {4}name: /m, '  - id: $1\n    name: [not, a, name]\n    label: ');
    assert.notStrictEqual(broken, original);
    await writeText(uri, broken);
    const diags = await waitFor('a diagnostic on codebook.yaml', () => {
      const d = vscode.languages.getDiagnostics(uri).filter((x) => x.source === 'Reflexive QDA');
      return d.length ? d : undefined;
    });
    const expectedLine = broken.split('\n').findIndex((l) => l.includes('[not, a, name]'));
    assert.strictEqual(diags[0].range.start.line, expectedLine);
    assert.strictEqual(diags[0].range.start.character, '    name: '.length);
    assert.match(diags[0].message, /codes\[0\]\.name/);
    assert.strictEqual(diags[0].severity, vscode.DiagnosticSeverity.Error);
    // The project refuses to write over the broken file.
    await vscode.commands.executeCommand('reflexiveQda.newCode', { name: 'Should not be written' });
    assert.strictEqual(await readText(uri), broken, 'an invalid file is never overwritten');
    await writeText(uri, original);
    await waitFor('the diagnostic to clear', () => vscode.languages.getDiagnostics(uri).length === 0);
    await session.settle();
    assert.ok(session.project.valid);
  });

  it('refuses to initialize a project over an existing one, and writes nothing', async () => {
    const folder = vscode.workspace.workspaceFolders![0];
    const before = await readText(workspaceUri('qda', 'project.yaml'));
    const made = await vscode.commands.executeCommand('reflexiveQda.initializeProject', {
      folder: folder.uri,
      title: 'Other',
      sources: ['x/*.txt'],
    });
    assert.strictEqual(made, undefined, 'the command reports the existing project instead');
    assert.strictEqual(await readText(workspaceUri('qda', 'project.yaml')), before);
  });

  it('adds a code with the New Code command and writes it to qda/codebook.yaml', async () => {
    const session = await openSession();
    const code = await vscode.commands.executeCommand<{ id: string }>('reflexiveQda.newCode', {
      name: 'Hope for the future',
      parent: 'thriving',
    });
    assert.strictEqual(code?.id, 'hope-for-the-future');
    const text = await readText(workspaceUri('qda', 'codebook.yaml'));
    assert.match(text, / {2}- id: hope-for-the-future\n {4}name: Hope for the future\n {4}parent: thriving\n/);
    assert.ok(session.project.codebook.codes.some((c) => c.id === 'hope-for-the-future'));
  });

  it('codes the selection in a transcript and writes the coding with its anchor', async () => {
    const session = await openSession();
    const doc = await vscode.workspace.openTextDocument(workspaceUri('transcripts', 's04.transcript'));
    const editor = await vscode.window.showTextDocument(doc);
    const quote = 'Not thinking about money for a whole day.';
    const at = doc.getText().indexOf(quote);
    assert.ok(at > 0);
    editor.selection = new vscode.Selection(doc.positionAt(at), doc.positionAt(at + quote.length));
    const n = await vscode.commands.executeCommand<number>('reflexiveQda.codeSelection', { codes: ['space-of-own'] });
    assert.strictEqual(n, 1);
    const yaml = await readText(workspaceUri('qda', 'codings', 'transcripts', 's04.transcript.yaml'));
    assert.match(yaml, new RegExp(`    code: space-of-own\\n    start: ${at}\\n    end: ${at + quote.length}\\n    text: ${quote}\\n`));
    assert.match(yaml, /coder: it\n/);
    const coding = session.project.codings.get('transcripts/s04.transcript')?.codings.find((c) => c.code === 'space-of-own');
    assert.ok(coding);
  });

  it('picks up an edit made outside VS Code (the CLI, git) without a reload', async () => {
    const session = await openSession();
    const uri = workspaceUri('qda', 'participants.yaml');
    const original = await readText(uri);
    await writeText(uri, original.replace('id: s04', 'id: s04b'));
    await waitFor('the participant change', () => session.project.participants?.participants.some((p) => p.id === 's04b'));
    await writeText(uri, original);
    await waitFor('the participant change back', () => session.project.participants?.participants.some((p) => p.id === 's04'));
  });
});
