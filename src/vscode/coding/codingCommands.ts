import * as vscode from 'vscode';
import { captureAnchor } from '../../core/anchor';
import { addCode } from '../../core/codes';
import { newCoding, removeCodings, inVivoName, snapToWords } from '../../core/coding';
import type { Coding } from '../../core/model';
import { ProjectError } from '../../core/project';
import { CodePointIndex } from '../../core/text';
import type { CodesFeature } from '../codes/codeCommands';
import type { CommandTable } from '../commands';
import { requireSession, type Host } from '../host';
import { Commands, Settings } from '../ids';
import { coderId } from '../projectCommands';
import type { LiveCodings } from './liveCodings';

interface Passage {
  source: string;
  start: number;
  end: number;
  text: string;
}

/** The editor's selections as passages (code points), snapped to words unless turned off. */
function selectedPassages(editor: vscode.TextEditor, source: string): Passage[] {
  const doc = editor.document;
  const text = doc.getText();
  const index = new CodePointIndex(text);
  const snap = vscode.workspace.getConfiguration().get<boolean>(Settings.snapToWords, true);
  const out: Passage[] = [];
  for (const sel of editor.selections) {
    if (sel.isEmpty) continue;
    let s = doc.offsetAt(sel.start);
    let e = doc.offsetAt(sel.end);
    if (snap) ({ start: s, end: e } = snapToWords(text, s, e));
    if (e <= s) continue;
    out.push({ source, start: index.toCodePoint(s), end: index.toCodePoint(e), text: text.slice(s, e) });
  }
  return out;
}

function activeTranscript(host: Host, live: LiveCodings): { editor: vscode.TextEditor; source: string } {
  const editor = vscode.window.activeTextEditor;
  if (!editor) throw new ProjectError('Open a transcript and select a passage to code.');
  const source = live.sourceOf(editor.document);
  if (!source) {
    // With qda/project.yaml unreadable no transcript is known: say why, not "add a glob".
    const refusal = requireSession(host).project.writeRefusal;
    if (refusal) throw new ProjectError(refusal);
    const rel = requireSession(host).files.relative(editor.document.uri);
    throw new ProjectError(
      `${rel ?? editor.document.fileName} is not a transcript of this project: add a matching glob to "sources" in qda/project.yaml.`,
    );
  }
  return { editor, source };
}

/** What every coding command works with. */
export interface CodingContext {
  readonly host: Host;
  readonly live: LiveCodings;
  readonly codes: CodesFeature;
}

/** Codes the passages with the codes, drawn at once and written in one undoable step. */
async function codeWith(ctx: CodingContext, editor: vscode.TextEditor, passages: Passage[], codeIds: string[]): Promise<Coding[]> {
  const session = requireSession(ctx.host);
  const coder = await coderId();
  if (!coder) return [];
  const text = editor.document.getText();
  const source = passages[0].source;
  const made = passages.flatMap((p) =>
    codeIds.map((code) => newCoding(session.project, text, { source, code, start: p.start, end: p.end, coder })),
  );
  // Drawn now; written next (one write for all of them), and taken away again if the write fails.
  ctx.live.addPending(source, made);
  const label = `Code ${passages.length} passage${passages.length === 1 ? '' : 's'}`;
  try {
    await session.history.transaction(label, () =>
      session.project.changeCodings(source, (f) => ({ ...f, codings: [...f.codings, ...made] })),
    );
  } catch (e) {
    ctx.live.refresh(source);
    throw e;
  }
  const names = codeIds.map((id) => `“${session.project.codebook.codes.find((c) => c.id === id)?.name ?? id}”`);
  void vscode.window.setStatusBarMessage(
    `Coded ${passages.length} passage${passages.length === 1 ? '' : 's'} as ${names.join(', ')}`,
    8000,
  );
  revealCode(ctx, codeIds[0]);
  // Remembering recent codes is a storage round trip: never let the coder wait for it.
  void ctx.codes.picker.remember(codeIds).then(undefined, (e) => ctx.host.log.warn(`could not remember recent codes: ${String(e)}`));
  return made;
}

/**
 * Shows the code just applied, selected in the Codes tree (its count has just grown), when the
 * tree is on screen: it never opens the sidebar or takes the focus from the transcript.
 */
function revealCode(ctx: CodingContext, id: string): void {
  const view = ctx.codes.view;
  const code = requireSession(ctx.host).project.codebook.codes.find((c) => c.id === id);
  if (!code || !view.visible) return;
  // a code created a moment ago reaches the tree with the codebook's change event: reveal after it
  setTimeout(() => {
    const failed = (e: unknown) => ctx.host.log.warn(`could not reveal ${id} in the Codes tree: ${String(e)}`);
    void Promise.resolve(view.reveal(code, { select: true, focus: false, expand: false })).then(undefined, failed);
  }, 0);
}

/** Code Selection: args `{ codes: [...ids] }` skip the picker (scripts, tests, keybindings). */
async function codeSelection(ctx: CodingContext, args?: { codes?: string[] }): Promise<number> {
  const { editor, source } = activeTranscript(ctx.host, ctx.live);
  const passages = selectedPassages(editor, source);
  if (!passages.length) throw new ProjectError('Select a passage to code (several selections are coded at once).');
  let ids = args?.codes;
  if (!ids) {
    const picked = await ctx.codes.picker.pickForCoding(
      passages.length === 1
        ? `Code “${passages[0].text.slice(0, 40)}${passages[0].text.length > 40 ? '…' : ''}”`
        : `Code ${passages.length} passages`,
    );
    if (!picked) return 0;
    ids = picked.codes.map((c) => c.id);
    if (picked.create.length) {
      const session = requireSession(ctx.host);
      await session.history.transaction('New code', async () => {
        for (const name of picked.create) ids!.push((await addCode(session.project, { name })).id);
      });
    }
    if (!ids.length) return 0;
  }
  return (await codeWith(ctx, editor, passages, ids)).length;
}

async function codeInVivo(ctx: CodingContext): Promise<number> {
  const { editor, source } = activeTranscript(ctx.host, ctx.live);
  const passages = selectedPassages(editor, source);
  if (!passages.length) throw new ProjectError('Select the words to use as the code’s name.');
  const suggested = inVivoName(passages[0].text);
  const name = await vscode.window.showInputBox({
    title: 'In Vivo Code',
    prompt: 'A new code named in the participant’s own words',
    value: suggested,
    valueSelection: [0, suggested.length],
  });
  if (!name?.trim()) return 0;
  const session = requireSession(ctx.host);
  const code = await session.history.transaction(`New in vivo code “${name.trim()}”`, () =>
    addCode(session.project, { name, definition: undefined }),
  );
  return (await codeWith(ctx, editor, passages, [code.id])).length;
}

/** A coding as it is now, by its source and id. */
function findCoding(ctx: CodingContext, ref: { source: string; id: string }): Coding {
  const coding = requireSession(ctx.host)
    .project.codings.get(ref.source)
    ?.codings.find((c) => c.id === ref.id);
  if (!coding) throw new ProjectError('That coding no longer exists (it may have been removed meanwhile).');
  return coding;
}

async function removeCoding(ctx: CodingContext, ref: { source: string; id: string }): Promise<void> {
  const session = requireSession(ctx.host);
  const coding = findCoding(ctx, ref);
  const name = session.project.codebook.codes.find((c) => c.id === coding.code)?.name ?? coding.code;
  await session.history.transaction(`Remove “${name}” coding`, () => removeCodings(session.project, ref.source, [ref.id]));
}

async function recodeCoding(ctx: CodingContext, ref: { source: string; id: string }, codeId?: string): Promise<void> {
  const session = requireSession(ctx.host);
  const coding = findCoding(ctx, ref);
  const to = codeId ?? (await ctx.codes.picker.pickOne('Recode this passage as…', { activeOnly: true }))?.id;
  if (!to || to === coding.code) return;
  await session.history.transaction('Recode passage', () =>
    session.project.changeCodings(ref.source, (f) => ({ ...f, codings: f.codings.map((c) => (c.id === ref.id ? { ...c, code: to } : c)) })),
  );
}

async function addCodingNote(ctx: CodingContext, ref: { source: string; id: string }, note?: string): Promise<void> {
  const session = requireSession(ctx.host);
  const coding = findCoding(ctx, ref);
  const text =
    note ??
    (await vscode.window.showInputBox({
      title: 'Note on this coding',
      value: coding.note ?? '',
      prompt: 'A short comment, kept with the coding (empty removes it)',
    }));
  if (text === undefined) return;
  await session.history.transaction('Note on coding', () =>
    session.project.changeCodings(ref.source, (f) => ({
      ...f,
      codings: f.codings.map((c) => {
        if (c.id !== ref.id) return c;
        const { note: _old, ...rest } = c;
        void _old;
        return text.trim() ? { ...rest, note: text.trim() } : (rest as Coding);
      }),
    })),
  );
}

async function codesAtCursor(ctx: CodingContext): Promise<string[]> {
  const { editor } = activeTranscript(ctx.host, ctx.live);
  const l = ctx.live.get(editor.document);
  const index = new CodePointIndex(editor.document.getText());
  const at = l?.at(index.toCodePoint(editor.document.offsetAt(editor.selection.active))) ?? [];
  const project = requireSession(ctx.host).project;
  if (!at.length) {
    void vscode.window.showInformationMessage('No codes at the cursor.');
    return [];
  }
  const items = at.map((e) => ({
    label: project.codebook.codes.find((c) => c.id === e.coding.code)?.name ?? e.coding.code,
    description: [e.coding.coder, e.coding.note].filter(Boolean).join(' · '),
    detail: e.coding.text,
    entry: e,
  }));
  const pick = await vscode.window.showQuickPick(items, {
    title: 'Codes at the cursor',
    placeHolder: 'Select a coding to select its passage',
  });
  if (pick)
    editor.selection = new vscode.Selection(
      editor.document.positionAt(index.toUtf16(pick.entry.start)),
      editor.document.positionAt(index.toUtf16(pick.entry.end)),
    );
  return at.map((e) => e.coding.code);
}

/** Moves the cursor to the next (1) or previous (-1) coded passage, wrapping around. */
function jump(ctx: CodingContext, direction: 1 | -1): void {
  const { editor } = activeTranscript(ctx.host, ctx.live);
  const l = ctx.live.get(editor.document);
  const index = new CodePointIndex(editor.document.getText());
  const here = index.toCodePoint(editor.document.offsetAt(editor.selection.active));
  const coder = ctx.codes.coderFilter();
  const starts = [
    ...new Set(
      (l?.entries ?? [])
        .filter((e) => e.state === 'exact' || e.state === 'moved')
        .filter((e) => !coder || e.coding.coder === coder)
        .map((e) => e.start),
    ),
  ].sort((a, b) => a - b);
  if (!starts.length) return;
  const next =
    direction > 0
      ? (starts.find((s) => s > here) ?? starts[0])
      : ([...starts].reverse().find((s) => s < here) ?? starts[starts.length - 1]);
  const pos = editor.document.positionAt(index.toUtf16(next));
  editor.selection = new vscode.Selection(pos, pos);
  editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

/** Coding commands: code the selection, in vivo, remove, recode, note, codes at cursor, next/previous. */
export const CODING_COMMANDS: CommandTable<CodingContext> = {
  [Commands.codeSelection]: codeSelection,
  [Commands.codeInVivo]: codeInVivo,
  [Commands.removeCoding]: removeCoding,
  [Commands.recodeCoding]: recodeCoding,
  [Commands.addCodingNote]: addCodingNote,
  [Commands.codesAtCursor]: codesAtCursor,
  [Commands.nextCodedPassage]: (ctx) => jump(ctx, 1),
  [Commands.previousCodedPassage]: (ctx) => jump(ctx, -1),
};

/** Re-anchors a coding onto the current selection (for orphans): new offsets, quote and context. */
export async function reattachToSelection(host: Host, live: LiveCodings, ref: { source: string; id: string }): Promise<void> {
  const { editor, source } = activeTranscript(host, live);
  const passages = selectedPassages(editor, source);
  if (passages.length !== 1) throw new ProjectError('Select the one passage this coding belongs to, then run Re-attach again.');
  const session = requireSession(host);
  const p = passages[0];
  const index = new CodePointIndex(editor.document.getText());
  const anchor = captureAnchor(index, p.start, p.end);
  const coding = session.project.codings.get(ref.source)?.codings.find((c) => c.id === ref.id);
  if (!coding) throw new ProjectError('That coding no longer exists.');
  await session.history.transaction('Re-attach coding', async () => {
    if (ref.source === source) {
      await session.project.changeCodings(source, (f) => ({
        ...f,
        codings: f.codings.map((c) => (c.id === ref.id ? { ...c, ...anchor, before: anchor.before, after: anchor.after } : c)),
      }));
    } else {
      // Re-attached in another transcript: the coding moves files, keeping its id.
      await session.project.changeCodings(ref.source, (f) => ({ ...f, codings: f.codings.filter((c) => c.id !== ref.id) }));
      await session.project.changeCodings(source, (f) => ({
        ...f,
        codings: [...f.codings, { ...coding, ...anchor, before: anchor.before, after: anchor.after }],
      }));
    }
  });
}
