import * as vscode from 'vscode';
import { type SearchHit, type SearchResponse, bracketed, snippetLine } from '../../core/search';
import type { Host } from '../host';
import { Commands, ContextKeys } from '../ids';
import { hitCodes, hitWhere } from './reveal';
import type { SearchService } from './searchService';

/** Results shown while typing; Keep Results fetches more. */
export const QUICK_LIMIT = 50;
/** Results kept in the view: enough to code "all" of any realistic query, few enough to list. */
export const KEEP_LIMIT = 2000;
const TYPING_DELAY_MS = 100;
const OPEN_CONTEXT = ContextKeys.searchOpen;
const ICONS = { passage: 'quote', memo: 'note', code: 'symbol-key' } as const;

interface HitItem extends vscode.QuickPickItem {
  hit?: SearchHit;
}

/**
 * "Search Project": a quick pick with live results as you type. Enter reveals
 * the result; the pin button (or Keep Search Results) moves the list into the
 * Search Results view.
 */
export class QuickSearch {
  private open: { qp: vscode.QuickPick<HitItem> } | undefined;

  constructor(
    private readonly host: Host,
    private readonly service: SearchService,
  ) {}

  /** The query typed in the open quick pick, if one is open. */
  get query(): string | undefined {
    return this.open?.qp.value;
  }

  /** Closes the quick pick (after its results were kept). */
  hide(): void {
    this.open?.qp.hide();
  }

  /** Opens the quick pick, searching for `initial` at once when given. */
  show(initial?: string): void {
    this.open?.qp.hide();
    const qp = vscode.window.createQuickPick<HitItem>();
    const state = { qp };
    this.open = state;
    qp.title = 'Search Project';
    qp.placeholder = 'Words, "a phrase", code:… coder:… source:… speaker:… kind:passage|memo|code, -exclude';
    // The index has chosen and ranked the results: VS Code's own filter must not hide any.
    qp.matchOnDescription = false;
    qp.matchOnDetail = false;
    const keepButton: vscode.QuickInputButton = {
      iconPath: new vscode.ThemeIcon('pin'),
      tooltip: 'Keep Results (in the Search Results view)',
    };
    qp.buttons = [keepButton];
    let timer: ReturnType<typeof setTimeout> | undefined;
    let generation = 0;
    const run = async () => {
      const mine = ++generation;
      const query = qp.value.trim();
      if (!query) {
        qp.items = [];
        qp.title = 'Search Project';
        return;
      }
      if (!this.service.isReady) qp.busy = true;
      const search = await this.service.index();
      if (mine !== generation) return;
      qp.busy = false;
      if (!search) {
        qp.items = [{ label: '$(warning) The search index is not available: see the Reflexive QDA log.', alwaysShow: true }];
        return;
      }
      const r = await search.search(query, { limit: QUICK_LIMIT });
      if (mine !== generation) return;
      this.render(qp, r);
    };
    qp.onDidChangeValue(() => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void run(), TYPING_DELAY_MS);
    });
    qp.onDidAccept(() => {
      const hit = qp.activeItems[0]?.hit;
      if (!hit) return;
      qp.hide();
      void vscode.commands.executeCommand(Commands.revealSearchResult, hit);
    });
    qp.onDidTriggerButton(async (b) => {
      if (b !== keepButton || !qp.value.trim()) return;
      await vscode.commands.executeCommand(Commands.keepSearchResults, { query: qp.value });
      qp.hide();
    });
    qp.onDidHide(() => {
      if (timer) clearTimeout(timer);
      generation++;
      if (this.open === state) this.open = undefined;
      void vscode.commands.executeCommand('setContext', OPEN_CONTEXT, false);
      qp.dispose();
    });
    void vscode.commands.executeCommand('setContext', OPEN_CONTEXT, true);
    if (initial) {
      qp.value = initial;
      void run();
    } else if (!this.service.isReady) {
      qp.busy = true;
      void this.service.index().then(() => (qp.busy = false));
    }
    qp.show();
  }

  private render(qp: vscode.QuickPick<HitItem>, r: SearchResponse): void {
    if (r.problems.length) {
      qp.title = 'Search Project: the query cannot run';
      qp.items = r.problems.map((p) => ({ label: `$(error) ${p.message}`, alwaysShow: true }));
      return;
    }
    qp.title =
      r.total === 0
        ? 'Search Project: nothing found'
        : r.total > r.hits.length
          ? `Search Project: the best ${r.hits.length} of ${r.total} (pin to keep them all)`
          : `Search Project: ${r.total} result${r.total === 1 ? '' : 's'}`;
    // The snippet goes in the detail line, not the label: quick pick re-sorts
    // alphabetically every item whose label contains the typed text
    // (vscode#73904; turning that off is proposed API only), which would lose
    // the ranking. Labels say where a hit is, and rarely contain the query.
    qp.items = r.hits.map((hit) => ({
      label: hitWhere(this.host, hit),
      description: hitCodes(this.host, hit) || undefined,
      detail: bracketed(snippetLine(hit.snippet, 240)),
      iconPath: new vscode.ThemeIcon(ICONS[hit.kind]),
      alwaysShow: true,
      hit,
    }));
  }
}

/** Text selected in the editor, as a query: a phrase when it has several words ("where else did someone say this?"). */
export function selectionQuery(editor: vscode.TextEditor | undefined): string | undefined {
  if (!editor || editor.selection.isEmpty) return undefined;
  const text = editor.document
    .getText(editor.selection)
    .replace(/["\s]+/g, ' ')
    .trim();
  if (!text || text.length > 80) return undefined;
  return /\s/.test(text) ? `"${text}"` : text;
}
