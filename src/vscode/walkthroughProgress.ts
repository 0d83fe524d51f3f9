import * as vscode from 'vscode';
import type { Project } from '../core/project';
import type { Host } from './host';
import { ContextKeys } from './ids';

/** What the project holds that the Get Started walkthrough's steps wait for, as context keys. */
function holdings(project: Project | undefined): Record<string, boolean> {
  return {
    [ContextKeys.hasSources]: !!project?.sources.length,
    [ContextKeys.hasCodings]: !!project && [...project.codings.values()].some((f) => f.codings.length > 0),
    [ContextKeys.hasMemos]: !!project?.memos.size,
  };
}

/**
 * Keeps the context keys of the Get Started walkthrough in step with the project, so a step
 * is ticked once it is done however it was done (a transcript added in the Explorer, a code
 * made from the code picker). package.json waits for each key together with the walkthrough
 * being the active editor: VS Code never ticks a step whose condition already held when the
 * walkthrough was registered (an open project at start-up), but it does when the page opens.
 */
export function registerWalkthroughProgress(host: Host): void {
  const shown = new Map<string, boolean>();
  let sub: vscode.Disposable | undefined;
  const update = () => {
    for (const [key, value] of Object.entries(holdings(host.session()?.project))) {
      if (shown.get(key) === value) continue;
      shown.set(key, value);
      void vscode.commands.executeCommand('setContext', key, value);
    }
  };
  const attach = () => {
    sub?.dispose();
    sub = host.session()?.project.onDidChange(update);
    update();
  };
  host.context.subscriptions.push(host.onDidChangeSession(attach), { dispose: () => sub?.dispose() });
  attach();
}
