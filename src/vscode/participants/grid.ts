import * as vscode from 'vscode';
import type { Disposable } from '../../core/event';
import {
  gridWebviewMessageSchema,
  participantsGrid,
  type GridHostMessage,
  type GridView,
  type TargetChoice,
} from '../../core/participants';
import type { Host } from '../host';
import { Commands, Panels } from '../ids';
import type { ProjectSession } from '../session';
import { webviewHtml } from '../webview';

/** The grid as tests see it: what was last sent, and what the webview says it drew. */
export interface GridState {
  open: boolean;
  ready: boolean;
  posted?: GridView;
  rendered?: { version: number; rows: number; withdrawn: number; text: string };
}

const UPDATE_DEBOUNCE_MS = 200;

/**
 * The Participants grid: participants x attributes (edited in place, written
 * to participants.yaml through the Project, undoable), their sources, codings,
 * survey waves and withdrawals, and the representativeness figures beside it.
 */
export class ParticipantsPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private readonly panelDisposables: vscode.Disposable[] = [];
  private session: ProjectSession | undefined;
  private projectSub: Disposable | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private ready = false;
  private version = 0;
  private target: TargetChoice | undefined;
  private posted: GridView | undefined;
  private rendered: GridState['rendered'];

  constructor(private readonly host: Pick<Host, 'context' | 'log'>) {}

  state(): GridState {
    return { open: !!this.panel, ready: this.ready, posted: this.posted, rendered: this.rendered };
  }

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
    const panel = vscode.window.createWebviewPanel(Panels.participants, 'Participants', vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(root, 'media'), vscode.Uri.joinPath(root, 'dist', 'webview')],
    });
    this.panel = panel;
    this.ready = false;
    panel.webview.html = webviewHtml(panel.webview, root, {
      title: 'Participants',
      styles: ['participants.css'],
      script: 'participants.js',
      body: `<header class="toolbar"><h1>Participants<span id="study"></span></h1>
<div class="controls"><label>Compare with <select id="target" aria-label="What the sample is compared with"></select></label>
<span class="spacer"></span><button type="button" id="import">Import Survey…</button></div>
<div id="status" class="status" role="status" aria-live="polite"></div></header>
<main id="content" class="layout" aria-busy="true"><p class="muted">Loading…</p></main>`,
    });
    this.panelDisposables.push(
      panel.webview.onDidReceiveMessage((m: unknown) => void this.receive(m)),
      panel.onDidDispose(() => this.closed()),
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

  private async receive(raw: unknown): Promise<void> {
    const parsed = gridWebviewMessageSchema.safeParse(raw);
    if (!parsed.success) {
      this.host.log.warn(`participants grid: ignored a malformed message from the webview: ${parsed.error.issues[0]?.message ?? ''}`);
      return;
    }
    const m = parsed.data;
    try {
      switch (m.type) {
        case 'ready':
          this.ready = true;
          this.refresh();
          break;
        case 'rendered':
          this.rendered = { version: m.version, rows: m.rows, withdrawn: m.withdrawn, text: m.text };
          break;
        case 'setTarget':
          this.target = m.target;
          this.refresh();
          break;
        case 'setAttribute':
          await this.setAttribute(m.participant, m.attribute, m.value);
          break;
        case 'withdraw':
          await vscode.commands.executeCommand(Commands.withdrawParticipant, { participant: m.participant });
          break;
        case 'reinstate':
          await vscode.commands.executeCommand(Commands.reinstateParticipant, { participant: m.participant });
          break;
        case 'importSurvey':
          await vscode.commands.executeCommand(Commands.importSurvey);
          break;
        case 'openSource': {
          const session = this.session;
          if (!session || !session.project.sources.includes(m.path)) return;
          await vscode.window.showTextDocument(session.files.uri(m.path), { viewColumn: vscode.ViewColumn.Beside });
          break;
        }
      }
    } catch (e) {
      this.post({ type: 'status', message: e instanceof Error ? e.message : String(e), severity: 'error' });
    }
  }

  /** Writes one attribute value (or clears it with ''), as one undoable step; only declared values. */
  async setAttribute(participant: string, attribute: string, value: string): Promise<void> {
    const session = this.session;
    if (!session) throw new Error('No Reflexive QDA project is open.');
    const project = session.project;
    const allowed = project.participants?.attributes?.[attribute];
    const person = project.participants?.participants.find((p) => p.id === participant);
    if (!person) throw new Error(`No participant "${participant}".`);
    if (!allowed) throw new Error(`"${attribute}" is not a declared attribute in participants.yaml.`);
    if (value !== '' && !allowed.includes(value)) throw new Error(`"${value}" is not one of the declared values of "${attribute}".`);
    if ((person.attributes?.[attribute] ?? '') === value) return;
    await session.history.transaction(`Set ${attribute} of ${participant}`, () =>
      project.changeParticipants((p) => ({
        ...p,
        participants: p.participants.map((x) => {
          if (x.id !== participant) return x;
          const attributes = { ...x.attributes };
          if (value === '') delete attributes[attribute];
          else attributes[attribute] = value;
          return { ...x, attributes };
        }),
      })),
    );
    this.post({
      type: 'status',
      message: `${participant}: ${attribute} ${value === '' ? 'cleared' : `set to ${value}`}. Undo with “Reflexive QDA: Undo”.`,
      severity: 'info',
    });
  }

  refresh(): void {
    if (!this.panel || !this.ready || !this.session) return;
    try {
      const view = participantsGrid(this.session.project, { target: this.target }, ++this.version);
      this.posted = view;
      this.post({ type: 'update', view });
    } catch (e) {
      this.host.log.error('participants grid: computing the grid failed', e instanceof Error ? e : String(e));
      this.post({
        type: 'status',
        message: `The grid could not be computed: ${e instanceof Error ? e.message : String(e)}`,
        severity: 'error',
      });
    }
  }

  private post(message: GridHostMessage): void {
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
