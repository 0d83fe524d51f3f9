import * as assert from 'node:assert/strict';
import { servePage, stopServingPages } from '../../src/node/pageServer';

describe('pageServer', () => {
  after(() => stopServingPages());

  it('serves a registered page on the loopback interface under an unguessable path, read at each request', async () => {
    let text = '<p>first</p>';
    const url = await servePage(async () => new TextEncoder().encode(text), 'pack.html');
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/[0-9a-f]{32}\/pack\.html$/);
    const res = await fetch(url);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.equal(await res.text(), '<p>first</p>');
    text = '<p>second</p>';
    assert.equal(await (await fetch(url)).text(), '<p>second</p>');
  });

  it('answers 404 to any other path, to a changed token and to other methods', async () => {
    const url = await servePage(async () => new TextEncoder().encode('x'), 'pack.html');
    const { origin } = new URL(url);
    assert.equal((await fetch(`${origin}/`)).status, 404);
    assert.equal((await fetch(`${origin}/${'0'.repeat(32)}/pack.html`)).status, 404);
    assert.equal((await fetch(url, { method: 'POST', body: 'x' })).status, 404);
  });

  it('answers 404 when the page can no longer be read', async () => {
    const url = await servePage(() => Promise.reject(new Error('gone')), 'pack.html');
    assert.equal((await fetch(url)).status, 404);
  });
});
