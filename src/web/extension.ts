/**
 * The browser entry (package.json `browser`: vscode.dev, github.dev, code-server's
 * web worker host): the activation shim, as small as the desktop's (src/extension.ts).
 * It registers every contributed command as a stub and returns at once; right
 * after activation it evaluates the features bundle (dist/web/main.js, built from
 * src/web/main.ts with no Node built-in in it) as the host evaluated this file
 * (src/web/bundle.ts says how and why).
 */
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../vscode/ids';
import { activateShim, type ActivationApi } from '../vscode/shim';
import { evaluateBundle, readExtensionFile, type HostRequire } from './bundle';

/** How long this bundle took to evaluate (from the banner esbuild puts first in it). */
const started = (globalThis as { __qdaLoadStart?: number }).__qdaLoadStart;
const moduleMs = started === undefined ? 0 : performance.now() - started;

/** The features bundle, beside this one (esbuild.js builds both into dist/web/). */
function featuresUri(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'web', 'main.js');
}

function readFeatures(extensionUri: vscode.Uri): Promise<string> {
  const uri = featuresUri(extensionUri);
  return readExtensionFile(uri, () => vscode.workspace.fs.readFile(uri));
}

/**
 * The features bundle's text, asked for while this module evaluates: VS Code creates the extension's
 * context (its storage, a round trip to the workbench) before it calls activate(), and reading the
 * bundle then, not after, overlaps the two (in code-server the context took seconds on a busy machine,
 * and the read began only after it). Only the read: evaluating waits until after activation.
 */
const extensionUri = vscode.extensions.getExtension(EXTENSION_ID)?.extensionUri;
const prefetched = extensionUri && readFeatures(extensionUri);
// Whoever awaits it sees a failure; until then it is no unhandled rejection.
prefetched?.catch(() => undefined);

export function activate(context: vscode.ExtensionContext): ActivationApi {
  return activateShim(
    context,
    async (sink) => {
      const same = extensionUri?.toString() === context.extensionUri.toString();
      const text = await (same && prefetched ? prefetched : readFeatures(context.extensionUri));
      // This module's own require(), as the host gave it: it resolves 'vscode' for this extension.
      const main = evaluateBundle(
        text,
        featuresUri(context.extensionUri).toString(true),
        require as HostRequire,
      ) as typeof import('./main');
      return main.activateFeatures(context, sink);
    },
    moduleMs,
  );
}

export function deactivate(): void {}
