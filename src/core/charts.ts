/**
 * Saturation and representativeness figures as SVG, HTML and CSV strings. Pure
 * TypeScript (no DOM, no `vscode`, no file system): the webview draws with it,
 * the export command writes its output to files, tests read it as text.
 */
export { newCodesSvg } from './charts/bars';
export type { BarStats } from './charts/bars';
export { compositionSvg, STATUS_WORDS } from './charts/composition';
export { compositionCsv, csvCell, curveCsv, estimatesCsv, guestCsv, methodsCsv, subgroupsCsv, toCsv } from './charts/csv';
export type { Cell } from './charts/csv';
export { saturationCurveSvg, subgroupCurvesSvg } from './charts/curve';
export type { CurveStats } from './charts/curve';
export { fileSlug, saturationExportFiles } from './charts/export';
export type { ExportFile } from './charts/export';
export { saturationBodyHtml, stillProducing } from './charts/html';
export { fixed, parameterText, percent, plural, points, shortUnit, unitNoun } from './charts/numbers';
export { hostMessageSchema, optionsSchema, viewSchema, webviewMessageSchema } from './charts/protocol';
export type { HostMessage, RenderedCounts, SaturationView, SaturationViewOptions, WebviewMessage } from './charts/protocol';
export { escapeXml, linearScale, niceTicks } from './charts/svg';
export { codersOf, newCodeNames, projectDefaults, resolveOptions, saturationView } from './charts/view';
