/**
 * The browser entry (package.json `browser`: vscode.dev, github.dev, code-server's
 * web worker host). One bundle, built by esbuild for the browser with no Node
 * built-in in it: the same features as the desktop over `vscode.workspace.fs`,
 * with no lock file and no child processes (src/vscode/platform.ts says what
 * cannot work here).
 */
import type * as vscode from 'vscode';
import { activateFeatures } from '../main';
import { webPlatform } from '../vscode/platform';
import { activateShim, type ActivationApi } from '../vscode/shim';

/** How long this bundle took to evaluate (from the banner esbuild puts first in it). */
const started = (globalThis as { __qdaLoadStart?: number }).__qdaLoadStart;
const moduleMs = started === undefined ? 0 : performance.now() - started;

export function activate(context: vscode.ExtensionContext): ActivationApi {
  return activateShim(context, (sink) => activateFeatures(context, sink, webPlatform), moduleMs);
}

export function deactivate(): void {}
