import * as vscode from 'vscode';
import { Commands, Views } from '../ids';
import { codePath } from '../../core/codes';
import type { Code } from '../../core/model';
import { inclusion } from '../../core/participants';
import { CodePointIndex } from '../../core/text';
import type { Host } from '../host';
import type { ProjectSession } from '../session';
import type { LiveCodings } from './liveCodings';

export const PASSAGES_VIEW = Views.passages;

type Node =
  | { kind: 'source'; source: string; count: number }
  | {
      kind: 'passage';
      source: string;
      id: string;
      code: string;
      start: number;
      end: number;
      text: string;
      coder?: string;
      note?: string;
      withdrawn?: boolean;
    };

/**
 * Retrieval: every passage coded with the chosen code(s), grouped by source,
 * with its text; clicking one opens the transcript at the passage.
 */
export class PassagesView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly _onDidChangeTreeData = new vscode.EventEmitter<Node | undefined | void>();
  readonly onDidChangeTreeData = this._onDidChangeTreeData.event;
  private codes: string[] = [];
  private coder: string | undefined;
  readonly view: vscode.TreeView<Node>;
  private sub: vscode.Disposable | undefined;

  constructor(
    private readonly host: Host,
    private readonly live: LiveCodings,
  ) {
    this.view = vscode.window.createTreeView(PASSAGES_VIEW, { treeDataProvider: this, showCollapseAll: true });
    host.context.subscriptions.push(
      this.view,
      host.onDidChangeSession((s) => this.attach(s)),
    );
    this.attach(host.session());
  }

  private attach(session: ProjectSession | undefined): void {
    this.sub?.dispose();
    this.sub = session?.project.onDidChange(() => this.refresh());
    this.refresh();
  }

  /** Shows the passages of these codes (and their merged-in codes). */
  show(codes: Code[]): void {
    const project = this.host.session()?.project;
    const ids = new Set(codes.map((c) => c.id));
    for (const c of project?.codebook.codes ?? []) if (c.status === 'merged' && c.mergedInto && ids.has(c.mergedInto)) ids.add(c.id);
    this.codes = [...ids];
    const names = codes.map((c) => (project ? codePath(project.codebook.codes, c.id) : c.name));
    this.view.description = names.join(', ');
    this.refresh();
  }

  setCoder(coder: string | undefined): void {
    this.coder = coder;
    this.refresh();
  }

  get shownCodes(): string[] {
    return this.codes;
  }

  refresh(): void {
    this._onDidChangeTreeData.fire();
    const n = this.passages().length;
    this.view.message = this.codes.length
      ? n
        ? undefined
        : 'No passages are coded with this code yet.'
      : 'Select a code in the Codes view to see its passages.';
  }

  private passages(): Extract<Node, { kind: 'passage' }>[] {
    const project = this.host.session()?.project;
    if (!project || !this.codes.length) return [];
    const out: Extract<Node, { kind: 'passage' }>[] = [];
    const inc = inclusion(project);
    for (const [source, file] of project.codings) {
      for (const c of file.codings) {
        if (!this.codes.includes(c.code) || (this.coder && c.coder !== this.coder)) continue;
        // Shown, so the researcher can find them, but marked: they are in no analysis or export.
        const withdrawn = !inc.includesPassage(source, c.start, c.end);
        out.push({
          kind: 'passage',
          source,
          id: c.id,
          code: c.code,
          start: c.start,
          end: c.end,
          text: c.text,
          coder: c.coder,
          note: c.note,
          withdrawn,
        });
      }
    }
    return out.sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : a.start - b.start));
  }

  getChildren(node?: Node): Node[] {
    const all = this.passages();
    if (!node) {
      const counts = new Map<string, number>();
      for (const p of all) counts.set(p.source, (counts.get(p.source) ?? 0) + 1);
      return [...counts].map(([source, count]) => ({ kind: 'source', source, count }));
    }
    return node.kind === 'source' ? all.filter((p) => p.source === node.source) : [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'source') {
      const item = new vscode.TreeItem(node.source.split('/').pop() ?? node.source, vscode.TreeItemCollapsibleState.Expanded);
      item.description = `${node.count} passage${node.count === 1 ? '' : 's'}`;
      item.tooltip = node.source;
      item.resourceUri = this.host.session()?.files.uri(node.source);
      item.iconPath = vscode.ThemeIcon.File;
      item.id = `source:${node.source}`;
      return item;
    }
    const oneLine = node.text.replace(/\s+/g, ' ').trim();
    const item = new vscode.TreeItem(oneLine.length > 120 ? oneLine.slice(0, 119) + '…' : oneLine);
    item.id = `passage:${node.source}:${node.id}`;
    item.description = [node.withdrawn ? 'withdrawn participant' : '', node.coder, node.note].filter(Boolean).join(' · ');
    if (node.withdrawn) item.iconPath = new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground'));
    item.tooltip = new vscode.MarkdownString().appendText(node.text);
    item.accessibilityInformation = { label: oneLine.slice(0, 200) };
    item.command = { command: Commands.revealPassage, title: 'Reveal Passage', arguments: [{ source: node.source, id: node.id }] };
    item.contextValue = 'passage';
    return item;
  }

  /** Opens the transcript with the coding's passage selected (where it is now, if edited). */
  async reveal(ref: { source: string; id: string }): Promise<void> {
    const session = this.host.session();
    if (!session) return;
    const doc = await vscode.workspace.openTextDocument(session.files.uri(ref.source));
    const live = this.live.get(doc);
    const entry = live?.entries.find((e) => e.coding.id === ref.id);
    const stored = session.project.codings.get(ref.source)?.codings.find((c) => c.id === ref.id);
    const span = entry && (entry.state === 'exact' || entry.state === 'moved') ? entry : stored;
    if (!span) return;
    const index = new CodePointIndex(doc.getText());
    const range = new vscode.Range(doc.positionAt(index.toUtf16(span.start)), doc.positionAt(index.toUtf16(span.end)));
    await vscode.window.showTextDocument(doc, { selection: range, preview: true });
  }

  dispose(): void {
    this.sub?.dispose();
    this._onDidChangeTreeData.dispose();
  }
}
