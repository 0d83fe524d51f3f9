import * as vscode from 'vscode';
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
  type WebviewMessage,
} from '../../core/matrices';
import { CodePointIndex } from '../../core/text';
import type { Host } from '../host';
import { Commands, Panels, Settings, Views } from '../ids';
import { WebviewPanelHost, type PanelOpenState } from '../panelHost';
import type { ProjectSession } from '../session';
import { matricesPage } from './html';

/** The panel as tests see it: what was sent, and what the webview says it drew and listed. */
export interface MatricesPanelState extends PanelOpenState {
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

/** The passages listed for one cell: enough to read, few enough to draw. */
const MAX_LISTED = 500;

/**
 * The Matrices panel: one webview, created on demand, following the open
 * project. The host computes (core/matrices), the webview draws, sorts and
 * filters; a cell click asks the host for its passages; a framework summary
 * typed in the grid is written to qda/framework.yaml.
 */
export class MatricesPanel implements vscode.Disposable {
  private readonly view: WebviewPanelHost<MatricesPanelState, WebviewMessage, HostMessage>;
  private locator: CodingLocator | undefined;
  private version = 0;
  private chosen: Partial<MatrixOptions> = {};
  private input: MatrixInput | undefined;
  /** The latest refresh: an older one finishing late must not draw over it. */
  private computing = 0;

  constructor(
    private readonly host: Pick<Host, 'context' | 'log'>,
    private readonly runExport: (args: PanelExport) => Thenable<unknown>,
  ) {
    this.view = new WebviewPanelHost(host, {
      viewType: Panels.matrices,
      title: 'Matrices',
      page: matricesPage,
      name: 'matrices panel',
      schema: webviewMessageSchema,
      seen: { saved: [] },
      retainContextWhenHidden: true,
      receive: (m) => this.receive(m),
      refresh: () => this.refresh(),
      failed: (_m, e) => this.view.post({ type: 'status', message: e instanceof Error ? e.message : String(e), severity: 'error' }),
      // A transcript changed on disk: its codings must be found again.
      projectChanged: (change) => {
        if (change.kinds.has('source')) this.locator?.forget(change.paths);
      },
    });
  }

  state(): MatricesPanelState {
    const state = this.view.state();
    return { ...state, saved: [...state.saved] };
  }

  options(): Partial<MatrixOptions> {
    return { ...this.chosen };
  }

  attach(session: ProjectSession | undefined): void {
    this.locator = session ? new CodingLocator(session.project) : undefined;
    this.input = undefined;
    this.view.attach(session);
  }

  /** Opens the panel (or brings it forward), optionally on a given matrix. */
  show(options: Partial<MatrixOptions> = {}): void {
    this.chosen = { ...this.chosen, ...options };
    this.view.show();
    // A new page says `ready` first; one already open shows the options now.
    void this.refresh();
  }

  private async receive(m: WebviewMessage): Promise<void> {
    switch (m.type) {
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
        if (r?.path) this.view.post({ type: 'status', message: `Exported to ${r.path}.`, severity: 'info' });
        break;
      }
      case 'rendered':
        this.view.seen.rendered = m.state;
        break;
      case 'shownPassages':
        this.view.seen.shownPassages = { count: m.count, text: m.text };
        break;
    }
  }

  /** Computes and sends the view (if the page is listening). */
  async refresh(): Promise<void> {
    if (!this.view.listening) return;
    const session = this.view.session;
    if (!session || !this.locator) {
      this.view.post({ type: 'empty', message: 'No Reflexive QDA project is open.' });
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
    this.view.seen.posted = view;
    this.view.post({ type: 'update', view });
    this.host.log.debug(`matrices panel: ${view.options.matrix} view ${view.version} computed in ${Date.now() - t0} ms`);
  }

  private async openCell(ref: CellRef): Promise<void> {
    const session = this.view.session;
    const view = this.view.seen.posted;
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
    this.view.seen.passages = { title, search, items };
    this.view.post({ type: 'passages', cell: ref, title, ...(search ? { search } : {}), passages: items });
  }

  /** Opens the transcript with the passage selected. */
  private async reveal(source: string, start: number, end: number): Promise<void> {
    const session = this.view.session;
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
    const session = this.view.session;
    if (!session || ref.matrix !== 'framework') return;
    const by = vscode.workspace.getConfiguration().get<string>(Settings.coder)?.trim() || undefined;
    const at = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const file = await session.project.changeFramework((f) => withSummary(f, ref.case, ref.code, text, { by, at }));
    const saved = file.summaries.find(
      (s) => s.code === ref.code && (ref.case.kind === 'participant' ? s.participant === ref.case.id : s.source === ref.case.id),
    );
    this.view.seen.saved.push({ cell: ref, text: saved?.summary ?? '' });
    this.view.post({ type: 'saved', cell: ref, text: saved?.summary ?? '' });
  }

  dispose(): void {
    this.view.dispose();
  }
}
