/**
 * The browser entry (package.json `browser`: vscode.dev, github.dev, code-server's
 * web worker host): the activation shim, as small as the desktop's (src/extension.ts).
 * It registers every contributed command as a stub and returns at once; right
 * after activation it reads the features bundle (dist/web/main.js, built from
 * src/web/main.ts with no Node built-in in it) and evaluates it as the host
 * evaluated this file (src/web/bundle.ts says how and why).
 */
import * as vscode from 'vscode';
import { activateShim, type ActivationApi } from '../vscode/shim';
import { evaluateBundle, readExtensionFile, type HostRequire } from './bundle';

/** How long this bundle took to evaluate (from the banner esbuild puts first in it). */
const started = (globalThis as { __qdaLoadStart?: number }).__qdaLoadStart;
const moduleMs = started === undefined ? 0 : performance.now() - started;

/** The features bundle, beside this one (esbuild.js builds both into dist/web/). */
const FEATURES = ['dist', 'web', 'main.js'];

export function activate(context: vscode.ExtensionContext): ActivationApi {
  return activateShim(
    context,
    async (sink) => {
      const uri = vscode.Uri.joinPath(context.extensionUri, ...FEATURES);
      const text = await readExtensionFile(uri, () => vscode.workspace.fs.readFile(uri));
      // This module's own require(), as the host gave it: it resolves 'vscode' for this extension.
      const main = evaluateBundle(text, uri.toString(true), require as HostRequire) as typeof import('./main');
      return main.activateFeatures(context, sink);
    },
    moduleMs,
  );
}

export function deactivate(): void {}
