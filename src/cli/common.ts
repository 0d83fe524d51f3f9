import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Problem } from '../core/model';
import { type FileKind, Project, ProjectError } from '../core/project';
import { nodePorts } from '../node/nodeFiles';

/** An error the CLI prints as one line and exits with `code`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code = 2,
  ) {
    super(message);
  }
}

export interface Io {
  out(line: string): void;
  err(line: string): void;
  cwd: string;
}

/** The workspace folder holding qda/project.yaml: `--project DIR`, else the nearest one upwards. */
export function findProjectRoot(cwd: string, explicit?: string): string {
  if (explicit) {
    const dir = path.resolve(cwd, explicit);
    if (!fs.existsSync(path.join(dir, 'qda', 'project.yaml'))) throw new CliError(`no qda/project.yaml in ${dir}`);
    return dir;
  }
  let dir = path.resolve(cwd);
  for (;;) {
    if (fs.existsSync(path.join(dir, 'qda', 'project.yaml'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new CliError('no Reflexive QDA project here or in any parent folder (run "qda init", or pass --project DIR)');
    dir = up;
  }
}

export async function openProject(cwd: string, explicit?: string): Promise<Project> {
  const root = findProjectRoot(cwd, explicit);
  try {
    return await Project.open(nodePorts(root));
  } catch (e) {
    if (e instanceof ProjectError) throw new CliError(e.message);
    throw e;
  }
}

/** The kinds of project file analyses and exports draw on. */
export const DATA_FILES: readonly FileKind[] = ['codebook', 'codings', 'memo', 'participants', 'framework', 'survey'];

const located = (ps: readonly Problem[]) => ps.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`);

/**
 * Opens the project for an export, refused (exit 1) when a file it draws on
 * could not be read at all: an export without it (an empty codebook CSV) would
 * pass for the whole.
 */
export async function openForExport(cwd: string, explicit?: string): Promise<Project> {
  const project = await openProject(cwd, explicit);
  const bad = project.unreadable(DATA_FILES);
  if (bad.length)
    throw new CliError(`${located(bad).join('; ')}: nothing exported; fix ${bad.length === 1 ? 'it' : 'them'} first (qda validate)`, 1);
  return project;
}

/**
 * Tells (on stderr) of each file of `kinds` an analysis left out because it
 * could not be read at all; true when there was one, and the command then exits 1.
 */
export function reportUnreadable(io: Io, project: Project, kinds: readonly FileKind[] = DATA_FILES): boolean {
  const bad = project.unreadable(kinds);
  for (const line of located(bad)) io.err(`${line} (could not be read, so left out of these figures)`);
  return bad.length > 0;
}

/** Left-aligned text table for humans. */
export function table(rows: (string | number)[][]): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, String(c).length)));
  return rows.map((r) =>
    r
      .map((c, i) => (typeof c === 'number' ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i])))
      .join('  ')
      .trimEnd(),
  );
}

/** The options every `qda import KIND` gets (parsed in cli.ts). */
export interface ImportOptions {
  project?: string;
  round?: string;
  yes?: boolean;
  force?: boolean;
  /** `import survey`: the wave, id column, open-answer columns, sheet, and whether differing attributes are replaced. */
  wave?: string;
  id?: string;
  text?: string[];
  sheet?: string;
  overwrite?: boolean;
}
