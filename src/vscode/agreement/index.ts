/**
 * Compare Coders: the agreement table of two coders in a panel, the passages
 * where they differ as a list to walk, shown in the transcript with both
 * coders' marks, and resolved in place (each resolution one undoable step).
 */
import * as vscode from 'vscode';
import { agreementCsv, agreementMarkdown, codersIn, type Disagreement, type Resolution } from '../../core/agreement';
import type { Code } from '../../core/model';
import { ProjectError, type Project } from '../../core/project';
import type { LiveCodings } from '../coding/liveCodings';
import type { CommandTable } from '../commands';
import { writeExport } from '../exportTarget';
import { requireSession, type Host } from '../host';
import { Commands, Views } from '../ids';
import { CompareHighlights } from './compareHighlights';
import { Comparison } from './comparison';
import { DisagreementsView, type DisagreementNode } from './disagreementsView';
import { AgreementPanel, type AgreementPanelState } from './panel';
import { resolveCommand, type ResolveOptions } from './resolve';

/** The feature's face (what Compare Coders returns): tests read the comparison, the panel and the marks. */
export interface AgreementFeature {
  comparison: Comparison;
  panel(): AgreementPanelState;
  view: DisagreementsView;
  highlights: CompareHighlights;
}

interface AgreementContext extends AgreementFeature {
  readonly host: Host;
  readonly panelView: AgreementPanel;
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

export function registerAgreement(host: Host, deps: { live: LiveCodings }): AgreementFeature {
  const comparison = new Comparison(host);
  const view = new DisagreementsView(host, comparison);
  const highlights = new CompareHighlights(comparison, deps.live);
  // The panel's buttons go through the commands, so a failure gets the shared wrapper.
  const panelView = new AgreementPanel(host, comparison, {
    export: (format) => vscode.commands.executeCommand(Commands.exportAgreement, { format }),
    walk: (code) => vscode.commands.executeCommand(Commands.nextDisagreement, { code: code ?? undefined, restart: true }),
  });
  host.context.subscriptions.push(
    comparison,
    view,
    highlights,
    panelView,
    host.onDidChangeSession((s) => comparison.follow(s)),
  );
  const feature: AgreementFeature = { comparison, panel: () => panelView.state(), view, highlights };
  host.registerCommands(AGREEMENT_COMMANDS, { ...feature, host, panelView });
  return feature;
}

async function compareCoders(ctx: AgreementContext, arg?: CompareArgs | Code): Promise<AgreementFeature | undefined> {
  const session = requireSession(ctx.host);
  const fromCode = arg && 'status' in arg ? (arg as Code) : undefined;
  const args = arg && !fromCode ? (arg as CompareArgs) : {};
  const coders = args.coders ?? (await pickCoders(session.project));
  if (!coders) return undefined;
  await ctx.comparison.start(coders, args.unit);
  ctx.panelView.show();
  await Promise.resolve(vscode.commands.executeCommand(`${Views.disagreements}.focus`)).catch(() => undefined);
  // From a code's context menu: go to that code's first disagreement.
  if (fromCode) await walk(ctx, { code: fromCode.id, restart: true }, 1);
  return featureOf(ctx);
}

const featureOf = (ctx: AgreementContext): AgreementFeature => ({
  comparison: ctx.comparison,
  panel: ctx.panel,
  view: ctx.view,
  highlights: ctx.highlights,
});

function requireComparison(ctx: AgreementContext): [string, string] {
  if (!ctx.comparison.coders) throw new ProjectError('Run “Compare Coders” first.');
  return ctx.comparison.coders;
}

async function exportAgreement(ctx: AgreementContext, args: ExportAgreementArgs = {}): Promise<{ file: string } | undefined> {
  const session = requireSession(ctx.host);
  requireComparison(ctx);
  const r = ctx.comparison.report;
  if (!r) throw new ProjectError('The figures are still being computed: try again in a moment.');
  const formats = [
    { label: 'CSV', format: 'csv' as const },
    { label: 'Markdown', format: 'md' as const },
  ];
  const format = args.format ?? (await vscode.window.showQuickPick(formats, { title: 'Export the agreement table as…' }))?.format;
  if (!format) return undefined;
  const name = `agreement-${r.coders[0]}-${r.coders[1]}${r.unit === 'turn' ? '-turns' : ''}.${format}`.replace(/[^\w.-]+/g, '_');
  const target =
    args.file !== undefined
      ? /^([A-Za-z]:[\\/]|\/)/.test(args.file)
        ? vscode.Uri.file(args.file)
        : vscode.Uri.joinPath(session.folder.uri, args.file)
      : await vscode.window.showSaveDialog({
          title: 'Export Agreement Table',
          defaultUri: vscode.Uri.joinPath(session.folder.uri, name),
          filters: format === 'csv' ? { CSV: ['csv'] } : { Markdown: ['md'] },
        });
  if (!target) return undefined;
  const text = format === 'csv' ? agreementCsv(r) : agreementMarkdown(r, session.project.config.title);
  await writeExport(session, target, text);
  ctx.host.log.info(`exported the agreement table (${format}) to ${target.fsPath}`);
  return { file: target.fsPath };
}

/** Shows a disagreement: selected in the list, its passage in the transcript with both coders' marks. */
async function reveal(ctx: AgreementContext, d: Disagreement): Promise<vscode.TextEditor> {
  const session = requireSession(ctx.host);
  ctx.comparison.select(d);
  const node = ctx.view.node(d.id);
  if (node && ctx.view.view.visible)
    await Promise.resolve(ctx.view.view.reveal(node, { select: true, focus: false })).catch(() => undefined);
  const doc = await vscode.workspace.openTextDocument(session.files.uri(d.source));
  const range = CompareHighlights.rangeOf(doc, d);
  // Beside the panel, so the table stays in view.
  const column = ctx.panelView.column === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
  const editor = await vscode.window.showTextDocument(doc, {
    viewColumn: column,
    selection: new vscode.Selection(range.start, range.start),
    preview: true,
  });
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  ctx.highlights.renderAll();
  return editor;
}

async function revealDisagreement(ctx: AgreementContext, id?: string): Promise<Disagreement> {
  const d = ctx.comparison.disagreements.find((x) => x.id === id);
  if (!d) throw new ProjectError('That disagreement is no longer there: the codings changed meanwhile.');
  await reveal(ctx, d);
  return d;
}

/** Next (or previous) disagreement, of one code or all; `restart` starts from the top of the list. */
async function walk(
  ctx: AgreementContext,
  opts: { code?: string; restart?: boolean } = {},
  direction: 1 | -1,
): Promise<Disagreement | undefined> {
  const coders = requireComparison(ctx);
  if (opts.restart) ctx.comparison.restart();
  const d = ctx.comparison.step(direction, opts.code);
  if (!d) {
    void vscode.window.setStatusBarMessage(`No disagreements${opts.code ? ' for this code' : ''} between ${coders.join(' and ')}.`, 4000);
    return undefined;
  }
  await reveal(ctx, d);
  return d;
}

/** From the view's title bar the argument is not ours. */
function walkOptions(arg: unknown): { code?: string; restart?: boolean } {
  const o = (arg && typeof arg === 'object' ? arg : {}) as { code?: unknown; restart?: unknown };
  return { code: typeof o.code === 'string' ? o.code : undefined, restart: o.restart === true };
}

/** The disagreement a resolve command acts on: the row clicked, an id, or the current one. */
function targetOf(arg: unknown): Disagreement | string | undefined {
  if (typeof arg === 'string') return arg;
  const node = arg as Partial<DisagreementNode> | undefined;
  return node && typeof node === 'object' && node.kind === 'passage' && node.d ? node.d : undefined;
}

const resolveWith = (action: Resolution) => (ctx: AgreementContext, arg?: unknown, opts?: ResolveOptions) =>
  resolveCommand(ctx.host, ctx.comparison, targetOf(arg), action, opts);

const AGREEMENT_COMMANDS: CommandTable<AgreementContext> = {
  [Commands.compareCoders]: compareCoders,
  [Commands.showAgreement]: (ctx) => {
    requireComparison(ctx);
    ctx.panelView.show();
    return featureOf(ctx);
  },
  [Commands.closeComparison]: (ctx) => {
    ctx.comparison.stop();
    ctx.panelView.close();
  },
  [Commands.exportAgreement]: exportAgreement,
  [Commands.revealDisagreement]: revealDisagreement,
  [Commands.nextDisagreement]: (ctx, arg?: unknown) => walk(ctx, walkOptions(arg), 1),
  [Commands.previousDisagreement]: (ctx, arg?: unknown) => walk(ctx, walkOptions(arg), -1),
  [Commands.resolveDisagreement]: (ctx, arg?: unknown, action?: Resolution, opts?: ResolveOptions) =>
    resolveCommand(ctx.host, ctx.comparison, targetOf(arg), action, opts),
  [Commands.keepFirstCoder]: resolveWith('keepA'),
  [Commands.keepSecondCoder]: resolveWith('keepB'),
  [Commands.keepBothCoders]: resolveWith('keepBoth'),
  [Commands.recordConsensus]: resolveWith('consensus'),
};

/** Two quick picks: the first coder, then the second (each with how much they coded). */
async function pickCoders(project: Project): Promise<[string, string] | undefined> {
  const coders = codersIn(project);
  if (coders.length < 2) {
    const who = coders.length ? `Only ${coders[0].coder} has coded so far` : 'Nobody has coded yet';
    throw new ProjectError(`${who}: Compare Coders needs codings by two coders.`);
  }
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const items = (skip?: string) =>
    coders
      .filter((c) => c.coder !== skip)
      .map((c) => ({ label: c.coder, description: `${plural(c.codings, 'coding')} in ${plural(c.sources, 'source')}` }));
  const a = await vscode.window.showQuickPick(items(), { title: 'Compare Coders (1/2)', placeHolder: 'The first coder' });
  if (!a) return undefined;
  const b = await vscode.window.showQuickPick(items(a.label), {
    title: `Compare Coders (2/2): ${a.label} and…`,
    placeHolder: 'The second coder',
  });
  return b ? [a.label, b.label] : undefined;
}
