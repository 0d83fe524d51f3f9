import * as vscode from 'vscode';
import { changesFromUtf16 } from '../../core/anchor';
import { LiveSource, type LiveCoding } from '../../core/coding';
import type { Coding } from '../../core/model';
import { CodePointIndex } from '../../core/text';
import type { Host } from '../host';
import type { ProjectSession } from '../session';

export interface LiveChange {
  source: string;
  reason: 'edit' | 'reload';
}

interface Tracked {
  doc: vscode.TextDocument;
  live: LiveSource;
  /** The text before the next change, kept only when it has astral characters (else offsets are equal). */
  text: string | undefined;
}

/**
 * Codings of the transcripts open in editors, kept in step with every edit and
 * written back (new offsets, fresh anchors) when the transcript is saved.
 */
export class LiveCodings implements vscode.Disposable {
  private readonly tracked = new Map<string, Tracked>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly _onDidChange = new vscode.EventEmitter<LiveChange>();
  /** Fires when a source's live codings changed: typing (`edit`), or codings loaded anew (`reload`). */
  readonly onDidChange = this._onDidChange.event;
  private sessionSub: vscode.Disposable | undefined;

  constructor(private readonly host: Host) {
    this.disposables.push(
      this._onDidChange,
      vscode.workspace.onDidChangeTextDocument((e) => this.onEdit(e)),
      vscode.workspace.onDidSaveTextDocument((d) => void this.onSave(d)),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d)),
      vscode.workspace.onDidOpenTextDocument((d) => void this.get(d)),
      host.onDidChangeSession((s) => this.attach(s)),
    );
    this.attach(host.session());
  }

  private attach(session: ProjectSession | undefined): void {
    this.sessionSub?.dispose();
    this.tracked.clear();
    this.sessionSub = session?.project.onDidChange((e) => {
      for (const path of e.paths) {
        const source =
          session.project.codingsFiles.get(path) ?? [...this.tracked.keys()].find((s) => session.project.codingsPathOf(s) === path);
        if (source && this.tracked.has(source)) this.rebuild(source);
      }
      if (e.kinds.has('source') || e.kinds.has('config')) for (const d of vscode.workspace.textDocuments) void this.get(d);
    });
    for (const d of vscode.workspace.textDocuments) void this.get(d);
  }

  /** The source path of a document, when it is a transcript of the open project. */
  sourceOf(doc: vscode.TextDocument): string | undefined {
    const session = this.host.session();
    const rel = session?.files.relative(doc.uri);
    return rel && session!.project.sources.includes(rel) ? rel : undefined;
  }

  /** Live codings of a document (tracking it from now on), or undefined when it is not a transcript. */
  get(doc: vscode.TextDocument): LiveSource | undefined {
    const source = this.sourceOf(doc);
    if (!source) return undefined;
    const t = this.tracked.get(source);
    if (t && t.doc === doc) return t.live;
    return this.rebuild(source, doc);
  }

  private rebuild(source: string, doc = this.tracked.get(source)?.doc): LiveSource | undefined {
    if (!doc) return undefined;
    const text = doc.getText();
    const live = new LiveSource(text, this.host.session()?.project.codings.get(source)?.codings ?? []);
    this.tracked.set(source, { doc, live, text: /[\uD800-\uDBFF]/.test(text) ? text : undefined });
    this._onDidChange.fire({ source, reason: 'reload' });
    return live;
  }

  /**
   * Shows new codings at once, before they are written: the write (lock, fsync,
   * reload) then replaces them with what is on disk, or `refresh` takes them
   * away again if it fails.
   */
  addPending(source: string, codings: readonly Coding[]): void {
    const t = this.tracked.get(source);
    if (!t) return;
    t.live.addPending(codings);
    this._onDidChange.fire({ source, reason: 'reload' });
  }

  /** Loads the codings of a source again from the project (after a failed write). */
  refresh(source: string): void {
    if (this.tracked.has(source)) this.rebuild(source);
  }

  private onEdit(e: vscode.TextDocumentChangeEvent): void {
    if (!e.contentChanges.length) return;
    const source = this.sourceOf(e.document);
    const t = source ? this.tracked.get(source) : undefined;
    if (!source || !t || t.doc !== e.document) return;
    const astral = t.text !== undefined || e.contentChanges.some((c) => /[\uD800-\uDBFF]/.test(c.text));
    const changes =
      astral && t.text !== undefined
        ? changesFromUtf16(new CodePointIndex(t.text), e.contentChanges)
        : e.contentChanges.map((c) => ({ start: c.rangeOffset, end: c.rangeOffset + c.rangeLength, newText: c.text }));
    const gone = t.live.applyChanges(changes);
    if (astral) t.text = e.document.getText();
    if (gone.length) this.reportDeleted(source, gone);
    this._onDidChange.fire({ source, reason: 'edit' });
  }

  private reportDeleted(source: string, gone: LiveCoding[]): void {
    const project = this.host.session()?.project;
    const names = gone.map((g) => project?.codebook.codes.find((c) => c.id === g.coding.code)?.name ?? g.coding.code);
    void vscode.window.showWarningMessage(
      `The passage of ${gone.length === 1 ? `a “${names[0]}” coding` : `${gone.length} codings (${[...new Set(names)].join(', ')})`} in ${source} was deleted. The coding${gone.length === 1 ? ' is' : 's are'} kept and listed under Needs Attention until you re-attach or delete ${gone.length === 1 ? 'it' : 'them'}; Undo in the editor brings the words back.`,
    );
  }

  private async onSave(doc: vscode.TextDocument): Promise<void> {
    const source = this.sourceOf(doc);
    const t = source ? this.tracked.get(source) : undefined;
    const session = this.host.session();
    if (!source || !t || !session || !t.live.changed) return;
    const updated = t.live.updatedCodings(doc.getText());
    if (!updated.size) return;
    try {
      // Merge into the file as it is on disk: codings added meanwhile (CLI, a teammate) are kept.
      await session.project.changeCodings(source, (f) => ({ ...f, codings: f.codings.map((c) => updated.get(c.id) ?? c) }));
      this.host.log.info(`saved new offsets of ${updated.size} coding(s) in ${source}`);
    } catch (e) {
      this.host.log.error(`could not save the codings of ${source}`, e instanceof Error ? e : String(e));
      void vscode.window.showErrorMessage(
        `Reflexive QDA could not update the codings of ${source}: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  }

  private forget(doc: vscode.TextDocument): void {
    for (const [source, t] of this.tracked) if (t.doc === doc) this.tracked.delete(source);
  }

  dispose(): void {
    this.sessionSub?.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
