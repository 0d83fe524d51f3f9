import * as vscode from 'vscode';
import {
  addCode,
  codingsUsing,
  deleteCode as deleteCodeOp,
  mergeCode as mergeCodeOp,
  PALETTE,
  renameCode as renameCodeOp,
  retireCode as retireCodeOp,
  setColor,
  setDefinition,
  subtree,
} from '../../core/codes';
import type { Code } from '../../core/model';
import { ProjectError } from '../../core/project';
import { requireSession, type Host } from '../host';
import { Commands, ContextKeys, Settings } from '../ids';
import { coderId } from '../projectCommands';
import { CodePicker } from './codePicker';
import { ColorIcons } from './colorIcons';
import type { CommandTable } from '../commands';
import { CODES_VIEW, CodeTreeProvider } from './codeTree';

export interface CodesFeature {
  tree: CodeTreeProvider;
  view: vscode.TreeView<Code>;
  picker: CodePicker;
  /** The coder whose codings are shown (undefined: everybody's). */
  coderFilter(): string | undefined;
  readonly onDidChangeCoderFilter: vscode.Event<string | undefined>;
}

/** What every code command works with. */
interface CodesContext {
  readonly host: Host;
  readonly tree: CodeTreeProvider;
  readonly view: vscode.TreeView<Code>;
  readonly picker: CodePicker;
  readonly icons: ColorIcons;
  readonly coderChanged: vscode.EventEmitter<string | undefined>;
  coderFilter: string | undefined;
}

/** The Codes view and every code operation, each undoable. */
export function registerCodes(host: Host): CodesFeature {
  const tree = new CodeTreeProvider(host);
  const view = vscode.window.createTreeView(CODES_VIEW, {
    treeDataProvider: tree,
    dragAndDropController: tree,
    showCollapseAll: true,
    canSelectMany: true,
  });
  const ctx: CodesContext = {
    host,
    tree,
    view,
    picker: new CodePicker(host),
    icons: new ColorIcons(vscode.Uri.joinPath(host.context.globalStorageUri, 'icons')),
    coderChanged: new vscode.EventEmitter<string | undefined>(),
    coderFilter: undefined,
  };
  host.context.subscriptions.push(tree, view, ctx.coderChanged);
  void vscode.commands.executeCommand('setContext', ContextKeys.showInactiveCodes, false);
  host.registerCommands(CODE_COMMANDS, ctx);
  return { tree, view, picker: ctx.picker, coderFilter: () => ctx.coderFilter, onDidChangeCoderFilter: ctx.coderChanged.event };
}

/** The code a command acts on: the argument (tree context menu), the tree selection, or a pick. */
async function target(ctx: CodesContext, arg: unknown, title: string): Promise<Code | undefined> {
  const project = requireSession(ctx.host).project;
  const id =
    typeof arg === 'string' ? arg : arg && typeof arg === 'object' && 'id' in arg ? String((arg as Code).id) : ctx.view.selection[0]?.id;
  const code = id ? project.codebook.codes.find((c) => c.id === id) : await ctx.picker.pickOne(title);
  if (id && !code) throw new ProjectError(`there is no code "${id}"`);
  return code;
}

/** Runs one undoable step. */
function step<T>(ctx: CodesContext, label: string, fn: () => Promise<T>): Promise<T> {
  return requireSession(ctx.host).history.transaction(label, fn);
}

async function newChildCode(ctx: CodesContext, arg?: Code) {
  const parent = await target(ctx, arg, 'New Child Code: under which code?');
  if (!parent) return undefined;
  const name = await vscode.window.showInputBox({
    title: `New code under “${parent.name}”`,
    prompt: 'Name of the new code',
    validateInput: (v) => (v.trim() ? undefined : 'A code needs a name'),
  });
  if (!name) return undefined;
  return step(ctx, `New code “${name.trim()}”`, () => addCode(requireSession(ctx.host).project, { name, parent: parent.id }));
}

async function renameCode(ctx: CodesContext, arg?: Code, newName?: string) {
  const code = await target(ctx, arg, 'Rename Code');
  if (!code) return;
  const name =
    newName ??
    (await vscode.window.showInputBox({
      title: `Rename “${code.name}”`,
      value: code.name,
      prompt: 'The id stays the same, so codings, memos and review responses keep pointing at it',
      validateInput: (v) => (v.trim() ? undefined : 'A code needs a name'),
    }));
  if (!name || name.trim() === code.name) return;
  await step(ctx, `Rename “${code.name}” to “${name.trim()}”`, () => renameCodeOp(requireSession(ctx.host).project, code.id, name));
}

async function editCodeDefinition(
  ctx: CodesContext,
  arg?: Code,
  values?: { definition?: string; include?: string; exclude?: string; example?: string; note?: string },
) {
  const code = await target(ctx, arg, 'Edit Code Definition');
  if (!code) return;
  let change = values;
  if (!change) {
    const ask = (field: 'definition' | 'include' | 'exclude', title: string, prompt: string) =>
      vscode.window.showInputBox({ title: `${code.name}: ${title}`, prompt, value: code[field] ?? '', ignoreFocusOut: true });
    const definition = await ask('definition', 'definition (1/4)', 'What the code means');
    if (definition === undefined) return;
    const include = await ask('include', 'apply when (2/4)', 'When to apply it (optional)');
    if (include === undefined) return;
    const exclude = await ask('exclude', 'not when (3/4)', 'When not to apply it (optional)');
    if (exclude === undefined) return;
    const changed = definition !== (code.definition ?? '') || include !== (code.include ?? '') || exclude !== (code.exclude ?? '');
    const note =
      changed && code.definition
        ? await vscode.window.showInputBox({
            title: `${code.name}: why did the meaning change? (4/4)`,
            prompt: 'Recorded under "revised" in the codebook: the audit trail of your analysis (optional)',
            ignoreFocusOut: true,
          })
        : '';
    if (note === undefined) return;
    change = { definition, include, exclude, note: note || undefined };
  }
  const by = vscode.workspace.getConfiguration().get<string>(Settings.coder) || undefined;
  await step(ctx, `Edit the definition of “${code.name}”`, () =>
    setDefinition(requireSession(ctx.host).project, code.id, { ...change, by }),
  );
}

async function openCodeInCodebook(ctx: CodesContext, arg?: Code) {
  const code = await target(ctx, arg, 'Open Code in Codebook');
  if (!code) return;
  const session = requireSession(ctx.host);
  const doc = await vscode.workspace.openTextDocument(session.files.uri('qda/codebook.yaml'));
  const line = doc
    .getText()
    .split('\n')
    .findIndex((l) =>
      new RegExp(
        `^\\s*-\\s*(\\{\\s*)?id:\\s*["']?${code.id.replace(/[-]/g, '\\-')}["']?\\s*[,}]?\\s*$|^\\s*-\\s*\\{\\s*id:\\s*${code.id}\\s*,`,
      ).test(l),
    );
  const pos = new vscode.Position(Math.max(0, line), 0);
  await vscode.window.showTextDocument(doc, { selection: new vscode.Range(pos, pos) });
}

async function changeCodeColor(ctx: CodesContext, arg?: Code, color?: string) {
  const code = await target(ctx, arg, 'Change Code Colour');
  if (!code) return;
  let chosen = color;
  if (!chosen) {
    const items = await Promise.all(
      PALETTE.map(async (c) => ({
        label: c,
        iconPath: (await ctx.icons.icon(c)) as vscode.Uri,
        description: c === code.color ? 'current' : undefined,
      })),
    );
    const pick = await vscode.window.showQuickPick([...items, { label: 'Custom…', iconPath: undefined, description: '#rrggbb' }], {
      title: `Colour of “${code.name}”`,
    });
    if (!pick) return;
    chosen =
      pick.label === 'Custom…'
        ? await vscode.window.showInputBox({
            title: `Colour of “${code.name}”`,
            value: code.color ?? '#',
            validateInput: (v) => (/^#[0-9a-fA-F]{6}$/.test(v) ? undefined : 'Write a colour as #rrggbb'),
          })
        : pick.label;
    if (!chosen) return;
  }
  await step(ctx, `Change the colour of “${code.name}”`, () => setColor(requireSession(ctx.host).project, code.id, chosen!));
}

async function mergeCode(ctx: CodesContext, arg?: Code, intoId?: string) {
  const code = await target(ctx, arg, 'Merge Code: which code?');
  if (!code) return;
  const project = requireSession(ctx.host).project;
  const into = intoId
    ? project.codebook.codes.find((c) => c.id === intoId)
    : await ctx.picker.pickOne(`Merge “${code.name}” into…`, {
        exclude: code.id,
        activeOnly: true,
        placeholder: 'Its codings follow; it stays in the codebook as merged',
      });
  if (!into) return;
  if (!intoId) {
    const n = [...codingsUsing(project, new Set([code.id])).values()].reduce((a, b) => a + b, 0);
    const ok = await vscode.window.showWarningMessage(
      `Merge “${code.name}” into “${into.name}”?`,
      {
        modal: true,
        detail: `${n} coding(s) will be recoded to “${into.name}”. “${code.name}” stays in the codebook as merged, so memos and review responses that name it still resolve. You can undo this.`,
      },
      'Merge',
    );
    if (ok !== 'Merge') return;
  }
  return step(ctx, `Merge “${code.name}” into “${into.name}”`, () => mergeCodeOp(project, code.id, into.id));
}

async function retireCode(ctx: CodesContext, arg?: Code) {
  const code = await target(ctx, arg, 'Retire Code');
  if (!code) return;
  const retire = code.status !== 'retired';
  await step(ctx, `${retire ? 'Retire' : 'Reactivate'} “${code.name}”`, () =>
    retireCodeOp(requireSession(ctx.host).project, code.id, retire),
  );
}

async function deleteCode(ctx: CodesContext, arg?: Code, opts?: { confirm?: boolean }) {
  const code = await target(ctx, arg, 'Delete Code');
  if (!code) return;
  const project = requireSession(ctx.host).project;
  const counts = codingsUsing(project, new Set([code.id]));
  const n = [...counts.values()].reduce((a, b) => a + b, 0);
  const children = subtree(project.codebook.codes, code.id).size - 1;
  if (opts?.confirm !== false) {
    const ok = await vscode.window.showWarningMessage(
      `Delete “${code.name}” and its ${n} coding${n === 1 ? '' : 's'} in ${counts.size} source${counts.size === 1 ? '' : 's'}?`,
      {
        modal: true,
        detail: `${children ? `Its ${children} child code(s) move up a level. ` : ''}Retire or merge keep the history instead. You can undo this.`,
      },
      'Delete',
    );
    if (ok !== 'Delete') return;
  }
  return step(ctx, `Delete “${code.name}”`, () => deleteCodeOp(project, code.id));
}

async function undo(ctx: CodesContext) {
  const label = await requireSession(ctx.host).history.undo();
  void vscode.window.setStatusBarMessage(label ? `Undone: ${label}` : 'Nothing to undo in Reflexive QDA', 4000);
  return label;
}

function toggleInactiveCodes(ctx: CodesContext) {
  return ctx.tree.setShowInactive(!ctx.tree.inactiveShown);
}

async function filterByCoder(ctx: CodesContext, coder?: string | null) {
  const project = requireSession(ctx.host).project;
  let chosen: string | undefined = coder === null ? undefined : coder;
  if (coder === undefined) {
    const coders = [
      ...new Set([...project.codings.values()].flatMap((f) => f.codings.map((c) => c.coder).filter((x): x is string => !!x))),
    ].sort();
    const me = await coderId().catch(() => undefined);
    const pick = await vscode.window.showQuickPick(
      [
        { label: 'Everybody', id: undefined as string | undefined },
        ...coders.map((c) => ({ label: c, description: c === me ? 'you' : undefined, id: c as string | undefined })),
      ],
      { title: 'Show the codings of…' },
    );
    if (!pick) return;
    chosen = pick.id;
  }
  ctx.coderFilter = chosen;
  ctx.tree.setCoder(chosen);
  ctx.view.description = chosen ? `coder: ${chosen}` : undefined;
  void vscode.commands.executeCommand('setContext', ContextKeys.coderFiltered, !!chosen);
  ctx.coderChanged.fire(chosen);
}

const CODE_COMMANDS: CommandTable<CodesContext> = {
  [Commands.newChildCode]: newChildCode,
  [Commands.renameCode]: renameCode,
  [Commands.editCodeDefinition]: editCodeDefinition,
  [Commands.openCodeInCodebook]: openCodeInCodebook,
  [Commands.changeCodeColor]: changeCodeColor,
  [Commands.mergeCode]: mergeCode,
  [Commands.retireCode]: retireCode,
  [Commands.deleteCode]: deleteCode,
  [Commands.undo]: undo,
  [Commands.toggleInactiveCodes]: toggleInactiveCodes,
  [Commands.filterByCoder]: filterByCoder,
};
