#!/usr/bin/env node
// The VS Code figures of the benchmark: Reflexive QDA in the extension host of a real VS Code
// (code-server + headless Chromium, test/harness/), on the large generated corpus.
//   node bench/vscode.js [--seed N] [--corpus DIR] [--keep]
// Needs `npm run build` (dist/) and `npx tsc -p .` (out/test/integration/bench/, out/bench/generate.js),
// and the tools of `npm test` in .tools/ (it never installs them: without them it reports "missing").
//
// The corpus is found as bench/run.ts finds it (--corpus DIR, else bench/.corpus-large-<seed>, else
// $TMPDIR/reflexive-qda-bench/corpus-large-<seed>, generated there when absent) and COPIED, without
// qda/.cache, into a fresh temporary folder: the sessions add codings, and the corpus others measure
// must keep its 20,000. Three workbench sessions run one after the other, each loading
// out/test/integration/bench/index.js as its extension tests (never part of `npm test`), then a fourth:
//   empty  an empty folder: the extension activated by hand, its features loaded; the extension
//          host's memory without a project (the baseline of "memory added by the large project")
//   cold   the copy without qda/.cache: the first-ever open; the session leaves the caches behind
//   warm   the copy with those caches: open, tree, search index, memory, highlights, coding, typing
//   web    the same copy, opened by the browser build in VS Code's web worker extension host
//          (test/harness/webHost.js, test/web/bench.ts): activation, features, open, tree ("vscode.web.*")
// Prints one JSON object to stdout: figures "vscode.*" as { value, unit, budget, ok }, and "meta"
// (per-session details, load averages). Progress goes to stderr. Exit code 0 even when a budget is
// missed; 1 only when the script itself breaks.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const util = require('util');
const { spawnSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..');
const BENCH_INDEX = path.join(ROOT, 'out', 'test', 'integration', 'bench', 'index.js');
const GENERATE = path.join(ROOT, 'out', 'bench', 'generate.js');

// The harness prints the in-host "[mocha] " lines with console.log: keep stdout for the JSON.
console.log = (...a) => process.stderr.write(util.format(...a) + '\n');
const log = (s) => process.stderr.write(`[bench:vscode] ${s} (load ${os.loadavg()[0].toFixed(2)})\n`);
const round = (x, d = 1) => (typeof x === 'number' && Number.isFinite(x) ? Math.round(x * 10 ** d) / 10 ** d : undefined);

function arg(name) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function emit(obj) {
  process.stdout.write(JSON.stringify(obj, null, 2) + '\n');
}

/** What is missing to run a real VS Code, without installing anything; undefined when all is there. */
function missingTools() {
  let tools;
  try {
    tools = require('../test/harness/tools');
  } catch (e) {
    return `test/harness/tools.js: ${e.message}`;
  }
  const p = tools.paths();
  const v = fs.existsSync(p.node24) ? spawnSync(p.node24, ['--version'], { encoding: 'utf8' }).stdout.trim() : '';
  if (!v.startsWith('v24.')) return `Node 24 (${path.relative(ROOT, p.node24)}); run npm run tools`;
  if (
    !fs.existsSync(p.codeServer) ||
    (!process.env.CODE_SERVER && !fs.existsSync(path.join(p.csDir, 'lib', 'vscode', 'out', 'server-main.js')))
  )
    return `code-server (${path.relative(ROOT, p.codeServer)}); run npm run tools`;
  if (!fs.existsSync(p.chromium)) return `Chromium (${p.chromium})`;
  try {
    require.resolve('playwright-core');
  } catch {
    return 'playwright-core (npm install)';
  }
  return undefined;
}

/** bench/run.ts's corpus: --corpus DIR, else bench/.corpus-large-<seed> when complete, else one in the temp folder. */
async function corpus(seed) {
  const { GENERATOR_VERSION, generateCorpus, readManifest } = require(GENERATE);
  const fits = (m) => m && m.generator === GENERATOR_VERSION && m.size === 'large' && m.seed === seed;
  const explicit = arg('--corpus');
  const candidates = explicit
    ? [path.resolve(explicit)]
    : [path.join(ROOT, 'bench', `.corpus-large-${seed}`), path.join(os.tmpdir(), 'reflexive-qda-bench', `corpus-large-${seed}`)];
  for (const dir of candidates) {
    const m = await readManifest(dir);
    if (fits(m)) return { dir, manifest: m };
  }
  const dir = candidates[candidates.length - 1];
  log(`generating the large corpus (seed ${seed}) into ${dir}`);
  return { dir, manifest: await generateCorpus(dir, { size: 'large', seed }), generated: true };
}

function loadNow() {
  return os.loadavg().map((x) => round(x, 2));
}

/** One workbench session running the bench in its extension host; resolves with what the host measured. */
async function session(tools, phase, folder, tmp) {
  const { runExtensionTests } = require('../test/harness/codeServer');
  const out = path.join(tmp, `result-${phase}.json`);
  const loadBefore = loadNow();
  log(`session ${phase}: ${folder}`);
  const r = await runExtensionTests({
    tools,
    folder,
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: BENCH_INDEX,
    timeoutS: 300,
    extraEnv: { QDA_BENCH_PHASE: phase, QDA_BENCH_OUT: out },
  });
  const host = fs.existsSync(out) ? JSON.parse(fs.readFileSync(out, 'utf8')) : undefined;
  return {
    ok: r.ok,
    error: r.error ? String(r.error).split('\n')[0] : undefined,
    failed: r.failed,
    host,
    loadBefore,
    loadAfter: loadNow(),
    timings: r.timings,
    codeServerPeakPssMB: r.memory && r.memory.codeServerMB,
  };
}

/**
 * The browser build in the web worker host (test/harness/webHost.js: a copy of the extension without
 * `main`), on the same corpus with the caches the warm session used; test/web/bench.ts measures.
 */
async function webSession(tools, folder, tmp) {
  const { runWebHostTests } = require('../test/harness/webHost');
  const out = path.join(tmp, 'result-web.json');
  const loadBefore = loadNow();
  log(`session web (web worker host): ${folder}`);
  // The generator's .gitignore (`*`) hides every file from the file search the web worker host uses
  // for workspaceContains: a real project's repository ignores none of them.
  fs.rmSync(path.join(folder, '.gitignore'), { force: true });
  const r = await runWebHostTests({
    tools,
    folder,
    tests: path.join(ROOT, 'test', 'web', 'bench.ts'),
    timeoutS: 300,
    config: { benchOut: out },
  });
  const host = fs.existsSync(out) ? JSON.parse(fs.readFileSync(out, 'utf8')) : undefined;
  return {
    ok: r.ok,
    error: r.error ? String(r.error).split('\n')[0] : undefined,
    failed: r.failed,
    host,
    loadBefore,
    loadAfter: loadNow(),
    timings: r.timings,
    codeServerPeakPssMB: r.memory && r.memory.codeServerMB,
  };
}

async function main() {
  const seed = Number(arg('--seed') || 1);
  const missing = missingTools();
  if (missing) return emit({ vscode: `missing: ${missing}` });
  for (const f of [path.join(ROOT, 'dist', 'extension.js'), path.join(ROOT, 'dist', 'main.js'), BENCH_INDEX, GENERATE]) {
    if (!fs.existsSync(f)) return emit({ vscode: `missing: ${path.relative(ROOT, f)} (run npm run build && npx tsc -p .)` });
  }
  const tools = require('../test/harness/tools').paths();
  const t0 = Date.now();
  const meta = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, memGB: round(os.totalmem() / 2 ** 30) },
    loadBefore: loadNow(),
    uptimeBefore: uptime(),
  };
  const { dir, manifest, generated } = await corpus(seed);
  meta.corpus = {
    dir,
    seed,
    transcripts: manifest.transcripts,
    words: manifest.totalWords,
    codings: manifest.codings,
    generated: !!generated,
  };

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'qda-bench-vscode-'));
  const keep = process.argv.includes('--keep');
  const cleanup = () => {
    if (!keep) fs.rmSync(tmp, { recursive: true, force: true });
  };
  process.on('exit', cleanup);
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));
  const empty = path.join(tmp, 'empty');
  const ws = path.join(tmp, 'corpus');
  fs.mkdirSync(empty);
  const cacheDir = path.join(dir, 'qda', '.cache');
  fs.cpSync(dir, ws, { recursive: true, filter: (src) => src !== cacheDir && !src.startsWith(cacheDir + path.sep) });
  meta.workspace = ws;

  const sessions = {};
  sessions.empty = await session(tools, 'empty', empty, tmp);
  sessions.cold = await session(tools, 'cold', ws, tmp);
  const cache = path.join(ws, 'qda', '.cache');
  meta.cacheAfterCold = fs.existsSync(cache)
    ? Object.fromEntries(fs.readdirSync(cache).map((f) => [f, round(fs.statSync(path.join(cache, f)).size / 2 ** 20, 2)]))
    : {};
  sessions.warm = await session(tools, 'warm', ws, tmp);
  sessions.web = await webSession(tools, ws, tmp);
  meta.sessions = sessions;
  meta.loadAfter = loadNow();
  meta.uptimeAfter = uptime();
  meta.totalS = round((Date.now() - t0) / 1000);

  const figures = {};
  const figure = (name, value, unit, budget) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      figures[name] = 'error: not measured (see meta.vscode.sessions)';
      return;
    }
    figures[name] = {
      value: round(value, Math.abs(value) >= 100 ? 1 : Math.abs(value) >= 1 ? 2 : 4),
      unit,
      budget: budget ?? null,
      ok: budget === undefined ? null : value <= budget,
    };
  };
  const e = sessions.empty.host || {};
  const c = sessions.cold.host || {};
  const w = sessions.warm.host || {};
  const mem = (h, k = 'pssMB') => h.memory && h.memory[k];
  const memGc = (h) => h.memory && h.memory.afterGc && h.memory.afterGc.pssMB;
  figure('vscode.activationMs', w.activationMs, 'ms', 30);
  figure('vscode.activationColdMs', c.activationMs, 'ms', 30);
  figure('vscode.featuresLoadedMs', w.featuresLoadedMs, 'ms');
  figure('vscode.openCold', c.readyMs, 'ms', 3000);
  figure('vscode.openWarm', w.readyMs, 'ms', 1000);
  // The extension's own log: how long Project.open and loading the search index took inside the host.
  const logged = (h, re) => {
    for (const l of h.log || []) {
      const m = re.exec(l);
      if (m) return Number(m[1]);
    }
    return undefined;
  };
  figure('vscode.projectOpenColdMs', logged(c, /opened project .* in (\d+) ms/), 'ms');
  figure('vscode.projectOpenWarmMs', logged(w, /opened project .* in (\d+) ms/), 'ms');
  figure('vscode.treeCold', c.treeMs, 'ms');
  figure('vscode.treeWarm', w.treeMs, 'ms');
  figure('vscode.treeShownWarm', w.treeShown && w.treeShown.visibleMs, 'ms');
  figure('vscode.searchReadyCold', c.searchReadyMs, 'ms');
  figure('vscode.searchReadyWarm', w.searchReadyMs, 'ms', 2000);
  figure('vscode.searchLoadColdMs', logged(c, /search index ready in (\d+) ms/), 'ms');
  figure('vscode.searchLoadWarmMs', logged(w, /search index ready in (\d+) ms/), 'ms');
  figure('vscode.highlightOpenMs', w.highlightOpen && w.highlightOpen.ms, 'ms');
  figure('vscode.highlightOpenRenderMs', w.highlightOpen && w.highlightOpen.renderMs, 'ms');
  figure('vscode.highlightAfterCodingMs', w.coding && w.coding.highlightMedianMs, 'ms', 50);
  figure('vscode.codingCommandMs', w.coding && w.coding.commandMedianMs, 'ms');
  figure('vscode.codingModelChangedMs', w.coding && w.coding.modelChangedMedianMs, 'ms');
  figure('vscode.codingRenderMs', w.coding && w.coding.renderMedianMs, 'ms');
  figure('vscode.editFollowMs', w.edit && w.edit.followMedianMs, 'ms');
  figure('vscode.keystrokeHandlerMs', w.edit && w.edit.handlerMedianMs, 'ms', 2);
  figure('vscode.keystrokeHandlerMaxMs', w.edit && w.edit.handlerMaxMs, 'ms');
  figure('vscode.editRerenderMs', w.edit && w.edit.rerenderMedianMs, 'ms');
  figure('vscode.memoryBaselineMB', mem(e), 'MB');
  figure('vscode.memoryProjectMB', mem(w), 'MB');
  figure('vscode.memoryAddedMB', mem(w) - mem(e), 'MB', 300);
  figure('vscode.memoryAddedAfterGcMB', memGc(w) - memGc(e), 'MB');
  figure('vscode.memoryAddedAtOpenMB', w.memoryAtReady && w.memoryAtReady.pssMB - mem(e), 'MB');
  figure('vscode.memoryAddedColdMB', mem(c) - mem(e), 'MB');
  // The browser build in the web worker host (test/web/bench.ts), next to the Node host's warm figures above.
  const b = sessions.web.host || {};
  figure('vscode.web.activationMs', b.activationMs, 'ms', 30);
  figure('vscode.web.featuresLoadedMs', b.featuresLoadedMs, 'ms');
  figure('vscode.web.openWarm', b.readyMs, 'ms');
  figure('vscode.web.projectOpenWarmMs', b.projectOpenMs, 'ms');
  figure('vscode.web.treeWarm', b.treeMs, 'ms');
  for (const [phase, s] of Object.entries(sessions)) {
    if (!s.ok || (s.host && s.host.errors && s.host.errors.length))
      figures[`vscode.session.${phase}`] =
        `error: ${[s.error, ...(s.failed || []), ...((s.host && s.host.errors) || [])].filter(Boolean).join(' | ').slice(0, 400)}`;
  }
  emit({ ...figures, meta });
}

function uptime() {
  const r = spawnSync('uptime', { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

main().catch((e) => {
  process.stderr.write(`${(e && e.stack) || e}\n`);
  emit({
    vscode: `error: ${String((e && e.message) || e)
      .split('\n')[0]
      .slice(0, 300)}`,
  });
  process.exitCode = 1;
});
