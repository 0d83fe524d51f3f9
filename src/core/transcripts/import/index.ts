/**
 * Import of captions and Word documents as `.transcript` text. A file with any
 * problem produces nothing: the researcher fixes the source, rather than coding
 * a transcript that silently lost a part.
 */
import { decodeUtf8, dropControls, LineIndex } from '../../text';
import { groupBySpeaker, isSpeakerLabel, speakerPrefix } from '../transcript';
import { readDocx, type DocxParagraph } from './docx';
import { scanSrt } from './srt';
import { scanVtt, type Cue, type CueProblem } from './vtt';

/** A problem in an imported file: line and column from 1 (columns in code points). */
export interface ImportProblem extends CueProblem {
  /** The file name as given to importTranscript. */
  file: string;
}

export type ImportResult = { ok: true; text: string } | { ok: false; problems: ImportProblem[] };

/** The extensions importTranscript reads, lower case. */
export const IMPORTABLE_EXTENSIONS = ['.vtt', '.srt', '.docx'] as const;

/** `path:line:col: message`, the form every problem takes. */
export function formatImportProblem(p: ImportProblem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.message}`;
}

/** `interview.vtt` -> `interview.transcript` (any directory part is kept). */
export function transcriptFileName(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  const slash = Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\'));
  return `${dot > slash + 1 ? fileName.slice(0, dot) : fileName}.transcript`;
}

/**
 * Converts a .vtt, .srt or .docx file (chosen by the extension of `fileName`) into
 * .transcript text: one `[hh:mm:ss] Speaker: text` paragraph per turn, consecutive
 * cues of one speaker merged (a cue without a speaker continues the turn before;
 * in a file without speakers each cue is a paragraph), Word paragraphs kept one
 * per paragraph with their timestamps, headings as `# Heading`. LF line endings.
 */
export function importTranscript(fileName: string, bytes: Uint8Array): ImportResult {
  const ext = /\.[^./\\]*$/.exec(fileName)?.[0].toLowerCase() ?? '';
  const fail = (problems: CueProblem[]): ImportResult => ({ ok: false, problems: problems.map((p) => ({ file: fileName, ...p })) });
  if (ext === '.docx') {
    const read = readDocx(bytes);
    return read.ok ? { ok: true, text: dropControls(docxText(read.paragraphs)) } : fail(read.problems);
  }
  if (ext !== '.vtt' && ext !== '.srt') {
    return fail([
      { line: 1, column: 1, message: `cannot import "${ext || fileName}" files: expected ${IMPORTABLE_EXTENSIONS.join(', ')}` },
    ]);
  }
  const decoded = decodeText(bytes);
  if (typeof decoded !== 'string') return fail([decoded]);
  const scan = ext === '.vtt' ? scanVtt(decoded) : scanSrt(decoded);
  // Control characters (NUL, escape sequences) in captions are dropped: noise to a reader, instructions to a terminal.
  return scan.problems.length ? fail(scan.problems) : { ok: true, text: dropControls(cueText(scan.cues)) };
}

/** UTF-8 (or UTF-16 with a byte-order mark) text; invalid bytes are a problem, not mojibake. */
function decodeText(bytes: Uint8Array): string | CueProblem {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(bytes.subarray(2));
  }
  const decoded = decodeUtf8(bytes);
  if (!decoded.invalidUtf8) return decoded.text;
  const { byteOffset } = decoded.invalidUtf8;
  const before = decodeUtf8(bytes.subarray(decoded.hadBom ? 3 : 0, byteOffset)).text;
  const { line, column } = new LineIndex(before).positionAt(before.length);
  return { line, column, message: `not valid UTF-8 (byte ${byteOffset}): save the file as UTF-8 and import it again` };
}

interface Said {
  start: number;
  speaker?: string;
  text: string;
}

function cueText(cues: Cue[]): string {
  const said: Said[] = [];
  for (const cue of cues) {
    for (const s of cue.segments) {
      const prefix = s.voice ? undefined : speakerPrefix(s.text);
      const text = prefix ? prefix.rest : s.text;
      const name = s.voice?.name ?? prefix?.label;
      if (text) said.push({ start: cue.start, text, ...(name !== undefined && { speaker: toSpeakerLabel(name) }) });
    }
  }
  const turns = groupBySpeaker(said).map((group) => {
    const text = group
      .map((s) => s.text)
      .filter(Boolean)
      .join(' ');
    const speaker = group[0].speaker;
    return `[${formatTimestamp(group[0].start)}] ${speaker !== undefined ? `${speaker}:${text ? ' ' : ''}` : ''}${text}`.trimEnd();
  });
  return `${turns.join('\n\n')}\n`;
}

function docxText(paragraphs: DocxParagraph[]): string {
  return `${paragraphs.map((p) => (p.heading ? `${'#'.repeat(p.heading)} ${p.text}` : p.text)).join('\n\n')}\n`;
}

/** `hh:mm:ss`, seconds rounded down: the form the importer writes inside brackets. */
export function formatTimestamp(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds + 1e-6));
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;
}

/**
 * A label for `name` that the parser reads back as the same speaker: the name
 * itself when it already is one, otherwise its words joined by `_`
 * (`john smith` -> `john_smith`), cut to 40 characters.
 */
export function toSpeakerLabel(name: string): string {
  const clean = name
    .normalize('NFC')
    .replace(/[^\p{L}\p{M}\p{N}.'’_\- ()]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (isSpeakerLabel(clean)) return clean;
  let joined = clean.replace(/[()]/g, '').trim().replace(/\s+/g, '_');
  if (!/^\p{L}/u.test(joined)) joined = `Speaker_${joined}`;
  return [...joined].slice(0, 40).join('').replace(/_+$/, '');
}
