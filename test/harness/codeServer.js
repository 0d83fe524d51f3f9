// Runs the real VS Code (code-server's server + web workbench) and drives it with headless Debian
// Chromium through playwright-core. Used by scripts/test.js (extension tests in the extension host),
// scripts/start.js (npm start) and scripts/screenshot.js. Plain CommonJS, not compiled.
//
// Two ways to load the extension under development:
//  - payload (tests): ?payload=[["extensionDevelopmentPath",..],["extensionTestsPath",..]] in the URL.
//    A built VS Code honours it only with developmentOptions.enableSmokeTestDriver, i.e. code-server
//    started with `--vscode-option enable-smoke-test-driver` (which also hides notification toasts).
//  - linked (start, screenshots): a symlink <extensions-dir>/<publisher>.<name>-<version> -> repo,
//    so VS Code loads it as an installed extension; toasts show; reload the window after a rebuild.
'use strict';
const { spawn, execFileSync } = require('child_process');
const fs = require('fs');
const http = require('http');
const net = require('net');
const os = require('os');
const path = require('path');
const util = require('util');
const { startUiBridge } = require('./uiBridge');

const REPO = path.resolve(__dirname, '..', '..');

// Quiet, deterministic workbench: no welcome page, chat, tips, update checks or telemetry.
const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'window.commandCenter': false,
};

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function httpStatus(url) {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('error', () => resolve(0));
    req.setTimeout(2000, () => {
      req.destroy();
      resolve(0);
    });
  });
}

function psTable() {
  const out = execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' });
  return out
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number));
}

function descendants(root, table = psTable()) {
  const kids = new Map();
  for (const [pid, ppid] of table) {
    if (!kids.has(ppid)) kids.set(ppid, []);
    kids.get(ppid).push(pid);
  }
  const res = [];
  const stack = [root];
  while (stack.length) {
    const p = stack.pop();
    for (const c of kids.get(p) || []) {
      res.push(c);
      stack.push(c);
    }
  }
  return res;
}

/** Summed PSS (shared pages split between processes, so no double counting) of a process tree, MB. */
function treePssMB(root, table = psTable()) {
  let kb = 0;
  for (const p of [root, ...descendants(root, table)]) {
    try {
      const m = /^Pss:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${p}/smaps_rollup`, 'utf8'));
      if (m) kb += +m[1];
    } catch {
      /* gone */
    }
  }
  return kb / 1024;
}

/** Samples peak PSS of named process trees every 500 ms: memSampler(() => ({ name: pid })).stop() -> peaks. */
function memSampler(rootsFn) {
  const peaks = {};
  const timer = setInterval(() => {
    try {
      const t = psTable();
      for (const [name, pid] of Object.entries(rootsFn())) if (pid) peaks[name] = Math.max(peaks[name] || 0, treePssMB(pid, t));
    } catch {
      /* ps failed: skip a sample */
    }
  }, 500);
  return {
    stop() {
      clearInterval(timer);
      return peaks;
    },
  };
}

/** Symlinks the extension folder into an --extensions-dir so VS Code loads it as installed. */
function linkExtension(extensionsDir, extPath = REPO) {
  const pkg = JSON.parse(fs.readFileSync(path.join(extPath, 'package.json'), 'utf8'));
  fs.mkdirSync(extensionsDir, { recursive: true });
  const link = path.join(extensionsDir, `${pkg.publisher}.${pkg.name}-${pkg.version}`);
  fs.rmSync(link, { force: true, recursive: true });
  fs.symlinkSync(path.resolve(extPath), link, 'dir');
  return link;
}

// started servers (pid -> temp dir): killed and removed on process exit (e.g. Ctrl-C) as a last resort
const live = new Map();
process.on('exit', () => {
  for (const [pid, tmp] of live) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* gone */
    }
    try {
      fs.rmSync(tmp, { recursive: true, force: true });
    } catch {
      /* best effort */
    }
  }
});

/**
 * Starts code-server under Node 24 in its own process group, with temporary config, user-data and
 * extensions dirs; resolves once GET /healthz answers 200.
 * opts: tools {node24, codeServer}, port, smokeTestDriver, linkExtensionPath, settings, extraEnv, timeoutMs
 * returns { child, port, url, tmp, logFile, readyMs, stop() }
 */
async function startCodeServer(opts) {
  const {
    tools,
    smokeTestDriver = false,
    linkExtensionPath = null,
    settings = DEFAULT_SETTINGS,
    extraEnv = {},
    timeoutMs = 90000,
    verbose = false,
  } = opts;
  const base = process.env.QDA_E2E_TMP || path.join(os.tmpdir(), 'reflexive-qda-e2e');
  fs.mkdirSync(base, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(base, 'cs-'));
  for (const d of ['tmp', 'extensions', path.join('user-data', 'User')]) fs.mkdirSync(path.join(tmp, d), { recursive: true });
  fs.writeFileSync(path.join(tmp, 'user-data', 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  const cfg = path.join(tmp, 'config.yaml');
  fs.writeFileSync(cfg, 'auth: none\n'); // else code-server writes ~/.config/code-server/config.yaml with a password
  const extensionsDir = path.join(tmp, 'extensions');
  if (linkExtensionPath) linkExtension(extensionsDir, linkExtensionPath);
  const port = opts.port || (await freePort());
  const args = [
    tools.codeServer,
    '--config',
    cfg,
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    ...(smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    '--user-data-dir',
    path.join(tmp, 'user-data'),
    '--extensions-dir',
    extensionsDir,
  ];
  const env = {
    ...process.env,
    PATH: `${path.dirname(tools.node24)}${path.delimiter}${process.env.PATH}`, // code-server's children need Node 24 too
    XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'),
    XDG_DATA_HOME: path.join(tmp, 'xdg-data'),
    TMPDIR: path.join(tmp, 'tmp'), // vscode-ipc-*.sock etc. stay in our dir
    EXTENSIONS_GALLERY: '{}', // no marketplace: no lookups on this offline machine
    ...extraEnv,
  };
  const logFile = path.join(tmp, 'code-server.log');
  const out = fs.openSync(logFile, 'a');
  const t0 = Date.now();
  const child = spawn(tools.node24, args, { env, detached: true, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  live.set(child.pid, tmp);
  let exited = null;
  child.on('exit', (code, sig) => {
    exited = { code, sig };
    live.delete(child.pid);
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    const kids = descendants(child.pid);
    if (!exited) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* gone */
      }
      for (let i = 0; i < 50 && !exited; i++) await sleep(100);
      if (!exited) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
    }
    // the extension host / pty host may have left the group: kill what is left of the tree
    for (const pid of kids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    live.delete(child.pid);
  };
  for (;;) {
    if (exited) throw new Error(`code-server exited early ${JSON.stringify(exited)}; log:\n${fs.readFileSync(logFile, 'utf8')}`);
    if ((await httpStatus(`${url}/healthz`)) === 200) break;
    if (Date.now() - t0 > timeoutMs) {
      await stop();
      throw new Error(`code-server not ready after ${timeoutMs} ms; log: ${logFile}`);
    }
    await sleep(100);
  }
  const readyMs = Date.now() - t0;
  if (verbose) console.log(`[e2e] code-server pid ${child.pid} on ${url} ready after ${readyMs} ms`);
  return { child, port, url, tmp, logFile, extensionsDir, readyMs, stop };
}

async function launchChromium({ chromium, headless = true } = {}) {
  const { chromium: pw } = require('playwright-core');
  // a fresh temporary profile, deleted on close; flags keep Chromium off the (closed) network
  return pw.launch({
    executablePath: chromium,
    headless,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** vscode-remote URI of a path on the code-server host; the authority must equal the page's host. */
function remoteUri(port, absPath) {
  return `vscode-remote://127.0.0.1:${port}${path.resolve(absPath).split(path.sep).map(encodeURIComponent).join('/')}`;
}

/** Workbench URL opening `folder`; with extensionDevelopmentPath, adds the payload (needs the smoke-test driver). */
function workbenchUrl(port, { folder, extensionDevelopmentPath = null, extensionTestsPath = null }) {
  let url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(path.resolve(folder))}`;
  if (extensionDevelopmentPath) {
    const payload = [['extensionDevelopmentPath', remoteUri(port, extensionDevelopmentPath)]];
    if (extensionTestsPath) payload.push(['extensionTestsPath', remoteUri(port, extensionTestsPath)]);
    payload.push(['skipWelcome', 'true']);
    url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  }
  return url;
}

/** Waits for the workbench DOM and, if given, for the explorer to list `fileName`. */
async function waitForWorkbench(page, { timeoutMs = 60000, explorerItem = null } = {}) {
  await page.waitForSelector('.monaco-workbench', { timeout: timeoutMs });
  if (explorerItem) {
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: explorerItem }).first().waitFor({ timeout: timeoutMs });
  }
}

/** Runs a command through the Command Palette by its title (as shown) or id (shown in palette detail). */
async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 15000 });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row').first();
  await row.waitFor({ timeout: 15000 });
  await page.keyboard.press('Enter');
}

/**
 * Runs the extension's mocha tests inside the (remote, Node) extension host of a real workbench.
 * The in-host runner (test/integration/index.ts) prints tagged "[mocha] " lines, one
 * "MOCHA_RESULT {json}" marker, and writes the same JSON to $QDA_E2E_RESULT_FILE.
 * The tests drive the page through the UI bridge (uiBridge.js) at $QDA_UI_DRIVER; their
 * screenshots go to <tmp>/screenshots/, kept after the run.
 * beforeStart({ uiDriver, resultFile }) runs before code-server starts (the web-host run writes them
 * where its test runner can read them: a web worker has no environment).
 * Returns { passes, failures, pending, failed[], error?, exitCode, timings, memory, tmp }.
 */
async function runExtensionTests({
  tools,
  folder,
  extensionDevelopmentPath = REPO,
  extensionTestsPath,
  timeoutS = 240,
  extraEnv = {},
  verbose = !!process.env.QDA_E2E_VERBOSE,
  keep = !!process.env.QDA_E2E_KEEP,
  beforeStart = null,
}) {
  const t0 = Date.now();
  const resultFile = path.join(os.tmpdir(), `reflexive-qda-result-${process.pid}-${Date.now()}.json`);
  const result = { passes: 0, failures: 0, pending: 0, failed: [], exitCode: null, timings: {}, memory: {} };
  let cs,
    browser,
    sampler,
    bridge,
    mocha = null;
  const errors = [];
  try {
    bridge = await startUiBridge({ verbose: verbose || !!process.env.QDA_UI_VERBOSE });
    // A web worker host sees no environment variables: the web-host run hands these over in a file.
    if (beforeStart) await beforeStart({ uiDriver: bridge.url, resultFile });
    cs = await startCodeServer({
      tools,
      smokeTestDriver: true,
      verbose,
      extraEnv: { QDA_E2E_RESULT_FILE: resultFile, QDA_UI_DRIVER: bridge.url, ...extraEnv },
    });
    result.tmp = cs.tmp;
    result.timings.codeServerMs = cs.readyMs;
    browser = await launchChromium(tools);
    sampler = memSampler(() => ({ codeServer: cs.child.pid, all: process.pid }));
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    bridge.attach(page, { screenshotDir: path.join(cs.tmp, 'screenshots') });
    let resolveExit;
    const exited = new Promise((r) => {
      resolveExit = r;
    });
    // The workbench calls these if present: codeAutomationLog gets its console (including the
    // forwarded extension host output), codeAutomationExit the exit code of the test run.
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const line = util.format(...(Array.isArray(args) ? args : [args]));
      const m = /MOCHA_RESULT (\{.*\})/.exec(line);
      if (m) {
        try {
          mocha = JSON.parse(m[1]);
        } catch {
          /* the file is the backup */
        }
      } else if (line.startsWith('[mocha] ')) {
        for (const l of line.split('\n')) {
          const t = l.replace(/^\[mocha\] /, '');
          console.log(t.trim() ? `  ${t}` : '');
        }
      } else if (verbose) console.log(`[workbench ${type}] ${line}`);
      else if (type === 'error') errors.push(line.split('\n')[0]);
    });
    await page.exposeFunction('codeAutomationExit', (code, logs) => resolveExit({ code, logs }));
    page.on('pageerror', (e) => errors.push(`[pageerror] ${e.message}`));
    const tNav = Date.now();
    await page.goto(workbenchUrl(cs.port, { folder, extensionDevelopmentPath, extensionTestsPath }));
    await waitForWorkbench(page);
    result.timings.workbenchMs = Date.now() - tNav;
    let timer;
    const timeout = new Promise((r) => {
      timer = setTimeout(() => r({ code: 'timeout' }), timeoutS * 1000);
    });
    const res = await Promise.race([exited, timeout]);
    clearTimeout(timer);
    result.timings.testsMs = Date.now() - tNav;
    result.exitCode = res.code;
    if (!mocha && fs.existsSync(resultFile)) mocha = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
    if (res.code === 'timeout') {
      result.error = `timed out after ${timeoutS} s waiting for the test run to finish`;
      await page.screenshot({ path: path.join(cs.tmp, 'timeout.png') }).catch(() => {});
    }
    if (res.code !== 0 && Array.isArray(res.logs))
      for (const l of res.logs) {
        // keep the workbench logs
        const f = path.join(cs.tmp, 'workbench-logs', String(l.relativePath).replace(/\.\./g, '_'));
        fs.mkdirSync(path.dirname(f), { recursive: true });
        fs.writeFileSync(f, l.contents || '');
      }
    if (mocha)
      Object.assign(result, {
        passes: mocha.passes || 0,
        failures: mocha.failures || 0,
        pending: mocha.pending || 0,
        failed: mocha.failed || [],
        retried: mocha.retried || [],
      });
    else result.error = result.error || `the in-host runner reported no result (exit ${res.code})`;
    if (res.code !== 0 && !result.failures && !result.error) result.error = `extension host test run exited with ${res.code}`;
  } catch (e) {
    result.error = (e && e.stack) || String(e);
  } finally {
    if (sampler) {
      const peaks = sampler.stop();
      result.memory = { codeServerMB: Math.round(peaks.codeServer || 0), totalMB: Math.round(peaks.all || 0) };
    }
    if (bridge) await bridge.close();
    if (browser) await browser.close().catch(() => {});
    if (cs) await cs.stop();
    fs.rmSync(resultFile, { force: true });
    result.timings.totalMs = Date.now() - t0;
  }
  const ok = !result.error && result.exitCode === 0 && result.failures === 0 && result.passes > 0;
  if (!ok) {
    if (!mocha || result.error) for (const e of errors.slice(-15)) console.log(`  [workbench error] ${e}`);
    if (cs) console.log(`  [e2e] kept ${cs.tmp} (code-server.log, workbench-logs/, user-data/)`);
  } else if (cs && !keep) {
    // keep only the screenshots the tests asked for
    if (bridge.screenshots.length) {
      for (const e of fs.readdirSync(cs.tmp)) if (e !== 'screenshots') fs.rmSync(path.join(cs.tmp, e), { recursive: true, force: true });
      console.log(`  [e2e] screenshots in ${path.join(cs.tmp, 'screenshots')}`);
    } else fs.rmSync(cs.tmp, { recursive: true, force: true });
  }
  result.ok = ok;
  return result;
}

/** A fresh copy of the repository's sample/ study in `root`/sample (tests change files; sample/ must not). */
function copySample(repo, root) {
  const ws = path.join(root, 'sample');
  const sample = path.join(repo, 'sample');
  fs.cpSync(sample, ws, { recursive: true, filter: (src) => !src.startsWith(path.join(sample, 'qda', '.cache')) });
  return ws;
}

module.exports = {
  copySample,
  REPO,
  DEFAULT_SETTINGS,
  freePort,
  startCodeServer,
  launchChromium,
  linkExtension,
  remoteUri,
  workbenchUrl,
  waitForWorkbench,
  runCommand,
  memSampler,
  treePssMB,
  descendants,
  runExtensionTests,
};
