/**
 * What participants said: per round and per code, how many found a code fits
 * their experience, partly fits or does not fit, their comments and the names
 * they suggested. An answer about a code that was since renamed counts for it
 * (ids are stable); one about a merged code counts for the code it was merged into.
 */
import { resolveCode } from '../codes';
import type { Code } from '../model';
import { inclusion } from '../participants';
import type { Project } from '../project';
import { responseSchema, type Fit, type ReviewResponse } from './responses';
import { listRounds, REVIEWS_DIR, type RoundRecord } from './rounds';

export interface Endorsement {
  fits: number;
  partly: number;
  notFit: number;
  comments: { respondent: string; round: string; text: string; fit?: Fit }[];
  suggestedNames: { respondent: string; round: string; name: string }[];
  /** The round these counts come from. */
  round?: string;
}

export interface RespondentSummary {
  respondent: string;
  id?: string;
  /** The stored response file. */
  path: string;
  answered: number;
  saved?: string;
}

export interface RoundSummary {
  record: RoundRecord;
  respondents: RespondentSummary[];
  /** By the code each answer counts for now. */
  byCode: Map<string, Endorsement>;
  general: { respondent: string; text: string }[];
  /** Answers about codes the codebook does not know. */
  unknown: { code: string; name?: string; respondent: string }[];
}

export interface ReviewSummary {
  rounds: RoundSummary[];
  /** Per code: the latest round in which it was answered. */
  byCode: Map<string, Endorsement>;
  /** Files that could not be read, as `path: message`. */
  problems: string[];
}

/** No answers: all zero. */
export function emptyEndorsement(round?: string): Endorsement {
  return { fits: 0, partly: 0, notFit: 0, comments: [], suggestedNames: [], ...(round ? { round } : {}) };
}

const WORST: Fit[] = ['notFit', 'partly', 'fits'];

/** Reads every round and response in qda/reviews/ and counts the answers. */
export async function reviewSummary(project: Project): Promise<ReviewSummary> {
  const { rounds, problems } = await listRounds(project);
  const all = new Map<string, Code>(project.codebook.codes.map((c) => [c.id, c]));
  const files = await project.ports.files.list(REVIEWS_DIR);
  const summaries: RoundSummary[] = [];
  const included = inclusion(project);
  for (const record of rounds) {
    const s: RoundSummary = { record, respondents: [], byCode: new Map(), general: [], unknown: [] };
    summaries.push(s);
    const prefix = `${REVIEWS_DIR}/${record.round}/responses/`;
    for (const path of files.filter((p) => p.startsWith(prefix) && p.endsWith('.json'))) {
      const response = await readStored(project, path, problems);
      if (!response) continue;
      // A participant who withdrew is left out of every analysis: their answers count nowhere (the file is kept).
      if (!included.includesParticipant(response.id ?? response.respondent)) continue;
      if (response.round !== record.round)
        problems.push(`${path}: answers round "${response.round}", but is stored under round "${record.round}"; counted there`);
      s.respondents.push({
        respondent: response.respondent,
        ...(response.id ? { id: response.id } : {}),
        path,
        answered: response.answers.length,
        ...(response.saved ? { saved: response.saved } : {}),
      });
      if (response.general?.trim()) s.general.push({ respondent: response.respondent, text: response.general.trim() });
      // One person counts once per code: when several answers land on the same code (a merge), the least favourable one.
      const fitFor = new Map<string, Fit>();
      for (const a of response.answers) {
        const code = resolveCode(all, a.code);
        if (!code) {
          s.unknown.push({ code: a.code, ...(a.name ? { name: a.name } : {}), respondent: response.respondent });
          continue;
        }
        const e = s.byCode.get(code.id) ?? emptyEndorsement(record.round);
        s.byCode.set(code.id, e);
        if (a.fit) {
          const before = fitFor.get(code.id);
          if (!before || WORST.indexOf(a.fit) < WORST.indexOf(before)) fitFor.set(code.id, a.fit);
        }
        if (a.comment?.trim())
          e.comments.push({
            respondent: response.respondent,
            round: record.round,
            text: a.comment.trim(),
            ...(a.fit ? { fit: a.fit } : {}),
          });
        if (a.betterName?.trim())
          e.suggestedNames.push({ respondent: response.respondent, round: record.round, name: a.betterName.trim() });
      }
      for (const [id, fit] of fitFor) s.byCode.get(id)![fit]++;
    }
    s.respondents.sort((a, b) => a.respondent.localeCompare(b.respondent));
  }
  const byCode = new Map<string, Endorsement>();
  for (const s of summaries) for (const [id, e] of s.byCode) byCode.set(id, e);
  return { rounds: summaries, byCode, problems };
}

async function readStored(project: Project, path: string, problems: string[]): Promise<ReviewResponse | undefined> {
  const text = (await project.store.readText(path))?.text;
  if (text === undefined) return undefined;
  try {
    const r = responseSchema.safeParse(JSON.parse(text));
    if (r.success) return r.data;
    problems.push(`${path}: ${r.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; ')}`);
  } catch (e) {
    problems.push(`${path}: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  return undefined;
}

/**
 * A code's endorsement: the counts of the latest round in which it was
 * answered (after following merges), with that round's comments.
 */
export async function endorsementFor(project: Project, codeId: string): Promise<Endorsement> {
  const summary = await reviewSummary(project);
  const code = resolveCode(new Map(project.codebook.codes.map((c) => [c.id, c])), codeId);
  return summary.byCode.get(code?.id ?? codeId) ?? emptyEndorsement();
}

/** "✓4 ~1 ✗1" for a tree row or a tooltip; empty when nobody answered. */
export function formatEndorsement(e: Pick<Endorsement, 'fits' | 'partly' | 'notFit'>): string {
  return e.fits + e.partly + e.notFit ? `✓${e.fits} ~${e.partly} ✗${e.notFit}` : '';
}

/** In words, for screen readers and tooltips: "4 fit, 1 partly, 1 does not fit". */
export function describeEndorsement(e: Pick<Endorsement, 'fits' | 'partly' | 'notFit'>): string {
  return `${e.fits} fit${e.fits === 1 ? 's' : ''}, ${e.partly} partly, ${e.notFit} ${e.notFit === 1 ? 'does' : 'do'} not fit`;
}

/** Codes participants challenged most (does not fit counts double), most challenged first. */
export function mostChallenged(
  byCode: ReadonlyMap<string, Endorsement>,
  limit = 10,
): { id: string; endorsement: Endorsement; score: number }[] {
  return [...byCode]
    .map(([id, endorsement]) => ({ id, endorsement, score: endorsement.notFit * 2 + endorsement.partly }))
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score || a.endorsement.fits - b.endorsement.fits || (a.id < b.id ? -1 : 1))
    .slice(0, limit);
}
