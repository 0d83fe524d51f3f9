/// <reference lib="dom" />
/**
 * The framework matrix in the Matrices page: a grid of participants by codes
 * where each cell shows how many passages it holds and the summary written for
 * it, edited in place (double-click or F2; Enter saves, Escape cancels).
 */
import type { CellRef, MatrixView } from '../../core/matrices';
import { el } from '../shared/dom';

/** What the grid asks of the page it is drawn in. */
export interface FrameworkHooks {
  rowHeader(label: string, depth: number): HTMLTableCellElement;
  /** Selects a cell and lists its passages. */
  select(cell: HTMLElement, ref: CellRef): void;
  isSelected(cell: HTMLElement): boolean;
  /** Sends a summary typed in a cell to be saved. */
  saveSummary(ref: Extract<CellRef, { matrix: 'framework' }>, text: string): void;
}

/** Puts a summary cell into editing: Enter saves, Shift+Enter is a new line, Escape cancels. */
function editSummary(
  hooks: FrameworkHooks,
  td: HTMLTableCellElement,
  ref: Extract<CellRef, { matrix: 'framework' }>,
  current: string,
): void {
  if (td.querySelector('textarea')) return;
  const area = el('textarea', 'summary-edit');
  area.value = current;
  area.rows = 3;
  area.setAttribute('aria-label', 'Summary of this cell');
  const summary = td.querySelector('.summary');
  summary?.replaceWith(area);
  area.focus();
  let done = false;
  const finish = (save: boolean) => {
    if (done) return;
    done = true;
    const text = area.value;
    area.replaceWith(summaryEl(save ? text : current));
    if (save && text.trim() !== current.trim()) hooks.saveSummary(ref, text);
    td.focus();
  };
  area.addEventListener('keydown', (e) => {
    e.stopPropagation();
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      finish(true);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      finish(false);
    }
  });
  area.addEventListener('blur', () => finish(true));
}

function summaryEl(text: string): HTMLElement {
  const d = el('div', text.trim() ? 'summary' : 'summary empty', text.trim() ? text : 'Double-click to summarise');
  return d;
}

/** The framework matrix: participants x codes, each cell its passages' count and the summary written for it. */
export function drawFramework(v: MatrixView, shown: { rows: number[]; columns: number[] }, hooks: FrameworkHooks): HTMLTableElement {
  const cases = v.cases ?? [];
  const table = el('table', 'framework');
  table.setAttribute('aria-label', v.caption);
  const head = el('tr');
  head.append(el('th', 'corner', 'Participant'));
  for (const k of shown.columns) {
    const th = el('th', 'fw-code', v.rows[k].label);
    th.scope = 'col';
    head.append(th);
  }
  table.append(el('thead'));
  table.tHead!.append(head);
  const body = el('tbody');
  for (const i of shown.rows) {
    const tr = el('tr');
    const th = hooks.rowHeader(cases[i].label, 0);
    th.title = `${cases[i].label}: ${cases[i].sources.join(', ')}`;
    tr.append(th);
    for (const k of shown.columns) {
      const n = v.values[i]?.[k] ?? 0;
      const text = v.summaries?.[i]?.[k] ?? '';
      const td = el('td', n ? 'fw-cell' : 'fw-cell none');
      td.tabIndex = 0;
      td.dataset.case = `${cases[i].kind}:${cases[i].id}`;
      td.dataset.code = v.rows[k].id;
      td.append(el('span', 'count', n ? `${n} passage${n === 1 ? '' : 's'}` : 'no passages'), summaryEl(text));
      td.title = `${cases[i].label} × ${v.rows[k].label}. Click to list the passages; double-click (or F2) to write the summary.`;
      const ref: Extract<CellRef, { matrix: 'framework' }> = {
        matrix: 'framework',
        case: { kind: cases[i].kind, id: cases[i].id },
        code: v.rows[k].id,
      };
      const currentText = () => (td.querySelector('.summary.empty') ? '' : (td.querySelector('.summary')?.textContent ?? ''));
      td.addEventListener('click', (e) => {
        if ((e.target as HTMLElement).tagName !== 'TEXTAREA') hooks.select(td, ref);
      });
      td.addEventListener('dblclick', () => editSummary(hooks, td, ref, currentText()));
      td.addEventListener('keydown', (e) => {
        if (e.key === 'F2' || (e.key === 'Enter' && hooks.isSelected(td))) {
          e.preventDefault();
          editSummary(hooks, td, ref, currentText());
        } else if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          hooks.select(td, ref);
        }
      });
      tr.append(td);
    }
    body.append(tr);
  }
  table.append(body);
  return table;
}
