// The web-host run: the extension as VS Code's web worker extension host loads it in vscode.dev or
// github.dev, here inside code-server (offline). A copy of the extension folder whose package.json
// has no `main` (and extensionKind ["web"]) makes the workbench run the browser build
// (dist/web/extension.js, which loads dist/web/main.js after activation) in its web worker host; the tests, bundled for the browser with mocha's
// browser build (test/web/index.ts), run in that same worker. Used by scripts/test.js (suite
// "webhost") and bench/vscode.js. Plain CommonJS, not compiled.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { REPO, copySample, runExtensionTests } = require('./codeServer');

/** Maps node:assert (which a web worker lacks) to the project's browser implementation. */
const assertPlugin = (repo) => ({
  name: 'web-assert',
  setup(build) {
    build.onResolve({ filter: /^(node:)?assert(\/strict)?$/ }, () => ({ path: path.join(repo, 'test', 'web', 'assert.ts') }));
  },
});

/**
 * Makes the web-only test extension in `dir`: package.json without `main`, the browser bundle,
 * the webview scripts, media and grammars, and the test bundle out/web-tests.js.
 * Returns { dir, testsPath }. Needs `npm run build` first (dist/web/extension.js and main.js).
 */
async function prepareWebExtension(dir, { repo = REPO, tests = path.join(repo, 'test', 'web', 'index.ts') } = {}) {
  for (const f of ['extension.js', 'main.js'])
    if (!fs.existsSync(path.join(repo, 'dist', 'web', f))) throw new Error(`dist/web/${f} missing: run npm run build`);
  const pkg = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));
  delete pkg.main;
  pkg.extensionKind = ['web'];
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  for (const sub of [path.join('dist', 'web'), path.join('dist', 'webview'), 'media', 'syntaxes']) {
    if (fs.existsSync(path.join(repo, sub))) fs.cpSync(path.join(repo, sub), path.join(dir, sub), { recursive: true });
  }
  const testsPath = path.join(dir, 'out', 'web-tests.js');
  await require('esbuild').build({
    entryPoints: [tests],
    outfile: testsPath,
    bundle: true,
    platform: 'browser',
    format: 'cjs',
    target: 'es2022',
    external: ['vscode'],
    plugins: [assertPlugin(repo)],
    logLevel: 'warning',
    sourcemap: 'inline',
  });
  return { dir, testsPath };
}

/**
 * Runs the web-host tests (`tests`, default test/web/index.ts) on `folder`, default a fresh copy of
 * sample/: code-server, Chromium and the UI bridge as for the integration suite (runExtensionTests),
 * with the extension in the web worker host. `config` goes into web-test.json for the runner.
 * Returns what runExtensionTests returns.
 */
async function runWebHostTests({ tools, grep, timeoutS = 600, tests, folder, config = {} } = {}) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'reflexive-qda-web-'));
  try {
    const { dir, testsPath } = await prepareWebExtension(path.join(root, 'ext'), { tests });
    return await runExtensionTests({
      tools,
      folder: folder || copySample(REPO, root),
      extensionDevelopmentPath: dir,
      extensionTestsPath: testsPath,
      timeoutS,
      beforeStart: ({ uiDriver, resultFile }) =>
        fs.writeFileSync(path.join(dir, 'web-test.json'), JSON.stringify({ ...config, uiDriver, resultFile, grep: grep || undefined })),
    });
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

module.exports = { prepareWebExtension, runWebHostTests };
