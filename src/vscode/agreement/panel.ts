import * as vscode from 'vscode';
import { webviewMessageSchema, type AgreementView, type HostMessage, type RenderedCounts, type WebviewMessage } from '../../core/agreement';
import type { Host } from '../host';
import { Panels } from '../ids';
import { WebviewPanelHost, type PanelOpenState } from '../panelHost';
import type { Comparison } from './comparison';

/** The panel as tests see it: what was last sent, and what the webview says it drew. */
export interface AgreementPanelState extends PanelOpenState {
  posted?: AgreementView;
  rendered?: { version: number; counts: RenderedCounts; text: string };
}

/** What the panel's buttons ask the feature to do. */
export interface PanelActions {
  export(format: 'csv' | 'md'): Thenable<unknown>;
  walk(code: string | null): Thenable<unknown>;
}

/**
 * The Compare Coders panel: one webview showing the comparison's table. The host
 * computes (Comparison), the page draws (src/webview/agreement.ts).
 */
export class AgreementPanel implements vscode.Disposable {
  private readonly view: WebviewPanelHost<AgreementPanelState, WebviewMessage, HostMessage>;
  private readonly disposables: vscode.Disposable[] = [];
  private version = 0;

  constructor(
    private readonly host: Pick<Host, 'context' | 'log' | 'session'>,
    private readonly comparison: Comparison,
    private readonly actions: PanelActions,
  ) {
    this.view = new WebviewPanelHost(host, {
      viewType: Panels.agreement,
      title: 'Compare Coders',
      page: { title: 'Compare Coders', styles: ['agreement.css'], script: 'agreement.js', body: PAGE_BODY },
      name: 'agreement panel',
      schema: webviewMessageSchema,
      seen: {},
      // Beside the transcript being read; an open panel comes forward without taking focus.
      column: () => ({
        viewColumn: vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active,
        preserveFocus: false,
      }),
      revealPreserveFocus: true,
      receive: (m) => this.receive(m),
      refresh: () => this.refresh(),
    });
    this.disposables.push(
      this.view,
      comparison.onDidChange(() => this.refresh()),
    );
  }

  state(): AgreementPanelState {
    return this.view.state();
  }

  /** The column the panel is in (transcripts open beside it). */
  get column(): vscode.ViewColumn | undefined {
    return this.view.column;
  }

  show(): void {
    this.view.show();
  }

  private receive(m: WebviewMessage): void {
    switch (m.type) {
      case 'setUnit':
        void this.comparison.setUnit(m.unit).catch((e) => this.status(`The figures could not be computed: ${String(e)}`, 'error'));
        break;
      case 'export':
        void Promise.resolve(this.actions.export(m.format)).then((r) => {
          const file = (r as { file?: string } | undefined)?.file;
          if (file) this.status(`Exported to ${file}.`, 'info');
        });
        break;
      case 'walk':
        void this.actions.walk(m.code);
        break;
      case 'rendered':
        this.view.seen.rendered = { version: m.version, counts: m.counts, text: m.text };
        break;
    }
  }

  /** Sends the comparison as it is now (if the page is listening). */
  refresh(): void {
    if (!this.view.listening) return;
    const c = this.comparison;
    if (!c.coders || !c.report) {
      const message = !c.coders
        ? 'Run “Compare Coders” to choose two coders.'
        : c.error
          ? `The figures could not be computed: ${c.error}`
          : 'Computing…';
      this.view.post({ type: 'empty', message });
      return;
    }
    const [a, b] = c.report.coders;
    this.view.title = `Compare Coders: ${a} and ${b}`;
    const disagreements: AgreementView['disagreements'] = {};
    for (const d of c.disagreements) {
      const n = (disagreements[d.code] ??= { open: 0, settled: 0 });
      if (d.consensus.length) n.settled++;
      else n.open++;
    }
    const view: AgreementView = {
      version: ++this.version,
      title: this.host.session()?.project.config.title ?? '',
      report: c.report,
      disagreements,
      consensusCoder: c.consensusCoder(),
    };
    this.view.seen.posted = view;
    this.view.post({ type: 'update', view });
  }

  status(message: string, severity: 'info' | 'error'): void {
    this.view.post({ type: 'status', message, severity });
  }

  /** Closes the panel (Compare Coders opens it again). */
  close(): void {
    this.view.close();
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

/** The controls; the script fills in the rest. */
const PAGE_BODY = `<header class="toolbar">
  <h1>Compare Coders <span id="coders"></span></h1>
  <div id="controls" role="group" aria-label="What to compare">
    <label>Unit <select id="unit"><option value="character">Characters</option><option value="turn">Speaker turns</option></select></label>
    <span class="spacer"></span>
    <button type="button" id="exportCsv" class="secondary" title="The table as CSV, for a supplement">Export CSV…</button>
    <button type="button" id="exportMd" title="The table as Markdown, for a methods section">Export Markdown…</button>
  </div>
  <div id="status" class="status" role="status" aria-live="polite"></div>
</header>
<main id="content" aria-busy="true"><p class="muted">Computing…</p></main>`;
