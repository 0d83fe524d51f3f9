/**
 * Memos open as writing, not data (#19 item 8): the YAML front matter (ids, offsets, context) stays in
 * the file, folded to its first line, with the cursor where the writing starts.
 */
import * as vscode from 'vscode';

/** The front matter's lines: `---` on line 0 to the closing `---`, or undefined when there is none. */
export function frontMatterLines(doc: vscode.TextDocument): { start: number; end: number } | undefined {
  if (doc.lineCount < 2 || doc.lineAt(0).text.trimEnd() !== '---') return undefined;
  for (let i = 1; i < Math.min(doc.lineCount, 500); i++) if (doc.lineAt(i).text.trimEnd() === '---') return { start: 0, end: i };
  return undefined;
}

/** Folding for a memo's front matter (Markdown's own folding has no range for it). */
export function registerMemoFolding(isMemo: (doc: vscode.TextDocument) => boolean): vscode.Disposable {
  return vscode.languages.registerFoldingRangeProvider(
    { language: 'markdown' },
    {
      provideFoldingRanges(doc) {
        const fm = isMemo(doc) ? frontMatterLines(doc) : undefined;
        return fm ? [new vscode.FoldingRange(fm.start, fm.end, vscode.FoldingRangeKind.Region)] : [];
      },
    },
  );
}

const folded = (editor: vscode.TextEditor, end: number) =>
  editor.visibleRanges.length > 1 && editor.visibleRanges[0].end.line === 0 && editor.visibleRanges[1].start.line > end;

/**
 * Folds the front matter of the memo in `editor` (the editor must be active). A just-opened editor
 * computes its folding ranges in the background (every provider, Markdown's language server too), and
 * folding before that does nothing: it tries again for up to 3 s, until the editor shows it folded.
 */
export async function foldFrontMatter(editor: vscode.TextEditor): Promise<boolean> {
  const fm = frontMatterLines(editor.document);
  for (let i = 0; fm && i < 30 && vscode.window.activeTextEditor === editor; i++) {
    await vscode.commands.executeCommand('editor.fold', { selectionLines: [0], levels: 1 });
    if (folded(editor, fm.end)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}
