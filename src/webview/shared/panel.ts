/// <reference lib="dom" />
/**
 * What every panel page starts with (Saturation, Matrices, Compare Coders,
 * Participants, the survey import preview): the one channel to the host, the
 * page's fixed elements, the status line, and the handshake: messages from the
 * host are validated before anything draws them, then the page says `ready`
 * (the host sends nothing before). Never imports vscode. This folder is not a
 * bundle of its own: esbuild bundles only src/webview/*.ts.
 */

interface VsCodeApi {
  postMessage(message: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** A zod schema, or anything else that validates a message the same way. */
export interface HostMessageSchema<In> {
  safeParse(raw: unknown): { success: true; data: In } | { success: false; error: { issues: unknown[] } };
}

/** The page as a panel's script uses it. */
export interface PanelPage<Out extends { type: string }> {
  post(message: Out): void;
  /** An element the page shell must have (a missing one is a bug in the shell, said at once). */
  byId<T extends HTMLElement>(id: string): T;
  /** `#content`: what the script draws. */
  readonly content: HTMLElement;
  /** `#status`: one line for progress and errors. */
  readonly status: HTMLElement;
  showStatus(message: string, severity?: 'info' | 'error'): void;
  /** Replaces the content with one muted line (no project, nothing to compare). */
  showEmpty(message: string): void;
  /** How many elements in the content match a selector. */
  count(selector: string): number;
  /**
   * Elements and attributes user text must never turn into (the given tags, `on…`
   * handlers, `javascript:` URLs): any of them means escaping failed somewhere.
   */
  injected(tags: string): number;
  /**
   * Listens to the host, validating each message (`raw` is the message as sent: the
   * schema checked its shape, the host's declared type may be richer), and says `ready`.
   * Call it last, once every control is wired.
   */
  start<In>(schema: HostMessageSchema<In>, handle: (message: In, raw: unknown) => void): void;
  /**
   * `start` for a page that draws one view: `update` draws it (and clears a status line
   * that was not an error), `empty` says why there is none, `status` shows a line.
   */
  startView<V>(schema: HostMessageSchema<ViewMessage>, draw: (view: V) => void): void;
}

/** The messages of a page that draws one view the host computes. */
export type ViewMessage =
  { type: 'update' } | { type: 'empty'; message: string } | { type: 'status'; message: string; severity: 'info' | 'error' };

/** Starts a panel page; `name` is what its errors and warnings say, e.g. 'saturation webview'. */
export function panelPage<Out extends { type: string }>(name: string): PanelPage<Out> {
  const api = acquireVsCodeApi();
  const byId = <T extends HTMLElement>(id: string): T => {
    const e = document.getElementById(id);
    if (!e) throw new Error(`${name}: #${id} missing from the page`);
    return e as T;
  };
  const content = byId<HTMLElement>('content');
  const status = byId<HTMLElement>('status');
  const count = (selector: string) => content.querySelectorAll(selector).length;
  const post = (message: Out | { type: 'ready' }) => api.postMessage(message);
  const showStatus = (message: string, severity: 'info' | 'error' = 'info') => {
    status.textContent = message;
    status.className = severity === 'error' ? 'status error' : 'status';
  };
  const showEmpty = (message: string) =>
    content.replaceChildren(Object.assign(document.createElement('p'), { className: 'muted', textContent: message }));
  const start = <In>(schema: HostMessageSchema<In>, handle: (message: In, raw: unknown) => void) => {
    window.addEventListener('message', (event: MessageEvent<unknown>) => {
      const parsed = schema.safeParse(event.data);
      if (!parsed.success) {
        // A message this page does not understand (an older or newer host): ignore it, loudly.
        console.warn(`[reflexive-qda] ${name} ignored a message:`, parsed.error.issues.slice(0, 3));
        return;
      }
      handle(parsed.data, event.data);
    });
    // Handshake: the host sends nothing until the page can receive it.
    post({ type: 'ready' });
  };
  return {
    post,
    byId,
    content,
    status,
    showStatus,
    showEmpty,
    count,
    injected(tags) {
      let n = count(tags);
      for (const e of Array.from(content.querySelectorAll('*'))) {
        if (Array.from(e.attributes).some((a) => a.name.toLowerCase().startsWith('on') || /^\s*javascript:/i.test(a.value))) n++;
      }
      return n;
    },
    start,
    startView<V>(schema: HostMessageSchema<ViewMessage>, draw: (view: V) => void) {
      start(schema, (m, raw) => {
        if (m.type === 'update') {
          // The schema checked the shape; the host's declared type is the richer one.
          draw((raw as { view: V }).view);
          if (status.className === 'status') showStatus('');
        } else if (m.type === 'empty') showEmpty(m.message);
        else showStatus(m.message, m.severity);
      });
    },
  };
}
