/**
 * What each agreement figure is, in words a methods section can use: the label,
 * how it is computed, over which units, and the reference. Shown beside every
 * figure (panel, text table, CSV, Markdown) and in docs/agreement.md.
 */

export type FigureName = 'kappa' | 'alpha' | 'agreement' | 'jaccard';
export type AgreementUnit = 'character' | 'turn';

export interface FigureMethod {
  label: string;
  /** One line: how it is computed. */
  method: string;
  citation: string;
}

export const FIGURE_NAMES: readonly FigureName[] = ['kappa', 'alpha', 'agreement', 'jaccard'];

export const METHODS: Readonly<Record<FigureName, FigureMethod>> = {
  kappa: {
    label: "Cohen's κ",
    method:
      'κ = (po − pe) / (1 − pe); po = share of units both coded or both left uncoded; ' +
      "pe = pA·pB + (1 − pA)(1 − pB), from each coder's share of all units coded",
    citation: 'Cohen, J. (1960). A coefficient of agreement for nominal scales. Educational and Psychological Measurement, 20(1), 37–46.',
  },
  alpha: {
    label: "Krippendorff's α",
    method: 'nominal: α = 1 − Do/De from the coincidence matrix of coded / not coded values; a unit a coder did not see is missing',
    citation:
      "Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School for Communication, University of Pennsylvania.",
  },
  agreement: {
    label: 'Agreement',
    method: 'share of units both coded or both left uncoded',
    citation: '',
  },
  jaccard: {
    label: 'Jaccard',
    method: 'units both coded / units either coded',
    citation: 'Jaccard, P. (1912). The distribution of the flora in the alpine zone. New Phytologist, 11(2), 37–50.',
  },
};

/** What the units are, for a sentence: "characters (Unicode code points)" or "speaker turns". */
export function unitWords(unit: AgreementUnit, n?: number): string {
  const plural = n === undefined || n !== 1;
  if (unit === 'turn') return plural ? 'speaker turns' : 'speaker turn';
  return plural ? 'characters' : 'character';
}

/** How a unit counts as coded, for a sentence. */
export function unitRule(unit: AgreementUnit): string {
  return unit === 'turn'
    ? 'a speaker turn (a paragraph in plain text) is coded when a coding of the code overlaps it'
    : 'a character (Unicode code point; BOM not counted, CR LF counts as two) is coded when a coding of the code itself covers it';
}
