/**
 * Search across transcripts, codings, memos and codes: the index kept in the
 * background (searchService), the Search Project quick pick, the Search
 * Results view, and coding every passage found.
 */
import * as vscode from 'vscode';
import type { SearchHit, SearchResponse } from '../../core/search';
import { ProjectError } from '../../core/project';
import { requireSession, type Host } from '../host';
import { Commands } from '../ids';
import { codeSearchResults, type CodeResultsArgs } from './codeResults';
import { KEEP_LIMIT, QUICK_LIMIT, QuickSearch, selectionQuery } from './quickSearch';
import { SEARCH_RESULTS_VIEW, SearchResultsView, type ResultNode } from './resultsView';
import { revealHit } from './reveal';
import { SearchService } from './searchService';

/** The search feature, reachable as `host.features.get('search')`. */
export interface SearchFeature {
  service: SearchService;
  results: SearchResultsView;
  quick: QuickSearch;
}

/**
 * Registers search. Commands take arguments for scripts and tests:
 * `searchProject({ query, limit? })` returns the hits without UI,
 * `keepSearchResults({ query })` fills the view, `codeSearchResults({ code, confirm: false })`.
 */
export function registerSearch(host: Host): SearchFeature {
  const service = new SearchService(host);
  const results = new SearchResultsView(host);
  const quick = new QuickSearch(host, service);
  host.context.subscriptions.push(service, results);

  const run = async (query: string, limit: number): Promise<SearchResponse> => {
    requireSession(host);
    // Changes already on disk are in the results: a script that just wrote a file finds it.
    const search = await service.settled();
    if (!search) throw new ProjectError('The search index is not available: see the Reflexive QDA log (Reflexive QDA: Show Log).');
    const r = search.search(query, { limit });
    if (r.problems.length) throw new ProjectError(`Search: ${r.problems.map((p) => p.message).join('; ')}`);
    return r;
  };
  const keep = async (query: string): Promise<number> => {
    const r = await run(query, KEEP_LIMIT);
    results.keep({ query, hits: r.hits, total: r.total });
    return r.hits.length;
  };

  host.registerCommand(Commands.searchProject, async (args?: { query?: unknown; limit?: unknown }): Promise<SearchHit[] | undefined> => {
    requireSession(host);
    if (args && typeof args.query === 'string') return (await run(args.query, typeof args.limit === 'number' ? args.limit : QUICK_LIMIT)).hits;
    quick.show(selectionQuery(vscode.window.activeTextEditor));
    return undefined;
  });
  host.registerCommand(Commands.keepSearchResults, async (args?: { query?: unknown }) => {
    const query = (typeof args?.query === 'string' ? args.query : quick.query ?? '').trim();
    if (!query) throw new ProjectError('Type a query in “Search Project” first, then keep its results.');
    const n = await keep(query);
    quick.hide();
    await vscode.commands.executeCommand(`${SEARCH_RESULTS_VIEW}.focus`);
    return n;
  });
  host.registerCommand(Commands.clearSearchResults, () => results.clear());
  host.registerCommand(Commands.revealSearchResult, (arg?: SearchHit | ResultNode) => {
    const hit = arg && 'hit' in arg ? arg.hit : arg && 'snippet' in arg ? arg : undefined;
    return hit ? revealHit(host, hit) : undefined;
  });
  host.registerCommand(Commands.codeSearchResults, async (args?: CodeResultsArgs) => {
    // From the view's title bar the argument is not ours.
    const mine = args && typeof args === 'object' && ('code' in args || 'confirm' in args) ? args : {};
    const outcome = await codeSearchResults(host, service, results, mine);
    // The codes shown on each result change: list them again.
    if (outcome?.coded && results.results) await keep(results.results.query);
    return outcome;
  });

  const feature: SearchFeature = { service, results, quick };
  host.features.set('search', feature);
  return feature;
}
