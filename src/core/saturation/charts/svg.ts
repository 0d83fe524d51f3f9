/**
 * The small SVG toolkit the charts share: escaping, scales, ticks and element
 * builders. Pure string output, no DOM, so the same markup serves the webview
 * and the exported figure files.
 */

import { escapeXml } from '../../output';

/** A coordinate with at most two decimals: small files, stable output across machines. */
export function coord(n: number): string {
  const r = Math.round(n * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
}

export type Attrs = Record<string, string | number | null | undefined | false>;

/** One element; attribute values are escaped, `children` must already be markup. */
export function el(name: string, attrs: Attrs = {}, children?: string): string {
  let open = `<${name}`;
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    open += ` ${k}="${typeof v === 'number' ? coord(v) : escapeXml(v)}"`;
  }
  return children === undefined ? `${open}/>` : `${open}>${children}</${name}>`;
}

/** A text element holding escaped user text. */
export function textEl(content: string, attrs: Attrs = {}): string {
  return el('text', attrs, escapeXml(content));
}

/** A `<title>` child: the tooltip in a browser and the accessible name. */
export function tooltip(content: string): string {
  return el('title', {}, escapeXml(content));
}

/** Shortens text to `max` characters (before escaping, so no entity is ever cut). */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, Math.max(1, max - 1)).join('')}…`;
}

/** Maps a value from `domain` to `range` linearly; a flat domain maps to the range start. */
export interface Scale {
  (value: number): number;
  readonly domain: readonly [number, number];
  readonly range: readonly [number, number];
}

/** A linear scale from `domain` to `range` (a range may run backwards, as SVG's y does). */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0;
  const f = ((v: number) => (span === 0 ? r0 : r0 + ((v - d0) / span) * (r1 - r0))) as Scale;
  return Object.assign(f, { domain: [d0, d1] as const, range: [r0, r1] as const });
}

/**
 * Round tick values from 0 to at least `max`: steps of 1, 2 or 5 times a power
 * of ten, about `target` of them; whole numbers only when `integer`.
 */
export function niceTicks(max: number, target = 5, integer = true): number[] {
  const top = Number.isFinite(max) && max > 0 ? max : 1;
  const raw = top / Math.max(1, target);
  const power = 10 ** Math.floor(Math.log10(raw));
  let step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  if (integer) step = Math.max(1, Math.round(step));
  const ticks: number[] = [];
  const n = Math.ceil(top / step - 1e-9);
  for (let i = 0; i <= n; i++) ticks.push(Math.round(i * step * 1e9) / 1e9);
  return ticks;
}

/** The outer box of a chart and the plot area inside its margins. */
export interface Frame {
  width: number;
  height: number;
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** Plot area edges in SVG coordinates. */
export function plotArea(f: Frame): { x0: number; x1: number; y0: number; y1: number } {
  return { x0: f.left, x1: f.width - f.right, y0: f.height - f.bottom, y1: f.top };
}

/** Paper colours, used as presentation attributes; the webview stylesheet overrides them by class. */
export const INK = {
  text: '#222222',
  muted: '#666666',
  grid: '#e3e3e3',
  axis: '#444444',
  primary: '#2f6db5',
  secondary: '#555555',
  band: '#f28e2b',
  estimate: '#c0392b',
  base: '#8e6bb4',
  under: '#c0392b',
  over: '#d9822b',
  within: '#3a8d5b',
  neutral: '#7f8c9a',
  series: ['#2f6db5', '#f28e2b', '#3a8d5b', '#c0392b', '#8e6bb4', '#8c564b', '#d4a017', '#17becf'],
} as const;

/** Dash patterns that tell series apart in greyscale print. */
export const DASHES = ['', '6 3', '2 3', '8 3 2 3', '1 2', '10 4', '4 2 1 2', '3 6'];

export const FONT = 'system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif';

export interface DocumentOptions {
  width: number;
  height: number;
  /** Accessible name and file title. */
  title: string;
  /** Longer description: what is drawn and by which method. */
  desc?: string;
  className: string;
}

/** A standalone SVG document (valid as a file and as inline markup in HTML). */
export function svgDocument(o: DocumentOptions, body: string): string {
  const attrs: Attrs = {
    xmlns: 'http://www.w3.org/2000/svg',
    width: o.width,
    height: o.height,
    viewBox: `0 0 ${o.width} ${o.height}`,
    role: 'img',
    class: `qc-chart ${o.className}`,
    'font-family': FONT,
    'font-size': 12,
    fill: INK.text,
  };
  const head = tooltip(o.title) + (o.desc ? el('desc', {}, escapeXml(o.desc)) : '');
  const bg = el('rect', { class: 'qc-bg', x: 0, y: 0, width: o.width, height: o.height, fill: '#ffffff' });
  return el('svg', attrs, head + bg + body);
}

/** Horizontal grid lines with value labels on the left of the plot area. */
export function yAxis(f: Frame, y: Scale, ticks: number[], label: string, format: (v: number) => string = String): string {
  const { x0, x1 } = plotArea(f);
  let out = '';
  for (const t of ticks) {
    const py = y(t);
    out += el('line', { class: 'qc-grid', x1: x0, x2: x1, y1: py, y2: py, stroke: INK.grid });
    out += textEl(format(t), { class: 'qc-tick', x: x0 - 6, y: py + 4, 'text-anchor': 'end', fill: INK.muted, 'font-size': 11 });
  }
  const mid = (plotArea(f).y0 + plotArea(f).y1) / 2;
  out += textEl(label, {
    class: 'qc-axis-title',
    x: 14,
    y: mid,
    transform: `rotate(-90 14 ${coord(mid)})`,
    'text-anchor': 'middle',
    fill: INK.muted,
  });
  return out;
}

/** The bottom axis line with tick labels at given x positions, and its title. */
export function xAxis(f: Frame, ticks: { x: number; label: string; title?: string }[], label: string, rotate = false): string {
  const { x0, x1, y0 } = plotArea(f);
  let out = el('line', { class: 'qc-axis', x1: x0, x2: x1, y1: y0, y2: y0, stroke: INK.axis });
  for (const t of ticks) {
    out += el('line', { class: 'qc-axis', x1: t.x, x2: t.x, y1: y0, y2: y0 + 4, stroke: INK.axis });
    const attrs: Attrs = rotate
      ? {
          class: 'qc-tick',
          x: t.x,
          y: y0 + 14,
          'text-anchor': 'end',
          transform: `rotate(-35 ${coord(t.x)} ${coord(y0 + 14)})`,
          fill: INK.muted,
          'font-size': 11,
        }
      : { class: 'qc-tick', x: t.x, y: y0 + 17, 'text-anchor': 'middle', fill: INK.muted, 'font-size': 11 };
    out += el('text', attrs, escapeXml(t.label) + (t.title ? tooltip(t.title) : ''));
  }
  out += textEl(label, { class: 'qc-axis-title', x: (x0 + x1) / 2, y: f.height - 8, 'text-anchor': 'middle', fill: INK.muted });
  return out;
}

/** One legend entry: a swatch drawn by `swatch(x, y)` followed by its label. */
export interface LegendItem {
  label: string;
  swatch: (x: number, y: number) => string;
}

/** A legend laid out left to right, wrapping onto further rows when wider than `maxWidth`. */
export function legend(items: LegendItem[], x: number, y: number, maxWidth: number): { markup: string; rows: number } {
  let cx = x;
  let cy = y;
  let rows = 1;
  let out = '';
  for (const item of items) {
    // No text metrics without a DOM: ~6.4 px per character at 12 px is close for UI fonts.
    const w = 26 + [...item.label].length * 6.4 + 16;
    if (cx > x && cx + w > x + maxWidth) {
      cx = x;
      cy += 18;
      rows++;
    }
    out += el(
      'g',
      { class: 'qc-legend-item' },
      item.swatch(cx, cy - 4) + textEl(item.label, { x: cx + 24, y: cy, fill: INK.text, class: 'qc-legend-text' }),
    );
    cx += w;
  }
  return { markup: el('g', { class: 'qc-legend' }, out), rows };
}

/** A polyline path through points, `M x y L x y ...`. */
export function linePath(points: [number, number][]): string {
  return points.map(([px, py], i) => `${i ? 'L' : 'M'}${coord(px)} ${coord(py)}`).join(' ');
}

/** A closed area between an upper and a lower line sharing x positions. */
export function areaPath(upper: [number, number][], lower: [number, number][]): string {
  if (!upper.length) return '';
  return `${linePath(upper)} ${lower
    .slice()
    .reverse()
    .map(([px, py]) => `L${coord(px)} ${coord(py)}`)
    .join(' ')} Z`;
}
