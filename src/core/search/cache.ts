/**
 * The search index of a project, kept off the critical path: built from the
 * project's files, persisted in qda/.cache/, loaded and brought up to date
 * (only what changed is re-indexed), and kept current from the project's change
 * events. The extension and the `qda` CLI share the cache file.
 * Pure: files are reached through the project's store and file port.
 */
import { locateAll } from '../anchor';
import { Emitter, type Disposable } from '../event';
import { inclusion } from '../participants';
import { sourceForCodingsPath, CODEBOOK_FILE, type Project, type ProjectChange } from '../project';
import type { Coding } from '../model';
import { DEFAULT_SEARCH_LIMIT, SearchIndex } from './searchIndex';
import { SEARCH_INDEX_VERSION } from './serial';
import type { SearchHit, SearchOptions, SearchResponse, SearchTurn, UpdateReport } from './types';
import { CodePointIndex, decodeUtf8, encodeUtf8, LineIndex } from '../text';
import { parseTranscript } from '../transcripts';

/**
 * Where the index is saved: this file lists the segments and each source's turns; each segment is a file
 * beside it ({@link segmentCachePath}). The index format version is part of the names, so versions never
 * read each other's files.
 */
export const SEARCH_CACHE_PATH = `qda/.cache/search-v${SEARCH_INDEX_VERSION}.json`;

/** The file of one segment of the saved index. */
export function segmentCachePath(name: string): string {
  return `qda/.cache/search-v${SEARCH_INDEX_VERSION}-${name}.json`;
}

/**
 * Raise when the turns derived from a transcript change (parseTranscript's
 * rules, or which span of a turn is indexed): turns cached by text hash are
 * then derived again instead of trusted.
 */
const TURNS_VERSION = 1;
const FORMAT = 'reflexive-qda/search-cache';

type CachedTurns = { hash: string; turns: [number, number, string | null][] };

/**
 * The cache's list: each source's turns by text hash, so a warm start parses no transcript that did not
 * change, and the segments in order, each with the stamp of the save that wrote it: a segment file with
 * another stamp (a save cut short) is not used, and its sources are indexed again.
 */
interface CacheFile {
  format: typeof FORMAT;
  turnsVersion: number;
  version: number;
  stamp: number;
  turns: Record<string, CachedTurns>;
  segments: { name: string; stamp: number }[];
}

/** A segment's file: the stamp of the save that wrote it, and the segment. */
interface SegmentFile {
  stamp: number;
  segment: unknown;
}

/** How the index was obtained: from the cache, or built because the cache was missing, from another version, damaged or not wanted. */
export type CacheUse = 'used' | 'missing' | 'stale' | 'damaged' | 'off';

export interface OpenReport {
  cache: CacheUse;
  /** Why the cache was not used (for logs). */
  reason?: string;
  /** Documents indexed and removed while loading: 0 and 0 for a warm start with nothing changed. */
  added: number;
  removed: number;
  /** Sources whose text was parsed for turns (not found in the cache under their current text). */
  parsed: number;
  documents: number;
  ms: number;
}

export interface ProjectSearchOptions {
  /** Read the cache (default true); false builds from scratch. */
  useCache?: boolean;
  /** Subscribe to the project's changes before loading, so that none is missed while it loads. */
  listen?: boolean;
  /**
   * Awaited between batches of sources while loading, e.g. `() => new Promise((r) => setImmediate(r))`,
   * so that a long build leaves the event loop free for other work.
   */
  pause?: () => Promise<void>;
  /** Sources per batch (default 4). */
  batchSize?: number;
  /** Called as the load goes: `done` of `total` segments of the cache read, then sources checked (or indexed). */
  progress?: (done: number, total: number, step: 'cache' | 'sources') => void;
}

/** What an applied change did, and the project files it came from. */
export interface SearchUpdate extends UpdateReport {
  paths: string[];
}

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
  /** Source path -> turns indexed for its text: both the warm-start shortcut and the set of indexed sources. */
  private readonly turns = new Map<string, CachedTurns>();
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
  ) {}

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
   * Runs a query; see SearchIndex.search and docs/search.md. Passages of
   * withdrawn participants are never among the hits (the index keeps them, so
   * that a reinstatement needs no rebuild; they are left out here).
   */
  search(query: string, options?: SearchOptions): SearchResponse {
    const inc = inclusion(this.project);
    if (!inc.withdrawn.length) return this.index.search(query, options);
    const all = this.index.search(query, { ...options, limit: Number.MAX_SAFE_INTEGER });
    const hits = all.hits.filter((h) => h.kind !== 'passage' || inc.includesPassage(h.source!, h.start, h.end));
    return { ...all, hits: hits.slice(0, options?.limit ?? DEFAULT_SEARCH_LIMIT), total: hits.length };
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
   * Brings the index in line with one project change: codings files update the
   * codes on their source's passages, transcripts are re-read, memos, the
   * codebook and participants are taken from the project.
   */
  apply(change: ProjectChange): Promise<SearchUpdate> {
    return this.enqueue(async () => {
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
    });
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
        const json: SegmentFile = { stamp, segment: seg.json() };
        await files.writeAtomic(segmentCachePath(seg.name), encodeUtf8(JSON.stringify(json)));
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

  private async load(): Promise<void> {
    const t0 = Date.now();
    const project = this.project;
    const cached = this.options.useCache === false ? { use: 'off' as const } : await this.readCache();
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
      for (const path of list.slice(i, i + batch)) add(await this.refreshSource(path));
      this.options.progress?.(Math.min(list.length, i + batch), list.length, 'sources');
    }
    report.parsed = this.parsed;
    this.turnsDirty = this.parsed > 0 || cached.use !== 'used';
    for (const memo of project.memos.values()) add(this.index.updateMemo(memo));
    this.index.compact();
    report.documents = this.index.documentCount;
    report.ms = Date.now() - t0;
    this.report = report;
  }

  /** Reads the cache's list, then its segments one by one into the index; a segment that does not load is left out. */
  private async readCache(): Promise<{ use: CacheUse; reason?: string; turns?: Record<string, CachedTurns> }> {
    const files = this.project.ports.files;
    let file: Partial<CacheFile>;
    try {
      const bytes = await files.read(SEARCH_CACHE_PATH);
      if (!bytes) return { use: 'missing' };
      file = JSON.parse(decodeUtf8(bytes).text) as Partial<CacheFile>;
    } catch (e) {
      return { use: 'damaged', reason: `cannot read ${SEARCH_CACHE_PATH}: ${(e as Error).message}` };
    }
    if (!file || file.format !== FORMAT || typeof file.turns !== 'object' || file.turns === null || !Array.isArray(file.segments))
      return { use: 'damaged', reason: 'not a search cache' };
    if (file.turnsVersion !== TURNS_VERSION || file.version !== SEARCH_INDEX_VERSION) {
      return { use: 'stale', reason: `made by another version (turns ${String(file.turnsVersion)}, index ${String(file.version)})` };
    }
    const problems: string[] = [];
    const segments = file.segments;
    for (const [k, { name, stamp }] of segments.entries()) {
      if (k > 0 && this.options.pause) await this.options.pause();
      try {
        if (typeof name !== 'string' || !/^[a-z0-9]+$/.test(name)) throw new Error('a segment has no valid name');
        const bytes = await files.read(segmentCachePath(name));
        if (!bytes) throw new Error(`${segmentCachePath(name)} is missing`);
        const seg = JSON.parse(decodeUtf8(bytes).text) as Partial<SegmentFile>;
        if (seg?.stamp !== stamp) throw new Error(`${segmentCachePath(name)} is from another save`);
        this.index.loadSegment(seg.segment);
        this.stamps.set(name, stamp);
      } catch (e) {
        problems.push((e as Error).message);
      }
      this.options.progress?.(k + 1, segments.length, 'cache');
    }
    this.stamp = typeof file.stamp === 'number' ? file.stamp : 0;
    const reason = problems.length ? `${problems.length} segment(s) indexed again: ${problems[0]}` : undefined;
    return { use: 'used', turns: file.turns, ...(reason ? { reason } : {}) };
  }

  /**
   * Re-reads one source and re-indexes what changed in it (text, turns, codings),
   * or removes it when it is no longer a source. Turns are parsed only for a
   * text not seen before.
   */
  private async refreshSource(path: string): Promise<UpdateReport> {
    const read = this.project.sources.includes(path) ? await this.project.store.readText(path) : undefined;
    if (!read) {
      this.turns.delete(path);
      return this.index.removeSource(path);
    }
    let cached = this.turns.get(path);
    if (cached?.hash !== read.hash) {
      this.parsed++;
      cached = { hash: read.hash, turns: turnsOf(read.text).map((t) => [t.start, t.end, t.speaker ?? null]) };
      this.turns.set(path, cached);
    }
    const turns: SearchTurn[] = cached.turns.map(([start, end, speaker]) => (speaker === null ? { start, end } : { start, end, speaker }));
    const a = this.index.updateCodings(path, locatedCodings(read.text, this.project.codings.get(path)?.codings ?? []));
    const b = this.index.updateSource(path, read.text, turns, read.hash);
    return { added: a.added + b.added, removed: a.removed + b.removed, changed: a.changed || b.changed };
  }

  private async refreshCodings(path: string): Promise<UpdateReport> {
    if (!this.turns.has(path)) return this.index.updateCodings(path, []);
    const read = await this.project.store.readText(path);
    return this.index.updateCodings(path, read ? locatedCodings(read.text, this.project.codings.get(path)?.codings ?? []) : []);
  }
}

/** The turns of a transcript as search indexes them: what is said, after the speaker's label. */
export function turnsOf(text: string): SearchTurn[] {
  return parseTranscript(text).turns.map((t) =>
    t.speaker === undefined
      ? { start: t.text.cpStart, end: t.text.cpEnd }
      : { start: t.text.cpStart, end: t.text.cpEnd, speaker: t.speaker },
  );
}

/** Codings where their passages are in `text` now; orphaned ones are left out (their passage is not there). */
export function locatedCodings(text: string, codings: readonly Coding[]): Coding[] {
  if (codings.length === 0) return [];
  const located = locateAll(new CodePointIndex(text), codings);
  return codings.flatMap((c, i) => (located[i].state === 'orphaned' ? [] : [{ ...c, start: located[i].start, end: located[i].end }]));
}

/** The project file a hit is in: the transcript, the memo, or the codebook. */
export function hitPath(hit: SearchHit): string {
  return hit.kind === 'passage' ? hit.source! : hit.kind === 'memo' ? hit.memo! : CODEBOOK_FILE;
}

/**
 * Where a hit is in its file (`fileText`, as now on disk): code points from the file's start, and 1-based line
 * and column (in code points).
 */
export interface HitPosition {
  start: number;
  end: number;
  line: number;
  column: number;
}

/**
 * Where a hit's document starts in the text of its file: a passage's offsets
 * are the file's; a memo's count from its body (the end of the file); a code's
 * field is looked up under its id in the codebook.
 */
export function hitPosition(hit: SearchHit, fileText: string): HitPosition {
  const cpi = new CodePointIndex(fileText);
  let start = hit.start;
  let end = hit.end;
  if (hit.kind === 'memo') {
    const base = Math.max(0, cpi.length - hit.end);
    start += base;
    end += base;
  } else if (hit.kind === 'code') {
    const at = codeFieldOffset(fileText, hit.code!, hit.field ?? 'name');
    start = cpi.toCodePoint(at);
    end = start + (hit.end - hit.start);
  }
  const pos = new LineIndex(fileText).positionAt(cpi.toUtf16(start));
  return { start, end: Math.min(end, cpi.length), line: pos.line, column: pos.column };
}

/** UTF-16 index of a code's field in codebook YAML (the key), else of its id, else 0. */
function codeFieldOffset(yaml: string, id: string, field: string): number {
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
  const idLine = new RegExp(`^([ \\t]*)-[ \\t]*(?:\\{[ \\t]*)?id:[ \\t]*["']?${esc(id)}["']?[ \\t]*(?:[,}#].*)?$`, 'm').exec(yaml);
  if (!idLine) return 0;
  const from = idLine.index;
  const next = /^[ \t]*-[ \t]*(?:\{[ \t]*)?id:/m.exec(yaml.slice(from + idLine[0].length));
  const block = yaml.slice(from, next ? from + idLine[0].length + next.index : yaml.length);
  const key = new RegExp(`(^|[\\s{,])${esc(field)}:[ \\t]*`).exec(block);
  return key ? from + key.index + key[0].length : from + idLine[1].length;
}
