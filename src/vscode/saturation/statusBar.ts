import * as vscode from 'vscode';
import { StatusBarItems } from '../ids';
import { projectSaturation, fixed, percent, plainSummary, plural, shortUnit, unitNoun, type SaturationReport } from '../../core/saturation';
import type { Disposable } from '../../core/event';
import type { Project } from '../../core/project';

/** What the status bar item shows; also read by integration tests. */
export interface CoverageState {
  text: string;
  tooltip: string;
  visible: boolean;
}

/** Coding often comes in bursts (several codes on one passage): wait for a pause. */
export const COVERAGE_DEBOUNCE_MS = 300;

/** The status bar text and tooltip for a report (no band: the status bar needs ~2 ms, not ~50). */
export function coverageText(report: SaturationReport): { text: string; tooltip: string } {
  const m = report.units.length;
  const g = report.guest;
  const guest = `Saturation (Guest, Namey & Chen 2020; base ${g.baseSize}, run ${g.runLength}, threshold ${percent(g.threshold, 0)}): ${g.saturatedAt === null ? 'not reached' : `at ${shortUnit(g.saturatedAt)}`}`;
  if (m === 0) {
    return {
      text: '$(graph-line) Sample coverage —',
      tooltip:
        'Sample coverage (Chao & Jost 2012): no transcript is coded yet.\nCode a few transcripts to see how close the sample is to saturation.\nClick to open the Saturation panel.',
    };
  }
  const lines = [
    plainSummary(report),
    '',
    `Sample coverage (Chao & Jost 2012): ${report.coverage === null ? '— (needs at least two coded transcripts)' : percent(report.coverage)}`,
    `${plural(report.observed, 'code')} observed in ${plural(m, unitNoun(report.by, 1), unitNoun(report.by))}`,
    m > 1
      ? `Chao2 ${fixed(report.chao2)} ± ${fixed(report.chao2SE)} SE (bias-corrected ${fixed(report.chao2BiasCorrected)})`
      : 'Chao2: needs at least two coded transcripts',
    `Share of estimated codes observed: ${percent(report.observedShare)}`,
    guest,
    'Click to open the Saturation panel.',
  ];
  const text =
    report.coverage === null ? '$(graph-line) Sample coverage —' : `$(graph-line) Sample coverage ${Math.round(report.coverage * 100)} %`;
  return { text, tooltip: lines.join('\n') };
}

/**
 * Sample coverage in the status bar, kept current as the researcher codes:
 * recomputed after a pause in project changes, never on the keystroke path.
 * Hidden while no project is open.
 */
export class CoverageStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(StatusBarItems.coverage, vscode.StatusBarAlignment.Left, 9);
  private sub: Disposable | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private visible = false;

  constructor(
    command: string,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.item.name = 'Reflexive QDA sample coverage';
    this.item.command = command;
  }

  /** Follows `project` (or hides for none). */
  attach(project: Project | undefined): void {
    this.sub?.dispose();
    this.sub = undefined;
    this.cancel();
    if (!project) {
      this.item.hide();
      this.visible = false;
      return;
    }
    this.sub = project.onDidChange(() => {
      this.cancel();
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.render(project);
      }, COVERAGE_DEBOUNCE_MS);
    });
    this.render(project);
  }

  state(): CoverageState {
    return { text: this.item.text, tooltip: typeof this.item.tooltip === 'string' ? this.item.tooltip : '', visible: this.visible };
  }

  private render(project: Project): void {
    try {
      const { text, tooltip } = coverageText(projectSaturation(project, { band: false }));
      this.item.text = text;
      this.item.tooltip = tooltip;
      this.item.accessibilityInformation = { label: tooltip.split('\n')[0] };
      this.item.show();
      this.visible = true;
    } catch (e) {
      // The statistics never throw on user data; if they do, say so in the log, not in a toast per keystroke.
      this.log.error('computing sample coverage failed', e instanceof Error ? e : String(e));
      this.item.hide();
      this.visible = false;
    }
  }

  private cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.cancel();
    this.sub?.dispose();
    this.item.dispose();
  }
}
