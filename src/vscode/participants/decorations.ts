import * as vscode from 'vscode';
import { isWithdrawnSource } from '../../core/participants';
import type { Disposable } from '../../core/event';
import type { ProjectSession } from '../session';

/**
 * Marks a withdrawn participant's transcripts in the Explorer (and editor
 * tabs): a "W" badge, a muted colour and a tooltip saying they are left out.
 */
export class WithdrawnDecorations implements vscode.FileDecorationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri | vscode.Uri[] | undefined>();
  readonly onDidChangeFileDecorations = this.changed.event;
  private session: ProjectSession | undefined;
  private sub: Disposable | undefined;

  attach(session: ProjectSession | undefined): void {
    this.sub?.dispose();
    this.session = session;
    this.sub = session?.project.onDidChange((c) => {
      if (c.kinds.has('participants') || c.kinds.has('source')) this.changed.fire(undefined);
    });
    this.changed.fire(undefined);
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    const session = this.session;
    const rel = session?.files.relative(uri);
    if (!session || !rel || !isWithdrawnSource(session.project, rel)) return undefined;
    return {
      badge: 'W',
      tooltip: 'Withdrawn participant: left out of every analysis and export',
      color: new vscode.ThemeColor('disabledForeground'),
    };
  }

  dispose(): void {
    this.sub?.dispose();
    this.changed.dispose();
  }
}
