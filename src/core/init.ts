import { serializeCodebook, serializeProjectConfig } from './format';
import type { FileSystemPort } from './ports';
import { CODEBOOK_FILE, PROJECT_FILE } from './project';
import { ProjectError } from './store';
import { encodeUtf8 } from './text';

export const DEFAULT_SOURCES = ['transcripts/**/*.transcript', 'transcripts/**/*.txt', 'transcripts/**/*.md', 'transcripts/**/*.vtt', 'transcripts/**/*.srt'];

/** qda/.gitignore: derived data and the pseudonym map never reach git. */
export const QDA_GITIGNORE = '# Reflexive QDA: never committed\nprivate/\n.cache/\n';

/**
 * Creates qda/ with project.yaml, an empty codebook and qda/.gitignore.
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
  // project.yaml last: it marks the project, so it appears only once the rest is there.
  await put(PROJECT_FILE, serializeProjectConfig({ format: 1, title: opts.title?.trim() || 'Untitled study', sources, saturation: { order: [], baseSize: 4, runLength: 2, threshold: 0.05 } }));
  return written;
}
