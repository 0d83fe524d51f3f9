// The UI bridge's protocol (test/harness/uiBridge.js) with the test client (test/integration/ui.ts),
// in plain Node: a stand-in page records what the driver does. What the driver does to the real
// workbench is tested by the integration suite (test/integration/suite/ui.test.ts).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ui } from '../integration/ui';

const ROOT = path.resolve(__dirname, '../../..');

interface Bridge {
  url: string;
  screenshots: string[];
  attach(page: unknown, opts?: { screenshotDir?: string }): void;
  close(): Promise<void>;
}
const { startUiBridge } = require(path.join(ROOT, 'test', 'harness', 'uiBridge.js')) as { startUiBridge(o?: object): Promise<Bridge> };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A stand-in for Playwright's page: keys are logged (slowly, to expose interleaving); evaluate answers `tabs`. */
function fakePage() {
  const keys: string[] = [];
  const page = {
    keys,
    tabs: [{ title: 's01.transcript', active: true, preview: false, dirty: false }],
    keyboard: {
      press: async (k: string) => {
        await sleep(15);
        keys.push(k);
      },
    },
    evaluate: async () => page.tabs,
    screenshot: async ({ path: file }: { path: string }) => fs.writeFileSync(file, 'png'),
  };
  return page;
}

describe('uiBridge', () => {
  let bridge: Bridge;
  let dir: string;
  const saved = process.env.QDA_UI_DRIVER;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qda-uibridge-'));
    bridge = await startUiBridge();
    process.env.QDA_UI_DRIVER = bridge.url;
  });

  afterEach(async () => {
    await bridge.close();
    fs.rmSync(dir, { recursive: true, force: true });
    if (saved === undefined) delete process.env.QDA_UI_DRIVER;
    else process.env.QDA_UI_DRIVER = saved;
  });

  it('fails every call with a clear message when QDA_UI_DRIVER is not set', async () => {
    delete process.env.QDA_UI_DRIVER;
    await assert.rejects(ui.activeTab(), /QDA_UI_DRIVER is not set: this test drives the VS Code UI \(activeTab\)/);
  });

  it('answers "not ready" until the page is attached, then runs the operation', async () => {
    await assert.rejects(ui.press('Enter'), /^Error: ui\.press: the workbench page is not ready$/);
    const page = fakePage();
    bridge.attach(page);
    assert.equal(await ui.activeTab(), 's01.transcript');
  });

  it('runs operations one at a time, in the order they arrive', async () => {
    const page = fakePage();
    bridge.attach(page);
    await Promise.all([ui.press('a', 'b', 'c'), ui.press('d'), ui.quickInput.press('e', 'f')]);
    assert.deepEqual(page.keys, ['a', 'b', 'c', 'd', 'e', 'f']);
  });

  it('carries regular expressions as matchers', async () => {
    bridge.attach(fakePage());
    assert.equal(await ui.waitForActiveTab(/^S0\d\.transcript$/i), 's01.transcript');
  });

  it('names the operation, what it waited for and what the screen showed, with a screenshot of the moment', async () => {
    bridge.attach(fakePage(), { screenshotDir: dir });
    const err = await ui.waitForActiveTab('s02.transcript', { timeout: 100 }).then(
      () => undefined,
      (e: Error) => e,
    );
    assert.ok(err);
    const file = path.join(dir, 'failed-1-waitActiveTab.png');
    assert.equal(
      err.message,
      'ui.waitActiveTab: timed out after 100 ms waiting for the active editor tab "s02.transcript"; ' +
        `the screen shows tabs [{"title":"s01.transcript","active":true,"preview":false,"dirty":false}] (screenshot: ${file})`,
    );
    assert.ok(fs.existsSync(file));
    assert.deepEqual(bridge.screenshots, [file]);
  });

  it('saves a named screenshot under the run folder, with a safe file name', async () => {
    bridge.attach(fakePage(), { screenshotDir: dir });
    const log = console.log;
    console.log = () => undefined;
    try {
      assert.equal(await ui.screenshot('../picker: open?'), path.join(dir, '.._picker_open_.png'));
    } finally {
      console.log = log;
    }
    assert.deepEqual(fs.readdirSync(dir), ['.._picker_open_.png']);
  });

  it('refuses unknown operations, other paths and non-JSON bodies; answers CORS preflights', async () => {
    bridge.attach(fakePage());
    const post = (url: string, body: string) => fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    assert.deepEqual(await (await post(bridge.url, '{"op":"eval","args":{}}')).json(), { ok: false, error: 'eval: no such UI operation' });
    assert.deepEqual(await (await post(bridge.url, '{"op":"constructor"}')).json(), {
      ok: false,
      error: 'constructor: no such UI operation',
    });
    const other = await post(bridge.url.replace(/\/[0-9a-f]+$/, '/guess'), '{"op":"activeTab"}');
    assert.equal(other.status, 404);
    assert.equal((await post(bridge.url, 'not json')).status, 400);
    const pre = await fetch(bridge.url, {
      method: 'OPTIONS',
      headers: { Origin: 'http://127.0.0.1:1', 'Access-Control-Request-Method': 'POST' },
    });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-origin'), '*');
    assert.match(pre.headers.get('access-control-allow-headers') ?? '', /Content-Type/);
  });
});
