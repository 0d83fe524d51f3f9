import * as fs from 'node:fs';
import * as path from 'node:path';
import { exportMemos, type MemoExportFormat } from '../core/memos';
import { resolveMemoLinks } from '../core/memos';
import { CliError, openProject, type Io } from './common';
import { exportPassagesCommand } from './passages';
import * as review from './review';

/** The options every `qda export KIND` gets (parsed in cli.ts). */
export interface ExportOptions {
  project?: string;
  format?: string;
  output?: string;
}

type Exporter = (io: Io, opts: ExportOptions) => Promise<number>;

/** `qda export KIND`: adding a kind is one line here (and a line in the help). */
const EXPORTERS: Record<string, Exporter> = {
  memos: exportMemoLog,
  codebook: (io, o) => review.exportCodebookCommand(io, o),
  review: (io, o) => review.exportReviewCommand(io, o),
  'review-summary': (io, o) => review.exportReviewSummaryCommand(io, o),
  passages: (io, o) => exportPassagesCommand(io, o),
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

/** The format asked for, else the output file's extension, else `fallback`. */
export function exportFormat<F extends string>(opts: ExportOptions, allowed: readonly F[], fallback: F): F {
  const format = opts.format ?? (opts.output ? path.extname(opts.output).slice(1).toLowerCase().replace(/^htm$/, 'html').replace(/^markdown$/, 'md') : '');
  if (!format) return fallback;
  if (!(allowed as readonly string[]).includes(format)) {
    if (opts.format === undefined) return fallback;
    throw new CliError(`--format ${format}: use ${allowed.join(' or ')}`);
  }
  return format as F;
}

/** Writes the export to `-o FILE` (atomically: a crash leaves no half file), or to stdout. */
export function writeExport(io: Io, opts: ExportOptions, text: string, what: string): void {
  if (!opts.output) {
    io.out(text.replace(/\n$/, ''));
    return;
  }
  const target = path.resolve(io.cwd, opts.output);
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, target);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw new CliError(`could not write ${opts.output}: ${(e as Error).message}`, 1);
  }
  io.err(`wrote ${what} to ${opts.output}`);
}

/** `qda export memos [--format md|html] [-o FILE]`: the memo log, oldest first, links resolved. */
async function exportMemoLog(io: Io, opts: ExportOptions): Promise<number> {
  const format = exportFormat<MemoExportFormat>(opts, ['md', 'html'], 'md');
  const project = await openProject(io.cwd, opts.project);
  const links = await resolveMemoLinks(project);
  const text = exportMemos({ title: project.config.title, memos: project.memos.values(), links, generated: project.ports.clock.now() }, format);
  writeExport(io, opts, text, `${project.memos.size} memos (${format})`);
  return 0;
}
