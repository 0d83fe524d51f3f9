// The browser build (package.json `browser`, esbuild.js's browserBuild) must load in VS Code's web
// worker extension host, where require() knows only 'vscode' and no Node built-in exists. These
// tests bundle it as esbuild.js does (in memory) and read what it imports. That it really runs there
// is the web-host run's job (test/web/, scripts/test.js --only webhost).
import * as assert from 'node:assert/strict';
import { builtinModules } from 'node:module';
import * as path from 'node:path';
import type * as esbuildTypes from 'esbuild';

const ROOT = path.resolve(__dirname, '../../..');
const esbuild = require('esbuild') as typeof esbuildTypes;
const { browserBuild } = require(path.join(ROOT, 'esbuild.js')) as { browserBuild: esbuildTypes.BuildOptions };

const NODE_BUILTINS = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

/** Module names a bundle's code still asks require() for at run time. */
export function requiredModules(code: string): string[] {
  return [...new Set([...code.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]))].sort();
}

describe('the browser build', () => {
  let result: esbuildTypes.BuildResult & { metafile: esbuildTypes.Metafile; outputFiles: esbuildTypes.OutputFile[] };

  before(async function () {
    this.timeout(120000); // esbuild bundles the whole extension: a second or two, more on a loaded machine
    result = (await esbuild.build({
      ...browserBuild,
      absWorkingDir: ROOT,
      write: false,
      minify: false,
      sourcemap: false,
      logLevel: 'silent',
    })) as typeof result;
  });

  it('is declared in package.json as the browser entry, built from src/web/extension.ts for the browser', () => {
    const pkg = require(path.join(ROOT, 'package.json')) as { browser?: string; main?: string };
    assert.equal(pkg.browser, './dist/web/extension.js');
    assert.equal(browserBuild.platform, 'browser');
    assert.equal(browserBuild.format, 'cjs');
    assert.deepEqual(
      Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.js')),
      ['dist/web/extension.js'],
    );
  });

  it('asks require() for vscode and nothing else at run time', () => {
    const js = result.outputFiles.find((f) => f.path.endsWith('.js'))!;
    assert.deepEqual(requiredModules(js.text), ['vscode']);
    // esbuild lists type-only imports (`import { type X } from './x'`) as external too: it drops them
    const external = Object.values(result.metafile.inputs).flatMap((i) =>
      i.imports.filter((x) => x.external && !x.path.startsWith('.')).map((x) => x.path),
    );
    assert.deepEqual([...new Set(external)], ['vscode']);
  });

  it('bundles no Node built-in and none of the Node ports in src/node', () => {
    const inputs = Object.keys(result.metafile.inputs);
    assert.ok(
      inputs.some((f) => f.startsWith('src/core/')),
      'the core is in it',
    );
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

  it('finds a require() of a Node built-in when there is one (the check itself can fail)', () => {
    assert.deepEqual(requiredModules('const v = require("vscode"); const fs = require("node:fs"); require(\'path\')'), [
      'node:fs',
      'path',
      'vscode',
    ]);
  });
});
