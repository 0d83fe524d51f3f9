/**
 * Accumulation charts: codes seen so far against units coded, for the whole
 * sample (observed order, expected over all orders, random-order band, Chao2)
 * and per subgroup. Every curve starts at the origin: no unit, no code.
 */
import type { SaturationStats, Subgroups } from '../report';
import type { UnitKind } from '../incidence';
import { fixed, plural, unitNoun } from './numbers';
import {
  areaPath,
  DASHES,
  el,
  INK,
  legend,
  linearScale,
  linePath,
  niceTicks,
  plotArea,
  svgDocument,
  textEl,
  tooltip,
  xAxis,
  yAxis,
  type Frame,
  type LegendItem,
  type Scale,
} from './svg';

const WIDTH = 720;
const HEIGHT = 380;

/** Whole-number x ticks from 0 to m, thinned to about ten labels. */
function unitTicks(m: number, x: Scale): { x: number; label: string }[] {
  return niceTicks(Math.max(1, m), Math.min(10, Math.max(1, m)))
    .filter((t) => t <= Math.max(1, m))
    .map((t) => ({ x: x(t), label: String(t) }));
}

function withOrigin(values: readonly number[], x: Scale, y: Scale): [number, number][] {
  return [[x(0), y(0)], ...values.map((v, i): [number, number] => [x(i + 1), y(v)])];
}

const lineSwatch =
  (cls: string, stroke: string, dash = '') =>
  (sx: number, sy: number) =>
    el('line', { class: cls, x1: sx, x2: sx + 18, y1: sy, y2: sy, stroke, 'stroke-width': 2, 'stroke-dasharray': dash || undefined });
const areaSwatch = (cls: string, fill: string, opacity: number) => (sx: number, sy: number) =>
  el('rect', { class: cls, x: sx, y: sy - 5, width: 18, height: 10, fill, 'fill-opacity': opacity });

/** The bits of a report the accumulation chart draws. */
export type CurveStats = Pick<
  SaturationStats,
  'units' | 'newCodes' | 'cumulative' | 'expectedCurve' | 'expectedCurveSD' | 'band' | 'chao2' | 'chao2SE' | 'guest'
>;

/**
 * The accumulation chart: observed codes after each unit in interview order
 * (points), the expected curve over all orders with ±1 SD, the random-order
 * band, the Chao2 estimate as a horizontal line, and Guest's saturation point.
 */
export function saturationCurveSvg(stats: CurveStats, by: UnitKind, options: { title?: string } = {}): string {
  const m = stats.units.length;
  const noun = unitNoun(by);
  const items: LegendItem[] = [
    {
      label: 'Observed, in interview order',
      swatch: (sx, sy) =>
        lineSwatch('qc-observed', INK.primary)(sx, sy) +
        el('circle', { class: 'qc-observed-dot', cx: sx + 9, cy: sy, r: 3, fill: INK.primary }),
    },
    {
      label: 'Expected over all orders (±1 SD)',
      swatch: (sx, sy) => areaSwatch('qc-sd', INK.secondary, 0.18)(sx, sy) + lineSwatch('qc-expected', INK.secondary, '5 3')(sx, sy),
    },
  ];
  const band = stats.band && stats.band.lower.length === m ? stats.band : undefined;
  if (band)
    items.push({
      label: `Middle ${Math.round((band.probs[1] - band.probs[0]) * 100)} % of ${band.orders} random orders`,
      swatch: areaSwatch('qc-band', INK.band, 0.22),
    });
  const showChao = m > 1 && Number.isFinite(stats.chao2) && stats.chao2 > 0;
  if (showChao) items.push({ label: 'Chao2 estimate', swatch: lineSwatch('qc-estimate', INK.estimate, '2 3') });
  const satIndex = stats.guest.saturatedAt === null ? -1 : stats.units.indexOf(stats.guest.saturatedAt);
  if (satIndex >= 0) items.push({ label: 'Saturation (Guest et al.)', swatch: lineSwatch('qc-saturation', INK.within, '4 2') });

  const lg = legend(items, 56, 22, WIDTH - 56 - 24);
  const f: Frame = { width: WIDTH, height: HEIGHT, top: 22 + lg.rows * 18 + 6, right: 96, bottom: 50, left: 56 };
  const { x0, x1, y0, y1 } = plotArea(f);
  const top = Math.max(
    1,
    ...stats.cumulative,
    ...stats.expectedCurve.map((v, i) => v + (stats.expectedCurveSD[i] ?? 0)),
    ...(band?.upper ?? []),
    showChao ? stats.chao2 : 0,
  );
  const yTicks = niceTicks(top, 5);
  const y = linearScale([0, yTicks[yTicks.length - 1]], [y0, y1]);
  const x = linearScale([0, Math.max(1, m)], [x0, x1]);

  let body =
    lg.markup +
    yAxis(f, y, yTicks, 'Codes') +
    xAxis(f, unitTicks(m, x), `${noun[0].toUpperCase()}${noun.slice(1)} coded, in interview order`);
  if (m === 0) {
    body += textEl(`No coded ${noun} yet`, {
      class: 'qc-empty',
      x: (x0 + x1) / 2,
      y: (y0 + y1) / 2,
      'text-anchor': 'middle',
      fill: INK.muted,
    });
  } else {
    if (band) {
      const upper = withOrigin(band.upper, x, y);
      const lower = withOrigin(band.lower, x, y);
      body += el('path', { class: 'qc-band', d: areaPath(upper, lower), fill: INK.band, 'fill-opacity': 0.22, stroke: 'none' });
    }
    const sdUp = withOrigin(
      stats.expectedCurve.map((v, i) => v + stats.expectedCurveSD[i]),
      x,
      y,
    );
    const sdLow = withOrigin(
      stats.expectedCurve.map((v, i) => Math.max(0, v - stats.expectedCurveSD[i])),
      x,
      y,
    );
    body += el('path', { class: 'qc-sd', d: areaPath(sdUp, sdLow), fill: INK.secondary, 'fill-opacity': 0.18, stroke: 'none' });
    body += el('path', {
      class: 'qc-expected',
      d: linePath(withOrigin(stats.expectedCurve, x, y)),
      fill: 'none',
      stroke: INK.secondary,
      'stroke-width': 1.5,
      'stroke-dasharray': '5 3',
    });
    if (showChao) {
      const cy = y(stats.chao2);
      body += el('line', {
        class: 'qc-estimate',
        x1: x0,
        x2: x1,
        y1: cy,
        y2: cy,
        stroke: INK.estimate,
        'stroke-width': 1.5,
        'stroke-dasharray': '2 3',
      });
      body += textEl(`Chao2 ${fixed(stats.chao2)}`, { class: 'qc-estimate-label', x: x1 + 6, y: cy + 4, fill: INK.estimate });
      body += textEl(`SE ${fixed(stats.chao2SE)}`, {
        class: 'qc-estimate-label',
        x: x1 + 6,
        y: cy + 18,
        fill: INK.estimate,
        'font-size': 11,
      });
    }
    if (satIndex >= 0) {
      const sx = x(satIndex + 1);
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
      body += textEl('saturation', {
        class: 'qc-saturation-label',
        x: sx - 4,
        y: y1 + 12,
        'text-anchor': 'end',
        fill: INK.within,
        'font-size': 11,
      });
    }
    body += el('path', {
      class: 'qc-observed',
      d: linePath(withOrigin(stats.cumulative, x, y)),
      fill: 'none',
      stroke: INK.primary,
      'stroke-width': 2,
    });
    stats.cumulative.forEach((v, i) => {
      const tip = `${i + 1}. ${stats.units[i]}: ${plural(stats.newCodes[i], 'new code')}, ${v} so far; expected ${fixed(stats.expectedCurve[i], 2)} ± ${fixed(stats.expectedCurveSD[i], 2)}`;
      body += el(
        'circle',
        { class: 'qc-observed-point', cx: x(i + 1), cy: y(v), r: 3.5, fill: INK.primary, 'data-index': i + 1, 'data-value': v },
        tooltip(tip),
      );
    });
  }
  return svgDocument(
    {
      width: WIDTH,
      height: HEIGHT,
      title: options.title ?? 'Code accumulation',
      desc: `Codes seen after each of ${plural(m, unitNoun(by, 1), noun)} in interview order, the expected curve over all orders (Ugland et al. 2003) with ±1 SD (Kindt et al. 2006)${band ? `, the middle ${Math.round((band.probs[1] - band.probs[0]) * 100)} % of ${band.orders} seeded random orders (seed ${band.seed})` : ''}${showChao ? ', and the Chao2 estimate (Chao 1987)' : ''}.`,
      className: 'qc-curve',
    },
    body,
  );
}

/**
 * Codes seen so far within each subgroup, against that subgroup's units in
 * interview order: a curve still climbing at its end is still finding codes.
 */
export function subgroupCurvesSvg(subgroups: Subgroups, by: UnitKind): string {
  const groups = subgroups.groups;
  const items: LegendItem[] = groups.map((g, k) => ({
    label: `${g.value} (${plural(g.stats.units.length, unitNoun(by, 1), unitNoun(by))})`,
    swatch: lineSwatch(`qc-series qc-series-${k % 8}`, INK.series[k % 8], DASHES[k % 8]),
  }));
  const lg = legend(items, 56, 22, WIDTH - 56 - 24);
  const height = 320 + (lg.rows - 1) * 18;
  const f: Frame = { width: WIDTH, height, top: 22 + lg.rows * 18 + 6, right: 24, bottom: 50, left: 56 };
  const { x0, x1, y0, y1 } = plotArea(f);
  const m = Math.max(1, ...groups.map((g) => g.stats.units.length));
  const yTicks = niceTicks(Math.max(1, ...groups.map((g) => g.stats.observed)), 5);
  const y = linearScale([0, yTicks[yTicks.length - 1]], [y0, y1]);
  const x = linearScale([0, m], [x0, x1]);
  let body =
    lg.markup +
    yAxis(f, y, yTicks, 'Codes') +
    xAxis(f, unitTicks(m, x), `${unitNoun(by)[0].toUpperCase()}${unitNoun(by).slice(1)} of the subgroup, in interview order`);
  groups.forEach((g, k) => {
    if (!g.stats.units.length) return;
    const cls = `qc-series qc-series-${k % 8}`;
    const colour = INK.series[k % 8];
    body += el('path', {
      class: cls,
      d: linePath(withOrigin(g.stats.cumulative, x, y)),
      fill: 'none',
      stroke: colour,
      'stroke-width': 2,
      'stroke-dasharray': DASHES[k % 8] || undefined,
    });
    g.stats.cumulative.forEach((v, i) => {
      body += el(
        'circle',
        { class: `qc-series-point qc-series-${k % 8}`, cx: x(i + 1), cy: y(v), r: 3, fill: colour, 'data-value': v },
        tooltip(`${g.value}, ${i + 1}. ${g.stats.units[i]}: ${plural(g.stats.newCodes[i], 'new code')}, ${v} so far`),
      );
    });
  });
  if (!groups.some((g) => g.stats.units.length)) {
    body += textEl(`No coded ${unitNoun(by)} with a value for "${subgroups.attribute}"`, {
      class: 'qc-empty',
      x: (x0 + x1) / 2,
      y: (y0 + y1) / 2,
      'text-anchor': 'middle',
      fill: INK.muted,
    });
  }
  return svgDocument(
    {
      width: WIDTH,
      height,
      title: `Code accumulation by ${subgroups.attribute}`,
      desc: `Codes seen so far within each category of "${subgroups.attribute}", units in interview order.`,
      className: 'qc-subgroups',
    },
    body,
  );
}
