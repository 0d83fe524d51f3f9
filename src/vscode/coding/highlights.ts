import * as vscode from 'vscode';
import { Settings } from '../ids';
import { overlapLevels } from '../../core/coding';
import { lineCodeNames, shownColors } from '../../core/codes';
import { CodePointIndex } from '../../core/text';
import type { Host } from '../host';
import type { LiveCodings } from './liveCodings';

export type HighlightMode = 'all' | 'selectedCode' | 'off';
export type CodeNamesMode = 'off' | 'endOfLine';
const MAX_LEVEL = 4;

function rgba(hex: string, alpha: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

/**
 * Each coded passage in its code's colour: a light tint plus an underline whose
 * offset grows with the overlap level, so nested and overlapping codings stay
 * distinguishable; marks in the overview ruler. Readable on light and dark themes.
 * With `highlight.codeNames` set to `endOfLine`, the names of the codes whose
 * passages start on a line follow that line in the editor's muted colour, as a
 * researcher used to MAXQDA's coding stripes reads them without hovering.
 */
export class Highlights implements vscode.Disposable {
  private readonly types = new Map<string, vscode.TextEditorDecorationType>();
  private readonly disposables: vscode.Disposable[] = [];
  private timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Ranges drawn per document URI, and when (performance.now()), for tests and the benchmark. */
  readonly rendered = new Map<string, number>();
  /** The colour each drawn coding was drawn in, per document URI (coding id to #rrggbb), for tests. */
  readonly renderedColors = new Map<string, Map<string, string>>();
  readonly renderedAt = new Map<string, number>();
  private readonly namesType = vscode.window.createTextEditorDecorationType({
    after: { color: new vscode.ThemeColor('editorCodeLens.foreground'), fontStyle: 'italic', margin: '0 0 0 2em' },
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
  private selectedCodes: string[] = [];
  private coder: string | undefined;

  constructor(
    private readonly host: Host,
    private readonly live: LiveCodings,
  ) {
    this.disposables.push(
      // A new coding shows at once; while typing, redraws are coalesced (VS Code moves decorations meanwhile).
      live.onDidChange((e) => (e.reason === 'reload' ? this.renderSource(e.source) : this.schedule(e.source))),
      vscode.window.onDidChangeVisibleTextEditors(() => this.renderAll()),
      vscode.workspace.onDidChangeConfiguration(
        (e) => (e.affectsConfiguration(Settings.highlightMode) || e.affectsConfiguration(Settings.highlightCodeNames)) && this.renderAll(),
      ),
      host.onDidChangeSession(() => this.renderAll()),
    );
    this.renderAll();
  }

  get mode(): HighlightMode {
    return vscode.workspace.getConfiguration().get<HighlightMode>(Settings.highlightMode, 'all');
  }

  get codeNames(): CodeNamesMode {
    return vscode.workspace.getConfiguration().get<CodeNamesMode>(Settings.highlightCodeNames, 'off');
  }

  /** The codes shown in "selected code only" mode (the Codes tree's selection). */
  setSelectedCodes(ids: string[]): void {
    this.selectedCodes = ids;
    if (this.mode === 'selectedCode') this.renderAll();
  }

  setCoder(coder: string | undefined): void {
    this.coder = coder;
    this.renderAll();
  }

  private schedule(source: string): void {
    const old = this.timers.get(source);
    if (old) clearTimeout(old);
    this.timers.set(
      source,
      setTimeout(() => this.renderSource(source), 30),
    );
  }

  private renderSource(source: string): void {
    const pending = this.timers.get(source);
    if (pending) clearTimeout(pending);
    this.timers.delete(source);
    for (const e of vscode.window.visibleTextEditors) if (this.live.sourceOf(e.document) === source) this.render(e);
  }

  renderAll(): void {
    for (const e of vscode.window.visibleTextEditors) this.render(e);
  }

  /** Draws the codings of one editor now. */
  render(editor: vscode.TextEditor): void {
    const live = this.live.get(editor.document);
    const project = this.host.session()?.project;
    const byType = new Map<string, vscode.Range[]>();
    const drawn = new Map<string, string>();
    const namesAt = new Map<number, [number, string][]>();
    let count = 0;
    if (live && project && this.mode !== 'off') {
      // a child code without a colour of its own is drawn in its theme's
      const colours = shownColors(project.codebook.codes);
      const shown = live.entries.filter(
        (e) =>
          (e.state === 'exact' || e.state === 'moved') &&
          (!this.coder || e.coding.coder === this.coder) &&
          (this.mode === 'all' || this.selectedCodes.includes(e.coding.code)),
      );
      const levels = overlapLevels(shown);
      const text = editor.document.getText();
      const astral = /[\uD800-\uDBFF]/.test(text);
      const index = astral ? new CodePointIndex(text) : undefined;
      const pos = (cp: number) => editor.document.positionAt(index ? index.toUtf16(cp) : cp);
      const withNames = this.codeNames === 'endOfLine';
      const names = withNames ? new Map(project.codebook.codes.map((c) => [c.id, c.name])) : undefined;
      shown.forEach((e, i) => {
        const color = colours.get(e.coding.code) ?? '#888888';
        const key = `${color}|${Math.min(levels[i], MAX_LEVEL)}`;
        const list = byType.get(key) ?? [];
        const start = pos(e.start);
        list.push(new vscode.Range(start, pos(e.end)));
        byType.set(key, list);
        drawn.set(e.coding.id, color);
        if (names) {
          const at = namesAt.get(start.line) ?? [];
          at.push([e.start, names.get(e.coding.code) ?? e.coding.code]);
          namesAt.set(start.line, at);
        }
        count++;
      });
    }
    const after: vscode.DecorationOptions[] = [];
    for (const [line, names] of namesAt) {
      const text = lineCodeNames(names.sort((a, b) => a[0] - b[0]).map(([, name]) => name));
      const end = editor.document.lineAt(line).range.end;
      after.push({ range: new vscode.Range(end, end), renderOptions: { after: { contentText: text } } });
    }
    editor.setDecorations(this.namesType, after);
    for (const [key, type] of this.types) if (!byType.has(key)) editor.setDecorations(type, []);
    for (const [key, ranges] of byType) editor.setDecorations(this.type(key), ranges);
    this.rendered.set(editor.document.uri.toString(), count);
    this.renderedColors.set(editor.document.uri.toString(), drawn);
    this.renderedAt.set(editor.document.uri.toString(), performance.now());
  }

  private type(key: string): vscode.TextEditorDecorationType {
    let t = this.types.get(key);
    if (t) return t;
    const [color, levelText] = key.split('|');
    const level = Number(levelText);
    t = vscode.window.createTextEditorDecorationType({
      rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
      overviewRulerColor: rgba(color, 0.8),
      overviewRulerLane: vscode.OverviewRulerLane.Right,
      // The underline offset stacks overlapping codings; the tint adds up where they overlap.
      textDecoration: `underline ${color} 2px; text-underline-offset: ${3 + level * 3}px; text-decoration-skip-ink: none`,
      light: { backgroundColor: rgba(color, 0.14) },
      dark: { backgroundColor: rgba(color, 0.22) },
    });
    this.types.set(key, t);
    return t;
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const t of this.types.values()) t.dispose();
    this.namesType.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
