import * as vscode from 'vscode';
import { Commands, ContextKeys, Views } from '../ids';
import { escapeMarkdownLine as esc } from '../../core/output';
import type { Code } from '../../core/model';
import { moveCode, shownColors } from '../../core/codes';
import { memosForCode, memoTime, memoTitle } from '../../core/memos';
import { inclusion } from '../../core/participants';
import type { Host } from '../host';
import type { ProjectSession } from '../session';
import { ColorIcons } from './colorIcons';

export const CODES_VIEW = Views.codes;
const DND_MIME = 'application/vnd.code.tree.reflexiveqda.codes';

export interface CodeCounts {
  codings: number;
  sources: number;
}

/** Extra lines for a code's tooltip and description, supplied by other features (memos, reviews). */
export interface CodeDecorator {
  description?(code: Code): string | undefined;
  tooltip?(code: Code): string | undefined;
}

/**
 * The Codes tree: the codebook's hierarchy, each code with its colour, its
 * counts (codings and sources) and its definition as tooltip. Codes can be
 * dragged onto another code (to nest them) or onto empty space (top level).
 */
export class CodeTreeProvider implements vscode.TreeDataProvider<Code>, vscode.TreeDragAndDropController<Code>, vscode.Disposable {
  readonly dropMimeTypes = [DND_MIME];
  readonly dragMimeTypes = [DND_MIME];
  private readonly _onDidChangeTreeData = new vscode.EventEmitter<Code | undefined | void>();
  readonly onDidChangeTreeData = this._onDidChangeTreeData.event;
  private counts = new Map<string, CodeCounts>();
  private children = new Map<string | undefined, Code[]>();
  /** The colour each code is shown in (a child without one shows its theme's). */
  private colors = new Map<string, string>();
  private hasCodes: boolean | undefined;
  private showInactive = false;
  private coder: string | undefined;
  readonly decorators: CodeDecorator[] = [];
  private readonly icons: ColorIcons;
  private sessionSub: vscode.Disposable | undefined;

  constructor(private readonly host: Host) {
    this.icons = new ColorIcons(vscode.Uri.joinPath(host.context.globalStorageUri, 'icons'));
    host.context.subscriptions.push(host.onDidChangeSession((s) => this.attach(s)));
    this.attach(host.session());
  }

  private attach(session: ProjectSession | undefined): void {
    this.sessionSub?.dispose();
    this.sessionSub = session?.project.onDidChange((e) => {
      if (e.kinds.has('codebook') || e.kinds.has('codings') || e.kinds.has('memo') || e.kinds.has('participants') || e.kinds.has('other'))
        this.refresh();
    });
    this.refresh();
  }

  /** Show merged and retired codes too (they are hidden by default). */
  setShowInactive(show: boolean): void {
    this.showInactive = show;
    void vscode.commands.executeCommand('setContext', ContextKeys.showInactiveCodes, show);
    this.refresh();
  }
  get inactiveShown(): boolean {
    return this.showInactive;
  }

  /** Count only this coder's codings (undefined: everybody's). */
  setCoder(coder: string | undefined): void {
    this.coder = coder;
    this.refresh();
  }

  refresh(): void {
    this.recompute();
    this._onDidChangeTreeData.fire();
  }

  countsOf(id: string): CodeCounts {
    return this.counts.get(id) ?? { codings: 0, sources: 0 };
  }

  private recompute(): void {
    const project = this.host.session()?.project;
    this.counts = new Map();
    this.children = new Map();
    this.colors = project ? shownColors(project.codebook.codes) : new Map();
    // an empty codebook shows the next steps instead of a blank view (viewsWelcome)
    const hasCodes = !!project?.codebook.codes.some((c) => c.status === 'active');
    if (hasCodes !== this.hasCodes) void vscode.commands.executeCommand('setContext', ContextKeys.hasCodes, (this.hasCodes = hasCodes));
    if (!project) return;
    const sourcesPer = new Map<string, Set<string>>();
    // Counts are analysis: a withdrawn participant's codings are not counted.
    for (const [source, codings] of inclusion(project).codings()) {
      for (const c of codings) {
        if (this.coder && c.coder !== this.coder) continue;
        const n = this.counts.get(c.code) ?? { codings: 0, sources: 0 };
        n.codings++;
        this.counts.set(c.code, n);
        let s = sourcesPer.get(c.code);
        if (!s) sourcesPer.set(c.code, (s = new Set()));
        s.add(source);
      }
    }
    for (const [id, s] of sourcesPer) this.counts.get(id)!.sources = s.size;
    const ids = new Set(project.codebook.codes.map((c) => c.id));
    const visible = project.codebook.codes.filter((c) => this.showInactive || c.status === 'active');
    for (const c of visible) {
      // A code whose parent is hidden or missing shows at the top level, never lost.
      const parent = c.parent !== undefined && ids.has(c.parent) && visible.some((v) => v.id === c.parent) ? c.parent : undefined;
      const list = this.children.get(parent) ?? [];
      list.push(c);
      this.children.set(parent, list);
    }
    for (const list of this.children.values()) list.sort((a, b) => a.name.localeCompare(b.name));
  }

  getChildren(element?: Code): Code[] {
    return this.children.get(element?.id) ?? [];
  }

  getParent(element: Code): Code | undefined {
    const project = this.host.session()?.project;
    return element.parent ? project?.codebook.codes.find((c) => c.id === element.parent) : undefined;
  }

  async getTreeItem(code: Code): Promise<vscode.TreeItem> {
    const hasChildren = (this.children.get(code.id)?.length ?? 0) > 0;
    // On a first open only the first theme is expanded, so every theme fits on screen (VS Code keeps what the user opens).
    const top = this.children.get(undefined) ?? [];
    const theme = top.some((c) => c.id === code.id);
    const state = !hasChildren ? 'None' : !theme || top[0].id === code.id ? 'Expanded' : 'Collapsed';
    const item = new vscode.TreeItem(code.name, vscode.TreeItemCollapsibleState[state]);
    item.id = code.id;
    const n = this.countsOf(code.id);
    const extra = this.decorators.map((d) => d.description?.(code)).filter(Boolean);
    const status =
      code.status === 'merged' ? `merged into ${this.nameOf(code.mergedInto)}` : code.status === 'retired' ? 'retired' : undefined;
    item.description = [n.codings ? countWords(n) : '', ...extra, status].filter(Boolean).join('  ');
    item.iconPath =
      code.status === 'active'
        ? await this.icons.icon(this.colors.get(code.id))
        : new vscode.ThemeIcon(code.status === 'merged' ? 'merge' : 'archive');
    item.contextValue = 'code';
    item.tooltip = this.tooltip(code, n);
    item.accessibilityInformation = { label: code.name, role: 'treeitem' };
    item.command = { command: Commands.showPassages, title: 'Show Coded Passages', arguments: [code] };
    return item;
  }

  private nameOf(id: string | undefined): string {
    return this.host.session()?.project.codebook.codes.find((c) => c.id === id)?.name ?? id ?? '?';
  }

  private tooltip(code: Code, n: CodeCounts): vscode.MarkdownString {
    const md = new vscode.MarkdownString(undefined, true);
    md.supportHtml = false;
    md.appendMarkdown(`**${esc(code.name)}** \`${code.id.replace(/`/g, '')}\`\n\n`);
    if (code.definition) md.appendMarkdown(`${esc(code.definition)}\n\n`);
    if (code.include) md.appendMarkdown(`*Apply when:* ${esc(code.include)}\n\n`);
    if (code.exclude) md.appendMarkdown(`*Not when:* ${esc(code.exclude)}\n\n`);
    if (code.example) md.appendMarkdown(`*Example:* “${esc(code.example)}”\n\n`);
    md.appendMarkdown(`${n.codings ? countWords(n, 'coded in') : 'Not applied yet'}${this.coder ? ` (coder ${esc(this.coder)})` : ''}`);
    if (code.revised?.length)
      md.appendMarkdown(`\n\nRevised ${code.revised.length}×, last ${esc(code.revised[code.revised.length - 1].at.slice(0, 10))}`);
    const project = this.host.session()?.project;
    const memos = project ? memosForCode(project, code.id) : [];
    if (memos.length) {
      md.appendMarkdown(`\n\n**Memos** (${memos.length})\n`);
      for (const m of memos.slice(0, 5))
        md.appendMarkdown(`\n- ${esc(memoTitle(m))} (${esc(m.meta.kind)}, ${esc(memoTime(m.meta.created))})`);
    }
    for (const d of this.decorators) {
      const t = d.tooltip?.(code);
      if (t) md.appendMarkdown(`\n\n${t}`);
    }
    return md;
  }

  handleDrag(source: readonly Code[], data: vscode.DataTransfer): void {
    data.set(DND_MIME, new vscode.DataTransferItem(source.map((c) => c.id)));
  }

  async handleDrop(target: Code | undefined, data: vscode.DataTransfer): Promise<void> {
    const ids = data.get(DND_MIME)?.value as string[] | undefined;
    const session = this.host.session();
    if (!ids?.length || !session) return;
    const moving = ids.filter((id) => id !== target?.id);
    try {
      await session.history.transaction(moving.length === 1 ? `Move code` : `Move ${moving.length} codes`, async () => {
        for (const id of moving) await moveCode(session.project, id, target?.id);
      });
    } catch (e) {
      void vscode.window.showWarningMessage(e instanceof Error ? e.message : String(e));
    }
  }

  dispose(): void {
    this.sessionSub?.dispose();
    this._onDidChangeTreeData.dispose();
  }
}

/** "3 passages · 2 transcripts" (the tree), or "3 passages coded in 2 transcripts" (`joint` 'coded in', the tooltip). */
export function countWords(n: CodeCounts, joint = '·'): string {
  const plural = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;
  return `${plural(n.codings, 'passage')} ${joint} ${plural(n.sources, 'transcript')}`;
}
