/**
 * WebVTT (https://www.w3.org/TR/webvtt1/) cues with their offsets in the file,
 * read leniently enough for the editor (outline, timestamps) while listing every
 * problem, so that an import can refuse a malformed file. Also the block and
 * time helpers SubRip shares.
 */
import { codePointLength } from '../../text';

/** A problem in a caption file: line and column from 1, columns in code points. */
export interface CueProblem {
  line: number;
  column: number;
  message: string;
}

/** A part of a cue's text spoken by one voice (`<v Name>`), or by nobody named. */
export interface CueSegment {
  /** The voice's name and where it is written (UTF-16 offsets into the file). */
  voice?: { name: string; start: number; end: number };
  /** Text without tags, entities decoded, whitespace collapsed. */
  text: string;
}

/** One cue; offsets are UTF-16 indices into the file's text, lines 0-based. */
export interface Cue {
  /** Seconds. */
  start: number;
  end: number;
  /** The start time as written, e.g. `00:00:05.240`. */
  startText: string;
  /** Where the start time is written. */
  timing: { start: number; end: number };
  /** From the identifier (or timing) line to the end of the last text line. */
  block: { start: number; end: number };
  /** The cue's text lines, raw. Empty (start = end) when the cue has no text. */
  payload: { start: number; end: number };
  line: number;
  endLine: number;
  segments: CueSegment[];
}

export interface CueScan {
  cues: Cue[];
  problems: CueProblem[];
}

/** A line of text: offsets of its first character and of its end (before the line break). */
export interface TextLine {
  start: number;
  end: number;
  text: string;
  /** 0-based. */
  index: number;
}

/** The lines of `text`, split at CR LF, LF or CR (as editors do). */
export function linesOf(text: string): TextLine[] {
  const lines: TextLine[] = [];
  const re = /\r\n|\n|\r/g;
  let start = 0;
  for (;;) {
    const m = re.exec(text);
    const end = m ? m.index : text.length;
    lines.push({ start, end, text: text.slice(start, end), index: lines.length });
    if (!m) return lines;
    start = m.index + m[0].length;
  }
}

/** The file's lines grouped into blocks separated by blank lines. */
export function blocksOf(text: string): TextLine[][] {
  const blocks: TextLine[][] = [[]];
  for (const line of linesOf(text)) {
    if (!/^[ \t]*$/.test(line.text)) blocks[blocks.length - 1].push(line);
    else if (blocks[blocks.length - 1].length) blocks.push([]);
  }
  return blocks.filter((b) => b.length);
}

/** A problem at UTF-16 offset `at` of `line`. */
export function problemAt(line: TextLine, at: number, message: string): CueProblem {
  return { line: line.index + 1, column: codePointLength(line.text.slice(0, at)) + 1, message };
}

const CUE_TIME = /^(?:(\d+):)?(\d{2}):(\d{2})[.,](\d{1,3})$/;

/**
 * Reads `start --> end` on `line`: times as `hh:mm:ss.ttt` or `mm:ss.ttt` (a comma
 * is accepted for the dot); pushes a problem and returns undefined when broken.
 */
export function readTiming(
  line: TextLine,
  problems: CueProblem[],
  example: string,
): { start: number; end: number; startText: string } | undefined {
  const m = /^(\S*)([ \t]*)-->([ \t]*)(\S*)/.exec(line.text);
  if (!m) {
    problems.push(problemAt(line, 0, `expected a cue timing line such as "${example}"`));
    return undefined;
  }
  const endAt = m[1].length + m[2].length + 3 + m[3].length;
  const start = cueSeconds(m[1]);
  const end = cueSeconds(m[4]);
  if (typeof start === 'string')
    problems.push(problemAt(line, 0, `invalid cue start time "${m[1]}": ${start}; expected a timing line such as "${example}"`));
  else if (typeof end === 'string')
    problems.push(problemAt(line, endAt, `invalid cue end time "${m[4]}": ${end}; expected a timing line such as "${example}"`));
  else if (!m[2] || !m[3]) problems.push(problemAt(line, m[1].length, `put a space on each side of "-->", as in "${example}"`));
  else if (end < start) problems.push(problemAt(line, endAt, `the cue ends (${m[4]}) before it starts (${m[1]})`));
  else return { start, end, startText: m[1] };
  return undefined;
}

function cueSeconds(s: string): number | string {
  if (s === '') return 'it is missing';
  const m = CUE_TIME.exec(s);
  if (!m) return 'not in the form hh:mm:ss.ttt';
  if (Number(m[2]) >= 60 || Number(m[3]) >= 60) return 'minutes and seconds must be below 60';
  return Number(m[1] ?? 0) * 3600 + Number(m[2]) * 60 + Number(m[3]) + Number(m[4].padEnd(3, '0')) / 1000;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', lrm: '\u200e', rlm: '\u200f' };

/** Cue text as a reader sees it: tags removed, character references decoded, whitespace collapsed. */
export function plainCueText(raw: string): string {
  return raw
    .replace(/<[^>]*>?/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, name: string) => {
      if (name[0] !== '#') return ENTITIES[name] ?? all;
      const cp = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : all;
    })
    .replace(/[ \t\r\n\u00a0]+/g, ' ')
    .trim();
}

/** Splits a cue's raw text at its `<v Name>` tags. */
function segmentsOf(raw: string, offset: number): CueSegment[] {
  const segments: CueSegment[] = [];
  const voice = /<v(?:\.[^\s>]*)?(?:[ \t]+([^>]*))?>/g;
  let last = 0;
  let current: CueSegment['voice'];
  const flush = (upTo: number) => {
    const text = plainCueText(raw.slice(last, upTo));
    if (text || current) segments.push(current ? { voice: current, text } : { text });
  };
  for (const m of raw.matchAll(voice)) {
    flush(m.index);
    const name = (m[1] ?? '').trim();
    const at = m.index + (name ? m[0].indexOf(name, 2) : 0);
    current = name ? { name: name.replace(/\s+/g, ' '), start: offset + at, end: offset + at + name.length } : undefined;
    last = m.index + m[0].length;
  }
  flush(raw.length);
  return segments;
}

/** The cues of a WebVTT file, and what is wrong with it. */
export function scanVtt(text: string): CueScan {
  const problems: CueProblem[] = [];
  const cues: Cue[] = [];
  const blocks = blocksOf(text);
  const first = blocks[0]?.[0];
  if (!first || first.index !== 0 || !/^\uFEFF?WEBVTT(?:[ \t]|$)/.test(first.text)) {
    const shown = first ? [...first.text] : [];
    const found =
      first && first.index === 0 ? `found "${shown.slice(0, 20).join('')}${shown.length > 20 ? '…' : ''}"` : 'the first line is empty';
    problems.push({ line: 1, column: 1, message: `a WebVTT file must start with a line "WEBVTT" (${found})` });
  }
  const example = '00:00:01.000 --> 00:00:04.000';
  for (const block of blocks) {
    if (block === blocks[0] && /^\uFEFF?WEBVTT/.test(block[0].text)) continue;
    if (/^(?:NOTE|STYLE|REGION)(?:[ \t]|$)/.test(block[0].text)) continue;
    const t = timingLineOf(
      block,
      problems,
      example,
      'a cue is an optional identifier line, a timing line and text, followed by a blank line',
    );
    if (t === undefined) continue;
    const timing = readTiming(block[t], problems, example);
    if (!timing) continue;
    cues.push(cueOf(text, block, t, timing, segmentsOf));
  }
  if (!problems.length && !cues.length) problems.push({ line: 1, column: 1, message: 'the file has no cues' });
  return { cues, problems };
}

/**
 * Index of the timing line of a block (its first or second line), or undefined
 * after pushing a problem that points at the line meant as one.
 */
export function timingLineOf(block: TextLine[], problems: CueProblem[], example: string, hint: string): number | undefined {
  const t = block[0].text.includes('-->') ? 0 : 1;
  if (block[t]?.text.includes('-->')) return t;
  const timeLike = block.slice(0, 2).find((l) => /^\d+:\d{2}/.test(l.text));
  if (timeLike) problems.push(problemAt(timeLike, 0, `expected "-->" between the start and end times, as in "${example}"`));
  else problems.push(problemAt(block[t] ?? block[0], 0, `expected a cue timing line such as "${example}"; ${hint}`));
  return undefined;
}

/** A cue from its block, the index of its timing line and the parsed timing. */
export function cueOf(
  text: string,
  block: TextLine[],
  t: number,
  timing: { start: number; end: number; startText: string },
  segments: (raw: string, offset: number) => CueSegment[],
): Cue {
  const timingLine = block[t];
  const payloadLines = block.slice(t + 1);
  const last = block[block.length - 1];
  const payload = payloadLines.length ? { start: payloadLines[0].start, end: last.end } : { start: timingLine.end, end: timingLine.end };
  return {
    start: timing.start,
    end: timing.end,
    startText: timing.startText,
    timing: { start: timingLine.start, end: timingLine.start + timing.startText.length },
    block: { start: block[0].start, end: last.end },
    payload,
    line: block[0].index,
    endLine: last.index,
    segments: segments(text.slice(payload.start, payload.end), payload.start),
  };
}
