/** Every contributed id, in one place (package.json must match; a unit test checks it). */
export const Commands = {
  initializeProject: 'reflexiveQda.initializeProject',
  reloadProject: 'reflexiveQda.reloadProject',
  showLog: 'reflexiveQda.showLog',
  newCode: 'reflexiveQda.newCode',
  codeSelection: 'reflexiveQda.codeSelection',
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
} as const;

export const Settings = {
  section: 'reflexiveQda',
  coder: 'reflexiveQda.coder',
} as const;

export const EXTENSION_ID = 'reflexive-qda.reflexive-qda';
