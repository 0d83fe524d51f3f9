import * as vscode from 'vscode';
import type { Code } from '../../core/model';
import { renameSource, ProjectError } from '../../core/project';
import { registerCodes, type CodesFeature } from '../codes/codeCommands';
import { requireSession, type Host } from '../host';
import { Commands, Settings } from '../ids';
import { AttentionView } from './attentionView';
import { reattachToSelection, registerCoding } from './codingCommands';
import { Highlights, type HighlightMode } from './highlights';
import { exportPassagesCommand, type ExportPassagesArgs } from './exportPassages';
import { CodingHover } from './hover';
import { LiveCodings } from './liveCodings';
import { PASSAGES_VIEW, PassagesView } from './passagesView';

/** Everything of coding in the editor, reachable as `host.features.get('coding')`. */
export interface CodingFeature {
  codes: CodesFeature;
  live: LiveCodings;
  highlights: Highlights;
  hover: CodingHover;
  passages: PassagesView;
  attention: AttentionView;
}

export function registerCodingFeatures(host: Host): CodingFeature {
  const codes = registerCodes(host);
  const live = new LiveCodings(host);
  const highlights = new Highlights(host, live);
  const hover = new CodingHover(host, live);
  const passages = new PassagesView(host, live);
  const attention = new AttentionView(host, live);
  host.context.subscriptions.push(live, highlights, passages, attention, vscode.languages.registerHoverProvider({ scheme: 'file' }, hover), vscode.languages.registerHoverProvider({ scheme: 'vscode-remote' }, hover));
  registerCoding(host, live, codes);

  codes.view.onDidChangeSelection((e) => {
    highlights.setSelectedCodes(e.selection.map((c) => c.id));
    if (e.selection.length) passages.show([...e.selection]);
  });
  codes.onDidChangeCoderFilter((coder) => {
    highlights.setCoder(coder);
    passages.setCoder(coder);
  });

  const codeOf = (arg: unknown): Code | undefined => {
    const project = requireSession(host).project;
    const id = typeof arg === 'string' ? arg : (arg as Code | undefined)?.id;
    return id ? project.codebook.codes.find((c) => c.id === id) : undefined;
  };
  host.registerCommand(Commands.showPassages, async (arg?: Code | string) => {
    const code = codeOf(arg) ?? (await codes.picker.pickOne('Show Coded Passages of…'));
    if (!code) return;
    passages.show([code]);
    await vscode.commands.executeCommand(`${PASSAGES_VIEW}.focus`);
  });
  host.registerCommand(Commands.exportPassages, (arg?: Code | ExportPassagesArgs) => {
    const fromTree = arg && 'status' in arg ? [arg as Code] : [...codes.view.selection];
    return exportPassagesCommand(host, fromTree, arg && !('status' in arg) ? (arg as ExportPassagesArgs) : {});
  });
  host.registerCommand(Commands.revealPassage, (ref: { source: string; id: string }) => passages.reveal(ref));
  host.registerCommand(Commands.reattachCoding, (item?: { source: string; id: string }) => {
    if (!item) throw new ProjectError('Choose the coding to re-attach in the Needs Attention view.');
    return reattachToSelection(host, live, item);
  });
  host.registerCommand(Commands.deleteCoding, async (item?: { source: string; id: string }, opts?: { confirm?: boolean }) => {
    if (!item) return;
    if (opts?.confirm !== false) {
      const ok = await vscode.window.showWarningMessage('Delete this coding?', { modal: true, detail: 'You can undo this with “Reflexive QDA: Undo”.' }, 'Delete');
      if (ok !== 'Delete') return;
    }
    await vscode.commands.executeCommand(Commands.removeCoding, item);
  });
  host.registerCommand(Commands.setHighlightMode, async (mode?: HighlightMode) => {
    const chosen = mode ?? (await vscode.window.showQuickPick([
      { label: 'All codes', mode: 'all' as const },
      { label: 'Selected code only', description: 'the code(s) selected in the Codes view', mode: 'selectedCode' as const },
      { label: 'Off', mode: 'off' as const },
    ], { title: 'Highlight coded passages' }))?.mode;
    if (chosen) await vscode.workspace.getConfiguration().update(Settings.highlightMode, chosen, vscode.ConfigurationTarget.Workspace);
  });

  // A transcript renamed or moved in VS Code (or a folder of them): codings and links follow.
  host.context.subscriptions.push(vscode.workspace.onDidRenameFiles(async (e) => {
    const session = host.session();
    if (!session) return;
    const project = session.project;
    const known = new Set([...project.codings.keys(), ...project.sources, ...[...project.memos.values()].flatMap((m) => (m.meta.links ?? []).map((l) => l.source ?? ''))]);
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
      if (unmatched.length) void vscode.window.showWarningMessage(`${unmatched.join(', ')} ${unmatched.length === 1 ? 'is' : 'are'} no longer matched by "sources" in qda/project.yaml; the codings are kept. Add a matching glob to code ${unmatched.length === 1 ? 'it' : 'them'} here.`);
    } catch (err) {
      host.log.error('moving codings after a rename failed', err instanceof Error ? err : String(err));
      void vscode.window.showErrorMessage(`Reflexive QDA could not move the codings of the renamed transcript: ${err instanceof Error ? err.message : String(err)}. Nothing was lost; see Needs Attention.`);
    }
  }));

  const feature: CodingFeature = { codes, live, highlights, hover, passages, attention };
  host.features.set('coding', feature);
  return feature;
}
