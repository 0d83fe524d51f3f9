/**
 * Codebook export and import, and the participant review loop: prepare a
 * review pack, bring responses back, see what participants said in the Review
 * view and in the Codes tree (✓ fits ~ partly ✗ does not fit).
 */
import * as vscode from 'vscode';
import { formatEndorsement, type Endorsement } from '../../core/review';
import type { Host } from '../host';
import type { CodeTreeProvider } from '../codes/codeTree';
import type { CommandTable } from '../commands';
import { Commands } from '../ids';
import {
  exportCodebookCommand,
  exportSummaryCommand,
  importQdcCommand,
  importResponsesCommand,
  prepareReviewCommand,
  previewPseudonymsCommand,
  type ExportCodebookArgs,
  type ImportQdcArgs,
  type ImportResponsesArgs,
  type PrepareReviewArgs,
} from './commands';
import { ReviewModel } from './model';
import { endorsementMarkdown, REVIEWS_VIEW, ReviewTreeProvider, type ReviewNode } from './view';

/** What the review feature offers other features and tests. */
export interface ReviewFeature {
  readonly model: ReviewModel;
  readonly tree: ReviewTreeProvider;
  readonly view: vscode.TreeView<ReviewNode>;
  /** A code's endorsement in the latest round that asked about it (synchronous; undefined when nobody answered). */
  endorsement(codeId: string): Endorsement | undefined;
}

/** What the review commands work with. */
interface ReviewContext {
  readonly host: Host;
  readonly model: ReviewModel;
  readonly tree: ReviewTreeProvider;
}

/** Registers the review commands and the Review view, and shows endorsements in the Codes tree. */
export function registerReview(host: Host, deps: { codesTree: CodeTreeProvider }): ReviewFeature {
  const model = new ReviewModel(host);
  const tree = new ReviewTreeProvider(host, model);
  const view = vscode.window.createTreeView(REVIEWS_VIEW, { treeDataProvider: tree, showCollapseAll: true });
  host.context.subscriptions.push(model, tree, view);
  host.registerCommands(REVIEW_COMMANDS, { host, model, tree });
  decorateCodesTree(host, model, deps.codesTree);
  return { model, tree, view, endorsement: (id) => model.endorsement(id) };
}

/**
 * Opens the review pack in the browser. A desktop window opens the file itself; a window that is a web
 * page (code-server, Codespaces, vscode.dev) cannot open the host's files, so the pack is served at a
 * loopback address reached through the window's port forwarding; where nothing can serve it (the web
 * worker host), it says so and offers to download the pack or show it in the Explorer.
 * Returns the address opened, or undefined.
 */
async function openReviewPack(ctx: ReviewContext, node?: ReviewNode): Promise<vscode.Uri | undefined> {
  const uri = ctx.tree.packUri(node);
  const session = ctx.host.session();
  if (!uri || !session) {
    void vscode.window.showInformationMessage('There is no review pack yet: run Prepare Participant Review first.');
    return undefined;
  }
  if (vscode.env.uiKind === vscode.UIKind.Desktop && uri.scheme === 'file') return (await vscode.env.openExternal(uri)) ? uri : undefined;
  const serve = ctx.host.platform.servePage;
  if (serve) {
    const local = vscode.Uri.parse(await serve(async () => await vscode.workspace.fs.readFile(uri), 'pack.html'));
    const address = await vscode.env.asExternalUri(local);
    if (await vscode.env.openExternal(address)) {
      vscode.window.setStatusBarMessage('Opened the review pack in a new browser tab', 8000);
      return address;
    }
  }
  const path = session.files.relative(uri) ?? uri.path;
  const choice = await vscode.window.showWarningMessage(
    `This browser window cannot open the review pack (${path}) from the project's folder. Download it to open it on this computer or send it to participants.`,
    'Download',
    'Reveal in Explorer',
  );
  if (choice) await vscode.commands.executeCommand('revealInExplorer', uri);
  // the workbench's Download acts on the Explorer's selection: the pack, just revealed
  if (choice === 'Download') await vscode.commands.executeCommand('explorer.download');
  return undefined;
}

/** Returns the rounds as the view shows them: for scripts and tests. */
async function refreshReviews(ctx: ReviewContext) {
  const summary = await ctx.model.refresh();
  return summary?.rounds.map((r) => ({
    round: r.record.round,
    respondents: r.respondents.map((x) => x.respondent),
    codes: Object.fromEntries([...r.byCode].map(([id, e]) => [id, formatEndorsement(e)])),
    challenged: ctx.tree
      .getChildren({ kind: 'challenged', round: r })
      .map((n) => (n.kind === 'code' ? `${n.id} ${formatEndorsement(n.endorsement)}` : '')),
  }));
}

const REVIEW_COMMANDS: CommandTable<ReviewContext> = {
  [Commands.exportCodebook]: (ctx, args?: ExportCodebookArgs) => exportCodebookCommand(ctx.host, args),
  // From the Explorer's context menu the argument is the file.
  [Commands.importQdc]: (ctx, args?: ImportQdcArgs | vscode.Uri) =>
    importQdcCommand(ctx.host, args instanceof vscode.Uri ? { uri: args } : args),
  [Commands.prepareReview]: (ctx, args?: PrepareReviewArgs) => prepareReviewCommand(ctx.host, ctx.model, args),
  [Commands.importReviewResponses]: (ctx, args?: ImportResponsesArgs | vscode.Uri) =>
    importResponsesCommand(ctx.host, ctx.model, args instanceof vscode.Uri ? { uris: [args] } : args),
  [Commands.previewPseudonymisation]: (ctx, args?: { create?: boolean; show?: boolean }) => previewPseudonymsCommand(ctx.host, args),
  [Commands.exportReviewSummary]: (ctx, args?: Parameters<typeof exportSummaryCommand>[1]) => exportSummaryCommand(ctx.host, args),
  [Commands.openReviewPack]: openReviewPack,
  [Commands.refreshReviews]: refreshReviews,
};

/** Shows "✓4 ~1 ✗1" and the comments on each code in the Codes tree. */
function decorateCodesTree(host: Host, model: ReviewModel, codesTree: CodeTreeProvider): void {
  codesTree.decorators.push({
    description: (code) => {
      const e = model.endorsement(code.id);
      return e ? formatEndorsement(e) || undefined : undefined;
    },
    tooltip: (code) => {
      const e = model.endorsement(code.id);
      return e && formatEndorsement(e) ? endorsementMarkdown(code.name, e) : undefined;
    },
  });
  host.context.subscriptions.push(model.onDidChange(() => codesTree.refresh()));
}
