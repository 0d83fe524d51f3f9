/**
 * Matrices (docs/matrices.md): code co-occurrence, codes by participant
 * attribute, and the framework matrix, from the codings as they stand; the
 * passages behind each cell; the tables as CSV, .xlsx and SVG heat maps.
 * Pure: the project layer (./project) reads through the project's store.
 */
export { attributeMatrix, attributeNames } from './attribute';
export type { AttributeMatrix } from './attribute';
export { COOCCURRENCE_MEASURES, cooccurrenceMatrix } from './cooccurrence';
export type { CooccurrenceMatrix, CooccurrenceMeasure } from './cooccurrence';
export { frameworkMatrix, summaryKey, withSummary } from './framework';
export type { FrameworkCellSummary, FrameworkMatrix, FrameworkRow } from './framework';
export { exportFramework, FRAMEWORK_FORMATS, frameworkPassages } from './frameworkExport';
export type { ExportedPassage, FrameworkExportData, FrameworkFormat } from './frameworkExport';
export { contrast, heatCell, heatLevel, hex, luminance, mix, parseColour, textOn } from './heat';
export type { Rgb } from './heat';
export { cellText, heatmapSvg, scaleMax } from './heatmap';
export { codersIn, matrixCases, matrixInput } from './input';
export type { MatrixCase, MatrixCode, MatrixCoding, MatrixExclusions, MatrixInput, MatrixSource } from './input';
export { cellPassages } from './passages';
export type { MatrixCell, MatrixPassage } from './passages';
export { CodingLocator, projectMatrixInput, withTexts } from './project';
export type { LocatedProjectCodings, PassageWithText } from './project';
export {
  ATTRIBUTE_MEASURES,
  ATTRIBUTE_TITLES,
  attributeTable,
  codeLabels,
  COOCCURRENCE_TITLES,
  cooccurrenceTable,
  exclusionNotes,
  tableCsv,
  tablesXlsx,
} from './tables';
export type { AttributeMeasure, MatrixTable } from './tables';
export { hostMessageSchema, MATRIX_KINDS, optionsSchema, webviewMessageSchema } from './protocol';
export type {
  CellRef,
  ExportFormat,
  FrameworkViewRow,
  HostMessage,
  MatrixKind,
  MatrixOptions,
  MatrixView,
  PassageItem,
  RenderedState,
  ViewColumn,
  ViewRow,
  WebviewMessage,
} from './protocol';
export {
  cellOf,
  cellTitle,
  matrixView,
  resolveMatrixOptions,
  searchQueryOf,
  subTable,
  viewTables,
  visibleFramework,
  visibleRows,
} from './view';
export type { RowFilter, RowSort, ViewContext } from './view';
