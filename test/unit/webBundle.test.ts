// How the browser entry loads its features bundle (src/web/bundle.ts): the text of a CommonJS bundle
// evaluated as VS Code's web worker host evaluates an extension's entry, with the entry's own require().
import * as assert from 'node:assert/strict';
import { evaluateBundle, readerFor } from '../../src/web/bundle';

describe('evaluateBundle', () => {
  it('returns what the bundle put on exports', () => {
    const out = evaluateBundle('exports.answer = 6 * 7; exports.twice = (x) => 2 * x;', 'test://a.js', () => undefined) as {
      answer: number;
      twice(x: number): number;
    };
    assert.equal(out.answer, 42);
    assert.equal(out.twice(21), 42);
  });

  it('returns module.exports when the bundle replaces it (as esbuild’s CommonJS output does)', () => {
    const out = evaluateBundle('module.exports = { kind: "replaced" }; exports.lost = true;', 'test://b.js', () => undefined);
    assert.deepEqual(out, { kind: 'replaced' });
  });

  it('gives the bundle the require() it was handed, so `vscode` is the caller’s', () => {
    const api = { version: 'api of this extension' };
    const asked: string[] = [];
    const out = evaluateBundle('const vscode = require("vscode"); exports.version = vscode.version;', 'test://c.js', (id) => {
      asked.push(id);
      if (id === 'vscode') return api;
      throw new Error(`Cannot load module '${id}'`);
    }) as { version: string };
    assert.equal(out.version, 'api of this extension');
    assert.deepEqual(asked, ['vscode']);
  });

  it('lets a require() of anything else fail as the host fails it', () => {
    assert.throws(
      () =>
        evaluateBundle('require("fs");', 'test://d.js', (id) => {
          throw new Error(`Cannot load module '${id}'`);
        }),
      /Cannot load module 'fs'/,
    );
  });

  it('names the bundle in the stack of an error thrown while it evaluates', () => {
    assert.throws(
      () => evaluateBundle('\n\nthrow new Error("broken bundle");', 'https://cdn.example/ext/dist/web/main.js', () => undefined),
      (e: Error) => /broken bundle/.test(e.message) && (e.stack ?? '').includes('(https://cdn.example/ext/dist/web/main.js:'),
    );
  });

  it('reports a syntax error in the text', () => {
    assert.throws(() => evaluateBundle('exports.x = ;', 'test://e.js', () => undefined), SyntaxError);
  });
});

describe('readerFor', () => {
  it('fetches an http(s) location, as the host fetches the entry from it', () => {
    assert.equal(readerFor('https'), 'fetch');
    assert.equal(readerFor('http'), 'fetch');
  });

  it('reads every other location through vscode.workspace.fs (code-server’s vscode-remote, a desktop’s file)', () => {
    for (const scheme of ['vscode-remote', 'file', 'vscode-userdata']) assert.equal(readerFor(scheme), 'workspace.fs', scheme);
  });
});
