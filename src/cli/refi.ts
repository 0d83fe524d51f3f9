import * as fs from 'node:fs';
import * as path from 'node:path';
import { Project, ProjectError } from '../core/project';
import { applyQdpxImport, exportQdpx, formatQdpxPlan, planQdpxImport, planSummary, readQdpx } from '../core/refi';
import { nodePorts } from '../node/nodeFiles';
import { CliError, findProjectRoot, openForExport, type Io } from './common';
import { checkOutput, writeOutputFile } from './output';

/** A .qdpx is read into memory (its media files are never inflated); past this it is refused. */
const MAX_QDPX_BYTES = 1024 * 2 ** 20;

/** What a .qdpx carries that a reader might not expect; said on every export. */
export const QDPX_PRIVACY_NOTE =
  'a .qdpx holds the full transcripts, memos and participant attributes as they are (not pseudonymised): share it as you would the project itself';

/** `qda export qdpx -o FILE.qdpx`: the whole project for NVivo, ATLAS.ti, MAXQDA, QualCoder and others. */
export async function exportQdpxCommand(io: Io, opts: { project?: string; output?: string; format?: string }): Promise<number> {
  if (!opts.output) throw new CliError('a .qdpx is a ZIP archive and cannot go to the terminal: add -o FILE.qdpx');
  if (opts.format && opts.format !== 'qdpx') throw new CliError(`--format ${opts.format}: a project export is .qdpx only`);
  const project = await openForExport(io.cwd, opts.project);
  await checkOutput(io, opts, project);
  const result = await exportQdpx(project);
  for (const line of result.skipped) io.err(`warning: ${line}`);
  await writeOutputFile(io, opts.output, project, result.bytes);
  const c = result.counts;
  io.err(`note: ${QDPX_PRIVACY_NOTE}`);
  io.err(
    `wrote ${opts.output}: ${c.sources} transcripts, ${c.codes} codes, ${c.codings} codings, ${c.memos} memos, ${c.cases} participants${result.skipped.length ? `; ${result.skipped.length} item(s) not exported (above)` : ''}`,
  );
  return 0;
}

/**
 * `qda import qdpx FILE [--yes]`: prints the plan; writes only with --yes. Into
 * the project here (or in --project DIR), else into a new project in the
 * current folder (or DIR).
 */
export async function importQdpxCommand(io: Io, files: readonly string[], opts: { project?: string; yes?: boolean }): Promise<number> {
  if (files.length > 1) throw new CliError('qda import qdpx: one file at a time, so that each plan is read before it is applied');
  const file = files[0];
  const abs = path.resolve(io.cwd, file);
  let size: number;
  try {
    size = fs.statSync(abs).size;
  } catch (e) {
    throw new CliError(`cannot read ${file}: ${(e as Error).message}`, 1);
  }
  if (size > MAX_QDPX_BYTES)
    throw new CliError(
      `${file} is ${Math.round(size / 2 ** 20)} MB, more than the ${MAX_QDPX_BYTES / 2 ** 20} MB a .qdpx may be here: export it from the other tool without audio and video`,
      1,
    );
  const read = await readQdpx(fs.readFileSync(abs));
  if (!read.ok) {
    for (const w of read.warnings) io.err(`${file}/${w.file ?? 'project.qde'}:${w.line}:${w.column}: ${w.message}`);
    io.err(`qda: ${file}: ${read.refused ?? 'nothing could be read'}; nothing imported`);
    return 1;
  }
  const root = targetFolder(io, opts.project);
  const ports = nodePorts(root);
  try {
    const project = fs.existsSync(path.join(root, 'qda', 'project.yaml')) ? await Project.open(ports) : undefined;
    if (!opts.yes) {
      const plan = await planQdpxImport(read, { project, files: ports.files, ids: ports.ids, now: ports.clock.now() });
      for (const line of formatQdpxPlan(plan, path.basename(file))) io.out(line);
      io.err(`nothing written: run again with --yes to import${plan.newProject ? ` (into a new project in ${root})` : ''}`);
      return 0;
    }
    const applied = await applyQdpxImport(read, { project, ports });
    for (const line of formatQdpxPlan(applied.plan, path.basename(file))) io.out(line);
    io.err(
      `imported: ${planSummary(applied.plan, true)} (${applied.written.length} files written${applied.plan.newProject ? `, new project in ${root}` : ''})`,
    );
    return 0;
  } catch (e) {
    if (e instanceof ProjectError) throw new CliError(e.message, 1);
    throw e;
  }
}

/** The project folder: --project DIR (which may hold no project yet), else the nearest project upwards, else here. */
function targetFolder(io: Io, explicit?: string): string {
  if (explicit) {
    const dir = path.resolve(io.cwd, explicit);
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new CliError(`${explicit} is not a folder`);
    return dir;
  }
  try {
    return findProjectRoot(io.cwd);
  } catch {
    return path.resolve(io.cwd);
  }
}
