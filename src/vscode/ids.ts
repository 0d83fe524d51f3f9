/** Every contributed id, in one place (package.json must match; a unit test checks it). */
export const Commands = {
  initializeProject: 'reflexiveQda.initializeProject',
  reloadProject: 'reflexiveQda.reloadProject',
  showLog: 'reflexiveQda.showLog',
  newCode: 'reflexiveQda.newCode',
  codeSelection: 'reflexiveQda.codeSelection',
} as const;

export const Settings = {
  section: 'reflexiveQda',
  coder: 'reflexiveQda.coder',
} as const;

export const EXTENSION_ID = 'reflexive-qda.reflexive-qda';
