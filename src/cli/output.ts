/** What every `qda export` shares: the options, the format, and where the export goes. */
import * as path from 'node:path';
import { exportPseudonymiser, type Pseudonymiser } from '../core/output';
import { type Project, ProjectError } from '../core/project';
import { resolveExportTarget, writeExportFile } from '../node/exportTarget';
import { NodeFiles } from '../node/nodeFiles';
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
export async function cliPseudonymiser(
  io: Io,
  project: Project,
  opts: ExportOptions,
): Promise<{ pseudonymiser: Pseudonymiser; pseudonymised: boolean }> {
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
  const format =
    opts.format ??
    (opts.output
      ? path
          .extname(opts.output)
          .slice(1)
          .toLowerCase()
          .replace(/^htm$/, 'html')
          .replace(/^markdown$/, 'md')
      : '');
  if (!format) return fallback;
  if (!(allowed as readonly string[]).includes(format)) {
    if (opts.format === undefined) return fallback;
    throw new CliError(`--format ${format}: use ${allowed.join(' or ')}`);
  }
  return format as F;
}

/** The folder holding the project's qda/ (the CLI's projects are always on node:fs). */
function rootOf(project: Project): string {
  if (!(project.ports.files instanceof NodeFiles)) throw new Error('[reflexive-qda] the CLI opens projects through the node port');
  return project.ports.files.root;
}

/**
 * Refuses `-o FILE` before anything is done when it must not be written (a file
 * of the project, a folder, a device, a pipe: core/exports/target.ts), so that
 * a command that also writes into the project (a review round) writes nothing.
 */
export async function checkOutput(io: Io, opts: ExportOptions, project: Project): Promise<void> {
  if (!opts.output) return;
  try {
    await resolveExportTarget(project, rootOf(project), opts.output, io.cwd);
  } catch (e) {
    if (e instanceof ProjectError) throw new CliError(e.message, 1);
    throw e;
  }
}

/**
 * Writes the export to `-o FILE`, or to stdout. Every export goes through here:
 * the target is checked by the one rule (never a project file, a folder, a
 * device or a pipe; links followed) and written atomically.
 */
export async function writeExport(io: Io, opts: ExportOptions, project: Project, data: string | Uint8Array, what: string): Promise<void> {
  if (!opts.output) {
    io.out((typeof data === 'string' ? data : new TextDecoder().decode(data)).replace(/\r?\n$/, ''));
    return;
  }
  await writeOutputFile(io, opts.output, project, data);
  io.err(`wrote ${what} to ${opts.output}`);
}

/** Writes `-o FILE` by the one rule (see writeExport), saying nothing: for an export that reports in its own words. */
export async function writeOutputFile(io: Io, output: string, project: Project, data: string | Uint8Array): Promise<void> {
  try {
    await writeExportFile(project, rootOf(project), output, data, io.cwd);
  } catch (e) {
    if (e instanceof ProjectError) throw new CliError(e.message, 1);
    throw new CliError(`could not write ${output}: ${(e as Error).message}`, 1);
  }
}
