// Bundles the extension (Node, CommonJS), its browser build (web worker host), the `qda` CLI, and webview scripts (browser).
//   node esbuild.js [--production] [--watch]
// Production: minified, no sourcemaps. Development: sourcemaps, readable output.
'use strict';
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Webview entry points: every src/webview/<name>.ts becomes dist/webview/<name>.js */
function webviewEntries() {
  const dir = path.join(__dirname, 'src', 'webview');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => path.join(dir, f));
}

/**
 * `vscode` is required once per bundle, not once per module. esbuild turns each module's
 * `import * as vscode from 'vscode'` of an external into its own `__toESM(require('vscode'))`, a copy of
 * the whole API (some 250 getters) per module: 60 copies, 40-50 ms of evaluating dist/main.js in plain Node 24
 * (190-250 -> 155-168 ms), at every start. Here every module imports one internal module that re-exports the
 * external once.
 */
const vscodeOnce = {
  name: 'vscode-once',
  setup(b) {
    b.onResolve({ filter: /^vscode$/ }, (a) =>
      a.namespace === 'vscode-once' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-once' },
    );
    b.onLoad({ filter: /.*/, namespace: 'vscode-once' }, () => ({ contents: "export * from 'vscode';", loader: 'js' }));
  },
};

const common = {
  bundle: true,
  plugins: [vscodeOnce],
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: 'none',
};

const builds = [
  {
    // The activation shim: tiny, so activation costs next to nothing.
    ...common,
    entryPoints: { extension: 'src/extension.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', './main.js'],
    metafile: true,
    // The moment the bundle starts to run: activate() reports load + activation time from it.
    banner: { js: 'globalThis.__qdaLoadStart = performance.now();' },
  },
  {
    // The features, loaded right after activation.
    ...common,
    entryPoints: { main: 'src/nodeMain.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    metafile: true,
    banner: { js: 'globalThis.__qdaMainStart = performance.now();' },
  },
  {
    ...common,
    entryPoints: { cli: 'src/cli.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
];
/**
 * The browser build (package.json `browser`): for VS Code's web worker extension host (vscode.dev,
 * github.dev), two CommonJS bundles shaped like the desktop's. dist/web/extension.js is the activation
 * shim; dist/web/main.js the features, which the shim reads and evaluates after activation (that
 * host's require() knows no file of the extension: src/web/bundle.ts). Only `vscode` stays external,
 * and no Node built-in exists there (test/unit/browserBundle.test.ts checks).
 */
const browserCommon = {
  ...common,
  outdir: 'dist/web',
  platform: 'browser',
  format: 'cjs',
  target: 'es2022',
  external: ['vscode'],
  metafile: true,
};
const browserBuild = {
  ...browserCommon,
  entryPoints: { extension: 'src/web/extension.ts' },
  banner: { js: 'globalThis.__qdaLoadStart = performance.now();' },
};
const browserFeaturesBuild = {
  ...browserCommon,
  entryPoints: { main: 'src/web/main.ts' },
  banner: { js: 'globalThis.__qdaMainStart = performance.now();' },
};
builds.push(browserBuild, browserFeaturesBuild);
const webviews = webviewEntries();
if (webviews.length) {
  builds.push({
    ...common,
    entryPoints: webviews,
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  });
}

async function main() {
  if (watch) {
    const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
    await Promise.all(contexts.map((c) => c.watch()));
    console.log('[esbuild] watching');
    return;
  }
  // A production build starts clean: no development source maps left over for the package.
  if (production) fs.rmSync(path.join(__dirname, 'dist'), { recursive: true, force: true });
  const results = await Promise.all(builds.map((b) => esbuild.build(b)));
  fs.chmodSync(path.join(__dirname, 'dist', 'cli.js'), 0o755);
  for (const [i, file] of [
    [0, 'dist/extension.js'],
    [1, 'dist/main.js'],
    [3, 'dist/web/extension.js'],
    [4, 'dist/web/main.js'],
  ]) {
    const out = results[i].metafile?.outputs[file];
    if (out) console.log(`[esbuild] ${file} ${(out.bytes / 1024).toFixed(0)} KiB${production ? ' (production)' : ''}`);
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}

module.exports = { browserBuild, browserFeaturesBuild };
