/** Participant review: packs, rounds, responses, endorsements, pseudonymisation. */
export {
  endorsementFor,
  formatEndorsement,
  describeEndorsement,
  mostChallenged,
  reviewSummary,
  emptyEndorsement,
  type Endorsement,
  type RespondentSummary,
  type ReviewSummary,
  type RoundSummary,
} from './summary';
export { chooseExamples, type Example, type ExampleOptions } from './examples';
export { prepareReview, buildReviewPack, INTRO_FILE, DEFAULT_INTRO, type PackOptions, type PreparedPack } from './pack';
export {
  importResponses,
  readResponse,
  MAX_RESPONSE_BYTES,
  MAX_RESPONSE_DEPTH,
  responsePath,
  parseResponseText,
  responseSchema,
  RESPONSE_KIND,
  type ReviewResponse,
  type ImportedResponse,
} from './responses';
export {
  listRounds,
  nextRoundId,
  diffCodebooks,
  snapshotCodebook,
  codebookVersion,
  roundPaths,
  REVIEWS_DIR,
  type RoundRecord,
  type CodeChange,
} from './rounds';
export { Pseudonymiser, loadPseudonyms, parsePseudonyms, pseudonymisationPreview, PSEUDONYMS_FILE } from '../output';
export { roundSummary, pickRound, type SummaryFormat } from './summaryExport';
