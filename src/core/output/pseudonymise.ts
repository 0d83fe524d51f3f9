/**
 * Pseudonymisation of quotes before they leave the project (review packs and
 * every export): real names -> pseudonyms, and patterns such as email addresses
 * and phone numbers -> placeholders, from qda/private/pseudonyms.yaml, which is
 * never committed. Format: docs/format.md, "qda/private/pseudonyms.yaml".
 */
import * as z from 'zod';
import { finish, type Parsed, ProjectError, YamlSource, type FileProblem, type Project } from '../project';
import { findEmails, findPhones, type Span } from './scanners';

export const PSEUDONYMS_FILE = 'qda/private/pseudonyms.yaml';

export interface PseudonymRule {
  /** What the preview calls the rule: the real name, or "email", "phone", "pattern /…/". */
  label: string;
  replace: string;
  /** Where the rule applies in a text (earliest first). */
  find: (text: string) => Iterable<Span>;
}

export interface PseudonymMap {
  names: { name: string; pseudonym: string }[];
  patterns: { match: string; replace: string }[];
  emails: boolean;
  phones: boolean;
}

const text = z.union([z.string(), z.number(), z.boolean()]).transform((v) => String(v));
const schema = z.looseObject({
  names: z
    .record(
      z.string(),
      text.nullable().transform((v) => v ?? ''),
    )
    .nullable()
    .optional()
    .transform((v) => v ?? {}),
  patterns: z
    .array(z.looseObject({ match: z.string().min(1, 'a pattern must not be empty'), replace: text.default('[removed]') }))
    .nullable()
    .optional()
    .transform((v) => v ?? []),
  emails: z.boolean().default(true),
  phones: z.boolean().default(true),
});

/** Reads qda/private/pseudonyms.yaml; an invalid regular expression is an error at its line. */
export function parsePseudonyms(source: string): Parsed<PseudonymMap> {
  const src = new YamlSource(source);
  if (!src.ok) return finish(undefined, src.problems);
  const raw = src.toJS() ?? {};
  const r = schema.safeParse(raw);
  if (!r.success) {
    src.addZodError(r.error);
    return finish(undefined, src.problems);
  }
  const names = Object.entries(r.data.names).map(([name, pseudonym]) => ({ name: name.trim(), pseudonym }));
  names.forEach((n, i) => {
    if (!n.name) src.problems.push(src.atPath(['names'], `names: entry ${i + 1} has an empty name`));
  });
  r.data.patterns.forEach((p, i) => {
    try {
      new RegExp(p.match, 'gu');
    } catch (e) {
      src.problems.push(
        src.atPath(
          ['patterns', i, 'match'],
          `patterns[${i}].match is not a valid regular expression: ${e instanceof Error ? e.message : String(e)}`,
        ),
      );
    }
  });
  return finish(
    {
      names: names.filter((n) => n.name),
      patterns: r.data.patterns.map((p) => ({ match: p.match, replace: p.replace })),
      emails: r.data.emails,
      phones: r.data.phones,
    },
    src.problems,
  );
}

/** Every non-empty match of `pattern` (global) in `text`. */
function* matches(pattern: RegExp, text: string): Generator<Span> {
  for (const m of text.matchAll(pattern)) if (m[0].length) yield { start: m.index, end: m.index + m[0].length };
}
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A replacement made in one text. */
export interface Replacement {
  rule: string;
  from: string;
  to: string;
}

/** Applies the pseudonym map to text in one pass, so that a pseudonym is never itself replaced. */
export class Pseudonymiser {
  readonly rules: PseudonymRule[];

  constructor(readonly map: PseudonymMap) {
    const names = [...map.names].sort((a, b) => b.name.length - a.name.length);
    this.rules = [
      ...names.map((n) => {
        const pattern = new RegExp(`(?<![\\p{L}\\p{N}_])${n.name.split(/\s+/).map(escapeRegExp).join('\\s+')}(?![\\p{L}\\p{N}_])`, 'giu');
        return { label: n.name, replace: n.pseudonym, find: (t: string) => matches(pattern, t) };
      }),
      ...map.patterns.flatMap((p) => {
        try {
          const pattern = new RegExp(p.match, 'gu');
          return [{ label: `pattern /${p.match}/`, replace: p.replace, find: (t: string) => matches(pattern, t) }];
        } catch {
          return []; // reported by parsePseudonyms
        }
      }),
      // Scanners, not regular expressions: linear on any text (a review comment comes from outside).
      ...(map.emails ? [{ label: 'email', replace: '[email]', find: (t: string) => findEmails(t) }] : []),
      ...(map.phones ? [{ label: 'phone', replace: '[phone number]', find: (t: string) => findPhones(t) }] : []),
    ];
  }

  /** No replacement at all: the explicit choice not to pseudonymise. */
  static readonly none = new Pseudonymiser({ names: [], patterns: [], emails: false, phones: false });
  /** The built-in rules only (emails, phone numbers): used when the project has no map yet. */
  static readonly builtIn = new Pseudonymiser({ names: [], patterns: [], emails: true, phones: true });

  apply(input: string): string {
    return this.applyWithReport(input).text;
  }

  applyWithReport(input: string): { text: string; replacements: Replacement[] } {
    const found: { start: number; end: number; rule: number }[] = [];
    this.rules.forEach((r, rule) => {
      for (const m of r.find(input)) found.push({ start: m.start, end: m.end, rule });
    });
    // Earliest first; at the same place the longer match, then the rule listed first.
    found.sort((a, b) => a.start - b.start || b.end - a.end || a.rule - b.rule);
    let out = '';
    let at = 0;
    const replacements: Replacement[] = [];
    for (const f of found) {
      if (f.start < at) continue;
      const rule = this.rules[f.rule];
      out += input.slice(at, f.start) + rule.replace;
      replacements.push({ rule: rule.label, from: input.slice(f.start, f.end), to: rule.replace });
      at = f.end;
    }
    return { text: out + input.slice(at), replacements };
  }
}

export interface LoadedPseudonyms {
  pseudonymiser: Pseudonymiser;
  /** Whether qda/private/pseudonyms.yaml exists. */
  exists: boolean;
  problems: FileProblem[];
}

/**
 * The project's pseudonymiser: the map in qda/private/pseudonyms.yaml, or the
 * built-in rules when there is none. A map with errors is refused (an export
 * must not go out half-pseudonymised): the caller reports the problems.
 */
export async function loadPseudonyms(project: Project): Promise<LoadedPseudonyms> {
  const file = await project.store.readText(PSEUDONYMS_FILE);
  // A map that cannot be read is an error, never "no map": an export would go out with real names.
  const refused = project.store.refusal(PSEUDONYMS_FILE);
  if (refused)
    return { pseudonymiser: Pseudonymiser.builtIn, exists: true, problems: [{ line: 1, column: 1, message: refused, severity: 'error' }] };
  if (!file) return { pseudonymiser: Pseudonymiser.builtIn, exists: false, problems: [] };
  const parsed = parsePseudonyms(file.text);
  const errors = parsed.problems.filter((p) => (p.severity ?? 'error') === 'error');
  if (!parsed.value || errors.length) return { pseudonymiser: Pseudonymiser.builtIn, exists: true, problems: parsed.problems };
  return { pseudonymiser: new Pseudonymiser(parsed.value), exists: true, problems: parsed.problems };
}

/**
 * Why nothing was exported: the export was to pseudonymise and the project has
 * no map, so real names would have gone out under a promise that they were
 * changed. The message says how to create the map; callers may offer to.
 */
export class PseudonymMapMissing extends ProjectError {
  constructor() {
    super(
      `nothing was exported: there is no ${PSEUDONYMS_FILE}, so real names in the quotes would go out unchanged. ` +
        'Create it with "qda pseudonyms --init" (in VS Code: Create Pseudonym Map); it proposes the names found in the quotes, ' +
        'each with a placeholder pseudonym to edit. Then export again. To export the quotes as they are, say so (--no-pseudonymise).',
      PSEUDONYMS_FILE,
    );
    this.name = 'PseudonymMapMissing';
  }
}

/** What an export applies to every quote, and whether that is pseudonymisation (recorded with a review round). */
export interface ExportPseudonymiser {
  pseudonymiser: Pseudonymiser;
  pseudonymised: boolean;
  /** Warnings in the map (errors stop the export). */
  warnings: FileProblem[];
}

/**
 * THE pseudonymisation policy of every export, CLI and VS Code alike: to
 * pseudonymise, load the project's map, or refuse (PseudonymMapMissing) and
 * say how to create it; a map with errors refuses too, naming each at
 * file:line:column. Not pseudonymising is the caller's explicit choice
 * (`pseudonymise: false`), which it must say out loud.
 */
export async function exportPseudonymiser(project: Project, pseudonymise: boolean): Promise<ExportPseudonymiser> {
  if (!pseudonymise) return { pseudonymiser: Pseudonymiser.none, pseudonymised: false, warnings: [] };
  const loaded = await loadPseudonyms(project);
  if (!loaded.exists) throw new PseudonymMapMissing();
  const errors = loaded.problems.filter((p) => (p.severity ?? 'error') === 'error');
  if (errors.length) {
    const list = errors.map((p) => `  ${PSEUDONYMS_FILE}:${p.line}:${p.column}: ${p.message}`).join('\n');
    throw new ProjectError(
      `${PSEUDONYMS_FILE} has errors, so nothing was exported (no quote goes out half-pseudonymised):\n${list}`,
      PSEUDONYMS_FILE,
    );
  }
  return { pseudonymiser: loaded.pseudonymiser, pseudonymised: true, warnings: loaded.problems };
}

/** One rule's effect over the project's quotes, for the preview. */
export interface PreviewRow {
  rule: string;
  to: string;
  count: number;
  /** Distinct texts matched, e.g. "Maggie", "maggie". */
  matched: string[];
  /** Up to three places: source path (or "codebook: <code id>") and the quote after replacement. */
  samples: { where: string; after: string }[];
}

/** What pseudonymisation would replace in every quote of the project (codings and code examples). */
export function pseudonymisationPreview(project: Project, p: Pseudonymiser): { quotes: number; changed: number; rows: PreviewRow[] } {
  const rows = new Map<string, PreviewRow>();
  let quotes = 0;
  let changed = 0;
  const visit = (where: string, quote: string) => {
    quotes++;
    const r = p.applyWithReport(quote);
    if (r.replacements.length) changed++;
    for (const rep of r.replacements) {
      const row = rows.get(rep.rule) ?? { rule: rep.rule, to: rep.to, count: 0, matched: [], samples: [] };
      row.count++;
      if (!row.matched.includes(rep.from)) row.matched.push(rep.from);
      if (row.samples.length < 3 && !row.samples.some((s) => s.after === r.text)) row.samples.push({ where, after: r.text });
      rows.set(rep.rule, row);
    }
  };
  for (const c of project.codebook.codes) if (c.example) visit(`codebook: ${c.id}`, c.example);
  for (const [source, file] of [...project.codings].sort(([a], [b]) => (a < b ? -1 : 1)))
    for (const c of file.codings) visit(source, c.text);
  return { quotes, changed, rows: [...rows.values()].sort((a, b) => b.count - a.count || (a.rule < b.rule ? -1 : 1)) };
}
