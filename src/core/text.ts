/**
 * Text as the format counts it: offsets in Unicode code points (not UTF-16 units,
 * not bytes), a leading byte-order mark not counted, CR LF counted as two.
 */

const BOM = '\uFEFF';

export interface DecodedText {
  /** The text without a leading BOM. */
  text: string;
  hadBom: boolean;
  /** Set when the bytes are not valid UTF-8 (where the first bad byte is); `text` then holds a lossy decoding. */
  invalidUtf8?: { byteOffset: number; line: number; column: number };
}

const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lossyDecoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/** Decode UTF-8 bytes, stripping (and remembering) a BOM, and locating invalid bytes. */
export function decodeUtf8(bytes: Uint8Array): DecodedText {
  // The lossy decoder first: valid UTF-8 decodes to the same text either way, and Node 24's strict decoder
  // is up to 35 times slower on some large files (6.6 MB of parse cache: 40 ms, against 1.1 ms). Only a text
  // holding U+FFFD may be invalid: the strict decoder then decides.
  let text = lossyDecoder.decode(bytes);
  let invalidUtf8: DecodedText['invalidUtf8'];
  if (text.includes('\uFFFD') && !isStrictUtf8(bytes)) {
    const byteOffset = firstInvalidUtf8Byte(bytes);
    // Line and column of the first bad byte, counted in the valid text before it (a BOM is no column).
    const before = strictDecoder.decode(bytes.subarray(0, byteOffset)).replace(/^\uFEFF/, '');
    const lineStart = before.lastIndexOf('\n') + 1;
    let line = 1;
    for (let i = 0; i < lineStart; i++) if (before.charCodeAt(i) === 10) line++;
    invalidUtf8 = { byteOffset, line, column: codePointLength(before.slice(lineStart)) + 1 };
  }
  const hadBom = text.startsWith(BOM);
  if (hadBom) text = text.slice(1);
  return invalidUtf8 ? { text, hadBom, invalidUtf8 } : { text, hadBom };
}

function isStrictUtf8(bytes: Uint8Array): boolean {
  try {
    strictDecoder.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const n = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (n === 0 || i + n > bytes.length) return i;
    for (let k = 1; k < n; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    i += n;
  }
  return bytes.length;
}

const encoder = new TextEncoder();
export function encodeUtf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Number of code points in `s`. */
export function codePointLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/**
 * Converts between code point offsets and UTF-16 indices of one string in
 * O(log k), k being the number of astral characters (identity for most text).
 */
export class CodePointIndex {
  /** UTF-16 index of the high surrogate of each astral character, ascending. */
  private readonly astral: number[] = [];
  readonly length: number;

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
        const d = text.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          this.astral.push(i);
          i++;
        }
      }
    }
    this.length = text.length - this.astral.length;
  }

  /** UTF-16 index of code point offset `cp` (clamped to the text). */
  toUtf16(cp: number): number {
    if (cp <= 0) return 0;
    if (cp >= this.length) return this.text.length;
    if (this.astral.length === 0) return cp;
    // astral[k] in code points is astral[k] - k; count those before cp.
    let lo = 0;
    let hi = this.astral.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.astral[mid] - mid < cp) lo = mid + 1;
      else hi = mid;
    }
    return cp + lo;
  }

  /** Code point offset of UTF-16 index `u` (an index inside a pair counts as the pair's start). */
  toCodePoint(u: number): number {
    if (u <= 0) return 0;
    if (u >= this.text.length) return this.length;
    if (this.astral.length === 0) return u;
    // pairs wholly before u: astral[k] + 1 < u
    let lo = 0;
    let hi = this.astral.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.astral[mid] + 1 < u) lo = mid + 1;
      else hi = mid;
    }
    return u - lo;
  }

  /** The text between two code point offsets. */
  slice(start: number, end: number): string {
    return this.text.slice(this.toUtf16(start), this.toUtf16(end));
  }
}

/** 1-based line and column (in code points) of a UTF-16 index. */
export interface Position {
  line: number;
  column: number;
  /** The same column counted in UTF-16 units, 1-based (what editors index by). */
  utf16Column: number;
}

/** Finds line and column for offsets in one text; build once, query many times. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  /** Position of UTF-16 index `u`; columns count code points, both 1-based. */
  positionAt(u: number): Position {
    const at = Math.max(0, Math.min(u, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= at) lo = mid;
      else hi = mid - 1;
    }
    const lineStart = this.starts[lo];
    return { line: lo + 1, column: codePointLength(this.text.slice(lineStart, at)) + 1, utf16Column: at - lineStart + 1 };
  }

  get lineCount(): number {
    return this.starts.length;
  }
}

/** A fast, non-cryptographic 53-bit hash (cyrb53) as hex: a cache key, not a security measure. */
export function hashText(s: string, seed = 0): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h2 >>> 0).toString(16).padStart(8, '0') + (h1 >>> 0).toString(16).padStart(8, '0') + s.length.toString(16);
}

/** Control characters a terminal or an editor acts on: C0 but tab and line feed, DEL, C1. */
const CONTROL_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * `s` without control characters (see CONTROL_CHARS): what an import keeps of
 * text from outside (captions, review responses, REFI-QDA files). A NUL or an
 * escape sequence in a transcript is noise to a reader and an instruction to a terminal.
 */
export function dropControls(s: string): string {
  return s.replace(CONTROL_CHARS, '');
}

/** Control characters for a terminal: as CONTROL_CHARS, but the CR of a CRLF line end (CSV lines end so) is left. */
const TERMINAL_CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|\r(?!\n)/g;

/** `s` with each control character shown as `\uXXXX`: for a line printed to a terminal. */
export function showControls(s: string): string {
  return s.replace(TERMINAL_CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
