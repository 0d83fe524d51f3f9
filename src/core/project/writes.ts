import {
  parseCodebook,
  parseCodings,
  parseFramework,
  parseParticipants,
  parseSurvey,
  serializeCodebook,
  serializeCodings,
  serializeFramework,
  serializeParticipants,
  serializeSurvey,
  surveyPath,
  type Parsed,
} from './format';
import type { Codebook, CodingsFile, FrameworkFile, Participants, ProjectConfig, Survey } from '../model';
import { CODEBOOK_FILE, FRAMEWORK_FILE, PARTICIPANTS_FILE, PROJECT_FILE } from './paths';
import type { ProjectState } from './state';
import { ProjectError } from './store';

/**
 * Changes made through the project. Each writes exactly one file, as it is on
 * disk now (store.update), then reloads it so the project shows it; the Project's
 * change* methods run these under its WriteTracker.
 */

/** What a change needs of the project beyond what it holds. */
export interface WritableProject extends ProjectState {
  readonly surveys: ReadonlyMap<string, Survey>;
  isWritable(path: string): boolean;
  codingsPathOf(source: string): string;
  /** Reads the files again: the project shows what was written. */
  reload(paths: readonly string[]): Promise<void>;
}

/**
 * The changes still writing or loading back. A change's file is on disk before the
 * project has read it back, and on a slow file system (the browser's, where a read is
 * several round trips) whoever sees the file and then asks the project must wait: settled().
 */
export class WriteTracker {
  private readonly changing = new Set<Promise<void>>();

  /** Runs a change (its write and the reload that makes the project show it) so that settled() waits for it. */
  track<T>(change: () => Promise<T>): Promise<T> {
    const run = change();
    const done = run.then(
      () => undefined,
      () => undefined,
    );
    this.changing.add(done);
    void done.then(() => this.changing.delete(done));
    return run;
  }

  /** Resolves when every change tracked so far is written and loaded back (or failed). */
  async settled(): Promise<void> {
    while (this.changing.size) await Promise.all([...this.changing]);
  }
}

export async function writeCodebook(p: WritableProject, change: (cb: Codebook) => Codebook): Promise<Codebook> {
  await p.store.update(CODEBOOK_FILE, parseCodebook, serializeCodebook, (cb) => change(cb ?? { codes: [] }));
  await p.reload([CODEBOOK_FILE]);
  return p.codebook;
}

export async function writeFramework(p: WritableProject, change: (file: FrameworkFile) => FrameworkFile): Promise<FrameworkFile> {
  await p.store.update(FRAMEWORK_FILE, parseFramework, serializeFramework, (f) => change(f ?? { summaries: [] }));
  await p.reload([FRAMEWORK_FILE]);
  return p.framework ?? { summaries: [] };
}

export async function writeCodings(p: WritableProject, source: string, change: (file: CodingsFile) => CodingsFile): Promise<CodingsFile> {
  const path = p.codingsPathOf(source);
  await p.store.update(
    path,
    (t) => parseCodings(t, path),
    serializeCodings,
    (f) => change(f ?? { source, codings: [] }),
  );
  await p.reload([path]);
  return p.codings.get(source) ?? { source, codings: [] };
}

export async function writeParticipants(p: WritableProject, change: (p: Participants) => Participants): Promise<Participants | undefined> {
  await p.store.update(PARTICIPANTS_FILE, parseParticipants, serializeParticipants, (x) => change(x ?? { participants: [] }));
  await p.reload([PARTICIPANTS_FILE]);
  return p.participants;
}

export async function writeSurvey(
  p: WritableProject,
  wave: string,
  change: (s: Survey | undefined) => Survey,
): Promise<Survey | undefined> {
  const path = surveyPath(wave);
  await p.store.update(
    path,
    (t) => parseSurvey(t, path),
    serializeSurvey,
    (s) => change(s),
  );
  await p.reload([path]);
  return p.surveys.get(wave);
}

/** Writes a project file the project does not model in detail (e.g. a new memo), unless it has errors. */
export async function writeProjectFile(p: WritableProject, path: string, text: string): Promise<void> {
  if (!p.isWritable(path))
    throw new ProjectError(`${path} has errors; fix them before changing it here, so that nothing in it is lost`, path);
  await p.store.writeText(path, text);
  await p.reload([path]);
}

/** Why a project whose qda/project.yaml read as `r` may not be written, or undefined. */
export function refusalOf(r: (Parsed<ProjectConfig> & { hash: string }) | undefined): string | undefined {
  const fix = 'nothing is written to this project until it is fixed';
  if (!r) return `${PROJECT_FILE} is missing: ${fix}`;
  if (r.writable && r.value) return undefined;
  const first = r.problems.find((p) => (p.severity ?? 'error') === 'error');
  return `${PROJECT_FILE} cannot be read${first ? ` (${first.line}:${first.column}: ${first.message})` : ''}: ${fix}, so that a project this version does not understand is never changed by it`;
}
