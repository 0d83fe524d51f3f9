/**
 * The search index as the extension and the CLI keep it (src/core/search/cache.ts),
 * on a generated corpus on disk, each figure in a fresh process: the first build
 * from the project's files (and its save), with its peak memory; a warm search
 * (open the project, load the index from the cache, answer a query), with its
 * peak memory; and the query times on the loaded index.
 *
 * Budgets, 1x (100 transcripts): index loaded < 2 s after a warm start; query p95 < 20 ms.
 * At 10x (1,000 transcripts, issue #21): build <= 60 s and <= 1.5 GB peak; warm search
 * <= 3 s and <= 1 GB peak; query p95 <= 50 ms.
 * Run: `npx tsc -p . && node out/bench/searchWarm.js [DIR] [--scale N]` (prints JSON; DIR
 * is generated when it holds no corpus). bench/run.ts calls `benchSearchWarm(dir, scale)`.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Project } from '../src/core/project/project';
import { ProjectSearch, SEARCH_CACHE_PATH } from '../src/core/search/cache';
import { nodePorts } from '../src/node/nodeFiles';
import { corpusName, generateCorpus, readManifest } from './generate';
import { BENCH_QUERIES } from './search';

const SEED = 20261129;
const WARM_RUNS = 3;
const QUERY_ROUNDS = 5;
/** The query a warm search answers: a topical word, as someone types it first. */
const FIRST_QUERY = 'money';

/** A figure with its budget, in the shape bench/run.ts reads. */
interface Budgeted {
  value: number;
  unit: string;
  budget: number | null;
}

/** What the first build in a fresh process reports. */
interface BuildProbe {
  openMs: number;
  buildMs: number;
  saveMs: number;
  documents: number;
  parsed: number;
  cacheBytes: number;
  /** Peak RSS of the whole process: the project, the build and the save. */
  maxRssMB: number;
  cpuMs: number;
  /** The longest the event loop was blocked while building: what the extension host would stall for. */
  longestBlockMs: number;
}

/** What a warm search in a fresh process reports. */
interface WarmProbe {
  openMs: number;
  /** Loading the index from the cache and bringing it in line with the project. */
  warmMs: number;
  /** The first query on it, snippets included. */
  firstQueryMs: number;
  cache: string;
  added: number;
  removed: number;
  parsed: number;
  longestBlockMs: number;
  /** Peak RSS up to the first answer: the project, the loaded index, the query. */
  maxRssMB: number;
  cpuMs: number;
  /** Query times (ms) of the bench queries, after the first run of each. */
  queryMs: number[];
  queriesWithoutHits: number;
}

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const pause = () => new Promise<void>((r) => setImmediate(r));
const rssMB = () => process.resourceUsage().maxRSS / 1024;
const cpuMs = () => ((u) => (u.user + u.system) / 1000)(process.cpuUsage());

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

/** In a fresh process: opens the project, builds its index with no cache (yielding as the extension does) and saves it. */
export async function buildProbe(dir: string): Promise<BuildProbe> {
  fs.rmSync(path.join(dir, SEARCH_CACHE_PATH), { force: true });
  const t0 = performance.now();
  const project = await Project.open(nodePorts(dir));
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const t1 = performance.now();
  const search = await ProjectSearch.open(project, { useCache: false, pause });
  const buildMs = performance.now() - t1;
  delay.disable();
  const t2 = performance.now();
  if (!(await search.save())) throw new Error('bench: a new index should be saved');
  const saveMs = performance.now() - t2;
  const { documents, parsed } = search.loaded;
  search.dispose();
  return {
    openMs: round(t1 - t0),
    buildMs: round(buildMs),
    saveMs: round(saveMs),
    documents,
    parsed,
    cacheBytes: cacheBytes(dir),
    maxRssMB: round(rssMB()),
    cpuMs: round(cpuMs()),
    longestBlockMs: round(delay.max / 1e6),
  };
}

/** The bytes of the saved index: the list and its segment files. */
function cacheBytes(dir: string): number {
  const base = path.basename(SEARCH_CACHE_PATH, '.json');
  const folder = path.join(dir, path.dirname(SEARCH_CACHE_PATH));
  return fs
    .readdirSync(folder)
    .filter((f) => f === `${base}.json` || f.startsWith(`${base}-`))
    .reduce((n, f) => n + fs.statSync(path.join(folder, f)).size, 0);
}

/** In a fresh process (no JIT warm-up, no heap left over): opens the project, loads the index from the cache, answers a query. */
export async function warmProbe(dir: string): Promise<WarmProbe> {
  const t0 = performance.now();
  const project = await Project.open(nodePorts(dir));
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const t1 = performance.now();
  const search = await ProjectSearch.open(project, { pause });
  const warmMs = performance.now() - t1;
  delay.disable();
  const t2 = performance.now();
  const first = await search.search(FIRST_QUERY, { limit: 50 });
  const firstQueryMs = performance.now() - t2;
  if (first.hits.length === 0) throw new Error(`bench: "${FIRST_QUERY}" found nothing`);
  const maxRssMB = rssMB();
  const cpu = cpuMs();
  const queries = corpusQueries(project);
  const queryMs: number[] = [];
  let empty = 0;
  for (const q of queries) if ((await search.search(q)).hits.length === 0) empty++; // first runs build the scorer's tables
  for (let round = 0; round < QUERY_ROUNDS; round++) {
    for (const q of queries) {
      const t = performance.now();
      const r = await search.search(q, { limit: 50 });
      queryMs.push(performance.now() - t);
      if (r.problems.length) throw new Error(`bench: query ${q}: ${r.problems[0].message}`);
    }
  }
  const r = search.loaded;
  search.dispose();
  return {
    openMs: round(t1 - t0),
    warmMs: round(warmMs),
    firstQueryMs: round(firstQueryMs, 2),
    cache: r.cache,
    added: r.added,
    removed: r.removed,
    parsed: r.parsed,
    longestBlockMs: round(delay.max / 1e6),
    maxRssMB: round(maxRssMB),
    cpuMs: round(cpu),
    queryMs,
    queriesWithoutHits: empty,
  };
}

function spawnProbe<T>(fn: 'buildProbe' | 'warmProbe', dir: string): T {
  const script = `require(${JSON.stringify(__filename)}).${fn}(${JSON.stringify(dir)}).then((r) => process.stdout.write(JSON.stringify(r)), (e) => { console.error(e && e.stack || e); process.exit(1); });`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', maxBuffer: 16 << 20, timeout: 900_000 });
  if (r.status !== 0) throw new Error(`bench: ${fn} failed: ${r.stderr || r.error?.message || `exit ${r.status}`}`);
  return JSON.parse(r.stdout) as T;
}

/** Runs the benchmark on the corpus in `dir` (generated there first when missing) with the budgets of `scale`. */
export async function benchSearchWarm(dir?: string, scale = 1): Promise<Record<string, number | Budgeted>> {
  dir ??= path.join(os.tmpdir(), 'reflexive-qda-bench', corpusName('large', SEED, scale));
  if (!(await readManifest(dir))) await generateCorpus(dir, { size: 'large', seed: SEED, scale });
  const big = scale > 1;
  const budget = (value: number, unit: string, at1: number | null, at10: number | null): Budgeted => ({
    value,
    unit,
    budget: big ? at10 : at1,
  });

  // One build at 10x (a minute), two at 1x; the median of what there is.
  const builds = Array.from({ length: big ? 1 : 2 }, () => spawnProbe<BuildProbe>('buildProbe', dir));
  const probes: WarmProbe[] = [];
  for (let i = 0; i < (big ? 2 : WARM_RUNS); i++) {
    const probe = spawnProbe<WarmProbe>('warmProbe', dir);
    if (probe.cache !== 'used' || probe.added + probe.removed + probe.parsed > 0)
      throw new Error(`bench: the warm start re-indexed: ${JSON.stringify({ ...probe, queryMs: undefined })}`);
    probes.push(probe);
  }
  const b = (k: keyof BuildProbe) => median(builds.map((x) => x[k] as number));
  const w = (k: keyof WarmProbe) => median(probes.map((x) => x[k] as number));
  const times = probes.flatMap((p) => p.queryMs).sort((x, y) => x - y);
  const warmSearch = probes.map((p) => p.warmMs + p.firstQueryMs);
  return {
    scale,
    documents: b('documents'),
    buildProjectOpenMs: b('openMs'),
    firstBuildMs: budget(b('buildMs'), 'ms', null, 60_000),
    firstBuildPeakMB: budget(b('maxRssMB'), 'MB', null, 1536),
    firstBuildCpuMs: b('cpuMs'),
    firstBuildLongestBlockMs: b('longestBlockMs'),
    firstBuildParsed: b('parsed'),
    saveMs: b('saveMs'),
    cacheBytes: b('cacheBytes'),
    warmProjectOpenMs: w('openMs'),
    warmStartMs: budget(w('warmMs'), 'ms', 2000, null),
    warmStartMaxMs: round(Math.max(...probes.map((p) => p.warmMs))),
    warmStartLongestBlockMs: w('longestBlockMs'),
    warmFirstQueryMs: w('firstQueryMs'),
    warmSearchMs: budget(round(median(warmSearch)), 'ms', null, 3000),
    warmSearchPeakMB: budget(w('maxRssMB'), 'MB', null, 1024),
    warmSearchCpuMs: w('cpuMs'),
    queries: BENCH_QUERIES.length,
    queriesWithoutHits: Math.max(...probes.map((p) => p.queriesWithoutHits)),
    queryP50Ms: round(percentile(times, 50), 2),
    queryP95Ms: budget(round(percentile(times, 95), 2), 'ms', 20, 50),
    queryMaxMs: round(times[times.length - 1], 2),
  };
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--scale');
  const scale = at >= 0 ? Number(args.splice(at, 2)[1]) : 1;
  benchSearchWarm(args[0] ? path.resolve(args[0]) : undefined, scale).then(
    (r) => process.stdout.write(JSON.stringify(r, null, 2) + '\n'),
    (e) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
