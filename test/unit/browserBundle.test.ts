// The browser build (package.json `browser`, esbuild.js's browserBuild and browserFeaturesBuild) must
// load in VS Code's web worker extension host, where require() knows only 'vscode' and no Node
// built-in exists. These tests bundle both of its bundles as esbuild.js does (in memory) and read what
// they import. That it really runs there is the web-host run's job (test/web/, scripts/test.js --only
// webhost).
import * as assert from 'node:assert/strict';
import { builtinModules } from 'node:module';
import * as path from 'node:path';
import type * as esbuildTypes from 'esbuild';

const ROOT = path.resolve(__dirname, '../../..');
const esbuild = require('esbuild') as typeof esbuildTypes;
const { browserBuild, browserFeaturesBuild } = require(path.join(ROOT, 'esbuild.js')) as {
  browserBuild: esbuildTypes.BuildOptions;
  browserFeaturesBuild: esbuildTypes.BuildOptions;
};

type Built = esbuildTypes.BuildResult & { metafile: esbuildTypes.Metafile; outputFiles: esbuildTypes.OutputFile[] };

async function bundle(options: esbuildTypes.BuildOptions): Promise<Built> {
  return (await esbuild.build({
    ...options,
    absWorkingDir: ROOT,
    write: false,
    minify: false,
    sourcemap: false,
    logLevel: 'silent',
  })) as Built;
}

/** The source files that put code into the bundle (esbuild lists tree-shaken files as inputs too). */
function contributing(result: Built): string[] {
  return Object.values(result.metafile.outputs).flatMap((o) =>
    Object.entries(o.inputs)
      .filter(([, i]) => i.bytesInOutput > 0)
      .map(([f]) => f),
  );
}

const NODE_BUILTINS = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

/** Module names a bundle's code still asks require() for at run time. */
export function requiredModules(code: string): string[] {
  return [...new Set([...code.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]))].sort();
}

describe('the browser build', () => {
  let shim: Built;
  let features: Built;

  before(async function () {
    this.timeout(120000); // esbuild bundles the whole extension: a second or two, more on a loaded machine
    [shim, features] = await Promise.all([bundle(browserBuild), bundle(browserFeaturesBuild)]);
  });

  it('is declared in package.json as the browser entry: the shim from src/web/extension.ts, the features beside it', () => {
    const pkg = require(path.join(ROOT, 'package.json')) as { browser?: string; main?: string };
    assert.equal(pkg.browser, './dist/web/extension.js');
    for (const build of [browserBuild, browserFeaturesBuild]) {
      assert.equal(build.platform, 'browser');
      assert.equal(build.format, 'cjs');
    }
    const outputs = (r: Built) => Object.keys(r.metafile.outputs).filter((f) => f.endsWith('.js'));
    assert.deepEqual(outputs(shim), ['dist/web/extension.js']);
    // the file the shim reads and evaluates after activation (src/web/extension.ts, featuresUri)
    assert.deepEqual(outputs(features), ['dist/web/main.js']);
  });

  it('keeps the features out of the activation shim, as on the desktop', () => {
    // what activation evaluates: the shim, its stubs, the loader and the extension's id; no core, no parser, no
    // library (vscode-once:vscode is esbuild.js's one re-export of the vscode API)
    assert.deepEqual(contributing(shim).sort(), [
      'src/vscode/ids.ts',
      'src/vscode/platform.ts',
      'src/vscode/shim.ts',
      'src/web/bundle.ts',
      'src/web/extension.ts',
      'vscode-once:vscode',
    ]);
    const inFeatures = contributing(features);
    for (const f of ['src/main.ts', 'src/core/project/project.ts', 'src/vscode/saturation/panel.ts', 'src/vscode/matrices/panel.ts'])
      assert.ok(inFeatures.includes(f), `${f} in the features bundle`);
    assert.ok(
      inFeatures.some((f) => f.startsWith('node_modules/yaml/')),
      'yaml in the features bundle',
    );
  });

  for (const [name, get] of [
    ['shim', () => shim],
    ['features', () => features],
  ] as const) {
    it(`asks require() for vscode and nothing else at run time (${name})`, () => {
      const result = get();
      const js = result.outputFiles.find((f) => f.path.endsWith('.js'))!;
      assert.deepEqual(requiredModules(js.text), ['vscode']);
      // once for the whole bundle (esbuild.js's vscode-once), not a copy of the API for each of 60 modules
      assert.equal(js.text.match(/\brequire\(["']vscode["']\)/g)?.length, 1, 'require("vscode") once');
      // esbuild lists type-only imports (`import { type X } from './x'`) as external too: it drops them
      const external = Object.values(result.metafile.inputs).flatMap((i) =>
        i.imports.filter((x) => x.external && !x.path.startsWith('.')).map((x) => x.path),
      );
      assert.deepEqual([...new Set(external)], ['vscode']);
    });

    it(`bundles no Node built-in and none of the Node ports in src/node (${name})`, () => {
      const result = get();
      const inputs = Object.keys(result.metafile.inputs);
      assert.deepEqual(
        inputs.filter((f) => f.startsWith('src/node/') || f === 'src/nodeMain.ts' || f === 'src/extension.ts'),
        [],
      );
      const imported = Object.values(result.metafile.inputs).flatMap((i) => i.imports.map((x) => x.original ?? x.path));
      assert.deepEqual(
        imported.filter((m) => NODE_BUILTINS.has(m)),
        [],
      );
    });
  }

  it('finds a require() of a Node built-in when there is one (the check itself can fail)', () => {
    assert.deepEqual(requiredModules('const v = require("vscode"); const fs = require("node:fs"); require(\'path\')'), [
      'node:fs',
      'path',
      'vscode',
    ]);
  });
});
