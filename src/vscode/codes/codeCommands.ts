import * as vscode from 'vscode';
import { codingsUsing, deleteCode, mergeCode, renameCode, retireCode, setColor, setDefinition, subtree, addCode, PALETTE } from '../../core/codes';
import type { Code } from '../../core/model';
import { ProjectError } from '../../core/project';
import { requireSession, type Host } from '../host';
import { Commands, ContextKeys, Settings } from '../ids';
import { coderId } from '../projectCommands';
import { CodePicker } from './codePicker';
import { ColorIcons } from './colorIcons';
import { CODES_VIEW, CodeTreeProvider } from './codeTree';

export interface CodesFeature {
  tree: CodeTreeProvider;
  view: vscode.TreeView<Code>;
  picker: CodePicker;
  /** The coder whose codings are shown (undefined: everybody's). */
  coderFilter(): string | undefined;
  readonly onDidChangeCoderFilter: vscode.Event<string | undefined>;
}

/** The Codes view and every code operation, each undoable. */
export function registerCodes(host: Host): CodesFeature {
  const tree = new CodeTreeProvider(host);
  const view = vscode.window.createTreeView(CODES_VIEW, { treeDataProvider: tree, dragAndDropController: tree, showCollapseAll: true, canSelectMany: true });
  const picker = new CodePicker(host);
  const icons = new ColorIcons(vscode.Uri.joinPath(host.context.globalStorageUri, 'icons'));
  const coderChanged = new vscode.EventEmitter<string | undefined>();
  let coderFilter: string | undefined;
  host.context.subscriptions.push(tree, view, coderChanged);
  void vscode.commands.executeCommand('setContext', ContextKeys.showInactiveCodes, false);

  /** The code a command acts on: the argument (tree context menu), the tree selection, or a pick. */
  const target = async (arg: unknown, title: string): Promise<Code | undefined> => {
    const project = requireSession(host).project;
    const id = typeof arg === 'string' ? arg : arg && typeof arg === 'object' && 'id' in arg ? String((arg as Code).id) : view.selection[0]?.id;
    const code = id ? project.codebook.codes.find((c) => c.id === id) : await picker.pickOne(title);
    if (id && !code) throw new ProjectError(`there is no code "${id}"`);
    return code;
  };
  const step = <T>(label: string, fn: () => Promise<T>) => requireSession(host).history.transaction(label, fn);

  host.registerCommand(Commands.newChildCode, async (arg?: Code) => {
    const parent = await target(arg, 'New Child Code: under which code?');
    if (!parent) return undefined;
    const name = await vscode.window.showInputBox({ title: `New code under “${parent.name}”`, prompt: 'Name of the new code', validateInput: (v) => (v.trim() ? undefined : 'A code needs a name') });
    if (!name) return undefined;
    return step(`New code “${name.trim()}”`, () => addCode(requireSession(host).project, { name, parent: parent.id }));
  });

  host.registerCommand(Commands.renameCode, async (arg?: Code, newName?: string) => {
    const code = await target(arg, 'Rename Code');
    if (!code) return;
    const name = newName ?? (await vscode.window.showInputBox({ title: `Rename “${code.name}”`, value: code.name, prompt: 'The id stays the same, so codings, memos and review responses keep pointing at it', validateInput: (v) => (v.trim() ? undefined : 'A code needs a name') }));
    if (!name || name.trim() === code.name) return;
    await step(`Rename “${code.name}” to “${name.trim()}”`, () => renameCode(requireSession(host).project, code.id, name));
  });

  host.registerCommand(Commands.editCodeDefinition, async (arg?: Code, values?: { definition?: string; include?: string; exclude?: string; example?: string; note?: string }) => {
    const code = await target(arg, 'Edit Code Definition');
    if (!code) return;
    let change = values;
    if (!change) {
      const ask = (field: 'definition' | 'include' | 'exclude', title: string, prompt: string) => vscode.window.showInputBox({ title: `${code.name}: ${title}`, prompt, value: code[field] ?? '', ignoreFocusOut: true });
      const definition = await ask('definition', 'definition (1/4)', 'What the code means');
      if (definition === undefined) return;
      const include = await ask('include', 'apply when (2/4)', 'When to apply it (optional)');
      if (include === undefined) return;
      const exclude = await ask('exclude', 'not when (3/4)', 'When not to apply it (optional)');
      if (exclude === undefined) return;
      const changed = definition !== (code.definition ?? '') || include !== (code.include ?? '') || exclude !== (code.exclude ?? '');
      const note = changed && code.definition ? await vscode.window.showInputBox({ title: `${code.name}: why did the meaning change? (4/4)`, prompt: 'Recorded under "revised" in the codebook: the audit trail of your analysis (optional)', ignoreFocusOut: true }) : '';
      if (note === undefined) return;
      change = { definition, include, exclude, note: note || undefined };
    }
    const by = vscode.workspace.getConfiguration().get<string>(Settings.coder) || undefined;
    await step(`Edit the definition of “${code.name}”`, () => setDefinition(requireSession(host).project, code.id, { ...change, by }));
  });

  host.registerCommand(Commands.openCodeInCodebook, async (arg?: Code) => {
    const code = await target(arg, 'Open Code in Codebook');
    if (!code) return;
    const session = requireSession(host);
    const doc = await vscode.workspace.openTextDocument(session.files.uri('qda/codebook.yaml'));
    const line = doc.getText().split('\n').findIndex((l) => new RegExp(`^\\s*-\\s*(\\{\\s*)?id:\\s*["']?${code.id.replace(/[-]/g, '\\-')}["']?\\s*[,}]?\\s*$|^\\s*-\\s*\\{\\s*id:\\s*${code.id}\\s*,`).test(l));
    const pos = new vscode.Position(Math.max(0, line), 0);
    await vscode.window.showTextDocument(doc, { selection: new vscode.Range(pos, pos) });
  });

  host.registerCommand(Commands.changeCodeColor, async (arg?: Code, color?: string) => {
    const code = await target(arg, 'Change Code Colour');
    if (!code) return;
    let chosen = color;
    if (!chosen) {
      const items = await Promise.all(PALETTE.map(async (c) => ({ label: c, iconPath: (await icons.icon(c)) as vscode.Uri, description: c === code.color ? 'current' : undefined })));
      const pick = await vscode.window.showQuickPick([...items, { label: 'Custom…', iconPath: undefined, description: '#rrggbb' }], { title: `Colour of “${code.name}”` });
      if (!pick) return;
      chosen = pick.label === 'Custom…' ? await vscode.window.showInputBox({ title: `Colour of “${code.name}”`, value: code.color ?? '#', validateInput: (v) => (/^#[0-9a-fA-F]{6}$/.test(v) ? undefined : 'Write a colour as #rrggbb') }) : pick.label;
      if (!chosen) return;
    }
    await step(`Change the colour of “${code.name}”`, () => setColor(requireSession(host).project, code.id, chosen!));
  });

  host.registerCommand(Commands.mergeCode, async (arg?: Code, intoId?: string) => {
    const code = await target(arg, 'Merge Code: which code?');
    if (!code) return;
    const project = requireSession(host).project;
    const into = intoId ? project.codebook.codes.find((c) => c.id === intoId) : await picker.pickOne(`Merge “${code.name}” into…`, { exclude: code.id, activeOnly: true, placeholder: 'Its codings follow; it stays in the codebook as merged' });
    if (!into) return;
    if (!intoId) {
      const n = [...codingsUsing(project, new Set([code.id])).values()].reduce((a, b) => a + b, 0);
      const ok = await vscode.window.showWarningMessage(`Merge “${code.name}” into “${into.name}”?`, { modal: true, detail: `${n} coding(s) will be recoded to “${into.name}”. “${code.name}” stays in the codebook as merged, so memos and review responses that name it still resolve. You can undo this.` }, 'Merge');
      if (ok !== 'Merge') return;
    }
    return step(`Merge “${code.name}” into “${into.name}”`, () => mergeCode(project, code.id, into.id));
  });

  host.registerCommand(Commands.retireCode, async (arg?: Code) => {
    const code = await target(arg, 'Retire Code');
    if (!code) return;
    const retire = code.status !== 'retired';
    await step(`${retire ? 'Retire' : 'Reactivate'} “${code.name}”`, () => retireCode(requireSession(host).project, code.id, retire));
  });

  host.registerCommand(Commands.deleteCode, async (arg?: Code, opts?: { confirm?: boolean }) => {
    const code = await target(arg, 'Delete Code');
    if (!code) return;
    const project = requireSession(host).project;
    const counts = codingsUsing(project, new Set([code.id]));
    const n = [...counts.values()].reduce((a, b) => a + b, 0);
    const children = subtree(project.codebook.codes, code.id).size - 1;
    if (opts?.confirm !== false) {
      const ok = await vscode.window.showWarningMessage(`Delete “${code.name}” and its ${n} coding${n === 1 ? '' : 's'} in ${counts.size} source${counts.size === 1 ? '' : 's'}?`, { modal: true, detail: `${children ? `Its ${children} child code(s) move up a level. ` : ''}Retire or merge keep the history instead. You can undo this.` }, 'Delete');
      if (ok !== 'Delete') return;
    }
    return step(`Delete “${code.name}”`, () => deleteCode(project, code.id));
  });

  host.registerCommand(Commands.undo, async () => {
    const label = await requireSession(host).history.undo();
    void vscode.window.setStatusBarMessage(label ? `Undone: ${label}` : 'Nothing to undo in Reflexive QDA', 4000);
    return label;
  });

  host.registerCommand(Commands.toggleInactiveCodes, () => tree.setShowInactive(!tree.inactiveShown));

  host.registerCommand(Commands.filterByCoder, async (coder?: string | null) => {
    const project = requireSession(host).project;
    let chosen: string | undefined = coder === null ? undefined : coder;
    if (coder === undefined) {
      const coders = [...new Set([...project.codings.values()].flatMap((f) => f.codings.map((c) => c.coder).filter((x): x is string => !!x)))].sort();
      const me = await coderId().catch(() => undefined);
      const pick = await vscode.window.showQuickPick([{ label: 'Everybody', id: undefined as string | undefined }, ...coders.map((c) => ({ label: c, description: c === me ? 'you' : undefined, id: c as string | undefined }))], { title: 'Show the codings of…' });
      if (!pick) return;
      chosen = pick.id;
    }
    coderFilter = chosen;
    tree.setCoder(chosen);
    view.description = chosen ? `coder: ${chosen}` : undefined;
    void vscode.commands.executeCommand('setContext', ContextKeys.coderFiltered, !!chosen);
    coderChanged.fire(chosen);
  });

  return { tree, view, picker, coderFilter: () => coderFilter, onDidChangeCoderFilter: coderChanged.event };
}
