import * as vscode from 'vscode';
import { addCode } from '../core/codes';
import { DEFAULT_SOURCES, initProject, ProjectError } from '../core/project';
import type { Code } from '../core/model';
import { Settings } from './ids';
import { requireSession, type Host } from './host';

/** The commands of the foundation: initialise a project, new code; and the coder id every coding records. */
export type CommandHost = Pick<Host, 'session' | 'openProject' | 'platform'>;

/** Reflexive QDA: Initialize Project. Args (for scripts and tests): { folder?, title?, sources? }. */
export async function initializeProject(
  host: CommandHost,
  args?: { folder?: vscode.Uri; title?: string; sources?: string[] },
): Promise<boolean> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (!folders.length) throw new ProjectError('Open a folder first: the project lives next to your transcripts.');
  const folder = args?.folder
    ? vscode.workspace.getWorkspaceFolder(args.folder)
    : folders.length === 1
      ? folders[0]
      : await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Where should the project live?' });
  if (!folder) return false;
  const files = host.platform.files(folder.uri);
  if (await files.stat('qda/project.yaml')) throw new ProjectError(`${folder.name} already has a project (qda/project.yaml).`);
  const title =
    args?.title ??
    (await vscode.window.showInputBox({
      title: 'Initialize Project (1/2)',
      prompt: 'Title of the study',
      value: folder.name,
      ignoreFocusOut: true,
    }));
  if (title === undefined) return false;
  let sources = args?.sources;
  if (!sources) {
    const dirs = (await vscode.workspace.fs.readDirectory(folder.uri))
      .filter(([n, t]) => t & vscode.FileType.Directory && !n.startsWith('.') && n !== 'qda' && n !== 'node_modules')
      .map(([n]) => n);
    const items = [
      ...dirs.map((d) => ({ label: d, picked: /transcript|interview|data/i.test(d) })),
      { label: 'transcripts', description: 'create this folder', picked: !dirs.length },
    ].filter((i, k, all) => all.findIndex((j) => j.label === i.label) === k);
    const picked = await vscode.window.showQuickPick(items, {
      title: 'Initialize Project (2/2)',
      placeHolder: 'Which folders hold the transcripts?',
      canPickMany: true,
      ignoreFocusOut: true,
    });
    if (!picked) return false;
    const chosen = picked.length ? picked.map((p) => p.label) : ['transcripts'];
    sources = chosen.flatMap((d) => DEFAULT_SOURCES.map((g) => g.replace(/^transcripts\//, `${d}/`)));
  }
  await initProject(files, { title, sources });
  await host.openProject(folder);
  // In the browser, say at once what the team will need a desktop for (git merging by id).
  const limits = host.platform.limits.length ? ` ${host.platform.limits[0]}` : '';
  void vscode.window.showInformationMessage(`Reflexive QDA project "${title}" created in ${folder.name}/qda.${limits}`);
  return true;
}

/** Reflexive QDA: New Code. Args: { name, parent?, definition? } skip the questions. */
export async function newCode(
  host: CommandHost,
  args?: { name?: string; parent?: string; definition?: string } | Code,
): Promise<Code | undefined> {
  const session = requireSession(host);
  // From the Codes tree the argument is the parent code; from scripts, a description.
  const input =
    args && 'status' in args ? { parent: args.id } : (args as { name?: string; parent?: string; definition?: string } | undefined);
  const name =
    input?.name ??
    (await vscode.window.showInputBox({
      title: 'New Code',
      prompt: input?.parent
        ? `Name of the new code under "${session.project.codebook.codes.find((c) => c.id === input.parent)?.name}"`
        : 'Name of the new code',
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : 'A code needs a name'),
    }));
  if (!name) return undefined;
  return session.history.transaction(`New code “${name.trim()}”`, () =>
    addCode(session.project, { name, parent: input?.parent, definition: input?.definition }),
  );
}

/** The coder's id: the setting, else asked once and saved in the user's settings. */
export async function coderId(): Promise<string | undefined> {
  const config = vscode.workspace.getConfiguration();
  const current = config.get<string>(Settings.coder)?.trim();
  if (current) return current;
  const id = await vscode.window.showInputBox({
    title: 'Who is coding?',
    prompt: 'Your coder id (initials), saved in your settings as reflexiveQda.coder and written with each coding',
    ignoreFocusOut: true,
    validateInput: (v) => (/^[\p{L}\p{N}._-]{1,32}$/u.test(v.trim()) ? undefined : 'Letters, digits, ".", "_" or "-", up to 32'),
  });
  if (!id) return undefined;
  await config.update(Settings.coder, id.trim(), vscode.ConfigurationTarget.Global);
  return id.trim();
}
