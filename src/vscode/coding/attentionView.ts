import * as vscode from 'vscode';
import type { AnchorState } from '../../core/model';
import { locateCodings } from '../../core/coding';
import type { Host } from '../host';
import { Commands, ContextKeys, Views } from '../ids';
import type { ProjectSession } from '../session';
import type { LiveCodings } from './liveCodings';

export const ATTENTION_VIEW = Views.attention;

export interface AttentionItem {
  source: string;
  id: string;
  code: string;
  text: string;
  reason: 'orphaned' | 'deleted' | 'unknown code' | 'transcript missing';
}

/**
 * Needs Attention: codings whose passage could not be found again (orphaned),
 * whose words were deleted in the editor, whose transcript is gone, or whose
 * code is missing from the codebook. Each can be re-attached to the current
 * selection or deleted; none is ever dropped silently.
 */
export class AttentionView implements vscode.TreeDataProvider<AttentionItem>, vscode.Disposable {
  private readonly _onDidChangeTreeData = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this._onDidChangeTreeData.event;
  items: AttentionItem[] = [];
  readonly view: vscode.TreeView<AttentionItem>;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private sub: vscode.Disposable | undefined;
  private computing: Promise<void> = Promise.resolve();
  /** Anchor state of each coding by source, as last located against the file on disk. */
  private located = new Map<string, Map<string, AnchorState>>();
  /** Sources to locate again (undefined: all). */
  private stale: Set<string> | undefined;

  constructor(
    private readonly host: Host,
    private readonly live: LiveCodings,
  ) {
    this.view = vscode.window.createTreeView(ATTENTION_VIEW, { treeDataProvider: this });
    host.context.subscriptions.push(
      this.view,
      host.onDidChangeSession((s) => this.attach(s)),
      live.onDidChange(() => this.schedule(300)),
    );
    this.attach(host.session());
  }

  private attach(session: ProjectSession | undefined): void {
    this.sub?.dispose();
    this.located.clear();
    this.stale = undefined;
    this.sub = session?.project.onDidChange((e) => {
      // Only the transcripts whose text or codings changed are read and located again.
      for (const path of e.paths) {
        const source = session.project.codingsFiles.get(path) ?? (session.project.kindOf(path) === 'source' ? path : undefined);
        if (source) this.stale?.add(source);
        else if (path.startsWith('qda/codings/')) this.stale = undefined; // a codings file went away
      }
      if (e.kinds.has('codings') || e.kinds.has('source') || e.kinds.has('codebook')) this.schedule(500);
    });
    this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.computing = this.computing.then(() => this.compute()).catch((e) => this.host.log.error('Needs Attention failed', e));
    }, ms);
  }

  /** Recomputes now (tests and commands wait on it). */
  async refresh(): Promise<AttentionItem[]> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.computing = this.computing.then(() => this.compute());
    await this.computing;
    return this.items;
  }

  private async compute(): Promise<void> {
    const project = this.host.session()?.project;
    const items: AttentionItem[] = [];
    if (project) {
      const codes = new Set(project.codebook.codes.map((c) => c.id));
      const sources = new Set(project.sources);
      // Changes that arrive while this runs mark sources for the next run.
      const stale = this.stale;
      this.stale = new Set();
      for (const [source, file] of project.codings) {
        let states = this.located.get(source);
        if (!states || !stale || stale.has(source)) {
          const read = sources.has(source) ? await project.store.readText(source) : undefined;
          const located = read ? locateCodings(read.text, file.codings) : [];
          states = new Map(file.codings.map((c, i) => [c.id, located[i]?.state ?? 'orphaned']));
          this.located.set(source, states);
        }
        // An open editor knows better than the disk: its live state wins.
        const doc = vscode.workspace.textDocuments.find((d) => this.live.sourceOf(d) === source);
        const live = doc ? this.live.get(doc) : undefined;
        for (const c of file.codings) {
          const state = live?.entries.find((e) => e.coding.id === c.id)?.state ?? states.get(c.id) ?? 'orphaned';
          const item = { source, id: c.id, code: c.code, text: c.text };
          if (!codes.has(c.code)) items.push({ ...item, reason: 'unknown code' });
          else if (!sources.has(source)) items.push({ ...item, reason: 'transcript missing' });
          else if (state === 'orphaned' || state === 'deleted') items.push({ ...item, reason: state });
        }
      }
      for (const s of [...this.located.keys()]) if (!project.codings.has(s)) this.located.delete(s);
    }
    this.items = items;
    this.view.badge = items.length ? { value: items.length, tooltip: `${items.length} coding(s) need attention` } : undefined;
    this.view.message = items.length ? undefined : 'Every coding is where it belongs.';
    void vscode.commands.executeCommand('setContext', ContextKeys.needsAttention, items.length > 0);
    this._onDidChangeTreeData.fire();
  }

  getChildren(): AttentionItem[] {
    return this.items;
  }

  getTreeItem(i: AttentionItem): vscode.TreeItem {
    const project = this.host.session()?.project;
    const name = project?.codebook.codes.find((c) => c.id === i.code)?.name ?? i.code;
    const quote = i.text.replace(/\s+/g, ' ').trim();
    const item = new vscode.TreeItem(`${name}: “${quote.length > 60 ? quote.slice(0, 59) + '…' : quote}”`);
    item.description = `${i.source.split('/').pop()} · ${i.reason}`;
    item.tooltip = new vscode.MarkdownString().appendText(
      `${i.reason} in ${i.source}\n\n“${i.text}”\n\nSelect where it belongs and choose Re-attach, or delete it.`,
    );
    item.iconPath = new vscode.ThemeIcon('warning');
    item.contextValue = 'attention';
    item.id = `${i.source}\n${i.id}`;
    item.command = { command: Commands.revealPassage, title: 'Open', arguments: [{ source: i.source, id: i.id }] };
    return item;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.sub?.dispose();
    this._onDidChangeTreeData.dispose();
  }
}
