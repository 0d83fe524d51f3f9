/// <reference lib="dom" />
/**
 * The survey import preview in the browser: shows the plan the host sends
 * (validated first; every piece of text from the file set as text), lets the
 * researcher set each column's use and the wave, and sends Import or Cancel.
 */
import {
  importHostMessageSchema,
  type ImportChoices,
  type ImportPlanMessage,
  type ImportWebviewMessage,
  type SurveyImportPlan,
} from '../core/participants';
import { h } from './shared/dom';
import { panelPage } from './shared/panel';

const page = panelPage<ImportWebviewMessage>('survey import webview');
const { post, byId, content, status } = page;
const fileLabel = byId<HTMLElement>('file');
const wave = byId<HTMLInputElement>('wave');
const overwrite = byId<HTMLInputElement>('overwrite');
const importButton = byId<HTMLButtonElement>('import');
let last: ImportPlanMessage | undefined;

function choices(): ImportChoices {
  return last
    ? { ...last.choices, wave: wave.value.trim(), overwrite: overwrite.checked }
    : { wave: wave.value.trim(), textColumns: [], overwrite: overwrite.checked };
}

function useLabel(c: SurveyImportPlan['columns'][number]): string {
  return c.use === 'attribute' ? `Attribute “${c.attribute}”` : 'Kept as data';
}

function columnRow(c: SurveyImportPlan['columns'][number]): HTMLElement {
  const select = h('select', { 'aria-label': `Change the use of column ${c.name}`, 'data-column': c.name });
  select.append(
    new Option('—', ''),
    new Option('Respondent id', 'id'),
    new Option('Open answers → transcript', 'text'),
    new Option('As named (attribute or data)', 'named'),
  );
  select.value = '';
  select.addEventListener('change', () => {
    if (!select.value) return;
    const now = choices();
    const text = now.textColumns.filter((t) => t !== c.name);
    let idColumn = now.idColumn === c.name ? undefined : now.idColumn;
    if (select.value === 'id') idColumn = c.name;
    if (select.value === 'text') text.push(c.name);
    post({ type: 'choose', choices: { ...now, idColumn, textColumns: text } });
  });
  const use = c.use === 'id' ? 'Respondent id' : c.use === 'text' ? 'Open answers → transcript' : useLabel(c);
  const where =
    c.use === 'text' && c.source
      ? c.source
      : c.use === 'attribute' && c.undeclared?.length
        ? `not declared: ${c.undeclared.map((u) => `${u.value} ×${u.count}`).join(', ')}`
        : '';
  return h(
    'tr',
    {},
    h('th', { scope: 'row' }, c.name),
    h('td', { class: 'use' }, use),
    h('td', { class: 'num' }, String(c.answered)),
    h('td', { class: 'muted' }, where),
    h('td', {}, select),
  );
}

function draw(m: ImportPlanMessage): void {
  last = m;
  const p = m.plan;
  fileLabel.textContent = ` · ${m.file}${p.sheet ? ` (sheet “${p.sheet}”)` : ''}`;
  if (document.activeElement !== wave) wave.value = m.choices.wave;
  overwrite.checked = m.choices.overwrite;
  importButton.disabled = !p.ok;
  importButton.title = p.ok ? `Write qda/surveys/${p.wave}.yaml and what is listed below` : 'Fix the errors listed below first';
  const columns = h(
    'table',
    { class: 'columns' },
    h('thead', {}, h('tr', {}, ...['Column', 'Used as', 'Answered', '', 'Change to'].map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, ...p.columns.filter((c) => c.name !== '').map(columnRow)),
  );
  const summary = h(
    'p',
    { class: 'scope' },
    `${p.respondents} respondent(s); ${p.matched.length} of them participants (${p.matched.join(', ') || 'none'}); ${p.unmatched} not participants.${p.withdrawn.length ? ` Left out: the rows of withdrawn participant(s) ${p.withdrawn.join(', ')}.` : ''}${p.replaces !== undefined ? ` Replaces wave “${p.wave}” (${p.replaces} respondents now).` : ''}`,
  );
  const changes = p.changes.length
    ? h(
        'ul',
        { class: 'changes' },
        ...p.changes.map((c) =>
          h(
            'li',
            { class: c.kind },
            c.kind === 'fill'
              ? `${c.participant}: ${c.attribute} = ${c.to} (filled in)`
              : `${c.participant}: ${c.attribute} is ${c.from}, the survey says ${c.to} — ${c.applied ? 'replaced' : 'kept (tick “Replace … values that differ” to replace)'}`,
          ),
        ),
      )
    : h('p', { class: 'muted' }, 'No participant attribute to fill in or change.');
  const sources = p.sources.length
    ? h(
        'ul',
        {},
        ...p.sources.map((s) =>
          h(
            'li',
            {},
            `${s.exists ? 'Rewrites' : 'Writes'} ${s.path}: ${s.answers} answer(s)${s.codings ? `, ${s.codings} coding(s) re-anchored by their quotes` : ''}`,
          ),
        ),
      )
    : h('p', { class: 'muted' }, 'No open answers chosen: set a column to “Open answers → transcript” to code them.');
  const problems = p.problems.length
    ? h(
        'ul',
        { class: 'problems' },
        ...p.problems.map((x) =>
          h('li', { class: x.severity }, `${x.severity === 'error' ? 'Error' : 'Warning'}: ${x.place ? `${x.place}: ` : ''}${x.message}`),
        ),
      )
    : h('p', { class: 'muted' }, 'No problems found.');
  content.replaceChildren(
    summary,
    h('h2', {}, 'Columns'),
    columns,
    h('h2', {}, 'Participants\u2019 attributes'),
    changes,
    h('h2', {}, 'Transcripts of open answers'),
    sources,
    ...(p.addsGlob ? [h('p', {}, `Adds “${p.addsGlob}” to sources in qda/project.yaml so these transcripts are read.`)] : []),
    h('h2', {}, 'Problems'),
    problems,
  );
  content.setAttribute('aria-busy', 'false');
  post({ type: 'rendered', version: m.version, text: content.innerText });
}

wave.addEventListener('change', () => post({ type: 'choose', choices: choices() }));
overwrite.addEventListener('change', () => post({ type: 'choose', choices: choices() }));
importButton.addEventListener('click', () => {
  importButton.disabled = true;
  status.textContent = 'Importing…';
  post({ type: 'import' });
});
byId<HTMLButtonElement>('cancel').addEventListener('click', () => post({ type: 'cancel' }));

page.start(importHostMessageSchema, (m) => {
  if (m.type === 'status') {
    page.showStatus(m.message, 'error');
    importButton.disabled = !last?.plan.ok;
  } else draw(m as unknown as ImportPlanMessage);
});
