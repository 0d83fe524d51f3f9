/**
 * Inter-coder agreement: Cohen's kappa, Krippendorff's alpha (nominal, two or
 * more coders), percent agreement and Jaccard per code and pooled, at the level
 * of characters or speaker turns; the passages where two coders differ; and
 * what resolving one writes. See docs/agreement.md for every formula.
 */
export {
  compareCoders,
  pairFigures,
  type AgreementInput,
  type AgreementReport,
  type AgreementSource,
  type CodeAgreement,
  type CodeInfo,
  type Excluded,
  type PairFigures,
  type PlacedCoding,
  type Reasons,
  type SkippedSource,
} from './compare';
export { multiCoderAlpha, type CodeMultiAgreement, type MultiAgreementReport, type MultiFigures } from './multiCoder';
export {
  findDisagreements,
  onlySpans,
  planResolution,
  RESOLUTIONS,
  type Disagreement,
  type DisagreementInput,
  type Resolution,
  type ResolutionOptions,
  type ResolutionPlan,
} from './disagreements';
export { coverageHistogram, difference, measure, overlapMeasure, turnsTouched, unionOf, type Interval } from './intervals';
export { FIGURE_NAMES, METHODS, unitRule, unitWords, type AgreementUnit, type FigureMethod, type FigureName } from './methods';
export {
  codersIn,
  placeSource,
  projectAgreement,
  projectComparison,
  projectDisagreements,
  projectMultiAgreement,
  resolveDisagreement,
  sourcesToCompare,
  type Placed,
  type ProjectAgreementOptions,
  type ResolutionResult,
} from './project';
export {
  addBinaryUnits,
  alphaFromCoincidences,
  alphaTwoCoders,
  binaryCoincidences,
  cohenKappa,
  jaccard,
  krippendorffAlphaNominal,
  percentAgreement,
  unitCount,
  type Coincidences,
  type Counts,
  type Figure,
} from './stats';
export { agreementCsv, agreementMarkdown, agreementText, byKappa, leftOutNotes, scopeSentence, showFigure, undefinedNotes } from './table';
export {
  hostMessageSchema,
  viewSchema,
  webviewMessageSchema,
  type AgreementView,
  type DisagreementCount,
  type HostMessage,
  type RenderedCounts,
  type WebviewMessage,
} from './protocol';
export { agreementBodyHtml } from './html';
