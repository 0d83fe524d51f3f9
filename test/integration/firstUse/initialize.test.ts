// First use, in a real VS Code: a folder of transcripts with no project yet. The
// researcher initialises a project, creates a code and codes a passage.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, readText, waitFor, workspaceUri } from '../helpers';
import { ui } from '../ui';

describe('first use', () => {
  it('does not start a project in a folder without one', async () => {
    await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(workspaceUri('qda', 'project.yaml'))));
  });

  it('says so in the Codes view, once it has looked, and offers to initialize or import one', async function () {
    this.timeout(60000);
    const codes = ui.view('Codes', 'QDA');
    await codes.reveal();
    // (while the extension is still looking, the view says "Opening the project…", never "no project")
    const state = await waitFor('the welcome text', async () => {
      const s = await codes.state();
      return s.message?.startsWith('No Reflexive QDA project is open in this folder.') ? s : undefined;
    });
    assert.match(state.message!, /Initialize Project[\s\S]*Import REFI-QDA Project/);
  });

  it('initializes a project: project.yaml, an empty codebook and qda/.gitignore', async () => {
    await vscode.workspace.getConfiguration('reflexiveQda').update('coder', 'fu', vscode.ConfigurationTarget.Global);
    const folder = vscode.workspace.workspaceFolders![0];
    const made = await vscode.commands.executeCommand<boolean>('reflexiveQda.initializeProject', {
      folder: folder.uri,
      title: 'My new study',
      sources: ['transcripts/**/*.transcript'],
    });
    assert.strictEqual(made, true);
    assert.match(
      await readText(workspaceUri('qda', 'project.yaml')),
      /^format: 1\ntitle: My new study\nsources:\n {2}- transcripts\/\*\*\/\*\.transcript\n/,
    );
    assert.strictEqual(await readText(workspaceUri('qda', 'codebook.yaml')), 'codes: []\n');
    assert.match(await readText(workspaceUri('qda', '.gitignore')), /^private\/$/m);
    const api = vscode.extensions.getExtension(EXTENSION_ID)!.exports as { session(): { project: { sources: string[] } } | undefined };
    const session = await waitFor('the new project to open', () => api.session());
    assert.deepStrictEqual(session.project.sources, ['transcripts/first.transcript']);
  });

  it('shows what to do next in the empty Codes view, with buttons', async function () {
    this.timeout(60000);
    const codes = ui.view('Codes', 'QDA');
    await codes.reveal();
    const state = await waitFor('the welcome text', async () => {
      const s = await codes.state();
      return s.message?.startsWith('Your project is ready.') ? s : undefined;
    });
    assert.match(
      state.message!,
      /New Code[\s\S]*press Ctrl\+Alt\+C[\s\S]*Import a Codebook \(REFI-QDA \.qdc\)[\s\S]*Open the Get Started Walkthrough/,
    );
  });

  it('creates a code and codes a passage in the new project', async () => {
    const code = await vscode.commands.executeCommand<{ id: string }>('reflexiveQda.newCode', { name: 'Getting by' });
    assert.strictEqual(code?.id, 'getting-by');
    await ui.view('Codes', 'QDA').waitForRow('Getting by'); // the tree replaces the welcome
    const doc = await vscode.workspace.openTextDocument(workspaceUri('transcripts', 'first.transcript'));
    const editor = await vscode.window.showTextDocument(doc);
    const quote = 'we manage, just about';
    const at = doc.getText().indexOf(quote);
    editor.selection = new vscode.Selection(doc.positionAt(at), doc.positionAt(at + quote.length));
    assert.strictEqual(await vscode.commands.executeCommand('reflexiveQda.codeSelection', { codes: ['getting-by'] }), 1);
    const yaml = await readText(workspaceUri('qda', 'codings', 'transcripts', 'first.transcript.yaml'));
    assert.match(
      yaml,
      new RegExp(
        `^source: transcripts/first\\.transcript\\ncodings:\\n  - id: \\w+\\n    code: getting-by\\n    start: ${at}\\n    end: ${at + quote.length}\\n    text: ${quote}\\n`,
      ),
    );
  });
});
