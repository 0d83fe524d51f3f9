/** `qda export report`: the findings report (docs/report.md) as HTML, Word or Markdown. */
import { ProjectError } from '../core/project';
import { exportReport, REPORT_FORMATS, reportPseudonyms, type MemoDetail, type ReportFormat } from '../core/report';
import { CliError, openProject, type Io } from './common';
import { checkOutput, cliPseudonymiser, exportFormat, writeExport, type ExportOptions } from './output';

interface ReportCliOptions extends ExportOptions {
  'no-pseudonymise'?: boolean;
  memos?: string;
}

const MEMO_DETAIL: Record<string, MemoDetail> = { full: 'full', first: 'first-paragraph', 'first-paragraph': 'first-paragraph' };

/** `qda export report [--format html|docx|md] [-o FILE] [--memos full|first] [--no-pseudonymise]` */
export async function exportReportCommand(io: Io, opts: ExportOptions): Promise<number> {
  const o = opts as ReportCliOptions;
  const format = exportFormat<ReportFormat>(o, REPORT_FORMATS, 'html');
  if (!o.output && format !== 'md')
    throw new CliError(`a ${format === 'docx' ? 'Word' : 'HTML'} report goes to a file: add -o FILE.${format}`);
  const memos = o.memos === undefined ? 'full' : MEMO_DETAIL[o.memos];
  if (!memos) throw new CliError(`--memos ${o.memos}: use full or first`);
  const project = await openProject(io.cwd, o.project);
  await checkOutput(io, o, project);
  try {
    const pseudonyms = reportPseudonyms(await cliPseudonymiser(io, project, o));
    io.err(`note: ${pseudonyms.statement}`);
    const { doc, bytes } = await exportReport(project, format, { pseudonyms, memos });
    const themes = doc.sections.find((s) => s.id === 'findings')?.blocks.filter((b) => b.kind === 'heading' && b.level === 2).length ?? 0;
    await writeExport(io, o, project, bytes, `the findings report (${format}, ${themes} theme${themes === 1 ? '' : 's'})`);
  } catch (e) {
    if (e instanceof ProjectError) throw new CliError(e.message, 1);
    throw e;
  }
  return 0;
}
