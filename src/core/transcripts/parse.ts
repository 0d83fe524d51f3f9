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
import { collapse, HEADING, INLINE_TS, LABEL_PREFIX, LEADING_TS, TURN_START } from './patterns';
import {
  countWords,
  groupBySpeaker,
  parseTimestamp,
  type FrontMatter,
  type Section,
  type Span,
  type Timestamp,
  type TranscriptKind,
  type TranscriptStructure,
  type Turn,
} from './transcript';

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
