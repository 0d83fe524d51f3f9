/**
 * REFI-QDA project exchange in VS Code: Export Project (REFI-QDA .qdpx)… and
 * Import REFI-QDA Project…, the plan shown in an editor before anything is
 * written. The import works in a folder with no project too: it creates one.
 */
import * as vscode from 'vscode';
import { ProjectError } from '../../core/project';
import { randomIds, systemClock } from '../../core/ports';
import {
  applyQdpxImport,
  exportQdpx,
  formatQdpxPlan,
  planQdpxImport,
  planSummary,
  readQdpx,
  type QdpxExport,
  type QdpxPlan,
} from '../../core/refi';
import type { CommandTable } from '../commands';
import { checkExportTarget, writeExport } from '../exportTarget';
import { requireSession, type Host } from '../host';
import { Commands } from '../ids';

/** A .qdpx is read into memory (its media files are never inflated); past this it is refused. */
const MAX_QDPX_BYTES = 1024 * 2 ** 20;

export interface ExportQdpxArgs {
  uri?: vscode.Uri;
}

export interface ImportQdpxArgs {
  uri?: vscode.Uri;
  /** The workspace folder to import into (default: the project's, else the only folder, else asked). */
  folder?: vscode.Uri;
  /** true: import without asking; false: only return the plan. */
  apply?: boolean;
}

/** Registers the two commands. */
export function registerRefi(host: Host): void {
  host.registerCommands(REFI_COMMANDS, host);
}

const REFI_COMMANDS: CommandTable<Host> = {
  [Commands.exportQdpx]: (host, args?: ExportQdpxArgs) => exportQdpxCommand(host, args instanceof vscode.Uri ? { uri: args } : args),
  [Commands.importQdpx]: (host, args?: ImportQdpxArgs) => importQdpxCommand(host, args instanceof vscode.Uri ? { uri: args } : args),
};

/** Reflexive QDA: Export Project (REFI-QDA .qdpx)…. Returns what was written. */
export async function exportQdpxCommand(
  host: Pick<Host, 'session' | 'log'>,
  args?: ExportQdpxArgs,
): Promise<(QdpxExport & { uri: vscode.Uri }) | undefined> {
  const session = requireSession(host);
  const project = session.project;
  let uri = args?.uri;
  if (!uri) {
    const name =
      (project.config.title ?? session.folder.name)
        .replace(/[^\p{L}\p{N} _.-]+/gu, ' ')
        .trim()
        .slice(0, 60) || 'project';
    uri = await vscode.window.showSaveDialog({
      title: 'Export Project (REFI-QDA .qdpx): the full transcripts, memos and participant attributes, not pseudonymised',
      defaultUri: session.files.uri(`${name}.qdpx`),
      filters: { 'REFI-QDA project': ['qdpx'] },
      saveLabel: 'Export',
    });
    if (!uri) return undefined;
  }
  await checkExportTarget(session, uri);
  const result = await exportQdpx(project);
  await writeExport(session, uri, result.bytes);
  for (const line of result.skipped) host.log.warn(`export: ${line}`);
  const c = result.counts;
  const said = `Exported ${c.sources} transcripts, ${c.codes} codes, ${c.codings} codings, ${c.memos} memos and ${c.cases} participants to ${vscode.workspace.asRelativePath(uri)}. It holds the full transcripts, not pseudonymised.`;
  if (!args) {
    if (result.skipped.length) {
      void vscode.window
        .showWarningMessage(`${said} ${result.skipped.length} item(s) could not be exported: see the log.`, 'Show Log')
        .then((a) => a && host.log.show());
    } else void vscode.window.showInformationMessage(said);
  }
  return { ...result, uri };
}

/**
 * Reflexive QDA: Import REFI-QDA Project…. Reads the file, shows the plan in an
 * editor and asks before writing; into the open project, or a new one in a
 * folder that has none (which is then opened). Returns the plan (applied or not).
 */
export async function importQdpxCommand(
  host: Pick<Host, 'session' | 'log' | 'openProject' | 'platform'>,
  args?: ImportQdpxArgs,
): Promise<QdpxPlan | undefined> {
  const session = host.session();
  const folder = session?.folder ?? (await targetFolder(args?.folder));
  if (!folder) return undefined;
  let uri = args?.uri;
  if (!uri) {
    const picked = await vscode.window.showOpenDialog({
      title: 'Import REFI-QDA Project',
      filters: { 'REFI-QDA project': ['qdpx', 'qde'] },
      canSelectMany: false,
      openLabel: 'Read Plan',
    });
    uri = picked?.[0];
    if (!uri) return undefined;
  }
  const name = uri.path.split('/').pop() ?? uri.path;
  const size = (await vscode.workspace.fs.stat(uri)).size;
  if (size > MAX_QDPX_BYTES)
    throw new ProjectError(
      `${name} is ${Math.round(size / 2 ** 20)} MB, more than the ${MAX_QDPX_BYTES / 2 ** 20} MB a .qdpx may be here: export it from the other tool without audio and video`,
    );
  const read = await readQdpx(await vscode.workspace.fs.readFile(uri));
  for (const w of read.warnings) host.log.warn(`${name}/${w.file ?? 'project.qde'}:${w.line}:${w.column}: ${w.message}`);
  if (!read.ok) throw new ProjectError(`${name}: ${read.refused ?? 'nothing could be read'}; nothing was imported`);

  const files = session?.files ?? host.platform.files(folder.uri);
  const ports = session?.project.ports ?? { files, clock: systemClock, ids: randomIds };
  if (!session && (await files.stat('qda/project.yaml')))
    throw new ProjectError(`${folder.name} has a project that is not open: reload the window, then import into it`);
  const plan = await planQdpxImport(read, { project: session?.project, files, ids: ports.ids, now: ports.clock.now() });
  if (args?.apply === false) return plan;
  if (args?.apply !== true) {
    const doc = await vscode.workspace.openTextDocument({ content: `${formatQdpxPlan(plan, name).join('\n')}\n`, language: 'plaintext' });
    await vscode.window.showTextDocument(doc, { preview: true });
    // A quick pick, not a modal dialog: it stays open (ignoreFocusOut) while the researcher scrolls the plan.
    const where = plan.newProject ? `into a new project in ${folder.name}` : 'into this project';
    const pick = await vscode.window.showQuickPick(
      [
        {
          label: 'Import',
          description: planSummary(plan),
          detail: `${plan.notImported.length ? `${plan.notImported.length} part(s) cannot be imported; ` : ''}${plan.warnings.length ? `${plan.warnings.length} warning(s); ` : ''}the plan is open in the editor. Nothing is written over.`,
          go: true,
        },
        { label: 'Cancel', description: 'write nothing', go: false },
      ],
      { title: `Import ${name} ${where}?`, ignoreFocusOut: true },
    );
    const go = pick?.go ? 'Import' : undefined;
    if (go !== 'Import') return undefined;
  }
  const applied = await applyQdpxImport(read, { project: session?.project, ports });
  host.log.info(`imported ${name}: ${planSummary(applied.plan, true)}; ${applied.written.length} files written`);
  if (!session) await host.openProject(folder);
  if (args?.apply === undefined) void vscode.window.showInformationMessage(`Imported ${name}: ${planSummary(applied.plan, true)}.`);
  return applied.plan;
}

/** The workspace folder for a new project: the one given, the only one, or the one picked. */
async function targetFolder(uri?: vscode.Uri): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (!folders.length) throw new ProjectError('Open a folder first: the imported project lives in it, next to its transcripts.');
  if (uri) return vscode.workspace.getWorkspaceFolder(uri);
  return folders.length === 1
    ? folders[0]
    : vscode.window.showWorkspaceFolderPick({ placeHolder: 'Import the REFI-QDA project into which folder?' });
}
