import * as vscode from 'vscode';
import type { Disposable } from '../core/event';
import type { ProjectChange } from '../core/project';
import type { Host } from './host';
import type { ProjectSession } from './session';
import { webviewHtml, type WebviewPage } from './webview';

/** What every panel's test state holds: whether it is open and its page said `ready`. */
export interface PanelOpenState {
  open: boolean;
  /** The webview has sent `ready` (and has not been hidden and reloaded since). */
  ready: boolean;
}

/** A zod schema, or anything else that validates a message the same way. */
export interface MessageSchema<Message> {
  safeParse(raw: unknown): { success: true; data: Message } | { success: false; error: { issues: { message: string }[] } };
}

/** What a panel tells its host: the page, how to read its messages, what to do with them. */
export interface PanelOptions<State extends PanelOpenState, Message extends { type: string }> {
  /** The contributed panel id (from ids.ts). */
  viewType: string;
  /** The tab's title. */
  title: string;
  /** The page shell: stylesheets after media/panel.css, the bundled script, the controls. */
  page: WebviewPage;
  /** Who the log lines name, e.g. 'saturation panel'. */
  name: string;
  schema: MessageSchema<Message>;
  /** What tests see beyond open and ready, before anything was posted. */
  seen: Omit<State, keyof PanelOpenState>;
  /** Every valid message but `ready` (which the host answers with `refresh`). */
  receive(message: Message): void | Promise<void>;
  /** Computes and posts the view; called on `ready`, on attach and after project changes. */
  refresh(): void | Promise<void>;
  /** A message handler threw; the host has logged it. */
  failed?(message: Message, error: unknown): void;
  /** The page keeps its state while hidden; otherwise it reloads and says `ready` again. */
  retainContextWhenHidden?: boolean;
  /** Where the panel opens (default: the active column). */
  column?(): vscode.ViewColumn | { viewColumn: vscode.ViewColumn; preserveFocus?: boolean };
  /** Reveal an open panel without taking focus. */
  revealPreserveFocus?: boolean;
  /** The pause after a project change before refreshing: one recomputation per burst of edits. */
  debounceMs?: number;
  /** Called at once for each project change, before the debounced refresh. */
  projectChanged?(change: ProjectChange): void;
}

/**
 * The life of one webview panel, shared by Saturation, Matrices, Compare Coders
 * and Participants: created on demand and revealed after, a strict-CSP page
 * (webviewHtml), messages validated before any handler sees them, the `ready`
 * handshake, following the open project (debounced refreshes), and the state
 * tests read. The panel class keeps only what it computes and what its
 * messages mean.
 */
export class WebviewPanelHost<State extends PanelOpenState, Message extends { type: string }, Post = unknown> implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private readonly panelDisposables: vscode.Disposable[] = [];
  private current: ProjectSession | undefined;
  private projectSub: Disposable | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private ready = false;
  /** What the page was sent and reported; the panel writes it, tests read it through state(). */
  readonly seen: Omit<State, keyof PanelOpenState>;

  constructor(
    private readonly host: Pick<Host, 'context' | 'log'>,
    private readonly options: PanelOptions<State, Message>,
  ) {
    this.seen = options.seen;
  }

  state(): State {
    return { ...this.seen, open: !!this.panel, ready: this.ready } as State;
  }

  /** The panel is open and its page is listening: a refresh has somewhere to go. */
  get listening(): boolean {
    return !!this.panel && this.ready;
  }

  /** The project the panel follows. */
  get session(): ProjectSession | undefined {
    return this.current;
  }

  /** The column the panel is in, if open. */
  get column(): vscode.ViewColumn | undefined {
    return this.panel?.viewColumn;
  }

  set title(title: string) {
    if (this.panel) this.panel.title = title;
  }

  /** Follows a newly opened (or closed) project, and refreshes. */
  attach(session: ProjectSession | undefined): void {
    this.projectSub?.dispose();
    this.projectSub = undefined;
    this.current = session;
    if (session && this.panel) this.subscribe(session);
    void this.options.refresh();
  }

  /** Opens the panel, or brings it forward if it is open. */
  show(): void {
    const o = this.options;
    if (this.panel) {
      this.panel.reveal(undefined, o.revealPreserveFocus);
      return;
    }
    const root = this.host.context.extensionUri;
    const panel = vscode.window.createWebviewPanel(o.viewType, o.title, o.column?.() ?? vscode.ViewColumn.Active, {
      enableScripts: true,
      ...(o.retainContextWhenHidden ? { retainContextWhenHidden: true } : {}),
      localResourceRoots: [vscode.Uri.joinPath(root, 'media'), vscode.Uri.joinPath(root, 'dist', 'webview')],
    });
    this.panel = panel;
    this.ready = false;
    panel.webview.html = webviewHtml(panel.webview, root, o.page);
    this.panelDisposables.push(
      panel.webview.onDidReceiveMessage((m: unknown) => void this.receive(m)),
      panel.onDidDispose(() => this.closed()),
    );
    if (!o.retainContextWhenHidden) {
      // Without retainContextWhenHidden the page reloads when shown again; it says `ready` again.
      this.panelDisposables.push(
        panel.onDidChangeViewState((e) => {
          if (!e.webviewPanel.visible) this.ready = false;
        }),
      );
    }
    if (this.current) this.subscribe(this.current);
  }

  post(message: Post): void {
    void this.panel?.webview.postMessage(message);
  }

  private subscribe(session: ProjectSession): void {
    this.projectSub?.dispose();
    this.projectSub = session.project.onDidChange((change) => {
      this.options.projectChanged?.(change);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.options.refresh();
    }, this.options.debounceMs ?? 300);
  }

  private async receive(raw: unknown): Promise<void> {
    const o = this.options;
    const parsed = o.schema.safeParse(raw);
    if (!parsed.success) {
      this.host.log.warn(`${o.name}: ignored a malformed message from the webview: ${parsed.error.issues[0]?.message ?? ''}`);
      return;
    }
    const m = parsed.data;
    try {
      if (m.type === 'ready') {
        this.ready = true;
        await o.refresh();
      } else {
        await o.receive(m);
      }
    } catch (e) {
      this.host.log.error(`${o.name}: ${m.type} failed`, e instanceof Error ? e : String(e));
      o.failed?.(m, e);
    }
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

  /** Closes the panel (its command opens it again). */
  close(): void {
    this.panel?.dispose();
  }

  dispose(): void {
    this.panel?.dispose();
    this.closed();
  }
}
