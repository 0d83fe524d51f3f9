import * as vscode from 'vscode';
import { Commands, StatusBarItems } from './ids';
import type { Project } from '../core/project';

/** Says whether a project is loaded and valid; a click opens the Problems panel or the log. */
export class ProjectStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(StatusBarItems.project, vscode.StatusBarAlignment.Left, 10);
  private sub: vscode.Disposable | undefined;

  /** `limits`: what cannot work in this host (the browser), added to the tooltip. */
  constructor(private readonly limits: readonly string[] = []) {
    this.item.name = 'Reflexive QDA project';
  }

  show(project: Project | undefined, state?: 'loading' | 'failed'): void {
    this.sub?.dispose();
    this.sub = undefined;
    if (state === 'loading') this.set('$(loading~spin) QDA', 'Reflexive QDA: opening the project…');
    else if (state === 'failed' || !project)
      this.set('$(error) QDA', 'Reflexive QDA: the project could not be opened; see the log', Commands.showLog);
    else {
      const render = () => this.render(project);
      this.sub = project.onDidChange(render);
      render();
    }
    this.item.show();
  }

  private render(project: Project): void {
    const problems = project.problems;
    const errors = problems.filter((p) => p.severity === 'error').length;
    const codings = [...project.codings.values()].reduce((n, f) => n + f.codings.length, 0);
    const title = project.config.title ?? 'project';
    const summary = `${project.codebook.codes.length} codes · ${codings} codings · ${project.sources.length} transcripts · ${project.memos.size} memos`;
    if (errors)
      this.set(
        `$(error) QDA: ${errors} problem${errors === 1 ? '' : 's'}`,
        `Reflexive QDA: "${title}" has ${errors} error(s) in its files. Invalid files are never overwritten.\n${summary}`,
        'workbench.actions.view.problems',
      );
    else
      this.set(
        `$(check) QDA`,
        `Reflexive QDA: "${title}" is loaded and valid${problems.length ? ` (${problems.length} warning(s))` : ''}.\n${summary}`,
        problems.length ? 'workbench.actions.view.problems' : Commands.showLog,
      );
  }

  private set(text: string, tooltip: string, command?: string): void {
    this.item.text = text;
    this.item.tooltip = this.limits.length ? `${tooltip}\n\nIn the browser: ${this.limits.join(' ')}` : tooltip;
    this.item.command = command;
    this.item.accessibilityInformation = { label: tooltip.split('\n')[0] };
  }

  dispose(): void {
    this.sub?.dispose();
    this.item.dispose();
  }
}
