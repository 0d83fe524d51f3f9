// Runs inside the extension host of a real VS Code (see test/integration/index.ts), with a copy of
// sample/ (or a minimal study) open as the workspace.
import * as assert from 'assert';
import * as vscode from 'vscode';

const EXTENSION_ID = 'reflexive-qda.reflexive-qda';

describe('activation', () => {
  it('opens a workspace that contains qda/project.yaml', async () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.strictEqual(folders.length, 1, 'exactly one workspace folder');
    const project = vscode.Uri.joinPath(folders[0].uri, 'qda', 'project.yaml');
    const stat = await vscode.workspace.fs.stat(project);
    assert.strictEqual(stat.type, vscode.FileType.File);
  });

  it('has the extension installed', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} not found among ${vscode.extensions.all.length} extensions`);
    assert.strictEqual(ext.packageJSON.name, 'reflexive-qda');
  });

  it('activates (workspaceContains:qda/project.yaml)', async function () {
    this.timeout(30000);
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    // activation starts by itself from the activation event; activate() waits for it (or starts it)
    const deadline = Date.now() + 20000;
    while (!ext.isActive && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.ok(ext.isActive, 'the extension did not activate by itself from workspaceContains:qda/project.yaml');
    const api = (await ext.activate()) as { activationMs?: number };
    assert.ok(ext.isActive);
    assert.ok(typeof api.activationMs === 'number' && api.activationMs > 0, 'activation time is measured');
    // For npm run bench (bench/activation.js reads this line); not a timed assertion.
    console.log(`[mocha] [bench] activationMs=${api.activationMs!.toFixed(2)}`);
  });

  it('has a handler for every command it contributes, each registered once', async () => {
    const api = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as {
      loaded: Promise<{ unhandledCommands: readonly string[] }>;
    };
    const loaded = await api.loaded;
    assert.deepStrictEqual([...loaded.unhandledCommands], []);
    const all = await vscode.commands.getCommands(true);
    const ours = all.filter((c) => c.startsWith('reflexiveQda.'));
    assert.deepStrictEqual(
      ours.filter((c, i) => ours.indexOf(c) !== i),
      [],
      'no command registered twice',
    );
  });
});
