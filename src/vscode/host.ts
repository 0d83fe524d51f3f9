import type * as vscode from 'vscode';
import { ProjectError } from '../core/project';
import type { CommandId, CommandTable } from './commands';
import type { Platform } from './platform';
import type { ProjectSession } from './session';

/**
 * What every feature module receives: the current project session (if any), an
 * event when it opens or closes, the log, and the extension context. Features
 * register with `registerX(host)` and put everything they create in
 * `host.context.subscriptions` or a per-session disposable.
 */
export interface Host {
  readonly context: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  /** The extension host this runs in (desktop or browser): file access and what cannot work here. */
  readonly platform: Platform;
  /** The open project, once loaded. */
  session(): ProjectSession | undefined;
  /** Fires after a project opens (the new session) or closes (undefined). */
  readonly onDidChangeSession: vscode.Event<ProjectSession | undefined>;
  /** Opens (or reopens) the project in `folder`, or the first folder holding qda/project.yaml. */
  openProject(folder?: vscode.WorkspaceFolder): Promise<ProjectSession | undefined>;
  /** Registers a command through the shared wrapper (logs, shows errors). */
  registerCommand(id: CommandId, run: (...args: never[]) => unknown): void;
  /** Registers a feature's command table, each command called with `ctx` first. */
  registerCommands<C>(table: CommandTable<C>, ctx: C): void;
}

/** The session, or a clear message when no project is open. */
export function requireSession(host: Pick<Host, 'session'>): ProjectSession {
  const s = host.session();
  if (!s) throw new ProjectError('No Reflexive QDA project is open. Run "Reflexive QDA: Initialize Project" first.');
  return s;
}
