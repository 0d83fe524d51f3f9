/**
 * The desktop build's features bundle (dist/main.js, loaded by src/extension.ts
 * after activation): the shared features of src/main.ts on the Node platform,
 * whose `file:` folders are read and written by the Node file port (lock file
 * shared with the `qda` CLI, fsync before rename).
 */
import type * as vscode from 'vscode';
import type { CommandSink } from './vscode/commands';
import { activateFeatures as activateShared, type ReflexiveQdaApi } from './main';
import { resolveExportTarget } from './node/exportTarget';
import { NodeFiles, writeFileAtomic } from './node/nodeFiles';
import { servePage, stopServingPages } from './node/pageServer';
import { desktopPlatform } from './vscode/platform';

export type { Features, ReflexiveQdaApi } from './main';

/** The features on the desktop. */
export function activateFeatures(context: vscode.ExtensionContext, sink: CommandSink): ReflexiveQdaApi {
  context.subscriptions.push({ dispose: stopServingPages });
  return activateShared(
    context,
    sink,
    desktopPlatform((root) => new NodeFiles(root), { resolve: resolveExportTarget, write: writeFileAtomic }, servePage),
  );
}
