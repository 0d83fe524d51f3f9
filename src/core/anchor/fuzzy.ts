/**
 * Where an edited passage may be: approximate occurrences of its text near
 * where it was expected, in UTF-16 units.
 */
import { alignNear, snapToCharacters, type Alignment } from './align';

/** Edits tolerated inside a passage of `len` units: a word or two in a sentence, a quarter of a long passage. */
export function fuzzBudget(len: number): number {
  return Math.floor(len / 4) + 1;
}

/** The shortest passage matched approximately; shorter ones are found verbatim or orphaned. */
const MIN_FUZZY = 8;
/** Half-width of the region searched, beyond the passage's own length. */
const RADIUS = 4096;
const MAX_PIECES = 12;
const MAX_HITS_PER_PIECE = 64;
const MAX_PLACES = 3;
/** Length of the inner edge of each context used as a seed. */
const EDGE = 12;

interface Vote {
  /** Where the passage would start. */
  diag: number;
  piece: number;
}

/**
 * Places within the edit budget of `text`, near `hints`: pieces of the text
 * and the inner edges of its context found verbatim vote for where it starts
 * (with k edits, one of k + 1 disjoint pieces survives: the pigeonhole), and
 * the best-supported starts are aligned with the text.
 */
export function approximatePlaces(doc: string, text: string, before: string, after: string, hints: readonly number[]): Alignment[] {
  const m = text.length;
  if (m < MIN_FUZZY || hints.length === 0) return [];
  const k = fuzzBudget(m);
  const lo = Math.max(0, Math.min(...hints) - m - RADIUS);
  const hi = Math.min(doc.length, Math.max(...hints) + 2 * m + RADIUS);
  const region = doc.slice(lo, hi);
  const count = Math.max(2, Math.min(MAX_PIECES, k + 1));
  const len = Math.max(4, Math.min(24, Math.floor(m / count)));
  const step = Math.max(len, Math.floor((m - len) / Math.max(1, count - 1)));
  const pieces: Array<{ s: string; offset: number }> = [];
  for (let o = 0; o + len <= m && pieces.length < count; o += step) pieces.push({ s: text.slice(o, o + len), offset: o });
  if (before.length >= EDGE) pieces.push({ s: before.slice(-EDGE), offset: -EDGE });
  if (after.length >= EDGE) pieces.push({ s: after.slice(0, EDGE), offset: m });
  const votes: Vote[] = [];
  pieces.forEach((p, piece) => {
    let hits = 0;
    for (let at = region.indexOf(p.s); at >= 0 && hits < MAX_HITS_PER_PIECE; at = region.indexOf(p.s, at + 1), hits++) {
      votes.push({ diag: lo + at - p.offset, piece });
    }
  });
  const out: Alignment[] = [];
  for (const diag of bestSupported(votes, k + 4, hints)) {
    const hit = alignNear(doc, text, diag, k + 8, k);
    if (hit && hit.end > hit.start) out.push({ ...hit, ...snapToCharacters(doc, hit.start, hit.end) });
  }
  return out;
}

/** Groups votes that agree within `tol`; the starts of the groups with the most distinct pieces, nearest first on ties. */
function bestSupported(votes: Vote[], tol: number, hints: readonly number[]): number[] {
  const dist = (d: number) => Math.min(...hints.map((h) => Math.abs(d - h)));
  votes.sort((a, b) => a.diag - b.diag);
  const groups: Array<{ diag: number; support: number }> = [];
  for (let i = 0; i < votes.length;) {
    let j = i;
    const pieces = new Set<number>();
    while (j < votes.length && votes[j].diag - votes[i].diag <= tol) pieces.add(votes[j++].piece);
    groups.push({ diag: votes[(i + j - 1) >> 1].diag, support: pieces.size });
    i = j;
  }
  groups.sort((a, b) => b.support - a.support || dist(a.diag) - dist(b.diag));
  return groups.slice(0, MAX_PLACES).map((g) => g.diag);
}
