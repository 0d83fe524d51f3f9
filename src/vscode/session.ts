import * as vscode from 'vscode';
import { History, Project } from '../core/project';
import type { Problem } from '../core/model';
import { randomIds, systemClock } from '../core/ports';
import type { Platform } from './platform';
import type { WorkspaceFiles } from './workspaceFiles';

/**
 * One open project: the Project, its Problems-panel diagnostics and the file
 * watcher that keeps it in step with the disk (external edits, git checkouts,
 * the `qda` CLI). Disposed as a whole when the project closes.
 */
export class ProjectSession implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('reflexive-qda');
  private pending = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private reloading: Promise<void> = Promise.resolve();
  /** Undo for changes made from the UI (code operations, codings). */
  readonly history: History;
  /** When the project had opened (performance.now() of this host), for the benchmarks. */
  readonly openedAt = performance.now();

  private constructor(
    readonly folder: vscode.WorkspaceFolder,
    /** The host this runs in: its file port made `files`; exports to the disk go through it. */
    readonly platform: Platform,
    readonly files: WorkspaceFiles,
    readonly project: Project,
    private readonly log: vscode.LogOutputChannel,
    /** How long Project.open took, in ms (also in the log). */
    readonly openMs: number,
  ) {
    this.history = new History(project);
    this.disposables.push(this.diagnostics, project, this.history);
    this.disposables.push(project.onDidChange(() => this.publishDiagnostics()));
    this.watch();
    this.publishDiagnostics();
  }

  /** Opens the project in `folder`, reading and writing through the platform's file port for it. */
  static async open(folder: vscode.WorkspaceFolder, platform: Platform, log: vscode.LogOutputChannel): Promise<ProjectSession> {
    const files = platform.files(folder.uri);
    const t0 = performance.now();
    const project = await Project.open({ files, clock: systemClock, ids: randomIds });
    const openMs = performance.now() - t0;
    log.info(
      `opened project "${project.config.title ?? folder.name}" in ${Math.round(openMs)} ms: ${project.codebook.codes.length} codes, ${project.sources.length} transcripts, ${[...project.codings.values()].reduce((n, f) => n + f.codings.length, 0)} codings, ${project.memos.size} memos, ${project.problems.length} problems`,
    );
    return new ProjectSession(folder, platform, files, project, log, openMs);
  }

  /**
   * Waits for file-system changes already seen, and changes made through the project
   * (a save's new offsets), to be loaded (used by commands and tests).
   */
  async settle(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.flush();
    }
    await this.reloading;
    await this.project.settled();
  }

  private watch(): void {
    // Project files and transcripts anywhere in the folder: external edits, git
    // checkouts and the CLI all arrive here. Debounced: a checkout touches many files.
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(this.folder, '**/*'));
    const onEvent = (uri: vscode.Uri) => {
      const rel = this.files.relative(uri);
      // whatever the event, what the file port knew of this path may no longer hold (a folder replaced by a link)
      if (rel) this.files.forget(rel);
      if (
        !rel ||
        rel.startsWith('qda/.cache/') ||
        /(^|\/)\.[^/]*\.tmp$/.test(rel) ||
        rel.startsWith('.git/') ||
        rel.includes('node_modules/')
      )
        return;
      if (this.project.kindOf(rel) === 'other' && !rel.startsWith('qda/')) {
        // A new file may be a new transcript; anything else is none of our business.
        if (!rel.includes('.')) return;
      }
      this.pending.add(rel);
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.flush();
      }, 150);
    };
    this.disposables.push(watcher, watcher.onDidChange(onEvent), watcher.onDidCreate(onEvent), watcher.onDidDelete(onEvent));
  }

  private flush(): void {
    const paths = [...this.pending];
    this.pending.clear();
    if (!paths.length) return;
    this.reloading = this.reloading.then(async () => {
      try {
        await this.project.reload(paths);
        this.log.debug(`reloaded ${paths.length} file(s): ${paths.slice(0, 5).join(', ')}${paths.length > 5 ? ', …' : ''}`);
        await this.project.saveCache().catch(() => undefined);
      } catch (e) {
        this.log.error('reloading changed files failed', e instanceof Error ? e : String(e));
      }
    });
  }

  private publishDiagnostics(): void {
    const byFile = new Map<string, Problem[]>();
    for (const p of this.project.problems) {
      const list = byFile.get(p.file) ?? [];
      list.push(p);
      byFile.set(p.file, list);
    }
    this.diagnostics.clear();
    for (const [file, problems] of byFile) {
      this.diagnostics.set(
        this.files.uri(file),
        problems.map((p) => toDiagnostic(p)),
      );
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

/** A problem as a diagnostic: VS Code counts columns in UTF-16 units. */
function toDiagnostic(p: Problem): vscode.Diagnostic {
  const line = Math.max(0, p.line - 1);
  const col = Math.max(0, (p.utf16Column ?? p.column) - 1);
  const range = new vscode.Range(line, col, line, col + 1);
  const d = new vscode.Diagnostic(
    range,
    p.message,
    p.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Error,
  );
  d.source = 'Reflexive QDA';
  return d;
}
