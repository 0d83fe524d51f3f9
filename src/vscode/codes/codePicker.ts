import * as vscode from 'vscode';
import { StateKeys } from '../ids';
import { codePath, shownColors, subtree } from '../../core/codes';
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

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/**
 * The order in which VS Code's quick pick lists rows whose label matches the typed `query` (lower
 * case): labels starting with it (shorter first), then labels ending with it, then by label.
 */
function quickPickOrder(a: string, b: string, query: string): number {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  const [px, py] = [x.startsWith(query), y.startsWith(query)];
  if (px !== py) return px ? -1 : 1;
  if (px && x.length !== y.length) return x.length - y.length;
  const [sx, sy] = [x.endsWith(query), y.endsWith(query)];
  if (sx !== sy) return sx ? -1 : 1;
  return collator.compare(x, y) || x.localeCompare(y);
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
    const colors = shownColors(all);
    const items: Item[] = [];
    let section: 'recent' | 'all' | undefined;
    for (const c of sorted) {
      const s = rank(c) < Number.MAX_SAFE_INTEGER ? 'recent' : 'all';
      if (s !== section) {
        items.push({ label: s === 'recent' ? 'recently used' : 'all codes', kind: vscode.QuickPickItemKind.Separator });
        section = s;
      }
      const path = codePath(all, c.id);
      items.push({
        label: c.name,
        description: path !== c.name ? path.slice(0, path.length - c.name.length - 3) : undefined,
        detail: c.definition,
        code: c,
        iconPath: (await this.icons.icon(colors.get(c.id))) as vscode.Uri,
      });
    }
    return items;
  }

  /** Picks one or more active codes, offering to create the typed name. Undefined when cancelled. */
  async pickForCoding(title: string): Promise<PickedCodes | undefined> {
    const project = this.host.session()?.project;
    if (!project) return undefined;
    const all = project.codebook.codes;
    const base = await this.items(
      all.filter((c) => c.status === 'active'),
      all,
    );
    const qp = vscode.window.createQuickPick<Item>();
    qp.title = title;
    qp.placeholder = 'Type to find a code (Space marks several), or a new name to create it';
    qp.canSelectMany = true;
    qp.matchOnDescription = true;
    qp.matchOnDetail = false;
    qp.items = base;
    /** The row Enter applies when nothing is ticked: the first code row shown, else "Create code". */
    const best = (): Item | undefined => {
      const typed = qp.value.trim().toLowerCase();
      if (!typed) return undefined;
      const query = qp.value.toLowerCase();
      const named = base.filter((i) => i.code?.name.toLowerCase().includes(typed));
      return named.sort((a, b) => quickPickOrder(a.label, b.label, query))[0] ?? qp.items.find((i) => i.createName);
    };
    const update = () => {
      const typed = qp.value.trim();
      const exists = all.some((c) => c.name.toLowerCase() === typed.toLowerCase());
      const keep = qp.selectedItems;
      qp.items =
        typed && !exists
          ? [
              ...base,
              { label: '', kind: vscode.QuickPickItemKind.Separator },
              { label: `$(add) Create code “${typed}”`, createName: typed, alwaysShow: true },
            ]
          : base;
      qp.selectedItems = qp.items.filter((i) => keep.includes(i));
      // A multi-select pick highlights no row by itself, so Enter found nothing to apply: highlight one.
      const row = best();
      if (row) qp.activeItems = [row];
    };
    qp.onDidChangeValue(update);
    return new Promise<PickedCodes | undefined>((resolve) => {
      let done = false;
      qp.onDidAccept(() => {
        done = true;
        let chosen = [...qp.selectedItems];
        // Enter without ticking any: the highlighted row (or, when Enter beat the highlight, the row it goes to).
        if (!chosen.length) chosen = qp.activeItems.length ? [...qp.activeItems] : [best()].filter((i): i is Item => !!i);
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
    const picked = await vscode.window.showQuickPick(await this.items(candidates, all), {
      title,
      placeHolder: opts.placeholder ?? 'Choose a code',
      matchOnDescription: true,
    });
    return picked?.code;
  }
}
