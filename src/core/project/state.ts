import type { Codebook, CodingsFile, FrameworkFile, Memo, Participants, ProjectConfig } from '../model';
import type { FileStore } from './store';

/**
 * What the project holds, read-only: what checks and analyses need from a
 * Project without depending on the class (so the Project can run them).
 */
export interface ProjectState {
  readonly config: ProjectConfig;
  readonly codebook: Codebook;
  /** Codings by source path. */
  readonly codings: ReadonlyMap<string, CodingsFile>;
  /** Codings file path -> the source it holds codings for. */
  readonly codingsFiles: ReadonlyMap<string, string>;
  readonly memos: ReadonlyMap<string, Memo>;
  readonly participants?: Participants;
  /** The framework matrix's summaries (qda/framework.yaml), when the file exists. */
  readonly framework?: FrameworkFile;
  /** Transcript paths matched by `sources`, sorted. */
  readonly sources: readonly string[];
  readonly store: FileStore;
}
