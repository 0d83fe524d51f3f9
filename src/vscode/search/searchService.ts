import * as vscode from 'vscode';
import { ProjectSearch, SEARCH_CACHE_PATH } from '../../core/search';
import type { Host } from '../host';
import type { ProjectSession } from '../session';
import { yieldToHost } from '../platform';

/**
 * How long after the last change the index is written to qda/.cache/. Writing a
 * large study's index blocks for about a second, and a stale cache only costs
 * re-indexing what changed at the next start, so it is written rarely.
 */
const SAVE_DELAY_MS = 30_000;

interface Loaded {
  session: ProjectSession;
  search: Promise<ProjectSearch | undefined>;
  /** Set once loaded; undefined while loading or after a failure. */
  ready?: ProjectSearch;
  timer?: ReturnType<typeof setTimeout>;
  disposed: boolean;
  subs: vscode.Disposable[];
}

/**
 * The open project's search index: loaded from the cache (or built) in the
 * background once the project opens, never awaited by activation; updated
 * from the project's change events; written back to the cache a few seconds
 * after it changed, and when the project closes.
 */
export class SearchService implements vscode.Disposable {
  private state: Loaded | undefined;
  private readonly _onDidChange = new vscode.EventEmitter<void>();
  /** Fires when the index was loaded or changed. */
  readonly onDidChange = this._onDidChange.event;
  private readonly sub: vscode.Disposable;

  constructor(private readonly host: Host) {
    this.sub = host.onDidChangeSession((s) => this.attach(s));
    this.attach(host.session());
  }

  /** Whether the index of the open project is ready to query. */
  get isReady(): boolean {
    return !!this.state?.ready;
  }

  /** The index once it is loaded; undefined when no project is open or loading failed. */
  async index(): Promise<ProjectSearch | undefined> {
    return this.state?.search;
  }

  /** Waits for the index, for file changes already seen and for the updates they cause (commands and tests). */
  async settled(): Promise<ProjectSearch | undefined> {
    const state = this.state;
    const search = await state?.search;
    if (!state || !search) return undefined;
    await state.session.settle();
    await search.settle();
    return search;
  }

  /** Writes the index to the cache now if it changed (tests, and before the project closes). */
  async flush(): Promise<boolean> {
    const state = this.state;
    if (state?.timer) clearTimeout(state.timer);
    const search = await state?.search;
    return search ? this.save(search) : false;
  }

  private attach(session: ProjectSession | undefined): void {
    this.close();
    if (!session) return;
    const state: Loaded = { session, disposed: false, subs: [], search: Promise.resolve(undefined) };
    state.search = this.load(state);
    this.state = state;
  }

  private async load(state: Loaded): Promise<ProjectSearch | undefined> {
    // Out of the activation's turn of the event loop: opening the project comes first.
    await yieldToHost();
    if (state.disposed) return undefined;
    try {
      const search = await this.open(state);
      if (state.disposed) {
        search.dispose();
        return undefined;
      }
      state.ready = search;
      state.subs.push(
        search,
        search.onDidUpdate(() => {
          this._onDidChange.fire();
          this.scheduleSave(state, search);
        }),
      );
      const r = search.loaded;
      this.host.log.info(
        `search index ready in ${r.ms} ms: ${r.cache === 'used' ? `from ${SEARCH_CACHE_PATH}` : `built (cache ${r.cache}${r.reason ? `: ${r.reason}` : ''})`}, ${r.documents} documents, ${r.added} indexed, ${r.removed} removed, ${r.parsed} transcript(s) parsed`,
      );
      if (search.dirty) this.scheduleSave(state, search);
      this._onDidChange.fire();
      return search;
    } catch (e) {
      this.host.log.error('building the search index failed', e instanceof Error ? e : String(e));
      return undefined;
    }
  }

  /**
   * Loads or builds the index, yielding to the extension host between steps, with its progress in the
   * status bar: a large study's first build takes a while, and the window should say why search waits.
   */
  private open(state: Loaded): Thenable<ProjectSearch> {
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Search index' }, (progress) => {
      let shown = '';
      let fromCache = false;
      return ProjectSearch.open(state.session.project, {
        listen: true,
        pause: yieldToHost,
        progress: (done, total, step) => {
          fromCache ||= step === 'cache';
          const percent = Math.floor((100 * done) / Math.max(1, total));
          const what = step === 'cache' ? 'reading' : fromCache ? 'checking transcripts' : 'indexing transcripts';
          const message = `${what} ${percent}%`;
          if (message === shown) return;
          shown = message;
          progress.report({ message });
        },
      });
    });
  }

  private scheduleSave(state: Loaded, search: ProjectSearch): void {
    if (state.timer) clearTimeout(state.timer);
    state.timer = setTimeout(() => {
      state.timer = undefined;
      void this.save(search);
    }, SAVE_DELAY_MS);
  }

  private async save(search: ProjectSearch): Promise<boolean> {
    try {
      const t0 = Date.now();
      const wrote = await search.save();
      if (wrote) this.host.log.debug(`saved the search index to ${SEARCH_CACHE_PATH} in ${Date.now() - t0} ms`);
      return wrote;
    } catch (e) {
      // Only a cache: the next start rebuilds what is missing.
      this.host.log.warn(`could not save the search index: ${e instanceof Error ? e.message : String(e)}`);
      return false;
    }
  }

  /** Saves what changed since the last write, then lets the index go. */
  private close(): void {
    const state = this.state;
    this.state = undefined;
    if (!state) return;
    state.disposed = true;
    if (state.timer) clearTimeout(state.timer);
    const search = state.ready;
    const release = () => state.subs.splice(0).forEach((d) => d.dispose());
    if (search?.dirty) void this.save(search).finally(release);
    else release();
  }

  dispose(): void {
    this.close();
    this.sub.dispose();
    this._onDidChange.dispose();
  }
}
