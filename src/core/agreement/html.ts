/**
 * The Compare Coders panel's body as HTML: the table sorted by kappa, every
 * figure with its method, units and sources, every blank with its reason, the
 * sources compared and left out, the methods and references. Every piece of
 * user text (code names, coder ids, paths) is escaped.
 */
import { escapeHtml } from '../output';
import type { PairFigures } from './compare';
import { FIGURE_NAMES, METHODS, unitRule, unitWords, type FigureName } from './methods';
import type { AgreementView } from './protocol';
import { byKappa, leftOutNotes, showFigure } from './table';

const grouped = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
const SHORT: Record<FigureName, string> = { kappa: 'Cohen 1960', alpha: 'nominal, 2011', agreement: '% of units', jaccard: 'both / either' };

/** The panel's content for `view`. */
export function agreementBodyHtml(view: AgreementView): string {
  const r = view.report;
  const [a, b] = r.coders.map(escapeHtml);
  if (!r.sources.length) {
    return `<p class="empty">No transcript has codings by both <b>${a}</b> and <b>${b}</b>, so there is nothing to compare yet.</p>${leftOut(view)}`;
  }
  const perCode = r.codes.length ? r.overall.units / r.codes.length : 0;
  const sourceList = r.sources.map((s) => `<li><span class="path">${escapeHtml(s)}</span> <span class="muted">${grouped(r.unitsPerSource[s] ?? 0)} ${unitWords(r.unit, r.unitsPerSource[s])}</span></li>`).join('');
  const scope = `${grouped(perCode)} ${unitWords(r.unit, perCode)} of ${r.sources.length} source${r.sources.length === 1 ? '' : 's'} (${r.sources.join(', ')})`;
  const notes: string[] = [];
  // `tip` is escaped once, where it is written into the attribute.
  const cell = (name: FigureName, f: PairFigures, what: string) => {
    const value = f[name];
    const tip = `${METHODS[name].label} for ${what}, over ${scope}. ${METHODS[name].method}.`;
    if (value !== null) return `<td class="figure" title="${escapeHtml(tip)}">${escapeHtml(showFigure(name, value))}</td>`;
    notes.push(`<li><b>${escapeHtml(what)}</b>, ${escapeHtml(METHODS[name].label)}: ${escapeHtml(f.reasons?.[name] ?? 'undefined for these data')}.</li>`);
    return `<td class="figure blank" title="${escapeHtml(tip)}">—<sup class="note-ref">${notes.length}</sup></td>`;
  };
  const counts = (f: PairFigures) => [f.both, f.onlyA, f.onlyB, f.neither].map((n) => `<td class="count">${grouped(n)}</td>`).join('');
  const rows = byKappa(r.codes).map((c) => {
    const d = view.disagreements[c.code] ?? { open: 0, settled: 0 };
    const walk = d.open + d.settled
      ? `<button type="button" class="link walk" data-code="${escapeHtml(c.code)}" title="Walk through these passages in the Disagreements list">${d.open} open${d.settled ? `, ${d.settled} settled` : ''}</button>`
      : '<span class="muted">none</span>';
    const status = c.status === 'active' ? '' : ` <span class="status">${escapeHtml(c.status)}</span>`;
    return `<tr data-code="${escapeHtml(c.code)}"><th scope="row">${escapeHtml(c.name)}${status}</th>${FIGURE_NAMES.map((n) => cell(n, c, c.name)).join('')}${counts(c)}<td class="count">${grouped(c.units)}</td><td>${walk}</td></tr>`;
  });
  const pooled = `<tr class="pooled"><th scope="row">All codes pooled</th>${FIGURE_NAMES.map((n) => cell(n, r.overall, 'all codes pooled')).join('')}${counts(r.overall)}<td class="count">${grouped(r.overall.units)}</td><td><button type="button" class="link walk" data-code="" title="Walk through every disagreement">all</button></td></tr>`;
  const head = FIGURE_NAMES.map((n) => `<th scope="col" title="${escapeHtml(`${METHODS[n].method}. ${METHODS[n].citation}`)}">${escapeHtml(METHODS[n].label)}<small>${escapeHtml(SHORT[n])}</small></th>`).join('');
  return `<section class="scope">
<p>${a} and ${b}, over the ${grouped(perCode)} ${unitWords(r.unit, perCode)} of the ${r.sources.length} source${r.sources.length === 1 ? '' : 's'} both coded. ${escapeHtml(capital(unitRule(r.unit)))}. Every code is counted over all of these units; <i>All codes pooled</i> counts every (code, unit) pair.</p>
<ul class="sources">${sourceList}</ul>
</section>
<table class="agreement">
<thead><tr><th scope="col">Code</th>${head}<th scope="col">Both</th><th scope="col">Only ${a}</th><th scope="col">Only ${b}</th><th scope="col">Neither</th><th scope="col">Units</th><th scope="col">Disagreements</th></tr></thead>
<tbody>${rows.join('')}${pooled}</tbody>
</table>
${notes.length ? `<section class="reasons"><h2>Why some figures are blank</h2><ol>${notes.join('')}</ol></section>` : ''}
${leftOut(view)}
<section class="methods"><h2>What each figure is</h2><dl>${FIGURE_NAMES.map((n) => `<dt>${escapeHtml(METHODS[n].label)}</dt><dd>${escapeHtml(METHODS[n].method)}.${METHODS[n].citation ? ` <cite>${escapeHtml(METHODS[n].citation)}</cite>` : ''}</dd>`).join('')}</dl></section>
<p class="caution">Resolving a disagreement changes the codings these figures come from (a consensus coding, under <b>${escapeHtml(view.consensusCoder)}</b>, does not). Export the table first if you report agreement before discussion.</p>`;
}

function leftOut(view: AgreementView): string {
  const notes = leftOutNotes(view.report);
  return notes.length ? `<section class="left-out"><h2>Left out</h2><ul>${notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul></section>` : '';
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
