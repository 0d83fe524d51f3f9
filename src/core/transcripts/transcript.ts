/**
 * A transcript's structure as data (turns, sections, timestamps, labels; parse.ts
 * reads it from the text) and what is asked of it: speaker labels and roles,
 * words per speaker, timestamps.
 */
import { collapse, LABEL_PREFIX, NOT_SPEECH, WHOLE_LABEL, WORD } from './patterns';

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

/** Labels that mark the interviewer's turns unless the project says otherwise (setting `transcript.interviewerLabels`). */
export const DEFAULT_INTERVIEWER_LABELS: readonly string[] = ['Interviewer', 'I', 'Int', 'Facilitator', 'Researcher'];
