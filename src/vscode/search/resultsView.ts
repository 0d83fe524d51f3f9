import * as vscode from 'vscode';
import { escapeMarkdownLine } from '../../core/output';
import { type SearchHit, snippetLine } from '../../core/search';
import type { Host } from '../host';
import { Commands, ContextKeys, Views } from '../ids';
import { hitCodes, hitWhere } from './reveal';

export const SEARCH_RESULTS_VIEW = Views.searchResults;
const HAS_RESULTS = ContextKeys.hasSearchResults;

/** Results kept from a search: the query, the hits (best first) and how many matched in all. */
export interface KeptResults {
  query: string;
  hits: SearchHit[];
  total: number;
}

export type ResultNode =
  { kind: 'group'; id: string; label: string; source?: string; hits: SearchHit[] } | { kind: 'hit'; id: string; hit: SearchHit };

/**
 * The Search Results view: results kept from Search Project, grouped into
 * codes, one group per transcript (passages in reading order) and memos.
 * Clicking a result reveals it; "Code All Results With…" codes its passages.
 */
export class SearchResultsView implements vscode.TreeDataProvider<ResultNode>, vscode.Disposable {
  private readonly _onDidChangeTreeData = new vscode.EventEmitter<ResultNode | undefined | void>();
  readonly onDidChangeTreeData = this._onDidChangeTreeData.event;
  readonly view: vscode.TreeView<ResultNode>;
  private kept: KeptResults | undefined;
  private groups: ResultNode[] = [];

  constructor(private readonly host: Host) {
    this.view = vscode.window.createTreeView(SEARCH_RESULTS_VIEW, { treeDataProvider: this, showCollapseAll: true });
    host.context.subscriptions.push(
      this.view,
      host.onDidChangeSession(() => this.clear()),
    );
    void vscode.commands.executeCommand('setContext', HAS_RESULTS, false);
  }

  /** The kept results, if any. */
  get results(): KeptResults | undefined {
    return this.kept;
  }

  /** The kept passage hits (what "Code All Results With…" codes). */
  get passages(): SearchHit[] {
    return this.kept?.hits.filter((h) => h.kind === 'passage') ?? [];
  }

  /** Replaces the list with these results. */
  keep(results: KeptResults): void {
    this.kept = results;
    this.groups = group(results.hits);
    const n = results.hits.length;
    this.view.description = results.query;
    this.view.message =
      n === 0
        ? `Nothing found for “${results.query}”.`
        : n < results.total
          ? `The best ${n} of ${results.total} results for “${results.query}”.`
          : undefined;
    void vscode.commands.executeCommand('setContext', HAS_RESULTS, n > 0);
    this._onDidChangeTreeData.fire();
  }

  clear(): void {
    this.kept = undefined;
    this.groups = [];
    this.view.description = undefined;
    this.view.message = undefined;
    void vscode.commands.executeCommand('setContext', HAS_RESULTS, false);
    this._onDidChangeTreeData.fire();
  }

  getChildren(node?: ResultNode): ResultNode[] {
    if (!node) return this.groups;
    return node.kind === 'group'
      ? node.hits.map((hit) => ({
          kind: 'hit',
          id: `${node.id}|${hit.memo ?? hit.code ?? ''}|${hit.field ?? ''}|${hit.start}-${hit.end}`,
          hit,
        }))
      : [];
  }

  getTreeItem(node: ResultNode): vscode.TreeItem {
    if (node.kind === 'group') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
      item.id = node.id;
      item.description = `${node.hits.length} result${node.hits.length === 1 ? '' : 's'}`;
      if (node.source) {
        item.resourceUri = this.host.session()?.files.uri(node.source);
        item.iconPath = vscode.ThemeIcon.File;
        item.tooltip = node.source;
      } else item.iconPath = new vscode.ThemeIcon(node.id === 'codes' ? 'symbol-key' : 'note');
      return item;
    }
    const { hit } = node;
    const line = snippetLine(hit.snippet, 200);
    const item = new vscode.TreeItem({ label: line.text, highlights: line.marks });
    item.id = node.id;
    const codes = hitCodes(this.host, hit);
    item.description =
      hit.kind === 'passage'
        ? [hit.speaker, codes].filter(Boolean).join(' · ')
        : hit.kind === 'memo'
          ? codes
          : hit.field !== 'name'
            ? hit.field
            : undefined;
    const tip = new vscode.MarkdownString();
    tip
      .appendMarkdown(`**${escapeMarkdownLine(hitWhere(this.host, hit))}**${codes ? ` · ${escapeMarkdownLine(codes)}` : ''}\n\n`)
      .appendText(hit.snippet.text);
    item.tooltip = tip;
    item.accessibilityInformation = { label: `${hitWhere(this.host, hit)}: ${line.text}`.slice(0, 300) };
    item.command = { command: Commands.revealSearchResult, title: 'Reveal Search Result', arguments: [hit] };
    item.contextValue = `searchHit.${hit.kind}`;
    return item;
  }

  dispose(): void {
    this._onDidChangeTreeData.dispose();
  }
}

/** Codes first (best first), then one group per transcript (passages in reading order), then memos. */
function group(hits: readonly SearchHit[]): ResultNode[] {
  const out: ResultNode[] = [];
  const codes = hits.filter((h) => h.kind === 'code');
  if (codes.length) out.push({ kind: 'group', id: 'codes', label: 'Codes', hits: codes });
  const bySource = new Map<string, SearchHit[]>();
  for (const h of hits) {
    if (h.kind !== 'passage') continue;
    const list = bySource.get(h.source!);
    if (list) list.push(h);
    else bySource.set(h.source!, [h]);
  }
  for (const source of [...bySource.keys()].sort()) {
    out.push({
      kind: 'group',
      id: `source:${source}`,
      label: source.split('/').pop() ?? source,
      source,
      hits: bySource.get(source)!.sort((a, b) => a.start - b.start),
    });
  }
  const memos = hits.filter((h) => h.kind === 'memo').sort((a, b) => (a.memo! < b.memo! ? -1 : a.memo! > b.memo! ? 1 : 0));
  if (memos.length) out.push({ kind: 'group', id: 'memos', label: 'Memos', hits: memos });
  return out;
}
