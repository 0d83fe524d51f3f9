import * as fs from 'node:fs';
import * as path from 'node:path';
import { CODEBOOK_FORMATS, exportCodebook, type CodebookFormat } from '../core/exports';
import { readQdc, applyQdcImport, formatImportPlan, planQdcImport } from '../core/refi';
import { ProjectError } from '../core/project';
import { importResponses, prepareReview, reviewSummary, roundSummary } from '../core/review';
import {
  loadPseudonyms,
  PSEUDONYMS_FILE,
  projectPseudonymCandidates,
  proposedPseudonymMap,
  pseudonymisationPreview,
  unlistedCandidates,
} from '../core/output';
import { CliError, openForExport, openProject, type ImportOptions, type Io } from './common';
import { checkOutput, cliPseudonymiser, exportFormat, writeExport, type ExportOptions } from './output';

/** The options of the review and codebook commands, on top of what every export gets. */
interface ReviewCliOptions extends ExportOptions {
  round?: string;
  examples?: string;
  init?: boolean;
}

/** A ProjectError (the user's to fix) as a CLI error; anything else goes up. */
export async function asCli<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof ProjectError) throw new CliError(e.message, 1);
    throw e;
  }
}

/** `qda export codebook [--format md|csv|html|docx|qdc] [-o FILE] [--no-pseudonymise]` */
export async function exportCodebookCommand(io: Io, opts: ExportOptions): Promise<number> {
  const o = opts as ReviewCliOptions;
  const format = exportFormat<CodebookFormat>(o, CODEBOOK_FORMATS, 'md');
  if (!o.output && format === 'docx') throw new CliError('a Word file cannot go to the terminal: add -o FILE.docx');
  const project = await openForExport(io.cwd, o.project);
  await checkOutput(io, o, project);
  const { pseudonymiser: p } = await cliPseudonymiser(io, project, o);
  const bytes = await asCli(async () => exportCodebook(project, format, { quote: (s) => p.apply(s) }));
  await writeExport(
    io,
    o,
    project,
    bytes,
    `the codebook (${format}, ${project.codebook.codes.filter((c) => c.status === 'active').length} codes)`,
  );
  return 0;
}

/** `qda export review [-o FILE.html] [--round ID] [--examples N] [--no-pseudonymise]` */
export async function exportReviewCommand(io: Io, opts: ExportOptions): Promise<number> {
  const o = opts as ReviewCliOptions;
  const examples = o.examples === undefined ? 3 : Number(o.examples);
  if (!Number.isInteger(examples) || examples < 0 || examples > 20)
    throw new CliError(`--examples ${o.examples}: a whole number from 0 to 20`);
  const project = await openForExport(io.cwd, o.project);
  // A pack is also a round written into the project: say first why the project cannot take it.
  if (project.writeRefusal) throw new CliError(project.writeRefusal, 1);
  await checkOutput(io, o, project);
  const { pseudonymiser, pseudonymised } = await cliPseudonymiser(io, project, o);
  const pack = await asCli(() => prepareReview(project, { round: o.round, examples, pseudonymiser, pseudonymised }));
  for (const w of pack.written) io.err(`wrote ${w}`);
  if (pack.previous) io.err(`${pack.changes.length} change${pack.changes.length === 1 ? '' : 's'} since ${pack.previous.round}`);
  if (o.output) await writeExport(io, o, project, pack.html, `the review pack for ${pack.round}`);
  io.out(
    `${pack.round}: ${pack.record.codes.filter((c) => c.status === 'active').length} codes, codebook version ${pack.record.codebookVersion}`,
  );
  return 0;
}

/** `qda export review-summary [--format md|html] [-o FILE] [--round ID] [--no-pseudonymise]` */
export async function exportReviewSummaryCommand(io: Io, opts: ExportOptions): Promise<number> {
  const o = opts as ReviewCliOptions;
  const format = exportFormat<'md' | 'html'>(o, ['md', 'html'], 'md');
  const project = await openForExport(io.cwd, o.project);
  await checkOutput(io, o, project);
  const { pseudonymiser: p } = await cliPseudonymiser(io, project, o);
  const summary = await reviewSummary(project);
  for (const problem of summary.problems) io.err(`warning: ${problem}`);
  const text = await asCli(async () => roundSummary(project, summary, format, { round: o.round, quote: (s) => p.apply(s) }));
  await writeExport(io, o, project, text, `the review summary (${format})`);
  return 0;
}

export function readInput(io: Io, file: string): Uint8Array {
  try {
    return fs.readFileSync(path.resolve(io.cwd, file));
  } catch (e) {
    throw new CliError(`cannot read ${file}: ${(e as Error).message}`, 1);
  }
}

/** `qda import qdc FILE [--yes]`: prints the plan; writes only with --yes. */
export async function importQdcCommand(io: Io, files: readonly string[], opts: ImportOptions): Promise<number> {
  if (files.length > 1) throw new CliError('qda import qdc: one file at a time, so that each plan is read before it is applied');
  const file = files[0];
  const read = readQdc(readInput(io, file));
  const project = await openProject(io.cwd, opts.project);
  if (!read.ok) {
    for (const w of read.warnings) io.err(`${file}:${w.line}:${w.column}: ${w.message}`);
    io.err(`qda: ${file}: no REFI-QDA codebook could be read; nothing imported`);
    return 1;
  }
  const plan = opts.yes
    ? await asCli(() => applyQdcImport(project, read))
    : planQdcImport(project.codebook, read, project.ports.ids, project.ports.clock.now());
  for (const line of formatImportPlan(plan, file)) io.out(line);
  io.err(
    opts.yes
      ? `imported: ${plan.counts.add} added, ${plan.counts.update} updated (qda/codebook.yaml)`
      : 'nothing written: run again with --yes to import',
  );
  return 0;
}

/** `qda import review FILE… [--round ID]`: validates and stores each response. */
export async function importReviewCommand(io: Io, files: readonly string[], opts: ImportOptions): Promise<number> {
  const project = await openProject(io.cwd, opts.project);
  const inputs = files.map((f) => ({ name: f, bytes: readInput(io, f) }));
  const results = await asCli(() => importResponses(project, inputs, { round: opts.round }));
  let failed = 0;
  for (const r of results) {
    if (!r.ok) {
      failed++;
      for (const p of r.problems) io.err(`${r.file}: ${p}`);
      continue;
    }
    for (const w of r.warnings) io.err(`${r.file}: warning: ${w}`);
    io.out(`${r.file}: ${r.response!.respondent}, ${r.response!.answers.length} answers -> ${r.path}${r.replaced ? ' (replaced)' : ''}`);
  }
  if (results.length > 1 || failed)
    io.err(`${results.length - failed} of ${results.length} response file${results.length === 1 ? '' : 's'} imported`);
  return failed ? 1 : 0;
}

/**
 * `qda pseudonyms [--init]`: what pseudonymisation replaces in the project's quotes, and the names
 * found in them that the map does not list; --init writes the proposed map (each name found, with a
 * placeholder pseudonym to edit).
 */
export async function pseudonymsCommand(io: Io, opts: { project?: string; init?: boolean; json?: boolean }): Promise<number> {
  const project = await openProject(io.cwd, opts.project);
  const candidates = await projectPseudonymCandidates(project);
  if (opts.init) {
    if (project.writeRefusal) throw new CliError(project.writeRefusal, 1);
    if (await project.ports.files.stat(PSEUDONYMS_FILE)) throw new CliError(`${PSEUDONYMS_FILE} already exists`);
    await asCli(() => project.writeFile(PSEUDONYMS_FILE, proposedPseudonymMap(candidates)));
    io.err(
      `created ${PSEUDONYMS_FILE} with ${candidates.length} proposed name${candidates.length === 1 ? '' : 's'}, each with a placeholder pseudonym: edit them (never committed: qda/.gitignore lists private/)`,
    );
  }
  const loaded = await loadPseudonyms(project);
  for (const p of loaded.problems)
    io.err(`${PSEUDONYMS_FILE}:${p.line}:${p.column}: ${p.severity === 'warning' ? 'warning: ' : ''}${p.message}`);
  const preview = pseudonymisationPreview(project, loaded.pseudonymiser);
  const unlisted = unlistedCandidates(candidates, loaded.pseudonymiser);
  if (opts.json) {
    io.out(JSON.stringify({ ...preview, exists: loaded.exists, unlisted }));
    return loaded.problems.length ? 1 : 0;
  }
  if (!loaded.exists) io.out(`no ${PSEUDONYMS_FILE}: every export that quotes refuses until it exists (qda pseudonyms --init creates it)`);
  io.out(
    `${preview.changed} of ${preview.quotes} quotes would change${loaded.exists ? '' : ' (built-in rules only: email addresses and phone numbers)'}`,
  );
  for (const row of preview.rows) {
    io.out(
      `  ${row.rule} -> ${row.to}: ${row.count} time${row.count === 1 ? '' : 's'} (${row.matched.slice(0, 5).join(', ')}${row.matched.length > 5 ? ', …' : ''})`,
    );
    for (const s of row.samples) io.out(`      ${s.where}: ${s.after.replace(/\s+/g, ' ').slice(0, 100)}`);
  }
  if (unlisted.length) {
    io.out(
      `${unlisted.length} name${unlisted.length === 1 ? '' : 's'} found in the quotes ${loaded.exists ? 'but not in the map' : 'to list'}:`,
    );
    for (const c of unlisted.slice(0, 30))
      io.out(`  ${c.name} (${c.kind}; ${c.quotes} quote${c.quotes === 1 ? '' : 's'}, first in ${c.where})`);
    if (unlisted.length > 30) io.out(`  … and ${unlisted.length - 30} more`);
  }
  return loaded.problems.some((p) => (p.severity ?? 'error') === 'error') ? 1 : 0;
}
