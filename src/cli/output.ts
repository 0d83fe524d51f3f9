/** What every `qda export` shares: the options, the format, and where the export goes. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliError, type Io } from './common';

/** The options every `qda export KIND` gets (parsed in cli.ts). */
export interface ExportOptions {
  project?: string;
  format?: string;
  output?: string;
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
