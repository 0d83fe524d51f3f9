import * as vscode from 'vscode';
import type { Code } from '../../core/model';
import { renameSource, ProjectError } from '../../core/project';
import { registerCodes, type CodesFeature } from '../codes/codeCommands';
import { requireSession, type Host } from '../host';
import type { CommandTable } from '../commands';
import { Commands, Settings } from '../ids';
import { AttentionView } from './attentionView';
import { CODING_COMMANDS, reattachToSelection, type CodingContext } from './codingCommands';
import { Highlights, type HighlightMode } from './highlights';
import { exportPassagesCommand, type ExportPassagesArgs } from './exportPassages';
import { CodingHover } from './hover';
import { LiveCodings } from './liveCodings';
import { PASSAGES_VIEW, PassagesView } from './passagesView';
import { registerSourceEditors, type SourceEditorsContext } from './sourceEditors';
import { TranscriptsView } from './transcriptsView';

/** Everything of coding in the editor. */
export interface CodingFeature {
  codes: CodesFeature;
  live: LiveCodings;
  highlights: Highlights;
  hover: CodingHover;
  passages: PassagesView;
  attention: AttentionView;
  transcripts: TranscriptsView;
  sourceEditors: SourceEditorsContext;
}

export function registerCodingFeatures(host: Host): CodingFeature {
  const codes = registerCodes(host);
  const live = new LiveCodings(host);
  const highlights = new Highlights(host, live);
  const hover = new CodingHover(host, live);
  const passages = new PassagesView(host, live);
  const attention = new AttentionView(host, live);
  const transcripts = new TranscriptsView(host);
  // ONE provider for both schemes: two (one per scheme) both answered in a remote window (code-server, SSH),
  // where the workbench sees the file scheme as vscode-remote, and every coding showed twice in the hover
  const files: vscode.DocumentSelector = [{ scheme: 'file' }, { scheme: 'vscode-remote' }];
  host.context.subscriptions.push(live, highlights, passages, attention, transcripts, vscode.languages.registerHoverProvider(files, hover));
  codes.view.onDidChangeSelection((e) => {
    highlights.setSelectedCodes(e.selection.map((c) => c.id));
    if (e.selection.length) passages.show([...e.selection]);
  });
  codes.onDidChangeCoderFilter((coder) => {
    highlights.setCoder(coder);
    passages.setCoder(coder);
  });

  host.registerCommands(CODING_COMMANDS, { host, live, codes });
  const sourceEditors = registerSourceEditors(host, live);
  host.registerCommands(PASSAGE_COMMANDS, { host, live, codes, passages });

  // A transcript renamed or moved in VS Code (or a folder of them): codings and links follow.
  host.context.subscriptions.push(
    vscode.workspace.onDidRenameFiles(async (e) => {
      const session = host.session();
      if (!session) return;
      const project = session.project;
      const known = new Set([
        ...project.codings.keys(),
        ...project.sources,
        ...[...project.memos.values()].flatMap((m) => (m.meta.links ?? []).map((l) => l.source ?? '')),
      ]);
      const moves: [string, string][] = [];
      for (const f of e.files) {
        const from = session.files.relative(f.oldUri);
        const to = session.files.relative(f.newUri);
        if (!from || !to || from.startsWith('qda/')) continue;
        for (const s of known) if (s === from || s.startsWith(from + '/')) moves.push([s, to + s.slice(from.length)]);
      }
      if (!moves.length) return;
      try {
        await session.history.transaction(moves.length === 1 ? `Rename ${moves[0][0]}` : `Rename ${moves.length} transcripts`, async () => {
          await project.refreshSources();
          for (const [from, to] of moves) await renameSource(project, from, to);
        });
        host.log.info(`moved codings and links: ${moves.map(([a, b]) => `${a} -> ${b}`).join(', ')}`);
        const unmatched = moves.filter(([, to]) => !project.sources.includes(to)).map(([, to]) => to);
        if (unmatched.length)
          void vscode.window.showWarningMessage(
            `${unmatched.join(', ')} ${unmatched.length === 1 ? 'is' : 'are'} no longer matched by "sources" in qda/project.yaml; the codings are kept. Add a matching glob to code ${unmatched.length === 1 ? 'it' : 'them'} here.`,
          );
      } catch (err) {
        host.log.error('moving codings after a rename failed', err instanceof Error ? err : String(err));
        void vscode.window.showErrorMessage(
          `Reflexive QDA could not move the codings of the renamed transcript: ${err instanceof Error ? err.message : String(err)}. Nothing was lost; see Needs Attention.`,
        );
      }
    }),
  );

  return { codes, live, highlights, hover, passages, attention, transcripts, sourceEditors };
}

/** What the passage commands work with. */
interface PassageContext extends CodingContext {
  readonly passages: PassagesView;
}

/** The code a command names (an id or a Code), as the codebook has it now. */
function codeOf(ctx: PassageContext, arg: unknown): Code | undefined {
  const project = requireSession(ctx.host).project;
  const id = typeof arg === 'string' ? arg : (arg as Code | undefined)?.id;
  return id ? project.codebook.codes.find((c) => c.id === id) : undefined;
}

async function showPassages(ctx: PassageContext, arg?: Code | string): Promise<void> {
  const code = codeOf(ctx, arg) ?? (await ctx.codes.picker.pickOne('Show Coded Passages of…'));
  if (!code) return;
  ctx.passages.show([code]);
  await vscode.commands.executeCommand(`${PASSAGES_VIEW}.focus`);
}

function exportPassages(ctx: PassageContext, arg?: Code | ExportPassagesArgs) {
  const fromTree = arg && 'status' in arg ? [arg as Code] : [...ctx.codes.view.selection];
  return exportPassagesCommand(ctx.host, fromTree, arg && !('status' in arg) ? (arg as ExportPassagesArgs) : {});
}

async function deleteCoding(_ctx: PassageContext, item?: { source: string; id: string }, opts?: { confirm?: boolean }): Promise<void> {
  if (!item) return;
  if (opts?.confirm !== false) {
    const ok = await vscode.window.showWarningMessage(
      'Delete this coding?',
      { modal: true, detail: 'You can undo this with “Reflexive QDA: Undo”.' },
      'Delete',
    );
    if (ok !== 'Delete') return;
  }
  await vscode.commands.executeCommand(Commands.removeCoding, item);
}

async function setHighlightMode(_ctx: PassageContext, mode?: HighlightMode): Promise<void> {
  const chosen =
    mode ??
    (
      await vscode.window.showQuickPick(
        [
          { label: 'All codes', mode: 'all' as const },
          { label: 'Selected code only', description: 'the code(s) selected in the Codes view', mode: 'selectedCode' as const },
          { label: 'Off', mode: 'off' as const },
        ],
        { title: 'Highlight coded passages' },
      )
    )?.mode;
  if (chosen) await vscode.workspace.getConfiguration().update(Settings.highlightMode, chosen, vscode.ConfigurationTarget.Workspace);
}

/** Retrieval and repair: coded passages, their export, Needs Attention actions, highlight mode. */
const PASSAGE_COMMANDS: CommandTable<PassageContext> = {
  [Commands.showPassages]: showPassages,
  [Commands.exportPassages]: exportPassages,
  [Commands.revealPassage]: (ctx, ref: { source: string; id: string }) => ctx.passages.reveal(ref),
  [Commands.reattachCoding]: (ctx, item?: { source: string; id: string }) => {
    if (!item) throw new ProjectError('Choose the coding to re-attach in the Needs Attention view.');
    return reattachToSelection(ctx.host, ctx.live, item);
  },
  [Commands.deleteCoding]: deleteCoding,
  [Commands.setHighlightMode]: setHighlightMode,
};
