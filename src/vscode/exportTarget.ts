import * as vscode from 'vscode';
import { classifyExportTarget } from '../core/exports';
import { ProjectError } from '../core/project';
import type { ProjectSession } from './session';

/**
 * Checks where an export chosen in a save dialog (or passed by a script) may be
 * written, by the one rule every export follows (core/exports/target.ts): never
 * over a file of the project (qda/, a transcript), a folder, a device or a pipe,
 * also not through a link. Throws a ProjectError with the reason, which the
 * command wrapper shows. Returns where to write.
 */
export async function checkExportTarget(session: ProjectSession, target: vscode.Uri): Promise<vscode.Uri> {
  const disk = session.platform.diskExports;
  if (disk && target.scheme === 'file' && session.folder.uri.scheme === 'file') {
    try {
      return vscode.Uri.file(await disk.resolve(session.project, session.folder.uri.fsPath, target.fsPath));
    } catch (e) {
      if (e instanceof ProjectError) throw new ProjectError(`Not exported: ${e.message.replace(/^not written: /, '')}.`);
      throw e;
    }
  }
  // Another file system (remote, virtual): no links to follow by path, so a link is refused outright.
  const stat = await Promise.resolve(vscode.workspace.fs.stat(target)).catch(() => undefined);
  const shown = vscode.workspace.asRelativePath(target);
  if (stat && stat.type & vscode.FileType.SymbolicLink)
    throw new ProjectError(`Not exported: ${shown} is a link; choose the file it leads to.`);
  if (stat && stat.type & vscode.FileType.Directory)
    throw new ProjectError(`Not exported: ${shown} is a folder; name a file to export to.`);
  if (stat && !(stat.type & vscode.FileType.File)) throw new ProjectError(`Not exported: ${shown} is not a regular file.`);
  const problem = classifyExportTarget(session.project, session.files.relative(target)).problem;
  if (problem) throw new ProjectError(`Not exported: ${problem}.`);
  return target;
}

/** Writes an export after checkExportTarget allowed it (atomically on a local disk). Returns the file written. */
export async function writeExport(session: ProjectSession, target: vscode.Uri, data: string | Uint8Array): Promise<vscode.Uri> {
  const to = await checkExportTarget(session, target);
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const disk = session.platform.diskExports;
  if (disk && to.scheme === 'file') await disk.write(to.fsPath, bytes);
  else await vscode.workspace.fs.writeFile(to, bytes);
  return to;
}
