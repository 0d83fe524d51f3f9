import type { Project } from '../project';

/**
 * Why an export may not be written at `rel` (a workspace-relative path), or
 * undefined when it may: an export never replaces a file of the project (qda/,
 * a transcript), however the path was typed or chosen in a dialog.
 */
export function exportTargetProblem(project: Project, rel: string): string | undefined {
  const p = rel.replace(/\\/g, '/').replace(/^\.\//, '');
  if (p === '' || p === '.' || p.endsWith('/')) return 'choose a file to export to, not a folder';
  if (p === 'qda' || p.startsWith('qda/')) return `${p} is inside qda/, where the project keeps its own files: export somewhere else`;
  if (project.sources.includes(p) || project.codings.has(p) || project.kindOf(p) !== 'other') return `${p} is a file of the project (a transcript): export somewhere else`;
  return undefined;
}
