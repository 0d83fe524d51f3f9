// The public face of src/core/participants: import this folder through here from outside it.
// Who is in the study, who withdrew (and what every analysis and export may therefore include),
// their surveys, and how the sample compares with its target.
export * from './representativeness';
export * from './withdrawal';
export * from './withdraw';
export * from './stats';
export * from './table';
export * from './csv';
export * from './xlsxRead';
export * from './surveyFile';
export * from './surveyImport';
export * from './grid';
export * from './protocol';
