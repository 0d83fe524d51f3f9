/**
 * The search index as the extension and the CLI keep it (src/core/search/cache.ts),
 * on a generated corpus on disk: the first build from the project's files, the
 * size of the saved cache, a warm start (load the cache and bring it in line
 * with the project, nothing changed) and the query times on the loaded index.
 *
 * Budgets: search ready < 2 s after a warm start; query p95 < 20 ms.
 * Run: `npx tsc -p . && node out/bench/searchWarm.js [DIR]` (prints JSON; DIR is
 * generated when it holds no corpus). bench/run.ts calls `benchSearchWarm(dir)`.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Project } from '../src/core/project/project';
import { ProjectSearch, SEARCH_CACHE_PATH } from '../src/core/search/cache';
import { nodePorts } from '../src/node/nodeFiles';
import { generateCorpus, readManifest } from './generate';
import { BENCH_QUERIES } from './search';

const SEED = 20261129;
const WARM_RUNS = 3;
const QUERY_ROUNDS = 5;

/** A figure with its budget, in the shape bench/run.ts reads. */
interface Budgeted {
  value: number;
  unit: string;
  budget: number;
}

/** What a warm start in a fresh process reports. */
interface WarmProbe {
  openMs: number;
  warmMs: number;
  cache: string;
  added: number;
  removed: number;
  parsed: number;
  /** The longest the event loop was blocked while loading: what the extension host would stall for. */
  longestBlockMs: number;
}

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const pause = () => new Promise<void>((r) => setImmediate(r));

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/**
 * bench/search.ts's queries, pointed at this corpus: its code ids (c001…) become
 * active codes of the generated codebook and its speaker a participant's label.
 */
export function corpusQueries(project: Project): string[] {
  const codes = project.codebook.codes.filter((c) => c.status === 'active').map((c) => c.id);
  return BENCH_QUERIES.map((q) =>
    q.replace(/\bc(\d{3})\b/g, (_, n: string) => codes[(Number(n) - 1) % codes.length]).replace('speaker:participant', 'speaker:p017'),
  );
}

/** Runs in a fresh process (no JIT warm-up, no heap left over): opens the project, then times loading the search cache. */
export async function warmProbe(dir: string): Promise<WarmProbe> {
  const t0 = performance.now();
  const project = await Project.open(nodePorts(dir));
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const t1 = performance.now();
  const search = await ProjectSearch.open(project, { pause });
  const warmMs = performance.now() - t1;
  delay.disable();
  const r = search.loaded;
  return {
    openMs: round(t1 - t0),
    warmMs: round(warmMs),
    cache: r.cache,
    added: r.added,
    removed: r.removed,
    parsed: r.parsed,
    longestBlockMs: round(delay.max / 1e6),
  };
}

/** Runs the benchmark on the corpus in `dir` (generated there first when missing). */
export async function benchSearchWarm(
  dir = path.join(os.tmpdir(), `qda-bench-search-warm-${SEED}`),
): Promise<Record<string, number | Budgeted>> {
  if (!(await readManifest(dir))) await generateCorpus(dir, { size: 'large', seed: SEED });
  fs.rmSync(path.join(dir, SEARCH_CACHE_PATH), { force: true });

  const t0 = performance.now();
  const project = await Project.open(nodePorts(dir));
  const openMs = performance.now() - t0;
  const t1 = performance.now();
  let first: ProjectSearch | undefined = await ProjectSearch.open(project, { pause });
  const buildMs = performance.now() - t1;
  const { documents, parsed } = first.loaded;
  const t2 = performance.now();
  if (!(await first.save())) throw new Error('bench: a new index should be saved');
  const saveMs = performance.now() - t2;
  const cacheBytes = fs.statSync(path.join(dir, SEARCH_CACHE_PATH)).size;
  first.dispose();
  // eslint-disable-next-line no-useless-assignment -- dropped so that the next measure starts clean
  first = undefined;

  const probes: WarmProbe[] = [];
  for (let i = 0; i < WARM_RUNS; i++) {
    const script = `require(${JSON.stringify(__filename)}).warmProbe(${JSON.stringify(dir)}).then((r) => process.stdout.write(JSON.stringify(r)), (e) => { console.error(e && e.stack || e); process.exit(1); });`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', maxBuffer: 1 << 20, timeout: 600_000 });
    if (r.status !== 0) throw new Error(`bench: warm probe failed: ${r.stderr}`);
    const probe = JSON.parse(r.stdout) as WarmProbe;
    if (probe.cache !== 'used' || probe.added + probe.removed + probe.parsed > 0)
      throw new Error(`bench: the warm start re-indexed: ${r.stdout}`);
    probes.push(probe);
  }

  (globalThis as { gc?: () => void }).gc?.();
  const t3 = performance.now();
  const warm = await ProjectSearch.open(project, { pause });
  const warmInProcessMs = performance.now() - t3;

  const queries = corpusQueries(project);
  const times: number[] = [];
  let empty = 0;
  for (const q of queries) warm.search(q); // first runs build the scorer's tables
  for (let round = 0; round < QUERY_ROUNDS; round++) {
    for (const q of queries) {
      const t = performance.now();
      const r = warm.search(q, { limit: 50 });
      times.push(performance.now() - t);
      if (r.problems.length) throw new Error(`bench: query ${q}: ${r.problems[0].message}`);
      if (round === 0 && r.hits.length === 0) empty++;
    }
  }
  times.sort((a, b) => a - b);
  warm.dispose();
  return {
    sources: project.sources.length,
    documents,
    projectOpenMs: round(openMs),
    firstBuildMs: round(buildMs),
    firstBuildParsed: parsed,
    saveMs: round(saveMs),
    cacheBytes,
    warmStartMs: { value: round(median(probes.map((p) => p.warmMs))), unit: 'ms', budget: 2000 },
    warmStartMaxMs: round(Math.max(...probes.map((p) => p.warmMs))),
    warmProjectOpenMs: round(median(probes.map((p) => p.openMs))),
    warmStartLongestBlockMs: round(median(probes.map((p) => p.longestBlockMs))),
    warmStartInProcessMs: round(warmInProcessMs),
    queries: queries.length,
    queriesWithoutHits: empty,
    queryP50Ms: round(percentile(times, 50), 2),
    queryP95Ms: { value: round(percentile(times, 95), 2), unit: 'ms', budget: 20 },
    queryMaxMs: round(times[times.length - 1], 2),
  };
}

if (require.main === module) {
  benchSearchWarm(process.argv[2] ? path.resolve(process.argv[2]) : undefined).then(
    (r) => process.stdout.write(JSON.stringify(r, null, 2) + '\n'),
    (e) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
