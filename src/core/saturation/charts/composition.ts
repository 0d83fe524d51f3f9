/**
 * Sample composition against its target, one chart per attribute: a bar for
 * each category's share of the sample, the target as a tick inside its
 * tolerance band, and the verdict (under, over) in words as well as colour.
 */
import type { AttributeComposition, CategoryStatus } from '../../participants';
import { percent, plural, points } from './numbers';
import { escapeXml } from '../../output';
import { el, INK, legend, linearScale, niceTicks, svgDocument, textEl, tooltip, truncate, type LegendItem } from './svg';

const WIDTH = 720;
const ROW = 40;
const LABEL_RIGHT = 168;
const PLOT_RIGHT = WIDTH - 230;

const STATUS_INK: Record<CategoryStatus, string> = {
  under: INK.under,
  over: INK.over,
  within: INK.within,
  untargeted: INK.neutral,
  unknown: INK.neutral,
};

/** The verdict as people read it; colour alone would fail in print and for colour-blind readers. */
export const STATUS_WORDS: Record<CategoryStatus, string> = {
  under: 'under-represented',
  over: 'over-represented',
  within: 'within tolerance',
  untargeted: 'no target',
  unknown: 'no data',
};

/**
 * One attribute's composition chart; `tolerance` in proportion points (0.05 = 5
 * points). Each share carries its Wilson 95 % interval; with a survey as the
 * target (`a.targetRespondents`), the tick is the survey's share.
 */
export function compositionSvg(a: AttributeComposition, tolerance: number): string {
  const survey = a.targetRespondents !== undefined;
  const targetWord = survey ? 'survey' : 'target';
  const items: LegendItem[] = [
    {
      label: 'Share of the sample',
      swatch: (sx, sy) => el('rect', { class: 'qc-share qc-within', x: sx, y: sy - 5, width: 18, height: 10, fill: INK.within }),
    },
  ];
  items.push({
    label: '95 % interval (Wilson)',
    swatch: (sx, sy) => el('line', { class: 'qc-ci', x1: sx, x2: sx + 18, y1: sy, y2: sy, stroke: INK.text, 'stroke-width': 1.5 }),
  });
  if (a.hasTarget) {
    items.push({
      label: survey ? `Survey share (${plural(a.targetRespondents!, 'respondent')})` : 'Target',
      swatch: (sx, sy) =>
        el('line', { class: 'qc-target', x1: sx + 9, x2: sx + 9, y1: sy - 7, y2: sy + 7, stroke: INK.text, 'stroke-width': 2 }),
    });
    items.push({
      label: `Tolerance ±${Number((tolerance * 100).toFixed(2))} pts`,
      swatch: (sx, sy) =>
        el('rect', { class: 'qc-tolerance', x: sx, y: sy - 6, width: 18, height: 12, fill: INK.neutral, 'fill-opacity': 0.2 }),
    });
    items.push({
      label: 'Under',
      swatch: (sx, sy) => el('rect', { class: 'qc-share qc-under', x: sx, y: sy - 5, width: 18, height: 10, fill: INK.under }),
    });
    items.push({
      label: 'Over',
      swatch: (sx, sy) => el('rect', { class: 'qc-share qc-over', x: sx, y: sy - 5, width: 18, height: 10, fill: INK.over }),
    });
  }
  const lg = legend(items, 16, 22, WIDTH - 32);
  const top = 22 + lg.rows * 18 + 26;
  const rows = Math.max(1, a.categories.length);
  const height = top + rows * ROW + 14;
  const largest = Math.max(
    0.1,
    ...a.categories.map((c) => Math.max(c.proportion ?? 0, c.ciHigh ?? 0, (c.target ?? 0) + (a.hasTarget ? tolerance : 0))),
  );
  const ticks = niceTicks(Math.min(100, largest * 100), 5).map((t) => t / 100);
  const x = linearScale([0, ticks[ticks.length - 1]], [LABEL_RIGHT, PLOT_RIGHT]);
  const bottom = top + rows * ROW;

  let body = lg.markup;
  for (const t of ticks) {
    body += el('line', { class: 'qc-grid', x1: x(t), x2: x(t), y1: top - 4, y2: bottom, stroke: INK.grid });
    body += textEl(`${Math.round(t * 100)} %`, {
      class: 'qc-tick',
      x: x(t),
      y: top - 8,
      'text-anchor': 'middle',
      fill: INK.muted,
      'font-size': 11,
    });
  }
  if (!a.categories.length) {
    body += textEl(`No categories for "${a.attribute}"`, {
      class: 'qc-empty',
      x: WIDTH / 2,
      y: top + ROW / 2,
      'text-anchor': 'middle',
      fill: INK.muted,
    });
  }
  a.categories.forEach((c, i) => {
    const cy = top + i * ROW + ROW / 2;
    const share = c.proportion ?? 0;
    const colour = a.hasTarget ? STATUS_INK[c.status] : INK.within;
    const statusClass = a.hasTarget ? `qc-${c.status}` : 'qc-within';
    const ci = c.ciLow !== null && c.ciHigh !== null ? `, 95 % interval ${percent(c.ciLow)} to ${percent(c.ciHigh)}` : '';
    const tip = `${c.value}: ${plural(c.count, 'participant')}, ${percent(c.proportion)} of the sample${ci}${c.target !== null ? `; ${targetWord} ${percent(c.target)}, difference ${points(c.difference)}, ${STATUS_WORDS[c.status]}` : ''}`;
    let row = el(
      'text',
      { class: 'qc-category', x: LABEL_RIGHT - 10, y: cy + 4, 'text-anchor': 'end', fill: INK.text },
      escapeXml(truncate(c.value, 24)) + tooltip(c.value),
    );
    if (c.target !== null) {
      row += el('rect', {
        class: 'qc-tolerance',
        x: x(Math.max(0, c.target - tolerance)),
        y: cy - 12,
        width: Math.max(0, x(c.target + tolerance) - x(Math.max(0, c.target - tolerance))),
        height: 24,
        fill: INK.neutral,
        'fill-opacity': 0.2,
      });
    }
    row += el(
      'rect',
      {
        class: `qc-share ${statusClass}`,
        x: x(0),
        y: cy - 8,
        width: Math.max(0, x(share) - x(0)),
        height: 16,
        fill: colour,
        'data-value': share,
      },
      tooltip(tip),
    );
    if (c.ciLow !== null && c.ciHigh !== null) {
      const [x1, x2] = [x(c.ciLow), x(c.ciHigh)];
      const whisker =
        el('line', { x1, x2, y1: cy, y2: cy }) +
        el('line', { x1, x2: x1, y1: cy - 4, y2: cy + 4 }) +
        el('line', { x1: x2, x2, y1: cy - 4, y2: cy + 4 });
      row += el(
        'g',
        { class: 'qc-ci', stroke: INK.text, 'stroke-width': 1.5, 'data-low': c.ciLow, 'data-high': c.ciHigh },
        whisker + tooltip(`95 % interval (Wilson) ${percent(c.ciLow)} to ${percent(c.ciHigh)}`),
      );
    }
    if (c.target !== null) {
      row += el(
        'line',
        {
          class: 'qc-target',
          x1: x(c.target),
          x2: x(c.target),
          y1: cy - 13,
          y2: cy + 13,
          stroke: INK.text,
          'stroke-width': 2,
          'data-value': c.target,
        },
        tooltip(`${targetWord} ${percent(c.target)}${c.targetCount !== undefined ? ` (${plural(c.targetCount, 'respondent')})` : ''}`),
      );
    }
    row += textEl(`${percent(c.proportion)} (n = ${c.count})`, {
      class: 'qc-value',
      x: PLOT_RIGHT + 14,
      y: c.target !== null ? cy - 2 : cy + 4,
      fill: INK.text,
    });
    if (c.target !== null) {
      const verdict =
        c.status === 'under' || c.status === 'over'
          ? el('tspan', { class: `qc-flag qc-${c.status}-text`, fill: colour, 'font-weight': 'bold' }, escapeXml(` ${c.status}`))
          : '';
      row += el(
        'text',
        { class: 'qc-note', x: PLOT_RIGHT + 14, y: cy + 13, fill: INK.muted, 'font-size': 11 },
        escapeXml(`${targetWord} ${percent(c.target)}, ${points(c.difference)}`) + verdict,
      );
    }
    body += el('g', { class: 'qc-composition-row', 'data-status': c.status }, row);
  });
  body += el('line', { class: 'qc-axis', x1: x(0), x2: x(0), y1: top - 4, y2: bottom, stroke: INK.axis });
  const lacking = a.lacking.length ? ` ${plural(a.lacking.length, 'participant')} without a value are not counted.` : '';
  return svgDocument(
    {
      width: WIDTH,
      height,
      title: `Sample composition: ${a.attribute}`,
      desc: `Share of the ${plural(a.withValue, 'participant')} with a value for "${a.attribute}" in each category, with its Wilson 95 % interval${a.hasTarget ? `, against the ${survey ? "survey's shares" : 'target'}; a category is under- or over-represented when it is more than ${Number((tolerance * 100).toFixed(2))} percentage points from its target` : ''}.${lacking}`,
      className: 'qc-composition',
    },
    body,
  );
}
