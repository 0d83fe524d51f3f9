// The UI bridge: a small HTTP server on 127.0.0.1 through which tests running INSIDE the extension
// host (test/integration/ui.ts) drive the workbench page with Playwright (uiDriver.js, uiViews.js).
// Started by runExtensionTests (codeServer.js) before code-server, whose environment gets its URL as
// QDA_UI_DRIVER; the page is attached once it exists. POST <url> with JSON {op, args} answers JSON
// {ok: true, value} or {ok: false, error}. Operations run one at a time (one keyboard, one mouse).
// CORS is open (a browser-hosted extension calls it from a web worker); a random token in the path
// keeps other local processes from driving it.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const path = require('path');
const { createWorkbenchOps, setDeadline, DEFAULT_TIMEOUT } = require('./uiDriver');
const { createViewOps } = require('./uiViews');

const MAX_BODY = 1 << 20;
const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type',
  'Access-Control-Allow-Private-Network': 'true',
  'Access-Control-Max-Age': '600',
};

/**
 * Starts the bridge. Returns { url, attach(page, { screenshotDir }), screenshots, close() }.
 * Until attach, every operation fails with "the workbench page is not ready".
 */
function startUiBridge({ verbose = false } = {}) {
  const token = crypto.randomBytes(12).toString('hex');
  const ctx = { page: null, ops: null, screenshotDir: null, screenshots: [], failures: 0 };
  let queue = Promise.resolve();

  async function run(op, args) {
    if (!ctx.ops) throw new Error(`${op}: the workbench page is not ready`);
    const fn = Object.prototype.hasOwnProperty.call(ctx.ops, op) ? ctx.ops[op] : null;
    if (!fn) throw new Error(`${op}: no such UI operation`);
    const t0 = Date.now();
    setDeadline(args && typeof args.timeout === 'number' ? args.timeout : DEFAULT_TIMEOUT);
    try {
      const value = await fn(args || {}, ctx);
      if (verbose) console.log(`[ui] ${new Date(t0).toISOString().slice(11, 23)} ${op} ${JSON.stringify(args)} ${Date.now() - t0} ms`);
      return value === undefined ? null : value;
    } catch (e) {
      // a picture of the screen at the failure, named in the message
      let shot = '';
      if (ctx.screenshotDir && ctx.page) {
        const file = path.join(ctx.screenshotDir, `failed-${++ctx.failures}-${op}.png`);
        try {
          await ctx.page.screenshot({ path: file });
          ctx.screenshots.push(file);
          shot = ` (screenshot: ${file})`;
        } catch {
          /* the page is gone */
        }
      }
      const msg = String((e && e.message) || e)
        .split('\n')
        .filter((l) => !/^\s*(at |Call log:|- )/.test(l))
        .join(' ')
        .trim();
      throw new Error(`${op}: ${msg}${shot}`);
    } finally {
      setDeadline(null);
    }
  }

  const server = http.createServer((req, res) => {
    const send = (status, body) => {
      res.writeHead(status, { ...CORS, 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS);
      res.end();
      return;
    }
    if (req.method !== 'POST' || req.url !== `/${token}`) {
      send(404, { ok: false, error: 'not found' });
      return;
    }
    let size = 0;
    const chunks = [];
    req.on('data', (c) => {
      size += c.length;
      if (size > MAX_BODY) {
        send(413, { ok: false, error: 'request too large' });
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (size > MAX_BODY) return;
      let msg;
      try {
        msg = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        send(400, { ok: false, error: 'the body is not JSON' });
        return;
      }
      if (!msg || typeof msg.op !== 'string') {
        send(400, { ok: false, error: 'expected {op, args}' });
        return;
      }
      const done = queue.then(() => run(msg.op, msg.args));
      queue = done.catch(() => {});
      done.then(
        (value) => send(200, { ok: true, value }),
        (e) => send(200, { ok: false, error: e.message }),
      );
    });
  });

  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        url: `http://127.0.0.1:${port}/${token}`,
        screenshots: ctx.screenshots,
        attach(page, { screenshotDir } = {}) {
          ctx.page = page;
          ctx.screenshotDir = screenshotDir || null;
          if (screenshotDir) fs.mkdirSync(screenshotDir, { recursive: true });
          const workbench = createWorkbenchOps(page);
          ctx.ops = { ...workbench, ...createViewOps(page, workbench) };
        },
        close() {
          ctx.ops = null;
          return new Promise((r) => {
            server.closeAllConnections?.();
            server.close(() => r());
          });
        },
      });
    });
  });
}

module.exports = { startUiBridge };
