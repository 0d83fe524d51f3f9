/**
 * The paragraphs of a Word (.docx) file: a zip whose main part (word/document.xml)
 * holds paragraphs `<w:p>` of runs `<w:r>` of text `<w:t>`. Read with a small XML
 * scanner of our own: the document must be well-formed, and a problem says where
 * (line and column in the XML part) rather than guessing.
 */
import { ArchiveError, ZipArchive } from '../../archive';
import { decodeUtf8, LineIndex } from '../../text';
import { isSpeakerLabel, parseTimestamp } from '../transcript';
import type { CueProblem } from './vtt';

export interface DocxParagraph {
  /** Whitespace collapsed, trimmed; never empty. */
  text: string;
  /** 1 to 6 for Heading 1-6 (and Title as 1). */
  heading?: number;
}

/**
 * What a .docx may make us inflate: 200 MB in all, and no part over 1 MB that
 * expands more than 100 times (text compresses about 5:1; a page of spaces far
 * more, which is why small parts may). A 612 KB file once expanded to 700 MB.
 */
export const DOCX_LIMITS = { maxTotalBytes: 200 * 2 ** 20, maxEntryBytes: 200 * 2 ** 20, maxRatio: 100, ratioFloorBytes: 2 ** 20 } as const;

export type DocxRead = { ok: true; paragraphs: DocxParagraph[] } | { ok: false; problems: CueProblem[] };

const WORD_NS =
  /^(?:http:\/\/schemas\.openxmlformats\.org\/wordprocessingml\/2006\/main|http:\/\/purl\.oclc\.org\/ooxml\/wordprocessingml\/main)$/;

/**
 * The non-empty paragraphs of a .docx, in order. Table rows become one paragraph
 * each, `[time] Speaker: text` when a cell holds a timestamp or a speaker name.
 * Deleted (tracked) text, field codes and fallback copies of drawings are left out.
 */
export function readDocx(bytes: Uint8Array): DocxRead {
  const fail = (message: string, line = 1, column = 1): DocxRead => ({ ok: false, problems: [{ line, column, message }] });
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    return fail('this is an old Word 97-2003 (.doc) file, not a .docx: open it in Word, save it as .docx and import that');
  }
  if (bytes[0] !== 0x50 || bytes[1] !== 0x4b) return fail('not a .docx file: a .docx is a zip archive, and this file is not one');
  // Through the bounded reader, and only the two parts needed: a .docx from outside may be a ZIP bomb.
  let name = 'word/document.xml';
  let part: Uint8Array;
  try {
    const archive = ZipArchive.open(bytes, DOCX_LIMITS);
    const relsEntry = archive.get('_rels/.rels');
    if (relsEntry) archive.checkDeclared([relsEntry]);
    const rels = relsEntry ? decodeUtf8(archive.read(relsEntry)).text : '';
    const target = /<Relationship\b[^>]*\bType="[^"]*\/officeDocument"[^>]*>/.exec(rels)?.[0].match(/\bTarget="\/?([^"]+)"/)?.[1];
    const entry = (target ? archive.get(target) : undefined) ?? archive.get(name);
    if (!entry) return fail('not a Word document: the archive has no word/document.xml');
    name = entry.name;
    archive.checkDeclared([entry]);
    part = archive.read(entry);
  } catch (e) {
    if (e instanceof ArchiveError)
      return fail(
        /^the archive\b/.test(e.message)
          ? e.message.replace(/^the archive/, 'the .docx archive')
          : `the .docx archive is refused: ${e.message}`,
      );
    throw e;
  }
  const decoded = decodeUtf8(part);
  if (decoded.invalidUtf8) {
    const at = new LineIndex(decodeUtf8(part.subarray(0, decoded.invalidUtf8.byteOffset)).text);
    const end = at.positionAt(Number.MAX_SAFE_INTEGER);
    return fail(`${name}: not valid UTF-8 at byte ${decoded.invalidUtf8.byteOffset}`, end.line, end.column);
  }
  const paragraphs: DocxParagraph[] = [];
  const error = walkXml(decoded.text, wordHandler(paragraphs));
  if (error) {
    const { line, column } = new LineIndex(decoded.text).positionAt(error.at);
    return fail(`${name}: ${error.message}`, line, column);
  }
  if (!paragraphs.length) return fail('the document has no text');
  return { ok: true, paragraphs };
}

interface XmlHandler {
  open(name: string, attrs: Record<string, string>, parent: string | undefined, selfClosing: boolean): void;
  close(name: string): void;
  text(text: string): void;
}

const TAG = /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/y;
const ATTR = /([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes character references; a stray `&` is an error at its offset. */
function decodeXml(raw: string): string | { at: number; message: string } {
  let bad: { at: number; message: string } | undefined;
  const out = raw.replace(/&(?:(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);)?/g, (all, ref: string | undefined, at: number) => {
    const cp = ref?.[0] === '#' ? (ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10)) : undefined;
    const value =
      ref === undefined
        ? undefined
        : cp !== undefined
          ? cp > 0 && cp <= 0x10ffff
            ? String.fromCodePoint(cp)
            : undefined
          : XML_ENTITIES[ref];
    if (value === undefined)
      bad ??= { at, message: ref === undefined ? 'a "&" that is not part of an entity such as &amp;' : `unknown entity "${all}"` };
    return value ?? all;
  });
  return bad ?? out;
}

/** Walks well-formed XML, reporting the first place where it is not. */
function walkXml(xml: string, h: XmlHandler): { at: number; message: string } | undefined {
  const stack: { name: string; at: number }[] = [];
  const lines = new LineIndex(xml);
  let i = 0;
  let seenRoot = false;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const textEnd = lt < 0 ? xml.length : lt;
    if (textEnd > i) {
      const decoded = decodeXml(xml.slice(i, textEnd));
      if (typeof decoded !== 'string') return { at: i + decoded.at, message: decoded.message };
      if (stack.length) h.text(decoded);
      else if (decoded.trim()) return { at: i, message: 'text outside the document element' };
    }
    if (lt < 0) break;
    const special = (
      [
        ['<!--', '-->'],
        ['<![CDATA[', ']]>'],
        ['<?', '?>'],
        ['<!', '>'],
      ] as const
    ).find(([open]) => xml.startsWith(open, lt));
    if (special) {
      const end = xml.indexOf(special[1], lt + special[0].length);
      if (end < 0) return { at: lt, message: `"${special[0]}" is never closed by "${special[1]}"` };
      if (special[0] === '<![CDATA[' && stack.length) h.text(xml.slice(lt + 9, end));
      i = end + special[1].length;
      continue;
    }
    TAG.lastIndex = lt;
    const m = TAG.exec(xml);
    if (!m || (m[1] && (m[3].trim() || m[4]))) {
      const shown = xml.slice(lt, lt + 30).split(/[\r\n]/)[0];
      return { at: lt, message: `malformed tag "${shown}${shown.length === 30 ? '…' : ''}"` };
    }
    const [, closing, name, attrText, selfClosing] = m;
    if (closing) {
      const top = stack.pop();
      if (!top) return { at: lt, message: `</${name}> closes nothing` };
      if (top.name !== name) {
        const p = lines.positionAt(top.at);
        return { at: lt, message: `expected </${top.name}> (opened at line ${p.line}, column ${p.column}) but found </${name}>` };
      }
      h.close(name);
    } else {
      if (!stack.length && seenRoot) return { at: lt, message: `a second document element <${name}>` };
      seenRoot = true;
      const attrs: Record<string, string> = {};
      for (const a of attrText.matchAll(ATTR)) {
        const v = decodeXml(a[2] ?? a[3]);
        attrs[a[1]] = typeof v === 'string' ? v : (a[2] ?? a[3]);
      }
      h.open(name, attrs, stack[stack.length - 1]?.name, !!selfClosing);
      if (selfClosing) h.close(name);
      else stack.push({ name, at: lt });
    }
    i = lt + m[0].length;
  }
  if (stack.length) return { at: stack[stack.length - 1].at, message: `<${stack[stack.length - 1].name}> is never closed` };
  if (!seenRoot) return { at: 0, message: 'no document element' };
  return undefined;
}

/** Turns WordprocessingML events into paragraphs. */
function wordHandler(out: DocxParagraph[]): XmlHandler {
  let w = 'w:';
  const local = (name: string) => (name.startsWith(w) ? name.slice(w.length) : w === '' && !name.includes(':') ? name : undefined);
  const paragraphs: { text: string; heading?: number }[] = [];
  const sinks: DocxParagraph[][] = [out];
  const rows: string[][] = [];
  let inText = 0;
  let skip = 0;
  const append = (s: string) => {
    if (paragraphs.length) paragraphs[paragraphs.length - 1].text += s;
  };
  return {
    open(name, attrs, parent, selfClosing) {
      if (parent === undefined) {
        const prefix = Object.keys(attrs).find((k) => k.startsWith('xmlns') && WORD_NS.test(attrs[k]));
        if (prefix !== undefined) w = prefix === 'xmlns' ? '' : `${prefix.slice(6)}:`;
      }
      const n = local(name);
      if (skip || n === 'del' || n === 'delText' || n === 'instrText' || name.endsWith(':Fallback')) {
        skip++;
        return;
      }
      const inRun = parent !== undefined && local(parent) === 'r';
      if (n === 'p' && !selfClosing) paragraphs.push({ text: '' });
      else if (n === 't') inText++;
      else if (n === 'tab' && inRun) append('\t');
      else if ((n === 'br' || n === 'cr') && inRun) append('\n');
      else if (n === 'noBreakHyphen' && inRun) append('-');
      else if (n === 'tr') rows.push([]);
      else if (n === 'tc') sinks.push([]);
      else if ((n === 'pStyle' || n === 'outlineLvl') && paragraphs.length) {
        const v = attrs[`${w}val`] ?? '';
        const level = n === 'outlineLvl' ? Number(v) + 1 : /^title$/i.test(v) ? 1 : Number(/heading\s*([1-6])$/i.exec(v)?.[1] ?? NaN);
        if (level >= 1 && level <= 6) paragraphs[paragraphs.length - 1].heading ??= level;
      }
    },
    close(name) {
      if (skip) {
        skip--;
        return;
      }
      const n = local(name);
      if (n === 't') inText--;
      else if (n === 'p' && paragraphs.length) {
        const p = paragraphs.pop()!;
        const text = p.text.replace(/[ \t\r\n]+/g, ' ').trim();
        if (text) sinks[sinks.length - 1].push(p.heading ? { text, heading: p.heading } : { text });
      } else if (n === 'tc' && sinks.length > 1) {
        rows[rows.length - 1]?.push(
          sinks
            .pop()!
            .map((p) => p.text)
            .join(' '),
        );
      } else if (n === 'tr') {
        const text = rowText(rows.pop() ?? []);
        if (text) sinks[sinks.length - 1].push({ text });
      }
    },
    text(text) {
      if (inText > 0 && !skip) append(text);
    },
  };
}

/** A table row as one turn: an optional timestamp cell, an optional speaker cell, then the text. */
function rowText(cells: string[]): string {
  const cs = cells.map((c) => c.trim()).filter(Boolean);
  const isTime = (c: string | undefined) => c !== undefined && c.includes(':') && parseTimestamp(c) !== undefined;
  const bracket = (c: string) => (/^[[(]/.test(c) ? c : `[${c}]`);
  let k = 0;
  let time: string | undefined;
  let speaker: string | undefined;
  if (cs.length > 1 && isTime(cs[0])) time = bracket(cs[k++]);
  const name = cs[k]?.replace(/[ \t]*:$/, '');
  if (k < cs.length - 1 && name !== undefined && isSpeakerLabel(name)) {
    speaker = `${name}:`;
    k++;
  }
  if (!time && k < cs.length - 1 && isTime(cs[k])) time = bracket(cs[k++]);
  return [time, speaker, cs.slice(k).join(' ')].filter(Boolean).join(' ');
}
