// The UI driver for integration tests: drive the real VS Code the way a person does (Command Palette,
// typing into a quick pick and pressing Enter, clicking tree rows, reading the status bar, the
// notifications, hovers and webviews) from a test running inside the extension host.
//
// How it works: scripts/test.js runs code-server and headless Chromium (test/harness/codeServer.js);
// a small HTTP server on 127.0.0.1 (test/harness/uiBridge.js) holds the Playwright page of the
// workbench, and its URL reaches this host as $QDA_UI_DRIVER. Each call below is one request; the
// Playwright side waits on the DOM (never a fixed sleep) up to `timeout` ms (default 20 s) and
// fails with what it expected and what the screen showed, plus a screenshot of the moment.
//
// Writing a test (see suite/ui.test.ts):
//   import { ui } from '../ui';
//   it('codes a passage from the picker', async function () {
//     this.timeout(60000);                             // UI steps take a few hundred ms each
//     await ui.quickOpen('s02.transcript');            // Ctrl+P, type, Enter, wait for the tab
//     select(vscode.window.activeTextEditor!, '…');   // setting up state through the API is fine
//     await ui.press('Control+Alt+C');                 // the keybinding, as a person presses it
//     await ui.quickInput.wait({ title: /^Code / });
//     await ui.quickInput.type('budg');                // keystrokes into the picker's input
//     await ui.quickInput.waitForRow('Budgeting and tracking money', { active: true });
//     await ui.quickInput.press('Enter');
//     // then assert what a person would see (ui.statusBar, ui.view(...).rows()) and what is on disk
//   });
// Rules: act through the UI where the flow is a user flow; wait for what the screen should show
// (waitForRow, waitFor...) before reading it; leave the workbench as you found it (close pickers
// with Escape, editors with the API) because later suites share the window; key names are
// Playwright's (Enter, Escape, ArrowDown, Space, Tab, Control+Alt+C, ...). Without $QDA_UI_DRIVER
// every call throws: a test that cannot drive the UI fails, it is never skipped.

/** A label to find: a string matches the whole text exactly (trimmed); a RegExp is tested against it. */
export type Matcher = string | RegExp;

/** One row of a quick pick as shown. */
export interface QuickPickRow {
  label: string;
  description?: string;
  detail?: string;
  /** The highlighted row (what Enter applies in a single-select pick). */
  active: boolean;
  /** Ticked, in a multi-select pick; undefined in a single-select one. */
  checked?: boolean;
  /** The separator label shown above this row, if any. */
  separator?: string;
}

/** What a quick pick or input box shows. */
export interface QuickInputState {
  title?: string;
  placeholder?: string;
  value: string;
  /** The validation or prompt message under the input. */
  message?: string;
  /** The rendered rows (the list is virtualised: the ones on screen), in list order. */
  rows: QuickPickRow[];
}

/** One row of a tree view as shown. */
export interface TreeRow {
  label: string;
  description?: string;
  /** 1 for top-level rows. */
  level: number;
  /** undefined for rows without children. */
  expanded?: boolean;
  selected: boolean;
  focused: boolean;
  /** The icon's file when the row has one (iconPath as a URI, e.g. a colour swatch), decoded; undefined for theme icons. */
  icon?: string;
}

/** A view pane as shown. */
export interface ViewState {
  found: boolean;
  visible: boolean;
  expanded?: boolean;
  /** The text beside the title (TreeView.description). */
  description?: string;
  /** The view's message or welcome text. */
  message?: string;
  rows?: TreeRow[];
}

export interface StatusBarItem {
  /** e.g. "reflexive-qda.reflexive-qda.reflexiveQda.coverage"; "status.extensionMessage" for setStatusBarMessage. */
  id: string;
  text: string;
  /** The accessibility label (often the tooltip). */
  label: string;
}

export interface Notification {
  severity: 'info' | 'warning' | 'error';
  message: string;
  source?: string;
  buttons: string[];
}

export interface EditorTab {
  /** The label on the tab, e.g. "s01.transcript", "Saturation". */
  title: string;
  /** The active tab of the active editor group. */
  active: boolean;
  /** A preview tab (italic title), replaced by the next file opened. */
  preview: boolean;
  dirty: boolean;
}

/** A step of the Get Started walkthrough as shown. */
export interface WalkthroughStep {
  title: string;
  /** Ticked. */
  done: boolean;
  /** Selected: its description and buttons show. */
  expanded: boolean;
}

interface Timeout {
  /** ms; default 20000. */
  timeout?: number;
}

type WireMatcher = string | { re: string; flags: string };
const wire = (m: Matcher): WireMatcher => (typeof m === 'string' ? m : { re: m.source, flags: m.flags });

const DEFAULT_TIMEOUT = 20000;

async function call<T>(op: string, args: Record<string, unknown> = {}): Promise<T> {
  // In the web worker host there is no process: the web-host runner (test/web/index.ts) puts the URL on globalThis.
  const url =
    (globalThis as { QDA_UI_DRIVER?: string }).QDA_UI_DRIVER ?? (typeof process === 'undefined' ? undefined : process.env.QDA_UI_DRIVER);
  if (!url) {
    throw new Error(
      `QDA_UI_DRIVER is not set: this test drives the VS Code UI (${op}) and runs only under ` +
        'scripts/test.js (code-server + Chromium with the UI bridge)',
    );
  }
  const timeout = typeof args.timeout === 'number' ? args.timeout : DEFAULT_TIMEOUT;
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ op, args }),
      // the bridge gives up at `timeout`; this only guards against a bridge that never answers
      signal: AbortSignal.timeout(timeout + 15000),
    });
  } catch (e) {
    throw new Error(`ui.${op}: the UI bridge did not answer (${e instanceof Error ? e.message : String(e)})`, { cause: e });
  }
  const body = (await res.json()) as { ok: boolean; value?: T; error?: string };
  if (!body.ok) throw new Error(`ui.${body.error ?? `${op}: HTTP ${res.status}`}`);
  return body.value as T;
}

/** A tree view (or any view pane) found by the title on its header. */
export class View {
  constructor(
    readonly title: string,
    private readonly container?: string,
  ) {}

  /** Shows the view (View: Open View, i.e. Quick Open "view <title>") and expands its pane. */
  reveal(opts: Timeout = {}): Promise<void> {
    return call('revealView', { view: this.title, container: this.container, ...opts });
  }

  /** The pane's state and its rendered rows; does not wait. */
  state(): Promise<ViewState> {
    return call('viewState', { view: this.title });
  }

  /** The rendered rows (empty when the view is not on screen). */
  async rows(): Promise<TreeRow[]> {
    return (await this.state()).rows ?? [];
  }

  /** Waits until a row labelled `label` is rendered (scrolling the list to it) and returns it. */
  waitForRow(label: Matcher, opts: Timeout = {}): Promise<TreeRow> {
    return call('waitViewRow', { view: this.title, label: wire(label), ...opts });
  }

  /** Clicks the row labelled `label` (scrolled into view). */
  click(label: Matcher, opts: Timeout = {}): Promise<void> {
    return call('treeClick', { view: this.title, label: wire(label), ...opts });
  }

  doubleClick(label: Matcher, opts: Timeout = {}): Promise<void> {
    return call('treeClick', { view: this.title, label: wire(label), count: 2, ...opts });
  }

  /** Expands the row with its twistie (no-op when expanded). */
  expand(label: Matcher, opts: Timeout = {}): Promise<void> {
    return call('treeExpand', { view: this.title, label: wire(label), ...opts });
  }

  collapse(label: Matcher, opts: Timeout = {}): Promise<void> {
    return call('treeCollapse', { view: this.title, label: wire(label), ...opts });
  }

  /** Rests the pointer on the row until its tooltip shows; returns the tooltip's text as shown. */
  tooltip(label: Matcher, opts: Timeout = {}): Promise<string> {
    return call('treeTooltip', { view: this.title, label: wire(label), ...opts });
  }

  /** Right-clicks the row and picks `item` from its context menu. */
  contextMenu(label: Matcher, item: Matcher, opts: Timeout = {}): Promise<void> {
    return call('treeContextMenu', { view: this.title, label: wire(label), item: wire(item), ...opts });
  }

  /** Clicks a view title action by its title (tooltip without the keybinding), or picks it from "More Actions...". */
  action(title: Matcher, opts: Timeout = {}): Promise<void> {
    return call('viewAction', { view: this.title, title: wire(title), ...opts });
  }
}

/** A webview panel found by its title (the editor tab's title), or the only visible one. */
export class Webview {
  constructor(readonly title?: Matcher) {}

  private get t(): WireMatcher | undefined {
    return this.title === undefined ? undefined : wire(this.title);
  }

  /** The visible text of the webview's body (or of the first element matching `selector`). */
  text(selector?: string, opts: Timeout = {}): Promise<string> {
    return call('webviewText', { title: this.t, selector, ...opts });
  }

  /** Waits until the text contains `text` (a string) or matches it (a RegExp); returns the whole text. */
  waitForText(text: Matcher, opts: Timeout & { selector?: string } = {}): Promise<string> {
    return call('waitWebviewText', { title: this.t, text: wire(text), ...opts });
  }

  /** Clicks the element showing exactly `target` text, or `{ selector }`. */
  click(target: Matcher | { selector: string }, opts: Timeout = {}): Promise<void> {
    const what = typeof target === 'object' && 'selector' in target ? { selector: target.selector } : { text: wire(target as Matcher) };
    return call('webviewClick', { title: this.t, ...what, ...opts });
  }

  /** Chooses the option labelled `option` in the <select> matching `selector`. */
  select(selector: string, option: string, opts: Timeout = {}): Promise<void> {
    return call('webviewSelect', { title: this.t, selector, option, ...opts });
  }

  /** Clicks the input matching `selector`, clears it (unless clear is false) and types `text` as keystrokes. */
  type(selector: string, text: string, opts: Timeout & { clear?: boolean } = {}): Promise<void> {
    return call('webviewType', { title: this.t, selector, text, ...opts });
  }
}

/** The driver. Every method is one UI step; see the header for how to write a test. */
export const ui = {
  /** Runs a command from the Command Palette by its title as shown, e.g. "Reflexive QDA: Code Selection…". */
  runCommand: (title: string, opts: Timeout = {}): Promise<void> => call('runCommand', { title, ...opts }),

  /** Opens a workspace file with Quick Open (Ctrl+P, type, Enter) and waits for its editor tab. "dir/name" narrows by folder. */
  quickOpen: (file: string, opts: Timeout = {}): Promise<void> => call('quickOpen', { file, ...opts }),

  /** Presses keys in order, wherever the focus is (e.g. 'Control+Alt+C', or 'Control+K', 'Control+I' for a chord). */
  press: (...keys: string[]): Promise<void> => call('press', { keys }),

  /** Types text as keystrokes into whatever has the focus (an editor, an input). */
  type: (text: string): Promise<void> => call('type', { text }),

  /** The title of the active editor tab, or null. */
  activeTab: (): Promise<string | null> => call('activeTab'),

  /** Every editor tab, in every group. */
  tabs: (): Promise<EditorTab[]> => call('tabs'),

  /** Waits until the active editor tab's title matches. */
  waitForActiveTab: (title: Matcher, opts: Timeout = {}): Promise<string> => call('waitActiveTab', { title: wire(title), ...opts }),

  /** Moves the mouse over `text` in the active editor (it must be on screen) and returns the hover's text. */
  hover: (text: string, opts: Timeout = {}): Promise<string> => call('hover', { text, ...opts }),

  /** As hover, then the colours (CSS rgb(...)) of the coloured marks in the hover, in order. */
  hoverColors: (text: string, opts: Timeout = {}): Promise<string[]> => call('hoverColors', { text, ...opts }),

  /**
   * What the screen shows on each row of the active editor that contains `text` (waits for one; a wrapped
   * line takes several rows): its characters and any text a decoration draws before or after them, as a
   * person reads the row, top to bottom.
   */
  editorLines: (text: string, opts: Timeout = {}): Promise<string[]> => call('editorLines', { text, ...opts }),

  /** Waits for the next browser tab the window opens (vscode.env.openExternal), reads its address and text, and closes it. */
  newBrowserTab: (opts: Timeout = {}): Promise<{ url: string; text: string }> => call('newBrowserTab', { ...opts }),

  /** The Get Started walkthrough on screen (Welcome: Open Walkthrough…). */
  walkthrough: {
    /** Its steps in order, each with whether it is ticked; waits for the page. */
    steps: (opts: Timeout = {}): Promise<WalkthroughStep[]> => call('walkthroughSteps', { ...opts }),
    /** Selects the step titled `step`, then clicks its button or link showing exactly `text`. */
    click: (step: Matcher, text: string, opts: Timeout = {}): Promise<void> =>
      call('walkthroughClick', { step: wire(step), text, ...opts }),
  },

  /** The quick pick / input box on screen (also the Command Palette and Quick Open). */
  quickInput: {
    /** What it shows now, or null when none is open; does not wait. */
    state: (): Promise<QuickInputState | null> => call('quickInput'),
    /** Waits for a quick input (optionally with this title) and returns what it shows. */
    wait: (opts: Timeout & { title?: Matcher } = {}): Promise<QuickInputState> =>
      call('waitQuickInput', { ...opts, title: opts.title === undefined ? undefined : wire(opts.title) }),
    /** Types into its input as keystrokes (focusing the input first). */
    type: (text: string): Promise<void> => call('quickInputType', { text }),
    /** Selects all of its input and types `text` over it, again until the input shows exactly `text`. */
    replace: (text: string): Promise<void> => call('quickInputReplace', { text }),
    /** Presses keys (Enter, Escape, ArrowDown, Space, Tab, ...). */
    press: (...keys: string[]): Promise<void> => call('press', { keys }),
    /** Waits for a row with this label (and, if given, highlighted / ticked as asked) and returns it. */
    waitForRow: (label: Matcher, opts: Timeout & { active?: boolean; checked?: boolean } = {}): Promise<QuickPickRow> =>
      call('waitQuickInputRow', { ...opts, label: wire(label) }),
    /** Clicks the row with this label (in a multi-select pick this ticks it). */
    click: (label: Matcher, opts: Timeout = {}): Promise<void> => call('clickQuickInputRow', { label: wire(label), ...opts }),
    /** Waits until no quick input is open. */
    waitClosed: (opts: Timeout = {}): Promise<void> => call('waitQuickInputClosed', { ...opts }),
  },

  /** A view by its title ("Codes", "Coded Passages"); `container` narrows Open View to one container ("QDA"). */
  view: (title: string, container?: string): View => new View(title, container),

  statusBar: {
    /** The visible status bar items. */
    items: (): Promise<StatusBarItem[]> => call('statusBar'),
    /** Waits for an item whose text or accessibility label matches (and whose id matches, if given). */
    waitFor: (text: Matcher, opts: Timeout & { id?: Matcher } = {}): Promise<StatusBarItem> =>
      call('waitStatusBar', { ...opts, text: wire(text), id: opts.id === undefined ? undefined : wire(opts.id) }),
  },

  /** The Notifications Center (toasts are hidden in this test mode): opened for the read, closed again. */
  notifications: {
    list: (opts: Timeout = {}): Promise<Notification[]> => call('notifications', { ...opts }),
    /** Waits for a notification whose message matches. */
    waitFor: (message: Matcher, opts: Timeout = {}): Promise<Notification> => call('waitNotification', { message: wire(message), ...opts }),
    /** Clicks a button of the notification whose message matches. */
    clickButton: (message: Matcher, button: Matcher, opts: Timeout = {}): Promise<void> =>
      call('clickNotificationButton', { message: wire(message), button: wire(button), ...opts }),
    clear: (opts: Timeout = {}): Promise<void> => call('clearNotifications', { ...opts }),
  },

  /** A webview panel by its title, or the only visible one. */
  webview: (title?: Matcher): Webview => new Webview(title),

  /** Saves a PNG of the whole window under the run's temporary folder; logs and returns its path. */
  async screenshot(name: string): Promise<string> {
    const file = await call<string>('screenshot', { name });
    console.log(`[mocha] [ui] screenshot ${file}`);
    return file;
  },
};
