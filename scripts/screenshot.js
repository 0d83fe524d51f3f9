#!/usr/bin/env node
// Screenshot of the real VS Code (code-server in headless Chromium) with the extension loaded, e.g.
// for the README:
//   node scripts/screenshot.js [--folder sample] [--open REL_PATH]... [--command ID]...
//        [--palette "Title"]... [--settle MS] [--wait MS] [--out media/screenshot.png] [--size 1400x900]
//        [--element CSS] [--in-place] [--no-build] [--install-apt]
// --open        opens a workspace file through Quick Open (repeatable; the last one is active)
// --command     runs a command by id: bound to a keyboard shortcut in the temporary user keybindings
//               and pressed (repeatable, in order)
// --palette     runs a command by its title through the Command Palette (repeatable)
// --settle      milliseconds to wait after the workbench loads, for activation (default 3000)
// --wait        milliseconds to wait after the last step (default 2000)
// --element     screenshot only the first element matching this CSS selector
// --page FILE   instead of VS Code, a standalone HTML file the extension wrote (a review pack, a report), as a
//               browser shows it at --size (e.g. 390x844 for a phone), full length with --full-page;
//               FILE#id scrolls to the element with that id first
// The folder is copied to a temporary directory first (so commands cannot change sample/) unless
// --in-place. Notifications show as toasts (no smoke-test driver: the extension is linked into the
// extensions dir instead of the URL payload).
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const tools = require('../test/harness/tools');
const { startCodeServer, launchChromium, workbenchUrl, waitForWorkbench, runCommand } = require('../test/harness/codeServer');

const REPO = path.resolve(__dirname, '..');
const argv = process.argv.slice(2);
function all(name) {
  const res = [];
  argv.forEach((a, i) => {
    if (a === `--${name}` && i + 1 < argv.length) res.push(argv[i + 1]);
    else if (a.startsWith(`--${name}=`)) res.push(a.slice(name.length + 3));
  });
  return res;
}
const one = (name, dflt) => {
  const v = all(name);
  return v.length ? v[v.length - 1] : dflt;
};
const has = (flag) => argv.includes(`--${flag}`);

// Steps keep their command-line order: --open / --command / --palette interleave as given.
function steps() {
  const res = [];
  argv.forEach((a, i) => {
    const m = /^--(open|command|palette)(?:=(.*))?$/.exec(a);
    if (m) res.push({ kind: m[1], value: m[2] !== undefined ? m[2] : argv[i + 1] });
  });
  return res.filter((s) => s.value !== undefined);
}

// shortcut i for the i-th --command (ctrl+alt+shift+<digit/letter>, unlikely to clash)
const KEYS = '1234567890abcdefghijklmnopqrstuvwxyz'.split('');
const chord = (i) => ({ vscode: `ctrl+alt+shift+${KEYS[i]}`, playwright: `Control+Alt+Shift+${KEYS[i].toUpperCase()}` });

async function openFile(page, rel) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 15000 });
  await input.fill(rel);
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: path.basename(rel) })
    .first()
    .waitFor({ timeout: 15000 });
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: path.basename(rel) }).waitFor({ timeout: 15000 });
}

async function main() {
  if (has('help')) {
    console.log(fs.readFileSync(__filename, 'utf8').split('\n').slice(1, 19).join('\n'));
    return 0;
  }
  const src = path.resolve(one('folder', path.join(REPO, 'sample')));
  const out = path.resolve(REPO, one('out', path.join('media', 'screenshot.png')));
  const [width, height] = one('size', '1400x900').split('x').map(Number);
  const wait = Number(one('wait', 2000));
  const plan = steps();
  if (!fs.existsSync(src)) throw new Error(`folder not found: ${src}`);
  if (!has('no-build')) {
    const b = spawnSync('npm', ['run', '-s', 'build'], { cwd: REPO, stdio: 'inherit' });
    if (b.status !== 0) throw new Error('npm run build failed');
  }
  let t;
  try {
    t = await tools.ensureTools();
  } catch (e) {
    tools.exitOnToolsError(e);
  }

  if (one('page')) {
    const [file, fragment] = one('page').split('#');
    return shootPage(t, path.resolve(file), fragment, out, width, height);
  }

  let folder = src,
    tmpRoot = null;
  if (!has('in-place')) {
    tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'reflexive-qda-shot-'));
    folder = path.join(tmpRoot, path.basename(src));
    fs.cpSync(src, folder, { recursive: true, filter: (p) => !p.startsWith(path.join(src, 'qda', '.cache')) });
  }
  const commands = plan.filter((s) => s.kind === 'command');
  if (commands.length > KEYS.length) throw new Error(`at most ${KEYS.length} --command`);
  let cs, browser;
  const cleanup = async () => {
    if (browser) await browser.close().catch(() => {});
    if (cs) {
      await cs.stop();
      fs.rmSync(cs.tmp, { recursive: true, force: true });
    }
    if (tmpRoot) fs.rmSync(tmpRoot, { recursive: true, force: true });
  };
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => cleanup().then(() => process.exit(130)));
  try {
    cs = await startCodeServer({ tools: t, linkExtensionPath: REPO, smokeTestDriver: false });
    // keyboard shortcuts for the --command ids, in the temporary user profile
    const bindings = commands.map((c, i) => ({ key: chord(i).vscode, command: c.value }));
    fs.writeFileSync(path.join(cs.tmp, 'user-data', 'User', 'keybindings.json'), JSON.stringify(bindings, null, 2));
    browser = await launchChromium(t);
    const page = await browser.newPage({ viewport: { width, height } });
    await page.goto(workbenchUrl(cs.port, { folder }));
    await waitForWorkbench(page, { explorerItem: fs.readdirSync(folder).sort()[0] });
    await page.waitForTimeout(Number(one('settle', 3000))); // let the extension activate and load the study
    let n = 0;
    for (const s of plan) {
      console.log(`[shot] ${s.kind} ${s.value}`);
      if (s.kind === 'open') await openFile(page, s.value);
      else if (s.kind === 'palette') await runCommand(page, s.value);
      else {
        await page
          .locator('.monaco-workbench')
          .focus()
          .catch(() => {});
        await page.keyboard.press(chord(n++).playwright);
      }
      await page.waitForTimeout(500);
    }
    await page.waitForTimeout(wait);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    const el = one('element');
    if (el) await page.locator(el).first().screenshot({ path: out });
    else await page.screenshot({ path: out });
    console.log(`[shot] wrote ${path.relative(process.cwd(), out) || out} (${width}x${height})`);
  } finally {
    await cleanup();
  }
  return 0;
}

/** A standalone page (no network: the exports load nothing) as a phone or a desktop browser shows it. */
async function shootPage(t, file, fragment, out, width, height) {
  const browser = await launchChromium(t);
  try {
    const mobile = width < 600;
    const page = await browser.newPage({
      viewport: { width, height },
      deviceScaleFactor: mobile ? 2 : 1,
      isMobile: mobile,
      hasTouch: mobile,
    });
    await page.goto(`file://${file}${fragment ? `#${fragment}` : ''}`);
    await page.waitForTimeout(Number(one('wait', 500)));
    fs.mkdirSync(path.dirname(out), { recursive: true });
    await page.screenshot({ path: out, fullPage: has('full-page') });
    console.log(`[shot] wrote ${path.relative(process.cwd(), out) || out} (${path.basename(file)} at ${width}x${height})`);
  } finally {
    await browser.close().catch(() => {});
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error('[shot]', (e && e.stack) || e);
    process.exit(1);
  },
);
