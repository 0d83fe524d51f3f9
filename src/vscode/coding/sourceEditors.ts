/**
 * How a project's sources open (#19 items 3 and 4): every source is a transcript (the
 * `transcript` language, so word wrap and speaker colouring, whatever its extension), and it
 * is read-only while coding, as in NVivo and MAXQDA, so that keystrokes after a picker closes
 * never change what a participant said. "Edit Transcript" unlocks one file for this session
 * (to correct a typo); codings follow the edits as before.
 */
import * as vscode from 'vscode';
import type { CommandTable } from '../commands';
import type { Host } from '../host';
import { Commands, Languages, Settings } from '../ids';
import type { LiveCodings } from './liveCodings';

/** Languages a source keeps: they are transcripts already, with their own parsers. */
const TRANSCRIPT_LANGUAGES = new Set<string>([Languages.transcript, Languages.webvtt, Languages.srt]);

/** What the source-editor commands work with. */
export interface SourceEditorsContext {
  readonly host: Host;
  readonly live: LiveCodings;
  /** Sources unlocked with Edit Transcript in this window (by URI). */
  readonly unlocked: Set<string>;
  /** Sources the workbench has made read-only in this window (by URI): once the command has run, keys are refused. */
  readonly locked: Set<string>;
}

/** Whether sources open read-only (the setting; on unless turned off). */
function readOnlyWhileCoding(uri: vscode.Uri): boolean {
  return vscode.workspace.getConfiguration(undefined, uri).get<boolean>(Settings.transcriptReadOnly, true);
}

/** Gives a source the transcript language (a .txt or .md opens as Plain Text or Markdown). */
async function asTranscript(ctx: SourceEditorsContext, doc: vscode.TextDocument): Promise<void> {
  if (TRANSCRIPT_LANGUAGES.has(doc.languageId) || !ctx.live.sourceOf(doc)) return;
  await vscode.languages.setTextDocumentLanguage(doc, Languages.transcript);
}

/** Makes the active editor read-only when it shows a locked source. */
async function protect(ctx: SourceEditorsContext, editor: vscode.TextEditor | undefined): Promise<void> {
  if (!editor || !ctx.live.sourceOf(editor.document)) return;
  const uri = editor.document.uri;
  if (ctx.unlocked.has(uri.toString()) || !readOnlyWhileCoding(uri)) return;
  // the command acts on the active editor: it must still be this one
  if (vscode.window.activeTextEditor?.document !== editor.document) return;
  await vscode.commands.executeCommand('workbench.action.files.setActiveEditorReadonlyInSession');
  ctx.locked.add(uri.toString());
}

/** Reflexive QDA: Edit Transcript. Unlocks the active source for this session. */
async function editTranscript(ctx: SourceEditorsContext): Promise<boolean> {
  const editor = vscode.window.activeTextEditor;
  const source = editor && ctx.live.sourceOf(editor.document);
  if (!editor || !source) {
    void vscode.window.showInformationMessage('Open a transcript of the project to edit it.');
    return false;
  }
  ctx.unlocked.add(editor.document.uri.toString());
  await vscode.commands.executeCommand('workbench.action.files.setActiveEditorWriteableInSession');
  ctx.locked.delete(editor.document.uri.toString());
  void vscode.window.setStatusBarMessage(`Editing ${source}: codings follow your changes`, 6000);
  return true;
}

const SOURCE_EDITOR_COMMANDS: CommandTable<SourceEditorsContext> = {
  [Commands.editTranscript]: editTranscript,
};

/** Opens every source as a transcript, read-only while coding; registers Edit Transcript. */
export function registerSourceEditors(host: Host, live: LiveCodings): SourceEditorsContext {
  const ctx: SourceEditorsContext = { host, live, unlocked: new Set(), locked: new Set() };
  const warn = (e: unknown) => host.log.warn(`source editor: ${String(e)}`);
  const all = () => {
    for (const doc of vscode.workspace.textDocuments) void asTranscript(ctx, doc).then(undefined, warn);
    void protect(ctx, vscode.window.activeTextEditor).then(undefined, warn);
  };
  host.context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument((doc) => void asTranscript(ctx, doc).then(undefined, warn)),
    vscode.window.onDidChangeActiveTextEditor((e) => void protect(ctx, e).then(undefined, warn)),
    host.onDidChangeSession(() => all()),
  );
  host.registerCommands(SOURCE_EDITOR_COMMANDS, ctx);
  all();
  return ctx;
}
