// Runs in VS Code's web worker extension host (test/web/index.ts), with only the browser build of
// the extension loaded (package.json without `main`) and a copy of sample/ open. First it proves
// where it runs, then the browser build does what a co-researcher does in github.dev: the sample
// opens, its themes show in the Codes tree, a transcript is highlighted, and a passage is coded
// through the code picker by keyboard and written to qda/codings/... through vscode.workspace.fs.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ActivationApi } from '../../../src/extension';
import { ensurePseudonymMap, EXTENSION_ID, features, openSession, readText, waitFor, workspaceUri } from '../../integration/helpers';
import { ui } from '../../integration/ui';
import type { WebHostProbe } from '../index';

function select(editor: vscode.TextEditor, quote: string): void {
  const at = editor.document.getText().indexOf(quote);
  assert.ok(at >= 0, `"${quote}" in ${editor.document.fileName}`);
  editor.selection = new vscode.Selection(editor.document.positionAt(at), editor.document.positionAt(at + quote.length));
  editor.revealRange(editor.selection, vscode.TextEditorRevealType.InCenter);
}

describe('the browser build in the web worker extension host', () => {
  it('runs in a web worker: uiKind Web, no process, no window', () => {
    assert.strictEqual(vscode.env.uiKind, vscode.UIKind.Web);
    const probe = (globalThis as { __qdaWebHostProbe?: WebHostProbe }).__qdaWebHostProbe;
    assert.ok(probe, 'the web-host runner recorded the worker before loading mocha');
    assert.strictEqual(probe.processType, 'undefined', 'a web worker has no Node process object');
    assert.strictEqual(probe.hasWindow, false, 'a web worker has no window');
  });

  it('loaded the extension from its browser entry alone, on the web platform', async function () {
    this.timeout(90000);
    const ext = vscode.extensions.getExtension<ActivationApi>(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is loaded`);
    const pkg = ext.packageJSON as { main?: string; browser?: string };
    assert.strictEqual(pkg.main, undefined, 'the test copy has no Node entry');
    assert.strictEqual(pkg.browser, './dist/web/extension.js');
    // activation starts by itself from workspaceContains:qda/project.yaml (a file search through the
    // remote host: slow on a loaded machine, hence the long wait)
    await waitFor('the extension to activate by itself', () => ext.isActive || undefined, 60000);
    const api = await ext.activate();
    const loaded = await api.loaded;
    // activation evaluated the shim alone; the features bundle (dist/web/main.js) was read and evaluated
    // after it, in this same worker (each bundle stamps the worker's clock as it starts to evaluate)
    const stamps = globalThis as { __qdaLoadStart?: number; __qdaMainStart?: number };
    assert.ok(stamps.__qdaLoadStart !== undefined, 'the shim ran');
    assert.ok(stamps.__qdaMainStart !== undefined, 'the features bundle ran');
    assert.ok(stamps.__qdaMainStart > stamps.__qdaLoadStart + api.activationMs, 'the features bundle ran after activation');
    assert.ok(api.featuresLoadedAt !== undefined && api.featuresLoadedAt > stamps.__qdaMainStart, 'and loaded the features');
    assert.strictEqual(loaded.host.platform.kind, 'web');
    assert.deepStrictEqual([...loaded.unhandledCommands], [], 'every contributed command has a handler in the browser build');
    assert.ok(
      loaded.host.platform.limits.some((l) => /merge driver/.test(l)),
      'the git merge driver is said to need a desktop',
    );
    assert.ok(
      loaded.host.platform.limits.some((l) => /qda command-line tool/.test(l)),
      'the qda CLI is said to need a desktop',
    );
  });

  it('opens the sample project through vscode.workspace.fs, valid', async function () {
    this.timeout(60000);
    const session = await openSession();
    const p = session.project;
    assert.strictEqual(p.config.title, 'Sample study: getting by and doing well on a low income');
    // counted from the files themselves (through VS Code's file search and raw text), not from the model
    const transcripts = await vscode.workspace.findFiles('transcripts/**/*.{transcript,txt,vtt}');
    assert.ok(transcripts.length >= 4, 'the sample has transcripts');
    assert.strictEqual(p.sources.length, transcripts.length, 'every transcript is a source');
    assert.strictEqual(p.codebook.codes.length, (await readText(workspaceUri('qda', 'codebook.yaml'))).match(/^ {2}- id: /gm)?.length);
    let codingsOnDisk = 0;
    for (const f of await vscode.workspace.findFiles('qda/codings/**/*.yaml'))
      codingsOnDisk += (await readText(f)).match(/^ {2}- id: /gm)?.length ?? 0;
    assert.ok(codingsOnDisk > 0);
    assert.strictEqual(
      [...p.codings.values()].reduce((n, f) => n + f.codings.length, 0),
      codingsOnDisk,
    );
    assert.deepStrictEqual(
      p.problems.filter((x) => x.severity === 'error'),
      [],
    );
    // what the researcher sees: the status bar says the project is loaded and valid
    const item = await ui.statusBar.waitFor(/QDA/, { id: /reflexiveQda\.project$/ });
    assert.match(item.label, /is loaded and valid/);
  });

  it("shows the sample's themes in the Codes tree", async function () {
    this.timeout(60000);
    await openSession();
    const view = ui.view('Codes', 'QDA');
    await view.reveal();
    // the four codes without a parent in sample/qda/codebook.yaml, each a top-level row: with every
    // theme collapsed, they are the whole tree (and all on screen: the list is virtualised)
    await view.action(/^Collapse All/);
    const themes = await waitFor('the four themes, collapsed', async () => {
      const rows = (await view.state()).rows ?? [];
      if (rows.length === 4) return rows;
      // Collapse All clicked before the tree had drawn its rows collapses nothing, and the first theme then
      // opens as on any first open: a person clicks it again.
      if (rows.length > 4) await view.action(/^Collapse All/);
      return undefined;
    });
    // (the tree sorts by name)
    assert.deepStrictEqual(
      themes.map((r) => [r.label, r.level, r.expanded]),
      [
        ['Doing well', 1, false],
        ['Feelings about money', 1, false],
        ['Getting by', 1, false],
        ['Systems and services', 1, false],
      ],
    );
    // a code under a theme is not at the top level
    await view.expand('Getting by');
    assert.strictEqual((await view.waitForRow('Juggling bills')).level, 2);
  });

  it('highlights the coded passages of an open transcript', async function () {
    this.timeout(60000);
    const f = (await features()).coding;
    const editor = await vscode.window.showTextDocument(
      await vscode.workspace.openTextDocument(workspaceUri('transcripts', 's02.transcript')),
    );
    assert.strictEqual(editor.document.languageId, 'transcript');
    // as many highlights as qda/codings/transcripts/s02.transcript.yaml holds codings
    const onDisk =
      (await readText(workspaceUri('qda', 'codings', 'transcripts', 's02.transcript.yaml'))).match(/^ {2}- id: /gm)?.length ?? 0;
    assert.ok(onDisk > 0);
    const n = await waitFor('highlights in s02', () => f.highlights.rendered.get(editor.document.uri.toString()) || undefined);
    assert.strictEqual(n, onDisk);
  });

  it('codes a passage through the code picker (Ctrl+Alt+C, type, Enter) and writes it to qda/codings', async function () {
    this.timeout(180000); // a dozen UI steps: slow when the machine is shared
    await openSession();
    await vscode.workspace.getConfiguration('reflexiveQda').update('coder', 'web', vscode.ConfigurationTarget.Global);
    const quote = 'I work nights in the warehouse, so my week is upside down.';
    const s04Before =
      (await readText(workspaceUri('qda', 'codings', 'transcripts', 's04.transcript.yaml'))).match(/^ {2}- id: /gm)?.length ?? 0;
    await ui.quickOpen('s04.transcript');
    const editor = await waitFor('s04 in the active editor', () =>
      vscode.window.activeTextEditor?.document.uri.path.endsWith('/s04.transcript') ? vscode.window.activeTextEditor : undefined,
    );
    select(editor, quote);
    const { line, character } = editor.selection.active;
    await ui.statusBar.waitFor(`Ln ${line + 1}, Col ${character + 1} (${quote.length} selected)`, { id: 'status.editor.selection' });
    await ui.press('Control+Alt+C');
    await ui.quickInput.wait({ title: /^Code “I work nights/ });
    await ui.quickInput.type('jugg');
    await ui.quickInput.waitForRow('Juggling bills', { active: true });
    await ui.quickInput.press('Enter');
    await ui.statusBar.waitFor('Coded 1 passage as “Juggling bills”', { id: 'status.extensionMessage' });
    const file = workspaceUri('qda', 'codings', 'transcripts', 's04.transcript.yaml');
    const yaml = await waitFor('the coding in s04.transcript.yaml', async () => {
      const text = await readText(file);
      return text.includes(`text: ${quote}`) ? text : undefined;
    });
    const entry = yaml.split('\n  - ').find((e) => e.includes(`text: ${quote}`))!;
    assert.match(entry, /code: juggling-bills\n/);
    assert.match(entry, /coder: web\n/);
    // the sample's codings of s04 are still there, untouched, and one more
    assert.strictEqual((yaml.match(/^ {2}- id: /gm) ?? []).length, s04Before + 1);
    assert.match(await ui.hover('warehouse'), /Juggling bills/);
    await ui.press('Escape');
  });

  it('says this browser cannot open the review pack from the project, and offers Download or Reveal in Explorer', async function () {
    this.timeout(120000);
    await openSession();
    await ensurePseudonymMap();
    await vscode.commands.executeCommand('reflexiveQda.prepareReview', { round: 'web', examples: 1 });
    await ui.notifications.clear();
    await ui.runCommand('Reflexive QDA: Open Review Pack in Browser');
    const message = /^This browser window cannot open the review pack \(qda\/reviews\/web\/pack\.html\)/;
    const shown = await ui.notifications.waitFor(message);
    assert.deepStrictEqual(shown.buttons, ['Download', 'Reveal in Explorer']);
    await ui.notifications.clickButton(message, 'Reveal in Explorer');
    const folder = vscode.workspace.workspaceFolders![0].name;
    await waitFor(
      'pack.html selected in the Explorer',
      async () => (await ui.view(folder).waitForRow('pack.html')).selected || undefined,
      30000,
    );
  });
});
