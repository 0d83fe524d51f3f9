// The public face of src/core/participants: import this folder through here from outside it.
// Who is in the study, who withdrew, and what every analysis and export may therefore include.
export * from './representativeness';
export { includedSources, inclusion, isWithdrawnSource, withdrawalOf, withdrawnParticipants } from './withdrawal';
export type { Inclusion, InclusionInput, OwnedRange } from './withdrawal';
export { representativeness, surveyTarget, DEFAULT_REPRESENTATIVENESS_TOLERANCE } from './representativeness';
export type { AttributeComposition, CategoryComposition, CategoryStatus, FitTest, Representativeness, RepresentativenessOptions, SurveyTarget } from './representativeness';
export { chiSquareGoodnessOfFit, chiSquareSurvival, exactMultinomialTest, wilsonInterval } from './stats';
export type { ChiSquareTest, ExactTest } from './stats';
export { readCsv, readCsvText } from './csv';
export { readXlsx, type EntryReader } from './xlsxRead';
export { placeOf, type Table, type TableProblem, type TableRow } from './table';
export { applySurveyImport, describeSurveyPlan, guessIdColumn, planSurveyImport, SURVEY_TRANSCRIPTS_DIR } from './surveyImport';
export type { AttributeChange, PlannedColumn, PlannedSource, SurveyImportOptions, SurveyImportPlan } from './surveyImport';
export { historyAdvice, knownPeople, planPurge, purgeParticipant, reinstateParticipant, withdrawParticipant } from './withdraw';
export type { PurgePlan } from './withdraw';
export { readSurveyTable, SURVEY_FILE_EXTENSIONS } from './surveyFile';
