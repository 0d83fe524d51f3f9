/**
 * The desktop entry (package.json `main`, the Node extension host): deliberately
 * tiny. It registers every contributed command as a stub and returns at once;
 * the features (dist/main.js, built from src/nodeMain.ts: the core, the parsers,
 * the views) load right after activation, off its critical path. The browser
 * entry is src/web/extension.ts.
 */
import type * as vscode from 'vscode';
import { activateShim, type ActivationApi } from './vscode/shim';

export type { ReflexiveQdaApi } from './main';
export type { ActivationApi } from './vscode/shim';

/** How long this module took to evaluate (from the banner esbuild puts first in the bundle). */
const started = (globalThis as { __qdaLoadStart?: number }).__qdaLoadStart;
const moduleMs = started === undefined ? 0 : performance.now() - started;

export function activate(context: vscode.ExtensionContext): ActivationApi {
  return activateShim(
    context,
    (sink) => {
      // Not bundled into this file (esbuild marks it external): it loads after activation.
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after activation on purpose
      const main = require('./main.js') as typeof import('./nodeMain');
      return main.activateFeatures(context, sink);
    },
    moduleMs,
  );
}

export function deactivate(): void {}
