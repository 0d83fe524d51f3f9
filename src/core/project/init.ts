import { serializeCodebook, serializeProjectConfig } from './format';
import type { FileSystemPort } from '../ports';
import { CODEBOOK_FILE, PROJECT_FILE } from './project';
import { ProjectError } from './store';
import { decodeUtf8, encodeUtf8 } from '../text';

export const DEFAULT_SOURCES = [
  'transcripts/**/*.transcript',
  'transcripts/**/*.txt',
  'transcripts/**/*.md',
  'transcripts/**/*.vtt',
  'transcripts/**/*.srt',
];

/** qda/.gitignore: derived data and the pseudonym map never reach git. */
export const QDA_GITIGNORE = '# Reflexive QDA: never committed\nprivate/\n.cache/\n';

/** Where the git attributes of the project live: beside the files they name, owned by the tool. */
export const GITATTRIBUTES_FILE = 'qda/.gitattributes';

/** The files git merges with `qda merge-driver` (union by id) instead of line by line. */
export const QDA_GITATTRIBUTES = [
  '/codebook.yaml merge=qda',
  '/participants.yaml merge=qda',
  '/framework.yaml merge=qda',
  '/codings/**/*.yaml merge=qda',
];

/**
 * Adds the merge-driver lines to qda/.gitattributes (creating it) where they are
 * missing; other lines are kept. Returns whether the file was written.
 */
export async function ensureGitAttributes(files: FileSystemPort): Promise<boolean> {
  const bytes = await files.read(GITATTRIBUTES_FILE);
  const text = bytes ? decodeUtf8(bytes).text : '';
  const have = new Set(text.split(/\r?\n/).map((l) => l.trim().replace(/\s+/g, ' ')));
  const missing = QDA_GITATTRIBUTES.filter((l) => !have.has(l));
  if (!missing.length) return false;
  const head = text
    ? text.endsWith('\n')
      ? text
      : `${text}\n`
    : '# Reflexive QDA: git merges these by id with "qda merge-driver" (set up by qda git-setup)\n';
  await files.writeAtomic(GITATTRIBUTES_FILE, encodeUtf8(head + missing.map((l) => `${l}\n`).join('')));
  return true;
}

/**
 * Creates qda/ with project.yaml, an empty codebook, qda/.gitignore and qda/.gitattributes.
 * Refuses when a project already exists: nothing is ever overwritten.
 */
export async function initProject(files: FileSystemPort, opts: { title?: string; sources?: string[] } = {}): Promise<string[]> {
  if (await files.stat(PROJECT_FILE)) throw new ProjectError(`a project already exists here (${PROJECT_FILE})`, PROJECT_FILE);
  const written: string[] = [];
  const put = async (path: string, text: string): Promise<void> => {
    if (await files.stat(path)) return;
    await files.writeAtomic(path, encodeUtf8(text));
    written.push(path);
  };
  const sources = opts.sources?.length ? opts.sources : DEFAULT_SOURCES;
  await put(CODEBOOK_FILE, serializeCodebook({ codes: [] }));
  await put('qda/.gitignore', QDA_GITIGNORE);
  if (await ensureGitAttributes(files)) written.push(GITATTRIBUTES_FILE);
  // project.yaml last: it marks the project, so it appears only once the rest is there.
  await put(
    PROJECT_FILE,
    serializeProjectConfig({
      format: 1,
      title: opts.title?.trim() || 'Untitled study',
      sources,
      saturation: { order: [], baseSize: 4, runLength: 2, threshold: 0.05 },
    }),
  );
  return written;
}
