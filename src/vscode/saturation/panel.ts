import type * as vscode from 'vscode';
import { Panels } from '../ids';
import {
  saturationView,
  webviewMessageSchema,
  type HostMessage,
  type RenderedCounts,
  type SaturationView,
  type SaturationViewOptions,
  type WebviewMessage,
} from '../../core/saturation';
import type { Host } from '../host';
import { WebviewPanelHost, type PanelOpenState } from '../panelHost';
import type { ProjectSession } from '../session';
import { saturationPage } from './html';

/** The panel as tests see it: what was last sent, and what the webview says it drew. */
export interface PanelState extends PanelOpenState {
  posted?: SaturationView;
  rendered?: { version: number; counts: RenderedCounts; text: string };
}

/**
 * The Saturation panel: one webview, created on demand, that follows the open
 * project. The host computes (core/saturation/charts/view), the webview draws; the options
 * the researcher picks live here for as long as the window does.
 */
export class SaturationPanel implements vscode.Disposable {
  private readonly view: WebviewPanelHost<PanelState, WebviewMessage, HostMessage>;
  private version = 0;
  private chosen: Partial<SaturationViewOptions> = {};

  constructor(
    private readonly host: Pick<Host, 'context' | 'log'>,
    private readonly runExport: () => Thenable<unknown>,
  ) {
    this.view = new WebviewPanelHost(host, {
      viewType: Panels.saturation,
      title: 'Saturation',
      page: saturationPage,
      name: 'saturation panel',
      schema: webviewMessageSchema,
      seen: {},
      // Same pause as the status bar: one recomputation per burst of coding.
      debounceMs: 300,
      receive: (m) => this.receive(m),
      refresh: () => this.refresh(),
    });
  }

  /** The options chosen in the panel (empty: project.yaml's defaults), for the export. */
  options(): Partial<SaturationViewOptions> {
    return { ...this.chosen };
  }

  state(): PanelState {
    return this.view.state();
  }

  /** Follows a newly opened (or closed) project. */
  attach(session: ProjectSession | undefined): void {
    this.view.attach(session);
  }

  show(): void {
    this.view.show();
  }

  private receive(m: WebviewMessage): void {
    switch (m.type) {
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
          this.view.post({ type: 'status', message: files ? `Exported ${files.length} files.` : '', severity: 'info' });
        });
        break;
      case 'rendered':
        this.view.seen.rendered = { version: m.version, counts: m.counts, text: m.text };
        break;
    }
  }

  /** Computes and sends the view now (if the page is listening). */
  refresh(): void {
    if (!this.view.listening) return;
    const session = this.view.session;
    if (!session) {
      this.view.post({ type: 'empty', message: 'No Reflexive QDA project is open.' });
      return;
    }
    try {
      const t0 = Date.now();
      const view = saturationView(session.project, this.chosen, ++this.version);
      this.view.seen.posted = view;
      this.view.post({ type: 'update', view });
      this.host.log.debug(`saturation panel: view ${view.version} computed in ${Date.now() - t0} ms`);
    } catch (e) {
      this.host.log.error('saturation panel: computing the figures failed', e instanceof Error ? e : String(e));
      this.view.post({
        type: 'status',
        message: `The figures could not be computed: ${e instanceof Error ? e.message : String(e)}`,
        severity: 'error',
      });
    }
  }

  dispose(): void {
    this.view.dispose();
  }
}
