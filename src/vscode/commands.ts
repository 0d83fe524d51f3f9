import * as vscode from 'vscode';
import { ProjectError } from '../core/project';
import type { Commands } from './ids';

/** A contributed command's id. */
export type CommandId = (typeof Commands)[keyof typeof Commands];

/**
 * A feature's commands as a table: one function per command, each taking the
 * feature's context first, then the command's arguments. Each can be read, and
 * called from a test, on its own.
 */
export type CommandTable<C> = Partial<Record<CommandId, (ctx: C, ...args: never[]) => unknown>>;

/** Where handlers go when the activation shim has registered stubs for the contributed commands. */
export interface CommandSink {
  /** The command ids the shim registered stubs for. */
  stubbed: ReadonlySet<string>;
  handlers: Map<string, (...args: unknown[]) => unknown>;
}
const sinks = new WeakMap<vscode.ExtensionContext, CommandSink>();

/**
 * Commands of this context go to `sink` instead of vscode.commands: the small
 * bundle loaded at activation has already registered every contributed command
 * as a stub that waits for the features to load, then calls the handler here.
 */
export function routeCommands(context: vscode.ExtensionContext, sink: CommandSink): void {
  sinks.set(context, sink);
}

/**
 * Registers a command through the one wrapper every command uses: failures are
 * logged with their stack and shown to the user as a message, never swallowed.
 * A ProjectError is the user's to fix (shown as a warning); anything else is ours.
 */
export function registerCommand(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
  id: CommandId,
  run: (...args: never[]) => unknown,
): void {
  const handler = async (...args: unknown[]) => {
    try {
      // The arguments are whatever the caller passed: each command checks what it uses.
      return await (run as (...a: unknown[]) => unknown)(...args);
    } catch (e) {
      if (e instanceof ProjectError) {
        log.warn(`${id}: ${e.message}`);
        void vscode.window.showWarningMessage(e.message);
      } else {
        log.error(`${id} failed`, e instanceof Error ? e : String(e));
        void vscode.window
          .showErrorMessage(`Reflexive QDA: ${e instanceof Error ? e.message : String(e)} (see the Reflexive QDA log)`, 'Show Log')
          .then((a) => {
            if (a) log.show();
          });
      }
      return undefined;
    }
  };
  const sink = sinks.get(context);
  if (sink?.stubbed.has(id)) {
    if (sink.handlers.has(id)) throw new Error(`[reflexive-qda] command ${id} registered twice`);
    sink.handlers.set(id, handler);
  } else context.subscriptions.push(vscode.commands.registerCommand(id, handler));
}
