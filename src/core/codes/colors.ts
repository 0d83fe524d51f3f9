/**
 * The colours codes are shown in. A code without a colour of its own is shown in its
 * nearest ancestor's (a child reads as part of its theme, as in NVivo and MAXQDA), and
 * a new code gets a colour none of its siblings shows, so codes side by side in the
 * tree and in a transcript stay apart.
 */
import type { Code } from '../model';

/** The house palette (Tableau 10): distinct, readable on light and dark themes. */
export const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

const COLOUR = /^#[0-9a-fA-F]{6}$/;

/** The code's own colour when it is a #rrggbb colour, lower case. */
function ownColor(code: Code | undefined): string | undefined {
  return code?.color !== undefined && COLOUR.test(code.color) ? code.color.toLowerCase() : undefined;
}

/**
 * The colour each code is shown in: its own, else its nearest ancestor's that has one;
 * codes with neither are absent. A cycle of parents (a hand-edited codebook) ends the walk.
 */
export function shownColors(codes: readonly Code[]): Map<string, string> {
  const byId = new Map(codes.map((c) => [c.id, c]));
  const out = new Map<string, string>();
  for (const code of codes) {
    const seen = new Set<string>();
    for (let c: Code | undefined = code; c && !seen.has(c.id); c = c.parent !== undefined ? byId.get(c.parent) : undefined) {
      seen.add(c.id);
      const own = ownColor(c);
      if (own) {
        out.set(code.id, own);
        break;
      }
    }
  }
  return out;
}

/** The colour one code is shown in (see shownColors). */
export function shownColor(codes: readonly Code[], id: string): string | undefined {
  return shownColors(codes).get(id);
}

/**
 * A colour for a new code under `parent` (undefined: a top-level code): the first palette
 * colour that no sibling and not the parent shows; when every one is taken, the one its
 * siblings show least (the earliest of those in the palette).
 */
export function freshColor(codes: readonly Code[], parent?: string): string {
  const shown = shownColors(codes);
  const siblings = codes.filter((c) => c.parent === parent && c.status !== 'merged');
  const uses = new Map(PALETTE.map((p) => [p, 0]));
  for (const s of siblings) {
    const c = shown.get(s.id);
    if (c !== undefined && uses.has(c)) uses.set(c, uses.get(c)! + 1);
  }
  const parentColor = parent !== undefined ? shown.get(parent) : undefined;
  const free = PALETTE.find((p) => uses.get(p) === 0 && p !== parentColor);
  if (free) return free;
  const least = Math.min(...PALETTE.filter((p) => p !== parentColor).map((p) => uses.get(p)!));
  return PALETTE.find((p) => p !== parentColor && uses.get(p) === least)!;
}
