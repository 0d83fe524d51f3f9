import * as vscode from 'vscode';
import type { Disposable } from '../../core/event';
import { codersOf } from '../../core/saturation';
import {
  cellOf,
  cellPassages,
  cellTitle,
  CodingLocator,
  matrixView,
  projectMatrixInput,
  searchQueryOf,
  webviewMessageSchema,
  withSummary,
  withTexts,
  type CellRef,
  type ExportFormat,
  type HostMessage,
  type MatrixInput,
  type MatrixOptions,
  type MatrixView,
  type PassageItem,
  type RenderedState,
} from '../../core/matrices';
import { CodePointIndex } from '../../core/text';
import type { Host } from '../host';
import { Commands, Panels, Settings, Views } from '../ids';
import type { ProjectSession } from '../session';
import { matricesPageHtml } from './html';

/** The panel as tests see it: what was sent, and what the webview says it drew and listed. */
export interface MatricesPanelState {
  open: boolean;
  ready: boolean;
  posted?: MatrixView;
  rendered?: RenderedState;
  /** The passages last sent for a cell, and what the page then showed of them. */
  passages?: { title: string; search?: string; items: PassageItem[] };
  shownPassages?: { count: number; text: string };
  /** Summaries written from the panel, in order. */
  saved: { cell: CellRef; text: string }[];
}

/** What the export command needs from the panel: the options and the rows shown. */
export interface PanelExport {
  format: ExportFormat;
  options: Partial<MatrixOptions>;
  rows: string[];
}

const UPDATE_DEBOUNCE_MS = 300;
/** The passages listed for one cell: enough to read, few enough to draw. */
const MAX_LISTED = 500;

/**
 * The Matrices panel: one webview, created on demand, following the open
 * project. The host computes (core/matrices), the webview draws, sorts and
 * filters; a cell click asks the host for its passages; a framework summary
 * typed in the grid is written to qda/framework.yaml.
 */
export class MatricesPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private readonly panelDisposables: vscode.Disposable[] = [];
  private session: ProjectSession | undefined;
  private locator: CodingLocator | undefined;
  private projectSub: Disposable | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private ready = false;
  private version = 0;
  private chosen: Partial<MatrixOptions> = {};
  private input: MatrixInput | undefined;
  private readonly seen: Omit<MatricesPanelState, 'open' | 'ready'> = { saved: [] };
  /** The latest refresh: an older one finishing late must not draw over it. */
  private computing = 0;

  constructor(
    private readonly host: Pick<Host, 'context' | 'log'>,
    private readonly runExport: (args: PanelExport) => Thenable<unknown>,
  ) {}

  state(): MatricesPanelState {
    return { open: !!this.panel, ready: this.ready, ...this.seen, saved: [...this.seen.saved] };
  }

  options(): Partial<MatrixOptions> {
    return { ...this.chosen };
  }

  attach(session: ProjectSession | undefined): void {
    this.projectSub?.dispose();
    this.projectSub = undefined;
    this.session = session;
    this.locator = session ? new CodingLocator(session.project) : undefined;
    this.input = undefined;
    if (session && this.panel) this.subscribe(session);
    void this.refresh();
  }

  /** Opens the panel (or brings it forward), optionally on a given matrix. */
  show(options: Partial<MatrixOptions> = {}): void {
    this.chosen = { ...this.chosen, ...options };
    if (this.panel) {
      this.panel.reveal();
      void this.refresh();
      return;
    }
    const root = this.host.context.extensionUri;
    const panel = vscode.window.createWebviewPanel(Panels.matrices, 'Matrices', vscode.ViewColumn.Active, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: [vscode.Uri.joinPath(root, 'media'), vscode.Uri.joinPath(root, 'dist', 'webview')],
    });
    this.panel = panel;
    this.ready = false;
    panel.webview.html = matricesPageHtml(panel.webview, root);
    this.panelDisposables.push(
      panel.webview.onDidReceiveMessage((m: unknown) => void this.receive(m)),
      panel.onDidDispose(() => this.closed()),
    );
    if (this.session) this.subscribe(this.session);
  }

  private subscribe(session: ProjectSession): void {
    this.projectSub?.dispose();
    this.projectSub = session.project.onDidChange((change) => {
      // A transcript changed on disk: its codings must be found again.
      if (change.kinds.has('source')) this.locator?.forget(change.paths);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, UPDATE_DEBOUNCE_MS);
  }

  private async receive(raw: unknown): Promise<void> {
    const parsed = webviewMessageSchema.safeParse(raw);
    if (!parsed.success) {
      this.host.log.warn(`matrices panel: ignored a malformed message from the webview: ${parsed.error.issues[0]?.message ?? ''}`);
      return;
    }
    const m = parsed.data;
    try {
      switch (m.type) {
        case 'ready':
          this.ready = true;
          await this.refresh();
          break;
        case 'setOptions':
          this.chosen = { ...this.chosen, ...m.options };
          await this.refresh();
          break;
        case 'openCell':
          await this.openCell(m.cell);
          break;
        case 'reveal':
          await this.reveal(m.source, m.start, m.end);
          break;
        case 'search':
          await vscode.commands.executeCommand(Commands.keepSearchResults, { query: m.query });
          await vscode.commands.executeCommand(`${Views.searchResults}.focus`);
          break;
        case 'saveSummary':
          await this.saveSummary(m.cell, m.text);
          break;
        case 'export': {
          const r = (await this.runExport({ format: m.format, options: this.options(), rows: m.rows })) as { path?: string } | undefined;
          if (r?.path) this.post({ type: 'status', message: `Exported to ${r.path}.`, severity: 'info' });
          break;
        }
        case 'rendered':
          this.seen.rendered = m.state;
          break;
        case 'shownPassages':
          this.seen.shownPassages = { count: m.count, text: m.text };
          break;
      }
    } catch (e) {
      this.host.log.error(`matrices panel: ${m.type} failed`, e instanceof Error ? e : String(e));
      this.post({ type: 'status', message: e instanceof Error ? e.message : String(e), severity: 'error' });
    }
  }

  /** Computes and sends the view (if the page is listening). */
  async refresh(): Promise<void> {
    if (!this.panel || !this.ready) return;
    const session = this.session;
    if (!session || !this.locator) {
      this.post({ type: 'empty', message: 'No Reflexive QDA project is open.' });
      return;
    }
    const run = ++this.computing;
    const t0 = Date.now();
    const project = session.project;
    const input = await projectMatrixInput(project, { coder: this.chosen.coder ?? null, locator: this.locator });
    if (run !== this.computing) return;
    const view = matrixView(
      input,
      this.chosen,
      { title: project.config.title ?? 'Untitled study', coders: codersOf(project), framework: project.framework },
      ++this.version,
    );
    this.input = input;
    this.seen.posted = view;
    this.post({ type: 'update', view });
    this.host.log.debug(`matrices panel: ${view.options.matrix} view ${view.version} computed in ${Date.now() - t0} ms`);
  }

  private async openCell(ref: CellRef): Promise<void> {
    const session = this.session;
    const view = this.seen.posted;
    if (!session || !this.input || !view) return;
    const cell = cellOf(ref, view.options);
    if (!cell) return;
    const found = cellPassages(this.input, cell);
    const texts = await withTexts(session.project, found.slice(0, MAX_LISTED));
    const names = new Map(this.input.codes.map((c) => [c.id, c.name]));
    const items: PassageItem[] = texts.map((p) => {
      const item: PassageItem = { source: p.source, start: p.start, end: p.end, line: p.line, text: p.text };
      if (p.coding?.coder !== undefined) item.coder = p.coding.coder;
      if (p.coding && p.coding.codedAs !== p.coding.code) item.codedAs = names.get(p.coding.codedAs) ?? p.coding.codedAs;
      return item;
    });
    const more = found.length > MAX_LISTED ? ` (the first ${MAX_LISTED} of ${found.length})` : '';
    const title = `${cellTitle(cell, (id) => names.get(id) ?? id)}: ${found.length} passage${found.length === 1 ? '' : 's'}${more}`;
    const search = searchQueryOf(cell, view.options.coder);
    this.seen.passages = { title, search, items };
    this.post({ type: 'passages', cell: ref, title, ...(search ? { search } : {}), passages: items });
  }

  /** Opens the transcript with the passage selected. */
  private async reveal(source: string, start: number, end: number): Promise<void> {
    const session = this.session;
    if (!session) return;
    if (!session.project.sources.includes(source)) throw new Error(`${source} is not a transcript of this project`);
    const doc = await vscode.workspace.openTextDocument(session.files.uri(source));
    const index = new CodePointIndex(doc.getText());
    const range = new vscode.Range(
      doc.positionAt(index.toUtf16(Math.min(start, index.length))),
      doc.positionAt(index.toUtf16(Math.min(end, index.length))),
    );
    const editor = await vscode.window.showTextDocument(doc, { selection: range, preview: true, viewColumn: vscode.ViewColumn.Beside });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private async saveSummary(ref: CellRef, text: string): Promise<void> {
    const session = this.session;
    if (!session || ref.matrix !== 'framework') return;
    const by = vscode.workspace.getConfiguration().get<string>(Settings.coder)?.trim() || undefined;
    const at = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const file = await session.project.changeFramework((f) => withSummary(f, ref.case, ref.code, text, { by, at }));
    const saved = file.summaries.find(
      (s) => s.code === ref.code && (ref.case.kind === 'participant' ? s.participant === ref.case.id : s.source === ref.case.id),
    );
    this.seen.saved.push({ cell: ref, text: saved?.summary ?? '' });
    this.post({ type: 'saved', cell: ref, text: saved?.summary ?? '' });
  }

  private post(message: HostMessage): void {
    void this.panel?.webview.postMessage(message);
  }

  private closed(): void {
    this.panel = undefined;
    this.ready = false;
    this.projectSub?.dispose();
    this.projectSub = undefined;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const d of this.panelDisposables.splice(0)) d.dispose();
  }

  dispose(): void {
    this.panel?.dispose();
    this.closed();
  }
}
