/// <reference lib="dom" />
/**
 * The Saturation panel in the browser: draws what the host sends (validated with
 * zod first), turns the controls into `setOptions` messages, and reports what it
 * drew with `rendered`. Never imports vscode; talks only through postMessage.
 */
import {
  saturationBodyHtml,
  hostMessageSchema,
  type RenderedCounts,
  type SaturationView,
  type SaturationViewOptions,
  type WebviewMessage,
} from '../core/saturation';
import { fillSelect } from './shared/dom';
import { panelPage } from './shared/panel';

const page = panelPage<WebviewMessage>('saturation webview');
const { post, byId, content, showStatus } = page;
const study = byId<HTMLElement>('study');
const by = byId<HTMLSelectElement>('by');
const coder = byId<HTMLSelectElement>('coder');
const baseSize = byId<HTMLInputElement>('baseSize');
const runLength = byId<HTMLInputElement>('runLength');
const threshold = byId<HTMLInputElement>('threshold');
const subgroupBy = byId<HTMLSelectElement>('subgroupBy');
const exportButton = byId<HTMLButtonElement>('export');
const resetButton = byId<HTMLButtonElement>('reset');

/** A select's options: `first`, then the values as they are. */
const choices = (first: { value: string; label: string }, values: readonly string[]) => [
  first,
  ...values.map((v) => ({ value: v, label: v })),
];

/** Sets a control unless the researcher is typing in it right now. */
function setInput(input: HTMLInputElement, value: string): void {
  if (document.activeElement !== input) {
    input.value = value;
    input.removeAttribute('aria-invalid');
  }
}

function showControls(view: SaturationView): void {
  const o = view.options;
  study.textContent = view.title;
  by.value = o.by;
  fillSelect(coder, choices({ value: '', label: 'All coders' }, view.coders), o.coder ?? '');
  fillSelect(subgroupBy, choices({ value: '', label: 'None' }, view.attributes), o.subgroupBy ?? '');
  setInput(baseSize, String(o.baseSize));
  setInput(runLength, String(o.runLength));
  setInput(threshold, String(Number((o.threshold * 100).toFixed(4))));
  const d = view.defaults;
  resetButton.disabled =
    o.baseSize === d.baseSize && o.runLength === d.runLength && o.threshold === d.threshold && o.coder === null && o.by === 'source';
  baseSize.title = `project.yaml: ${d.baseSize}`;
  runLength.title = `project.yaml: ${d.runLength}`;
  threshold.title = `project.yaml: ${Number((d.threshold * 100).toFixed(4))} %`;
}

const count = page.count;

function render(view: SaturationView): void {
  showControls(view);
  content.innerHTML = saturationBodyHtml(view);
  content.setAttribute('aria-busy', 'false');
  const counts: RenderedCounts = {
    observedPoints: count('#curve .qc-observed-point'),
    bars: count('#new-codes rect.qc-bar[data-index]'),
    guestRuns: count('table.guest-runs tbody tr'),
    estimates: count('table.estimates tbody tr'),
    subgroupRows: count('table.subgroups tbody tr'),
    compositionCharts: count('svg.qc-composition'),
    compositionRows: count('.qc-composition-row'),
    injected: page.injected('img, script, iframe, object, embed, link, meta, style, foreignObject'),
  };
  post({ type: 'rendered', version: view.version, counts, text: (content.textContent ?? '').slice(0, 200000) });
}

/** A whole number >= 1 from an input, or undefined (and the input marked) when it is not. */
function wholeNumber(input: HTMLInputElement): number | undefined {
  const n = Number(input.value);
  const ok = input.value.trim() !== '' && Number.isInteger(n) && n >= 1 && n <= 10000;
  input.setAttribute('aria-invalid', String(!ok));
  return ok ? n : undefined;
}

function readOptions(): Partial<SaturationViewOptions> | undefined {
  const base = wholeNumber(baseSize);
  const run = wholeNumber(runLength);
  const pct = Number(threshold.value);
  const pctOk = threshold.value.trim() !== '' && Number.isFinite(pct) && pct >= 0 && pct <= 100;
  threshold.setAttribute('aria-invalid', String(!pctOk));
  if (base === undefined || run === undefined || !pctOk) {
    showStatus('Base and run are whole numbers of at least 1; the threshold is a percentage from 0 to 100.', 'error');
    return undefined;
  }
  return {
    by: by.value === 'participant' ? 'participant' : 'source',
    coder: coder.value || null,
    baseSize: base,
    runLength: run,
    threshold: Number((pct / 100).toFixed(6)),
    subgroupBy: subgroupBy.value || null,
  };
}

function optionsChanged(): void {
  const options = readOptions();
  if (!options) return;
  showStatus('');
  content.setAttribute('aria-busy', 'true');
  post({ type: 'setOptions', options });
}

for (const control of [by, coder, subgroupBy, baseSize, runLength, threshold]) control.addEventListener('change', optionsChanged);
exportButton.addEventListener('click', () => {
  showStatus('Choose a folder for the figures…');
  post({ type: 'export' });
});
resetButton.addEventListener('click', () => post({ type: 'resetOptions' }));

page.startView<SaturationView>(hostMessageSchema, render);
