import { initProject, ProjectError } from '../core/project';
import { projectStatus, reanchor } from '../core/coding';
import { nodePorts } from '../node/nodeFiles';
import * as path from 'node:path';
import { CliError, openProject, table, type Io, reportUnreadable } from './common';

/** `qda init [--title T] [--sources GLOB…] [DIR]` */
export async function init(io: Io, opts: { title?: string; sources?: string[]; dir?: string }): Promise<number> {
  const root = path.resolve(io.cwd, opts.dir ?? '.');
  try {
    const written = await initProject(nodePorts(root).files, { title: opts.title, sources: opts.sources });
    for (const w of written) io.out(`created ${w}`);
    io.out(`Reflexive QDA project initialised in ${root}`);
    return 0;
  } catch (e) {
    if (e instanceof ProjectError) throw new CliError(e.message);
    throw e;
  }
}

/** `qda validate`: one line per problem, `path:line:col: message`; exit 1 when any is an error. */
export async function validate(io: Io, opts: { project?: string }): Promise<number> {
  const project = await openProject(io.cwd, opts.project);
  const problems = project.problems;
  for (const p of problems) io.out(`${p.file}:${p.line}:${p.column}: ${p.severity === 'warning' ? 'warning: ' : ''}${p.message}`);
  const errors = problems.filter((p) => p.severity === 'error').length;
  io.err(
    errors
      ? `${errors} error(s), ${problems.length - errors} warning(s)`
      : `valid (${project.codebook.codes.length} codes, ${[...project.codings.values()].reduce((n, f) => n + f.codings.length, 0)} codings, ${project.memos.size} memos${problems.length ? `, ${problems.length} warning(s)` : ''})`,
  );
  return errors ? 1 : 0;
}

/** `qda status [--json]`: where every coding's passage is now. */
export async function status(io: Io, opts: { project?: string; json?: boolean }): Promise<number> {
  const project = await openProject(io.cwd, opts.project);
  const s = await projectStatus(project);
  const partial = reportUnreadable(io, project, ['codings']);
  if (opts.json) {
    io.out(
      JSON.stringify({
        sources: s.sources.map(({ path, codings, exact, moved, orphaned }) => ({ path, codings, exact, moved, orphaned })),
        codings: s.codings,
      }),
    );
    return partial ? 1 : 0;
  }
  const rows: (string | number)[][] = [['source', 'codings', 'exact', 'moved', 'orphaned']];
  for (const x of s.sources) rows.push([x.found ? x.path : `${x.path} (not found)`, x.codings, x.exact, x.moved, x.orphaned]);
  const sum = (k: 'codings' | 'exact' | 'moved' | 'orphaned') => s.sources.reduce((n, x) => n + x[k], 0);
  rows.push(['total', sum('codings'), sum('exact'), sum('moved'), sum('orphaned')]);
  for (const line of table(rows)) io.out(line);
  return partial ? 1 : 0;
}

/** `qda reanchor`: writes the new offsets of codings whose passage moved (transcripts edited elsewhere). */
export async function reanchorCommand(io: Io, opts: { project?: string }): Promise<number> {
  const project = await openProject(io.cwd, opts.project);
  const r = await reanchor(project);
  io.out(`${r.moved} moved coding(s) re-anchored in ${r.sources.length} file(s)${r.sources.length ? `: ${r.sources.join(', ')}` : ''}`);
  if (r.orphaned)
    io.out(`${r.orphaned} orphaned coding(s) kept as they were: see "qda status" and re-attach them in VS Code (Needs Attention)`);
  for (const path of r.skipped) io.err(`${path}: has errors, so it was not re-anchored: fix them first (qda validate)`);
  return r.skipped.length ? 1 : 0;
}
