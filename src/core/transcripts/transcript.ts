/**
 * The structure of a transcript: who speaks where, when, and in which section.
 *
 * Rules (the grammar in syntaxes/transcript.tmLanguage.json follows the same ones):
 * - A paragraph is a run of non-blank lines. A line starts a paragraph when it is
 *   the first line of the body, follows a blank line or a heading, or begins with
 *   a timestamp (`[00:03:12]`, `(03:12)`, `00:03:12`, `00:03:12.500`).
 * - A speaker label is `Name:` at the very start of a line, after an optional
 *   timestamp, optionally followed by a bracketed timestamp (`Speaker 1 (00:03):`).
 *   The name starts with a letter, has at most 4 words and 40 characters before
 *   any bracket, may end in a parenthesis (`Interviewer (JS)`), and when it has
 *   several words the last starts with a capital or a digit (`Speaker 2`,
 *   `Jan de Vries`), so `I said to him: no.` is not a label. The colon is
 *   followed by a space or the end of the line.
 * - A label starts a turn when its line starts a paragraph. Mid-paragraph, it
 *   starts a turn only for a known speaker: one whose label starts a paragraph
 *   somewhere, or begins at least two lines of the file. So `Note: this` inside
 *   a turn stays text, while files with one turn per line still work.
 * - A paragraph without a label continues the turn before if it has a speaker (an
 *   answer over several paragraphs); otherwise it is a turn with no speaker.
 * - A section is a `# Heading` line (one to six `#`, then a space); it runs to
 *   the next heading of the same or a higher level.
 * - Front matter is a block between `---` on the first line and the next `---`
 *   or `...` line; its top-level `key: value` lines are read as plain strings.
 * - In WebVTT and SubRip, a cue's speaker is its `<v Name>` or a `Name:` opening its
 *   text; consecutive cues of one speaker (or of none) form a turn; in a file
 *   without any speaker, each cue is a turn.
 */
import { CodePointIndex } from '../text';
import { linesOf, scanVtt, type Cue, type TextLine } from './import/vtt';
import { scanSrt } from './import/srt';

/** A range of the text, as UTF-16 offsets (what editors use) and code point offsets (what codings store). */
export interface Span {
  start: number;
  end: number;
  cpStart: number;
  cpEnd: number;
}

/** A timestamp in the text; lines are 0-based. */
export interface Timestamp {
  /** As written, brackets included: `[00:03:12]`, `00:00:05.240`. */
  text: string;
  seconds: number;
  span: Span;
  line: number;
}

/** A speaker's turn: a labelled paragraph and the unlabelled ones after it, or a group of cues. */
export interface Turn {
  /** The label as written (whitespace collapsed); undefined when nobody is named. */
  speaker?: string;
  /** Where the name is written; absent for continued or unlabelled turns. */
  label?: Span;
  timestamp?: Timestamp;
  /** From the start of its first line to the end of its last non-blank line. */
  span: Span;
  /** The spoken text: after the label (or leading timestamp) to the end of the turn. */
  text: Span;
  /** Lines are 0-based, inclusive. */
  line: number;
  endLine: number;
  /** Words spoken, not counting timestamps, annotations or markup. */
  words: number;
  /** Index in `sections` of the innermost section holding the turn. */
  section?: number;
}

/** A `# Heading` and what follows it. */
export interface Section {
  title: string;
  /** 1 for `#`, up to 6. */
  level: number;
  heading: Span;
  /** The heading and everything up to the next heading of the same or a higher level. */
  span: Span;
  line: number;
  endLine: number;
}

/** The YAML block at the top of a transcript. */
export interface FrontMatter {
  /** From the opening `---` to the end of the closing line. */
  span: Span;
  endLine: number;
  /** Top-level scalar `key: value` pairs, quotes removed. */
  values: Record<string, string>;
}

/** Paragraph-based (.transcript, .txt, .md) or cue-based captions. */
export type TranscriptKind = 'transcript' | 'webvtt' | 'srt';

/** What parseTranscript finds; offsets are into the text it was given. */
export interface TranscriptStructure {
  kind: TranscriptKind;
  frontMatter?: FrontMatter;
  sections: Section[];
  turns: Turn[];
  /** Every timestamp at the start of a paragraph or cue, and every bracketed one in the text, in document order. */
  timestamps: Timestamp[];
  /** Every place a speaker is named (each turn's label; in captions each cue's voice), in document order. */
  labels: { speaker: string; span: Span }[];
}

const TIME = String.raw`\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?`;
const BRACKETED = String.raw`\[${TIME}\]|\(${TIME}\)`;
// Bare times need seconds or a fraction, so "12:30 we met" is not a timestamp.
const BARE = String.raw`\d{1,2}:\d{2}:\d{2}(?:[.,]\d{1,3})?|\d{1,2}:\d{2}[.,]\d{1,3}`;
const CH = String.raw`[\p{L}\p{M}\p{N}.'’_-]`;
const LABEL = String.raw`\p{L}${CH}*(?:(?:[ \t]+${CH}+){0,2}[ \t]+[\p{Lu}\p{Lt}\p{N}]${CH}*)?(?:[ \t]+\([^():\n]{1,30}\))?`;
const LABEL_LENGTH = String.raw`(?=[^:\[(\n]{1,40}[:\[(])`;

const LEADING_TS = new RegExp(String.raw`^(?:${BRACKETED}|${BARE})(?=[ \t]|$)`, 'u');
const TURN_START = new RegExp(
  String.raw`^(?:(${BRACKETED}|${BARE})[ \t]+)?${LABEL_LENGTH}(${LABEL})(?:[ \t]*(${BRACKETED}))?[ \t]*:(?=\s|$)`,
  'u',
);
const LABEL_PREFIX = new RegExp(String.raw`^${LABEL_LENGTH}(${LABEL})[ \t]*:(?=\s|$)`, 'u');
const WHOLE_LABEL = new RegExp(String.raw`^(?=[^:\[(\n]{1,40}(?:[\[(]|$))${LABEL}$`, 'u');
const INLINE_TS = new RegExp(BRACKETED, 'gu');
const HEADING = /^(#{1,6})[ \t]+(\S.*?)[ \t]*$/;
const PAREN_ANNOTATION = String.raw`\((?:[a-z]+ )?(?:laugh(?:s|ing|ter)?|pause[sd]?|sigh(?:s|ing)?|cough(?:s|ing)?|hum(?:s|ming)?|cries|crying|sniff(?:s|ing)?|chuckles?|inaudible|unclear|indistinct|crosstalk|redacted|silence|interruption|overlapping|background noise|clears throat)(?: [a-z]+)?\)`;
// What is not speech when counting words: any [bracket], timestamps, stage directions, cue markup.
const NOT_SPEECH = new RegExp(String.raw`\[[^\[\]\n]*\]|\(${TIME}\)|${PAREN_ANNOTATION}|^(?:${BARE})(?=\s|$)|<[^>\n]*>`, 'gimu');
/** A word as the language configuration's wordPattern defines it: apostrophes and hyphens stay inside. */
const WORD = /(?:\p{Alphabetic}|\p{Number}|\p{Nonspacing_Mark})+(?:['’-](?:\p{Alphabetic}|\p{Number}|\p{Nonspacing_Mark})+)*/gu;

/** Seconds of `12:34`, `1:02:03`, `00:03:12.500`, `[00:03:12]`, `(03:12)` or `75`; undefined if it is not a time. */
export function parseTimestamp(text: string): number | undefined {
  const m = /^\s*[[(]?\s*(\d+)(?::(\d{2}))?(?::(\d{2}))?(?:[.,](\d+))?\s*[\])]?\s*$/.exec(text);
  if (!m) return undefined;
  const parts = [m[1], m[2], m[3]].filter((p): p is string => p !== undefined).map(Number);
  if (parts.slice(1).some((p) => p >= 60)) return undefined;
  const whole = parts.reduce((acc, p) => acc * 60 + p, 0);
  return m[4] ? whole + Number(`0.${m[4]}`) : whole;
}

/** A `Name:` speaker label at the start of `text` (no timestamp before it), and what follows. */
export function speakerPrefix(text: string): { label: string; rest: string } | undefined {
  const m = LABEL_PREFIX.exec(text);
  return m ? { label: collapse(m[1]), rest: text.slice(m[0].length).trim() } : undefined;
}

/** True if `name` (without colon) would be read back as a speaker label. */
export function isSpeakerLabel(name: string): boolean {
  return WHOLE_LABEL.test(name);
}

/** What speakerRole tells apart. */
export type SpeakerRole = 'interviewer' | 'participant';

/**
 * The role of a speaker: interviewer when the label equals one of `interviewerLabels`,
 * ignoring case, a trailing number (`Interviewer 2`, `I1`) and a trailing parenthesis
 * (`Interviewer (JS)`); participant otherwise.
 */
export function speakerRole(label: string, interviewerLabels: readonly string[]): SpeakerRole {
  const base = (s: string) =>
    collapse(
      s
        .normalize('NFC')
        .replace(/\s*\([^()]*\)\s*$/, '')
        .replace(/[\s_-]*\d+$/, ''),
    ).toLocaleLowerCase();
  const b = base(label);
  return interviewerLabels.some((l) => base(l) === b && b !== '') ? 'interviewer' : 'participant';
}

/** One row of wordsPerSpeaker. */
export type SpeakerWords = { speaker?: string; turns: number; words: number };

/** Words and turns per speaker, in order of first appearance; unlabelled turns count under `speaker: undefined`. */
export function wordsPerSpeaker(structure: TranscriptStructure): SpeakerWords[] {
  const by = new Map<string | undefined, SpeakerWords>();
  for (const t of structure.turns) {
    const row = by.get(t.speaker) ?? { ...(t.speaker !== undefined && { speaker: t.speaker }), turns: 0, words: 0 };
    by.set(t.speaker, { ...row, turns: row.turns + 1, words: row.words + t.words });
  }
  return [...by.values()];
}

/** The timestamp with the greatest time at or before `seconds` (the first one if all are later). */
export function timestampAtOrBefore(timestamps: readonly Timestamp[], seconds: number): Timestamp | undefined {
  let best: Timestamp | undefined;
  for (const t of timestamps) if (t.seconds <= seconds + 1e-6 && (!best || t.seconds > best.seconds)) best = t;
  return best ?? timestamps.reduce<Timestamp | undefined>((a, t) => (!a || t.seconds < a.seconds ? t : a), undefined);
}

/**
 * Groups cues (or paragraphs) into turns: an item joins the current group when it
 * has no speaker or the group's speaker; when no item has a speaker, each item is
 * a group of its own.
 */
export function groupBySpeaker<T extends { speaker?: string }>(items: readonly T[]): T[][] {
  const anySpeaker = items.some((i) => i.speaker !== undefined);
  const groups: T[][] = [];
  for (const item of items) {
    const current = groups[groups.length - 1];
    if (anySpeaker && current && (item.speaker === undefined || item.speaker === current[0].speaker)) current.push(item);
    else groups.push([item]);
  }
  return groups;
}

/** Words in `text`, leaving out timestamps, annotations and tags. */
export function countWords(text: string): number {
  return text.replace(NOT_SPEECH, ' ').match(WORD)?.length ?? 0;
}

/**
 * The structure of `text` (as an editor holds it: no byte-order mark). `kind` is
 * taken from the content when not given: `WEBVTT` on the first line is WebVTT, a
 * number then a `-->` line is SubRip, anything else a paragraph-based transcript
 * (.transcript, .txt, .md).
 */
export function parseTranscript(text: string, kind: TranscriptKind = detectKind(text)): TranscriptStructure {
  const ctx = new Context(text);
  return kind === 'transcript' ? parseParagraphs(ctx) : parseCues(ctx, kind);
}

function detectKind(text: string): TranscriptKind {
  if (/^\uFEFF?WEBVTT(?:[ \t]|\r?$|\n)/.test(text.slice(0, 16))) return 'webvtt';
  if (/^\s*\d+[ \t]*\r?\n[^\n]*-->/.test(text.slice(0, 200))) return 'srt';
  return 'transcript';
}

class Context {
  readonly lines: TextLine[];
  private readonly index: CodePointIndex;
  constructor(readonly text: string) {
    [this.lines, this.index] = [linesOf(text), new CodePointIndex(text)];
  }

  span(start: number, end: number): Span {
    return { start, end, cpStart: this.index.toCodePoint(start), cpEnd: this.index.toCodePoint(end) };
  }

  /** The first offset from `from` that is not whitespace, at most `to`. */
  skipSpace(from: number, to: number): number {
    while (from < to && /\s/.test(this.text[from])) from++;
    return Math.min(from, to);
  }

  timestamp(text: string, start: number): Timestamp {
    let line = 0;
    for (let hi = this.lines.length - 1; line < hi;) {
      const mid = (line + hi + 1) >> 1;
      if (this.lines[mid].start <= start) line = mid;
      else hi = mid - 1;
    }
    return { text, seconds: parseTimestamp(text) ?? 0, span: this.span(start, start + text.length), line };
  }
}

const collapse = (s: string): string => s.replace(/\s+/g, ' ').trim();

function frontMatterOf(ctx: Context): FrontMatter | undefined {
  if (ctx.lines.length < 2 || !/^---[ \t]*$/.test(ctx.lines[0].text)) return undefined;
  for (let i = 1; i < ctx.lines.length; i++) {
    if (!/^(?:---|\.\.\.)[ \t]*$/.test(ctx.lines[i].text)) continue;
    const values: Record<string, string> = {};
    for (let k = 1; k < i; k++) {
      const m = /^([A-Za-z_][\w .-]*?)[ \t]*:[ \t]+(.*?)[ \t]*$/.exec(ctx.lines[k].text);
      if (!m || m[1] === '__proto__') continue;
      const quoted = /^(["'])(.*)\1$/.exec(m[2]);
      const value = quoted ? quoted[2] : m[2].replace(/[ \t]+#.*$/, '');
      if (value !== '') values[m[1]] = value;
    }
    return { span: ctx.span(0, ctx.lines[i].end), endLine: i, values };
  }
  return undefined;
}

type LineKind = 'blank' | 'heading' | 'text';

function parseParagraphs(ctx: Context): TranscriptStructure {
  const frontMatter = frontMatterOf(ctx);
  const first = frontMatter ? frontMatter.endLine + 1 : 0;
  const { lines } = ctx;
  const kinds: LineKind[] = lines.map((_, i) => {
    const t = ctx.lines[i].text;
    return i < first ? 'blank' : /^[ \t]*$/.test(t) ? 'blank' : HEADING.test(t) ? 'heading' : 'text';
  });
  const startsParagraph = (i: number) => i === first || kinds[i - 1] !== 'text' || LEADING_TS.test(ctx.lines[i].text);

  // First pass: which labels are known speakers (see the rules above).
  const candidates = new Map<number, RegExpExecArray>();
  const known = new Set<string>();
  const seen = new Map<string, number>();
  for (let i = first; i < lines.length; i++) {
    const m = kinds[i] === 'text' ? TURN_START.exec(ctx.lines[i].text) : null;
    if (!m) continue;
    candidates.set(i, m);
    const label = collapse(m[2]);
    seen.set(label, (seen.get(label) ?? 0) + 1);
    if (startsParagraph(i)) known.add(label);
  }
  for (const [label, n] of seen) if (n >= 2) known.add(label);

  const sections: Section[] = [];
  const turns: Turn[] = [];
  const timestamps: Timestamp[] = [];
  let open:
    | { line: number; endLine: number; textStart: number; speaker?: string; label?: Span; timestamp?: Timestamp; section?: number }
    | undefined;
  const close = () => {
    if (!open) return;
    const end = lines[open.endLine].end;
    const textStart = ctx.skipSpace(open.textStart, end);
    const { speaker, label, timestamp, section } = open;
    turns.push({
      ...(speaker !== undefined && { speaker }),
      ...(label && { label }),
      ...(timestamp && { timestamp }),
      span: ctx.span(lines[open.line].start, end),
      text: ctx.span(textStart, end),
      line: open.line,
      endLine: open.endLine,
      words: countWords(ctx.text.slice(textStart, end)),
      ...(section !== undefined && { section }),
    });
    open = undefined;
  };

  for (let i = first; i < lines.length; i++) {
    const lineText = ctx.lines[i].text;
    const lineStart = lines[i].start;
    if (kinds[i] === 'blank') continue;
    if (kinds[i] === 'heading') {
      close();
      const h = HEADING.exec(lineText)!;
      sections.push({
        title: h[2],
        level: h[1].length,
        heading: ctx.span(lineStart, lines[i].end),
        span: ctx.span(lineStart, lines[i].end),
        line: i,
        endLine: i,
      });
      continue;
    }
    const leading = LEADING_TS.exec(lineText);
    const ts = leading ? ctx.timestamp(leading[0], lineStart) : undefined;
    if (ts) timestamps.push(ts);
    for (const m of lineText.matchAll(INLINE_TS))
      if (!(leading && m.index === 0)) timestamps.push(ctx.timestamp(m[0], lineStart + m.index));
    const paragraphStart = startsParagraph(i);
    const m = candidates.get(i);
    const section = sections.length ? sections.length - 1 : undefined;
    if (m && (paragraphStart || known.has(collapse(m[2])))) {
      close();
      const labelStart = lineStart + m[0].indexOf(m[2], m[1]?.length ?? 0);
      const after = m[3] ? ctx.timestamp(m[3], lineStart + m[0].lastIndexOf(m[3])) : undefined;
      open = {
        line: i,
        endLine: i,
        textStart: lineStart + m[0].length,
        speaker: collapse(m[2]),
        label: ctx.span(labelStart, labelStart + m[2].length),
        timestamp: ts ?? after,
        section,
      };
    } else if (!open || (paragraphStart && open.speaker === undefined)) {
      close();
      open = { line: i, endLine: i, textStart: lineStart + (leading?.[0].length ?? 0), timestamp: ts, section };
    } else {
      open.endLine = i;
    }
  }
  close();
  closeSections(ctx, sections, kinds);
  const labels = turns.flatMap((t) => (t.label && t.speaker !== undefined ? [{ speaker: t.speaker, span: t.label }] : []));
  return { kind: 'transcript', ...(frontMatter && { frontMatter }), sections, turns, timestamps, labels };
}

function closeSections(ctx: Context, sections: Section[], kinds: LineKind[]): void {
  const lastNonBlank: number[] = [];
  kinds.forEach((k, i) => lastNonBlank.push(k !== 'blank' ? i : i > 0 ? lastNonBlank[i - 1] : 0));
  sections.forEach((s, k) => {
    const next = sections.slice(k + 1).find((n) => n.level <= s.level);
    const limit = next ? next.line - 1 : kinds.length - 1;
    s.endLine = Math.max(s.line, lastNonBlank[limit]);
    s.span = ctx.span(s.heading.start, ctx.lines[s.endLine].end);
  });
}

function parseCues(ctx: Context, kind: 'webvtt' | 'srt'): TranscriptStructure {
  const { cues } = kind === 'webvtt' ? scanVtt(ctx.text) : scanSrt(ctx.text);
  const items = cues.map((cue, index) => ({ cue, index, ...speakerOfCue(ctx.text, cue) }));
  const timestamps = cues.map((c) => ctx.timestamp(c.startText, c.timing.start));
  const turns = groupBySpeaker(items).map((group): Turn => {
    const head = group[0];
    const last = group[group.length - 1].cue;
    const textStart = ctx.skipSpace(head.textStart ?? head.cue.payload.start, last.payload.end);
    const words = group.reduce((n, item) => n + countWords(item.cue.segments.map((s) => s.text).join(' ')) - (item.prefixWords ?? 0), 0);
    return {
      ...(head.speaker !== undefined && { speaker: head.speaker }),
      ...(head.label && { label: ctx.span(head.label.start, head.label.end) }),
      timestamp: timestamps[head.index],
      span: ctx.span(head.cue.block.start, last.block.end),
      text: ctx.span(textStart, last.payload.end),
      line: head.cue.line,
      endLine: last.endLine,
      words,
    };
  });
  const labels = items.flatMap((item) => [
    ...(item.label && item.speaker !== undefined && !item.cue.segments.some((s) => s.voice)
      ? [{ speaker: item.speaker, span: ctx.span(item.label.start, item.label.end) }]
      : []),
    ...item.cue.segments.flatMap((s) => (s.voice ? [{ speaker: collapse(s.voice.name), span: ctx.span(s.voice.start, s.voice.end) }] : [])),
  ]);
  return { kind, sections: [], turns, timestamps, labels };
}

function speakerOfCue(
  text: string,
  cue: Cue,
): { speaker?: string; label?: { start: number; end: number }; textStart?: number; prefixWords?: number } {
  const voice = cue.segments.find((s) => s.voice)?.voice;
  // The spoken text starts after the `<v Name>` tag.
  if (voice)
    return { speaker: collapse(voice.name), label: { start: voice.start, end: voice.end }, textStart: text.indexOf('>', voice.end) + 1 };
  // The label is read from the text as shown (`{\an8}<i>Name:</i> ...`), then found in the raw cue.
  const m = cue.segments[0] ? LABEL_PREFIX.exec(cue.segments[0].text) : null;
  if (!m) return {};
  const raw = text.slice(cue.payload.start, cue.payload.end);
  const at = raw.indexOf(m[1]);
  const colon = raw.indexOf(':', at + m[1].length);
  const start = cue.payload.start + at;
  const found = at >= 0 && colon >= 0 ? { label: { start, end: start + m[1].length }, textStart: cue.payload.start + colon + 1 } : {};
  return { speaker: collapse(m[1]), ...found, prefixWords: countWords(m[1]) };
}

/** Labels that mark the interviewer's turns unless the project says otherwise (setting `transcript.interviewerLabels`). */
export const DEFAULT_INTERVIEWER_LABELS: readonly string[] = ['Interviewer', 'I', 'Int', 'Facilitator', 'Researcher'];
