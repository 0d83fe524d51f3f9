/**
 * The heat map's colours, shared by the panel (theme colours) and the SVG
 * export (paper colours): a cell's fill runs from the background to one accent
 * colour with its value, and its number is printed in black or white,
 * whichever contrasts more with that fill. One of the two always reaches
 * 4.5:1 (WCAG AA) against any colour, so every number stays readable in
 * light, dark and high-contrast themes.
 */

export type Rgb = [number, number, number];

/** `#rgb`, `#rrggbb` or `#rrggbbaa` (alpha ignored), `rgb(r, g, b)` / `rgba(...)`; undefined otherwise. */
export function parseColour(text: string): Rgb | undefined {
  const s = text.trim();
  let m = /^#([0-9a-f]{3})$/i.exec(s);
  if (m) return [...m[1]].map((h) => parseInt(h + h, 16)) as Rgb;
  m = /^#([0-9a-f]{6})(?:[0-9a-f]{2})?$/i.exec(s);
  if (m) return [0, 2, 4].map((i) => parseInt(m![1].slice(i, i + 2), 16)) as Rgb;
  m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/i.exec(s);
  if (m) return [m[1], m[2], m[3]].map((v) => Math.max(0, Math.min(255, Math.round(Number(v))))) as Rgb;
  return undefined;
}

export function hex(c: Rgb): string {
  return `#${c.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;
}

/** Relative luminance (WCAG 2). */
export function luminance(c: Rgb): number {
  const [r, g, b] = c.map((v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Contrast ratio of two colours (WCAG 2), 1..21. */
export function contrast(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

const BLACK: Rgb = [0, 0, 0];
const WHITE: Rgb = [255, 255, 255];

/** Black or white: whichever is more legible on `fill`. */
export function textOn(fill: Rgb): '#000000' | '#ffffff' {
  return contrast(fill, BLACK) >= contrast(fill, WHITE) ? '#000000' : '#ffffff';
}

/** `t` of the way from `from` to `to` (t in 0..1, clamped). */
export function mix(from: Rgb, to: Rgb, t: number): Rgb {
  const u = Math.max(0, Math.min(1, Number.isFinite(t) ? t : 0));
  return [0, 1, 2].map((i) => from[i] + (to[i] - from[i]) * u) as Rgb;
}

/**
 * Where a value falls on the scale, 0..1: linear from 0 to `max`. A cell with a
 * value above 0 is never drawn as the bare background, so "some" and "none"
 * always look different.
 */
export function heatLevel(value: number | null, max: number): number {
  if (value === null || !Number.isFinite(value) || value <= 0 || !(max > 0)) return 0;
  return 0.12 + 0.88 * Math.min(1, value / max);
}

/** A cell's fill and text colour. */
export function heatCell(value: number | null, max: number, background: Rgb, accent: Rgb): { fill: string; text: string } {
  const fill = mix(background, accent, heatLevel(value, max));
  return { fill: hex(fill), text: textOn(fill) };
}
