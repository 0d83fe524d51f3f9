/**
 * The Compare Coders panel's body as HTML: the table sorted by kappa, every
 * figure with its method, units and sources, every blank with its reason, the
 * sources compared and left out, the methods and references. Every piece of
 * user text (code names, coder ids, paths) is escaped.
 */
import { escapeHtml } from '../output';
import type { AgreementReport, CodeAgreement, PairFigures } from './compare';
import { FIGURE_NAMES, METHODS, unitRule, unitWords, type FigureName } from './methods';
import type { AgreementView } from './protocol';
import { byKappa, leftOutNotes, showFigure } from './table';

const grouped = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const SHORT: Record<FigureName, string> = {
  kappa: 'Cohen 1960',
  alpha: 'nominal, 2011',
  agreement: '% of units',
  jaccard: 'both / either',
};

/** The panel's content for `view`. */
export function agreementBodyHtml(view: AgreementView): string {
  const r = view.report;
  const [a, b] = r.coders.map(escapeHtml);
  if (!r.sources.length) {
    return `<p class="empty">No transcript has codings by both <b>${a}</b> and <b>${b}</b>, so there is nothing to compare yet.</p>${leftOut(r)}`;
  }
  const table = new Table(r);
  const rows = byKappa(r.codes).map((c) => table.codeRow(c, view.disagreements[c.code] ?? { open: 0, settled: 0 }));
  const head = FIGURE_NAMES.map((n) => {
    const tip = escapeHtml(`${METHODS[n].method}. ${METHODS[n].citation}`);
    return `<th scope="col" title="${tip}">${escapeHtml(METHODS[n].label)}<small>${escapeHtml(SHORT[n])}</small></th>`;
  }).join('');
  const counts = `<th scope="col">Both</th><th scope="col">Only ${a}</th><th scope="col">Only ${b}</th><th scope="col">Neither</th>`;
  return `${scope(r)}
<table class="agreement">
<thead><tr><th scope="col">Code</th>${head}${counts}<th scope="col">Units</th><th scope="col">Disagreements</th></tr></thead>
<tbody>${rows.join('')}${table.pooledRow()}</tbody>
</table>
${table.notesHtml()}
${leftOut(r)}
${methods()}
<p class="caution">Resolving a disagreement changes the codings these figures come from (a consensus coding, under
<b>${escapeHtml(view.consensusCoder)}</b>, does not). Export the table first if you report agreement before discussion.</p>`;
}

/** Who was compared over what, and the sources with their units. */
function scope(r: AgreementReport): string {
  const [a, b] = r.coders.map(escapeHtml);
  const perCode = unitsPerCode(r);
  const sources = r.sources.map((s) => {
    const n = r.unitsPerSource[s] ?? 0;
    return `<li><span class="path">${escapeHtml(s)}</span> <span class="muted">${grouped(n)} ${unitWords(r.unit, n)}</span></li>`;
  });
  return `<section class="scope">
<p>${a} and ${b}, over the ${grouped(perCode)} ${unitWords(r.unit, perCode)} of the ${plural(r.sources.length, 'source')} both coded.
${escapeHtml(capital(unitRule(r.unit)))}. Every code is counted over all of these units; <i>All codes pooled</i> counts every (code, unit) pair.</p>
<ul class="sources">${sources.join('')}</ul>
</section>`;
}

function unitsPerCode(r: AgreementReport): number {
  return r.codes.length ? r.overall.units / r.codes.length : Object.values(r.unitsPerSource).reduce((x, y) => x + y, 0);
}

/** The rows, collecting a numbered reason for every blank figure as it goes. */
class Table {
  private readonly notes: string[] = [];
  /** What every figure was computed over, in words (escaped once, where it is written). */
  private readonly over: string;

  constructor(private readonly r: AgreementReport) {
    const n = unitsPerCode(r);
    this.over = `${grouped(n)} ${unitWords(r.unit, n)} of ${plural(r.sources.length, 'source')} (${r.sources.join(', ')})`;
  }

  private cell(name: FigureName, f: PairFigures, what: string): string {
    const tip = escapeHtml(`${METHODS[name].label} for ${what}, over ${this.over}. ${METHODS[name].method}.`);
    const value = f[name];
    if (value !== null) return `<td class="figure" title="${tip}">${escapeHtml(showFigure(name, value))}</td>`;
    const why = f.reasons?.[name] ?? 'undefined for these data';
    this.notes.push(`<li><b>${escapeHtml(what)}</b>, ${escapeHtml(METHODS[name].label)}: ${escapeHtml(why)}.</li>`);
    return `<td class="figure blank" title="${tip}">—<sup class="note-ref">${this.notes.length}</sup></td>`;
  }

  private figures(f: PairFigures, what: string): string {
    const counts = [f.both, f.onlyA, f.onlyB, f.neither, f.units].map((n) => `<td class="count">${grouped(n)}</td>`);
    return FIGURE_NAMES.map((n) => this.cell(n, f, what)).join('') + counts.join('');
  }

  codeRow(c: CodeAgreement, d: { open: number; settled: number }): string {
    const walk =
      d.open + d.settled
        ? `<button type="button" class="link walk" data-code="${escapeHtml(c.code)}" title="Walk through these passages in the Disagreements list">` +
          `${d.open} open${d.settled ? `, ${d.settled} settled` : ''}</button>`
        : '<span class="muted">none</span>';
    const status = c.status === 'active' ? '' : ` <span class="status">${escapeHtml(c.status)}</span>`;
    return `<tr data-code="${escapeHtml(c.code)}"><th scope="row">${escapeHtml(c.name)}${status}</th>${this.figures(c, c.name)}<td>${walk}</td></tr>`;
  }

  pooledRow(): string {
    const walk = '<button type="button" class="link walk" data-code="" title="Walk through every disagreement">all</button>';
    return `<tr class="pooled"><th scope="row">All codes pooled</th>${this.figures(this.r.overall, 'all codes pooled')}<td>${walk}</td></tr>`;
  }

  notesHtml(): string {
    return this.notes.length ? `<section class="reasons"><h2>Why some figures are blank</h2><ol>${this.notes.join('')}</ol></section>` : '';
  }
}

function leftOut(r: AgreementReport): string {
  const notes = leftOutNotes(r);
  return notes.length
    ? `<section class="left-out"><h2>Left out</h2><ul>${notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul></section>`
    : '';
}

function methods(): string {
  const items = FIGURE_NAMES.map((n) => {
    const m = METHODS[n];
    return `<dt>${escapeHtml(m.label)}</dt><dd>${escapeHtml(m.method)}.${m.citation ? ` <cite>${escapeHtml(m.citation)}</cite>` : ''}</dd>`;
  });
  return `<section class="methods"><h2>What each figure is</h2><dl>${items.join('')}</dl></section>`;
}
