/**
 * New codes per unit as bars, units in interview order, with the Guest base
 * marked: the shape reviewers look for is tall bars early and short bars late.
 */
import type { SaturationStats } from '../report';
import type { UnitKind } from '../incidence';
import { plural, shortUnit, unitNoun } from './numbers';
import {
  el,
  INK,
  legend,
  linearScale,
  niceTicks,
  plotArea,
  svgDocument,
  textEl,
  tooltip,
  truncate,
  xAxis,
  yAxis,
  type Frame,
  type LegendItem,
} from './svg';

const WIDTH = 720;

export type BarStats = Pick<SaturationStats, 'units' | 'newCodes' | 'cumulative' | 'guest'>;

/** The names listed in a tooltip: a long list would hide the chart. */
const MAX_NAMES = 12;

/**
 * Bars of new codes per unit. `newCodeNames[i]` (optional) lists the codes first
 * seen in unit i, shown in its tooltip. Short unit labels under the bars when
 * they fit, else the unit's position in interview order.
 */
export function newCodesSvg(stats: BarStats, by: UnitKind, options: { newCodeNames?: readonly (readonly string[])[] } = {}): string {
  const m = stats.units.length;
  const base = Math.min(stats.guest.baseSize, m);
  const labels = stats.units.map((u) => truncate(shortUnit(u), 12));
  const named = m > 0 && m <= 24;
  const rotate = named && labels.some((l) => [...l].length > 3);
  const items: LegendItem[] = [
    {
      label: `Base: first ${plural(stats.guest.baseSize, unitNoun(by, 1), unitNoun(by))}`,
      swatch: (sx, sy) => el('rect', { class: 'qc-bar qc-bar-base', x: sx, y: sy - 5, width: 18, height: 10, fill: INK.base }),
    },
    {
      label: `Later ${unitNoun(by)} (runs of ${stats.guest.runLength})`,
      swatch: (sx, sy) => el('rect', { class: 'qc-bar', x: sx, y: sy - 5, width: 18, height: 10, fill: INK.primary }),
    },
  ];
  const lg = legend(items, 56, 22, WIDTH - 80);
  const height = 300 + (rotate ? 44 : 0);
  const f: Frame = { width: WIDTH, height, top: 22 + lg.rows * 18 + 10, right: 24, bottom: rotate ? 94 : 50, left: 56 };
  const { x0, x1, y0, y1 } = plotArea(f);
  const yTicks = niceTicks(Math.max(1, ...stats.newCodes), 5);
  const y = linearScale([0, yTicks[yTicks.length - 1]], [y0, y1]);
  const slot = (x1 - x0) / Math.max(1, m);
  const barWidth = Math.min(48, slot * 0.72);
  const centre = (i: number) => x0 + slot * (i + 0.5);
  const ticks = stats.units
    .map((u, i) => ({ x: centre(i), label: named ? labels[i] : String(i + 1), title: `${i + 1}. ${u}` }))
    .filter((_, i) => named || m <= 30 || (i + 1) % Math.ceil(m / 20) === 0);
  let body =
    lg.markup +
    yAxis(f, y, yTicks, 'New codes') +
    xAxis(f, ticks, `${unitNoun(by)[0].toUpperCase()}${unitNoun(by).slice(1)} in interview order`, rotate);
  if (m === 0) {
    body += textEl(`No coded ${unitNoun(by)} yet`, {
      class: 'qc-empty',
      x: (x0 + x1) / 2,
      y: (y0 + y1) / 2,
      'text-anchor': 'middle',
      fill: INK.muted,
    });
  }
  stats.newCodes.forEach((n, i) => {
    const isBase = i < base;
    const names = options.newCodeNames?.[i] ?? [];
    const list = names.length
      ? `: ${names.slice(0, MAX_NAMES).join(', ')}${names.length > MAX_NAMES ? `, and ${names.length - MAX_NAMES} more` : ''}`
      : '';
    const top = y(n);
    body += el(
      'rect',
      {
        class: isBase ? 'qc-bar qc-bar-base' : 'qc-bar',
        x: centre(i) - barWidth / 2,
        y: top,
        width: barWidth,
        height: Math.max(0, y0 - top),
        fill: isBase ? INK.base : INK.primary,
        'data-index': i + 1,
        'data-value': n,
      },
      tooltip(`${i + 1}. ${stats.units[i]}: ${plural(n, 'new code')} (${stats.cumulative[i]} so far)${list}`),
    );
    if (m <= 40)
      body += textEl(String(n), {
        class: 'qc-bar-label',
        x: centre(i),
        y: top - 4,
        'text-anchor': 'middle',
        fill: INK.text,
        'font-size': 11,
      });
  });
  const satIndex = stats.guest.saturatedAt === null ? -1 : stats.units.indexOf(stats.guest.saturatedAt);
  if (satIndex >= 0) {
    const sx = x0 + slot * (satIndex + 1);
    body += el('line', {
      class: 'qc-saturation',
      x1: sx,
      x2: sx,
      y1: y0,
      y2: y1,
      stroke: INK.within,
      'stroke-width': 1.5,
      'stroke-dasharray': '4 2',
    });
    body += textEl('saturation', { class: 'qc-saturation-label', x: sx + 4, y: y1 + 12, fill: INK.within, 'font-size': 11 });
  }
  return svgDocument(
    {
      width: WIDTH,
      height,
      title: `New codes per ${unitNoun(by, 1)}`,
      desc: `Codes not seen in any earlier ${unitNoun(by, 1)}, ${unitNoun(by)} in interview order; the first ${stats.guest.baseSize} form the base of Guest, Namey & Chen (2020), runs of ${stats.guest.runLength} follow.`,
      className: 'qc-new-codes',
    },
    body,
  );
}
