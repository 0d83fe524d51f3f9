import { exportMemos, type MemoExportFormat, resolveMemoLinks } from '../core/memos';
import { inclusion } from '../core/participants';
import { CliError, openForExport, type Io } from './common';
import { exportFrameworkCommand } from './matrices';
import { checkOutput, cliPseudonymiser, exportFormat, writeExport, type ExportOptions } from './output';
import { exportPassagesCommand } from './passages';
import { exportQdpxCommand } from './refi';
import { exportReportCommand } from './report';
import * as review from './review';

type Exporter = (io: Io, opts: ExportOptions) => Promise<number>;

/** `qda export KIND`: adding a kind is one line here (and a line in the help). */
const EXPORTERS: Record<string, Exporter> = {
  memos: exportMemoLog,
  codebook: (io, o) => review.exportCodebookCommand(io, o),
  review: (io, o) => review.exportReviewCommand(io, o),
  'review-summary': (io, o) => review.exportReviewSummaryCommand(io, o),
  passages: (io, o) => exportPassagesCommand(io, o),
  framework: (io, o) => exportFrameworkCommand(io, o),
  qdpx: (io, o) => exportQdpxCommand(io, o),
  report: (io, o) => exportReportCommand(io, o),
};

/** `qda export KIND [--format F] [-o FILE]`: dispatches on the first positional. */
export async function exportCommand(io: Io, positionals: readonly string[], opts: ExportOptions): Promise<number> {
  const [kind, ...extra] = positionals;
  const kinds = Object.keys(EXPORTERS).join(', ');
  if (!kind) throw new CliError(`what to export? qda export ${Object.keys(EXPORTERS).join('|')} (see qda --help)`);
  const run = Object.hasOwn(EXPORTERS, kind) ? EXPORTERS[kind] : undefined;
  if (!run) throw new CliError(`unknown export "${kind}"; one of: ${kinds}`);
  if (extra.length) throw new CliError(`unexpected argument "${extra[0]}" (the output file goes after -o)`);
  return run(io, opts);
}

/** `qda export memos [--format md|html] [-o FILE] [--no-pseudonymise]`: the memo log, oldest first, links resolved, pseudonymised. */
async function exportMemoLog(io: Io, opts: ExportOptions): Promise<number> {
  const format = exportFormat<MemoExportFormat>(opts, ['md', 'html'], 'md');
  const project = await openForExport(io.cwd, opts.project);
  await checkOutput(io, opts, project);
  const { pseudonymiser } = await cliPseudonymiser(io, project, opts);
  const links = await resolveMemoLinks(project);
  const text = exportMemos(
    {
      title: project.config.title,
      memos: project.memos.values(),
      links,
      generated: project.ports.clock.now(),
      inclusion: inclusion(project),
      quote: (s) => pseudonymiser.apply(s),
    },
    format,
  );
  await writeExport(io, opts, project, text, `${project.memos.size} memos (${format})`);
  return 0;
}
