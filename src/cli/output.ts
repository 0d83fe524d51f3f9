/** What every `qda export` shares: the options, the format, and where the export goes. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { exportPseudonymiser, type Pseudonymiser } from '../core/output';
import { type Project, ProjectError } from '../core/project';
import { CliError, type Io } from './common';

/** The options every `qda export KIND` gets (parsed in cli.ts). */
export interface ExportOptions {
  project?: string;
  format?: string;
  output?: string;
  /** Quotes as they are, with real names: the explicit choice, said out loud. */
  'no-pseudonymise'?: boolean;
}

/**
 * The pseudonymiser of every export that quotes (the one policy in
 * core/output): the project's map, or no export at all when there is none or it
 * has errors; quotes as they are only with --no-pseudonymise, said out loud.
 */
export async function cliPseudonymiser(io: Io, project: Project, opts: ExportOptions): Promise<{ pseudonymiser: Pseudonymiser; pseudonymised: boolean }> {
  if (opts['no-pseudonymise']) io.err('note: --no-pseudonymise: quotes are exported as they are, with real names');
  try {
    const p = await exportPseudonymiser(project, !opts['no-pseudonymise']);
    for (const w of p.warnings) io.err(`qda/private/pseudonyms.yaml:${w.line}:${w.column}: warning: ${w.message}`);
    return p;
  } catch (e) {
    if (e instanceof ProjectError) throw new CliError(e.message, 1);
    throw e;
  }
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
