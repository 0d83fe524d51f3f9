// UI operations on views (tree views in the side bar or panel, their title actions and context menus)
// and on webview panels, for test/integration/ui.ts through uiBridge.js. See uiDriver.js.
// A view is found by the title on its header (h3.title); a tree row by its label (.label-name), the
// text a person reads, not its aria-label (which may be a tooltip or include the description).
'use strict';
const { matcher, poll, sleep, exactText, left, DEFAULT_TIMEOUT } = require('./uiDriver');

/** Runs in the page: the visible view panes titled `title`, with their rows, in DOM order. */
function readViewInPage(title) {
  const text = (el) => (el ? el.textContent.replace(/\s+/g, ' ').trim() : '');
  const panes = [...document.querySelectorAll('.monaco-workbench .pane')].filter(
    (p) => text(p.querySelector(':scope > .pane-header h3.title')) === title,
  );
  const pane = panes.find((p) => p.getClientRects().length > 0);
  if (!pane) return { found: panes.length > 0, visible: false };
  const header = pane.querySelector(':scope > .pane-header');
  const body = pane.querySelector(':scope > .pane-body');
  const expanded = header.getAttribute('aria-expanded') !== 'false';
  const rows = expanded && body ? [...body.querySelectorAll('.monaco-list-row')] : [];
  rows.sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index));
  // how far (px) to scroll a row for its middle, where a click lands, to be in the visible part of the list: the list
  // may be taller than the pane shows (a crowded side bar); 0 when it is there already
  const list = body?.querySelector('.monaco-list')?.getBoundingClientRect();
  const shown = list && body.getBoundingClientRect();
  const [top, bottom] = shown ? [Math.max(list.top, shown.top), Math.min(list.bottom, shown.bottom)] : [0, 0];
  const clip = (r) => {
    if (!shown) return 0;
    const b = r.getBoundingClientRect();
    const mid = (b.top + b.bottom) / 2;
    if (mid < top + 3) return Math.floor(mid - top - b.height);
    if (mid > bottom - 3) return Math.ceil(mid - bottom + b.height);
    return 0;
  };
  const messages = body
    ? [...body.querySelectorAll('.message, .welcome-view-content')]
        .filter((m) => m.getClientRects().length > 0 && !m.classList.contains('hide'))
        .map((m) => m.innerText.trim())
        .filter(Boolean)
    : [];
  return {
    found: true,
    visible: true,
    expanded,
    description: text(header.querySelector('.description')) || undefined,
    message: messages.join('\n') || undefined,
    rows: rows.map((r) => {
      const exp = r.getAttribute('aria-expanded');
      return {
        index: Number(r.dataset.index),
        label: text(r.querySelector('.label-name')) || text(r.querySelector('.monaco-tl-contents')),
        description: text(r.querySelector('.label-description')) || undefined,
        // a file icon (iconPath as a URI) is drawn as the background image of the row's icon element
        icon: (() => {
          const bg = [...r.querySelectorAll('.custom-view-tree-node-item-icon, .monaco-icon-label')]
            .map((e) => getComputedStyle(e).backgroundImage)
            .find((b) => b && b !== 'none');
          const m = bg && /url\(["']?([^"')]*)["']?\)/.exec(bg);
          return m ? decodeURIComponent(m[1]) : undefined;
        })(),
        level: Number(r.getAttribute('aria-level') || 1),
        expanded: exp === null ? undefined : exp === 'true',
        selected: r.getAttribute('aria-selected') === 'true' || r.classList.contains('selected'),
        focused: r.classList.contains('focused'),
        clip: clip(r),
      };
    }),
  };
}

const publicRow = ({ index, clip, ...row }) => {
  void index;
  void clip;
  return row;
};

function createViewOps(page, workbench) {
  const read = (view) => page.evaluate(readViewInPage, view);
  const paneLocator = (view) =>
    page
      .locator('.monaco-workbench .pane')
      .filter({ has: page.locator(':scope > .pane-header h3.title', { hasText: exactText(view) }) })
      .filter({ visible: true })
      .first();
  const showView = (s) => {
    if (!s.visible) return s.found ? 'the view exists but is not on screen' : 'no such view';
    const rows = `rows [${s.rows.map((r) => JSON.stringify(r.label)).join(', ')}]`;
    return `${s.expanded ? '' : 'collapsed; '}${rows}${s.message ? `; message ${JSON.stringify(s.message)}` : ''}`;
  };

  /** Shows a view (through Quick Open "view …", as View: Open View does) and expands it. */
  async function revealView({ view, container, timeout = DEFAULT_TIMEOUT }) {
    let s = await read(view);
    if (!s.visible) {
      await page.keyboard.press('Control+P');
      const input = page.locator('.quick-input-widget .quick-input-box input');
      await input.waitFor({ state: 'visible', timeout: left() });
      await input.fill(`view ${view}`, { timeout: left() });
      // rows are grouped under separators naming their container ("QDA", "Side Bar / Explorer")
      const grouped = async () => {
        let group;
        return ((await workbench.quickInput())?.rows ?? []).map((r) => ({ label: r.label, group: (group = r.separator ?? group) }));
      };
      const inContainer = (g) => !container || g === container || !!g?.endsWith(` / ${container}`);
      const nth = await poll(
        `Open View to list ${JSON.stringify(view)}${container ? ` in ${JSON.stringify(container)}` : ''}`,
        async () => {
          const same = (await grouped()).filter((r) => r.label === view);
          const i = same.findIndex((r) => inContainer(r.group));
          return i >= 0 ? i : undefined;
        },
        { timeout, state: async () => JSON.stringify((await grouped()).map((r) => `${r.label} (${r.group})`)) },
      );
      // by its label when clicked: the list may still re-sort
      await page
        .locator('.quick-input-list .monaco-list-row')
        .filter({
          has: page.locator('.quick-input-list-rows > .quick-input-list-row:first-child .label-name', { hasText: exactText(view) }),
        })
        .nth(nth)
        .click({ timeout: left() });
      s = await poll(
        `the view ${JSON.stringify(view)} to show`,
        async () => {
          const v = await read(view);
          return v.visible ? v : undefined;
        },
        { timeout },
      );
    }
    if (!s.expanded) {
      await paneLocator(view).locator(':scope > .pane-header').click({ timeout: left() });
      await poll(`the view ${JSON.stringify(view)} to expand`, async () => ((await read(view)).expanded ? true : undefined), { timeout });
    }
    return null;
  }

  async function viewState({ view }) {
    const s = await read(view);
    return s.visible ? { ...s, rows: s.rows.map(publicRow) } : s;
  }

  /** Scrolls the view's list by `dy` px with the mouse wheel, then takes the pointer off it. */
  async function wheel(view, dy) {
    // The list may be taller than its pane shows (a crowded side bar): the mouse goes to the middle of the part
    // that is on screen, or the wheel would scroll whatever view lies under the list's hidden part.
    const body = await paneLocator(view).locator(':scope > .pane-body').boundingBox({ timeout: left() });
    const box = await paneLocator(view).locator('.monaco-list').first().boundingBox({ timeout: left() });
    if (!box) return;
    const top = Math.max(box.y, body ? body.y : box.y);
    const bottom = Math.min(box.y + box.height, body ? body.y + body.height : box.y + box.height);
    if (bottom <= top) return;
    await page.mouse.move(box.x + box.width / 2, (top + bottom) / 2);
    await page.mouse.wheel(0, dy);
    await page.mouse.move(1, 1);
  }

  /** Waits until no hover (a row's tooltip) covers the window: the pointer rested on rows while scrolling. */
  async function noHover() {
    const shown = () =>
      page.evaluate(() =>
        [...document.querySelectorAll('.workbench-hover-container, .monaco-hover:not(.hidden)')].some(
          (h) => h.getClientRects().length > 0 && getComputedStyle(h).visibility !== 'hidden',
        ),
      );
    await page.mouse.move(1, 1);
    const gone = await poll('hovers to close', async () => ((await shown()) ? undefined : true), { timeout: 1500 }).catch(() => false);
    if (!gone) await page.keyboard.press('Escape');
  }

  /**
   * The row labelled `label`, scrolled fully into the list's visible area with the mouse wheel (the list
   * is virtualised: rows off screen do not exist). Returns a locator of the row.
   */
  async function findRow(view, label, timeout = DEFAULT_TIMEOUT) {
    const m = matcher(label);
    let lastFirst = null;
    let direction = 1;
    let lastClip = null;
    const row = await poll(
      `a row ${m.show} in the view ${JSON.stringify(view)}`,
      async () => {
        const s = await read(view);
        if (!s.visible) return undefined;
        const hit = s.rows.find((r) => m.test(r.label));
        // scrolled as far as it goes: let the click try (and say why it cannot)
        if (hit && (hit.clip === 0 || hit.clip === lastClip)) return hit;
        if (hit) {
          lastClip = hit.clip;
          await wheel(view, hit.clip);
          return undefined;
        }
        if (!s.rows.length) return undefined;
        // not rendered: scroll down through the list, then back up from the top
        const first = s.rows[0].index;
        if (first === lastFirst) direction = -direction;
        const box = await paneLocator(view).locator('.monaco-list').first().boundingBox({ timeout: left() });
        await wheel(view, direction * Math.max(60, (box?.height ?? 100) - 44));
        // A busy workbench renders the scroll late: judge whether the list moved (or is at its end) only once
        // it has had time to, or the direction flips back and forth and the list never gets anywhere.
        const moved = await poll(
          'the list to scroll',
          async () => {
            const now = await read(view);
            return now.rows.length && now.rows[0].index !== first ? true : undefined;
          },
          { timeout: 750 },
        ).catch(() => false);
        lastFirst = moved ? null : first;
        return undefined;
      },
      { timeout, state: async () => showView(await read(view)) },
    );
    await noHover();
    // by its label when acted on (a refresh may renumber the rows); data-index for rows without one
    const text = typeof label === 'string' ? exactText(label) : new RegExp(label.re, label.flags || '');
    const byLabel = paneLocator(view)
      .locator('.monaco-list-row')
      .filter({ has: page.locator('.label-name', { hasText: text }) });
    return (await byLabel.count()) === 1 ? byLabel : paneLocator(view).locator(`.monaco-list-row[data-index="${row.index}"]`);
  }

  async function treeClick({ view, label, count = 1, timeout = DEFAULT_TIMEOUT }) {
    const row = await findRow(view, label, timeout);
    await row.click({ clickCount: count, timeout: left() });
    return null;
  }

  /** Rests the pointer on the row until its tooltip shows, and returns the tooltip's text. */
  async function treeTooltip({ view, label, timeout = DEFAULT_TIMEOUT }) {
    const row = await findRow(view, label, timeout);
    const read = () =>
      page.evaluate(
        () =>
          [...document.querySelectorAll('.workbench-hover-container .workbench-hover, .monaco-hover:not(.hidden)')]
            .filter((h) => h.getClientRects().length > 0 && getComputedStyle(h).visibility !== 'hidden')
            .map((h) => h.innerText.trim())
            .filter(Boolean)
            .join('\n\n') || undefined,
      );
    // VS Code shows a row's tooltip after the pointer rests on it; a small move wakes it up again
    let since = 0;
    const text = await poll(
      `the tooltip of the row ${JSON.stringify(label)} in ${JSON.stringify(view)}`,
      async () => {
        // (again every 4 s, on the row as it is then: a refresh of the tree may have replaced or moved it, and a
        // row half hidden at the bottom of its pane is scrolled into view first, as a person would)
        if (Date.now() - since > 4000) {
          const current = since === 0 ? row : await findRow(view, label, left());
          await current.scrollIntoViewIfNeeded({ timeout: left() });
          const box = await current.boundingBox({ timeout: left() });
          if (!box) throw new Error(`the row ${JSON.stringify(label)} in ${JSON.stringify(view)} is not on screen`);
          await page.mouse.move(box.x + Math.min(60, box.width / 3), box.y + box.height / 2 - 2);
          await page.mouse.move(box.x + Math.min(60, box.width / 3), box.y + box.height / 2);
          since = Date.now();
        }
        return read();
      },
      { timeout, interval: 100 },
    );
    await noHover();
    return text;
  }

  async function treeToggle({ view, label, expand, timeout = DEFAULT_TIMEOUT }) {
    const want = String(expand);
    const end = Date.now() + timeout;
    // A click that lands while the tree redraws (a refresh for a change on disk) may select the row and toggle
    // nothing, or the redraw may close what it opened: a person looks, and clicks the twistie again.
    for (let attempt = 0; ; attempt++) {
      const row = await findRow(view, label, Math.max(1000, end - Date.now()));
      const state = await row.getAttribute('aria-expanded', { timeout: left() });
      if (state === null) {
        throw new Error(`the row ${JSON.stringify(label)} in ${JSON.stringify(view)} has no children to ${expand ? 'expand' : 'collapse'}`);
      }
      if (state === want) return null;
      if (Date.now() > end) {
        throw new Error(
          `the row ${JSON.stringify(label)} did not ${expand ? 'expand' : 'collapse'} after ${attempt} clicks on its twistie`,
        );
      }
      await row.locator('.monaco-tl-twistie').click({ timeout: left() });
      await poll(
        `the row ${JSON.stringify(label)} to ${expand ? 'expand' : 'collapse'}`,
        async () => ((await row.getAttribute('aria-expanded', { timeout: left() })) === want ? true : undefined),
        { timeout: Math.max(500, Math.min(3000, end - Date.now())) },
      ).catch(() => undefined);
    }
  }

  const readMenu = () =>
    page.evaluate(() =>
      [...document.querySelectorAll('.context-view .monaco-menu [role="menuitem"]')]
        .filter((e) => e.getClientRects().length > 0)
        .map((e) => (e.querySelector('.action-label')?.textContent || '').trim()),
    );

  async function pickMenuItem(item, timeout) {
    const m = matcher(item);
    const items = await poll(
      'a context menu',
      async () => {
        const l = await readMenu();
        return l.length ? l : undefined;
      },
      { timeout },
    );
    const i = items.findIndex((x) => m.test(x));
    if (i < 0) {
      await page.keyboard.press('Escape');
      throw new Error(`the menu has no item ${m.show}; it shows [${items.map((x) => JSON.stringify(x)).join(', ')}]`);
    }
    // VS Code's menu closes before it runs the action. A click that landed while the menu was still settling
    // (it ignores a click too soon after it opened) leaves it open with the item focused: a person clicks again.
    for (let attempt = 0; ; attempt++) {
      await page
        .locator('.context-view .monaco-menu [role="menuitem"]')
        .filter({ visible: true })
        .nth(i)
        .click({ timeout: Math.min(left(), clickTimeout) });
      const closed = await poll('the menu to close', async () => ((await readMenu()).length ? undefined : true), {
        timeout: Math.min(left(), 2000),
      }).catch(() => false);
      if (closed) return null;
      if (attempt >= 2) throw new Error(`the menu stayed open after ${attempt + 1} clicks on ${m.show}`);
    }
  }

  // A context menu closes when its view re-renders under it (a refresh, a tooltip): Playwright then waits
  // for an item that is gone. After this long without the click, the menu is opened again, as a person would.
  const clickTimeout = 5000;

  async function treeContextMenu({ view, label, item, timeout = DEFAULT_TIMEOUT }) {
    for (;;) {
      const row = await findRow(view, label, timeout);
      await row.click({ button: 'right', timeout: left() });
      try {
        return await pickMenuItem(item, timeout);
      } catch (e) {
        // A click that timed out never happened (Playwright clicks once the item is stable, or not at all).
        if (!/Timeout/.test(String(e && e.message)) || left() <= clickTimeout) throw e;
        if ((await readMenu()).length) await page.keyboard.press('Escape');
      }
    }
  }

  /** Clicks a view title action by its title (tooltip), looking in the "More Actions..." menu too. */
  async function viewAction({ view, title, timeout = DEFAULT_TIMEOUT }) {
    await revealView({ view, timeout });
    const header = paneLocator(view).locator(':scope > .pane-header');
    await header.hover({ timeout: left() }); // the actions show while the pointer is over the header
    const actions = header.locator('.actions a.action-label[role="button"]');
    const labels = await actions.evaluateAll((as) => as.map((a) => a.getAttribute('aria-label') || ''));
    const m = matcher(title);
    // a label may end with the keybinding: "New Memo (Ctrl+Alt+M)"
    const i = labels.findIndex((l) => m.test(l) || m.test(l.replace(/ \([^)]*\)$/, '')));
    if (i >= 0) {
      await actions.nth(i).click({ timeout: left() });
      return null;
    }
    const more = labels.findIndex((l) => /^More Actions/.test(l));
    if (more < 0) {
      throw new Error(
        `the view ${JSON.stringify(view)} has no action ${m.show}; it shows [${labels.map((x) => JSON.stringify(x)).join(', ')}]`,
      );
    }
    await actions.nth(more).click({ timeout: left() });
    return pickMenuItem(title, timeout);
  }

  /** Errors from a frame or page that went away under an operation (a panel re-rendered or was replaced). */
  const detached = (e) =>
    /detached|execution context was destroyed|cannot find context with specified id|from a different document|not attached/i.test(
      String(e && e.message),
    );

  // ---- webview panels: <iframe.webview> (VS Code's host page) > <iframe#active-frame title=…> --

  /** The content frame of the webview titled `title` (or the only visible one), preferring visible ones. */
  async function webviewFrame(title, timeout = DEFAULT_TIMEOUT) {
    const m = title !== undefined && title !== null ? matcher(title) : null;
    const seen = [];
    return poll(
      `a webview${m ? ` titled ${m.show}` : ''}`,
      async () => {
        seen.length = 0;
        const found = [];
        for (const f of page.frames()) {
          if (f.isDetached() || !f.url().includes('/webview/browser/pre/index.html')) continue;
          // A panel that re-renders or is replaced detaches its frames between these awaits: such a frame is
          // simply not a candidate this time round (the next poll sees the new one).
          const probe = await (async () => {
            const el = await f.$('iframe#active-frame');
            if (!el) return null;
            const t = (await el.getAttribute('title')) || '';
            const outer = await f.frameElement().catch(() => null);
            const visible = outer ? await outer.isVisible() : false;
            return { t, visible, content: await el.contentFrame() };
          })().catch((e) => {
            if (detached(e)) return null;
            throw e;
          });
          if (!probe) continue;
          seen.push(`${JSON.stringify(probe.t)}${probe.visible ? '' : ' (hidden)'}`);
          if (probe.content && !probe.content.isDetached() && (!m || m.test(probe.t)))
            found.push({ content: probe.content, visible: probe.visible });
        }
        const shown = found.filter((x) => x.visible);
        if (!m && shown.length > 1) throw new Error(`${shown.length} webviews are visible: name one by its title (${seen.join(', ')})`);
        return (shown[0] || (m ? found[0] : undefined))?.content;
      },
      { timeout, state: () => `webviews [${seen.join(', ')}]` },
    );
  }

  const target = (frame, { text, selector }) => {
    if (selector) return frame.locator(selector).first();
    if (text === undefined) throw new Error('give the text or a CSS selector of the element');
    const t = typeof text === 'string' ? text : new RegExp(text.re, text.flags || '');
    return frame.getByText(t, { exact: typeof text === 'string' }).first();
  };

  /**
   * Runs `act` on the webview's content frame; when the panel re-renders and its frame detaches before the
   * act took effect, finds the new frame and acts again (until the operation's deadline).
   */
  async function inWebview(title, timeout, act) {
    for (;;) {
      const frame = await webviewFrame(title, timeout);
      try {
        return await act(frame);
      } catch (e) {
        if (!detached(e) || left() <= 250) throw e;
        await sleep(50);
      }
    }
  }

  async function webviewText({ title, selector, timeout = DEFAULT_TIMEOUT }) {
    return inWebview(title, timeout, async (frame) => {
      const el = frame.locator(selector || 'body').first();
      await el.waitFor({ state: 'attached', timeout: left() });
      return (await el.innerText({ timeout: left() })).trim();
    });
  }

  async function waitWebviewText({ title, text, selector, timeout = DEFAULT_TIMEOUT }) {
    const m = matcher(text);
    const pattern = typeof text === 'string' ? null : new RegExp(text.re, text.flags || '');
    let last = '';
    return poll(
      `the webview${title ? ` ${JSON.stringify(title)}` : ''} to show ${m.show}`,
      async () => {
        const frame = await webviewFrame(title, timeout);
        // a frame that detaches while being read counts as not showing it yet
        last = (
          await frame
            .locator(selector || 'body')
            .first()
            .innerText({ timeout: Math.min(left(), 2000) })
            .catch(() => '')
        ).trim();
        if (pattern) return pattern.test(last) ? last : undefined;
        return last.includes(text) ? last : undefined;
      },
      { timeout, state: () => JSON.stringify(last.slice(0, 400)) },
    );
  }

  async function webviewClick({ title, text, selector, timeout = DEFAULT_TIMEOUT }) {
    await inWebview(title, timeout, (frame) => target(frame, { text, selector }).click({ timeout: left() }));
    return null;
  }

  async function webviewType({ title, selector, text, clear = true, timeout = DEFAULT_TIMEOUT }) {
    await inWebview(title, timeout, async (frame) => {
      const el = frame.locator(selector).first();
      await el.click({ timeout: left() });
      if (clear) await el.fill('', { timeout: left() });
      await el.pressSequentially(text, { timeout: left() });
    });
    return null;
  }

  async function webviewSelect({ title, selector, option, timeout = DEFAULT_TIMEOUT }) {
    await inWebview(title, timeout, (frame) => frame.locator(selector).first().selectOption({ label: option }, { timeout: left() }));
    return null;
  }

  return {
    revealView,
    viewState,
    webviewSelect,
    waitViewRow: async ({ view, label, timeout }) => {
      await findRow(view, label, timeout);
      return publicRow((await read(view)).rows.find((r) => matcher(label).test(r.label)));
    },
    treeClick,
    treeExpand: (a) => treeToggle({ ...a, expand: true }),
    treeCollapse: (a) => treeToggle({ ...a, expand: false }),
    treeContextMenu,
    treeTooltip,
    viewAction,
    webviewText,
    waitWebviewText,
    webviewClick,
    webviewType,
  };
}

module.exports = { createViewOps };
