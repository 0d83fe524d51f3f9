/**
 * Search across transcripts, codings, memos and codes: the index kept in the
 * background (searchService), the Search Project quick pick, the Search
 * Results view, and coding every passage found.
 */
import * as vscode from 'vscode';
import type { SearchHit, SearchResponse } from '../../core/search';
import { ProjectError } from '../../core/project';
import { requireSession, type Host } from '../host';
import type { CodesFeature } from '../codes/codeCommands';
import type { CommandTable } from '../commands';
import { Commands } from '../ids';
import { codeSearchResults, type CodeResultsArgs } from './codeResults';
import { KEEP_LIMIT, QUICK_LIMIT, QuickSearch, selectionQuery } from './quickSearch';
import { SEARCH_RESULTS_VIEW, SearchResultsView, type ResultNode } from './resultsView';
import { revealHit } from './reveal';
import { SearchService } from './searchService';

/** The search feature: the index service, the Search Results view and the quick pick. */
export interface SearchFeature {
  service: SearchService;
  results: SearchResultsView;
  quick: QuickSearch;
}

/** What the search commands work with. */
interface SearchContext extends SearchFeature {
  readonly host: Host;
  readonly codes: CodesFeature;
}

/**
 * Registers search. Commands take arguments for scripts and tests:
 * `searchProject({ query, limit? })` returns the hits without UI,
 * `keepSearchResults({ query })` fills the view, `codeSearchResults({ code, confirm: false })`.
 */
export function registerSearch(host: Host, deps: { codes: CodesFeature }): SearchFeature {
  const service = new SearchService(host);
  const results = new SearchResultsView(host);
  const quick = new QuickSearch(host, service);
  host.context.subscriptions.push(service, results);
  host.registerCommands(SEARCH_COMMANDS, { host, codes: deps.codes, service, results, quick });
  return { service, results, quick };
}

/** Runs a query against the index as it is once changes already seen are in. */
async function run(ctx: SearchContext, query: string, limit: number): Promise<SearchResponse> {
  requireSession(ctx.host);
  // Changes already on disk are in the results: a script that just wrote a file finds it.
  const search = await ctx.service.settled();
  if (!search) throw new ProjectError('The search index is not available: see the Reflexive QDA log (Reflexive QDA: Show Log).');
  const r = await search.search(query, { limit });
  if (r.problems.length) throw new ProjectError(`Search: ${r.problems.map((p) => p.message).join('; ')}`);
  return r;
}

/** Fills the Search Results view; the number of hits kept. */
async function keep(ctx: SearchContext, query: string): Promise<number> {
  const r = await run(ctx, query, KEEP_LIMIT);
  ctx.results.keep({ query, hits: r.hits, total: r.total });
  return r.hits.length;
}

async function searchProject(ctx: SearchContext, args?: { query?: unknown; limit?: unknown }): Promise<SearchHit[] | undefined> {
  requireSession(ctx.host);
  if (args && typeof args.query === 'string')
    return (await run(ctx, args.query, typeof args.limit === 'number' ? args.limit : QUICK_LIMIT)).hits;
  ctx.quick.show(selectionQuery(vscode.window.activeTextEditor));
  return undefined;
}

async function keepSearchResults(ctx: SearchContext, args?: { query?: unknown }): Promise<number> {
  const query = (typeof args?.query === 'string' ? args.query : (ctx.quick.query ?? '')).trim();
  if (!query) throw new ProjectError('Type a query in “Search Project” first, then keep its results.');
  const n = await keep(ctx, query);
  ctx.quick.hide();
  await vscode.commands.executeCommand(`${SEARCH_RESULTS_VIEW}.focus`);
  return n;
}

function revealSearchResult(ctx: SearchContext, arg?: SearchHit | ResultNode) {
  const hit = arg && 'hit' in arg ? arg.hit : arg && 'snippet' in arg ? arg : undefined;
  return hit ? revealHit(ctx.host, ctx.codes, hit) : undefined;
}

async function codeAllResults(ctx: SearchContext, args?: CodeResultsArgs) {
  // From the view's title bar the argument is not ours.
  const mine = args && typeof args === 'object' && ('code' in args || 'confirm' in args) ? args : {};
  const outcome = await codeSearchResults(ctx.host, ctx.codes.picker, ctx.service, ctx.results, mine);
  // The codes shown on each result change: list them again.
  if (outcome?.coded && ctx.results.results) await keep(ctx, ctx.results.results.query);
  return outcome;
}

const SEARCH_COMMANDS: CommandTable<SearchContext> = {
  [Commands.searchProject]: searchProject,
  [Commands.keepSearchResults]: keepSearchResults,
  [Commands.clearSearchResults]: (ctx) => ctx.results.clear(),
  [Commands.revealSearchResult]: revealSearchResult,
  [Commands.codeSearchResults]: codeAllResults,
};
