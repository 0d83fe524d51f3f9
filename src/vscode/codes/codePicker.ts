import * as vscode from 'vscode';
import { StateKeys } from '../ids';
import { codePath, subtree } from '../../core/codes';
import type { Code } from '../../core/model';
import type { Host } from '../host';
import { ColorIcons } from './colorIcons';

const RECENT_KEY = StateKeys.recentCodes;
const MAX_RECENT = 12;

export interface PickedCodes {
  /** Existing codes chosen. */
  codes: Code[];
  /** Names typed for codes to create ("create code ‹typed text›"). */
  create: string[];
}

interface Item extends vscode.QuickPickItem {
  code?: Code;
  createName?: string;
}

/**
 * The code picker used for coding and for code operations: fuzzy match on name
 * and parent/child path, recently used codes first, several at once, and
 * "Create code ‹typed text›" at the end.
 */
export class CodePicker {
  private readonly icons: ColorIcons;

  constructor(private readonly host: Host) {
    this.icons = new ColorIcons(vscode.Uri.joinPath(host.context.globalStorageUri, 'icons'));
  }

  recent(): string[] {
    return this.host.context.workspaceState.get<string[]>(RECENT_KEY, []);
  }

  async remember(ids: readonly string[]): Promise<void> {
    const next = [...ids, ...this.recent().filter((id) => !ids.includes(id))].slice(0, MAX_RECENT);
    await this.host.context.workspaceState.update(RECENT_KEY, next);
  }

  private async items(codes: readonly Code[], all: readonly Code[]): Promise<Item[]> {
    const recent = this.recent();
    const rank = (c: Code) => {
      const i = recent.indexOf(c.id);
      return i < 0 ? Number.MAX_SAFE_INTEGER : i;
    };
    const sorted = [...codes].sort((a, b) => rank(a) - rank(b) || codePath(all, a.id).localeCompare(codePath(all, b.id)));
    const items: Item[] = [];
    let section: 'recent' | 'all' | undefined;
    for (const c of sorted) {
      const s = rank(c) < Number.MAX_SAFE_INTEGER ? 'recent' : 'all';
      if (s !== section) {
        items.push({ label: s === 'recent' ? 'recently used' : 'all codes', kind: vscode.QuickPickItemKind.Separator });
        section = s;
      }
      const path = codePath(all, c.id);
      items.push({ label: c.name, description: path !== c.name ? path.slice(0, path.length - c.name.length - 3) : undefined, detail: c.definition, code: c, iconPath: (await this.icons.icon(c.color)) as vscode.Uri });
    }
    return items;
  }

  /** Picks one or more active codes, offering to create the typed name. Undefined when cancelled. */
  async pickForCoding(title: string): Promise<PickedCodes | undefined> {
    const project = this.host.session()?.project;
    if (!project) return undefined;
    const all = project.codebook.codes;
    const base = await this.items(all.filter((c) => c.status === 'active'), all);
    const qp = vscode.window.createQuickPick<Item>();
    qp.title = title;
    qp.placeholder = 'Type to find a code (Space marks several), or a new name to create it';
    qp.canSelectMany = true;
    qp.matchOnDescription = true;
    qp.matchOnDetail = false;
    qp.items = base;
    const update = () => {
      const typed = qp.value.trim();
      const exists = all.some((c) => c.name.toLowerCase() === typed.toLowerCase());
      const keep = qp.selectedItems;
      qp.items = typed && !exists ? [...base, { label: '', kind: vscode.QuickPickItemKind.Separator }, { label: `$(add) Create code “${typed}”`, createName: typed, alwaysShow: true }] : base;
      qp.selectedItems = qp.items.filter((i) => keep.includes(i));
    };
    qp.onDidChangeValue(update);
    return new Promise<PickedCodes | undefined>((resolve) => {
      let done = false;
      qp.onDidAccept(() => {
        done = true;
        let chosen = [...qp.selectedItems];
        // Enter on a highlighted row without marking any: take that row.
        if (!chosen.length && qp.activeItems.length) chosen = [...qp.activeItems];
        qp.hide();
        resolve({
          codes: chosen.filter((i) => i.code).map((i) => i.code!),
          create: chosen.filter((i) => i.createName).map((i) => i.createName!),
        });
      });
      qp.onDidHide(() => {
        qp.dispose();
        if (!done) resolve(undefined);
      });
      qp.show();
    });
  }

  /** Picks one code (for merge targets, parents, and commands run from the palette). */
  async pickOne(title: string, opts: { exclude?: string; activeOnly?: boolean; placeholder?: string } = {}): Promise<Code | undefined> {
    const project = this.host.session()?.project;
    if (!project) return undefined;
    const all = project.codebook.codes;
    const hidden = opts.exclude ? subtree(all, opts.exclude) : new Set<string>();
    const candidates = all.filter((c) => !hidden.has(c.id) && (!opts.activeOnly || c.status === 'active'));
    const picked = await vscode.window.showQuickPick(await this.items(candidates, all), { title, placeHolder: opts.placeholder ?? 'Choose a code', matchOnDescription: true });
    return picked?.code;
  }
}
