import * as vscode from 'vscode';
import { ContextKeys } from '../ids';
import { resolveCode } from '../../core/codes';
import { REVIEWS_DIR, reviewSummary, type Endorsement, type ReviewSummary } from '../../core/review';
import type { Host } from '../host';
import type { ProjectSession } from '../session';

/**
 * The open project's review summary, kept current: re-read when a file under
 * qda/reviews/ or the codebook changes (an import, a teammate's git pull, a
 * rename or merge), so the Review view and the Codes tree can ask for a code's
 * endorsement synchronously.
 */
export class ReviewModel implements vscode.Disposable {
  private current: ReviewSummary | undefined;
  private sessionSub: vscode.Disposable | undefined;
  private pending: Promise<ReviewSummary | undefined> = Promise.resolve(undefined);
  private readonly _onDidChange = new vscode.EventEmitter<ReviewSummary | undefined>();
  /** Fires after the summary was re-read. */
  readonly onDidChange = this._onDidChange.event;
  private readonly subs: vscode.Disposable[] = [this._onDidChange];

  constructor(private readonly host: Pick<Host, 'session' | 'onDidChangeSession' | 'log'>) {
    this.subs.push(host.onDidChangeSession((s) => this.attach(s)));
    this.attach(host.session());
  }

  /** The latest summary (undefined before the first read or without a project). */
  get summary(): ReviewSummary | undefined {
    return this.current;
  }

  private attach(session: ProjectSession | undefined): void {
    this.sessionSub?.dispose();
    this.sessionSub = session?.project.onDidChange((e) => {
      if (e.kinds.has('codebook') || e.paths.some((p) => p.startsWith(`${REVIEWS_DIR}/`))) void this.refresh();
    });
    void this.refresh();
  }

  /** Re-reads every round and response; calls are queued, so the last read wins. */
  refresh(): Promise<ReviewSummary | undefined> {
    this.pending = this.pending.then(async () => {
      const project = this.host.session()?.project;
      try {
        this.current = project ? await reviewSummary(project) : undefined;
      } catch (e) {
        this.host.log.error('reading the review rounds failed', e instanceof Error ? e : String(e));
      }
      void vscode.commands.executeCommand('setContext', ContextKeys.hasReviews, !!this.current?.rounds.length);
      this._onDidChange.fire(this.current);
      return this.current;
    });
    return this.pending;
  }

  /** A code's endorsement in the latest round that asked about it; undefined when nobody answered. */
  endorsement(codeId: string): Endorsement | undefined {
    const project = this.host.session()?.project;
    if (!project || !this.current) return undefined;
    const code = resolveCode(new Map(project.codebook.codes.map((c) => [c.id, c])), codeId);
    return this.current.byCode.get(code?.id ?? codeId);
  }

  dispose(): void {
    this.sessionSub?.dispose();
    for (const d of this.subs.splice(0)) d.dispose();
  }
}
