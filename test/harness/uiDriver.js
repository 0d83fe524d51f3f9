// The UI operations behind test/integration/ui.ts: what a person does in the workbench (Command
// Palette, quick picks, Quick Open, keys, tree views, status bar, notifications, hovers, webviews),
// done with Playwright on the workbench page. Served to the in-host tests by uiBridge.js.
// The selectors were read off the real DOM of code-server 4.139.1 (VS Code 1.139.1); they prefer
// aria roles and labels. Every wait is a wait on the DOM with a deadline, never a sleep; a failure
// says what was expected and what the screen showed instead.
// Plain CommonJS, not compiled. Views and webviews live in uiViews.js.
'use strict';

const DEFAULT_TIMEOUT = 20000; // generous: the test machine is often shared and loaded

/** A matcher from the wire: a string matches exactly (trimmed), { re, flags } as a regular expression. */
function matcher(m) {
  if (m && typeof m === 'object' && typeof m.re === 'string') {
    const re = new RegExp(m.re, m.flags || '');
    return { test: (s) => s !== undefined && s !== null && re.test(String(s)), show: String(re) };
  }
  if (typeof m !== 'string') throw new Error(`expected a string or a RegExp, got ${JSON.stringify(m)}`);
  return { test: (s) => s !== undefined && s !== null && String(s).trim() === m.trim(), show: JSON.stringify(m) };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A RegExp matching exactly `s` (for Playwright's hasText, which otherwise matches substrings). */
const exactText = (s) => new RegExp(`^\\s*${String(s).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);

// The steps of one operation share its deadline (operations run one at a time: see uiBridge.js).
let opDeadline = null;
/** Starts (ms) or stops (null) the running operation's clock. */
function setDeadline(timeout) {
  opDeadline = timeout === null ? null : Date.now() + timeout;
}
/** The time left to the running operation, for a Playwright action's timeout (at least 250 ms). */
function left() {
  return opDeadline === null ? DEFAULT_TIMEOUT : Math.max(250, opDeadline - Date.now());
}

/** Calls probe until it returns something other than undefined; throws `what` and the last `state()` at the deadline. */
async function poll(what, probe, { timeout = DEFAULT_TIMEOUT, state, interval = 25 } = {}) {
  const deadline = Math.min(Date.now() + timeout, opDeadline ?? Infinity);
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) {
      const seen = state ? await Promise.resolve(state()).catch((e) => `(could not read: ${e.message})`) : undefined;
      throw new Error(`timed out after ${timeout} ms waiting for ${what}${seen !== undefined ? `; the screen shows ${seen}` : ''}`);
    }
    await sleep(interval);
  }
}

// ---- quick input (quick pick, input box, Command Palette, Quick Open) -------------------------

/** Runs in the page: the quick input's state, or null when it is hidden. */
function readQuickInputInPage() {
  const w = document.querySelector('.quick-input-widget');
  if (!w || getComputedStyle(w).display === 'none') return null;
  const shown = (el) => !!el && getComputedStyle(el).display !== 'none';
  const text = (el) => (el ? el.textContent.replace(/\s+/g, ' ').trim() : '');
  const input = w.querySelector('.quick-input-box input');
  const title = w.querySelector('.quick-input-title');
  const message = w.querySelector('.quick-input-message');
  const list = w.querySelector('.quick-input-list');
  const rows = shown(list) ? [...list.querySelectorAll('.monaco-list-row')] : [];
  rows.sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index));
  return {
    title: shown(title) ? text(title) || undefined : undefined,
    placeholder: input?.getAttribute('placeholder') || undefined,
    value: input?.value ?? '',
    message: shown(message) ? text(message) || undefined : undefined,
    rows: rows.map((r) => {
      const main = r.querySelector('.quick-input-list-rows > .quick-input-list-row');
      const meta = r.querySelector('.quick-input-list-label-meta .monaco-icon-label');
      const sep = r.querySelector('.quick-input-list-separator');
      const role = r.getAttribute('role');
      return {
        index: Number(r.dataset.index),
        label: text(main?.querySelector('.monaco-icon-name-container .label-name')),
        description: text(main?.querySelector('.label-description')) || undefined,
        detail: shown(meta) ? text(meta.querySelector('.label-name')) || undefined : undefined,
        active: r.classList.contains('focused'),
        checked: role === 'checkbox' ? r.getAttribute('aria-checked') === 'true' : undefined,
        separator: shown(sep) ? text(sep) || undefined : undefined,
      };
    }),
  };
}

const showRows = (s) =>
  s
    ? `rows [${s.rows.map((r) => `${JSON.stringify(r.label)}${r.active ? ' (active)' : ''}`).join(', ')}]` +
      `${s.title ? ` under the title ${JSON.stringify(s.title)}` : ''}`
    : 'no quick input open';

/** Strips the row index (an implementation detail) from what the tests see. */
const publicRow = ({ index, ...row }) => {
  void index;
  return row;
};
const publicState = (s) => (s ? { ...s, rows: s.rows.map(publicRow) } : null);

function createWorkbenchOps(page) {
  const quickInput = () => page.evaluate(readQuickInputInPage);
  const input = () => page.locator('.quick-input-widget .quick-input-box input');

  /** The quick pick row with exactly this label (and description), resolved when Playwright acts on it. */
  const rowLocator = (label, description) => {
    const main = '.quick-input-list-rows > .quick-input-list-row:first-child'; // the second line holds the detail
    let rows = page
      .locator('.quick-input-list .monaco-list-row')
      .filter({ has: page.locator(`${main} .monaco-icon-name-container .label-name`, { hasText: exactText(label) }) });
    if (description) rows = rows.filter({ has: page.locator(`${main} .label-description`, { hasText: exactText(description) }) });
    return rows.first();
  };

  async function waitQuickInput({ timeout = DEFAULT_TIMEOUT, title } = {}) {
    const t = title !== undefined ? matcher(title) : null;
    return poll(
      t ? `a quick input titled ${t.show}` : 'a quick input',
      async () => {
        const s = await quickInput();
        return s && (!t || t.test(s.title)) ? s : undefined;
      },
      { timeout, state: async () => showRows(await quickInput()) },
    );
  }

  /** The first row (in list order) whose label matches and that has the wanted state. */
  async function waitRow({ label, active, checked, timeout = DEFAULT_TIMEOUT }) {
    const m = matcher(label);
    const ticked = checked === undefined ? '' : checked ? ' (ticked)' : ' (not ticked)';
    const want = `${active ? 'the active ' : 'a '}quick pick row ${m.show}${ticked}`;
    return poll(
      want,
      async () => {
        const s = await quickInput();
        const row = s?.rows.find(
          (r) => m.test(r.label) && (active === undefined || r.active === active) && (checked === undefined || r.checked === checked),
        );
        return row || undefined;
      },
      { timeout, state: async () => showRows(await quickInput()) },
    );
  }

  async function focusInput() {
    await waitQuickInput();
    const box = input();
    if (!(await box.evaluate((el) => el === document.activeElement, undefined, { timeout: left() }))) await box.focus({ timeout: left() });
  }

  /**
   * Opens the quick input with `key` and fills it with `value`. When the box closes or stays inert before it
   * takes the text (focus moving under the key press: a notification, a panel taking focus as it opens), a
   * person presses the key again: so does this, until the operation's deadline.
   */
  async function openAndFill(key, value) {
    for (;;) {
      await page.keyboard.press(key);
      try {
        await input().waitFor({ state: 'visible', timeout: Math.min(left(), 5000) });
        await input().fill(value, { timeout: Math.min(left(), 5000) });
        return;
      } catch (e) {
        if (left() <= 5000 || !/Timeout/i.test(String(e && e.message))) throw e;
        if (await input().isVisible()) await page.keyboard.press('Escape');
      }
    }
  }

  async function runCommand({ title, timeout = DEFAULT_TIMEOUT }) {
    for (;;) {
      await openAndFill('F1', `>${title}`);
      await waitRow({ label: title, timeout });
      try {
        // A list that re-renders under the click (a context key changing the commands offered) leaves
        // Playwright waiting for a row that is gone: the palette is closed and opened again.
        await rowLocator(title).click({ timeout: Math.min(left(), 5000) });
        return null;
      } catch (e) {
        if (!/Timeout/i.test(String(e && e.message)) || left() <= 5000) throw e;
        // Only while the palette still offers the command did the click not happen: anything else (a dialog
        // the command opened) is left alone.
        const still = await quickInput();
        if (!still || !still.rows.some((r) => r.label === title)) return null;
        await page.keyboard.press('Escape');
      }
    }
  }

  async function quickOpen({ file, timeout = DEFAULT_TIMEOUT }) {
    const parts = file.split('/');
    const name = parts.pop();
    const dir = parts.join('/');
    await openAndFill('Control+P', file); // one input event: typing a file name key by key only costs time
    const row = await poll(
      `Quick Open to list ${JSON.stringify(file)}`,
      async () => {
        const s = await quickInput();
        const inDir = (d) => !dir || d === dir || (d || '').endsWith(`/${dir}`);
        return s?.rows.find((r) => r.label === name && inDir(r.description)) || undefined;
      },
      { timeout, state: async () => showRows(await quickInput()) },
    );
    await rowLocator(name, row.description).click({ timeout: left() });
    await waitActiveTab({ title: name, timeout });
    // the next keys a person presses go to the opened editor: wait until it has the focus
    await poll(
      `the editor of ${JSON.stringify(file)} to take the focus`,
      () =>
        page.evaluate(() =>
          document.activeElement && document.activeElement.closest('.editor-group-container.active') ? true : undefined,
        ),
      { timeout },
    );
    return null;
  }

  // the tab's aria-label adds ", preview, Editor Group 2": read the label a person sees
  const readTabs = () =>
    page.evaluate(() =>
      [...document.querySelectorAll('.editor-group-container .tabs-container > .tab')].map((t) => {
        const name = t.querySelector('.tab-label .label-name');
        // connected tabs show the extension apart (.label-suffix), so a long name can shrink before it
        const suffix = t.querySelector('.tab-label .label-suffix');
        return {
          title: (name ? `${name.textContent}${suffix?.textContent ?? ''}` : t.getAttribute('aria-label') || '').trim(),
          active: t.classList.contains('active') && !!t.closest('.editor-group-container.active'),
          preview: !!t.querySelector('.monaco-icon-label.italic'),
          dirty: t.classList.contains('dirty'),
        };
      }),
    );

  async function waitActiveTab({ title, timeout = DEFAULT_TIMEOUT }) {
    const m = matcher(title);
    return poll(
      `the active editor tab ${m.show}`,
      async () => {
        const tab = (await readTabs()).find((t) => t.active);
        return tab && m.test(tab.title) ? tab.title : undefined;
      },
      { timeout, state: async () => `tabs ${JSON.stringify(await readTabs())}` },
    );
  }

  async function activeTab() {
    return (await readTabs()).find((t) => t.active)?.title ?? null;
  }

  async function press({ keys }) {
    for (const k of [].concat(keys)) await page.keyboard.press(k);
    return null;
  }

  async function typeText({ text }) {
    await page.keyboard.type(text);
    return null;
  }

  // ---- status bar ------------------------------------------------------------------------------

  const readStatusBar = () =>
    page.evaluate(() =>
      [...document.querySelectorAll('.statusbar .statusbar-item')]
        .filter((e) => e.getClientRects().length > 0)
        .map((e) => ({ id: e.id, text: e.textContent.replace(/\s+/g, ' ').trim(), label: e.getAttribute('aria-label') || '' })),
    );

  async function waitStatusBar({ id, text, timeout = DEFAULT_TIMEOUT }) {
    const m = text !== undefined ? matcher(text) : null;
    const idm = id !== undefined ? matcher(id) : null;
    return poll(
      `a status bar item${idm ? ` with id ${idm.show}` : ''}${m ? ` reading ${m.show}` : ''}`,
      async () => (await readStatusBar()).find((i) => (!idm || idm.test(i.id)) && (!m || m.test(i.text) || m.test(i.label))),
      { timeout, state: async () => JSON.stringify((await readStatusBar()).map((i) => `${i.id}: ${i.text}`)) },
    );
  }

  // ---- notifications (the smoke-test driver hides toasts: read the Notifications Center) --------

  const centerVisible = () => page.locator('.notifications-center.visible').isVisible();
  const readNotifications = () =>
    page.evaluate(() =>
      [...document.querySelectorAll('.notifications-center .monaco-list-row')]
        .sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index))
        .map((r) => {
          const icon = r.querySelector('.notification-list-item-icon')?.className || '';
          return {
            severity: /codicon-error/.test(icon) ? 'error' : /codicon-warning/.test(icon) ? 'warning' : 'info',
            message: (r.querySelector('.notification-list-item-message')?.textContent || '').trim(),
            source: (r.querySelector('.notification-list-item-source')?.textContent || '').trim() || undefined,
            buttons: [...r.querySelectorAll('.notification-list-item-buttons-container .monaco-button')].map((b) => b.textContent.trim()),
          };
        }),
    );

  async function openCenter(timeout = DEFAULT_TIMEOUT) {
    if (await centerVisible()) return false;
    await page.locator('[id="status.notifications"] a').click({ timeout: left() });
    await page.locator('.notifications-center.visible').waitFor({ timeout: left() });
    return true;
  }

  // Closing runs in a finally after the read, when the operation's own deadline may be spent:
  // it gets a few seconds of its own, so a slow frame never turns a successful read into a failure.
  async function closeCenter() {
    if (!(await centerVisible())) return;
    const budget = () => Math.max(left(), 5000);
    await page.locator('.notifications-center .action-label[aria-label^="Hide Notifications"]').click({ timeout: budget() });
    await page.locator('.notifications-center.visible').waitFor({ state: 'hidden', timeout: budget() });
  }

  /** Reads the Notifications Center (opened for the read, closed again unless it was open). */
  async function withCenter(fn, timeout) {
    const opened = await openCenter(timeout);
    try {
      return await fn();
    } finally {
      if (opened) await closeCenter();
    }
  }

  const notifications = ({ timeout = DEFAULT_TIMEOUT } = {}) => withCenter(readNotifications, timeout);

  function waitNotification({ message, timeout = DEFAULT_TIMEOUT }) {
    const m = matcher(message);
    return withCenter(
      () =>
        poll(`a notification ${m.show}`, async () => (await readNotifications()).find((n) => m.test(n.message)), {
          timeout,
          state: async () => JSON.stringify((await readNotifications()).map((n) => n.message)),
        }),
      timeout,
    );
  }

  function clickNotificationButton({ message, button, timeout = DEFAULT_TIMEOUT }) {
    const m = matcher(message);
    const b = matcher(button);
    return withCenter(async () => {
      const list = await poll(
        `a notification ${m.show} with a button ${b.show}`,
        async () => {
          const all = await readNotifications();
          return all.some((n) => m.test(n.message) && n.buttons.some((x) => b.test(x))) ? all : undefined;
        },
        { timeout, state: async () => JSON.stringify(await readNotifications()) },
      );
      const i = list.findIndex((n) => m.test(n.message) && n.buttons.some((x) => b.test(x)));
      const row = page.locator('.notifications-center .monaco-list-row').nth(i);
      const label = list[i].buttons.find((x) => b.test(x));
      await row
        .locator('.notification-list-item-buttons-container .monaco-button')
        .filter({ hasText: exactText(label) })
        .first()
        .click({ timeout: left() });
      return null;
    }, timeout);
  }

  async function clearNotifications({ timeout = DEFAULT_TIMEOUT } = {}) {
    await withCenter(async () => {
      const clear = page.locator('.notifications-center .action-label[aria-label="Clear All Notifications"]');
      if ((await readNotifications()).length) await clear.click({ timeout: left() });
      await poll('the Notifications Center to be empty', async () => ((await readNotifications()).length ? undefined : true), { timeout });
    }, timeout);
    return null;
  }

  // ---- editor hovers ---------------------------------------------------------------------------

  const readHover = () =>
    page.evaluate(
      () =>
        [...document.querySelectorAll('.monaco-hover:not(.hidden)')]
          .filter((h) => h.getClientRects().length > 0 && getComputedStyle(h).visibility !== 'hidden')
          .map((h) => h.innerText.trim())
          // VS Code shows "Loading..." until the providers answer
          .filter((t) => t && t !== 'Loading...')
          .join('\n\n') || undefined,
    );

  /** Moves the mouse over `text` in the active editor (it must be on screen) and returns the hover's text. */
  async function hover({ text, timeout = DEFAULT_TIMEOUT }) {
    const point = await page.evaluate((needle) => {
      const ed = document.querySelector('.editor-group-container.active .monaco-editor .view-lines');
      if (!ed) return { error: 'no active text editor' };
      for (const line of ed.querySelectorAll('.view-line')) {
        const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
        // editor lines are split into spans per token: search the line's whole text, then map back
        const nodes = [];
        let all = '';
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          nodes.push([n, all.length]);
          all += n.textContent;
        }
        const at = all.replace(/\u00a0/g, ' ').indexOf(needle);
        if (at < 0) continue;
        const mid = at + Math.floor(needle.length / 2);
        const [node, start] = nodes.filter(([, s]) => s <= mid).pop();
        const range = document.createRange();
        range.setStart(node, mid - start);
        range.setEnd(node, Math.min(node.textContent.length, mid - start + 1));
        const r = range.getBoundingClientRect();
        return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
      }
      return { error: `${JSON.stringify(needle)} is not on screen in the active editor` };
    }, text);
    if (point.error) throw new Error(point.error);
    await page.mouse.move(point.x - 3, point.y);
    await page.mouse.move(point.x, point.y);
    // A hover that did not come (the editor busy, or a click elsewhere took it away) comes when the mouse moves
    // off the word and back, as a person would move it: every few seconds until the deadline.
    let moved = Date.now();
    return poll(
      `a hover over ${JSON.stringify(text)}`,
      async () => {
        const shown = await readHover();
        if (shown === undefined && Date.now() - moved > 4000) {
          moved = Date.now();
          await page.mouse.move(1, 1);
          await page.mouse.move(point.x - 3, point.y);
          await page.mouse.move(point.x, point.y);
        }
        return shown;
      },
      { timeout },
    );
  }

  /**
   * What the screen shows on each line of the active editor that contains `text` (a wrapped line is one
   * screen line per row): its characters and the text decorations draw before or after them (CSS generated
   * content), in order. Waits until at least one such line is on screen.
   */
  async function editorLines({ text, timeout = DEFAULT_TIMEOUT }) {
    return poll(
      `a line showing ${JSON.stringify(text)} in the active editor`,
      () =>
        page.evaluate((needle) => {
          const ed = document.querySelector('.editor-group-container.active .monaco-editor .view-lines');
          if (!ed) return undefined;
          const generated = (el, which) => {
            const c = getComputedStyle(el, which).content;
            if (!c || c === 'none' || c === 'normal') return '';
            try {
              return JSON.parse(c.replace(/^'|'$/g, '"'));
            } catch {
              return c;
            }
          };
          const shown = (node) => {
            if (node.nodeType === Node.TEXT_NODE) return node.textContent;
            if (node.nodeType !== Node.ELEMENT_NODE) return '';
            return generated(node, '::before') + [...node.childNodes].map(shown).join('') + generated(node, '::after');
          };
          const lines = [...ed.querySelectorAll('.view-line')]
            .sort((a, b) => a.offsetTop - b.offsetTop)
            .map((line) => shown(line).replace(/\u00a0/g, ' '))
            .filter((all) => all.includes(needle));
          return lines.length ? lines : undefined;
        }, text),
      { timeout },
    );
  }

  /** As hover, and the colours of the coloured marks (inline `color` styles) in the hover, in order. */
  async function hoverColors({ text, timeout = DEFAULT_TIMEOUT }) {
    await hover({ text, timeout });
    return page.evaluate(() =>
      [...document.querySelectorAll('.monaco-hover:not(.hidden) [style*="color"]')]
        .filter((e) => e.getClientRects().length > 0)
        .map((e) => e.style.color),
    );
  }

  // ---- browser tabs the workbench opens (vscode.env.openExternal in a browser window) ------------

  const openedTabs = [];
  let tabsTaken = 0;
  // (a stand-in page in the bridge's own tests has no browser context)
  if (typeof page.context === 'function') page.context().on('page', (p) => openedTabs.push(p));

  /** Waits for the next tab the window opens, reads its address and text, and closes it. */
  async function newBrowserTab({ timeout = DEFAULT_TIMEOUT } = {}) {
    const tab = await poll('the window to open a browser tab', async () => openedTabs[tabsTaken], { timeout });
    tabsTaken++;
    await tab.waitForLoadState('domcontentloaded', { timeout: left() });
    const text = (await tab.locator('body').innerText({ timeout: left() })).trim();
    const url = tab.url();
    await tab.close();
    return { url, text };
  }

  // ---- the Get Started walkthrough page ----------------------------------------------------------

  const readWalkthrough = () =>
    page.evaluate(() =>
      [...document.querySelectorAll('.gettingStartedContainer button.getting-started-step')]
        .filter((b) => b.getClientRects().length > 0)
        .map((b) => ({
          title: (b.querySelector('.step-title')?.textContent || '').trim(),
          done: b.getAttribute('aria-checked') === 'true',
          expanded: b.getAttribute('aria-expanded') === 'true',
        })),
    );

  /** The steps of the walkthrough on screen, each with whether it is ticked. */
  async function walkthroughSteps({ timeout = DEFAULT_TIMEOUT } = {}) {
    return poll(
      'a walkthrough on screen',
      async () => {
        const steps = await readWalkthrough();
        return steps.length ? steps : undefined;
      },
      { timeout },
    );
  }

  /** Selects the step titled `step` (its description and buttons show), then clicks the button or link showing `text`. */
  async function walkthroughClick({ step, text, timeout = DEFAULT_TIMEOUT }) {
    const m = matcher(step);
    const steps = await walkthroughSteps({ timeout });
    const i = steps.findIndex((st) => m.test(st.title));
    if (i < 0)
      throw new Error(`the walkthrough has no step ${m.show}; it shows [${steps.map((st) => JSON.stringify(st.title)).join(', ')}]`);
    const button = page.locator('.gettingStartedContainer button.getting-started-step').filter({ visible: true }).nth(i);
    if (!steps[i].expanded) await button.locator('.step-title').click({ timeout: left() });
    await button.getByText(text, { exact: true }).first().click({ timeout: left() });
    return null;
  }

  async function screenshot({ name }, ctx) {
    if (!ctx.screenshotDir) throw new Error('no screenshot folder for this run');
    const safe =
      String(name)
        .replace(/[^\w.-]+/g, '_')
        .slice(0, 80) || 'screenshot';
    const file = require('path').join(ctx.screenshotDir, `${safe}.png`);
    await page.screenshot({ path: file });
    ctx.screenshots.push(file);
    return file;
  }

  return {
    runCommand,
    quickOpen,
    press,
    type: typeText,
    activeTab,
    tabs: readTabs,
    waitActiveTab,
    quickInput: async () => publicState(await quickInput()),
    waitQuickInput: async (a) => publicState(await waitQuickInput(a)),
    quickInputType: async ({ text }) => {
      await focusInput();
      await page.keyboard.type(text);
      return null;
    },
    // Select All, then type: a file dialog fills in its folder a moment after it shows and may fill it in again,
    // so a person looks at the box and does it again when the typed text landed beside the old path.
    quickInputReplace: async ({ text }) => {
      for (;;) {
        await focusInput();
        await page.keyboard.press('Control+A');
        await page.keyboard.type(text);
        const shows = async () => ((await quickInput()) || {}).value;
        try {
          return await poll(`the quick input to show ${JSON.stringify(text)}`, async () => ((await shows()) === text ? null : undefined), {
            timeout: Math.min(1000, left()),
            state: async () => JSON.stringify(await shows()),
          });
        } catch (e) {
          if (left() <= 2000) throw e;
        }
      }
    },
    waitQuickInputRow: async (a) => publicRow(await waitRow(a)),
    clickQuickInputRow: async ({ label, timeout }) => {
      const row = await waitRow({ label, timeout });
      await rowLocator(row.label, row.description).click({ timeout: left() });
      return null;
    },
    waitQuickInputClosed: async ({ timeout = DEFAULT_TIMEOUT } = {}) =>
      poll('the quick input to close', async () => ((await quickInput()) ? undefined : null), {
        timeout,
        state: async () => showRows(await quickInput()),
      }),
    statusBar: readStatusBar,
    waitStatusBar,
    notifications,
    waitNotification,
    clickNotificationButton,
    clearNotifications,
    hover,
    hoverColors,
    editorLines,
    walkthroughSteps,
    walkthroughClick,
    newBrowserTab,
    screenshot,
  };
}

module.exports = { createWorkbenchOps, matcher, poll, sleep, exactText, setDeadline, left, DEFAULT_TIMEOUT };
