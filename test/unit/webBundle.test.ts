// How the browser entry loads its features bundle (src/web/bundle.ts): the text of a CommonJS bundle
// evaluated as VS Code's web worker host evaluates an extension's entry, with the entry's own require().
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { evaluateBundle, readExtensionFile } from '../../src/web/bundle';

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

describe('readExtensionFile', () => {
  let server: http.Server;
  let base: string;
  const loc = (address: string) => ({ scheme: address.slice(0, address.indexOf(':')), toString: () => address });
  const noReadFile = () => Promise.reject(new Error('read through workspace.fs'));

  before(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/ext/dist/web/main.js') res.end('exports.fetched = "é";');
      else {
        res.statusCode = 404;
        res.statusMessage = 'Not Found';
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(() => server.close());

  it('fetches an http(s) location, as the host fetches the entry from it', async () => {
    assert.equal(await readExtensionFile(loc(`${base}/ext/dist/web/main.js`), noReadFile), 'exports.fetched = "é";');
  });

  it('says which address failed and how when the fetch is answered with an error', async () => {
    await assert.rejects(
      readExtensionFile(loc(`${base}/ext/dist/web/missing.js`), noReadFile),
      new RegExp(`could not read ${base}/ext/dist/web/missing\\.js: 404 Not Found`),
    );
  });

  it('reads every other location through readFile (code-server’s vscode-remote, a desktop’s file), as UTF-8', async () => {
    for (const address of ['vscode-remote://127.0.0.1:8080/ext/dist/web/main.js', 'file:///ext/dist/web/main.js']) {
      const text = await readExtensionFile(
        loc(address),
        async () => new TextEncoder().encode('exports.read = "ü";'),
        () => Promise.reject(new Error('fetched')),
      );
      assert.equal(text, 'exports.read = "ü";', address);
    }
  });
});
