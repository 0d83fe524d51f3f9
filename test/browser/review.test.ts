// The participant review pack in a real browser (headless Chromium driven from Node):
// opened from file:// as a participant would, answered, reloaded, saved, and brought
// back through the CLI. It must make no request and keep injected markup inert.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { main } from '../../src/cli';
import { Project } from '../../src/core/project/project';
import { readResponse } from '../../src/core/review/responses';
import { formatEndorsement, reviewSummary } from '../../src/core/review/summary';
import { nodePorts } from '../../src/node/nodeFiles';
import { reviewStudyFiles } from '../unit/helpers/reviewStudy';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];
const EVIL = `<script>window.__pwned=1;alert(1)</script>"><img src=x onerror="window.__pwned=2;alert(2)">`;

async function qda(cwd: string, ...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { cwd, out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

/** The study on disk, with markup in the title, the introduction and a pseudonym. */
function study(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'qda-browser-'));
  const files = {
    ...reviewStudyFiles(),
    'qda/project.yaml': `format: 1\ntitle: ${JSON.stringify(`Money and me ${EVIL}`)}\nsources:\n  - transcripts/**/*.txt\n`,
    'qda/review-intro.md': `# Welcome ${EVIL}\n\nPlease answer **{{round}}**. ${EVIL}\n\n- [a link](https://example.org/track.png)\n`,
    'qda/private/pseudonyms.yaml': `names:\n  Margaret: ${JSON.stringify(EVIL)}\n`,
  };
  for (const [p, t] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
    fs.writeFileSync(path.join(root, p), t);
  }
  return root;
}

describe('review pack in a browser', function () {
  this.timeout(120000);
  let browser: Browser;
  let context: BrowserContext;
  let root: string;
  let packUrl: string;
  const requests: string[] = [];
  const dialogs: string[] = [];
  const errors: string[] = [];

  before(async () => {
    root = study();
    const r = await qda(root, 'export', 'review', '-o', 'pack.html', '--examples', '2');
    assert.equal(r.code, 0, r.err.join('\n'));
    packUrl = `file://${path.join(root, 'pack.html')}`;
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
    context = await browser.newContext({ acceptDownloads: true });
    context.on('request', (req) => requests.push(req.url()));
    context.on('page', (p) => {
      p.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      // A CSP violation or a script error shows here.
      p.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      p.on('pageerror', (e) => errors.push(e.message));
    });
  });

  after(async () => {
    await browser?.close();
  });

  const openPack = async (): Promise<Page> => {
    const page = await context.newPage();
    await page.goto(packUrl);
    await page.waitForSelector('html[data-ready="true"]');
    return page;
  };

  /** Nothing any user text carried ran or became an element. */
  const assertInert = async (page: Page) => {
    assert.deepEqual(dialogs, []);
    assert.deepEqual(errors, []);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.equal(await page.locator('img, iframe, object, embed, a[href^="http"]').count(), 0);
    assert.equal(await page.locator('script').count(), 2, 'the page script and its JSON data only');
  };

  it('opens from file://, makes no request, and shows injected markup as text', async () => {
    const page = await openPack();
    await assertInert(page);
    const text = await page.locator('main').innerText();
    assert.ok(text.includes('<script>window.__pwned=1;alert(1)</script>'), 'the title, intro and pseudonym show as text');
    assert.ok(text.includes('Please answer round-1.'));
    assert.ok(!text.includes('Margaret'), 'quotes are pseudonymised');
    assert.equal(await page.locator('section[data-code]').count(), 6);
    await page.close();
  });

  it('keeps answers across a reload, saves a response file, and the CLI brings it back with the counts', async () => {
    const page = await openPack();
    // Keyboard only for the first answer: Tab from the name into the first code's choices, arrows to choose.
    await page.fill('#respondent', `Sam ${EVIL}`);
    await page.focus('#respondent');
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => (document.activeElement as HTMLInputElement).name);
    assert.match(first, /^fit-/);
    await page.keyboard.press('ArrowDown');
    const firstCode = first.slice(4);
    assert.equal(await page.locator(`input[name="${first}"][value="partly"]`).isChecked(), true);
    await page.check('input[name="fit-security"][value="notFit"]');
    await page.fill('#comment-security', `Not how it feels. ${EVIL}`);
    await page.fill('#name-security', 'Making it last');
    await page.check('input[name="fit-budgeting"][value="fits"]');
    await page.fill('#general', `Thank you. ${EVIL}`);

    await page.reload();
    await page.waitForSelector('html[data-ready="true"]');
    assert.equal(await page.inputValue('#respondent'), `Sam ${EVIL}`);
    assert.equal(await page.locator(`input[name="${first}"][value="partly"]`).isChecked(), true);
    assert.equal(await page.locator('input[name="fit-security"][value="notFit"]').isChecked(), true);
    assert.equal(await page.inputValue('#comment-security'), `Not how it feels. ${EVIL}`);
    assert.equal(await page.inputValue('#name-security'), 'Making it last');
    assert.equal(await page.locator('input[name="fit-budgeting"][value="fits"]').isChecked(), true);
    assert.match(await page.locator('#status').innerText(), /brought back/);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#save')]);
    assert.match(download.suggestedFilename(), /^review-round-1-sam-.*\.json$/);
    const saved = path.join(root, 'response.json');
    await download.saveAs(saved);
    const json = JSON.parse(fs.readFileSync(saved, 'utf8'));
    assert.match(await page.locator('#status').innerText(), /3 of 6 codes answered/);
    assert.equal(json.round, 'round-1');
    assert.equal(json.respondent, `Sam ${EVIL}`);
    assert.deepEqual(
      json.answers.map((a: { code: string; fit: string }) => [a.code, a.fit]).sort(),
      [
        [firstCode, 'partly'],
        ['budgeting', 'fits'],
        ['security', 'notFit'],
      ].sort(),
    );

    await page.click('#copy');
    await page.waitForFunction(() => (document.getElementById('copy-text') as HTMLTextAreaElement).value.length > 0);
    const copied = await page.inputValue('#copy-text');
    const fromText = readResponse(new TextEncoder().encode(copied));
    assert.ok(fromText.ok, JSON.stringify(fromText));
    assert.deepEqual(
      fromText.response.answers.map((a) => [a.code, a.fit, a.comment ?? '', a.betterName ?? '']),
      json.answers.map((a: Record<string, string>) => [a.code, a.fit, a.comment ?? '', a.betterName ?? '']),
    );
    await assertInert(page);
    await page.close();

    const imported = await qda(root, 'import', 'review', saved);
    assert.equal(imported.code, 0, imported.err.join('\n'));
    const summary = await reviewSummary(await Project.open(nodePorts(root)));
    assert.equal(summary.rounds[0].respondents.length, 1);
    assert.equal(formatEndorsement(summary.byCode.get('security')!), '✓0 ~0 ✗1');
    assert.equal(formatEndorsement(summary.byCode.get('budgeting')!), '✓1 ~0 ✗0');
    assert.equal(formatEndorsement(summary.byCode.get(firstCode)!), '✓0 ~1 ✗0');
    assert.deepEqual(
      summary.byCode.get('security')!.suggestedNames.map((n) => n.name),
      ['Making it last'],
    );
  });

  it('prints without its buttons', async () => {
    const page = await openPack();
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.actions').isVisible(), false);
    assert.equal(await page.locator('.print-only').isVisible(), true);
    await page.close();
  });

  it('keeps the round summary and the codebook export inert too', async () => {
    assert.equal((await qda(root, 'export', 'review-summary', '-o', 'summary.html')).code, 0);
    assert.equal((await qda(root, 'export', 'codebook', '-o', 'codebook.html')).code, 0);
    for (const file of ['summary.html', 'codebook.html']) {
      const page = await context.newPage();
      await page.goto(`file://${path.join(root, file)}`);
      assert.deepEqual(dialogs, [], file);
      assert.equal(await page.locator('img, script, iframe').count(), 0, file);
      assert.ok((await page.locator('main').innerText()).includes('<script>window.__pwned=1;alert(1)</script>'), file);
      await page.close();
    }
  });

  it('made no network request at all: only the files themselves, data: and blob: URLs', () => {
    assert.ok(requests.length >= 4, requests.join('\n'));
    assert.deepEqual(
      requests.filter((u) => !/^(file|data|blob):/.test(u)),
      [],
    );
  });
});
