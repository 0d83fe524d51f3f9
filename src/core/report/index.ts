/**
 * The findings report (docs/report.md): one content model built from the
 * project's analyses, drawn as a self-contained HTML page, a Word document or
 * Markdown. The public face of src/core/report.
 */
import type { Project } from '../project';
import { encodeUtf8 } from '../text';
import { buildReport } from './build';
import type { ReportOptions } from './inputs';
import { reportDocx } from './docx';
import { reportHtml } from './html';
import { reportMarkdown } from './markdown';
import type { ReportDocument } from './model';

export { buildReport } from './build';
export { gatherInputs, type MemoDetail, type Quote, type ReportInputs, type ReportOptions, type Support } from './inputs';
export { reportDocx, markdownBlocks } from './docx';
export { reportHtml } from './html';
export { reportMarkdown } from './markdown';
export type { ReportBlock, ReportDocument, ReportRun, ReportSection, ReportTable } from './model';
export { reportPseudonyms, type ReportPseudonyms } from './pseudonyms';

export const REPORT_FORMATS = ['html', 'docx', 'md'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Whether `s` names a report format. */
export function isReportFormat(s: string): s is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(s);
}

/** A built report in `format`, as the bytes of the file. */
export function renderReport(doc: ReportDocument, format: ReportFormat): Uint8Array {
  switch (format) {
    case 'html':
      return encodeUtf8(reportHtml(doc));
    case 'docx':
      return reportDocx(doc);
    case 'md':
      return encodeUtf8(reportMarkdown(doc));
  }
}

/** The findings report of `project` in `format`: the document (for counts) and the file's bytes. */
export async function exportReport(
  project: Project,
  format: ReportFormat,
  opts: ReportOptions,
): Promise<{ doc: ReportDocument; bytes: Uint8Array }> {
  const doc = await buildReport(project, opts);
  return { doc, bytes: renderReport(doc, format) };
}
