import * as vscode from 'vscode';
import type { Disagreement } from '../../core/agreement';
import { escapeMarkdown } from '../../core/output';
import { snippetLine } from '../../core/search';
import type { Host } from '../host';
import { Commands, Views } from '../ids';
import type { Comparison } from './comparison';

export type DisagreementNode = { kind: 'source'; source: string; items: Disagreement[] } | { kind: 'passage'; d: Disagreement };

/**
 * The Disagreements view: one group per transcript, each passage where the two
 * coders differ in reading order. Clicking one shows it in the transcript with
 * both coders' highlights; its menu resolves it.
 */
export class DisagreementsView implements vscode.TreeDataProvider<DisagreementNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<DisagreementNode | undefined | void>();
  readonly onDidChangeTreeData = this.emitter.event;
  readonly view: vscode.TreeView<DisagreementNode>;
  private groups: Extract<DisagreementNode, { kind: 'source' }>[] = [];
  private readonly nodes = new Map<string, Extract<DisagreementNode, { kind: 'passage' }>>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly host: Host,
    private readonly comparison: Comparison,
  ) {
    this.view = vscode.window.createTreeView(Views.disagreements, { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(
      this.view,
      comparison.onDidChange(() => this.update()),
    );
  }

  private update(): void {
    const c = this.comparison;
    const bySource = new Map<string, Disagreement[]>();
    for (const d of c.disagreements) {
      const list = bySource.get(d.source);
      if (list) list.push(d);
      else bySource.set(d.source, [d]);
    }
    this.groups = [...bySource].map(([source, items]) => ({ kind: 'source', source, items }));
    this.nodes.clear();
    for (const g of this.groups) for (const d of g.items) this.nodes.set(d.id, { kind: 'passage', d });
    const open = c.disagreements.filter((d) => d.consensus.length === 0).length;
    this.view.description = c.coders ? `${c.coders[0]} and ${c.coders[1]}` : undefined;
    this.view.message = !c.coders
      ? 'Run “Compare Coders” to choose two coders.'
      : !c.report
        ? 'Computing…'
        : c.disagreements.length === 0
          ? `${c.coders[0]} and ${c.coders[1]} agree on every passage they coded.`
          : `${open} open, ${c.disagreements.length - open} settled by consensus (${c.consensusCoder()}).`;
    this.emitter.fire();
  }

  /** The node of a disagreement, for reveal. */
  node(id: string): DisagreementNode | undefined {
    return this.nodes.get(id);
  }

  getChildren(node?: DisagreementNode): DisagreementNode[] {
    if (!node) return this.groups;
    return node.kind === 'source' ? node.items.map((d) => this.nodes.get(d.id)!) : [];
  }

  getParent(node: DisagreementNode): DisagreementNode | undefined {
    return node.kind === 'passage' ? this.groups.find((g) => g.source === node.d.source) : undefined;
  }

  getTreeItem(node: DisagreementNode): vscode.TreeItem {
    if (node.kind === 'source') {
      const item = new vscode.TreeItem(node.source.split('/').pop() ?? node.source, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `source:${node.source}`;
      item.resourceUri = this.host.session()?.files.uri(node.source);
      item.iconPath = vscode.ThemeIcon.File;
      item.description = `${node.items.length} passage${node.items.length === 1 ? '' : 's'}`;
      item.tooltip = node.source;
      return item;
    }
    const { d } = node;
    const [a, b] = this.comparison.coders ?? ['A', 'B'];
    const name = this.host.session()?.project.codebook.codes.find((k) => k.id === d.code)?.name ?? d.code;
    const item = new vscode.TreeItem(name, vscode.TreeItemCollapsibleState.None);
    item.id = `passage:${d.id}`;
    const who = d.both === 0 ? (d.onlyA ? `only ${a}` : `only ${b}`) : `both ${d.both}, ${a} ${d.onlyA}, ${b} ${d.onlyB} more`;
    const settled = d.consensus.length > 0;
    item.description = `${settled ? '✓ ' : ''}${who} · “${snippet(d.text ?? '', 60)}”`;
    item.iconPath = new vscode.ThemeIcon(settled ? 'pass' : 'diff', settled ? new vscode.ThemeColor('charts.green') : undefined);
    const tip = new vscode.MarkdownString();
    const consensus = settled ? ` · settled by consensus (${escapeMarkdown(this.comparison.consensusCoder())})` : '';
    tip.appendMarkdown(`**${escapeMarkdown(name)}** · ${escapeMarkdown(who)} (characters)${consensus}\n\n`);
    tip.appendText(snippet(d.text ?? '', 600));
    item.tooltip = tip;
    item.contextValue = settled ? 'disagreement.settled' : 'disagreement';
    item.accessibilityInformation = { label: `${name}, ${who}${settled ? ', settled by consensus' : ''}: ${snippet(d.text ?? '', 200)}` };
    item.command = { command: Commands.revealDisagreement, title: 'Show Disagreement', arguments: [d.id] };
    return item;
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
    this.emitter.dispose();
  }
}

/** The passage on one line, cut with "…" (as search results show theirs). */
function snippet(text: string, max: number): string {
  return snippetLine({ text, start: 0, marks: [] }, max).text;
}
