#!/usr/bin/env node
// `npm start`: builds the extension, makes sure the tools are in .tools/ (first use fetches Node 24
// and code-server from npm, ~2-3 min), and serves the real VS Code (code-server) with the extension
// loaded, opening sample/ (in place: nothing is copied). Open the printed URL in a browser.
// After a rebuild (or with --watch), run "Developer: Reload Window" to load the new code.
//   node scripts/start.js [--port N] [--folder DIR] [--watch] [--no-build] [--install-apt]
// The extension is symlinked into a temporary --extensions-dir (a built VS Code ignores the
// extensionDevelopmentPath URL payload unless the smoke-test driver is on, which hides notifications).
'use strict';
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const tools = require('../test/harness/tools');
const { startCodeServer, workbenchUrl } = require('../test/harness/codeServer');

const REPO = path.resolve(__dirname, '..');

function arg(name, dflt) {
  const i = process.argv.indexOf(`--${name}`);
  if (i > 0 && process.argv[i + 1]) return process.argv[i + 1];
  const eq = process.argv.find((a) => a.startsWith(`--${name}=`));
  return eq ? eq.slice(name.length + 3) : dflt;
}
const has = (flag) => process.argv.includes(`--${flag}`);

if (has('help') || has('h')) {
  console.log('usage: npm start -- [--port N] [--folder DIR] [--watch] [--no-build] [--install-apt]');
  process.exit(0);
}

async function main() {
  const folder = path.resolve(arg('folder', path.join(REPO, 'sample')));
  if (!fs.existsSync(folder)) {
    console.error(`folder not found: ${folder}`);
    process.exit(1);
  }
  const port = arg('port') ? Number(arg('port')) : undefined;
  if (port !== undefined && !(port > 0 && port < 65536)) {
    console.error(`bad --port ${arg('port')}`);
    process.exit(1);
  }

  let watcher = null;
  if (!has('no-build')) {
    console.log('[start] npm run build');
    const b = spawnSync('npm', ['run', '-s', 'build'], { cwd: REPO, stdio: 'inherit' });
    if (b.status !== 0) {
      console.error('[start] build failed');
      process.exit(b.status || 1);
    }
  }
  if (!fs.existsSync(path.join(REPO, 'dist', 'extension.js'))) {
    console.error('[start] dist/extension.js missing: run npm run build');
    process.exit(1);
  }

  let t;
  try {
    t = await tools.ensureTools();
  } catch (e) {
    tools.exitOnToolsError(e);
  }

  const cs = await startCodeServer({ tools: t, port, linkExtensionPath: REPO, smokeTestDriver: false });
  let stopping = false;
  const stop = async (why) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n[start] ${why}: stopping code-server (pid ${cs.child.pid})`);
    if (watcher) {
      try {
        process.kill(-watcher.pid, 'SIGTERM');
      } catch {
        /* gone */
      }
    }
    await cs.stop();
    fs.rmSync(cs.tmp, { recursive: true, force: true });
    console.log('[start] stopped');
    process.exit(0);
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => stop(sig));
  cs.child.on('exit', (code, sig) => {
    if (stopping) return;
    console.error(`[start] code-server exited (${code ?? sig}); log: ${cs.logFile}`);
    process.exit(1);
  });

  if (has('watch')) {
    watcher = spawn(process.execPath, ['esbuild.js', '--watch'], { cwd: REPO, stdio: 'inherit', detached: true });
  }
  const url = workbenchUrl(cs.port, { folder });
  console.log(`[start] code-server ${tools.CODE_SERVER_VERSION} ready in ${cs.readyMs} ms (logs: ${cs.tmp})`);
  console.log(`[start] extension linked from ${REPO}; workspace ${folder}`);
  console.log(`\n  Open:  ${url}\n`);
  console.log('[start] Ctrl-C to stop');
}

main().catch((e) => {
  console.error('[start]', (e && e.stack) || e);
  process.exit(1);
});
