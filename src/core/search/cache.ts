/**
 * The search index of a project, kept off the critical path: built from the
 * project's files, persisted in qda/.cache/, loaded and brought up to date
 * (only what changed is re-indexed), and kept current from the project's change
 * events. The extension and the `qda` CLI share the cache file.
 * Pure: files are reached through the project's store and file port.
 */
import { Emitter, type Disposable } from '../event';
import { inclusion } from '../participants';
import { sourceForCodingsPath, type Project, type ProjectChange } from '../project';
import type { Coding } from '../model';
import { DamagedIndexError } from './frozen';
import { HeldTexts } from './heldTexts';
import { codingsKey, locatedCodings, packTurns, turnsFrom, turnsOf } from './sourceTurns';
import type { FileStat } from '../ports';
import {
  encodeSegmentFile,
  FORMAT,
  fromTuple,
  readCache,
  SEARCH_CACHE_PATH,
  segmentCachePath,
  TURNS_VERSION,
  type CachedSource,
  type CacheFile,
} from './cacheFile';
import { DEFAULT_SEARCH_LIMIT, SearchIndex } from './searchIndex';
import { SEARCH_INDEX_VERSION } from './serial';
import type { CacheUse, OpenReport, ProjectSearchOptions, SearchOptions, SearchResponse, SearchUpdate, UpdateReport } from './types';
import { encodeUtf8 } from '../text';

export { SEARCH_CACHE_PATH, segmentCachePath } from './cacheFile';
export { locatedCodings, turnsOf } from './sourceTurns';

type ReadText = NonNullable<Awaited<ReturnType<Project['store']['readText']>>>;

/**
 * Characters of transcript text the index holds by default once queries read them (their hits' snippets, their
 * phrases), the sources used last: every text of the 10x study (a phrase query reads most of them).
 */
export const TEXT_BUDGET_CHARS = 256_000_000;
const LOAD_TEXT_CHARS = 16_000_000; // held while the index loads or builds

/**
 * A project's search index and its upkeep. Open it with {@link ProjectSearch.open};
 * every update runs in order on one queue, so a query never sees half an update
 * and `settle()` waits for all that is pending.
 */
export class ProjectSearch implements Disposable {
  private index = new SearchIndex();
  private queue: Promise<unknown> = Promise.resolve();
  /** Turns changed since the cache was read or written (the segments keep their own account). */
  private turnsDirty = false;
  /** The stamp of the last save read or written, and of each segment file as saved. */
  private stamp = 0;
  private readonly stamps = new Map<string, number>();
  private disposed = false;
  private report: OpenReport | undefined;
  /** Source path -> turns indexed for its text (and more, see CachedSource): the warm-start shortcut and the set of indexed sources. */
  private readonly turns = new Map<string, CachedSource>();
  /** The sources whose texts the index holds. */
  private held: HeldTexts;
  /** Codings file -> the source it held, to clear that source when the file goes away. */
  private readonly codingsSource = new Map<string, string>();
  /** Transcripts parsed for turns so far. */
  private parsed = 0;
  private sub: Disposable | undefined;
  private readonly _onDidUpdate = new Emitter<SearchUpdate>();
  /** Fires after a project change was applied and changed the index. */
  readonly onDidUpdate = this._onDidUpdate.event;

  private constructor(
    readonly project: Project,
    private readonly options: ProjectSearchOptions,
  ) {
    this.held = this.newHeldTexts();
  }

  private newHeldTexts(): HeldTexts {
    return new HeldTexts(this.options.textBudget ?? TEXT_BUDGET_CHARS, (path) => this.index.detachText(path));
  }

  /** Loads the cached index (or builds one) and brings it in line with the project. */
  static async open(project: Project, options: ProjectSearchOptions = {}): Promise<ProjectSearch> {
    const search = new ProjectSearch(project, options);
    if (options.listen) search.listen();
    try {
      await search.enqueue(() => search.load());
    } catch (e) {
      search.dispose();
      throw e;
    }
    return search;
  }

  /** How the index was loaded. */
  get loaded(): OpenReport {
    if (!this.report) throw new Error('reflexive-qda search: the index is still loading');
    return this.report;
  }

  /** Whether the index changed since it was loaded or saved. */
  get dirty(): boolean {
    return this.turnsDirty || this.index.hasChanges;
  }

  /**
   * Runs a query; see SearchIndex.search and docs/search.md. Passages of withdrawn participants are never among
   * the hits (the index keeps them, so that a reinstatement needs no rebuild; they are left out here). Runs after
   * the updates queued before it; reads the texts it needs (for phrases and snippets) that the index does not hold.
   */
  search(query: string, options?: SearchOptions): Promise<SearchResponse> {
    return this.enqueue(
      this.rebuildIfDamaged(async () => {
        const limit = options?.limit ?? DEFAULT_SEARCH_LIMIT;
        // A text that changed on disk is indexed again as it is read: then rank again (once is enough for what was read).
        for (let attempt = 0; ; attempt++) {
          let changed = await this.holdTexts(this.index.phraseSources(query));
          const inc = inclusion(this.project);
          const ranked = this.index.rank(query, inc.withdrawn.length ? Number.MAX_SAFE_INTEGER : limit);
          if (inc.withdrawn.length) {
            const kept = ranked.records.filter(
              ({ rec }) => rec.kind !== 'passage' || inc.includesPassage(rec.source.path, rec.start, rec.end),
            );
            ranked.total = kept.length;
            ranked.records = kept.slice(0, limit);
          }
          const paths = new Set(ranked.records.flatMap(({ rec }) => (rec.kind === 'passage' ? [rec.source.path] : [])));
          changed = (await this.holdTexts(paths)) || changed;
          if (changed && attempt === 0) continue;
          const response = this.index.respond(ranked);
          this.held.trim(paths);
          return response;
        }
      }),
    );
  }

  /** `task`, run again after indexing the project afresh if it finds the cache damaged (read on demand, see ./frozen.ts). */
  private rebuildIfDamaged<T>(task: () => Promise<T>): () => Promise<T> {
    return async () => {
      try {
        return await task();
      } catch (e) {
        if (!(e instanceof DamagedIndexError) || this.disposed) throw e;
        console.warn(`[reflexive-qda] ${e.message}: indexing again from the project`);
        this.index = new SearchIndex();
        this.held = this.newHeldTexts();
        for (const m of [this.turns, this.codingsSource, this.stamps]) m.clear();
        this.parsed = 0;
        await this.load(false);
        this.report = { ...this.report!, cache: 'damaged', reason: e.message };
        return task();
      }
    };
  }

  /** Applies the project's change events from now on. */
  listen(): void {
    this.sub ??= this.project.onDidChange((change) => {
      void this.apply(change).catch((e) => console.error('[reflexive-qda] search update failed:', e));
    });
  }

  /** Waits for every queued update (and the load) to finish. */
  async settle(): Promise<void> {
    for (let q = this.queue; ; q = this.queue) {
      await q.catch(() => undefined);
      if (q === this.queue) return;
    }
  }

  /**
   * Brings the index in line with one project change: codings files update the codes on their source's
   * passages, transcripts are re-read, memos, the codebook and participants are taken from the project.
   */
  apply(change: ProjectChange): Promise<SearchUpdate> {
    return this.enqueue(
      this.rebuildIfDamaged(async () => {
        const total: SearchUpdate = { added: 0, removed: 0, changed: false, paths: change.paths };
        if (this.disposed) return total;
        const add = (r: UpdateReport) => {
          total.added += r.added;
          total.removed += r.removed;
          total.changed ||= r.changed;
        };
        const project = this.project;
        const reread = new Set<string>();
        const recode = new Set<string>();
        let reconcile = change.kinds.has('source') || change.kinds.has('config');
        for (const path of change.paths) {
          const kind = project.kindOf(path);
          if (kind === 'codebook') add(this.index.updateCodes(project.codebook.codes));
          else if (kind === 'participants') add(this.index.updateParticipants(project.participants));
          else if (kind === 'memo') {
            const memo = project.memos.get(path);
            add(memo ? this.index.updateMemo(memo) : this.index.removeMemo(path));
          } else if (kind === 'codings') {
            // The source the file held before and the one it holds now (a deleted file holds none).
            const before = this.codingsSource.get(path) ?? sourceForCodingsPath(path);
            const now = project.codingsFiles.get(path);
            if (before !== undefined) recode.add(before);
            if (now !== undefined) recode.add(now);
            if (now === undefined) this.codingsSource.delete(path);
            else this.codingsSource.set(path, now);
          } else if (kind === 'source') reread.add(path);
          else reconcile = true;
        }
        if (reconcile) {
          const sources = new Set(project.sources);
          for (const path of sources) if (!this.turns.has(path)) reread.add(path);
          for (const path of [...this.turns.keys()]) if (!sources.has(path)) reread.add(path);
        }
        for (const path of reread) add(await this.refreshSource(path));
        for (const path of recode) if (!reread.has(path)) add(await this.refreshCodings(path));
        if (total.changed) this._onDidUpdate.fire(total);
        return total;
      }),
    );
  }

  /**
   * Writes what changed to the cache: the segments that changed, each a file of its own, then the list
   * {@link SEARCH_CACHE_PATH}; files of segments that went are deleted. Returns whether it wrote.
   */
  save(): Promise<boolean> {
    return this.enqueue(async () => {
      if (!this.dirty || this.disposed) return false;
      const files = this.project.ports.files;
      const stamp = this.stamp + 1;
      for (const seg of this.index.changedSegments()) {
        // One segment at a time: the JSON of the whole index at once would double a large project's memory.
        await files.writeAtomic(segmentCachePath(seg.name), encodeSegmentFile(stamp, seg.json()));
        this.index.markSaved(seg.name);
        this.stamps.set(seg.name, stamp);
        if (this.options.pause) await this.options.pause();
      }
      const file: CacheFile = {
        format: FORMAT,
        turnsVersion: TURNS_VERSION,
        version: SEARCH_INDEX_VERSION,
        stamp,
        turns: Object.fromEntries(this.turns),
        segments: this.index.segments().map((s) => ({ name: s.name, stamp: this.stamps.get(s.name) ?? stamp })),
      };
      await files.writeAtomic(SEARCH_CACHE_PATH, encodeUtf8(JSON.stringify(file)));
      this.stamp = stamp;
      this.turnsDirty = false;
      for (const name of this.index.takeDropped()) {
        this.stamps.delete(name);
        await files.delete(segmentCachePath(name)).catch(() => undefined);
      }
      return true;
    });
  }

  dispose(): void {
    this.disposed = true;
    this.sub?.dispose();
    this._onDidUpdate.dispose();
  }

  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue.then(job, job);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async load(useCache = this.options.useCache !== false): Promise<void> {
    const t0 = Date.now();
    const project = this.project;
    const cached = useCache ? await this.readCache() : { use: 'off' as const };
    const report: OpenReport = { cache: cached.use, added: 0, removed: 0, parsed: 0, documents: 0, ms: 0 };
    if (cached.reason) report.reason = cached.reason;
    const add = (r: UpdateReport) => {
      report.added += r.added;
      report.removed += r.removed;
    };
    const sources = new Set(project.sources);
    if (cached.turns) {
      // What the cached index holds but the project no longer has; SearchIndex.sync does the same from a full input.
      const held = this.index.paths();
      for (const path of held.sources) if (!sources.has(path)) add(this.index.removeSource(path));
      for (const path of held.memos) if (!project.memos.has(path)) add(this.index.removeMemo(path));
      for (const [path, t] of Object.entries(cached.turns)) if (sources.has(path)) this.turns.set(path, t);
    }
    for (const [path, source] of project.codingsFiles) this.codingsSource.set(path, source);
    add(this.index.updateParticipants(project.participants));
    add(this.index.updateCodes(project.codebook.codes));
    const batch = Math.max(1, this.options.batchSize ?? 4);
    const list = [...sources];
    for (let i = 0; i < list.length; i += batch) {
      if (i > 0 && this.options.pause) await this.options.pause();
      for (const path of list.slice(i, i + batch)) add(await this.refreshSource(path, true));
      // A build reads every transcript: holding them all would double its memory at 10x (a warm start holds none).
      this.held.trim(undefined, Math.min(LOAD_TEXT_CHARS, this.options.textBudget ?? TEXT_BUDGET_CHARS));
      this.options.progress?.(Math.min(list.length, i + batch), list.length, 'sources');
    }
    report.parsed = this.parsed;
    this.turnsDirty ||= this.parsed > 0 || cached.use !== 'used';
    for (const memo of project.memos.values()) add(this.index.updateMemo(memo));
    this.index.compact();
    report.documents = this.index.documentCount;
    report.ms = Date.now() - t0;
    this.report = report;
  }

  /** Reads the cache into the index (see readCache in ./cacheFile.ts). */
  private async readCache(): Promise<{ use: CacheUse; reason?: string; turns?: Record<string, CachedSource> }> {
    const read = await readCache(this.project.ports.files, (segment) => this.index.loadSegment(segment), this.options);
    for (const [name, stamp] of read.stamps) this.stamps.set(name, stamp);
    this.stamp = read.stamp;
    return read;
  }

  /**
   * Re-reads one source and re-indexes what changed in it (text, turns, codings), or removes it when it is no
   * longer a source. Turns are parsed only for a text not seen before. With `trustStat` (a warm start), a file
   * whose size and modification time are those it had when indexed (and the index key it was saved with), whose
   * codings did not change, is not read at all: its text is read when a query needs it, and checked then.
   */
  private async refreshSource(path: string, trustStat = false): Promise<UpdateReport> {
    if (!this.project.sources.includes(path)) return this.dropSource(path);
    const files = this.project.ports.files;
    const stat = await files.stat(path).catch(() => undefined);
    const cached = this.turns.get(path);
    if (trustStat && stat && cached?.located && cached.key && cached.size === stat.size && cached.mtime === stat.mtime) {
      const codings = cached.located.codings.map(fromTuple);
      if (
        cached.located.key === codingsKey(this.project, this.codingsSource, path) &&
        codings.every((c) => c !== undefined) &&
        this.index.keyOf(path) === cached.key &&
        cached.key.startsWith(`${cached.hash}:`)
      ) {
        return this.index.updateCodings(path, codings as Coding[]);
      }
    }
    const read = await this.project.store.readText(path);
    return read ? this.indexRead(path, read, stat) : this.dropSource(path);
  }

  private dropSource(path: string): UpdateReport {
    this.turns.delete(path);
    this.held.release(path);
    return this.index.removeSource(path);
  }

  /** Indexes a source from its text as just read (`stat`: the file's, taken before the read). */
  private indexRead(path: string, read: ReadText, stat: FileStat | undefined): UpdateReport {
    const before = this.turns.get(path);
    let turns = before?.hash === read.hash ? turnsFrom(before) : undefined;
    if (!turns) {
      this.parsed++;
      turns = turnsOf(read.text);
    }
    const cached: CachedSource = { hash: read.hash, ...packTurns(turns) };
    const codings = locatedCodings(read.text, this.project.codings.get(path)?.codings ?? []);
    if (stat) {
      cached.size = stat.size;
      cached.mtime = stat.mtime;
      cached.located = {
        key: codingsKey(this.project, this.codingsSource, path),
        codings: codings.map((c) => [c.id, c.code, c.start, c.end, c.coder ?? null]),
      };
    }
    const a = this.index.updateCodings(path, codings);
    const b = this.index.updateSource(path, read.text, turns, read.hash);
    cached.key = this.index.keyOf(path);
    this.turns.set(path, cached);
    if (JSON.stringify(cached) !== JSON.stringify(before)) this.turnsDirty = true;
    this.held.hold(path, read.text.length);
    return { added: a.added + b.added, removed: a.removed + b.removed, changed: a.changed || b.changed };
  }

  private async refreshCodings(path: string): Promise<UpdateReport> {
    if (!this.turns.has(path)) return this.index.updateCodings(path, []);
    return this.refreshSource(path);
  }

  /**
   * Makes sure the index holds the texts of these sources, reading those it does not. Returns whether a
   * source was indexed again (its text had changed since it was indexed).
   */
  private async holdTexts(paths: Iterable<string>): Promise<boolean> {
    let changed = false;
    for (const path of paths) {
      if (this.index.holdsText(path)) {
        this.held.touch(path);
        continue;
      }
      const stat = await this.project.ports.files.stat(path).catch(() => undefined);
      const read = await this.project.store.readText(path);
      if (!read) continue;
      if (this.index.attachText(path, read.text, read.hash)) this.held.hold(path, read.text.length);
      else changed = this.indexRead(path, read, stat).changed || changed;
    }
    return changed;
  }
}
