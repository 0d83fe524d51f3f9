import { hitPath, hitPosition, ProjectSearch } from '../core/search';
import { CliError, openProject, type Io } from './common';

interface SearchCliOptions {
  project?: string;
  json?: boolean;
  limit?: string;
}

const DEFAULT_LIMIT = 50;

/**
 * `qda search QUERY [--json] [--limit N]`: one line per hit, `path:line:col  snippet`
 * (the passage's start; columns in code points), or `--json`: the hits as the
 * core returns them. Uses and refreshes the index cached in qda/.cache/, which
 * the extension shares; stderr says whether the cache was used.
 * Exit 0 with hits, 1 without (as grep), 2 for a query that cannot run.
 */
export async function searchCommand(io: Io, words: string[], opts: SearchCliOptions): Promise<number> {
  const query = words.join(' ').trim();
  if (!query) throw new CliError('what to search for? qda search QUERY (put a query starting with "-" after "--": qda search -- -word)');
  const limit = opts.limit === undefined ? DEFAULT_LIMIT : Number(opts.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new CliError(`--limit takes a whole number from 1, not "${opts.limit}"`);
  const project = await openProject(io.cwd, opts.project);
  const search = await ProjectSearch.open(project);
  const loaded = search.loaded;
  // The cache is an optimisation: a read-only folder must not stop a search.
  const saved = await search.save().then(
    (wrote) => (wrote ? 'saved' : 'unchanged'),
    (e: Error) => `not saved: ${e.message}`,
  );
  const r = await search.search(query, { limit });
  search.dispose();
  const how =
    loaded.cache === 'used'
      ? `from the cache, ${loaded.added} document(s) re-indexed, ${loaded.removed} removed`
      : `built (${loaded.cache === 'missing' ? 'no cache yet' : loaded.cache === 'off' ? 'cache off' : `cache ${loaded.cache}${loaded.reason ? `: ${loaded.reason}` : ''}`})`;
  if (r.problems.length > 0) {
    for (const p of r.problems) io.err(`qda: query: ${p.message}`);
    return 2;
  }
  if (opts.json) io.out(JSON.stringify(r.hits));
  else {
    const texts = new Map<string, string>();
    for (const hit of r.hits) {
      const path = hitPath(hit);
      if (!texts.has(path)) texts.set(path, (await project.store.readText(path))?.text ?? '');
      const pos = hitPosition(hit, texts.get(path)!);
      const where =
        hit.kind === 'code' ? `${path}:${pos.line}:${pos.column}  [code ${hit.code} ${hit.field}]` : `${path}:${pos.line}:${pos.column}`;
      io.out(`${where}  ${hit.snippet.text.replace(/\s+/g, ' ').trim()}`);
    }
  }
  io.err(`${r.hits.length} of ${r.total} hit(s); search index ${how} in ${loaded.ms} ms (${loaded.documents} documents; cache ${saved})`);
  return r.hits.length > 0 ? 0 : 1;
}
