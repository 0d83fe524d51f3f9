import * as vscode from 'vscode';
import {
  gridWebviewMessageSchema,
  participantsGrid,
  type GridHostMessage,
  type GridView,
  type GridWebviewMessage,
  type TargetChoice,
} from '../../core/participants';
import type { Host } from '../host';
import { Commands, Panels } from '../ids';
import { WebviewPanelHost, type PanelOpenState } from '../panelHost';
import type { ProjectSession } from '../session';

/** The grid as tests see it: what was last sent, and what the webview says it drew. */
export interface GridState extends PanelOpenState {
  posted?: GridView;
  rendered?: { version: number; rows: number; withdrawn: number; text: string };
}

/**
 * The Participants grid: participants x attributes (edited in place, written
 * to participants.yaml through the Project, undoable), their sources, codings,
 * survey waves and withdrawals, and the representativeness figures beside it.
 */
export class ParticipantsPanel implements vscode.Disposable {
  private readonly view: WebviewPanelHost<GridState, GridWebviewMessage, GridHostMessage>;
  private version = 0;
  private target: TargetChoice | undefined;

  constructor(private readonly host: Pick<Host, 'context' | 'log'>) {
    this.view = new WebviewPanelHost(host, {
      viewType: Panels.participants,
      title: 'Participants',
      page: {
        title: 'Participants',
        styles: ['participants.css'],
        script: 'participants.js',
        body: `<header class="toolbar"><h1>Participants<span id="study"></span></h1>
<div class="controls"><label>Compare with <select id="target" aria-label="What the sample is compared with"></select></label>
<span class="spacer"></span><button type="button" id="import">Import Survey…</button></div>
<div id="status" class="status" role="status" aria-live="polite"></div></header>
<main id="content" class="layout" aria-busy="true"><p class="muted">Loading…</p></main>`,
      },
      name: 'participants grid',
      schema: gridWebviewMessageSchema,
      seen: {},
      debounceMs: 200,
      receive: (m) => this.receive(m),
      refresh: () => this.refresh(),
      failed: (_m, e) => this.view.post({ type: 'status', message: e instanceof Error ? e.message : String(e), severity: 'error' }),
    });
  }

  state(): GridState {
    return this.view.state();
  }

  attach(session: ProjectSession | undefined): void {
    this.view.attach(session);
  }

  show(): void {
    this.view.show();
  }

  private async receive(m: GridWebviewMessage): Promise<void> {
    switch (m.type) {
      case 'rendered':
        this.view.seen.rendered = { version: m.version, rows: m.rows, withdrawn: m.withdrawn, text: m.text };
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
        const session = this.view.session;
        if (!session || !session.project.sources.includes(m.path)) return;
        await vscode.window.showTextDocument(session.files.uri(m.path), { viewColumn: vscode.ViewColumn.Beside });
        break;
      }
    }
  }

  /** Writes one attribute value (or clears it with ''), as one undoable step; only declared values. */
  async setAttribute(participant: string, attribute: string, value: string): Promise<void> {
    const session = this.view.session;
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
    this.view.post({
      type: 'status',
      message: `${participant}: ${attribute} ${value === '' ? 'cleared' : `set to ${value}`}. Undo with “Reflexive QDA: Undo”.`,
      severity: 'info',
    });
  }

  refresh(): void {
    const session = this.view.session;
    if (!this.view.listening || !session) return;
    try {
      const view = participantsGrid(session.project, { target: this.target }, ++this.version);
      this.view.seen.posted = view;
      this.view.post({ type: 'update', view });
    } catch (e) {
      this.host.log.error('participants grid: computing the grid failed', e instanceof Error ? e : String(e));
      this.view.post({
        type: 'status',
        message: `The grid could not be computed: ${e instanceof Error ? e.message : String(e)}`,
        severity: 'error',
      });
    }
  }

  dispose(): void {
    this.view.dispose();
  }
}
