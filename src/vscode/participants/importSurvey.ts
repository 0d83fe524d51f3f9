import * as vscode from 'vscode';
import {
  applySurveyImport,
  describeSurveyPlan,
  guessIdColumn,
  importWebviewMessageSchema,
  planSurveyImport,
  readSurveyTable,
  type ImportChoices,
  type ImportHostMessage,
  type ImportPlanMessage,
  type SurveyImportPlan,
  type Table,
} from '../../core/participants';
import { WAVE_PATTERN } from '../../core/project';
import { requireSession, type Host } from '../host';
import { Panels } from '../ids';
import type { ProjectSession } from '../session';
import { webviewHtml } from '../webview';

/** What scripts and tests may pass: the file (else a dialog), the wave (else asked). */
export interface ImportSurveyArgs {
  file?: string | vscode.Uri;
  wave?: string;
}

/** The preview as tests see it. */
export interface ImportPreviewState {
  open: boolean;
  ready: boolean;
  posted?: ImportPlanMessage;
  rendered?: { version: number; text: string };
  /** Set once the researcher pressed Import (or Cancel). */
  outcome?: 'imported' | 'cancelled';
}

/**
 * Import Survey…: reads a .csv or .xlsx, asks the wave, and opens a preview of
 * the plan (each column's use, which can be changed there; participants
 * matched; attributes filled and differing values; transcripts of open
 * answers; problems by line). Import writes exactly the plan, as one undoable step.
 */
export class SurveyImportPreview implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private state_: ImportPreviewState = { open: false, ready: false };
  private version = 0;
  private current: { session: ProjectSession; table: Table; file: string; choices: ImportChoices; plan?: SurveyImportPlan } | undefined;
  private done: ((imported: boolean) => void) | undefined;

  constructor(
    private readonly host: Host,
    private readonly afterImport: () => void,
  ) {}

  state(): ImportPreviewState {
    return { ...this.state_, open: !!this.panel };
  }

  async run(args: ImportSurveyArgs = {}): Promise<boolean> {
    const session = requireSession(this.host);
    let uri: vscode.Uri | undefined =
      typeof args.file === 'string'
        ? args.file.startsWith('/') || /^[A-Za-z]:/.test(args.file)
          ? vscode.Uri.file(args.file)
          : session.files.uri(args.file)
        : args.file;
    if (!uri) {
      const picked = await vscode.window.showOpenDialog({
        title: 'Import Survey',
        canSelectMany: false,
        defaultUri: session.folder.uri,
        filters: { 'Survey (CSV or Excel)': ['csv', 'tsv', 'txt', 'xlsx'] },
        openLabel: 'Preview Import',
      });
      uri = picked?.[0];
    }
    if (!uri) return false;
    const name = uri.path.split('/').pop() ?? uri.path;
    const table = readSurveyTable(name, await vscode.workspace.fs.readFile(uri));
    const existing = [...session.project.surveys.keys()];
    const wave =
      args.wave ??
      (await vscode.window.showInputBox({
        title: `Import ${name}: which wave is it?`,
        prompt: `A name for this wave of the survey (lower-case letters, digits, "-")${existing.length ? `; already imported: ${existing.join(', ')} (the same name replaces it)` : ''}`,
        value: existing.includes('start') ? 'end' : 'start',
        validateInput: (v) => (WAVE_PATTERN.test(v) ? undefined : 'Use lower-case letters, digits and "-", e.g. start or end'),
      }));
    if (!wave) return false;
    this.current = {
      session,
      table,
      file: name,
      choices: { wave, idColumn: guessIdColumn(table.header), textColumns: [], overwrite: false },
    };
    this.state_ = { open: true, ready: false };
    this.open(name);
    this.replan();
    return new Promise<boolean>((resolve) => (this.done = resolve));
  }

  private open(name: string): void {
    this.panel?.dispose();
    const root = this.host.context.extensionUri;
    const panel = vscode.window.createWebviewPanel(Panels.surveyImport, `Import Survey: ${name}`, vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(root, 'media'), vscode.Uri.joinPath(root, 'dist', 'webview')],
    });
    this.panel = panel;
    panel.webview.html = webviewHtml(panel.webview, root, {
      title: 'Import Survey',
      styles: ['participants.css'],
      script: 'surveyImport.js',
      body: `<header class="toolbar"><h1>Import Survey<span id="file"></span></h1>
<div class="controls"><label>Wave <input id="wave" type="text" size="12" aria-label="Wave name"></label>
<label><input id="overwrite" type="checkbox"> Replace participants' attribute values that differ</label>
<span class="spacer"></span><button type="button" id="cancel" class="secondary">Cancel</button><button type="button" id="import">Import</button></div>
<div id="status" class="status" role="status" aria-live="polite"></div></header>
<main id="content" aria-busy="true"><p class="muted">Reading…</p></main>`,
    });
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: unknown) => void this.receive(m)),
      panel.onDidDispose(() => {
        this.panel = undefined;
        this.finish(false);
      }),
    );
  }

  private replan(): void {
    const c = this.current;
    if (!c) return;
    c.plan = planSurveyImport(c.session.project, c.table, { ...c.choices, fileName: c.file });
    const message: ImportPlanMessage = {
      type: 'plan',
      version: ++this.version,
      file: c.file,
      header: c.table.header,
      choices: c.choices,
      plan: c.plan,
      lines: describeSurveyPlan(c.plan),
    };
    this.state_.posted = message;
    if (this.state_.ready) void this.panel?.webview.postMessage(message);
  }

  private async receive(raw: unknown): Promise<void> {
    const parsed = importWebviewMessageSchema.safeParse(raw);
    if (!parsed.success || !this.current) return;
    const m = parsed.data;
    switch (m.type) {
      case 'ready':
        this.state_.ready = true;
        if (this.state_.posted) void this.panel?.webview.postMessage(this.state_.posted);
        break;
      case 'rendered':
        this.state_.rendered = { version: m.version, text: m.text };
        break;
      case 'choose': {
        const header = this.current.table.header;
        // Only columns the file has; the id column is never also open answers.
        const idColumn = m.choices.idColumn !== undefined && header.includes(m.choices.idColumn) ? m.choices.idColumn : undefined;
        this.current.choices = {
          wave: m.choices.wave,
          idColumn,
          textColumns: m.choices.textColumns.filter((t) => header.includes(t) && t !== idColumn),
          overwrite: m.choices.overwrite,
        };
        this.replan();
        break;
      }
      case 'cancel':
        this.state_.outcome = 'cancelled';
        this.panel?.dispose();
        break;
      case 'import': {
        const { session, plan } = this.current;
        if (!plan?.ok) return;
        try {
          await session.history.transaction(`Import survey wave ${plan.wave}`, () => applySurveyImport(session.project, plan));
        } catch (e) {
          void this.panel?.webview.postMessage({
            type: 'status',
            message: e instanceof Error ? e.message : String(e),
          } satisfies ImportHostMessage);
          void vscode.window.showErrorMessage(`The survey was not imported: ${e instanceof Error ? e.message : String(e)}`);
          return;
        }
        this.state_.outcome = 'imported';
        const filled = plan.changes.filter((x) => x.applied).length;
        void vscode.window.showInformationMessage(
          `Imported survey wave “${plan.wave}”: ${plan.respondents} respondent(s), ${plan.matched.length} participant(s) matched, ${filled} attribute value(s) filled${plan.sources.length ? `, ${plan.sources.length} transcript(s) of open answers` : ''}. Undo with “Reflexive QDA: Undo”.`,
        );
        this.finish(true);
        this.panel?.dispose();
        this.afterImport();
        break;
      }
    }
  }

  private finish(imported: boolean): void {
    const done = this.done;
    this.done = undefined;
    this.current = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
    done?.(imported);
  }

  dispose(): void {
    this.panel?.dispose();
    this.finish(false);
  }
}
