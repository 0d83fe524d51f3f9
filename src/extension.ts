import * as vscode from 'vscode';
import { registerCommand } from './vscode/commands';
import { Commands } from './vscode/ids';
import { codeSelection, initializeProject, newCode, type CommandHost } from './vscode/projectCommands';
import { ProjectSession } from './vscode/session';
import { ProjectStatusBar } from './vscode/statusBar';

/** What the extension exports: used by integration tests and by other extensions. */
export interface ReflexiveQdaApi {
  /** The open project's session, once loaded. */
  session(): ProjectSession | undefined;
  /** Resolves when the project (if any) has been opened after activation. */
  ready: Promise<ProjectSession | undefined>;
}

export function activate(context: vscode.ExtensionContext): ReflexiveQdaApi {
  const log = vscode.window.createOutputChannel('Reflexive QDA', { log: true });
  const statusBar = new ProjectStatusBar();
  context.subscriptions.push(log, statusBar);
  let current: ProjectSession | undefined;

  const openProject = async (folder?: vscode.WorkspaceFolder): Promise<ProjectSession | undefined> => {
    const target = folder ?? (await findProjectFolder());
    current?.dispose();
    current = undefined;
    void vscode.commands.executeCommand('setContext', 'reflexiveQda.projectOpen', false);
    if (!target) return undefined;
    statusBar.show(undefined, 'loading');
    try {
      current = await ProjectSession.open(target, log);
      statusBar.show(current.project);
      void vscode.commands.executeCommand('setContext', 'reflexiveQda.projectOpen', true);
    } catch (e) {
      log.error(`could not open the project in ${target.name}`, e instanceof Error ? e : String(e));
      statusBar.show(undefined, 'failed');
    }
    return current;
  };
  context.subscriptions.push({ dispose: () => current?.dispose() });

  const host: CommandHost = { session: () => current, openProject };
  registerCommand(context, log, Commands.initializeProject, (args) => initializeProject(host, args));
  registerCommand(context, log, Commands.reloadProject, () => openProject(current?.folder));
  registerCommand(context, log, Commands.showLog, () => log.show());
  registerCommand(context, log, Commands.newCode, (args) => newCode(host, args));
  registerCommand(context, log, Commands.codeSelection, (args) => codeSelection(host, args));

  // Opening the project never blocks activation.
  const ready = openProject();
  return { session: () => current, ready };
}

/** The first workspace folder holding qda/project.yaml. */
async function findProjectFolder(): Promise<vscode.WorkspaceFolder | undefined> {
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    try {
      await vscode.workspace.fs.stat(vscode.Uri.joinPath(folder.uri, 'qda', 'project.yaml'));
      return folder;
    } catch {
      // not this one
    }
  }
  return undefined;
}

export function deactivate(): void {}
