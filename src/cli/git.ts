/**
 * Git integration: `qda merge-driver` (git runs it for the files qda/.gitattributes
 * names, see docs/format.md) and `qda git-setup` (writes those attributes and
 * registers the driver in the repository's config; safe to run again).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureGitAttributes, GITATTRIBUTES_FILE, mergeFile, mergeKindOf } from '../core/project';
import { decodeUtf8 } from '../core/text';
import { nodePorts, writeFileAtomic } from '../node/nodeFiles';
import { CliError, findProjectRoot, type Io } from './common';

/**
 * `qda merge-driver BASE OURS THEIRS PATH` (git's %O %A %B %P). Writes the merge
 * into OURS; exit 0 when clean, 1 on a conflict (markers in OURS, one line per
 * conflict on stderr) or when a side does not parse (OURS left untouched).
 */
export async function mergeDriver(io: Io, args: readonly string[]): Promise<number> {
  const [baseFile, oursFile, theirsFile, name = oursFile] = args;
  if (!baseFile || !oursFile || !theirsFile) throw new CliError('usage: qda merge-driver BASE OURS THEIRS [PATH] (git passes %O %A %B %P)');
  const say = (line: string) => io.err(`qda merge-driver: ${name}: ${line}`);
  const kind = mergeKindOf(name);
  if (!kind) {
    say('not a file qda merges by id (codebook, codings, participants, framework): merge it by hand');
    return 1;
  }
  const texts = { base: '', ours: '', theirs: '' };
  for (const [side, file] of [
    ['base', baseFile],
    ['ours', oursFile],
    ['theirs', theirsFile],
  ] as const) {
    const decoded = decodeUtf8(fs.readFileSync(path.resolve(io.cwd, file)));
    if (decoded.invalidUtf8) {
      say(`the ${side} version is not valid UTF-8; not merged: resolve by hand`);
      return 1;
    }
    texts[side] = decoded.text;
  }
  const result = mergeFile(kind, texts, name);
  if (result.status === 'unreadable') {
    const first = result.problems.find((p) => (p.severity ?? 'error') === 'error');
    say(
      `the ${result.side} version has errors${first ? ` (${first.line}:${first.column}: ${first.message})` : ''}; not merged: your version is kept, theirs is "git show :3:${name}"`,
    );
    return 1;
  }
  if (result.text !== texts.ours) await writeFileAtomic(path.resolve(io.cwd, oursFile), new TextEncoder().encode(result.text));
  if (result.status === 'conflict') {
    for (const c of result.conflicts) say(c.message);
    say('resolve the marked places, then run "qda validate"');
    return 1;
  }
  return 0;
}

/** The command git runs: this CLI, by absolute path, so it works without `qda` on PATH. */
export function driverCommand(): string {
  const main = require.main?.filename;
  const entry = main && /(^|[\\/])cli\.js$/.test(main) ? main : path.resolve(__dirname, '..', 'cli.js');
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  return `${q(process.execPath)} ${q(entry)} merge-driver %O %A %B %P`;
}

/** Registers the driver in the repository holding `root`; false when `root` is not in a git work tree (or git is missing). */
export function configureGitDriver(root: string): boolean {
  const git = (...args: string[]) =>
    execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  try {
    if (git('rev-parse', '--is-inside-work-tree') !== 'true') return false;
  } catch {
    return false;
  }
  try {
    git('config', 'merge.qda.name', 'Reflexive QDA: union by id of codes, codings and participants');
    git('config', 'merge.qda.driver', driverCommand());
  } catch (e) {
    throw new CliError(`could not set merge.qda.driver with git config: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
  return true;
}

/** `qda git-setup [--project DIR]`: qda/.gitattributes and the driver in .git/config. Idempotent. */
export async function gitSetup(io: Io, opts: { project?: string }): Promise<number> {
  const root = findProjectRoot(io.cwd, opts.project);
  io.out(`${GITATTRIBUTES_FILE}: ${(await ensureGitAttributes(nodePorts(root).files)) ? 'merge lines added' : 'up to date'}`);
  if (configureGitDriver(root)) io.out('git config: merge.qda.driver set (this repository only; each clone runs "qda git-setup" once)');
  else io.out('not inside a git repository: run "qda git-setup" again after "git init" or in your clone');
  return 0;
}

/** After `qda init`: registers the driver when the new project is inside a git repository. */
export function afterInit(io: Io, dir?: string): void {
  try {
    if (configureGitDriver(path.resolve(io.cwd, dir ?? '.'))) io.out('git config: merge.qda.driver set, so git merges qda files by id');
  } catch (e) {
    io.err(`qda: ${e instanceof Error ? e.message : String(e)}; run "qda git-setup" later`);
  }
}
