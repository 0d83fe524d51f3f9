/**
 * Where an export may go: the one rule every export follows, in the CLI (`-o`)
 * and in VS Code (every save dialog). An export never replaces a file of the
 * project, however its path was typed, chosen in a dialog or reached through a
 * link. The caller resolves links first and checks the file's type (a regular
 * file or a new path: never a folder, a device or a pipe); this decides what a
 * path means to the project.
 */
import type { Project } from '../project';

/** What a target path is to the project. */
export type ExportTargetKind =
  /** Outside the workspace folder. */
  | 'outside'
  /** In the workspace folder, and no file of the project: may be written. */
  | 'inside'
  /** The workspace folder itself. */
  | 'folder'
  /** Under qda/, where the project keeps its own files. */
  | 'qda'
  /** A transcript, or a path the project's `sources` would read as one. */
  | 'source'
  /** Under .git/, where git keeps the repository. */
  | 'git';

export interface ExportTarget {
  kind: ExportTargetKind;
  /** Why the export may not be written there; undefined when it may. */
  problem?: string;
}

/**
 * What `rel` is to the project: a workspace-relative path with `/` separators,
 * or undefined for a path outside the workspace folder. Links must already be
 * resolved: pass where the export would really land.
 */
export function classifyExportTarget(project: Pick<Project, 'sources' | 'kindOf'>, rel: string | undefined): ExportTarget {
  if (rel === undefined) return { kind: 'outside' };
  if (/[\\/]$/.test(rel)) return { kind: 'folder', problem: 'choose a file to export to, not a folder' };
  const p = rel
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '')
    .replace(/\/+$/, '');
  if (p === '' || p === '.') return { kind: 'folder', problem: 'that is the project folder itself: name a file to export to' };
  if (p === 'qda' || p.startsWith('qda/'))
    return { kind: 'qda', problem: `${p} is inside qda/, where the project keeps its own files: export somewhere else` };
  if (p === '.git' || p.startsWith('.git/'))
    return { kind: 'git', problem: `${p} is inside .git/, where git keeps the repository: export somewhere else` };
  if (project.sources.includes(p) || project.kindOf(p) === 'source') {
    return {
      kind: 'source',
      problem: `${p} is a transcript of the project (it matches "sources" in qda/project.yaml): export somewhere else`,
    };
  }
  if (project.kindOf(p) !== 'other') return { kind: 'qda', problem: `${p} is a file of the project: export somewhere else` };
  return { kind: 'inside' };
}

/** Why an export may not be written at `rel` (see classifyExportTarget), or undefined when it may. */
export function exportTargetProblem(project: Pick<Project, 'sources' | 'kindOf'>, rel: string | undefined): string | undefined {
  return classifyExportTarget(project, rel).problem;
}
