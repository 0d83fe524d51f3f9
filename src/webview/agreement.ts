/// <reference lib="dom" />
/**
 * The Compare Coders panel in the browser: draws what the host sends (validated
 * with zod first), turns the controls into messages, and reports what it drew
 * with `rendered`. Never imports vscode; talks only through postMessage.
 */
import { agreementBodyHtml, hostMessageSchema, type AgreementView, type RenderedCounts, type WebviewMessage } from '../core/agreement';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();
const post = (m: WebviewMessage) => api.postMessage(m);

function byId<T extends HTMLElement>(id: string): T {
  const e = document.getElementById(id);
  if (!e) throw new Error(`agreement webview: #${id} missing from the page`);
  return e as T;
}

const content = byId<HTMLElement>('content');
const status = byId<HTMLElement>('status');
const coders = byId<HTMLElement>('coders');
const unit = byId<HTMLSelectElement>('unit');

function showStatus(message: string, severity: 'info' | 'error' = 'info'): void {
  status.textContent = message;
  status.className = severity === 'error' ? 'status error' : 'status';
}

const count = (selector: string) => content.querySelectorAll(selector).length;

/** Elements user text must never turn into: any of them means escaping failed somewhere. */
function injected(): number {
  let n = count('img, script, iframe, object, embed, link, meta, style, svg');
  for (const e of Array.from(content.querySelectorAll('*'))) {
    if (Array.from(e.attributes).some((a) => a.name.toLowerCase().startsWith('on') || /^\s*javascript:/i.test(a.value))) n++;
  }
  return n;
}

function render(view: AgreementView): void {
  const [a, b] = view.report.coders;
  coders.textContent = `${a} and ${b}`;
  unit.value = view.report.unit;
  content.innerHTML = agreementBodyHtml(view);
  content.setAttribute('aria-busy', 'false');
  const counts: RenderedCounts = {
    rows: count('table.agreement tbody tr:not(.pooled)'),
    figures: count('td.figure:not(.blank)'),
    blanks: count('td.figure.blank'),
    reasons: count('section.reasons li'),
    injected: injected(),
  };
  post({ type: 'rendered', version: view.version, counts, text: (content.textContent ?? '').slice(0, 200000) });
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const parsed = hostMessageSchema.safeParse(event.data);
  if (!parsed.success) {
    console.warn('[reflexive-qda] agreement webview ignored a message:', parsed.error.issues.slice(0, 3));
    return;
  }
  const m = parsed.data;
  if (m.type === 'update') {
    // The schema checked the shape; the host's declared type is the richer one.
    render((event.data as { view: AgreementView }).view);
    if (status.className === 'status') showStatus('');
  } else if (m.type === 'empty') {
    content.replaceChildren(Object.assign(document.createElement('p'), { className: 'muted', textContent: m.message }));
  } else {
    showStatus(m.message, m.severity);
  }
});

unit.addEventListener('change', () => {
  content.setAttribute('aria-busy', 'true');
  post({ type: 'setUnit', unit: unit.value === 'turn' ? 'turn' : 'character' });
});
byId<HTMLButtonElement>('exportCsv').addEventListener('click', () => post({ type: 'export', format: 'csv' }));
byId<HTMLButtonElement>('exportMd').addEventListener('click', () => post({ type: 'export', format: 'md' }));
// Buttons in the table are redrawn with it: one listener on the container.
content.addEventListener('click', (e) => {
  const button = (e.target as Element | null)?.closest('button.walk');
  if (button instanceof HTMLButtonElement) post({ type: 'walk', code: button.dataset.code || null });
});

// Handshake: the host sends nothing until the page can receive it.
post({ type: 'ready' });
