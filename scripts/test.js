#!/usr/bin/env node
// `npm test` (after pretest: build + compile-tests). Runs every suite, prints each suite's summary
// and timing, then ONE closing line "N passed, N failed" (", N skipped" only if any) over all suites.
//   unit         mocha over out/test/unit (config: .mocharc.json)
//   grammar      vscode-tmgrammar-test over test/grammar/** (files whose first line has SYNTAX TEST),
//                grammars syntaxes/*.tmLanguage.json; one test per file
//   browser      mocha over out/test/browser/**/*.test.js in Node (the tests drive Chromium themselves)
//   integration  out/test/integration/suite/** inside the extension host of a real VS Code
//                (code-server + headless Chromium, see test/harness/), on a fresh copy of sample/
//   webhost      the browser build in VS Code's web worker extension host (code-server loading a copy of
//                the extension without `main`): test/web/** bundled for the browser, on a copy of sample/
// Options: --only unit|grammar|browser|integration|webhost (comma list or repeated), --grep PATTERN (mocha
// suites), --install-apt (root: apt-get install missing Debian packages; also QDA_INSTALL_APT=1).
// Exit: 0 all passed, 1 any failure, 2 a suite could not run because Debian packages are missing.
// A suite that could not run counts as failed, never skipped.
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const tools = require('../test/harness/tools');
const { copySample } = require('../test/harness/codeServer');

const REPO = path.resolve(__dirname, '..');
const SUITES = ['unit', 'grammar', 'browser', 'integration', 'webhost'];

function argValues(name) {
  const vals = [];
  process.argv.forEach((a, i) => {
    if (a === `--${name}` && process.argv[i + 1]) vals.push(process.argv[i + 1]);
    else if (a.startsWith(`--${name}=`)) vals.push(a.slice(name.length + 3));
  });
  return vals;
}
const only = argValues('only')
  .flatMap((v) => v.split(','))
  .map((s) => s.trim())
  .filter(Boolean);
for (const s of only)
  if (!SUITES.includes(s)) {
    console.error(`unknown suite "${s}" (${SUITES.join('|')})`);
    process.exit(1);
  }
const selected = only.length ? SUITES.filter((s) => only.includes(s)) : SUITES;
const grep = argValues('grep')[0];

const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
const stripAnsi = (s) => s.replace(/\x1b\[[0-9;]*m/g, '');

/** Files under dir (recursive) whose name passes the filter, sorted, repo-relative. */
function walk(dir, filter) {
  if (!fs.existsSync(dir)) return [];
  const res = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) res.push(...walk(full, filter));
    else if (filter(e.name, full)) res.push(path.relative(REPO, full));
  }
  return res.sort();
}

/** Runs a node script, echoing its output; resolves { code, out } (out = stdout+stderr text). */
function runNode(args, { env = process.env } = {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const echo = (stream) => (d) => {
      out += d;
      stream.write(d);
    };
    child.stdout.on('data', echo(process.stdout));
    child.stderr.on('data', echo(process.stderr));
    child.on('error', (e) => resolve({ code: 1, out: String(e) }));
    child.on('close', (code, sig) => resolve({ code: code === null ? `signal ${sig}` : code, out }));
  });
}

/** Counts from mocha's epilogue ("N passing", "N pending", "N failing"); a crash counts as one failure. */
function mochaCounts({ code, out }) {
  const text = stripAnsi(out);
  const n = (re) => {
    const m = re.exec(text);
    return m ? Number(m[1]) : 0;
  };
  const r = { passed: n(/^\s*(\d+) passing/m), failed: n(/^\s*(\d+) failing/m), skipped: n(/^\s*(\d+) pending/m) };
  if (code !== 0 && r.failed === 0) {
    r.failed = 1;
    r.note = `mocha exited with ${code}`;
  }
  return r;
}

const MOCHA = path.join(REPO, 'node_modules', 'mocha', 'bin', 'mocha.js');
const color = process.stdout.isTTY ? ['--color'] : ['--no-color'];

async function unitSuite() {
  const files = walk(path.join(REPO, 'out', 'test', 'unit'), (n) => n.endsWith('.test.js'));
  if (!files.length) return { passed: 0, failed: 0, skipped: 0, note: 'no test files in out/test/unit' };
  // .mocharc.json gives spec/ui/timeout; the reporter must print mocha's epilogue (dot/spec do)
  const args = [MOCHA, '--reporter', process.env.QDA_MOCHA_REPORTER || 'dot', ...color];
  if (grep) args.push('--grep', grep);
  return mochaCounts(await runNode(args));
}

async function grammarSuite() {
  const dir = path.join(REPO, 'test', 'grammar');
  if (!fs.existsSync(dir)) return { passed: 0, failed: 0, skipped: 0, note: 'no test/grammar/' };
  const isTest = (n, full) => !/\.(json|md|snap)$/i.test(n) && /SYNTAX TEST/.test(fs.readFileSync(full, 'utf8').split('\n', 1)[0]);
  const files = walk(dir, isTest);
  if (!files.length) return { passed: 0, failed: 0, skipped: 0, note: 'no SYNTAX TEST files in test/grammar/' };
  const grammars = walk(path.join(REPO, 'syntaxes'), (n) => n.endsWith('.tmLanguage.json'));
  if (!grammars.length) return { passed: 0, failed: files.length, skipped: 0, note: 'no syntaxes/*.tmLanguage.json' };
  const cli = path.join(REPO, 'node_modules', 'vscode-tmgrammar-test', 'dist', 'unit.js');
  const res = await runNode([cli, '--compact', ...grammars.flatMap((g) => ['-g', g]), ...files]);
  // each passing file prints "✓ <file> run successfuly."; every other file failed (assertion,
  // parse error, or the tool crashed)
  const text = stripAnsi(res.out);
  const passed = files.filter((f) => text.includes(`${f} run successfuly`)).length;
  const r = { passed, failed: files.length - passed, skipped: 0 };
  if (res.code !== 0 && r.failed === 0) {
    r.failed = 1;
    r.note = `vscode-tmgrammar-test exited with ${res.code}`;
  }
  return r;
}

async function browserSuite(env) {
  const files = walk(path.join(REPO, 'out', 'test', 'browser'), (n) => n.endsWith('.test.js'));
  if (!files.length) return { passed: 0, failed: 0, skipped: 0, note: 'no out/test/browser/**/*.test.js' };
  const args = [MOCHA, '--no-config', '--no-package', '--ui', 'bdd', '--timeout', '120000', '--reporter', 'spec', ...color];
  if (grep) args.push('--grep', grep);
  return mochaCounts(await runNode([...args, ...files], { env }));
}

const tempDirs = new Set(); // removed on Ctrl-C too

/** A fresh temporary copy of sample/. */
function sampleWorkspace(root) {
  return copySample(REPO, root);
}

/** A folder of transcripts with no project yet: where a researcher starts (the firstUse suites). */
function newFolderWorkspace(root) {
  const ws = path.join(root, 'new-study');
  fs.mkdirSync(path.join(ws, 'transcripts'), { recursive: true });
  fs.writeFileSync(
    path.join(ws, 'transcripts', 'first.transcript'),
    '[00:00:01] Interviewer: How are things?\n\n[00:00:04] P01: Oh, we manage, just about. Some weeks are better.\n',
  );
  return ws;
}

/** An empty folder: where a researcher coming from another tool starts (the exchange suites). */
function emptyWorkspace(root) {
  const ws = path.join(root, 'from-another-tool');
  fs.mkdirSync(ws, { recursive: true });
  return ws;
}

/** The integration sessions: each opens its own workspace in a fresh VS Code and runs one folder of suites. */
const SESSIONS = [
  { name: 'sample study', suite: 'suite', workspace: sampleWorkspace },
  { name: 'first use', suite: 'firstUse', workspace: newFolderWorkspace },
  { name: 'exchange', suite: 'exchange', workspace: emptyWorkspace },
];

async function integrationSuite(toolPaths) {
  const { runExtensionTests } = require('../test/harness/codeServer');
  const testsPath = path.join(REPO, 'out', 'test', 'integration', 'index.js');
  for (const f of [path.join(REPO, 'dist', 'extension.js'), testsPath]) {
    if (!fs.existsSync(f))
      return { passed: 0, failed: 1, skipped: 0, note: `${path.relative(REPO, f)} missing: run npm run build && npm run compile-tests` };
  }
  const total = { passed: 0, failed: 0, skipped: 0, details: [], notes: [] };
  let retried = 0;
  for (const session of SESSIONS) {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'reflexive-qda-ws-'));
    tempDirs.add(root);
    const ws = session.workspace(root);
    console.log(`  session "${session.name}": ${ws}`);
    try {
      const env = { QDA_TEST_SUITE: session.suite, ...(grep ? { QDA_TEST_GREP: grep } : {}) };
      const r = await runExtensionTests({
        tools: toolPaths,
        folder: ws,
        extensionDevelopmentPath: REPO,
        extensionTestsPath: testsPath,
        timeoutS: Number(process.env.QDA_E2E_TIMEOUT || 1200),
        extraEnv: env,
      });
      for (const f of r.failed) console.log(`  FAILED: ${String(f).split('\n')[0]}`);
      for (const f of r.retried || []) console.log(`  RETRIED (failed once, then passed or failed again): ${String(f).split('\n')[0]}`);
      retried += (r.retried || []).length;
      const t = r.timings;
      total.details.push(
        `${session.name}: code-server ready ${secs(t.codeServerMs || 0)}, workbench ${secs(t.workbenchMs || 0)}, ` +
          `page->tests done ${secs(t.testsMs || 0)}; peak PSS code-server ${r.memory.codeServerMB || 0} MB, all ${r.memory.totalMB || 0} MB`,
      );
      total.passed += r.passes;
      total.failed += r.failures;
      total.skipped += r.pending;
      if (r.error && r.error.includes('\n')) console.log(`  ${r.error}`);
      // A session whose tests did not run fails; with --grep, a session none of whose tests match is simply empty.
      if (!r.ok && (r.error || !r.failures) && !(grep && r.passes === 0 && !r.failures)) {
        total.notes.push(`${session.name}: ${(r.error || 'the test run did not succeed').split('\n')[0]}`);
        if (!r.failures) total.failed += 1;
      }
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
      tempDirs.delete(root);
    }
  }
  const res = { passed: total.passed, failed: total.failed, skipped: total.skipped, detail: total.details.join('; ') };
  if (retried) total.notes.push(`${retried} test run${retried === 1 ? '' : 's'} retried after a failure (listed above as RETRIED)`);
  if (total.notes.length) res.note = total.notes.join('; ');
  return res;
}

async function webHostSuite(toolPaths) {
  const { runWebHostTests } = require('../test/harness/webHost');
  const r = await runWebHostTests({ tools: toolPaths, grep, timeoutS: Number(process.env.QDA_E2E_TIMEOUT || 1200) });
  for (const f of r.failed) console.log(`  FAILED: ${String(f).split('\n')[0]}`);
  if (r.error && r.error.includes('\n')) console.log(`  ${r.error}`);
  const t = r.timings;
  const res = {
    passed: r.passes,
    failed: r.failures,
    skipped: r.pending,
    detail: `code-server ready ${secs(t.codeServerMs || 0)}, workbench ${secs(t.workbenchMs || 0)}, page->tests done ${secs(t.testsMs || 0)}`,
  };
  // A run whose tests did not run fails; with --grep, a run none of whose tests match is simply empty.
  if (!r.ok && (r.error || !r.failures) && !(grep && r.passes === 0 && !r.failures)) {
    res.note = (r.error || 'the test run did not succeed').split('\n')[0];
    if (!r.failures) res.failed += 1;
  }
  return res;
}

async function main() {
  const t0 = Date.now();
  const results = [];
  let toolPaths = null;
  let toolsError = null;
  const toolsNote = () => `could not run: ${toolsError.message.split('\n')[0]}`;
  const needsTools =
    selected.includes('integration') ||
    selected.includes('webhost') ||
    (selected.includes('browser') && walk(path.join(REPO, 'out', 'test', 'browser'), (n) => n.endsWith('.test.js')).length);
  if (needsTools) {
    console.log('\n=== tools (Node 24, code-server, Chromium) ===');
    try {
      toolPaths = await tools.ensureTools();
      console.log(`tools: ready (${secs(toolPaths.ms)})`);
    } catch (e) {
      toolsError = e;
      console.log(`tools: NOT READY (${secs(Date.now() - t0)}): ${e.message}`);
    }
  }
  const childEnv = toolPaths
    ? { ...process.env, NODE24: toolPaths.node24, CODE_SERVER: toolPaths.codeServer, CHROMIUM: toolPaths.chromium }
    : process.env;
  for (const name of selected) {
    console.log(`\n=== ${name} ===`);
    const ts = Date.now();
    let r;
    try {
      if (name === 'unit') r = await unitSuite();
      else if (name === 'grammar') r = await grammarSuite();
      else if (name === 'browser') r = toolsError ? { passed: 0, failed: 1, skipped: 0, note: toolsNote() } : await browserSuite(childEnv);
      else if (name === 'integration')
        r = toolsError ? { passed: 0, failed: 1, skipped: 0, note: toolsNote() } : await integrationSuite(toolPaths);
      else r = toolsError ? { passed: 0, failed: 1, skipped: 0, note: toolsNote() } : await webHostSuite(toolPaths);
    } catch (e) {
      r = { passed: 0, failed: 1, skipped: 0, note: `runner error: ${(e && e.stack) || e}` };
    }
    r.name = name;
    r.ms = Date.now() - ts;
    results.push(r);
    console.log(
      `${name}: ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''} ` +
        `(${secs(r.ms)}${r.detail ? `; ${r.detail}` : ''})${r.note ? ` - ${r.note}` : ''}`,
    );
  }
  const sum = (k) => results.reduce((s, r) => s + (r[k] || 0), 0);
  const [passed, failed, skipped] = [sum('passed'), sum('failed'), sum('skipped')];
  console.log(`\n--- ${results.map((r) => `${r.name} ${secs(r.ms)}`).join(', ')}; total ${secs(Date.now() - t0)}`);
  if (toolsError && toolsError.aptLine) console.log(`Missing Debian packages; install them with:\n  ${toolsError.aptLine}`);
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  process.exitCode = failed === 0 ? 0 : toolsError && toolsError.exitCode === 2 ? 2 : 1;
}

// Ctrl-C: exit through process.exit so the harness's exit hook kills code-server's process group
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    console.log(`\n${sig}: stopping`);
    for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
    process.exit(130);
  });
}
main().catch((e) => {
  console.error(e);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
