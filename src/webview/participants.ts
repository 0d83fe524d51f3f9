/// <reference lib="dom" />
/**
 * The Participants grid in the browser: draws what the host sends (validated
 * first), every piece of user text set as text (never markup); sorting is
 * local, edits and actions go to the host as messages. Never imports vscode.
 */
import {
  gridHostMessageSchema,
  type AttributeComposition,
  type GridView,
  type GridWebviewMessage,
  type TargetChoice,
} from '../core/participants';
import { h } from './shared/dom';
import { panelPage } from './shared/panel';

const page = panelPage<GridWebviewMessage>('participants webview');
const { post, byId, content, showStatus } = page;
const study = byId<HTMLElement>('study');
const targetSelect = byId<HTMLSelectElement>('target');
byId<HTMLButtonElement>('import').addEventListener('click', () => post({ type: 'importSurvey' }));

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)} %`);
const fixed = (x: number | null | undefined, d = 3) => (x === null || x === undefined ? '—' : x.toFixed(d));
const targetKey = (t: TargetChoice) => (t.kind === 'survey' ? `survey:${t.wave}` : 'participants');

let view: GridView | undefined;
let sortColumn = 'id';
let sortDescending = false;

type Column = { key: string; label: string; value: (r: GridView['rows'][number]) => string | number };

function columns(v: GridView): Column[] {
  return [
    { key: 'id', label: 'Participant', value: (r) => r.id },
    ...v.attributes.map((a) => ({
      key: `attr:${a.name}`,
      label: a.name,
      value: (r: GridView['rows'][number]) => r.attributes[a.name] ?? '',
    })),
    { key: 'sources', label: 'Sources', value: (r) => r.sources.length },
    { key: 'codings', label: 'Codings', value: (r) => r.codings },
    { key: 'waves', label: 'Survey waves', value: (r) => r.waves.join(' ') },
    { key: 'status', label: 'Status', value: (r) => (r.withdrawn ? `withdrawn ${r.withdrawn.date}` : '') },
  ];
}

function sortedRows(v: GridView): GridView['rows'] {
  const col = columns(v).find((c) => c.key === sortColumn) ?? columns(v)[0];
  const rows = [...v.rows].sort((a, b) => {
    const x = col.value(a);
    const y = col.value(b);
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), undefined, { numeric: true });
    return c || a.id.localeCompare(b.id, undefined, { numeric: true });
  });
  return sortDescending ? rows.reverse() : rows;
}

function gridTable(v: GridView): HTMLElement {
  const cols = columns(v);
  const head = h(
    'tr',
    {},
    ...cols.map((c) => {
      const sorted = c.key === sortColumn;
      const button = h(
        'button',
        { type: 'button', class: 'sort', 'data-column': c.key, title: `Sort by ${c.label}` },
        c.label,
        sorted ? (sortDescending ? ' ▼' : ' ▲') : '',
      );
      button.addEventListener('click', () => {
        sortDescending = sortColumn === c.key ? !sortDescending : false;
        sortColumn = c.key;
        draw();
      });
      return h('th', { scope: 'col', 'aria-sort': sorted ? (sortDescending ? 'descending' : 'ascending') : 'none' }, button);
    }),
    h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')),
  );
  const body = h('tbody');
  for (const r of sortedRows(v)) {
    const purged = !!r.withdrawn?.purged;
    const row = h('tr', { class: r.withdrawn ? 'withdrawn' : '', 'data-participant': r.id });
    row.append(h('th', { scope: 'row' }, r.id));
    for (const a of v.attributes) {
      const value = r.attributes[a.name] ?? '';
      if (!a.declared || purged) {
        row.append(h('td', {}, value));
        continue;
      }
      const select = h('select', { 'aria-label': `${a.name} of ${r.id}`, 'data-attribute': a.name });
      select.append(new Option('—', ''));
      for (const x of a.values) select.append(new Option(x, x));
      if (value && !a.values.includes(value)) select.append(new Option(`${value} (not declared)`, value));
      select.value = value;
      select.addEventListener('change', () => post({ type: 'setAttribute', participant: r.id, attribute: a.name, value: select.value }));
      row.append(h('td', {}, select));
    }
    const sources = h('td', { class: 'sources' });
    for (const s of r.sources) {
      const link = h('button', { type: 'button', class: 'link', title: `Open ${s.path}` }, s.path.split('/').pop() ?? s.path);
      link.addEventListener('click', () => post({ type: 'openSource', path: s.path }));
      sources.append(link, ' ');
    }
    row.append(sources, h('td', { class: 'num' }, String(r.codings)), h('td', {}, r.waves.join(', ')));
    const state = r.withdrawn
      ? h(
          'td',
          { class: 'state' },
          h(
            'span',
            { class: 'badge withdrawn' },
            purged ? `Withdrawn ${r.withdrawn.date}, purged ${r.withdrawn.purged}` : `Withdrawn ${r.withdrawn.date}`,
          ),
          r.withdrawn.reason ? ` ${r.withdrawn.reason}` : '',
        )
      : h('td', { class: 'state' }, 'Included');
    row.append(state);
    const action = r.withdrawn
      ? h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            ...(purged && { disabled: '' }),
            title: purged ? 'Their data was purged: they cannot be reinstated' : `Include ${r.id} again`,
          },
          'Reinstate',
        )
      : h('button', { type: 'button', class: 'secondary', title: `Leave ${r.id} out of every analysis and export` }, 'Withdraw…');
    action.addEventListener('click', () =>
      post(r.withdrawn ? { type: 'reinstate', participant: r.id } : { type: 'withdraw', participant: r.id }),
    );
    row.append(h('td', {}, action));
    body.append(row);
  }
  return h('table', { class: 'grid', id: 'grid' }, h('thead', {}, head), body);
}

function attributeFigures(a: AttributeComposition, survey: boolean): HTMLElement {
  const rows = a.categories.map((c) =>
    h(
      'tr',
      { class: `status-${c.status}` },
      h('th', { scope: 'row' }, c.value),
      h('td', { class: 'num' }, String(c.count)),
      h('td', { class: 'num' }, pct(c.proportion)),
      h('td', { class: 'num' }, c.ciLow === null ? '—' : `${pct(c.ciLow)} – ${pct(c.ciHigh)}`),
      h('td', { class: 'num' }, survey ? `${pct(c.target)} (${c.targetCount ?? 0})` : pct(c.target)),
      h('td', {}, c.status === 'under' ? '▼ under' : c.status === 'over' ? '▲ over' : c.status === 'within' ? 'within' : ''),
    ),
  );
  const table = h(
    'table',
    { class: 'figures' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...['Category', 'n', 'Share', '95 % CI (Wilson)', survey ? 'Survey (n)' : 'Target', ''].map((x) => h('th', { scope: 'col' }, x)),
      ),
    ),
    h('tbody', {}, ...rows),
  );
  const t = a.test;
  const fit =
    t && t.chi2 !== null
      ? h(
          'p',
          { class: 'fit' },
          `Exact multinomial p = ${fixed(t.exactP)}${t.exactMethod === 'monte-carlo' ? ' (Monte Carlo)' : ''}; chi-square ${fixed(t.chi2, 2)}, df ${t.df}, p = ${fixed(t.p)} (n = ${t.n}).`,
        )
      : h('p', { class: 'muted' }, a.hasTarget ? 'No test: too few participants or categories.' : 'No target for this attribute.');
  return h(
    'section',
    { class: 'attribute' },
    h('h3', {}, a.attribute),
    table,
    fit,
    ...(t?.notes ?? []).map((n) => h('p', { class: 'muted' }, n)),
  );
}

function draw(): void {
  const v = view;
  if (!v) return;
  study.textContent = v.title ? ` · ${v.title}` : '';
  const wanted = v.targets.map((t) => ({
    value: targetKey(t),
    label: t.kind === 'survey' ? `Survey wave “${t.wave}”` : 'Target in participants.yaml',
  }));
  if (!wanted.some((w) => w.value === targetKey(v.target)))
    wanted.unshift({ value: targetKey(v.target), label: 'Target in participants.yaml' });
  targetSelect.replaceChildren(...wanted.map((w) => new Option(w.label, w.value)));
  targetSelect.value = targetKey(v.target);
  const c = v.composition;
  const survey = c.targetFrom?.kind === 'survey';
  const withdrawn = v.rows.filter((r) => r.withdrawn).length;
  const left = h(
    'section',
    { class: 'people', 'aria-label': 'Participants' },
    h(
      'p',
      { class: 'scope' },
      `${v.rows.length} participant${v.rows.length === 1 ? '' : 's'}${withdrawn ? `, ${withdrawn} withdrawn (left out of every analysis and export)` : ''}${v.waves.length ? `; survey waves: ${v.waves.join(', ')}` : ''}.`,
    ),
    v.rows.length ? gridTable(v) : h('p', { class: 'muted' }, 'No participants in qda/participants.yaml yet.'),
  );
  const from =
    c.targetFrom?.kind === 'survey'
      ? `Compared with survey wave “${c.targetFrom.wave}” (${c.targetFrom.respondents} respondents).`
      : 'Compared with the target in qda/participants.yaml.';
  const right = h(
    'aside',
    { class: 'representativeness', 'aria-label': 'Representativeness' },
    h('h2', {}, 'Representativeness'),
    h('p', {}, `${c.participants} participant${c.participants === 1 ? '' : 's'} included. ${from}`),
    ...c.attributes.map((a) => attributeFigures(a, survey)),
  );
  content.replaceChildren(left, right);
  content.setAttribute('aria-busy', 'false');
  post({
    type: 'rendered',
    version: v.version,
    rows: v.rows.length,
    withdrawn: content.querySelectorAll('tr.withdrawn').length,
    text: content.innerText,
  });
}

targetSelect.addEventListener('change', () => {
  const value = targetSelect.value;
  post({
    type: 'setTarget',
    target: value.startsWith('survey:') ? { kind: 'survey', wave: value.slice('survey:'.length) } : { kind: 'participants' },
  });
});

page.start(gridHostMessageSchema, (m) => {
  if (m.type === 'status') showStatus(m.message, m.severity);
  else {
    view = m.view as unknown as GridView;
    draw();
  }
});
