import * as vscode from 'vscode';
import { isWithdrawnSource } from '../../core/participants';
import type { Host } from '../host';
import { Views } from '../ids';
import type { ProjectSession } from '../session';

/** One source as the Transcripts view lists it. */
export interface TranscriptRow {
  source: string;
  codings: number;
  codes: number;
  participant?: string;
  withdrawn: boolean;
}

/**
 * Transcripts (#19 item 5): the project's sources with their coding counts and
 * participant, so that a researcher never needs the Explorer to find an
 * interview. A click opens the transcript.
 */
export class TranscriptsView implements vscode.TreeDataProvider<TranscriptRow>, vscode.Disposable {
  private readonly _onDidChangeTreeData = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this._onDidChangeTreeData.event;
  readonly view: vscode.TreeView<TranscriptRow>;
  private sub: vscode.Disposable | undefined;

  constructor(private readonly host: Host) {
    this.view = vscode.window.createTreeView(Views.transcripts, { treeDataProvider: this });
    host.context.subscriptions.push(
      this.view,
      host.onDidChangeSession((s) => this.attach(s)),
    );
    this.attach(host.session());
  }

  private attach(session: ProjectSession | undefined): void {
    this.sub?.dispose();
    this.sub = session?.project.onDidChange(() => this._onDidChangeTreeData.fire());
    this._onDidChangeTreeData.fire();
  }

  /** Every source, in path order. */
  rows(): TranscriptRow[] {
    const project = this.host.session()?.project;
    if (!project) return [];
    const participants = project.participants?.participants ?? [];
    return [...project.sources]
      .sort((a, b) => a.localeCompare(b))
      .map((source) => {
        const codings = project.codings.get(source)?.codings ?? [];
        return {
          source,
          codings: codings.length,
          codes: new Set(codings.map((c) => c.code)).size,
          participant: participants.find((p) => p.sources?.includes(source))?.id,
          withdrawn: isWithdrawnSource(project, source),
        };
      });
  }

  getChildren(element?: TranscriptRow): TranscriptRow[] {
    return element ? [] : this.rows();
  }

  getTreeItem(row: TranscriptRow): vscode.TreeItem {
    const session = this.host.session();
    const item = new vscode.TreeItem(row.source.split('/').pop() ?? row.source, vscode.TreeItemCollapsibleState.None);
    item.id = row.source;
    const coded = row.codings ? `${row.codings} coding${row.codings === 1 ? '' : 's'}` : 'not coded yet';
    item.description = [coded, row.participant, row.withdrawn ? 'withdrawn' : undefined].filter(Boolean).join(' · ');
    item.tooltip =
      `${row.source}\n${row.codings ? `${row.codings} coding${row.codings === 1 ? '' : 's'} with ${row.codes} code${row.codes === 1 ? '' : 's'}` : 'Not coded yet'}` +
      `${row.participant ? `\nParticipant ${row.participant}` : ''}${row.withdrawn ? '\nWithdrawn: left out of every analysis and export' : ''}`;
    item.iconPath = new vscode.ThemeIcon(row.withdrawn ? 'circle-slash' : 'file-text');
    item.contextValue = 'transcript';
    if (session) {
      const uri = session.files.uri(row.source);
      item.resourceUri = uri;
      item.command = { command: 'vscode.open', title: 'Open Transcript', arguments: [uri] };
    }
    return item;
  }

  dispose(): void {
    this.sub?.dispose();
    this._onDidChangeTreeData.dispose();
  }
}
