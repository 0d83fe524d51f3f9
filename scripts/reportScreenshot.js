#!/usr/bin/env node
// Screenshot of the findings report of the sample study, for the README:
//   node scripts/reportScreenshot.js [--section findings] [--out media/report.png] [--size 1000x1250]
// Copies sample/ to a temporary folder, writes the report with the built CLI (npm run build first),
// opens the HTML in the headless Chromium the integration tests use, scrolls to the section and
// saves the visible page.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const tools = require('../test/harness/tools');
const { launchChromium } = require('../test/harness/codeServer');

const REPO = path.resolve(__dirname, '..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};

(async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'qda-report-shot-'));
  fs.cpSync(path.join(REPO, 'sample'), tmp, { recursive: true });
  // The sample ships no pseudonym map (qda/private/ is never committed); an export that quotes needs one.
  fs.mkdirSync(path.join(tmp, 'qda', 'private'), { recursive: true });
  fs.writeFileSync(path.join(tmp, 'qda', 'private', 'pseudonyms.yaml'), 'names:\n  Zoë: Ruth\n  Łukasz: Tomasz\n');
  const run = spawnSync(process.execPath, [path.join(REPO, 'dist', 'cli.js'), 'export', 'report', '-o', 'report.html'], {
    cwd: tmp,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`qda export report failed: ${run.stderr}`);
  const [width, height] = arg('size', '1000x1250').split('x').map(Number);
  const browser = await launchChromium({ chromium: tools.paths().chromium });
  try {
    const page = await browser.newPage({ viewport: { width, height }, colorScheme: 'light' });
    await page.goto(`file://${path.join(tmp, 'report.html')}`);
    const section = arg('section', '');
    if (section) await page.locator(`#${section}`).scrollIntoViewIfNeeded();
    const out = path.resolve(REPO, arg('out', 'media/report.png'));
    await page.screenshot({ path: out });
    console.log(`wrote ${path.relative(REPO, out)}`);
  } finally {
    await browser.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
