// The web worker host's figures for `npm run bench` (bench/vscode.js, session "web"): the browser
// build opening the large corpus, as the extension tests of a web-only copy of the extension
// (test/harness/webHost.js). Never part of `npm test`. Measures, on the worker's performance.now()
// clock (which the bundle's banner stamps as __qdaLoadStart when it starts to evaluate):
//   activationMs    the entry's own: evaluating the activation shim plus running activate()
//   featuresStartMs bundle start until the features bundle (dist/web/main.js, read after activation)
//                   starts to evaluate: the read and the compile
//   featuresLoadedMs bundle start until the features have loaded (the shim's featuresLoadedAt)
//   readyMs         bundle start until the project is open (ProjectSession.openedAt)
//   projectOpenMs   Project.open alone (ProjectSession.openMs)
//   treeMs          bundle start until the Codes tree returns its root items (polled: an upper bound)
// Writes them as JSON to web-test.json's `benchOut`, and a mocha-like result to `resultFile`.
import * as vscode from 'vscode';
import type { ActivationApi } from '../../src/extension';

const EXTENSION_ID = 'reflexive-qda.reflexive-qda';

interface Config {
  resultFile?: string;
  benchOut?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function write(root: vscode.Uri, file: string | undefined, value: unknown): Promise<void> {
  if (file) await vscode.workspace.fs.writeFile(root.with({ path: file }), new TextEncoder().encode(JSON.stringify(value)));
}

export async function run(): Promise<void> {
  const ext = vscode.extensions.getExtension<ActivationApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not loaded`);
  const config = JSON.parse(
    new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(ext.extensionUri, 'web-test.json'))),
  ) as Config;
  const errors: string[] = [];
  const result: Record<string, unknown> = { uiKind: vscode.env.uiKind, process: typeof (globalThis as { process?: unknown }).process };
  try {
    for (let i = 0; i < 600 && !ext.isActive; i++) await sleep(100); // workspaceContains activation, by itself
    result.activatedByItself = ext.isActive;
    const api = await ext.activate();
    const loaded = await api.loaded;
    const session = await api.ready;
    const loadStart = (globalThis as { __qdaLoadStart?: number }).__qdaLoadStart;
    const mainStart = (globalThis as { __qdaMainStart?: number }).__qdaMainStart;
    const since = (t: number) => (loadStart === undefined ? undefined : Math.round((t - loadStart) * 10) / 10);
    let treeAt: number | undefined;
    for (let i = 0; i < 6000 && treeAt === undefined; i++) {
      if (loaded.features.coding.codes.tree.getChildren().length > 0) treeAt = performance.now();
      else await sleep(10);
    }
    Object.assign(result, {
      platform: loaded.host.platform.kind,
      activationMs: Math.round(api.activationMs * 1000) / 1000,
      featuresStartMs: mainStart === undefined ? undefined : since(mainStart),
      featuresLoadedMs: api.featuresLoadedAt === undefined ? undefined : since(api.featuresLoadedAt),
      readyMs: session ? since(session.openedAt) : undefined,
      projectOpenMs: session ? Math.round(session.openMs) : undefined,
      treeMs: treeAt === undefined ? undefined : since(treeAt),
      sources: session?.project.sources.length,
      codings: session ? [...session.project.codings.values()].reduce((n, f) => n + f.codings.length, 0) : undefined,
    });
  } catch (e) {
    errors.push(e instanceof Error ? (e.stack ?? e.message) : String(e));
  }
  result.errors = errors;
  await write(ext.extensionUri, config.benchOut, result);
  await write(ext.extensionUri, config.resultFile, {
    passes: errors.length ? 0 : 1,
    failures: errors.length ? 1 : 0,
    pending: 0,
    tests: 1,
    failed: errors,
  });
  if (errors.length) throw new Error(errors[0]);
}
