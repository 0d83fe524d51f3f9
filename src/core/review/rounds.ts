/**
 * Review rounds: each lives in qda/reviews/<round>/ with the pack sent to
 * participants (pack.html), a record of the codebook it showed (round.json,
 * for diffing the next round against) and the responses that came back.
 * Format: docs/format.md, "qda/reviews/".
 */
import * as z from 'zod';
import type { Code, Codebook } from '../model';
import type { Project } from '../project';
import { shortHash } from '../hash';

export const REVIEWS_DIR = 'qda/reviews';
/** A round id: what the folder is called; lower case, digits and "-". */
export const ROUND_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** The files of one round. */
export function roundPaths(round: string): { dir: string; pack: string; record: string; responses: string } {
  const dir = `${REVIEWS_DIR}/${round}`;
  return { dir, pack: `${dir}/pack.html`, record: `${dir}/round.json`, responses: `${dir}/responses` };
}

/** A code as a round recorded it. */
export interface RoundCode {
  id: string;
  name: string;
  parent?: string;
  definition?: string;
  include?: string;
  exclude?: string;
  status: Code['status'];
  mergedInto?: string;
  [key: string]: unknown;
}

const roundCodeSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  parent: z.string().optional(),
  definition: z.string().optional(),
  include: z.string().optional(),
  exclude: z.string().optional(),
  status: z.enum(['active', 'merged', 'retired']).default('active'),
  mergedInto: z.string().optional(),
});

export const roundRecordSchema = z.looseObject({
  format: z.literal(1),
  round: z.string().regex(ROUND_ID),
  created: z.string(),
  title: z.string().optional(),
  codebookVersion: z.string(),
  examples: z.number().int().nonnegative().optional(),
  pseudonymised: z.boolean().optional(),
  previousRound: z.string().optional(),
  codes: z.array(roundCodeSchema),
});

export type RoundRecord = z.output<typeof roundRecordSchema>;

/** Every code (active, merged, retired) with what a participant sees of it, sorted by id. */
export function snapshotCodebook(codebook: Codebook): RoundCode[] {
  return [...codebook.codes]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((c) => {
      const r: Record<string, unknown> = { id: c.id, name: c.name };
      for (const k of ['parent', 'definition', 'include', 'exclude', 'status', 'mergedInto'] as const) if (c[k] !== undefined) r[k] = c[k];
      return r as RoundCode;
    });
}

/** The codebook version a pack shows: a hash of what participants see, so the same codebook gives the same version. */
export function codebookVersion(codes: readonly RoundCode[]): string {
  return shortHash(
    JSON.stringify(
      codes.map((c) => [c.id, c.name, c.parent ?? '', c.definition ?? '', c.include ?? '', c.exclude ?? '', c.status, c.mergedInto ?? '']),
    ),
  );
}

/** The rounds recorded in the project, oldest first; unreadable round files are reported, never fatal. */
export async function listRounds(project: Project): Promise<{ rounds: RoundRecord[]; problems: string[] }> {
  const files = await project.ports.files.list(REVIEWS_DIR);
  const rounds: RoundRecord[] = [];
  const problems: string[] = [];
  for (const path of files.filter((p) => /^qda\/reviews\/[^/]+\/round\.json$/.test(p))) {
    const text = (await project.store.readText(path))?.text;
    if (text === undefined) continue;
    try {
      const r = roundRecordSchema.safeParse(JSON.parse(text));
      if (!r.success) problems.push(`${path}: ${r.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; ')}`);
      else if (path !== roundPaths(r.data.round).record)
        problems.push(`${path}: records round "${r.data.round}", but is in another round's folder`);
      else rounds.push(r.data);
    } catch (e) {
      problems.push(`${path}: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
    }
  }
  rounds.sort((a, b) => (a.created < b.created ? -1 : a.created > b.created ? 1 : a.round < b.round ? -1 : 1));
  return { rounds, problems };
}

/** "round-N" for the first N not yet used. */
export function nextRoundId(rounds: readonly { round: string }[]): string {
  const used = new Set(rounds.map((r) => r.round));
  let n = rounds.length + 1;
  while (used.has(`round-${n}`)) n++;
  return `round-${n}`;
}

export type ChangeKind = 'added' | 'renamed' | 'redefined' | 'moved' | 'merged' | 'retired';

export interface CodeChange {
  kind: ChangeKind;
  id: string;
  /** The name now. */
  name: string;
  /** The name in the previous round (renamed), or the parent's name then (moved). */
  from?: string;
  /** The code it was merged into (merged), or the new parent's name (moved). */
  to?: string;
}

/** What changed for participants between the codebook a round showed and the codebook now. */
export function diffCodebooks(previous: readonly RoundCode[], now: readonly RoundCode[]): CodeChange[] {
  const before = new Map(previous.map((c) => [c.id, c]));
  const after = new Map(now.map((c) => [c.id, c]));
  const nameOf = (m: Map<string, RoundCode>, id?: string) => (id === undefined ? 'the top level' : (m.get(id)?.name ?? id));
  const changes: CodeChange[] = [];
  for (const c of now) {
    const old = before.get(c.id);
    if (c.status === 'active' && (!old || old.status !== 'active')) {
      if (!old || old.status === 'retired') changes.push({ kind: 'added', id: c.id, name: c.name });
      continue;
    }
    if (!old || old.status !== 'active') continue;
    if (c.status === 'merged') {
      changes.push({ kind: 'merged', id: c.id, name: c.name, to: nameOf(after, c.mergedInto) });
      continue;
    }
    if (c.status === 'retired') {
      changes.push({ kind: 'retired', id: c.id, name: c.name });
      continue;
    }
    if (old.name !== c.name) changes.push({ kind: 'renamed', id: c.id, name: c.name, from: old.name });
    if (
      (old.definition ?? '') !== (c.definition ?? '') ||
      (old.include ?? '') !== (c.include ?? '') ||
      (old.exclude ?? '') !== (c.exclude ?? '')
    ) {
      changes.push({ kind: 'redefined', id: c.id, name: c.name });
    }
    if (old.parent !== c.parent)
      changes.push({ kind: 'moved', id: c.id, name: c.name, from: nameOf(before, old.parent), to: nameOf(after, c.parent) });
  }
  for (const old of previous) {
    if (old.status === 'active' && !after.has(old.id)) changes.push({ kind: 'retired', id: old.id, name: old.name });
  }
  const order: ChangeKind[] = ['added', 'renamed', 'redefined', 'moved', 'merged', 'retired'];
  return changes.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || a.name.localeCompare(b.name));
}
