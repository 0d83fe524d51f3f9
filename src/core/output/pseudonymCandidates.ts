/**
 * The names a pseudonym map should list, found before anything leaves the
 * project: the participants' speaker labels, the names and ids in
 * participants.yaml that the quotes use, and capitalised words that do not
 * start a sentence (a name or a place, most of the time). `qda pseudonyms
 * --init` and "Create Pseudonym Map" write them as a proposed map, each with a
 * placeholder pseudonym for the researcher to change. A finder proposes; the
 * researcher decides: nothing here is applied without the map on disk.
 */
import type { Participant } from '../model';
import type { Pseudonymiser } from './pseudonymise';
import type { Project } from '../project';
import { DEFAULT_INTERVIEWER_LABELS, parseTranscript, speakerRole } from '../transcripts';

/** Why a name is proposed. */
export type CandidateKind = 'speaker' | 'participant' | 'name';

export interface PseudonymCandidate {
  name: string;
  kind: CandidateKind;
  /** Quotes that hold it (0 for a speaker label or participant name no quote uses yet). */
  quotes: number;
  /** Where it was first found: a source path, "codebook: <id>", or "qda/participants.yaml". */
  where: string;
}

/** What the finder reads: plain data, so tests and the CLI can pass their own. */
export interface CandidateInput {
  /** Every text that an export may quote, with where it comes from. */
  quotes: readonly { where: string; text: string }[];
  /** Whole transcripts: names are learnt where they stand inside a sentence, then looked for in the quotes. */
  texts?: readonly { where: string; text: string }[];
  /** Speaker labels of the transcripts, with the source they label. */
  speakers?: readonly { where: string; label: string }[];
  participants?: readonly Participant[];
  /** Labels that mark the interviewer (never proposed). */
  interviewerLabels?: readonly string[];
}

// Capitalised words that are rarely anybody's name: the pronoun, days, months, titles, greetings.
const NOT_NAMES = new Set(
  (
    'i im ive id ill monday tuesday wednesday thursday friday saturday sunday january february march april may june july august ' +
    'september october november december mr mrs ms miss dr mum mam dad nan gran ok okay christmas easter god yes no oh well so and but ' +
    'the a an my our we you he she they it this that then there what when why how if'
  ).split(' '),
);
// "Saturdays", "Mondays": a day or a month in the plural is no name either
const notName = (w: string) => NOT_NAMES.has(fold(w)) || (/^\p{L}{4,}s$/u.test(w) && NOT_NAMES.has(fold(w.slice(0, -1))));
const TITLES = /^(?:Mr|Mrs|Ms|Miss|Dr|Auntie|Aunty|Uncle|Nan|Nanny|Grandma|Grandad)\.?$/;
// A label that is an id or a role, not a name: S01, P3, R-12, Participant 2, Speaker B.
const GENERIC_LABEL = /^(?:[A-Za-z]{1,3}[-_ ]?\d+|(?:participant|respondent|interviewee|speaker|person|voice|unknown)(?:[-_ ]?\w{1,3})?)$/i;

const WORD = /[\p{Lu}\p{Ll}\p{Lt}\p{Lm}\p{Lo}][\p{L}\p{M}'’-]*/gu;
const isCapitalised = (w: string) => /^\p{Lu}/u.test(w) && !/^\p{Lu}[\p{Lu}\d'’-]*$/u.test(w.length > 1 ? w : `${w}a`);
const bare = (w: string) => w.replace(/['’](?:s|d|ll|m|re|ve)$/iu, '').replace(/['’-]+$/u, '');
const fold = (s: string) => s.normalize('NFC').toLocaleLowerCase();

/** Whether the word at `at` starts a sentence (or the quote, a line, or a speaker's turn). */
function startsSentence(text: string, at: number): boolean {
  const before = text.slice(Math.max(0, at - 12), at).replace(/["“‘'([«]+$/u, '');
  return /(?:^|[.!?…:;]\s*|\n\s*|^\s+)$/u.test(before) || /(?:^|\s)[-–—]\s*$/u.test(before);
}

/** Capitalised runs of words not at a sentence start: "Zoë", "Tredegar Road", "Jones" (of "Mr Jones"). */
function namesIn(text: string): string[] {
  const words = [...text.matchAll(WORD)].map((m) => ({ word: bare(m[0]), at: m.index, end: m.index + m[0].length }));
  const out: string[] = [];
  let run: typeof words = [];
  const flush = () => {
    // the first word of a sentence is capitalised anyway: it counts only when a name follows it in the run
    let r = run.length && startsSentence(text, run[0].at) ? run.slice(1) : run;
    while (r.length && (TITLES.test(r[0].word) || notName(r[0].word))) r = r.slice(1);
    while (r.length && notName(r[r.length - 1].word)) r = r.slice(0, -1);
    if (r.length) out.push(r.map((w) => w.word).join(' '));
    run = [];
  };
  for (const w of words) {
    const joined = run.length > 0 && /^ $/.test(text.slice(run[run.length - 1].end, w.at));
    if (!isCapitalised(w.word) || (notName(w.word) && !TITLES.test(w.word))) {
      flush();
      continue;
    }
    if (!joined) flush();
    run.push(w);
  }
  flush();
  return out;
}

const wholeWord = (name: string) =>
  new RegExp(
    `(?<![\\p{L}\\p{N}_])${name
      .split(/\s+/)
      .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('\\s+')}(?![\\p{L}\\p{N}_])`,
    'iu',
  );

/**
 * The candidates, speakers and participants first, then names by how many
 * quotes hold them. A word the quotes also use in lower case ("Council" and
 * "council") is left out: it is a word, capitalised for once.
 */
export function findPseudonymCandidates(input: CandidateInput): PseudonymCandidate[] {
  const interviewer = input.interviewerLabels ?? DEFAULT_INTERVIEWER_LABELS;
  const found = new Map<string, PseudonymCandidate>();
  const add = (name: string, kind: CandidateKind, where: string) => {
    const key = fold(name);
    if (!name.trim() || found.has(key)) return;
    found.set(key, { name, kind, quotes: 0, where });
  };
  for (const s of input.speakers ?? []) {
    const label = s.label.replace(/\s*\([^()]*\)\s*$/, '').trim();
    if (label && speakerRole(label, interviewer) === 'participant' && !GENERIC_LABEL.test(label)) add(label, 'speaker', s.where);
  }
  for (const p of input.participants ?? []) {
    if (typeof p.name === 'string') add(p.name.trim(), 'participant', 'qda/participants.yaml');
    // an id that is a name ("margaret") rather than a code ("p01") identifies its owner too
    if (!GENERIC_LABEL.test(p.id) && !/\d/.test(p.id) && input.quotes.some((q) => wholeWord(p.id).test(q.text)))
      add(p.id, 'participant', 'qda/participants.yaml');
  }
  // Names are learnt wherever they stand inside a sentence (a quote often starts with one), then
  // proposed when a quote holds them anywhere. A word also written in lower case is a word.
  const corpus = [...input.quotes, ...(input.texts ?? [])];
  const lower = new Set<string>();
  // an address is no word: "margaret@example.org" does not make Margaret a word
  const words = (t: string) => t.replace(/\S+@\S+|\b(?:https?:\/\/|www\.)\S+/gu, ' ').matchAll(WORD);
  for (const q of corpus) for (const m of words(q.text)) if (!/^\p{Lu}/u.test(m[0])) lower.add(fold(bare(m[0])));
  const learnt = new Map<string, string>();
  for (const q of corpus) {
    for (const name of namesIn(q.text))
      if ((name.includes(' ') || !lower.has(fold(name))) && !learnt.has(fold(name))) learnt.set(fold(name), name);
  }
  for (const name of learnt.values()) {
    const re = wholeWord(name);
    // a name only the transcripts hold yet is proposed too: the next coding may quote it
    const first = input.quotes.find((q) => re.test(q.text)) ?? input.texts?.find((q) => re.test(q.text));
    if (first) add(name, 'name', first.where);
  }
  for (const c of found.values()) {
    const re = wholeWord(c.name);
    c.quotes = input.quotes.filter((q) => re.test(q.text)).length;
    if (c.kind === 'name' || c.quotes === 0) continue;
    c.where = input.quotes.find((q) => re.test(q.text))?.where ?? c.where;
  }
  const order: Record<CandidateKind, number> = { speaker: 0, participant: 1, name: 2 };
  return [...found.values()].sort((a, b) => order[a.kind] - order[b.kind] || b.quotes - a.quotes || a.name.localeCompare(b.name));
}

/** Every text of the project that an export may quote: codings and their notes, code examples, framework summaries. */
export function quotableTexts(project: Project): { where: string; text: string }[] {
  const out: { where: string; text: string }[] = [];
  for (const c of project.codebook.codes) if (c.example) out.push({ where: `codebook: ${c.id}`, text: c.example });
  for (const [source, file] of [...project.codings].sort(([a], [b]) => (a < b ? -1 : 1))) {
    for (const c of file.codings) {
      out.push({ where: source, text: c.text });
      if (c.note) out.push({ where: source, text: c.note });
    }
  }
  for (const s of project.framework?.summaries ?? []) out.push({ where: 'qda/framework.yaml', text: s.summary });
  return out;
}

/** The candidates of a project: its quotes, the speaker labels of its transcripts, its participants. */
export async function projectPseudonymCandidates(project: Project, interviewerLabels?: readonly string[]): Promise<PseudonymCandidate[]> {
  const speakers: { where: string; label: string }[] = [];
  const texts: { where: string; text: string }[] = [];
  for (const source of project.sources) {
    const file = await project.store.readText(source);
    if (!file) continue;
    const structure = parseTranscript(file.text);
    // what people said, without labels and timestamps (a label starts no sentence the finder can see)
    texts.push({ where: source, text: structure.turns.map((t) => file.text.slice(t.text.start, t.text.end)).join('\n') });
    const seen = new Set<string>();
    for (const l of structure.labels) {
      if (seen.has(l.speaker)) continue;
      seen.add(l.speaker);
      speakers.push({ where: source, label: l.speaker });
    }
  }
  return findPseudonymCandidates({
    quotes: quotableTexts(project),
    texts,
    speakers,
    participants: project.participants?.participants ?? [],
    interviewerLabels,
  });
}

/** A YAML key as written in the map: plain when it can be, else double-quoted. */
function yamlKey(s: string): string {
  return /^[\p{L}][\p{L}\p{M}\p{N} .'’-]*$/u.test(s) && !/^(?:y|n|yes|no|true|false|on|off|null)$/i.test(s) && !/[ .]$/.test(s)
    ? s
    : JSON.stringify(s);
}

const KIND_TEXT: Record<CandidateKind, string> = { speaker: 'speaker label', participant: 'participants.yaml', name: 'name' };

/**
 * A new qda/private/pseudonyms.yaml proposing every candidate with a
 * placeholder pseudonym ("[name 1]", …): valid as it is, so that the next
 * export replaces them even before the researcher has chosen better ones.
 */
export function proposedPseudonymMap(candidates: readonly PseudonymCandidate[]): string {
  const width = Math.min(40, Math.max(0, ...candidates.map((c, i) => `${yamlKey(c.name)}: "[name ${i + 1}]"`.length)));
  const lines = candidates.map((c, i) => {
    const entry = `${yamlKey(c.name)}: "[name ${i + 1}]"`;
    const seen = c.quotes ? `${c.quotes} quote${c.quotes === 1 ? '' : 's'}, first in ${c.where}` : `in ${c.where}, in no quote yet`;
    return `  ${entry.padEnd(width)}  # ${KIND_TEXT[c.kind]}; ${seen}`;
  });
  return [
    '# Names and details replaced in every quote that leaves the project (review packs, codebook,',
    '# passage, memo and framework exports). Never committed: qda/.gitignore lists private/.',
    '# A name is matched as a whole word, in any case; longer names win over shorter ones.',
    '#',
    candidates.length
      ? `# Proposed from the project: ${candidates.length} name${candidates.length === 1 ? '' : 's'} found in the quotes (speaker labels, participants,\n` +
        '# capitalised words that do not start a sentence), each with a placeholder pseudonym.\n' +
        '# Write the pseudonym you want instead of each placeholder, delete a line that is not a name,\n' +
        '# and add any name the search missed (it cannot see a name that only starts sentences).'
      : '# No names were found in the quotes. Add every name, place or detail to replace, e.g.\n#   Margaret: Ruth\n#   Tredegar Road: a street',
    candidates.length ? 'names:' : 'names: {}',
    ...lines,
    'patterns:                 # JavaScript regular expressions -> the text shown instead',
    "  # - match: 'NI number [A-Z]{2}\\d{6}[A-D]'",
    "  #   replace: '[NI number]'",
    'emails: true              # email addresses -> [email]',
    'phones: true              # phone numbers (starting with + or 0, 9 to 15 digits) -> [phone number]',
    '',
  ].join('\n');
}

/** The candidates a pseudonymiser leaves as they are (for the preview: names the map may have missed). */
export function unlistedCandidates(candidates: readonly PseudonymCandidate[], p: Pseudonymiser): PseudonymCandidate[] {
  return candidates.filter((c) => p.apply(c.name) === c.name);
}
