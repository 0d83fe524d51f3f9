import * as vscode from 'vscode';
import type { Disagreement, Interval } from '../../core/agreement';
import { CodePointIndex } from '../../core/text';
import type { LiveCodings } from '../coding/liveCodings';
import type { Comparison } from './comparison';

/** How one coder's passages are marked: a line above (first coder) or below (second), in a theme colour. */
function coderStyle(first: boolean): vscode.DecorationRenderOptions {
  const color = new vscode.ThemeColor(first ? 'charts.blue' : 'charts.orange');
  return {
    borderColor: color,
    borderStyle: 'solid',
    borderWidth: first ? '2px 0 0 0' : '0 0 2px 0',
    overviewRulerColor: color,
    overviewRulerLane: first ? vscode.OverviewRulerLane.Left : vscode.OverviewRulerLane.Right,
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  };
}

/** What was drawn, per document URI: for tests. */
export interface DrawnComparison {
  a: vscode.Range[];
  b: vscode.Range[];
  labels: string[];
}

/**
 * The disagreement being looked at, in its transcript: the first coder's
 * passages with a line above, the second's with a line below, each labelled
 * with the coder's id where it starts. The usual code highlights (and their
 * coder filter) stay as they are underneath.
 */
export class CompareHighlights implements vscode.Disposable {
  private readonly a = vscode.window.createTextEditorDecorationType(coderStyle(true));
  private readonly b = vscode.window.createTextEditorDecorationType(coderStyle(false));
  private readonly labelA = vscode.window.createTextEditorDecorationType({});
  private readonly labelB = vscode.window.createTextEditorDecorationType({});
  private readonly disposables: vscode.Disposable[] = [];
  readonly drawn = new Map<string, DrawnComparison>();

  constructor(
    private readonly comparison: Comparison,
    private readonly live: LiveCodings,
  ) {
    this.disposables.push(
      this.a,
      this.b,
      this.labelA,
      this.labelB,
      comparison.onDidChange(() => this.renderAll()),
      vscode.window.onDidChangeVisibleTextEditors(() => this.renderAll()),
    );
  }

  renderAll(): void {
    for (const e of vscode.window.visibleTextEditors) this.render(e);
  }

  private render(editor: vscode.TextEditor): void {
    const d = this.comparison.current();
    const coders = this.comparison.coders;
    const key = editor.document.uri.toString();
    if (!d || !coders || this.live.sourceOf(editor.document) !== d.source) {
      if (this.drawn.has(key)) {
        for (const t of [this.a, this.b, this.labelA, this.labelB]) editor.setDecorations(t, []);
        this.drawn.delete(key);
      }
      return;
    }
    const index = new CodePointIndex(editor.document.getText());
    const range = ([s, e]: Interval) =>
      new vscode.Range(editor.document.positionAt(index.toUtf16(s)), editor.document.positionAt(index.toUtf16(e)));
    const label = (spans: Interval[], coder: string, first: boolean): vscode.DecorationOptions[] =>
      spans.length
        ? [
            {
              range: range([spans[0][0], spans[0][0]]),
              renderOptions: {
                before: {
                  contentText: `${coder} ▸`,
                  color: new vscode.ThemeColor(first ? 'charts.blue' : 'charts.orange'),
                  fontStyle: 'italic',
                  margin: '0 3px 0 0',
                },
              },
              hoverMessage: `${coder}'s coding of this passage`,
            },
          ]
        : [];
    const drawn: DrawnComparison = { a: d.aSpans.map(range), b: d.bSpans.map(range), labels: [] };
    editor.setDecorations(this.a, drawn.a);
    editor.setDecorations(this.b, drawn.b);
    const la = label(d.aSpans, coders[0], true);
    const lb = label(d.bSpans, coders[1], false);
    editor.setDecorations(this.labelA, la);
    editor.setDecorations(this.labelB, lb);
    drawn.labels = [...la, ...lb].map((o) => String(o.renderOptions?.before?.contentText));
    this.drawn.set(key, drawn);
  }

  /** The passage of `d` in `doc`, as an editor range. */
  static rangeOf(doc: vscode.TextDocument, d: Pick<Disagreement, 'start' | 'end'>): vscode.Range {
    const index = new CodePointIndex(doc.getText());
    return new vscode.Range(doc.positionAt(index.toUtf16(d.start)), doc.positionAt(index.toUtf16(d.end)));
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
