/**
 * The browser build's features bundle (dist/web/main.js): the shared features of
 * src/main.ts on the web platform (every file through `vscode.workspace.fs`, no
 * lock file, no child processes). The activation shim (src/web/extension.ts)
 * loads it right after activation.
 */
import type * as vscode from 'vscode';
import type { CommandSink } from '../vscode/commands';
import { activateFeatures as activateShared, type ReflexiveQdaApi } from '../main';
import { webPlatform } from '../vscode/platform';

/** The features in the browser. */
export function activateFeatures(context: vscode.ExtensionContext, sink: CommandSink): ReflexiveQdaApi {
  return activateShared(context, sink, webPlatform);
}
