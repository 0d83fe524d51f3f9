import picomatch from 'picomatch';
import { Emitter, type Disposable } from '../event';
import {
  codingsPathFor,
  parseCodebook,
  parseCodings,
  parseFramework,
  parseMemo,
  parseParticipants,
  parseProjectConfig,
  parseSurvey,
  respondentRanges,
  SURVEYS_DIR,
  waveOfSurveyPath,
  withFile,
  type Parsed,
} from './format';
import type { Codebook, CodingsFile, FrameworkFile, Memo, OwnedRange, Participants, Problem, ProjectConfig, Survey } from '../model';
import type { Ports } from '../ports';
import { FileStore, ProjectError } from './store';
import { memoLinkProblems } from './memoLinks';
import type { ProjectState } from './state';
import { codingProblems } from './validate';
import { CODEBOOK_FILE, FRAMEWORK_FILE, kindOfPath, PARTICIPANTS_FILE, PROJECT_FILE, type FileKind, type ProjectChange } from './paths';
import {
  refusalOf,
  WriteTracker,
  writeCodebook,
  writeCodings,
  writeFramework,
  writeParticipants,
  writeProjectFile,
  writeSurvey,
} from './writes';

export { CODEBOOK_FILE, FRAMEWORK_FILE, MEMOS_DIR, PARTICIPANTS_FILE, PROJECT_FILE, type FileKind, type ProjectChange } from './paths';

const IGNORED_DIRS = /^(qda|node_modules|\.git|\.tools|\.vscode)(\/|$)|(^|\/)node_modules\//;

/**
 * The project in memory: codebook, codings per source, memos, participants,
 * and every problem found in their files. Views listen to `onDidChange`;
 * commands change the project through its methods (see edits.ts), which write
 * the one file that changed.
 */
export class Project implements ProjectState, Disposable {
  config: ProjectConfig = { format: 1, sources: [] };
  codebook: Codebook = { codes: [] };
  /** Codings by source path (a file on disk may name another source: see `codingsFiles`). */
  readonly codings = new Map<string, CodingsFile>();
  /** Codings file path -> the source it holds codings for. */
  readonly codingsFiles = new Map<string, string>();
  readonly memos = new Map<string, Memo>();
  participants?: Participants;
  /** The framework matrix's summaries; undefined when qda/framework.yaml does not exist (or cannot be read). */
  framework?: FrameworkFile;
  /** Survey waves by name (qda/surveys/<wave>.yaml). */
  readonly surveys = new Map<string, Survey>();
  /** Transcripts made of surveys' open answers -> who wrote each answer (read from the transcript as it is now). */
  readonly sharedTurns = new Map<string, OwnedRange[]>();
  /** Transcript paths matched by `sources`, sorted. */
  sources: string[] = [];
  readonly store: FileStore;

  private readonly fileProblems = new Map<string, Problem[]>();
  private crossProblems: Problem[] = [];
  /** Memo link problems: they read transcripts, so they are checked again only when memos, codes or transcripts change. */
  private memoProblems: Problem[] = [];
  private readonly writable = new Map<string, boolean>();
  /** Files that exist but could not be read at all (nothing of them is loaded). */
  private readonly unread = new Set<string>();
  /** Content hash of each project file as loaded: a reload of the same bytes is not a change. */
  private readonly loadedHash = new Map<string, string>();
  private readonly _onDidChange = new Emitter<ProjectChange>();
  readonly onDidChange = this._onDidChange.event;
  private isSource: (path: string) => boolean = () => false;
  private loadedRefusal: string | undefined;
  /** Links out of the workspace folder found where the project looks for its files (never followed). */
  private readonly listRefusals = new Map<string, string>();
  /** Changes still writing or loading back. */
  private readonly writes = new WriteTracker();

  private constructor(readonly ports: Ports) {
    this.store = new FileStore(ports.files);
    this.store.setWriteGuard(() => this.configRefusal());
  }

  /**
   * Why nothing may be written to this project, read from qda/project.yaml as it
   * is on disk now: it is missing, empty, broken, or of a format this version does
   * not know (a newer tool wrote it, and a rewrite by this one could lose what it
   * added). Undefined when the project may be written.
   */
  async configRefusal(): Promise<string | undefined> {
    return refusalOf(await this.store.readParsed(PROJECT_FILE, parseProjectConfig));
  }

  /** configRefusal() as loaded (for messages; the write path checks the file itself). */
  get writeRefusal(): string | undefined {
    return this.loadedRefusal;
  }

  /** Opens the project whose qda/project.yaml is at the root of `ports.files`. */
  static async open(ports: Ports, opts: { useCache?: boolean } = {}): Promise<Project> {
    const project = new Project(ports);
    if (!(await ports.files.stat(PROJECT_FILE)))
      throw new ProjectError(`no ${PROJECT_FILE} here: initialise a project first`, PROJECT_FILE);
    if (opts.useCache !== false) await project.store.loadCache();
    await project.loadAll();
    if (opts.useCache !== false) await project.store.saveCache().catch(() => undefined);
    return project;
  }

  /** Every problem in the project, files first by path. */
  get problems(): Problem[] {
    const refused = new Map([...this.listRefusals, ...this.store.refusals()]);
    const links = [...refused]
      .filter(([file]) => !this.fileProblems.has(file))
      .map(([file, message]): Problem => ({ file, line: 1, column: 1, message, severity: 'error' }));
    const all = [...this.fileProblems.values()].flat().concat(this.crossProblems, links);
    return all.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
  }

  get valid(): boolean {
    return !this.problems.some((p) => p.severity === 'error');
  }

  /**
   * The files of `kinds` that exist but could not be read at all (too large, not
   * UTF-8, broken YAML): the first error of each. What the project shows leaves
   * them out, so an analysis or export must say so, never pass it off as whole.
   */
  unreadable(kinds: readonly FileKind[]): Problem[] {
    const out: Problem[] = [];
    for (const path of [...this.unread].sort()) {
      if (!kinds.includes(this.kindOf(path))) continue;
      const first = this.fileProblems.get(path)?.find((p) => (p.severity ?? 'error') === 'error');
      out.push(first ?? { file: path, line: 1, column: 1, message: 'could not be read', severity: 'error' });
    }
    return out;
  }

  /** Whether the file may be written (it parsed without errors, or does not exist yet). */
  isWritable(path: string): boolean {
    return this.writable.get(path) ?? true;
  }

  kindOf(path: string): FileKind {
    return kindOfPath(path, this.isSource);
  }

  private async loadAll(): Promise<void> {
    const files = this.ports.files;
    await this.loadFile(PROJECT_FILE);
    const refused = (path: string, reason: string) => this.listRefusals.set(path, reason);
    const [codingFiles, memoFiles, surveyFiles] = await Promise.all(
      ['qda/codings', 'qda/memos', SURVEYS_DIR].map((d) => files.list(d, { onRefused: refused })),
    );
    await Promise.all([
      this.loadFile(CODEBOOK_FILE),
      this.loadFile(PARTICIPANTS_FILE),
      this.loadFile(FRAMEWORK_FILE),
      ...surveyFiles.filter((p) => waveOfSurveyPath(p) !== undefined).map((p) => this.loadFile(p)),
      this.refreshSources(),
      ...codingFiles.filter((p) => p.endsWith('.yaml')).map((p) => this.loadFile(p)),
      ...memoFiles.filter((p) => p.endsWith('.md')).map((p) => this.loadFile(p)),
    ]);
    await this.refreshSharedTurns();
    await this.recheck();
  }

  /** Re-lists the transcripts matched by `sources`. */
  async refreshSources(): Promise<void> {
    const globs = this.config.sources.length ? this.config.sources : [];
    const match = globs.length ? picomatch(globs, { dot: false }) : () => false;
    this.isSource = (p) => !IGNORED_DIRS.test(p) && match(p);
    // A link out of the folder is reported where a transcript could be: a path the globs match, or a folder under their base.
    const bases = globs.map((g) => picomatch.scan(g).base.replace(/\/+$/, ''));
    const mayHoldSources = (p: string) => this.isSource(p) || bases.some((b) => b === '' || p === b || p.startsWith(`${b}/`));
    for (const p of [...this.listRefusals.keys()]) if (!p.startsWith('qda/')) this.listRefusals.delete(p);
    const onRefused = (p: string, reason: string) => {
      if (mayHoldSources(p)) this.listRefusals.set(p, reason);
    };
    const all = await this.ports.files.list('', { exclude: (p) => IGNORED_DIRS.test(p), onRefused });
    this.sources = all.filter((p) => this.isSource(p)).sort();
  }

  /**
   * Re-reads the given files (changed on disk: an external edit, a git checkout)
   * and fires one change event. Only these files are parsed again.
   */
  async reload(paths: readonly string[]): Promise<void> {
    const kinds = new Set<FileKind>();
    const changed: string[] = [];
    let sourcesChanged = false;
    for (const path of paths) {
      const kind = this.kindOf(path);
      if (kind === 'source' || kind === 'other') {
        // A transcript saved, created or deleted: only its own place in the list can change.
        if (await this.updateSourceEntry(path)) kinds.add('source');
      } else {
        // Our own writes come back through the file watcher: a file read as it was loaded is no change.
        const before = this.loadedHash.get(path);
        await this.loadFile(path);
        if (this.loadedHash.get(path) === before) continue;
      }
      kinds.add(kind);
      changed.push(path);
      if (kind === 'config') sourcesChanged = true;
    }
    if (!changed.length) return;
    if (sourcesChanged) {
      const before = this.sources.join('\n');
      await this.refreshSources();
      if (before !== this.sources.join('\n')) kinds.add('source');
    }
    if (kinds.has('survey')) await this.refreshSharedTurns();
    else {
      const shared = changed.filter((p) => this.surveySourceOwners(p) !== undefined);
      if (shared.length) await this.refreshSharedTurns(shared);
    }
    await this.recheck(kinds);
    this._onDidChange.fire({ paths: changed, kinds });
  }

  /** Loads (or unloads, when gone) one project file into memory. */
  private async loadFile(path: string): Promise<void> {
    const kind = this.kindOf(path);
    switch (kind) {
      case 'config': {
        const r = await this.store.readParsed(path, parseProjectConfig);
        this.record(path, r);
        this.loadedRefusal = refusalOf(r);
        if (r?.value) this.config = r.value;
        else if (!r)
          this.fileProblems.set(path, [{ file: path, line: 1, column: 1, message: 'qda/project.yaml is missing', severity: 'error' }]);
        return;
      }
      case 'codebook': {
        const r = await this.store.readParsed(path, parseCodebook);
        this.record(path, r);
        this.codebook = r?.value ?? { codes: [] };
        return;
      }
      case 'participants': {
        const r = await this.store.readParsed(path, parseParticipants);
        this.record(path, r);
        this.participants = r?.value;
        return;
      }
      case 'framework': {
        const r = await this.store.readParsed(path, parseFramework);
        this.record(path, r);
        this.framework = r?.value;
        return;
      }
      case 'survey': {
        const r = await this.store.readParsed(path, (t) => parseSurvey(t, path));
        this.record(path, r);
        const wave = waveOfSurveyPath(path)!;
        if (r?.value) this.surveys.set(wave, r.value);
        else this.surveys.delete(wave);
        return;
      }
      case 'codings': {
        const r = await this.store.readParsed(path, (t) => parseCodings(t, path));
        this.record(path, r);
        const old = this.codingsFiles.get(path);
        if (old !== undefined) this.codings.delete(old);
        this.codingsFiles.delete(path);
        if (r?.value) {
          this.codings.set(r.value.source, r.value);
          this.codingsFiles.set(path, r.value.source);
        }
        return;
      }
      case 'memo': {
        const r = await this.store.readParsed(path, (t) => parseMemo(t, path));
        this.record(path, r);
        if (r?.value) this.memos.set(path, { ...r.value, path });
        else this.memos.delete(path);
        return;
      }
      default:
        return;
    }
  }

  private record(path: string, r: (Parsed<unknown> & { hash: string }) | undefined): void {
    if (r && !r.value) this.unread.add(path);
    else this.unread.delete(path);
    if (!r) {
      this.fileProblems.delete(path);
      this.writable.delete(path);
      this.loadedHash.delete(path);
      return;
    }
    this.loadedHash.set(path, r.hash);
    this.fileProblems.set(path, withFile(path, r.problems));
    this.writable.set(path, r.writable);
  }

  /** The respondents of the survey whose open answers `source` holds, or undefined when it holds none. */
  surveySourceOwners(source: string): string[] | undefined {
    for (const survey of this.surveys.values()) {
      if (survey.columns.some((c) => c.use === 'text' && c.source === source)) return survey.respondents.map((r) => r.id);
    }
    return undefined;
  }

  /** Reads the survey transcripts (all, or those given) again and finds whose answer is where. */
  private async refreshSharedTurns(only?: readonly string[]): Promise<void> {
    const wanted = new Map<string, string[]>();
    for (const survey of this.surveys.values()) {
      for (const c of survey.columns)
        if (c.use === 'text' && c.source && (!only || only.includes(c.source)))
          wanted.set(
            c.source,
            survey.respondents.map((r) => r.id),
          );
    }
    if (!only) this.sharedTurns.clear();
    await Promise.all(
      [...wanted].map(async ([source, ids]) => {
        const read = await this.store.readText(source);
        if (read) this.sharedTurns.set(source, respondentRanges(read.text, ids));
        else this.sharedTurns.delete(source);
      }),
    );
  }

  /** Adds or removes one path in `sources` after it was created or deleted; true when the list changed. */
  private async updateSourceEntry(path: string): Promise<boolean> {
    const listed = this.sources.includes(path);
    const exists = this.isSource(path) && (await this.ports.files.stat(path)) !== undefined;
    if (listed === exists) return false;
    this.sources = exists ? [...this.sources, path].sort() : this.sources.filter((s) => s !== path);
    return true;
  }

  private async recheck(kinds?: ReadonlySet<FileKind>): Promise<void> {
    const memosAffected = !kinds || ['memo', 'codebook', 'source', 'config'].some((k) => kinds.has(k as FileKind));
    if (memosAffected) this.memoProblems = await memoLinkProblems(this);
    this.crossProblems = [...(await codingProblems(this)), ...this.memoProblems];
  }

  // ---- changes made through the project: each writes exactly one file (writes.ts) ----

  /** Resolves when every change made through this project so far is written and loaded back (or failed). */
  settled(): Promise<void> {
    return this.writes.settled();
  }

  /** Applies `change` to the codebook as it is on disk now and writes it. */
  changeCodebook(change: (cb: Codebook) => Codebook): Promise<Codebook> {
    return this.writes.track(() => writeCodebook(this, change));
  }

  /** Applies `change` to the framework summaries as they are on disk now and writes them. */
  changeFramework(change: (file: FrameworkFile) => FrameworkFile): Promise<FrameworkFile> {
    return this.writes.track(() => writeFramework(this, change));
  }

  /** Applies `change` to the codings of `source` as they are on disk now and writes them. */
  changeCodings(source: string, change: (file: CodingsFile) => CodingsFile): Promise<CodingsFile> {
    return this.writes.track(() => writeCodings(this, source, change));
  }

  /** Applies `change` to participants.yaml as it is on disk now and writes it. */
  changeParticipants(change: (p: Participants) => Participants): Promise<Participants | undefined> {
    return this.writes.track(() => writeParticipants(this, change));
  }

  /** Applies `change` to a survey wave as it is on disk now (or a new one) and writes it. */
  changeSurvey(wave: string, change: (s: Survey | undefined) => Survey): Promise<Survey | undefined> {
    return this.writes.track(() => writeSurvey(this, wave, change));
  }

  /** The codings file of a source: the one already holding it, else the format's path. */
  codingsPathOf(source: string): string {
    for (const [path, s] of this.codingsFiles) if (s === source) return path;
    return codingsPathFor(source);
  }

  /** Writes a project file the project does not model in detail (e.g. a new memo). */
  writeFile(path: string, text: string): Promise<void> {
    return this.writes.track(() => writeProjectFile(this, path, text));
  }

  async saveCache(): Promise<void> {
    await this.store.saveCache();
  }

  dispose(): void {
    this._onDidChange.dispose();
  }
}
