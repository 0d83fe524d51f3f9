/** Every contributed id, in one place (package.json must match; a unit test checks it). */
export const Commands = {
  initializeProject: 'reflexiveQda.initializeProject',
  reloadProject: 'reflexiveQda.reloadProject',
  showLog: 'reflexiveQda.showLog',
  newCode: 'reflexiveQda.newCode',
  codeSelection: 'reflexiveQda.codeSelection',
  newMemo: 'reflexiveQda.newMemo',
  filterMemos: 'reflexiveQda.filterMemos',
  clearMemoFilter: 'reflexiveQda.clearMemoFilter',
  toggleMemoGrouping: 'reflexiveQda.toggleMemoGrouping',
  revealMemoLink: 'reflexiveQda.revealMemoLink',
  exportMemos: 'reflexiveQda.exportMemos',
  codeInVivo: 'reflexiveQda.codeInVivo',
  newChildCode: 'reflexiveQda.newChildCode',
  renameCode: 'reflexiveQda.renameCode',
  editCodeDefinition: 'reflexiveQda.editCodeDefinition',
  openCodeInCodebook: 'reflexiveQda.openCodeInCodebook',
  changeCodeColor: 'reflexiveQda.changeCodeColor',
  mergeCode: 'reflexiveQda.mergeCode',
  retireCode: 'reflexiveQda.retireCode',
  deleteCode: 'reflexiveQda.deleteCode',
  undo: 'reflexiveQda.undo',
  toggleInactiveCodes: 'reflexiveQda.toggleInactiveCodes',
  filterByCoder: 'reflexiveQda.filterByCoder',
  showPassages: 'reflexiveQda.showPassages',
  codesAtCursor: 'reflexiveQda.codesAtCursor',
  nextCodedPassage: 'reflexiveQda.nextCodedPassage',
  previousCodedPassage: 'reflexiveQda.previousCodedPassage',
  removeCoding: 'reflexiveQda.removeCoding',
  recodeCoding: 'reflexiveQda.recodeCoding',
  addCodingNote: 'reflexiveQda.addCodingNote',
  setHighlightMode: 'reflexiveQda.setHighlightMode',
  revealPassage: 'reflexiveQda.revealPassage',
  exportPassages: 'reflexiveQda.exportPassages',
  goToTimestamp: 'reflexiveQda.goToTimestamp',
  importTranscript: 'reflexiveQda.importTranscript',
  reattachCoding: 'reflexiveQda.reattachCoding',
  deleteCoding: 'reflexiveQda.deleteCoding',
  showSaturation: 'reflexiveQda.showSaturation',
  exportSaturation: 'reflexiveQda.exportSaturation',
  exportCodebook: 'reflexiveQda.exportCodebook',
  importQdc: 'reflexiveQda.importQdc',
  exportQdpx: 'reflexiveQda.exportQdpx',
  importQdpx: 'reflexiveQda.importQdpx',
  exportReport: 'reflexiveQda.exportReport',
  prepareReview: 'reflexiveQda.prepareReview',
  importReviewResponses: 'reflexiveQda.importReviewResponses',
  previewPseudonymisation: 'reflexiveQda.previewPseudonymisation',
  exportReviewSummary: 'reflexiveQda.exportReviewSummary',
  openReviewPack: 'reflexiveQda.openReviewPack',
  refreshReviews: 'reflexiveQda.refreshReviews',
  searchProject: 'reflexiveQda.searchProject',
  keepSearchResults: 'reflexiveQda.keepSearchResults',
  clearSearchResults: 'reflexiveQda.clearSearchResults',
  revealSearchResult: 'reflexiveQda.revealSearchResult',
  codeSearchResults: 'reflexiveQda.codeSearchResults',
  showMatrices: 'reflexiveQda.showMatrices',
  exportMatrix: 'reflexiveQda.exportMatrix',
  compareCoders: 'reflexiveQda.compareCoders',
  showAgreement: 'reflexiveQda.showAgreement',
  exportAgreement: 'reflexiveQda.exportAgreement',
  nextDisagreement: 'reflexiveQda.nextDisagreement',
  previousDisagreement: 'reflexiveQda.previousDisagreement',
  revealDisagreement: 'reflexiveQda.revealDisagreement',
  resolveDisagreement: 'reflexiveQda.resolveDisagreement',
  keepFirstCoder: 'reflexiveQda.keepFirstCoder',
  keepSecondCoder: 'reflexiveQda.keepSecondCoder',
  keepBothCoders: 'reflexiveQda.keepBothCoders',
  recordConsensus: 'reflexiveQda.recordConsensus',
  closeComparison: 'reflexiveQda.closeComparison',
  showParticipants: 'reflexiveQda.showParticipants',
  importSurvey: 'reflexiveQda.importSurvey',
  withdrawParticipant: 'reflexiveQda.withdrawParticipant',
  reinstateParticipant: 'reflexiveQda.reinstateParticipant',
  purgeParticipant: 'reflexiveQda.purgeParticipant',
  editTranscript: 'reflexiveQda.editTranscript',
} as const;

/** Views and their container (package.json `viewsContainers` and `views`). */
export const Views = {
  container: 'reflexiveQda',
  codes: 'reflexiveQda.codes',
  transcripts: 'reflexiveQda.transcripts',
  passages: 'reflexiveQda.passages',
  memoLog: 'reflexiveQda.memoLog',
  attention: 'reflexiveQda.attention',
  reviews: 'reflexiveQda.reviews',
  searchResults: 'reflexiveQda.searchResults',
  disagreements: 'reflexiveQda.disagreements',
} as const;

/** Context keys the extension sets (package.json `when` clauses read them). */
export const ContextKeys = {
  projectOpen: 'reflexiveQda.projectOpen',
  /** 'opening', 'open', 'none' (the folder has no project) or 'failed': the side bar says which. */
  projectState: 'reflexiveQda.projectState',
  hasReviews: 'reflexiveQda.hasReviews',
  hasSearchResults: 'reflexiveQda.hasSearchResults',
  searchOpen: 'reflexiveQda.searchOpen',
  showInactiveCodes: 'reflexiveQda.showInactiveCodes',
  coderFiltered: 'reflexiveQda.coderFiltered',
  memoFilterActive: 'reflexiveQda.memoFilterActive',
  needsAttention: 'reflexiveQda.needsAttention',
  comparing: 'reflexiveQda.comparing',
  hasDisagreements: 'reflexiveQda.hasDisagreements',
  hasCodes: 'reflexiveQda.hasCodes',
} as const;

/** Settings (package.json `configuration`), by their full ids. */
export const Settings = {
  section: 'reflexiveQda',
  coder: 'reflexiveQda.coder',
  memoPrompts: 'reflexiveQda.memo.prompts',
  memoLogGroupBy: 'reflexiveQda.memoLog.groupBy',
  highlightMode: 'reflexiveQda.highlight.mode',
  snapToWords: 'reflexiveQda.coding.snapToWords',
  reviewExamples: 'reflexiveQda.review.examples',
  interviewerLabels: 'reflexiveQda.transcript.interviewerLabels',
  consensusCoder: 'reflexiveQda.agreement.consensusCoder',
  transcriptReadOnly: 'reflexiveQda.transcript.readOnly',
  reportMemos: 'reflexiveQda.report.memos',
} as const;

/** Languages the extension contributes. */
export const Languages = { transcript: 'transcript', webvtt: 'webvtt', srt: 'srt' } as const;

/** Status bar items, webview panels and keys in the workspace state. */
export const StatusBarItems = { project: 'reflexiveQda.project', coverage: 'reflexiveQda.coverage' } as const;
export const Panels = {
  saturation: 'reflexiveQda.saturation',
  matrices: 'reflexiveQda.matrices',
  agreement: 'reflexiveQda.agreement',
  participants: 'reflexiveQda.participants',
  surveyImport: 'reflexiveQda.surveyImport',
} as const;
export const StateKeys = { recentCodes: 'reflexiveQda.recentCodes' } as const;

export const EXTENSION_ID = 'reflexive-qda.reflexive-qda';
