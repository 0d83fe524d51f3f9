/**
 * Review responses: the file a participant's pack saves (JSON), or the same
 * answers as text (what "Copy my responses as text" gives, or what a researcher
 * types from a paper copy). Validated with clear messages and stored as
 * qda/reviews/<round>/responses/<respondent-slug>-<id>.json.
 * Format: docs/format.md, "Review response files".
 */
import * as z from 'zod';
import { slugify, type Project } from '../project';
import { isoSeconds } from '../time';
import { decodeUtf8, dropControls } from '../text';
import { shortHash } from '../hash';
import { listRounds, ROUND_ID, roundPaths, type RoundRecord } from './rounds';

export const RESPONSE_KIND = 'reflexive-qda/review-response';
export type Fit = 'fits' | 'partly' | 'notFit';

/** Ways people write the three answers (in the JSON or on paper), to the canonical value. */
export function normalizeFit(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const s = v
    .trim()
    .toLowerCase()
    .replace(/[’']/g, '')
    .replace(/[\s_-]+/g, ' ');
  if (['fits', 'fit', 'fits my experience', 'yes', 'y', '✓', 'agree'].includes(s)) return 'fits';
  if (['partly', 'partly fits', 'partial', 'partially', 'somewhat', '~', 'some'].includes(s)) return 'partly';
  if (['notfit', 'not fit', 'does not fit', 'doesnt fit', 'no', 'n', '✗', 'x', 'disagree'].includes(s)) return 'notFit';
  return v;
}

const text = z.string({ error: 'expected text' });
const answerSchema = z.looseObject({
  code: text.trim().regex(/^[a-z0-9-]+$/, 'a code id (lower-case letters, digits and "-"), as the pack wrote it'),
  name: text.optional(),
  fit: z.preprocess(normalizeFit, z.enum(['fits', 'partly', 'notFit'], { error: 'expected "fits", "partly" or "notFit"' })).optional(),
  comment: text.optional(),
  betterName: text.optional(),
});

export const responseSchema = z.looseObject({
  kind: z.literal(RESPONSE_KIND, { error: `expected "${RESPONSE_KIND}"` }).optional(),
  format: z.literal(1, { error: 'expected 1 (this version reads format 1)' }).default(1),
  round: text.trim().regex(ROUND_ID, 'a round id such as "round-1"'),
  codebookVersion: text.optional(),
  id: text
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, "_" and "-" only')
    .optional(),
  respondent: text.trim().min(1, 'the respondent needs a name or a pseudonym'),
  saved: text.optional(),
  answers: z.array(answerSchema, { error: 'expected a list of answers' }),
  general: text.optional(),
});

export type ReviewResponse = z.output<typeof responseSchema>;
export type ReviewAnswer = ReviewResponse['answers'][number];

/** The result of reading one response file. */
export type ReadResponse = { ok: true; response: ReviewResponse } | { ok: false; problems: string[] };

const FIELD = /^(fits?|fits my experience|does it fit|comments?|better name)\s*:\s*(.*)$/i;
const HEADER = /^(round|codebook|response|respondent|name)\s*:\s*(.*)$/i;

/**
 * Reads the text form: header lines (`Round:`, `Respondent:` …), then a block
 * per code starting `[code-id] Name`, with `Fit:`, `Comment:`, `Better name:`,
 * then `General comments:`. A line that starts no field continues the last one.
 */
export function parseResponseText(source: string): Record<string, unknown> {
  const out: Record<string, unknown> = { answers: [] as Record<string, string>[] };
  const answers = out.answers as Record<string, string>[];
  let target: Record<string, unknown> = out;
  let key: string | undefined;
  for (const raw of source.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trim();
    const block = /^\[([^\]]+)\]\s*(.*)$/.exec(line);
    const field = FIELD.exec(line);
    const header = target === out && key !== 'general' ? HEADER.exec(line) : null;
    if (block) {
      target = { code: block[1].trim(), ...(block[2] ? { name: block[2] } : {}) };
      answers.push(target as Record<string, string>);
      key = undefined;
    } else if (/^general comments?\s*:/i.test(line)) {
      target = out;
      key = 'general';
      const rest = line.replace(/^general comments?\s*:\s*/i, '');
      if (rest) out.general = rest;
    } else if (field && target !== out) {
      key = /^fit|fits|does/i.test(field[1]) ? 'fit' : /^comment/i.test(field[1]) ? 'comment' : 'betterName';
      if (field[2]) target[key] = field[2];
    } else if (header) {
      const h = header[1].toLowerCase();
      key = h === 'codebook' ? 'codebookVersion' : h === 'response' ? 'id' : h === 'name' ? 'respondent' : h;
      if (header[2]) out[key] = header[2];
    } else if (line && key) {
      target[key] = target[key] ? `${target[key]}\n${line}` : line;
    }
  }
  if (typeof out.general === 'string') out.general = out.general.trim();
  return out;
}

/** `answers[2].fit: expected …` for each zod issue. */
function describe(error: z.ZodError): string[] {
  return error.issues.map((i) => {
    let path = '';
    for (const p of i.path) path += typeof p === 'number' ? `[${p}]` : path ? `.${String(p)}` : String(p);
    const missing = i.code === 'invalid_type' && /received undefined/.test(i.message);
    return `${path || '(the file)'}: ${missing ? 'missing' : i.message}`;
  });
}

/** A response file larger than this is refused: a pack saves a few kilobytes; 1 MB is hundreds of pages of comments. */
export const MAX_RESPONSE_BYTES = 1024 * 1024;
/** JSON nested deeper than this is refused (a saved response is 4 levels deep); deeper input would overflow the stack of what reads it. */
export const MAX_RESPONSE_DEPTH = 64;

/**
 * How deep the JSON text nests its arrays and objects, counted in one pass
 * (outside strings); stops counting past `limit`.
 */
function jsonDepth(t: string, limit: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      max = Math.max(max, ++depth);
      if (max > limit) return max;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}

/** Reads a response file: JSON as the pack saves it, or the text form. Over MAX_RESPONSE_BYTES or MAX_RESPONSE_DEPTH: refused. */
export function readResponse(bytes: Uint8Array): ReadResponse {
  if (bytes.length > MAX_RESPONSE_BYTES) {
    const mb = (bytes.length / (1024 * 1024)).toFixed(1);
    return { ok: false, problems: [`${mb} MB: a response file may hold at most 1 MB (a saved pack is a few kilobytes); not read`] };
  }
  const decoded = decodeUtf8(bytes);
  if (decoded.invalidUtf8) {
    const { byteOffset, line, column } = decoded.invalidUtf8;
    return { ok: false, problems: [`not UTF-8 text at line ${line}, column ${column} (byte ${byteOffset}): save it as UTF-8`] };
  }
  const t = decoded.text.trim();
  let raw: unknown;
  if (t.startsWith('{')) {
    if (jsonDepth(t, MAX_RESPONSE_DEPTH) > MAX_RESPONSE_DEPTH) {
      return {
        ok: false,
        problems: [`JSON nested more than ${MAX_RESPONSE_DEPTH} levels deep: not a response saved by a review pack; not read`],
      };
    }
    try {
      raw = JSON.parse(t);
    } catch (e) {
      return { ok: false, problems: [`not valid JSON: ${e instanceof Error ? e.message : String(e)}`] };
    }
  } else if (/^(reflexive qda review response|round\s*:|respondent\s*:|\[)/im.test(t)) {
    raw = parseResponseText(t);
  } else {
    return {
      ok: false,
      problems: [
        'neither a response file saved by a review pack (JSON) nor responses as text (starting "Reflexive QDA review response" or "Round:")',
      ],
    };
  }
  const r = responseSchema.safeParse(withoutControls(raw));
  return r.success ? { ok: true, response: r.data } : { ok: false, problems: describe(r.error) };
}

/** `v` with control characters dropped from every string (a response comes from outside; nested at most MAX_RESPONSE_DEPTH). */
function withoutControls(v: unknown): unknown {
  if (typeof v === 'string') return dropControls(v);
  if (Array.isArray(v)) return v.map(withoutControls);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v))
      Object.defineProperty(out, dropControls(k), { value: withoutControls(x), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return v;
}

export interface ImportedResponse {
  file: string;
  ok: boolean;
  /** Where it was stored (workspace-relative). */
  path?: string;
  /** True when a response with the same respondent and id was replaced. */
  replaced?: boolean;
  response?: ReviewResponse;
  problems: string[];
  warnings: string[];
}

/**
 * The stored file name: respondent slug and response id (made from the content
 * when the response has none). Two respondents can share a slug ("SAM" and "sam";
 * names in a script the slug cannot spell): see storedPath for the one a file gets.
 */
export function responsePath(r: ReviewResponse, disambiguation = 0): string {
  const slug = slugify(r.respondent);
  const who = slug === 'memo' && !/memo/i.test(r.respondent) ? 'respondent' : slug;
  const id = r.id ?? shortHash(JSON.stringify({ ...r, saved: undefined }), 8);
  // The exact name's hash tells apart respondents whose names slug alike; a counter beyond that, should two hashes meet.
  const tag = disambiguation ? `-${shortHash(r.respondent, 6)}${disambiguation > 1 ? `-${disambiguation}` : ''}` : '';
  return `${roundPaths(r.round).responses}/${who}${tag}-${id}.json`;
}

/**
 * Where a response is stored: the first of its candidate paths that is free or
 * holds a response of the same respondent (which it replaces). A file of another
 * respondent is never replaced: a participant's answers must not silently vanish.
 */
async function storedPath(project: Project, r: ReviewResponse): Promise<{ path: string; replaced: boolean }> {
  for (let n = 0; ; n++) {
    const path = responsePath(r, n);
    const bytes = await project.ports.files.read(path);
    if (!bytes) return { path, replaced: false };
    if (storedRespondent(bytes) === r.respondent) return { path, replaced: true };
  }
}

/** The respondent a stored response names, or undefined when it cannot be read. */
function storedRespondent(bytes: Uint8Array): string | undefined {
  try {
    const v = JSON.parse(decodeUtf8(bytes).text) as { respondent?: unknown };
    return typeof v.respondent === 'string' ? v.respondent.trim() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Validates and stores response files. `round` overrides the round a file names
 * (answers typed from paper may not say). Unknown codes and a codebook version
 * other than the round's are warnings: the answers are kept.
 */
export async function importResponses(
  project: Project,
  files: readonly { name: string; bytes: Uint8Array }[],
  opts: { round?: string } = {},
): Promise<ImportedResponse[]> {
  const { rounds } = await listRounds(project);
  const byId = new Map<string, RoundRecord>(rounds.map((r) => [r.round, r]));
  const results: ImportedResponse[] = [];
  for (const f of files) {
    const res: ImportedResponse = { file: f.name, ok: false, problems: [], warnings: [] };
    results.push(res);
    const read = readResponse(opts.round ? withRound(f.bytes, opts.round) : f.bytes);
    if (!read.ok) {
      res.problems = read.problems;
      continue;
    }
    const r = read.response;
    const round = byId.get(r.round);
    if (!round) {
      res.problems.push(
        `round "${r.round}" is not in qda/reviews/ (${rounds.length ? `known: ${rounds.map((x) => x.round).join(', ')}` : 'no rounds yet'}); pass the round it belongs to`,
      );
      continue;
    }
    if (r.codebookVersion && r.codebookVersion !== round.codebookVersion)
      res.warnings.push(`answered codebook version ${r.codebookVersion}, but round "${r.round}" recorded ${round.codebookVersion}`);
    const known = new Set([...round.codes.map((c) => c.id), ...project.codebook.codes.map((c) => c.id)]);
    const seen = new Set<string>();
    for (const a of r.answers) {
      if (!known.has(a.code))
        res.warnings.push(`answer about "${a.code}"${a.name ? ` (${a.name})` : ''}: no such code in the round or the codebook; kept`);
      if (seen.has(a.code)) res.warnings.push(`two answers about "${a.code}": both kept`);
      seen.add(a.code);
    }
    const stored = { ...r, kind: RESPONSE_KIND, imported: isoSeconds(project.ports.clock.now()) };
    const place = await storedPath(project, r);
    res.path = place.path;
    res.replaced = place.replaced;
    await project.writeFile(res.path, JSON.stringify(stored, null, 2) + '\n');
    res.ok = true;
    res.response = r;
  }
  return results;
}

/** The file with its round set (JSON: the `round` key; text: a `Round:` line first). */
function withRound(bytes: Uint8Array, round: string): Uint8Array {
  // Too large or too deep: left as it is, for readResponse to refuse with its reason.
  if (bytes.length > MAX_RESPONSE_BYTES) return bytes;
  const t = decodeUtf8(bytes).text.trim();
  if (t.startsWith('{')) {
    if (jsonDepth(t, MAX_RESPONSE_DEPTH) > MAX_RESPONSE_DEPTH) return bytes;
    try {
      return new TextEncoder().encode(JSON.stringify({ ...JSON.parse(t), round }));
    } catch {
      return bytes;
    }
  }
  return new TextEncoder().encode(`Round: ${round}\n${t.replace(/^round\s*:.*$/gim, '')}`);
}
