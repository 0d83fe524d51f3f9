import * as vscode from 'vscode';
import { projectComparison, type AgreementReport, type AgreementUnit, type Disagreement } from '../../core/agreement';
import type { Disposable } from '../../core/event';
import type { Host } from '../host';
import { ContextKeys, Settings } from '../ids';
import type { ProjectSession } from '../session';

/** Same pause as the other views: one recomputation per burst of coding. */
const UPDATE_DEBOUNCE_MS = 300;

/**
 * The comparison in progress: which two coders, at which unit, the figures and
 * the disagreements as the project stands, and the disagreement being looked at.
 * Recomputed when the project changes; views listen to onDidChange.
 */
export class Comparison implements vscode.Disposable {
  coders: [string, string] | undefined;
  unit: AgreementUnit = 'character';
  report: AgreementReport | undefined;
  disagreements: Disagreement[] = [];
  /** Why the last computation failed, if it did. */
  error: string | undefined;
  /** The disagreement shown last (its id), kept as a place in the list after it is resolved. */
  currentId: string | undefined;
  private place: Place | undefined;
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  private projectSub: Disposable | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly host: Host) {}

  /** The coder id consensus codings are recorded under (setting). */
  consensusCoder(): string {
    const folder = this.host.session()?.folder;
    return vscode.workspace.getConfiguration(undefined, folder).get<string>(Settings.consensusCoder, 'consensus').trim() || 'consensus';
  }

  /** Starts (or restarts) comparing two coders. */
  async start(coders: [string, string], unit: AgreementUnit = this.unit): Promise<void> {
    const changed = !this.coders || this.coders[0] !== coders[0] || this.coders[1] !== coders[1];
    this.coders = coders;
    this.unit = unit;
    if (changed) this.currentId = this.place = undefined;
    this.follow(this.host.session());
    await this.refresh();
  }

  /** Follows the project of `session` (recomputing on its changes), or stops with none. */
  follow(session: ProjectSession | undefined): void {
    this.projectSub?.dispose();
    this.projectSub = session && this.coders ? session.project.onDidChange(() => this.schedule()) : undefined;
    if (!session && this.coders) this.stop();
    // Another project (or the same one reopened): its figures, not the last ones.
    else if (session && this.coders) this.schedule();
  }

  async setUnit(unit: AgreementUnit): Promise<void> {
    if (unit === this.unit) return;
    this.unit = unit;
    await this.refresh();
  }

  stop(): void {
    this.coders = this.report = this.error = undefined;
    this.disagreements = [];
    this.currentId = this.place = undefined;
    this.projectSub?.dispose();
    this.projectSub = undefined;
    this.setContext();
    this.emitter.fire();
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      // A failure is logged and shown in the panel (`error`); nobody awaits this one.
      this.refresh().catch(() => undefined);
    }, UPDATE_DEBOUNCE_MS);
  }

  /** Computes the figures and the disagreements now (one computation at a time); rejects when that fails. */
  refresh(): Promise<void> {
    // A failed computation must not block the next one.
    const next = this.running.catch(() => undefined).then(() => this.compute());
    this.running = next;
    return next;
  }

  private async compute(): Promise<void> {
    const session = this.host.session();
    const coders = this.coders;
    if (!session || !coders) return;
    const t0 = Date.now();
    try {
      const r = await projectComparison(session.project, { coders, unit: this.unit, consensusCoder: this.consensusCoder() });
      if (this.coders !== coders) return; // stopped or restarted meanwhile
      this.report = r.report;
      this.disagreements = r.disagreements;
      if (this.currentId && !this.disagreements.some((d) => d.id === this.currentId)) this.currentId = undefined;
      const took = Date.now() - t0;
      this.host.log.debug(
        `agreement ${coders.join(' / ')} (${this.unit}): ${r.report.sources.length} sources, ${r.disagreements.length} disagreements in ${took} ms`,
      );
      this.error = undefined;
    } catch (e) {
      this.host.log.error('computing the agreement failed', e instanceof Error ? e : String(e));
      this.report = undefined;
      this.disagreements = [];
      this.error = e instanceof Error ? e.message : String(e);
      throw e;
    } finally {
      this.setContext();
      this.emitter.fire();
    }
  }

  current(): Disagreement | undefined {
    return this.disagreements.find((d) => d.id === this.currentId);
  }

  /** Walks from the top of the list again. */
  restart(): void {
    this.currentId = this.place = undefined;
  }

  /** Makes `d` the current disagreement. */
  select(d: Disagreement): void {
    this.currentId = d.id;
    this.place = { source: d.source, start: d.start, end: d.end, code: d.code };
    this.emitter.fire();
  }

  /**
   * The next (or previous) disagreement after the current place, in list order
   * (wrapping), passing over those settled by consensus while others are open.
   * The place stays when its disagreement is resolved, so "next" goes on from there.
   */
  step(direction: 1 | -1, code?: string): Disagreement | undefined {
    const list = this.disagreements.filter((d) => code === undefined || d.code === code);
    const open = list.filter((d) => d.consensus.length === 0);
    const pool = open.length ? open : list;
    if (!pool.length) return undefined;
    const here = this.place;
    if (!here) return direction > 0 ? pool[0] : pool[pool.length - 1];
    if (direction > 0) return pool.find((d) => compare(d, here) > 0) ?? pool[0];
    return [...pool].reverse().find((d) => compare(d, here) < 0) ?? pool[pool.length - 1];
  }

  private setContext(): void {
    void vscode.commands.executeCommand('setContext', ContextKeys.comparing, !!this.coders);
    void vscode.commands.executeCommand('setContext', ContextKeys.hasDisagreements, this.disagreements.length > 0);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.projectSub?.dispose();
    this.emitter.dispose();
  }
}

type Place = Pick<Disagreement, 'source' | 'start' | 'end' | 'code'>;

/** List order: source, start, end, code (as findDisagreements sorts). */
function compare(a: Place, b: Place): number {
  const text = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return text(a.source, b.source) || a.start - b.start || a.end - b.end || text(a.code, b.code);
}
