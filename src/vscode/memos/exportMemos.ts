import * as vscode from 'vscode';
import { exportMemos as renderLog, type MemoExportFormat, localDay, resolveMemoLinks } from '../../core/memos';
import { inclusion } from '../../core/participants';
import { checkExportTarget, writeExport } from '../exportTarget';
import { requireSession, type Host } from '../host';
import { pseudonymiserForExport } from '../pseudonyms';
import type { MemoLogProvider } from './memoLog';

/** What scripts and tests pass to `reflexiveQda.exportMemos` to skip the save dialog. */
export interface ExportMemosArgs {
  /** The file to write (a Uri, or an absolute path). */
  uri?: vscode.Uri | string;
  /** Default: from the file's extension (.html/.htm: html, else md). */
  format?: MemoExportFormat;
  /** false: export without pseudonymising (must be chosen explicitly). */
  pseudonymise?: boolean;
}

/**
 * Reflexive QDA: Export Memo Log. Writes the memos the log shows (all of them, or
 * those the current filter keeps) oldest first, as Markdown or as self-contained
 * HTML to print. Returns the file written.
 */
export async function exportMemoLog(
  host: Pick<Host, 'session'>,
  log: MemoLogProvider,
  args?: ExportMemosArgs,
): Promise<vscode.Uri | undefined> {
  const session = requireSession(host);
  const project = session.project;
  const filter = log.describeFilter();
  // memos name people and quote passages: they leave the project pseudonymised like every export
  const p = await pseudonymiserForExport(session, args?.pseudonymise !== false);
  if (!p) return undefined;
  let uri = typeof args?.uri === 'string' ? vscode.Uri.file(args.uri) : args?.uri instanceof vscode.Uri ? args.uri : undefined;
  if (!uri) {
    uri = await vscode.window.showSaveDialog({
      title: filter ? `Export Memo Log (${filter})` : 'Export Memo Log',
      defaultUri: session.files.uri(`memo-log-${localDay(new Date())}.html`),
      filters: { 'HTML (print or save as PDF)': ['html'], Markdown: ['md'] },
      saveLabel: 'Export',
    });
    if (!uri) return undefined;
  }
  await checkExportTarget(session, uri);
  const format: MemoExportFormat = args?.format ?? (/\.html?$/i.test(uri.path) ? 'html' : 'md');
  const memos = log.visibleMemos();
  const links = await resolveMemoLinks(project, memos, log.reader());
  const text = renderLog(
    {
      title: project.config.title,
      memos,
      links,
      generated: new Date(),
      inclusion: inclusion(project),
      quote: (s) => p.pseudonymiser.apply(s),
      ...(filter ? { filter } : {}),
    },
    format,
  );
  await writeExport(session, uri, text);
  void vscode.window
    .showInformationMessage(
      `Exported ${memos.length} memo${memos.length === 1 ? '' : 's'} to ${vscode.workspace.asRelativePath(uri)}.`,
      'Open',
    )
    .then((a) => {
      if (a) void vscode.commands.executeCommand('vscode.open', uri);
    });
  return uri;
}
