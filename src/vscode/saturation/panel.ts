import * as vscode from 'vscode';
import { Panels } from '../ids';
import {
  saturationView,
  webviewMessageSchema,
  type HostMessage,
  type RenderedCounts,
  type SaturationView,
  type SaturationViewOptions,
} from '../../core/saturation';
import type { Disposable } from '../../core/event';
import type { Host } from '../host';
import type { ProjectSession } from '../session';
import { saturationPageHtml } from './html';

/** The panel as tests see it: what was last sent, and what the webview says it drew. */
export interface PanelState {
  open: boolean;
  /** The webview has sent `ready`. */
  ready: boolean;
  posted?: SaturationView;
  rendered?: { version: number; counts: RenderedCounts; text: string };
}

/** Same pause as the status bar: one recomputation per burst of coding. */
const UPDATE_DEBOUNCE_MS = 300;

/**
 * The Saturation panel: one webview, created on demand, that follows the open
 * project. The host computes (core/saturation/charts/view), the webview draws; the options
 * the researcher picks live here for as long as the window does.
 */
export class SaturationPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private readonly panelDisposables: vscode.Disposable[] = [];
  private session: ProjectSession | undefined;
  private projectSub: Disposable | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private ready = false;
  private version = 0;
  private chosen: Partial<SaturationViewOptions> = {};
  private posted: SaturationView | undefined;
  private rendered: PanelState['rendered'];

  constructor(
    private readonly host: Pick<Host, 'context' | 'log'>,
    private readonly runExport: () => Thenable<unknown>,
  ) {}

  /** The options chosen in the panel (empty: project.yaml's defaults), for the export. */
  options(): Partial<SaturationViewOptions> {
    return { ...this.chosen };
  }

  state(): PanelState {
    return { open: !!this.panel, ready: this.ready, posted: this.posted, rendered: this.rendered };
  }

  /** Follows a newly opened (or closed) project. */
  attach(session: ProjectSession | undefined): void {
    this.projectSub?.dispose();
    this.projectSub = undefined;
    this.session = session;
    if (session && this.panel) this.subscribe(session);
    this.refresh();
  }

  show(): void {
    if (this.panel) {
      this.panel.reveal();
      return;
    }
    const root = this.host.context.extensionUri;
    const panel = vscode.window.createWebviewPanel(Panels.saturation, 'Saturation', vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(root, 'media'), vscode.Uri.joinPath(root, 'dist', 'webview')],
    });
    this.panel = panel;
    this.ready = false;
    panel.webview.html = saturationPageHtml(panel.webview, root);
    this.panelDisposables.push(
      panel.webview.onDidReceiveMessage((m: unknown) => this.receive(m)),
      panel.onDidDispose(() => this.closed()),
      // Without retainContextWhenHidden the page reloads when shown again; it says `ready` again.
      panel.onDidChangeViewState((e) => {
        if (!e.webviewPanel.visible) this.ready = false;
      }),
    );
    if (this.session) this.subscribe(this.session);
  }

  private subscribe(session: ProjectSession): void {
    this.projectSub?.dispose();
    this.projectSub = session.project.onDidChange(() => this.schedule());
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.refresh();
    }, UPDATE_DEBOUNCE_MS);
  }

  private receive(raw: unknown): void {
    const parsed = webviewMessageSchema.safeParse(raw);
    if (!parsed.success) {
      this.host.log.warn(`saturation panel: ignored a malformed message from the webview: ${parsed.error.issues[0]?.message ?? ''}`);
      return;
    }
    const m = parsed.data;
    switch (m.type) {
      case 'ready':
        this.ready = true;
        this.refresh();
        break;
      case 'setOptions':
        this.chosen = { ...this.chosen, ...m.options };
        this.refresh();
        break;
      case 'resetOptions':
        this.chosen = { subgroupBy: this.chosen.subgroupBy };
        this.refresh();
        break;
      case 'export':
        void Promise.resolve(this.runExport()).then((r) => {
          const files = (r as { files?: string[] } | undefined)?.files;
          this.post({ type: 'status', message: files ? `Exported ${files.length} files.` : '', severity: 'info' });
        });
        break;
      case 'rendered':
        this.rendered = { version: m.version, counts: m.counts, text: m.text };
        break;
    }
  }

  /** Computes and sends the view now (if the page is listening). */
  refresh(): void {
    if (!this.panel || !this.ready) return;
    if (!this.session) {
      this.post({ type: 'empty', message: 'No Reflexive QDA project is open.' });
      return;
    }
    try {
      const t0 = Date.now();
      const view = saturationView(this.session.project, this.chosen, ++this.version);
      this.posted = view;
      this.post({ type: 'update', view });
      this.host.log.debug(`saturation panel: view ${view.version} computed in ${Date.now() - t0} ms`);
    } catch (e) {
      this.host.log.error('saturation panel: computing the figures failed', e instanceof Error ? e : String(e));
      this.post({
        type: 'status',
        message: `The figures could not be computed: ${e instanceof Error ? e.message : String(e)}`,
        severity: 'error',
      });
    }
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
