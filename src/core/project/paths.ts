import { FRAMEWORK_FILE, sourceForCodingsPath, waveOfSurveyPath } from './format';

/** Where a project's own files are, from its root (format.md). */
export const PROJECT_FILE = 'qda/project.yaml';
export const CODEBOOK_FILE = 'qda/codebook.yaml';
export const PARTICIPANTS_FILE = 'qda/participants.yaml';
export const MEMOS_DIR = 'qda/memos/';
export { FRAMEWORK_FILE };

export type FileKind = 'config' | 'codebook' | 'participants' | 'framework' | 'survey' | 'codings' | 'memo' | 'source' | 'other';

/** What changed: the files, and which kinds of data they hold. */
export interface ProjectChange {
  paths: string[];
  kinds: ReadonlySet<FileKind>;
}

/** What a project file holds, by its path; `isSource` says which paths `sources` matches. */
export function kindOfPath(path: string, isSource: (path: string) => boolean): FileKind {
  if (path === PROJECT_FILE) return 'config';
  if (path === CODEBOOK_FILE) return 'codebook';
  if (path === PARTICIPANTS_FILE) return 'participants';
  if (path === FRAMEWORK_FILE) return 'framework';
  if (waveOfSurveyPath(path) !== undefined) return 'survey';
  if (sourceForCodingsPath(path) !== undefined) return 'codings';
  if (path.startsWith(MEMOS_DIR) && path.endsWith('.md')) return 'memo';
  if (isSource(path)) return 'source';
  return 'other';
}
