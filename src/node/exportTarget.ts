/**
 * The node side of the one export rule (core/exports/target.ts): where a file
 * chosen for an export really lands (links resolved), what kind of file is
 * there now, and the write itself. Used by every `qda export -o` and by every
 * export from VS Code on a local disk.
 */
import type { Stats } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { classifyExportTarget } from '../core/exports';
import { type Project, ProjectError } from '../core/project';
import { writeFileAtomic } from './nodeFiles';
import { relativeInside, resolvedPath } from './paths';

/** What is at a path now, in words, when it is not something an export may replace. */
function notAFile(s: Stats, shown: string): string | undefined {
  if (s.isFile()) return undefined;
  if (s.isDirectory()) return `${shown} is a folder: name a file to export to`;
  if (s.isFIFO()) return `${shown} is a named pipe, not a regular file`;
  if (s.isSocket()) return `${shown} is a socket, not a regular file`;
  if (s.isCharacterDevice() || s.isBlockDevice()) return `${shown} is a device, not a regular file`;
  return `${shown} is not a regular file`;
}

/**
 * The absolute path an export to `file` (absolute, or relative to `cwd`) may be
 * written at: where it lands once links are followed. Refused, with the reason
 * as a ProjectError, when that is a file of the project (see
 * classifyExportTarget), the project folder, a folder, a device, a pipe or a
 * socket. A regular file there is replaced; a new path is created.
 */
export async function resolveExportTarget(
  project: Pick<Project, 'sources' | 'kindOf'>,
  root: string,
  file: string,
  cwd = process.cwd(),
): Promise<string> {
  const asked = path.resolve(cwd, file);
  const real = await resolvedPath(asked);
  const shown = real === asked ? file : `${file} (a link to ${real})`;
  const stat = await fs.stat(real).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT' || e.code === 'ENOTDIR') return undefined;
    throw new ProjectError(`not written: ${shown}: ${e.message}`);
  });
  if (stat === undefined && (await fs.lstat(asked).catch(() => undefined))?.isSymbolicLink()) {
    throw new ProjectError(`not written: ${file} is a link that leads nowhere (${await fs.readlink(asked).catch(() => '?')})`);
  }
  const kind = stat && notAFile(stat, shown);
  if (kind) throw new ProjectError(`not written: ${kind}`);
  const problem = classifyExportTarget(project, relativeInside(await resolvedPath(root), real)).problem;
  if (problem) throw new ProjectError(`not written: ${problem}${real === asked ? '' : ` (${file} is a link to it)`}`);
  return real;
}

/**
 * Writes an export after resolveExportTarget allowed it: atomically (a crash
 * leaves the old file or the new one), at the resolved path. Returns that path.
 */
export async function writeExportFile(
  project: Pick<Project, 'sources' | 'kindOf'>,
  root: string,
  file: string,
  data: string | Uint8Array,
  cwd = process.cwd(),
): Promise<string> {
  const target = await resolveExportTarget(project, root, file, cwd);
  await writeFileAtomic(target, typeof data === 'string' ? new TextEncoder().encode(data) : data);
  return target;
}
