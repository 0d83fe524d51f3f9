/**
 * Codebook export and import, and the participant review loop: prepare a
 * review pack, bring responses back, see what participants said in the Review
 * view and in the Codes tree (✓ fits ~ partly ✗ does not fit).
 */
import * as vscode from 'vscode';
import type { Code } from '../../core/model';
import { formatEndorsement, type Endorsement } from '../../core/review';
import type { Host } from '../host';
import { Commands } from '../ids';
import { exportCodebookCommand, exportSummaryCommand, importQdcCommand, importResponsesCommand, prepareReviewCommand, previewPseudonymsCommand } from './commands';
import { ReviewModel } from './model';
import { endorsementMarkdown, REVIEWS_VIEW, ReviewTreeProvider, type ReviewNode } from './view';

/** What the review feature offers other features and tests, as `host.features.get('review')`. */
export interface ReviewFeature {
  readonly model: ReviewModel;
  readonly tree: ReviewTreeProvider;
  readonly view: vscode.TreeView<ReviewNode>;
  /** A code's endorsement in the latest round that asked about it (synchronous; undefined when nobody answered). */
  endorsement(codeId: string): Endorsement | undefined;
}

/** The part of the Codes feature this one decorates (see src/vscode/codes/codeTree.ts). */
interface CodesTreeLike {
  decorators: { description?(code: Code): string | undefined; tooltip?(code: Code): string | undefined }[];
  refresh(): void;
}

/** Registers the review commands and the Review view; decorates the Codes tree when it is there. */
export function registerReview(host: Host): ReviewFeature {
  const model = new ReviewModel(host);
  const tree = new ReviewTreeProvider(host, model);
  const view = vscode.window.createTreeView(REVIEWS_VIEW, { treeDataProvider: tree, showCollapseAll: true });
  host.context.subscriptions.push(model, tree, view);

  const feature: ReviewFeature = { model, tree, view, endorsement: (id) => model.endorsement(id) };
  host.features.set('review', feature);

  host.registerCommand(Commands.exportCodebook, (args) => exportCodebookCommand(host, args));
  host.registerCommand(Commands.importQdc, (args) => importQdcCommand(host, args instanceof vscode.Uri ? { uri: args } : args));
  host.registerCommand(Commands.prepareReview, (args) => prepareReviewCommand(host, model, args));
  host.registerCommand(Commands.importReviewResponses, (args) => importResponsesCommand(host, model, args instanceof vscode.Uri ? { uris: [args] } : args));
  host.registerCommand(Commands.previewPseudonymisation, (args) => previewPseudonymsCommand(host, args));
  host.registerCommand(Commands.exportReviewSummary, (args) => exportSummaryCommand(host, args));
  host.registerCommand(Commands.openReviewPack, async (node?: ReviewNode) => {
    const uri = tree.packUri(node);
    if (uri) await vscode.env.openExternal(uri);
    return uri;
  });
  // Returns the rounds as the view shows them: for scripts and tests.
  host.registerCommand(Commands.refreshReviews, async () => {
    const summary = await model.refresh();
    return summary?.rounds.map((r) => ({
      round: r.record.round,
      respondents: r.respondents.map((x) => x.respondent),
      codes: Object.fromEntries([...r.byCode].map(([id, e]) => [id, formatEndorsement(e)])),
      challenged: tree.getChildren({ kind: 'challenged', round: r }).map((n) => (n.kind === 'code' ? `${n.id} ${formatEndorsement(n.endorsement)}` : '')),
    }));
  });

  decorateCodesTree(host, model);
  return feature;
}

/** Shows "✓4 ~1 ✗1" and the comments on each code in the Codes tree, when the Codes feature is registered. */
function decorateCodesTree(host: Host, model: ReviewModel): void {
  const coding = host.features.get('coding') as { codes?: { tree?: CodesTreeLike } } | undefined;
  const codesTree = coding?.codes?.tree;
  if (!codesTree || !Array.isArray(codesTree.decorators)) return;
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
