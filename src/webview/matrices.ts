/// <reference lib="dom" />
/**
 * The Matrices panel in the browser: draws the heat map (or the framework
 * grid) the host sends, validated with zod first; sorts and filters rows;
 * asks the host for a cell's passages and lists them; edits framework
 * summaries in place. User text only ever goes in as text (textContent),
 * never as markup. Never imports vscode; talks only through postMessage.
 */
import {
  heatCell,
  hostMessageSchema,
  parseColour,
  visibleFramework,
  visibleRows,
  type CellRef,
  type ExportFormat,
  type MatrixView,
  type PassageItem,
  type RowFilter,
  type Rgb,
  type WebviewMessage,
} from '../core/matrices';
import { drawFramework, type FrameworkHooks } from './matrices/framework';
import { el, fillSelect } from './shared/dom';
import { panelPage } from './shared/panel';

const page = panelPage<WebviewMessage>('matrices webview');
const { post, byId, content, showStatus, count } = page;
const study = byId<HTMLElement>('study');
const matrixSelect = byId<HTMLSelectElement>('matrix');
const measureSelect = byId<HTMLSelectElement>('measure');
const measureLabel = byId<HTMLElement>('measureLabel');
const attributeSelect = byId<HTMLSelectElement>('attribute');
const attributeLabel = byId<HTMLElement>('attributeLabel');
const coderSelect = byId<HTMLSelectElement>('coder');
const exportFormat = byId<HTMLSelectElement>('exportFormat');
const exportButton = byId<HTMLButtonElement>('export');
const filterInput = byId<HTMLInputElement>('filter');
const sortSelect = byId<HTMLSelectElement>('sort');
const hideEmpty = byId<HTMLInputElement>('hideEmpty');
const hideEmptyLabel = hideEmpty.parentElement as HTMLElement;
const caption = byId<HTMLElement>('caption');
const notes = byId<HTMLElement>('notes');
const details = byId<HTMLElement>('details');
const detailsTitle = byId<HTMLElement>('detailsTitle');
const passagesList = byId<HTMLOListElement>('passages');
const showInSearch = byId<HTMLButtonElement>('showInSearch');
const closeDetails = byId<HTMLButtonElement>('closeDetails');

let view: MatrixView | undefined;
/** Sorting by a column: set by clicking its header. */
let columnSort: { column: number; descending: boolean } | undefined;
let shown: { rows: number[]; columns: number[] } = { rows: [], columns: [] };
let selected: HTMLElement | undefined;
let searchQuery: string | undefined;

/** The theme's colours, read from VS Code's CSS variables (they change with the theme). */
function themeColours(): { background: Rgb; accent: Rgb } {
  const css = getComputedStyle(document.body);
  const read = (name: string, fallback: string) => parseColour(css.getPropertyValue(name)) ?? parseColour(fallback)!;
  return { background: read('--vscode-editor-background', '#ffffff'), accent: read('--vscode-charts-blue', '#3794ff') };
}

function cellText(v: number | null, format: MatrixView['format']): string {
  if (v === null || !Number.isFinite(v)) return '—';
  if (format === 'share') return `${Math.round(v * 100)}%`;
  if (format === 'index') return v.toFixed(2);
  return String(v);
}

function filterState(): RowFilter {
  const sort = columnSort ?? (sortSelect.value === 'name' || sortSelect.value === 'total' ? sortSelect.value : 'codebook');
  return { text: filterInput.value, hideEmpty: hideEmpty.checked, sort };
}

function showControls(v: MatrixView): void {
  study.textContent = v.title;
  matrixSelect.value = v.options.matrix;
  fillSelect(measureSelect, v.measures, v.options.measure);
  measureLabel.hidden = v.options.matrix === 'framework';
  fillSelect(
    attributeSelect,
    v.attributes.map((a) => ({ value: a, label: a })),
    v.options.attribute ?? '',
  );
  attributeLabel.hidden = v.options.matrix !== 'attribute';
  fillSelect(coderSelect, [{ value: '', label: 'All coders' }, ...v.coders.map((c) => ({ value: c, label: c }))], v.options.coder ?? '');
  const formats: { value: ExportFormat; label: string }[] =
    v.options.matrix === 'framework'
      ? [
          { value: 'xlsx', label: 'Excel (.xlsx)' },
          { value: 'md', label: 'Markdown' },
          { value: 'csv', label: 'CSV' },
        ]
      : [
          { value: 'xlsx', label: 'Excel (.xlsx)' },
          { value: 'csv', label: 'CSV' },
          { value: 'svg', label: 'Heat map (SVG)' },
        ];
  fillSelect(exportFormat, formats, formats.some((f) => f.value === exportFormat.value) ? exportFormat.value : formats[0].value);
  hideEmptyLabel.lastChild!.textContent =
    v.options.matrix === 'framework'
      ? ' Hide codes without passages or summaries'
      : v.options.matrix === 'cooccurrence'
        ? ' Hide codes without codings'
        : ' Hide codes without codings here';
  filterInput.placeholder = v.options.matrix === 'framework' ? 'participant' : 'code';
  caption.textContent = v.caption;
  // The first note repeats the caption shown above the table.
  notes.replaceChildren(...v.notes.filter((n) => n !== `${v.caption}.`).map((n) => el('p', undefined, n)));
}

/** The largest value coloured (the co-occurrence diagonal aside: it holds each code's own total). */
function colourMax(v: MatrixView, rows: number[], columns: number[]): number {
  let max = 0;
  for (const i of rows)
    for (const j of columns) {
      const x = v.values[i]?.[j];
      if (x !== null && x !== undefined && !(v.diagonal && v.rows[i].id === v.columns[j].id)) max = Math.max(max, x);
    }
  return max;
}

function rowHeader(label: string, depth: number, color?: string): HTMLTableCellElement {
  const th = el('th', 'row-label');
  th.scope = 'row';
  th.style.paddingLeft = `${0.5 + depth}em`;
  if (color && /^#[0-9a-fA-F]{6}$/.test(color)) {
    const swatch = el('span', 'swatch');
    swatch.style.backgroundColor = color;
    th.append(swatch);
  }
  th.append(document.createTextNode(label));
  th.title = label;
  return th;
}

function columnHeader(label: string, index: number): HTMLTableCellElement {
  const th = el('th', 'col-label');
  th.scope = 'col';
  const button = el('button', 'col-sort');
  button.type = 'button';
  const sorted = columnSort?.column === index;
  button.title = `${label}: click to sort rows by this column${sorted ? (columnSort!.descending ? ' (largest first)' : ' (smallest first)') : ''}`;
  button.append(el('span', undefined, label));
  if (sorted) button.append(el('span', 'sort-mark', columnSort!.descending ? ' ▼' : ' ▲'));
  button.addEventListener('click', () => {
    columnSort = columnSort?.column === index ? { column: index, descending: !columnSort.descending } : { column: index, descending: true };
    draw();
  });
  th.setAttribute('aria-sort', sorted ? (columnSort!.descending ? 'descending' : 'ascending') : 'none');
  th.append(button);
  return th;
}

function select(cell: HTMLElement, ref: CellRef): void {
  selected?.classList.remove('selected');
  selected = cell;
  cell.classList.add('selected');
  detailsTitle.textContent = 'Loading passages…';
  passagesList.replaceChildren();
  showInSearch.hidden = true;
  details.hidden = false;
  post({ type: 'openCell', cell: ref });
}

/** What the framework grid (matrices/framework.ts) asks of the page. */
const frameworkHooks: FrameworkHooks = {
  rowHeader,
  select,
  isSelected: (cell) => selected === cell,
  saveSummary(ref, text) {
    showStatus('Saving…');
    post({ type: 'saveSummary', cell: ref, text });
  },
};

function drawHeatmap(v: MatrixView): HTMLTableElement {
  shown = visibleRows(v, filterState());
  const { background, accent } = themeColours();
  const max = colourMax(v, shown.rows, shown.columns);
  const table = el('table', `heat ${v.options.matrix}`);
  table.setAttribute('aria-label', v.caption);
  const head = el('tr');
  head.append(el('th', 'corner', v.options.matrix === 'attribute' ? `Code \\ ${v.options.attribute ?? ''}` : 'Code'));
  for (const j of shown.columns) head.append(columnHeader(v.columns[j].label, j));
  table.append(el('thead'));
  table.tHead!.append(head);
  const body = el('tbody');
  for (const i of shown.rows) {
    const tr = el('tr');
    tr.append(rowHeader(v.rows[i].label, v.rows[i].depth, v.rows[i].color));
    for (const j of shown.columns) {
      const value = v.values[i]?.[j] ?? null;
      const own = v.diagonal && v.rows[i].id === v.columns[j].id;
      const td = el('td', own ? 'cell own' : 'cell', cellText(value, v.format));
      if (!own) {
        const { fill, text } = heatCell(value, max, background, accent);
        td.style.backgroundColor = fill;
        td.style.color = text;
      }
      td.tabIndex = 0;
      td.dataset.row = v.rows[i].id;
      td.dataset.column = v.columns[j].id ?? '';
      td.title = `${v.rows[i].label} × ${v.columns[j].label}: ${cellText(value, v.format)}${own ? ' (the code itself)' : ''}. Click to list the passages.`;
      const ref: CellRef = {
        matrix: v.options.matrix === 'attribute' ? 'attribute' : 'cooccurrence',
        row: v.rows[i].id,
        column: v.columns[j].id,
      };
      td.addEventListener('click', () => select(td, ref));
      td.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          select(td, ref);
        }
      });
      tr.append(td);
    }
    body.append(tr);
  }
  table.append(body);
  return table;
}

function legend(v: MatrixView): HTMLElement {
  const box = el('div', 'legend');
  const max = colourMax(v, shown.rows, shown.columns);
  if (!(max > 0)) {
    box.append(
      el(
        'span',
        'muted',
        v.diagonal ? 'No two codes shown here share a passage: every cell off the diagonal is 0.' : 'Every cell shown is 0.',
      ),
    );
    return box;
  }
  box.append(el('span', 'muted', 'Colour:'));
  const { background, accent } = themeColours();
  // Whole counts get whole, distinct steps (0, 1, 2, 3 for a largest value of 3).
  const steps =
    v.format === 'count'
      ? [...new Set([0, 0.25, 0.5, 0.75, 1].map((f) => Math.round(f * max)))]
      : [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);
  for (const x of steps) {
    const { fill, text } = heatCell(x, max, background, accent);
    const s = el('span', 'legend-step', cellText(x, v.format));
    s.style.backgroundColor = fill;
    s.style.color = text;
    box.append(s);
  }
  if (v.diagonal) box.append(el('span', 'legend-step own', 'own total'));
  box.append(el('span', 'muted', 'The number in each cell is the figure; colour only adds emphasis.'));
  return box;
}

function draw(): void {
  if (!view) return;
  const v = view;
  const framework = v.options.matrix === 'framework';
  if (!framework && v.columns.length === 0) {
    content.replaceChildren(el('p', 'muted', v.caption));
  } else {
    const table = framework ? drawFramework(v, (shown = visibleFramework(v, filterState())), frameworkHooks) : drawHeatmap(v);
    const wrap = el('div', 'table-wrap');
    wrap.append(table);
    content.replaceChildren(...(framework ? [] : [legend(v)]), wrap);
    if (!shown.rows.length) content.append(el('p', 'muted', filterInput.value ? 'No row matches the filter.' : 'Nothing coded yet.'));
  }
  content.setAttribute('aria-busy', 'false');
  selected = undefined;
  post({
    type: 'rendered',
    state: {
      version: v.version,
      rows: shown.rows.length,
      columns: shown.columns.length,
      printed: count('td.cell, td.fw-cell'),
      injected: page.injected('img, script, iframe, object, embed, link, meta, style, foreignObject'),
      text: (content.textContent ?? '').slice(0, 500000),
    },
  });
}

function listPassages(title: string, items: PassageItem[], search: string | undefined): void {
  detailsTitle.textContent = title;
  searchQuery = search;
  showInSearch.hidden = !search;
  showInSearch.title = search ? `Search: ${search}` : '';
  passagesList.replaceChildren(
    ...items.map((p) => {
      const li = el('li', 'passage');
      const button = el('button', 'passage-open');
      button.type = 'button';
      const where = `${p.source}:${p.line}${p.coder ? ` · ${p.coder}` : ''}${p.codedAs ? ` · coded as ${p.codedAs}` : ''}`;
      button.title = `Open ${p.source} at line ${p.line}`;
      button.append(el('span', 'where', where), el('span', 'quote', p.text.length > 800 ? `${p.text.slice(0, 800)}…` : p.text));
      button.addEventListener('click', () => post({ type: 'reveal', source: p.source, start: p.start, end: p.end }));
      li.append(button);
      return li;
    }),
  );
  if (!items.length) passagesList.append(el('li', 'muted', 'No passages.'));
  details.hidden = false;
  post({ type: 'shownPassages', count: items.length, text: (details.textContent ?? '').slice(0, 500000) });
}

function optionsChanged(): void {
  showStatus('');
  content.setAttribute('aria-busy', 'true');
  details.hidden = true;
  post({
    type: 'setOptions',
    options: {
      matrix: matrixSelect.value === 'attribute' || matrixSelect.value === 'framework' ? matrixSelect.value : 'cooccurrence',
      ...(measureSelect.value ? { measure: measureSelect.value } : {}),
      ...(attributeSelect.value ? { attribute: attributeSelect.value } : {}),
      coder: coderSelect.value || null,
    },
  });
}

for (const control of [matrixSelect, measureSelect, attributeSelect, coderSelect]) control.addEventListener('change', optionsChanged);
filterInput.addEventListener('input', draw);
hideEmpty.addEventListener('change', draw);
sortSelect.addEventListener('change', () => {
  columnSort = undefined;
  draw();
});
closeDetails.addEventListener('click', () => {
  details.hidden = true;
  selected?.classList.remove('selected');
});
showInSearch.addEventListener('click', () => {
  if (searchQuery) post({ type: 'search', query: searchQuery });
});
exportButton.addEventListener('click', () => {
  if (!view) return;
  const v = view;
  const rows =
    v.options.matrix === 'framework' ? shown.rows.map((i) => `${v.cases![i].kind}:${v.cases![i].id}`) : shown.rows.map((i) => v.rows[i].id);
  showStatus('Choose where to save…');
  post({ type: 'export', format: exportFormat.value as ExportFormat, rows });
});
// Redraw with the new theme's colours.
new MutationObserver(() => draw()).observe(document.body, { attributes: true, attributeFilter: ['class'] });

page.start(hostMessageSchema, (m, raw) => {
  if (m.type === 'update') {
    const next = (raw as { view: MatrixView }).view;
    if (
      view &&
      (view.options.matrix !== next.options.matrix ||
        view.options.measure !== next.options.measure ||
        view.options.attribute !== next.options.attribute)
    )
      columnSort = undefined;
    // A summary being typed is not thrown away by an update from elsewhere: draw once it is saved.
    view = next;
    showControls(next);
    if (!content.querySelector('textarea')) draw();
  } else if (m.type === 'passages') {
    listPassages(m.title, m.passages, m.search);
  } else if (m.type === 'saved') {
    showStatus(m.text ? 'Summary saved to qda/framework.yaml.' : 'Summary removed from qda/framework.yaml.');
  } else if (m.type === 'empty') {
    view = undefined;
    content.replaceChildren(el('p', 'muted', m.message));
  } else {
    showStatus(m.message, m.severity);
  }
});
