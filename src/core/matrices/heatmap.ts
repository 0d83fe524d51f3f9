/**
 * A matrix table as an SVG heat map for papers and slides: every cell has its
 * number printed on it, the fill only adds emphasis. Built with the charts'
 * SVG helpers (escaping, elements, the document shell).
 */
import { escapeXml } from '../output';
import { el, INK, svgDocument, textEl, tooltip, truncate } from '../saturation';
import { heatCell, parseColour, type Rgb } from './heat';
import type { MatrixTable } from './tables';

const CELL_W = 44;
const CELL_H = 24;
const MAX_LABEL = 32;
/** Cells up to which each has its own tooltip (a 50 x 50 matrix). */
const MAX_TOOLTIPS = 2500;
/** No text metrics without a DOM: a generous 7 px per character of 11 px text, so labels are never cut. */
const CHAR_W = 7;
const LEGEND_W = 16 + 5 * 64 + 16 + 24 + 22 * CHAR_W;
const PAPER: Rgb = parseColour('#ffffff')!;
const ACCENT: Rgb = parseColour(INK.primary)!;
/** The diagonal of a matrix whose diagonal holds totals: neutral grey, never on the scale. */
const OWN = '#e8e8e8';

/** A cell's number as printed: whole counts, shares as percentages, indices with two decimals; "—" when it does not exist. */
export function cellText(v: number | null, format: MatrixTable['format']): string {
  if (v === null || !Number.isFinite(v)) return '—';
  if (format === 'share') return `${Math.round(v * 100)}%`;
  if (format === 'index') return v.toFixed(2);
  return String(v);
}

/** The largest value the colours are scaled to (the diagonal aside when it holds totals). */
export function scaleMax(t: MatrixTable): number {
  let max = 0;
  t.values.forEach((row, i) =>
    row.forEach((v, j) => {
      if (v !== null && Number.isFinite(v) && !(t.diagonal && i === j)) max = Math.max(max, v);
    }),
  );
  return max;
}

/** The heat map of a table, as a standalone SVG document. */
export function heatmapSvg(t: MatrixTable, opts: { subtitle?: string } = {}): string {
  const rowLabels = t.rows.map((r) => truncate(r, MAX_LABEL));
  const colLabels = t.columns.map((c) => truncate(c, MAX_LABEL));
  const left = 24 + Math.ceil(Math.max(4, ...rowLabels.map((l) => [...l].length)) * CHAR_W);
  const headerH = 24 + Math.ceil(Math.max(4, ...colLabels.map((l) => [...l].length)) * CHAR_W * 0.72);
  const top = 64 + headerH;
  const width = Math.max(
    LEGEND_W,
    32 + [...t.title].length * 8,
    32 + [...(opts.subtitle ?? '')].length * CHAR_W,
    left + t.columns.length * CELL_W + 24 + headerH * 0.7,
  );
  const height = top + t.rows.length * CELL_H + 64;
  const max = scaleMax(t);
  const parts: string[] = [textEl(t.title, { x: 16, y: 24, 'font-size': 14, 'font-weight': 'bold', class: 'qm-title' })];
  if (opts.subtitle) parts.push(textEl(opts.subtitle, { x: 16, y: 44, fill: INK.muted, class: 'qm-subtitle' }));
  colLabels.forEach((label, j) => {
    const x = left + j * CELL_W + CELL_W / 2;
    const y = top - 8;
    parts.push(
      el(
        'text',
        { x, y, transform: `rotate(-45 ${x} ${y})`, 'font-size': 11, class: 'qm-col' },
        `${tooltip(t.columns[j])}${escapeXml(label)}`,
      ),
    );
  });
  // A tooltip per cell helps in a small map; in a large one it would be most of the file.
  const tips = t.rows.length * t.columns.length <= MAX_TOOLTIPS;
  const colours = new Map<number | null, { fill: string; text: string }>();
  const colour = (v: number | null) => {
    let c = colours.get(v);
    if (!c) colours.set(v, (c = heatCell(v, max, PAPER, ACCENT)));
    return c;
  };
  t.rows.forEach((row, i) => {
    const y = top + i * CELL_H;
    parts.push(
      el(
        'text',
        { x: left - 8, y: y + CELL_H / 2 + 4, 'text-anchor': 'end', 'font-size': 11, class: 'qm-row' },
        `${tooltip(row)}${escapeXml(rowLabels[i])}`,
      ),
    );
    // What every cell of the row shares is said once, on the row's group.
    parts.push('<g class="qm-cells" text-anchor="middle" font-size="11">');
    const ty = y + CELL_H / 2 + 4;
    t.values[i].forEach((v, j) => {
      const own = t.diagonal && i === j;
      const { fill, text } = own ? { fill: OWN, text: '#000000' } : colour(v);
      const x = left + j * CELL_W;
      const label = cellText(v, t.format);
      // Numbers and #rrggbb colours only: nothing here needs escaping but the tooltip.
      const tip = tips ? tooltip(`${row} × ${t.columns[j]}: ${label}${own ? ' (the code itself)' : ''}`) : '';
      parts.push(
        `<g class="${own ? 'qm-cell qm-own' : 'qm-cell'}">${tip}<rect x="${x}" y="${y}" width="${CELL_W}" height="${CELL_H}" fill="${fill}" stroke="#fff"/>` +
          `<text x="${x + CELL_W / 2}" y="${ty}" fill="${text}">${escapeXml(label)}</text></g>`,
      );
    });
    parts.push('</g>');
  });
  let body = parts.join('');
  body += legend(t, max, 16, top + t.rows.length * CELL_H + 24);
  return svgDocument({ width, height, title: t.title, desc: t.notes.join(' '), className: 'qm-heatmap' }, body);
}

/** Five swatches from the lowest to the highest value, each labelled, and the diagonal's grey. */
function legend(t: MatrixTable, max: number, x: number, y: number): string {
  let out = textEl('Colour scale (the number in each cell is the figure):', { x, y, fill: INK.muted, 'font-size': 11 });
  // Whole counts get whole, distinct steps (0, 1, 2, 3 for a largest value of 3).
  const steps =
    t.format === 'count'
      ? [...new Set([0, 0.25, 0.5, 0.75, 1].map((f) => Math.round(f * max)))]
      : [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);
  steps.forEach((v, k) => {
    const { fill, text } = heatCell(v, max, PAPER, ACCENT);
    const sx = x + k * 64;
    out += el('rect', { x: sx, y: y + 8, width: 60, height: 18, fill, stroke: '#999999', 'stroke-width': 0.5 });
    out += textEl(cellText(v, t.format), { x: sx + 30, y: y + 21, 'text-anchor': 'middle', 'font-size': 11, fill: text });
  });
  if (t.diagonal) {
    const sx = x + steps.length * 64 + 16;
    out += el('rect', { x: sx, y: y + 8, width: 18, height: 18, fill: OWN, stroke: '#999999', 'stroke-width': 0.5 });
    out += textEl("the code's own total", { x: sx + 24, y: y + 21, 'font-size': 11, fill: INK.text });
  }
  return out;
}
