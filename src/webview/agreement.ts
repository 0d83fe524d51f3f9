/// <reference lib="dom" />
/**
 * The Compare Coders panel in the browser: draws what the host sends (validated
 * with zod first), turns the controls into messages, and reports what it drew
 * with `rendered`. Never imports vscode; talks only through postMessage.
 */
import { agreementBodyHtml, hostMessageSchema, type AgreementView, type RenderedCounts, type WebviewMessage } from '../core/agreement';
import { panelPage } from './shared/panel';

const page = panelPage<WebviewMessage>('agreement webview');
const { post, byId, content, count } = page;
const coders = byId<HTMLElement>('coders');
const unit = byId<HTMLSelectElement>('unit');

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
    injected: page.injected('img, script, iframe, object, embed, link, meta, style, svg'),
  };
  post({ type: 'rendered', version: view.version, counts, text: (content.textContent ?? '').slice(0, 200000) });
}

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

page.startView<AgreementView>(hostMessageSchema, render);
