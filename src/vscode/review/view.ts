import * as vscode from 'vscode';
import { Views } from '../ids';
import { escapeMarkdown } from '../../core/output';
import {
  roundPaths,
  describeEndorsement,
  formatEndorsement,
  mostChallenged,
  type Endorsement,
  type RespondentSummary,
  type RoundSummary,
} from '../../core/review';
import type { Host } from '../host';
import type { ReviewModel } from './model';

/** The Review view's id, in the "QDA" view container. */
export const REVIEWS_VIEW = Views.reviews;

export type ReviewNode =
  | { kind: 'round'; round: RoundSummary; latest: boolean }
  | { kind: 'respondents'; round: RoundSummary }
  | { kind: 'respondent'; round: RoundSummary; respondent: RespondentSummary }
  | { kind: 'challenged'; round: RoundSummary }
  | { kind: 'code'; round: RoundSummary; id: string; endorsement: Endorsement }
  | { kind: 'problem'; text: string };

const FIT = { fits: 'fits', partly: 'partly', notFit: 'does not fit' } as const;

/** Rounds (newest first), each with its respondents and the codes participants challenged most. */
export class ReviewTreeProvider implements vscode.TreeDataProvider<ReviewNode>, vscode.Disposable {
  private readonly _onDidChangeTreeData = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this._onDidChangeTreeData.event;
  private readonly sub: vscode.Disposable;

  constructor(
    private readonly host: Pick<Host, 'session'>,
    private readonly model: ReviewModel,
  ) {
    this.sub = model.onDidChange(() => this._onDidChangeTreeData.fire());
  }

  getChildren(node?: ReviewNode): ReviewNode[] {
    const summary = this.model.summary;
    if (!summary) return [];
    if (!node) {
      const rounds = [...summary.rounds].reverse().map((round, i): ReviewNode => ({ kind: 'round', round, latest: i === 0 }));
      return [...rounds, ...summary.problems.map((text): ReviewNode => ({ kind: 'problem', text }))];
    }
    switch (node.kind) {
      case 'round':
        return [
          { kind: 'respondents', round: node.round },
          ...(mostChallenged(node.round.byCode).length ? [{ kind: 'challenged', round: node.round } as const] : []),
        ];
      case 'respondents':
        return node.round.respondents.map((respondent) => ({ kind: 'respondent', round: node.round, respondent }));
      case 'challenged':
        return mostChallenged(node.round.byCode).map((c) => ({ kind: 'code', round: node.round, id: c.id, endorsement: c.endorsement }));
      default:
        return [];
    }
  }

  getTreeItem(node: ReviewNode): vscode.TreeItem {
    const files = this.host.session()?.files;
    switch (node.kind) {
      case 'round': {
        const r = node.round;
        const item = new vscode.TreeItem(
          r.record.round,
          node.latest ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
        );
        item.id = `round:${r.record.round}`;
        item.description = `${r.respondents.length} respondent${r.respondents.length === 1 ? '' : 's'} · ${r.record.created.slice(0, 10)}`;
        item.tooltip = `Round ${r.record.round}, prepared ${r.record.created.slice(0, 10)}; codebook version ${r.record.codebookVersion}; ${r.record.pseudonymised === false ? 'quotes NOT pseudonymised' : 'quotes pseudonymised'}`;
        item.iconPath = new vscode.ThemeIcon('comment-discussion');
        item.contextValue = 'reviewRound';
        return item;
      }
      case 'respondents': {
        const n = node.round.respondents.length;
        const item = new vscode.TreeItem(
          'Respondents',
          n ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
        );
        item.id = `respondents:${node.round.record.round}`;
        item.description = n ? String(n) : 'none yet: import their responses';
        item.iconPath = new vscode.ThemeIcon('person');
        return item;
      }
      case 'respondent': {
        const r = node.respondent;
        const item = new vscode.TreeItem(r.respondent, vscode.TreeItemCollapsibleState.None);
        item.id = `respondent:${r.path}`;
        item.description = `${r.answered} answer${r.answered === 1 ? '' : 's'}${r.saved ? ` · ${r.saved.slice(0, 10)}` : ''}`;
        item.tooltip = r.path;
        item.accessibilityInformation = { label: `${r.respondent}, ${item.description}` };
        if (files) item.command = { command: 'vscode.open', title: 'Open Response', arguments: [files.uri(r.path)] };
        item.contextValue = 'reviewRespondent';
        return item;
      }
      case 'challenged': {
        const item = new vscode.TreeItem('Most challenged codes', vscode.TreeItemCollapsibleState.Expanded);
        item.id = `challenged:${node.round.record.round}`;
        item.iconPath = new vscode.ThemeIcon('warning');
        return item;
      }
      case 'code': {
        const name = this.host.session()?.project.codebook.codes.find((c) => c.id === node.id)?.name ?? node.id;
        const item = new vscode.TreeItem(name, vscode.TreeItemCollapsibleState.None);
        item.id = `code:${node.round.record.round}:${node.id}`;
        item.description = formatEndorsement(node.endorsement);
        item.tooltip = endorsementTooltip(name, node.endorsement);
        item.accessibilityInformation = { label: `${name}: ${describeEndorsement(node.endorsement)}` };
        item.contextValue = 'reviewCode';
        return item;
      }
      case 'problem': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon('error');
        return item;
      }
    }
  }

  /** The pack of a round node (for "Open Review Pack"). */
  packUri(node: ReviewNode | undefined): vscode.Uri | undefined {
    const files = this.host.session()?.files;
    const round = node && 'round' in node ? node.round : this.model.summary?.rounds.at(-1);
    return files && round ? files.uri(roundPaths(round.record.round).pack) : undefined;
  }

  dispose(): void {
    this.sub.dispose();
    this._onDidChangeTreeData.dispose();
  }
}

/** A tooltip listing what participants said: every piece of their text escaped (no HTML, no links). */
export function endorsementTooltip(name: string, e: Endorsement): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, false);
  md.supportHtml = false;
  md.isTrusted = false;
  md.appendMarkdown(endorsementMarkdown(name, e));
  return md;
}

/** The same as Markdown text: used by the Codes tree's tooltip as well. */
export function endorsementMarkdown(name: string, e: Endorsement): string {
  const lines = [`**${escapeMarkdown(name)}**${e.round ? ` in review ${escapeMarkdown(e.round)}` : ''}: ${describeEndorsement(e)}`];
  for (const c of e.comments.slice(0, 8))
    lines.push(`- ${escapeMarkdown(c.respondent)}${c.fit ? ` (${FIT[c.fit]})` : ''}: ${escapeMarkdown(c.text.replace(/\s+/g, ' '))}`);
  if (e.comments.length > 8) lines.push(`- … and ${e.comments.length - 8} more`);
  if (e.suggestedNames.length)
    lines.push(
      `\nSuggested names: ${e.suggestedNames.map((n) => `“${escapeMarkdown(n.name)}” (${escapeMarkdown(n.respondent)})`).join(', ')}`,
    );
  return lines.join('\n');
}
