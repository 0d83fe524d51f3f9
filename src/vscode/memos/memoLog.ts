import * as vscode from 'vscode';
import {
  filterMemos,
  memoPreview,
  memoTime,
  memoTitle,
  resolveMemoLinks,
  type MemoFilter,
  type ReadSource,
  type ResolvedLink,
  describeFilter,
  groupMemos,
  type MemoGroup,
  type MemoGrouping,
} from '../../core/memos';
import type { Memo, MemoKind } from '../../core/model';
import type { Project } from '../../core/project';
import { Commands } from '../ids';
import type { ProjectSession } from '../session';

/** A row of the memo log: a day or week, a memo, or one of a memo's links. */
export type MemoLogNode =
  { type: 'group'; group: MemoGroup } | { type: 'memo'; memo: Memo } | { type: 'link'; memo: Memo; link: ResolvedLink };

export const KIND_ICONS: Readonly<Record<MemoKind, string>> = {
  reflexive: 'mirror',
  analytic: 'graph',
  methodological: 'tools',
  theoretical: 'lightbulb',
};

/**
 * The Memo log view's data: the open project's memos, filtered, grouped by day
 * or week, each with its links resolved (passages located in the transcript as
 * an open editor has it, else as on disk). Re-resolves when the project changes
 * and, shortly after typing stops, when a linked transcript is edited.
 */
export class MemoLogProvider implements vscode.TreeDataProvider<MemoLogNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<MemoLogNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly filterChanged = new vscode.EventEmitter<void>();
  /** Fires when the filter or grouping changes (the view shows them). */
  readonly onDidChangeFilter = this.filterChanged.event;
  private session: ProjectSession | undefined;
  private sessionListeners: vscode.Disposable[] = [];
  private readonly disposables: vscode.Disposable[] = [this.changed, this.filterChanged];
  private links = new Map<string, ResolvedLink[]>();
  private resolving: Promise<void> = Promise.resolve();
  private generation = 0;
  private editTimer: ReturnType<typeof setTimeout> | undefined;
  private _filter: MemoFilter = {};

  constructor(private _grouping: MemoGrouping) {
    this.disposables.push(vscode.workspace.onDidChangeTextDocument((e) => this.onEdit(e.document)));
  }

  get filter(): MemoFilter {
    return this._filter;
  }

  set filter(filter: MemoFilter) {
    this._filter = Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined));
    this.filterChanged.fire();
    this.changed.fire(undefined);
  }

  get grouping(): MemoGrouping {
    return this._grouping;
  }

  set grouping(by: MemoGrouping) {
    if (by === this._grouping) return;
    this._grouping = by;
    this.filterChanged.fire();
    this.changed.fire(undefined);
  }

  get project(): Project | undefined {
    return this.session?.project;
  }

  /** Follows a new project session (or none). */
  setSession(session: ProjectSession | undefined): void {
    for (const d of this.sessionListeners.splice(0)) d.dispose();
    this.session = session;
    this._filter = {};
    this.filterChanged.fire();
    if (session)
      this.sessionListeners.push(
        session.project.onDidChange((e) =>
          e.kinds.has('memo') || e.kinds.has('codebook') || e.kinds.has('source') ? this.refresh() : undefined,
        ),
      );
    void this.refresh();
  }

  /** Re-resolves every memo's links, then redraws. Resolves when done (tests wait on it). */
  refresh(): Promise<void> {
    const generation = ++this.generation;
    const project = this.project;
    this.resolving = (async () => {
      const links = project ? await resolveMemoLinks(project, project.memos.values(), this.reader()) : new Map<string, ResolvedLink[]>();
      // A newer refresh started meanwhile: its result wins.
      if (generation !== this.generation) return;
      this.links = links;
      this.changed.fire(undefined);
    })().catch((e) => console.error('[reflexive-qda] memo log refresh failed:', e));
    return this.resolving;
  }

  /** The text of a transcript as the user sees it: the open editor's buffer, else the file. */
  reader(): ReadSource {
    const session = this.session;
    return async (source) => {
      if (!session) return undefined;
      const doc = vscode.workspace.textDocuments.find((d) => session.files.relative(d.uri) === source);
      return doc ? doc.getText() : (await session.project.store.readText(source))?.text;
    };
  }

  private onEdit(doc: vscode.TextDocument): void {
    const source = this.session?.files.relative(doc.uri);
    if (!source || !this.project) return;
    const linked = [...this.project.memos.values()].some((m) => m.meta.links?.some((l) => l.source === source && l.start !== undefined));
    if (!linked) return;
    if (this.editTimer) clearTimeout(this.editTimer);
    this.editTimer = setTimeout(() => {
      this.editTimer = undefined;
      void this.refresh();
    }, 400);
  }

  /** The memos the log shows now (the filter applied). */
  visibleMemos(): Memo[] {
    return this.project ? filterMemos(this.project.memos.values(), this._filter) : [];
  }

  /** `kind: reflexive · code: Stigma and shame`, empty when unfiltered. */
  describeFilter(): string {
    return describeFilter(this._filter, (id) => this.project?.codebook.codes.find((c) => c.id === id)?.name);
  }

  linksOf(memo: Memo): ResolvedLink[] {
    return this.links.get(memo.path) ?? [];
  }

  async getChildren(node?: MemoLogNode): Promise<MemoLogNode[]> {
    await this.resolving;
    if (!node) return groupMemos(this.visibleMemos(), this._grouping).map((group) => ({ type: 'group', group }));
    if (node.type === 'group') return node.group.memos.map((memo) => ({ type: 'memo', memo }));
    if (node.type === 'memo') return this.linksOf(node.memo).map((link) => ({ type: 'link', memo: node.memo, link }));
    return [];
  }

  getTreeItem(node: MemoLogNode): vscode.TreeItem {
    if (node.type === 'group') {
      const item = new vscode.TreeItem(node.group.label, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `group:${this._grouping}:${node.group.key}`;
      item.description = `${node.group.memos.length} memo${node.group.memos.length === 1 ? '' : 's'}`;
      item.contextValue = 'memoGroup';
      return item;
    }
    if (node.type === 'memo') return this.memoItem(node.memo);
    return this.linkItem(node.memo, node.link);
  }

  private memoItem(memo: Memo): vscode.TreeItem {
    const m = memo.meta;
    const links = this.linksOf(memo);
    const broken = links.filter((l) => l.problems.length).length;
    const title = memoTitle(memo);
    const item = new vscode.TreeItem(
      title,
      links.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.id = `memo:${memo.path}`;
    item.iconPath = new vscode.ThemeIcon(KIND_ICONS[m.kind] ?? 'note');
    const time = new Date(m.created);
    const clock = Number.isNaN(time.getTime())
      ? ''
      : ` ${String(time.getHours()).padStart(2, '0')}:${String(time.getMinutes()).padStart(2, '0')}`;
    item.description = [`${m.kind}${clock}`, m.author, broken ? `⚠ ${broken} broken link${broken === 1 ? '' : 's'}` : '']
      .filter(Boolean)
      .join(' · ');
    item.resourceUri = this.session?.files.uri(memo.path);
    item.contextValue = 'memo';
    item.accessibilityInformation = { label: `${m.kind} memo: ${title}` };
    const tip = new vscode.MarkdownString();
    // the title, the time and the start of the memo as words (no Markdown marks, nothing escaped on screen)
    tip.appendMarkdown('**').appendText(title).appendMarkdown('**\n\n');
    tip.appendText(`${m.kind} memo${m.author ? ` by ${m.author}` : ''}, ${memoTime(m.created)}`).appendMarkdown('\n\n');
    for (const l of links) {
      tip
        .appendMarkdown(l.problems.length ? '$(warning) ' : '$(link) ')
        .appendText(`${linkLabel(l)}${l.problems.length ? ` (broken: ${l.problems.map((p) => p.message).join('; ')})` : ''}`)
        .appendMarkdown('\n\n');
    }
    tip.appendText(memoPreview(memo));
    tip.supportThemeIcons = true;
    item.tooltip = tip;
    item.command = { command: 'vscode.open', title: 'Open Memo', arguments: [item.resourceUri] };
    return item;
  }

  private linkItem(memo: Memo, l: ResolvedLink): vscode.TreeItem {
    const item = new vscode.TreeItem(linkLabel(l), vscode.TreeItemCollapsibleState.None);
    item.id = `link:${memo.path}#${l.index}`;
    const broken = l.problems.length > 0;
    item.iconPath = new vscode.ThemeIcon(
      broken ? 'warning' : l.kind === 'code' ? 'tag' : l.kind === 'passage' ? 'quote' : 'file',
      broken ? new vscode.ThemeColor('list.warningForeground') : undefined,
    );
    const state = l.located?.state;
    item.description = broken
      ? `broken: ${l.problems.map((p) => p.message.split(' (')[0]).join('; ')}`
      : l.kind === 'passage'
        ? `${l.link.source}${state === 'moved' ? ' · moved' : ''}`
        : undefined;
    item.tooltip = broken
      ? l.problems.map((p) => p.message).join('\n')
      : l.kind === 'passage'
        ? `${l.link.source}, code points ${l.located?.start}-${l.located?.end} (${state})`
        : undefined;
    item.contextValue = broken ? 'memoLinkBroken' : `memoLink.${l.kind}`;
    item.accessibilityInformation = { label: `${broken ? 'broken link' : 'link'}: ${linkLabel(l)}` };
    if (l.link.source !== undefined && !broken) {
      item.command = { command: Commands.revealMemoLink, title: 'Show Passage', arguments: [{ memo: memo.path, link: l.index }] };
    }
    return item;
  }

  dispose(): void {
    if (this.editTimer) clearTimeout(this.editTimer);
    for (const d of [...this.sessionListeners.splice(0), ...this.disposables.splice(0)]) d.dispose();
  }
}

/** A link in a few words: the code's name, the transcript, or the passage's quote. */
export function linkLabel(l: ResolvedLink): string {
  if (l.kind === 'passage') {
    const q = (l.quote ?? `${l.link.start}-${l.link.end}`).replace(/\s+/g, ' ');
    return `“${q.length > 60 ? `${q.slice(0, 59)}…` : q}”`;
  }
  if (l.kind === 'source') return `Transcript: ${l.link.source}`;
  return `Code: ${l.codeName ?? l.link.code}`;
}
