import * as vscode from 'vscode';
import { createMemo, DEFAULT_MEMO_PROMPTS, isMemoKind, MEMO_KIND_DESCRIPTIONS, type NewMemo } from '../../core/memos';
import { MEMO_KINDS, type Memo, type MemoKind } from '../../core/model';
import { ProjectError } from '../../core/project';
import { CodePointIndex } from '../../core/text';
import { requireSession, type Host } from '../host';
import { Settings } from '../ids';
import { coderId } from '../projectCommands';
import type { ProjectSession } from '../session';
import { foldFrontMatter } from './frontMatter';
import { KIND_ICONS } from './memoLog';

/** What scripts and tests pass to `reflexiveQda.newMemo` to skip the questions. */
export interface NewMemoArgs {
  kind?: MemoKind;
  title?: string;
  /** A code id to link. */
  code?: string;
  /** A transcript to link (with `start`/`end`, code points: a passage of it). */
  source?: string;
  start?: number;
  end?: number;
  body?: string;
}

/**
 * Reflexive QDA: New Memo. The argument is a `Code` from the Codes tree (the memo
 * links it), `NewMemoArgs`, or nothing: then the selection in a transcript, if
 * any, is the passage the memo links. Asks the kind (unless given), writes
 * qda/memos/<date>-<slug>.md and opens it with the cursor after the first prompt.
 */
export async function newMemo(host: Pick<Host, 'session'>, arg?: unknown): Promise<Memo | undefined> {
  const session = requireSession(host);
  const args = toArgs(arg);
  const input: Partial<NewMemo> = { code: args.code, title: args.title, body: args.body };
  if (args.source !== undefined) {
    Object.assign(input, {
      source: args.source,
      start: args.start,
      end: args.end,
      sourceText: openDocument(session, args.source)?.getText(),
    });
  } else if (args.code === undefined) {
    Object.assign(input, selectedPassage(session));
  }
  const interactive = args.kind === undefined;
  let kind = args.kind;
  if (kind === undefined) {
    const about = describeTarget(session, input);
    const picked = await vscode.window.showQuickPick(
      MEMO_KINDS.map((k) => ({
        label: k[0].toUpperCase() + k.slice(1),
        description: MEMO_KIND_DESCRIPTIONS[k],
        iconPath: new vscode.ThemeIcon(KIND_ICONS[k]),
        memoKind: k,
      })),
      {
        title: `New Memo${about ? ` about ${about}` : ''}`,
        placeHolder: 'What kind of memo?',
        matchOnDescription: true,
        ignoreFocusOut: true,
      },
    );
    if (!picked) return undefined;
    kind = picked.memoKind;
  } else if (!isMemoKind(kind)) {
    throw new ProjectError(`"${String(kind)}" is not a kind of memo: use ${MEMO_KINDS.join(', ')}`);
  }
  if (interactive && input.title === undefined) {
    const title = await vscode.window.showInputBox({
      title: 'New Memo: title (optional)',
      prompt: 'A few words for the file name and the memo log; leave empty to start writing',
      ignoreFocusOut: true,
    });
    if (title === undefined) return undefined;
    input.title = title.trim() || undefined;
  }
  const author = await coderId();
  if (!author) return undefined;
  const created = await createMemo(session.project, { ...input, kind, author, prompts: promptsFor(kind) });
  const doc = await vscode.workspace.openTextDocument(session.files.uri(created.memo.path));
  const editor = await vscode.window.showTextDocument(doc);
  const at = doc.positionAt(Math.min(created.cursor, doc.getText().length));
  editor.selection = new vscode.Selection(at, at);
  // the front matter (ids, offsets, context) folded to its first line: the memo opens as writing
  await foldFrontMatter(editor);
  editor.selection = new vscode.Selection(at, at);
  editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return created.memo;
}

/** The argument as args: a Code from the Codes tree, a Uri from an editor menu (ignored), or args. */
function toArgs(arg: unknown): NewMemoArgs {
  if (!arg || typeof arg !== 'object' || arg instanceof vscode.Uri) return {};
  const a = arg as Record<string, unknown>;
  if (typeof a.id === 'string' && typeof a.status === 'string') return { code: a.id };
  const str = (k: string) => (typeof a[k] === 'string' ? (a[k] as string) : undefined);
  const num = (k: string) => (typeof a[k] === 'number' ? (a[k] as number) : undefined);
  return {
    kind: str('kind') as MemoKind | undefined,
    title: str('title'),
    code: str('code'),
    source: str('source'),
    start: num('start'),
    end: num('end'),
    body: str('body'),
  };
}

function openDocument(session: ProjectSession, source: string): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((d) => session.files.relative(d.uri) === source);
}

/** The selection in the active editor, when it is a passage of a transcript of the project. */
function selectedPassage(session: ProjectSession): Partial<NewMemo> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.selection.isEmpty) return {};
  const source = session.files.relative(editor.document.uri);
  if (!source || !session.project.sources.includes(source)) return {};
  const text = editor.document.getText();
  const index = new CodePointIndex(text);
  const start = index.toCodePoint(editor.document.offsetAt(editor.selection.start));
  const end = index.toCodePoint(editor.document.offsetAt(editor.selection.end));
  return { source, start, end, sourceText: text };
}

function describeTarget(session: ProjectSession, input: Partial<NewMemo>): string | undefined {
  if (input.code !== undefined) return session.project.codebook.codes.find((c) => c.id === input.code)?.name ?? input.code;
  if (input.source === undefined) return undefined;
  if (input.sourceText === undefined || input.start === undefined || input.end === undefined) return input.source;
  const words = new CodePointIndex(input.sourceText).slice(input.start, input.end).replace(/\s+/g, ' ').trim();
  return `“${words.length > 40 ? `${words.slice(0, 39)}…` : words}”`;
}

/** The prompts for a kind: the setting reflexiveQda.memo.prompts, else the defaults. */
export function promptsFor(kind: MemoKind): readonly string[] {
  const all = vscode.workspace.getConfiguration().get<Record<string, unknown>>(Settings.memoPrompts);
  const list = all?.[kind];
  return Array.isArray(list) && list.every((p) => typeof p === 'string') ? list : DEFAULT_MEMO_PROMPTS[kind];
}
