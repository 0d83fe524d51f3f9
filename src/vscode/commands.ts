import * as vscode from 'vscode';
import { ProjectError } from '../core/store';

/**
 * Registers a command through the one wrapper every command uses: failures are
 * logged with their stack and shown to the user as a message, never swallowed.
 * A ProjectError is the user's to fix (shown as a warning); anything else is ours.
 */
export function registerCommand(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
  id: string,
  run: (...args: any[]) => unknown,
): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await run(...args);
      } catch (e) {
        if (e instanceof ProjectError) {
          log.warn(`${id}: ${e.message}`);
          void vscode.window.showWarningMessage(e.message);
        } else {
          log.error(`${id} failed`, e instanceof Error ? e : String(e));
          void vscode.window.showErrorMessage(`Reflexive QDA: ${e instanceof Error ? e.message : String(e)} (see the Reflexive QDA log)`, 'Show Log').then((a) => {
            if (a) log.show();
          });
        }
        return undefined;
      }
    }),
  );
}
