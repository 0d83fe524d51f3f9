/**
 * Saturation and representativeness figures as SVG, HTML and CSV strings. Pure
 * TypeScript (no DOM, no `vscode`, no file system): the webview draws with it,
 * the export command writes its output to files, tests read it as text.
 */
export { newCodesSvg } from './bars';
export type { BarStats } from './bars';
export { compositionSvg, STATUS_WORDS } from './composition';
export { compositionCsv, curveCsv, estimatesCsv, guestCsv, methodsCsv, subgroupsCsv } from './csv';
export { saturationCurveSvg, subgroupCurvesSvg } from './curve';
export type { CurveStats } from './curve';
export { fileSlug, saturationExportFiles } from './export';
export type { ExportFile } from './export';
export { saturationBodyHtml, stillProducing } from './html';
export { fixed, parameterText, percent, plainSummary, plural, points, shortUnit, unitNoun } from './numbers';
export { hostMessageSchema, optionsSchema, viewSchema, webviewMessageSchema } from './protocol';
export type { HostMessage, RenderedCounts, SaturationView, SaturationViewOptions, WebviewMessage } from './protocol';
export { el, INK, linearScale, niceTicks, svgDocument, textEl, tooltip, truncate } from './svg';
export { codersOf, newCodeNames, projectDefaults, resolveOptions, saturationView } from './view';
