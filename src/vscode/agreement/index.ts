import * as vscode from 'vscode';
import { agreementCsv, agreementMarkdown, codersIn, type Disagreement, type Resolution } from '../../core/agreement';
import type { Code } from '../../core/model';
import { ProjectError } from '../../core/project/store';
import type { CodingFeature } from '../coding';
import { requireSession, type Host } from '../host';
import { Commands, Views } from '../ids';
import { CompareHighlights } from './compareHighlights';
import { Comparison } from './comparison';
import { DisagreementsView, type DisagreementNode } from './disagreementsView';
import { AgreementPanel, type AgreementPanelState } from './panel';
import { resolveCommand, type ResolveOptions } from './resolve';

/** What tests (and `host.features.get('agreement')`) can see of the comparison. */
export interface AgreementProbe {
  comparison: Comparison;
  panel(): AgreementPanelState;
  view: DisagreementsView;
  highlights: CompareHighlights;
}

/** Arguments for scripts and tests: skip the quick picks. */
export interface CompareArgs {
  coders?: [string, string];
  unit?: 'character' | 'turn';
}

/** Arguments for scripts and tests: a file (absolute, or relative to the project folder) skips the dialog. */
export interface ExportAgreementArgs {
  format?: 'csv' | 'md';
  file?: string;
}

/**
 * Compare Coders: the agreement table of two coders in a panel, the passages
 * where they differ as a list to walk, shown in the transcript with both
 * coders' marks, and resolved in place (each resolution one undoable step).
 */
export function registerAgreement(host: Host, coding: CodingFeature): AgreementProbe {
  const comparison = new Comparison(host);
  const view = new DisagreementsView(host, comparison);
  const highlights = new CompareHighlights(comparison, coding.live);
  const panel = new AgreementPanel(host, comparison, {
    export: (format) => vscode.commands.executeCommand(Commands.exportAgreement, { format }),
    walk: (code) => vscode.commands.executeCommand(Commands.nextDisagreement, { code: code ?? undefined, restart: true }),
  });
  host.context.subscriptions.push(comparison, view, highlights, panel, host.onDidChangeSession((s) => comparison.follow(s)));
  const probe: AgreementProbe = { comparison, panel: () => panel.state(), view, highlights };
  host.features.set('agreement', probe);

  host.registerCommand(Commands.compareCoders, async (arg?: CompareArgs | Code) => {
    const session = requireSession(host);
    const args = arg && 'coders' in arg ? (arg as CompareArgs) : {};
    const coders = args.coders ?? (await pickCoders(session.project));
    if (!coders) return undefined;
    await comparison.start(coders, args.unit);
    panel.show();
    await vscode.commands.executeCommand(`${Views.disagreements}.focus`).then(undefined, () => undefined);
    // From a code's context menu: go to that code's first disagreement.
    if (arg && 'status' in arg) await walk({ code: (arg as Code).id, restart: true });
    return probe;
  });

  host.registerCommand(Commands.showAgreement, () => {
    if (!comparison.coders) throw new ProjectError('Run “Compare Coders” first.');
    panel.show();
    return probe;
  });

  host.registerCommand(Commands.closeComparison, () => {
    comparison.stop();
    panel.dispose();
  });

  host.registerCommand(Commands.exportAgreement, async (args: ExportAgreementArgs = {}) => {
    const session = requireSession(host);
    const r = comparison.report;
    if (!r) throw new ProjectError('Run “Compare Coders” first.');
    const format = args.format ?? (await vscode.window.showQuickPick([{ label: 'CSV', format: 'csv' as const }, { label: 'Markdown', format: 'md' as const }], { title: 'Export the agreement table as…' }))?.format;
    if (!format) return undefined;
    const name = `agreement-${r.coders[0]}-${r.coders[1]}${r.unit === 'turn' ? '-turns' : ''}.${format}`.replace(/[^\w.-]+/g, '_');
    const target = args.file !== undefined
      ? (/^([A-Za-z]:[\\/]|\/)/.test(args.file) ? vscode.Uri.file(args.file) : vscode.Uri.joinPath(session.folder.uri, args.file))
      : await vscode.window.showSaveDialog({ title: 'Export Agreement Table', defaultUri: vscode.Uri.joinPath(session.folder.uri, name), filters: format === 'csv' ? { CSV: ['csv'] } : { Markdown: ['md'] } });
    if (!target) return undefined;
    const text = format === 'csv' ? agreementCsv(r) : agreementMarkdown(r, session.project.config.title);
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    host.log.info(`exported the agreement table (${format}) to ${target.fsPath}`);
    return { file: target.fsPath };
  });

  /** Shows a disagreement: selected in the list, its passage in the transcript with both coders' marks. */
  const reveal = async (d: Disagreement): Promise<vscode.TextEditor> => {
    const session = requireSession(host);
    comparison.select(d);
    const node = view.node(d.id);
    if (node && view.view.visible) await Promise.resolve(view.view.reveal(node, { select: true, focus: false })).then(undefined, () => undefined);
    const doc = await vscode.workspace.openTextDocument(session.files.uri(d.source));
    const range = CompareHighlights.rangeOf(doc, d);
    // Beside the panel, so the table stays in view.
    const column = panel.column === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: column, selection: new vscode.Selection(range.start, range.start), preview: true, preserveFocus: false });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    highlights.renderAll();
    return editor;
  };

  host.registerCommand(Commands.revealDisagreement, async (id?: string) => {
    const d = comparison.disagreements.find((x) => x.id === id);
    if (!d) throw new ProjectError('That disagreement is no longer there: the codings changed meanwhile.');
    await reveal(d);
    return d;
  });

  const walk = async (opts: { code?: string; restart?: boolean } = {}, direction: 1 | -1 = 1): Promise<Disagreement | undefined> => {
    if (!comparison.coders) throw new ProjectError('Run “Compare Coders” first.');
    if (opts.restart) comparison.restart();
    const d = comparison.step(direction, opts.code);
    if (!d) {
      void vscode.window.setStatusBarMessage(`No disagreements${opts.code ? ' for this code' : ''} between ${comparison.coders.join(' and ')}.`, 4000);
      return undefined;
    }
    await reveal(d);
    return d;
  };
  host.registerCommand(Commands.nextDisagreement, (opts?: { code?: string; restart?: boolean }) => walk(opts ?? {}, 1));
  host.registerCommand(Commands.previousDisagreement, (opts?: { code?: string }) => walk(opts ?? {}, -1));

  /** The disagreement a resolve command acts on: the tree item clicked, an id, or the current one. */
  const targetOf = (arg: unknown): Disagreement | string | undefined => {
    if (typeof arg === 'string') return arg;
    const node = arg as Partial<DisagreementNode> | undefined;
    if (node && typeof node === 'object' && node.kind === 'passage' && node.d) return node.d;
    return undefined;
  };
  host.registerCommand(Commands.resolveDisagreement, (arg?: unknown, action?: Resolution, opts?: ResolveOptions) => resolveCommand(host, comparison, targetOf(arg), action, opts));
  const fixed: [string, Resolution][] = [[Commands.keepFirstCoder, 'keepA'], [Commands.keepSecondCoder, 'keepB'], [Commands.keepBothCoders, 'keepBoth'], [Commands.recordConsensus, 'consensus']];
  for (const [id, action] of fixed) host.registerCommand(id, (arg?: unknown, opts?: ResolveOptions) => resolveCommand(host, comparison, targetOf(arg), action, opts));

  return probe;
}

/** Two quick picks: the first coder, then the second (each with how much they coded). */
async function pickCoders(project: Parameters<typeof codersIn>[0]): Promise<[string, string] | undefined> {
  const coders = codersIn(project);
  if (coders.length < 2) {
    throw new ProjectError(coders.length ? `Only ${coders[0].coder} has coded so far: Compare Coders needs codings by two coders.` : 'Nobody has coded yet: Compare Coders needs codings by two coders.');
  }
  const items = (skip?: string) => coders.filter((c) => c.coder !== skip).map((c) => ({ label: c.coder, description: `${c.codings} coding${c.codings === 1 ? '' : 's'} in ${c.sources} source${c.sources === 1 ? '' : 's'}` }));
  const a = await vscode.window.showQuickPick(items(), { title: 'Compare Coders (1/2)', placeHolder: 'The first coder' });
  if (!a) return undefined;
  const b = await vscode.window.showQuickPick(items(a.label), { title: `Compare Coders (2/2): ${a.label} and…`, placeHolder: 'The second coder' });
  return b ? [a.label, b.label] : undefined;
}
