/**
 * Export Findings Report… (docs/report.md): asks the format and where to save,
 * writes the report (pseudonymised unless a script says otherwise) and offers
 * to open it: Markdown in an editor, HTML and Word in the program that opens them.
 */
import * as vscode from 'vscode';
import { ProjectError } from '../../core/project';
import { exportReport, isReportFormat, REPORT_FORMATS, reportPseudonyms, type MemoDetail, type ReportFormat } from '../../core/report';
import type { CommandTable } from '../commands';
import { checkExportTarget, writeExport } from '../exportTarget';
import { requireSession, type Host } from '../host';
import { Commands, Settings } from '../ids';
import { pseudonymiserForExport } from '../pseudonyms';

/** What scripts and tests pass to skip the questions. */
export interface ExportReportArgs {
  format?: ReportFormat;
  /** The file to write: a Uri, an absolute path, or a path in the workspace folder. */
  uri?: vscode.Uri | string;
  /** false: project text as written (an explicit choice); default true. */
  pseudonymise?: boolean;
  memos?: MemoDetail;
}

/** Registers the command. */
export function registerReport(host: Host): void {
  host.registerCommands(REPORT_COMMANDS, host);
}

const REPORT_COMMANDS: CommandTable<Host> = {
  [Commands.exportReport]: (host, args?: ExportReportArgs) => exportReportCommand(host, args),
};

const FORMATS: { label: string; detail: string; value: ReportFormat }[] = [
  { label: 'Web page (.html)', detail: 'one self-contained file with the saturation chart; print it or save it as PDF', value: 'html' },
  { label: 'Word (.docx)', detail: 'headings and a Quote style, for the working group to edit', value: 'docx' },
  { label: 'Markdown (.md)', detail: 'for a paper kept in git', value: 'md' },
];

const NAMES: Record<ReportFormat, string> = { html: 'HTML', docx: 'Word', md: 'Markdown' };

/** Reflexive QDA: Export Findings Report…. Returns the file written. */
export async function exportReportCommand(host: Pick<Host, 'session' | 'log'>, args?: ExportReportArgs): Promise<vscode.Uri | undefined> {
  const session = requireSession(host);
  const project = session.project;
  let format = args?.format;
  if (format !== undefined && !isReportFormat(format))
    throw new ProjectError(`unknown report format "${String(format)}": ${REPORT_FORMATS.join(', ')}`);
  if (!format) {
    const pick = await vscode.window.showQuickPick(FORMATS, { title: 'Export Findings Report: which format?' });
    if (!pick) return undefined;
    format = pick.value;
  }
  let uri = typeof args?.uri === 'string' ? toUri(session.folder.uri, args.uri) : args?.uri;
  if (!uri) {
    uri = await vscode.window.showSaveDialog({
      title: 'Export Findings Report',
      defaultUri: session.files.uri(`findings-report.${format}`),
      filters: { [NAMES[format]]: [format] },
      saveLabel: 'Export',
    });
    if (!uri) return undefined;
  }
  // Checked before the work: never over a file of the project, a folder or through a link (the one export rule).
  await checkExportTarget(session, uri);
  const memos =
    args?.memos ??
    (vscode.workspace.getConfiguration().get<string>(Settings.reportMemos) === 'firstParagraph' ? 'first-paragraph' : 'full');
  // No pseudonym map: nothing is exported, and the user is offered to create one (the one export policy).
  const p = await pseudonymiserForExport(session, args?.pseudonymise !== false);
  if (!p) return undefined;
  const pseudonyms = reportPseudonyms(p);
  const { doc, bytes } = await exportReport(project, format, { pseudonyms, memos });
  uri = await writeExport(session, uri, bytes);
  const themes = doc.sections.find((s) => s.id === 'findings')?.blocks.filter((b) => b.kind === 'heading' && b.level === 2).length ?? 0;
  host.log.info(`exported the findings report (${format}) to ${uri.toString(true)}: ${pseudonyms.statement}`);
  const said = `Exported the findings report (${NAMES[format]}, ${themes} theme${themes === 1 ? '' : 's'}) to ${vscode.workspace.asRelativePath(uri)}. ${pseudonyms.statement}`;
  const target = uri;
  void vscode.window.showInformationMessage(said, 'Open').then((a) => {
    if (!a) return;
    // Markdown reads well in the editor; a web page or a Word file opens where the system opens it.
    if (format === 'md') void vscode.commands.executeCommand('vscode.open', target);
    else void vscode.env.openExternal(target);
  });
  return uri;
}

function toUri(folder: vscode.Uri, path: string): vscode.Uri {
  if (path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path))
    return folder.scheme === 'file' ? vscode.Uri.file(path) : folder.with({ path: path.replace(/\\/g, '/') });
  return vscode.Uri.joinPath(folder, path.replace(/\\/g, '/'));
}
