/**
 * The memo feature: the New Memo command, the Memo log view (timeline, filters,
 * grouping), revealing a memo's passage, and the memo log export.
 */
import * as vscode from 'vscode';
import { filterMemos, resolveMemoLinks, type MemoFilter, type MemoGrouping } from '../../core/memos';
import { MEMO_KINDS } from '../../core/model';
import { CodePointIndex } from '../../core/text';
import { requireSession, type Host } from '../host';
import type { CommandTable } from '../commands';
import { Commands, ContextKeys, Settings, Views } from '../ids';
import { exportMemoLog } from './exportMemos';
import { MemoLogProvider, type MemoLogNode } from './memoLog';
import { registerMemoFolding } from './frontMatter';
import { newMemo } from './newMemo';

/** The Memo log view's id (in the "QDA" view container `reflexiveQda`). */
export const MEMO_LOG_VIEW = Views.memoLog;
const FILTER_ACTIVE = ContextKeys.memoFilterActive;

/** What the memo feature offers other features and tests. */
export interface MemoFeature {
  readonly log: MemoLogProvider;
  readonly view: vscode.TreeView<MemoLogNode>;
}

/** Registers the memo commands and the Memo log view (the coded-passage hover calls memosForPassage itself). */
export function registerMemos(host: Host): MemoFeature {
  const log = new MemoLogProvider(groupingSetting());
  const view = vscode.window.createTreeView(MEMO_LOG_VIEW, { treeDataProvider: log, showCollapseAll: true });
  const subs = host.context.subscriptions;
  subs.push(log, view);

  const showState = () => {
    const filter = log.describeFilter();
    const all = log.project?.memos.size ?? 0;
    const shown = filter ? log.visibleMemos().length : all;
    view.description = [filter, log.grouping === 'week' ? 'by week' : ''].filter(Boolean).join(' · ') || undefined;
    view.message = filter
      ? `${shown ? `Showing ${shown} of ${all} memos` : 'No memos match'} (${filter}). Clear the filter to see all.`
      : undefined;
    void vscode.commands.executeCommand('setContext', FILTER_ACTIVE, !!filter);
  };
  subs.push(log.onDidChangeFilter(showState), log.onDidChangeTreeData(showState));
  subs.push(host.onDidChangeSession((s) => log.setSession(s)));
  log.setSession(host.session());
  subs.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(Settings.memoLogGroupBy)) log.grouping = groupingSetting();
    }),
  );

  subs.push(registerMemoFolding((doc) => !!host.session()?.files.relative(doc.uri)?.startsWith('qda/memos/')));
  host.registerCommands(MEMO_COMMANDS, { host, log });
  return { log, view };
}

/** What the memo commands work with. */
interface MemoContext {
  readonly host: Host;
  readonly log: MemoLogProvider;
}

async function filterMemoLog(ctx: MemoContext, args?: MemoFilter): Promise<MemoFilter> {
  requireSession(ctx.host);
  const next = args && typeof args === 'object' ? { ...ctx.log.filter, ...args } : await pickFilter(ctx.log);
  if (next) ctx.log.filter = next;
  return ctx.log.filter;
}

async function toggleMemoGrouping(ctx: MemoContext, by?: MemoGrouping): Promise<MemoGrouping> {
  const next: MemoGrouping = by === 'day' || by === 'week' ? by : ctx.log.grouping === 'day' ? 'week' : 'day';
  ctx.log.grouping = next;
  const config = vscode.workspace.getConfiguration();
  const scoped = config.inspect(Settings.memoLogGroupBy)?.workspaceValue !== undefined;
  await config.update(Settings.memoLogGroupBy, next, scoped ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global);
  return next;
}

const MEMO_COMMANDS: CommandTable<MemoContext> = {
  [Commands.newMemo]: (ctx, arg) => newMemo(ctx.host, arg),
  [Commands.filterMemos]: filterMemoLog,
  [Commands.clearMemoFilter]: (ctx) => {
    ctx.log.filter = {};
  },
  [Commands.toggleMemoGrouping]: toggleMemoGrouping,
  [Commands.revealMemoLink]: (ctx, args: { memo: string; link: number }) => revealLink(ctx.host, ctx.log, args),
  [Commands.exportMemos]: (ctx, args) => exportMemoLog(ctx.host, ctx.log, args),
};

function groupingSetting(): MemoGrouping {
  return vscode.workspace.getConfiguration().get<string>(Settings.memoLogGroupBy) === 'week' ? 'week' : 'day';
}

type FilterItem = vscode.QuickPickItem & { facet?: keyof MemoFilter | 'clear'; value?: string };

/** One quick pick over every kind, author, code and transcript the memos have; picking one narrows the log. */
async function pickFilter(log: MemoLogProvider): Promise<MemoFilter | undefined> {
  const project = log.project;
  if (!project) return undefined;
  const memos = [...project.memos.values()];
  const count = (f: MemoFilter) => {
    const n = filterMemos(memos, f).length;
    return `${n} memo${n === 1 ? '' : 's'}`;
  };
  const current = log.filter;
  const items: FilterItem[] = [];
  if (log.describeFilter()) items.push({ label: '$(clear-all) Clear the filter', description: log.describeFilter(), facet: 'clear' });
  const section = (label: string, facet: keyof MemoFilter, values: { value: string; label: string }[]) => {
    if (!values.length) return;
    items.push({ label, kind: vscode.QuickPickItemKind.Separator });
    for (const v of values)
      items.push({
        label: `${current[facet] === v.value ? '$(check) ' : ''}${v.label}`,
        description: count({ [facet]: v.value }),
        facet,
        value: v.value,
      });
  };
  const unique = (xs: (string | undefined)[]) => [...new Set(xs.filter((x): x is string => x !== undefined))].sort();
  section(
    'Kind',
    'kind',
    MEMO_KINDS.filter((k) => memos.some((m) => m.meta.kind === k)).map((k) => ({ value: k, label: k })),
  );
  section(
    'Author',
    'author',
    unique(memos.map((m) => m.meta.author)).map((a) => ({ value: a, label: a })),
  );
  const codeName = (id: string) => project.codebook.codes.find((c) => c.id === id)?.name ?? `${id} (not in the codebook)`;
  section(
    'Code',
    'code',
    unique(memos.flatMap((m) => m.meta.links?.map((l) => l.code) ?? []))
      .map((c) => ({ value: c, label: codeName(c) }))
      .sort((a, b) => a.label.localeCompare(b.label)),
  );
  section(
    'Transcript',
    'source',
    unique(memos.flatMap((m) => m.meta.links?.map((l) => l.source) ?? [])).map((s) => ({ value: s, label: s })),
  );
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Filter the Memo Log',
    placeHolder: 'Show only memos of a kind, by an author, or about a code or transcript',
    matchOnDescription: true,
  });
  if (!picked?.facet) return undefined;
  if (picked.facet === 'clear') return {};
  const value = picked.value;
  // Picking the active value again removes that part of the filter.
  return { ...current, [picked.facet]: current[picked.facet] === value ? undefined : value };
}

/** Opens a memo link's transcript with its passage selected where the passage is now. */
async function revealLink(host: Pick<Host, 'session'>, log: MemoLogProvider, args: { memo: string; link: number }): Promise<void> {
  const session = requireSession(host);
  const memo = session.project.memos.get(args?.memo);
  const link = memo?.meta.links?.[args.link];
  if (!memo || !link?.source) return;
  const doc = await vscode.workspace.openTextDocument(session.files.uri(link.source));
  const resolved = (await resolveMemoLinks(session.project, [memo], log.reader())).get(memo.path)?.[args.link];
  const at = resolved?.located;
  if (!at || at.state === 'orphaned') {
    await vscode.window.showTextDocument(doc);
    if (at) void vscode.window.showWarningMessage(`The passage this memo links to is no longer found in ${link.source}.`);
    return;
  }
  const index = new CodePointIndex(doc.getText());
  const range = new vscode.Range(doc.positionAt(index.toUtf16(at.start)), doc.positionAt(index.toUtf16(at.end)));
  await vscode.window.showTextDocument(doc, { selection: range });
}
