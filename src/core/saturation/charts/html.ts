/**
 * The Saturation panel's content as HTML: summary, charts with captions naming
 * their methods, and the tables behind them. Every piece of user text goes
 * through escapeXml; no inline styles or scripts, so the webview's strict CSP holds.
 */
import type { AttributeComposition } from '../../participants';
import type { SaturationStats } from '../report';
import type { UnitKind } from '../incidence';
import { newCodesSvg } from './bars';
import { compositionSvg, STATUS_WORDS } from './composition';
import { saturationCurveSvg, subgroupCurvesSvg } from './curve';
import { fixed, parameterText, percent, plainSummary, plural, points, shortUnit, unitNoun } from './numbers';
import type { SaturationView } from './protocol';
import { escapeXml as esc } from '../../output';
import { el, type Attrs } from './svg';

/** An HTML element; children are markup, never empty-tag shorthand. */
const h = (tag: string, attrs: Attrs, ...children: string[]) => el(tag, attrs, children.join(''));
const cells = (tag: 'td' | 'th', values: string[], cls?: (i: number) => string | undefined) =>
  values.map((v, i) => h(tag, { class: cls?.(i) }, v)).join('');
const table = (cls: string, head: string[], rows: string[][], numeric: number[] = []) =>
  h(
    'table',
    { class: cls },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        cells('th', head.map(esc), (i) => (numeric.includes(i) ? 'num' : undefined)),
      ),
    ),
    h(
      'tbody',
      {},
      ...rows.map((r) =>
        h(
          'tr',
          {},
          cells('td', r, (i) => (numeric.includes(i) ? 'num' : undefined)),
        ),
      ),
    ),
  );

/** A method note as a caption line: label, method, citation, parameters. */
function note(view: SaturationView, key: string): string {
  const n = view.report.methods[key];
  if (!n) return '';
  const params = parameterText(n.parameters);
  return h(
    'li',
    {},
    h('strong', {}, esc(n.label)),
    `: ${esc(n.method.replace(/\.$/, ''))}.`,
    n.citation ? ` ${h('cite', {}, esc(n.citation))}.` : '',
    params ? ` ${h('span', { class: 'params' }, esc(params))}` : '',
  );
}

const caption = (view: SaturationView, keys: string[]) => h('ul', { class: 'methods' }, ...keys.map((k) => note(view, k)));

function card(label: string, value: string, detail: string, method: string, cls = ''): string {
  return h(
    'div',
    { class: `card ${cls}`.trim(), title: method },
    h('div', { class: 'card-label' }, esc(label)),
    h('div', { class: 'card-value' }, esc(value)),
    h('div', { class: 'card-detail' }, esc(detail)),
  );
}

function methodTitle(view: SaturationView, key: string): string {
  const n = view.report.methods[key];
  return n ? `${n.label}: ${n.method}${n.citation ? `\n${n.citation}` : ''}${n.parameters ? `\n${parameterText(n.parameters)}` : ''}` : '';
}

function summary(view: SaturationView): string {
  const r = view.report;
  const g = r.guest;
  const m = r.units.length;
  const saturated = g.saturatedAt !== null;
  return (
    h('p', { class: 'plain-summary', id: 'plain-summary' }, esc(plainSummary(r))) +
    h(
      'div',
      { class: 'cards', id: 'summary' },
      card('Sample coverage', percent(r.coverage), 'Chao & Jost 2012', methodTitle(view, 'coverage'), 'primary'),
      card(
        'Codes observed',
        String(r.observed),
        `in ${plural(m, unitNoun(r.by, 1), unitNoun(r.by))} · Q1 ${r.q1}, Q2 ${r.q2}`,
        'S: codes present in at least one unit',
      ),
      card(
        'Chao2 estimate',
        m > 1 ? `${fixed(r.chao2)} ± ${fixed(r.chao2SE)}` : '—',
        m > 1 ? `bias-corrected ${fixed(r.chao2BiasCorrected)} · Chao 1987` : `needs 2 or more ${unitNoun(r.by)}`,
        methodTitle(view, 'chao2'),
      ),
      card('Share of estimated codes observed', m > 1 ? percent(r.observedShare, 0) : '—', 'S / Chao2', methodTitle(view, 'observedShare')),
      card('Good-Turing', percent(r.goodTuring), '1 − Q1/U (naive)', methodTitle(view, 'goodTuring')),
      card(
        'Saturation (Guest)',
        saturated ? `at ${shortUnit(g.saturatedAt as string)}` : 'not reached',
        `base ${g.baseSize}, run ${g.runLength}, ≤ ${percent(g.threshold, 0)}`,
        methodTitle(view, 'guest'),
        saturated ? 'good textual' : 'textual',
      ),
    )
  );
}

function curveTable(view: SaturationView): string {
  const r = view.report;
  const head = ['#', unitNoun(r.by, 1), 'New codes', 'Codes first seen here', 'So far', 'Expected ± SD'];
  if (r.band) head.push(`Random orders (${r.band.probs.join('–')})`);
  const rows = r.units.map((u, i) => {
    const row = [
      String(i + 1),
      h('span', { title: (r.unitSources[u] ?? []).join('\n') }, esc(u)),
      String(r.newCodes[i]),
      esc((view.newCodeNames[i] ?? []).join(', ')),
      String(r.cumulative[i]),
      `${fixed(r.expectedCurve[i], 2)} ± ${fixed(r.expectedCurveSD[i], 2)}`,
    ];
    if (r.band) row.push(`${r.band.lower[i]}–${r.band.upper[i]}`);
    return row;
  });
  return h('details', { class: 'table-details' }, h('summary', {}, 'Curve table'), table('curve-table', head, rows, [0, 2, 4, 5, 6]));
}

function estimates(view: SaturationView): string {
  const r = view.report;
  const m = view.report.methods;
  const row = (key: string, value: string) => {
    const n = m[key];
    return [
      h('span', { class: 'estimate' }, esc(n?.label ?? key)),
      esc(value),
      esc(n?.method ?? ''),
      n?.citation ? h('cite', {}, esc(n.citation)) : '',
      h('span', { class: 'params' }, esc(parameterText(n?.parameters))),
    ];
  };
  const has = r.units.length > 1;
  return table(
    'estimates',
    ['Figure', 'Value', 'Method', 'Source', 'Parameters'],
    [
      row('chao2', has ? fixed(r.chao2, 2) : '—'),
      row('chao2BiasCorrected', has ? fixed(r.chao2BiasCorrected, 2) : '—'),
      row('chao2SE', has ? fixed(r.chao2SE, 2) : '—'),
      row('observedShare', has ? percent(r.observedShare) : '—'),
      row('coverage', percent(r.coverage)),
      row('goodTuring', percent(r.goodTuring)),
    ],
    [1],
  );
}

function guest(view: SaturationView): string {
  const r = view.report;
  const g = r.guest;
  const base = r.units.slice(0, g.baseSize);
  const verdict =
    g.saturatedAt !== null
      ? `Saturation reached at ${esc(g.saturatedAt)}: the run ending there added new codes at or under ${esc(percent(g.threshold, 1))} of the base.`
      : `Not reached: no run of ${esc(plural(g.runLength, unitNoun(r.by, 1), unitNoun(r.by)))} has yet added new codes at or under ${esc(percent(g.threshold, 1))} of the base.`;
  const rows = g.runs.map((run, i) => [
    String(i + 1),
    esc(run.units.map(shortUnit).join(', ')),
    String(run.newCodes),
    run.ratio === null ? '—' : `${fixed(run.ratio, 3)} (${percent(run.ratio)})`,
    h('span', { class: `badge ${run.meets ? 'yes' : 'no'}` }, run.meets ? '✓ yes' : '✗ no'),
  ]);
  return (
    h('p', { class: `verdict ${g.saturatedAt !== null ? 'good' : ''}`.trim() }, verdict) +
    h(
      'p',
      {},
      `Base: the first ${esc(plural(g.baseSize, unitNoun(r.by, 1), unitNoun(r.by)))} (${esc(base.map(shortUnit).join(', ') || '—')}) hold ${g.baseCodes} codes.`,
    ) +
    (rows.length
      ? table(
          'guest-runs',
          [
            'Run',
            unitNoun(r.by)[0].toUpperCase() + unitNoun(r.by).slice(1),
            'New codes',
            `Ratio (new / ${g.baseCodes})`,
            `≤ ${percent(g.threshold, 1)}?`,
          ],
          rows,
          [0, 2, 3],
        )
      : h('p', { class: 'muted' }, 'No run yet: code more units after the base.')) +
    caption(view, ['guest'])
  );
}

/** Whether a subgroup is still producing new codes, in words. */
export function stillProducing(stats: SaturationStats, by: UnitKind): { producing: boolean | null; text: string } {
  const m = stats.units.length;
  if (m === 0) return { producing: null, text: `no coded ${unitNoun(by)}` };
  const last = stats.newCodes[m - 1];
  const saturatedAt = stats.guest.saturatedAt === null ? null : shortUnit(stats.guest.saturatedAt);
  // What the latest unit did comes first: codes found after a saturation point matter to a reviewer.
  if (last > 0)
    return {
      producing: true,
      text: `yes: ${plural(last, 'new code')} in its ${m === 1 ? 'only' : 'latest'} ${unitNoun(by, 1)}${saturatedAt ? `, after saturation at ${saturatedAt}` : ''}`,
    };
  if (saturatedAt) return { producing: false, text: `no: saturated at ${saturatedAt}` };
  return { producing: false, text: `none in its latest ${unitNoun(by, 1)}; saturation not reached` };
}

function subgroups(view: SaturationView): string {
  const r = view.report;
  if (!view.attributes.length)
    return h('p', { class: 'muted' }, 'No participant attributes: describe participants in qda/participants.yaml to compare subgroups.');
  const s = r.subgroups;
  if (!s) return h('p', { class: 'muted' }, 'Choose a participant attribute under “Subgroups by” to compare its categories.');
  const rows = s.groups.map((g) => {
    const st = g.stats;
    const v = stillProducing(st, r.by);
    const has = st.units.length > 0;
    // With one unit Chao2 is just the observed count: showing it would suggest an estimate.
    return [
      esc(g.value),
      String(st.units.length),
      String(st.observed),
      st.units.length > 1 ? `${fixed(st.chao2)} ± ${fixed(st.chao2SE)}` : '—',
      percent(st.coverage),
      esc(st.guest.saturatedAt !== null ? shortUnit(st.guest.saturatedAt) : has ? 'not reached' : '—'),
      h('span', { class: `badge ${v.producing === true ? 'warn' : v.producing === false ? 'yes' : 'none'}` }, esc(v.text)),
    ];
  });
  const unassigned = s.unassigned.length
    ? h(
        'p',
        { class: 'muted' },
        `${esc(plural(s.unassigned.length, unitNoun(r.by, 1), unitNoun(r.by)))} without a value for “${esc(s.attribute)}”: ${esc(s.unassigned.map(shortUnit).join(', '))}.`,
      )
    : '';
  return (
    subgroupCurvesSvg(s, r.by) +
    table(
      'subgroups',
      [
        `${s.attribute}`,
        unitNoun(r.by)[0].toUpperCase() + unitNoun(r.by).slice(1),
        'Codes',
        'Chao2 ± SE',
        'Coverage',
        'Guest saturation',
        'Still producing new codes?',
      ],
      rows,
      [1, 2, 3, 4],
    ) +
    unassigned +
    h(
      'p',
      { class: 'muted' },
      'Each category is analysed on its own units, kept in interview order, with the same methods and Guest parameters as the whole sample.',
    )
  );
}

function attributeBlock(a: AttributeComposition, tolerance: number): string {
  const survey = a.targetRespondents !== undefined;
  const rows = a.categories.map((c) => [
    esc(c.value),
    String(c.count),
    percent(c.proportion),
    c.ciLow === null || c.ciHigh === null ? '—' : `${percent(c.ciLow)} – ${percent(c.ciHigh)}`,
    survey ? `${percent(c.target)} (${c.targetCount ?? 0})` : percent(c.target),
    points(c.difference),
    h(
      'span',
      { class: `badge status-${c.status}` },
      esc(c.status === 'under' ? '▼ under' : c.status === 'over' ? '▲ over' : STATUS_WORDS[c.status]),
    ),
  ]);
  const notes: string[] = [];
  if (a.lacking.length) notes.push(`${plural(a.lacking.length, 'participant')} without a value: ${a.lacking.join(', ')}.`);
  if (a.undeclaredValues.length) notes.push(`Values not declared in participants.yaml: ${a.undeclaredValues.join(', ')}.`);
  const t = a.test;
  const fit =
    t && t.chi2 !== null
      ? h(
          'p',
          { class: 'fit' },
          `Fit to the ${survey ? 'survey' : 'target'} (n = ${t.n}): exact multinomial p = ${fixed(t.exactP, 3)}${t.exactMethod === 'monte-carlo' ? ' (Monte Carlo estimate)' : ''}; chi-square ${fixed(t.chi2)}, df ${t.df}, p = ${fixed(t.p, 3)}.`,
        )
      : '';
  return h(
    'div',
    { class: 'attribute' },
    h('h3', {}, esc(a.attribute), a.hasTarget ? '' : h('span', { class: 'muted' }, ' · no target set')),
    compositionSvg(a, tolerance),
    // Without a target the chart already says everything the table would.
    a.hasTarget
      ? table(
          'composition',
          ['Category', 'n', 'Share', '95 % CI (Wilson)', survey ? 'Survey (n)' : 'Target', 'Difference', 'Status'],
          rows,
          [1, 2, 3, 4, 5],
        )
      : '',
    fit,
    ...(t?.notes ?? []).map((n) => h('p', { class: 'muted fit-note' }, esc(n))),
    ...notes.map((n) => h('p', { class: 'muted' }, esc(n))),
  );
}

function composition(view: SaturationView): string {
  const c = view.composition;
  if (!c.attributes.length) return h('p', { class: 'muted' }, 'No participant attributes or targets in qda/participants.yaml yet.');
  const from =
    c.targetFrom?.kind === 'survey'
      ? `Compared with survey wave “${esc(c.targetFrom.wave)}” (${esc(plural(c.targetFrom.respondents, 'respondent'))}).`
      : 'Compared with the target in qda/participants.yaml.';
  return (
    h('p', {}, `${esc(plural(c.participants, 'participant'))} in qda/participants.yaml. ${from} ${esc(c.rule)}`) +
    (c.warnings.length ? h('ul', { class: 'callout warn' }, ...c.warnings.map((w) => h('li', {}, esc(w)))) : '') +
    c.attributes.map((a) => attributeBlock(a, c.tolerance)).join('')
  );
}

const section = (id: string, title: string, ...body: string[]) => h('section', { id }, h('h2', {}, esc(title)), ...body);

/** The whole panel body for one view. */
export function saturationBodyHtml(view: SaturationView): string {
  const r = view.report;
  const scope = `${plural(r.units.length, unitNoun(r.by, 1), unitNoun(r.by))} coded, in interview order · ${r.coder ? `codings by ${r.coder}` : 'codings by every coder'}`;
  const excluded = r.excluded.otherCoder + r.excluded.unknownCode + r.excluded.retiredCode + r.excluded.mergeCycle;
  const footer = [
    r.uncoded.length ? `Not yet coded${r.coder ? ` by ${r.coder}` : ''}: ${r.uncoded.join(', ')}.` : '',
    excluded
      ? `Codings left out: ${r.excluded.otherCoder} by other coders, ${r.excluded.retiredCode} of retired codes, ${r.excluded.unknownCode} of unknown codes, ${r.excluded.mergeCycle} in merge loops.`
      : '',
  ].filter(Boolean);
  return (
    h('p', { class: 'scope' }, esc(scope)) +
    summary(view) +
    (r.warnings.length ? h('ul', { class: 'callout warn', id: 'warnings' }, ...r.warnings.map((w) => h('li', {}, esc(w)))) : '') +
    section(
      'curve',
      'Code accumulation',
      h('figure', {}, saturationCurveSvg(r, r.by)),
      caption(view, ['cumulative', 'expectedCurve', 'expectedCurveSD', 'band', 'chao2']),
    ) +
    section(
      'new-codes',
      `New codes per ${unitNoun(r.by, 1)}`,
      h('figure', {}, newCodesSvg(r, r.by, { newCodeNames: view.newCodeNames })),
      caption(view, ['newCodes']),
      curveTable(view),
    ) +
    section('estimates', 'Estimates', estimates(view)) +
    section('guest', 'Thematic saturation (Guest, Namey & Chen 2020)', guest(view)) +
    section('subgroups', r.subgroups ? `Subgroups by “${r.subgroups.attribute}”` : 'Subgroups', subgroups(view)) +
    section('composition', 'Sample composition (representativeness)', composition(view)) +
    (footer.length ? h('footer', {}, ...footer.map((f) => h('p', { class: 'muted' }, esc(f)))) : '')
  );
}
