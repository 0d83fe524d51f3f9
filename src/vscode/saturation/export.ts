import * as vscode from 'vscode';
import { saturationExportFiles, type SaturationViewOptions, saturationView } from '../../core/saturation';
import { checkExportTarget, writeExport } from '../exportTarget';
import { requireSession, type Host } from '../host';

/** Arguments for scripts and tests: a folder (absolute, or relative to the project folder) skips the dialog. */
export interface ExportArgs {
  dir?: string | vscode.Uri;
  options?: Partial<SaturationViewOptions>;
}

export interface ExportResult {
  dir: string;
  files: string[];
}

function targetUri(folder: vscode.Uri, dir: string | vscode.Uri): vscode.Uri {
  if (dir instanceof vscode.Uri) return dir;
  return dir.startsWith('/') || /^[A-Za-z]:[\\/]/.test(dir) ? vscode.Uri.file(dir) : vscode.Uri.joinPath(folder, dir);
}

/**
 * Reflexive QDA: Export Saturation Figures. Writes the charts (SVG) and tables
 * (CSV) for the options chosen in the panel, or `args.options`, to a folder.
 */
export async function exportSaturation(
  host: Pick<Host, 'session' | 'log'>,
  chosen: () => Partial<SaturationViewOptions>,
  args?: ExportArgs,
): Promise<ExportResult | undefined> {
  const session = requireSession(host);
  let dir: vscode.Uri | undefined;
  if (args?.dir !== undefined) dir = targetUri(session.folder.uri, args.dir);
  else {
    const picked = await vscode.window.showOpenDialog({
      title: 'Export Saturation Figures',
      openLabel: 'Export Here',
      canSelectFiles: false,
      canSelectFolders: true,
      canSelectMany: false,
      defaultUri: session.folder.uri,
    });
    dir = picked?.[0];
  }
  if (!dir) return undefined;
  const view = saturationView(session.project, args?.options ?? chosen(), 0);
  const files = saturationExportFiles(view);
  // Every file by the rule every export follows, before any is written: none into qda/, none over a transcript.
  for (const f of files) await checkExportTarget(session, vscode.Uri.joinPath(dir, f.name));
  await vscode.workspace.fs.createDirectory(dir);
  for (const f of files) await writeExport(session, vscode.Uri.joinPath(dir, f.name), f.content);
  host.log.info(`exported ${files.length} saturation figures and tables to ${dir.fsPath}`);
  if (args?.dir === undefined) {
    void vscode.window.showInformationMessage(`Reflexive QDA: exported ${files.length} saturation figures and tables to ${dir.fsPath}.`);
  }
  return { dir: dir.fsPath, files: files.map((f) => f.name) };
}
