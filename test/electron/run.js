#!/usr/bin/env node
// For contributors with desktop VS Code: runs the same integration tests (out/test/integration) in
// desktop VS Code through @vscode/test-electron, on a temporary copy of sample/.
//   npm run test:electron                          downloads VS Code (needs internet)
//   VSCODE_EXECUTABLE=code npm run test:electron   uses an installed VS Code (`code` on PATH, its
//                                                  CLI script, or the Electron binary itself)
// Env: VSCODE_VERSION (download: stable), QDA_TEST_GREP (filter by title).
// On machines without a display run it under xvfb-run. On the offline project machines, use
// `npm run test:integration` (code-server + headless Chromium) instead.
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { copySample } = require('../harness/codeServer');

const REPO = path.resolve(__dirname, '..', '..');

/** `code` (name or path, the CLI wrapper script or the app binary) -> the Electron executable. */
function resolveExecutable(spec) {
  let p = spec;
  if (!p.includes(path.sep) && !p.includes('/')) {
    try {
      p = execFileSync(process.platform === 'win32' ? 'where' : 'which', [p], { encoding: 'utf8' })
        .split(/\r?\n/)[0]
        .trim();
    } catch {
      throw new Error(`VSCODE_EXECUTABLE=${spec}: not found on PATH`);
    }
  }
  p = fs.realpathSync(p);
  const head = fs.readFileSync(p).subarray(0, 2).toString();
  const isScript = head === '#!' || /\.(cmd|bat|sh)$/i.test(p);
  if (!isScript) return p;
  // the CLI wrapper lives in <app>/bin/: the binary is next to <app> (Linux, Windows) or in the bundle (macOS)
  const appDir = path.dirname(path.dirname(p));
  const candidates = [
    path.join(appDir, 'code'),
    path.join(appDir, 'code-insiders'),
    path.join(appDir, 'codium'),
    path.join(appDir, 'Code.exe'),
    path.join(appDir, 'Code - Insiders.exe'),
    path.join(appDir, '..', '..', 'MacOS', 'Electron'),
    path.join(appDir, '..', '..', 'MacOS', 'Code'),
  ];
  const found = candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isFile());
  if (!found) throw new Error(`VSCODE_EXECUTABLE=${spec} is a script (${p}); point it at the VS Code binary instead`);
  return found;
}

function makeWorkspace(root) {
  return copySample(REPO, root);
}

async function main() {
  const { runTests } = require('@vscode/test-electron');
  const extensionTestsPath = path.join(REPO, 'out', 'test', 'integration', 'index.js');
  for (const f of [path.join(REPO, 'dist', 'extension.js'), extensionTestsPath]) {
    if (!fs.existsSync(f)) throw new Error(`${path.relative(REPO, f)} missing: run npm run build && npm run compile-tests`);
  }
  const executable = process.env.VSCODE_EXECUTABLE ? resolveExecutable(process.env.VSCODE_EXECUTABLE) : null;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'reflexive-qda-electron-'));
  const resultFile = path.join(root, 'result.json');
  const ws = makeWorkspace(root);
  const options = {
    extensionDevelopmentPath: REPO,
    extensionTestsPath,
    extensionTestsEnv: {
      QDA_E2E_RESULT_FILE: resultFile,
      ...(process.env.QDA_TEST_GREP ? { QDA_TEST_GREP: process.env.QDA_TEST_GREP } : {}),
    },
    launchArgs: [
      ws,
      '--disable-extensions',
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
      '--disable-telemetry',
      '--user-data-dir',
      path.join(root, 'user-data'),
      '--extensions-dir',
      path.join(root, 'extensions'),
    ],
  };
  if (executable) options.vscodeExecutablePath = executable;
  else options.version = process.env.VSCODE_VERSION || 'stable';
  console.log(`[electron] VS Code: ${options.vscodeExecutablePath || `download ${options.version}`}; workspace ${ws}`);
  let code = 1;
  try {
    await runTests(options);
    code = 0;
  } catch (e) {
    const msg = (e && e.message) || String(e);
    if (
      !process.env.VSCODE_EXECUTABLE &&
      /download|getaddrinfo|ENOTFOUND|ECONNREFUSED|ETIMEDOUT|fetch failed|socket/i.test(msg + ((e && e.stack) || ''))
    ) {
      console.error(
        `[electron] could not download VS Code (${msg.split('\n')[0]}).\n` +
          '  Offline? Set VSCODE_EXECUTABLE to an installed VS Code, or run `npm run test:integration` (code-server).',
      );
    } else console.error(`[electron] ${msg}`);
  }
  let result = null;
  try {
    result = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
  } catch {
    /* tests never ran */
  }
  fs.rmSync(root, { recursive: true, force: true });
  if (result) {
    for (const f of result.failed || []) console.log(`  FAILED: ${f}`);
    console.log(`${result.passes} passed, ${result.failures} failed${result.pending ? `, ${result.pending} skipped` : ''}`);
    if (result.failures || !result.passes) code = 1;
  } else {
    console.log('0 passed, 1 failed');
    code = 1;
  }
  return code;
}

main().then(
  (c) => process.exit(c),
  (e) => {
    console.error('[electron]', (e && e.stack) || e);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
