/**
 * The project's XML reader, for files other tools write (REFI-QDA codebooks and
 * projects; a Word document's parts). It always returns a tree: where the XML
 * is not well-formed it repairs what it can (closes open elements, ignores a
 * stray end tag, keeps an unknown entity as text) and reports each repair with
 * line and column, so an importer can tell the researcher what it did instead
 * of failing or guessing silently.
 *
 * Hostile input is refused, not repaired: a DOCTYPE (the only place entities
 * can be declared, so nothing can make the reader fetch a file or expand
 * "billion laughs") and nesting deeper than `maxDepth`. It runs in linear time
 * (a 9 MB project.qde on one line reads in well under a second: bench/README.md)
 * and keeps no recursion, so no input can overflow the stack.
 */
import { decodeUtf8 } from './text';

export interface XmlElement {
  /** The name as written, with any prefix ("qda:Code"). */
  name: string;
  /** The name without its prefix ("Code"). */
  local: string;
  /** The namespace URI in scope for the element ('' when none). */
  ns: string;
  /** Attributes by name as written (own properties only: test with Object.hasOwn; "__proto__" is never one). */
  attrs: Record<string, string>;
  children: XmlNode[];
  line: number;
  column: number;
}

export type XmlNode = XmlElement | string;

export interface XmlIssue {
  line: number;
  column: number;
  message: string;
}

export interface XmlDocument {
  /** The document element; undefined when the text holds none, or was refused. */
  root?: XmlElement;
  issues: XmlIssue[];
  /** Set when the document was refused as a whole (a DOCTYPE, too deep); `root` is then undefined. */
  refused?: XmlIssue;
}

export interface XmlOptions {
  /** Elements nested deeper than this refuse the document (default 1000). */
  maxDepth?: number;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const NAME_START = /[A-Za-z_:\u00C0-\uFFFF]/;
const DEFAULT_MAX_DEPTH = 1000;

/**
 * Line and column (both from 1, columns in code points) of UTF-16 offsets in
 * one text, each in O(log n): files written on one line must not make every
 * position cost the length of the line.
 */
class Positions {
  private readonly lineStarts: number[] = [0];
  /** UTF-16 offsets of the high surrogate of each astral character. */
  private readonly astral: number[] = [];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.lineStarts.push(i + 1);
      else if (c >= 0xd800 && c <= 0xdbff) {
        const d = text.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          this.astral.push(i);
          i++;
        }
      }
    }
  }

  /** How many values of a sorted array are below `x`. */
  private static below(a: number[], x: number): number {
    let lo = 0;
    let hi = a.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (a[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  at(offset: number): { line: number; column: number } {
    const line = Positions.below(this.lineStarts, offset + 1);
    const start = this.lineStarts[line - 1];
    const pairs = Positions.below(this.astral, offset) - Positions.below(this.astral, start);
    return { line, column: offset - start - pairs + 1 };
  }
}

/** Parses XML text, repairing and reporting what is not well-formed, refusing what is hostile. */
export function parseXml(input: string, opts: XmlOptions = {}): XmlDocument {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const maxDepth = opts.maxDepth ?? DEFAULT_MAX_DEPTH;
  const n = text.length;
  const positions = new Positions(text);
  const issues: XmlIssue[] = [];
  const issue = (at: number, message: string) => issues.push({ ...positions.at(at), message });
  const refuse = (at: number, message: string): XmlDocument => {
    const refused = { ...positions.at(at), message };
    return { issues: [...issues, refused], refused };
  };

  /** Entity and character references; a bad one is kept as text and reported. */
  const decode = (raw: string, at: number): string =>
    raw.indexOf('&') < 0
      ? raw
      : raw.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z][\w.-]*)?;?/g, (all: string, ref: string | undefined, off: number) => {
          if (ref && all.endsWith(';')) {
            if (ref[0] === '#') {
              const cp = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
              if (cp > 0 && cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff)) return String.fromCodePoint(cp);
            } else if (ENTITIES[ref] !== undefined) return ENTITIES[ref];
            issue(at + off, `unknown entity "${all}": kept as text`);
            return all;
          }
          issue(at + off, 'a "&" that is not part of an entity such as &amp;: kept as text');
          return all;
        });
  // XML reads every line break as LF (a CR is kept only when written &#13;).
  const lines = (raw: string) => (raw.indexOf('\r') < 0 ? raw : raw.replace(/\r\n?/g, '\n'));

  type Open = { el: XmlElement; at: number; scope: Record<string, string> };
  const rootScope: Record<string, string> = Object.assign(Object.create(null), { xml: 'http://www.w3.org/XML/1998/namespace' });
  const stack: Open[] = [];
  let root: XmlElement | undefined;
  let rootClosed = false;
  let i = 0;
  const addText = (s: string) => {
    const top = stack[stack.length - 1];
    if (!top || !s) return;
    const kids = top.el.children;
    const last = kids[kids.length - 1];
    if (typeof last === 'string') kids[kids.length - 1] = last + s;
    else kids.push(s);
  };
  /** Moves past `close`; false (and the rest ignored) when it never comes. */
  const skipTo = (close: string, what: string): boolean => {
    const stop = text.indexOf(close, i);
    if (stop < 0) {
      issue(i, `${what} is never closed: the rest of the file is ignored`);
      i = n;
      return false;
    }
    i = stop + close.length;
    return true;
  };

  while (i < n) {
    const lt = text.indexOf('<', i);
    const end = lt < 0 ? n : lt;
    if (end > i) {
      const raw = text.slice(i, end);
      if (stack.length) addText(decode(lines(raw), i));
      else if (raw.trim()) issue(i + raw.search(/\S/), 'text outside the document element: ignored');
    }
    if (lt < 0) break;
    i = lt;
    const next = text.charCodeAt(i + 1);
    if (next === 0x21 /* ! */) {
      if (text.startsWith('<!--', i)) skipTo('-->', 'a comment');
      else if (text.startsWith('<![CDATA[', i)) {
        const start = i + 9;
        if (skipTo(']]>', 'a CDATA section')) {
          if (stack.length) addText(lines(text.slice(start, i - 3)));
          else issue(start - 9, 'a CDATA section outside the document element: ignored');
        }
      } else if (/^<!DOCTYPE/i.test(text.slice(i, i + 9))) {
        return refuse(
          i,
          'the file declares a document type (<!DOCTYPE …>): refused, since its declarations could make a reader fetch files or expand text without limit; REFI-QDA files never need one',
        );
      } else if (/^<!ENTITY/i.test(text.slice(i, i + 8))) {
        return refuse(i, 'the file declares an entity (<!ENTITY …>): refused, since entities could expand text without limit');
      } else {
        issue(i, `"${text.slice(i, i + 10).split(/\s/)[0]}" is not XML: skipped`);
        skipTo('>', 'a declaration');
      }
    } else if (next === 0x3f /* ? */) {
      skipTo('?>', 'a processing instruction');
    } else if (next === 0x2f /* / */) {
      let k = i + 2;
      while (k < n && !isSpaceOrGt(text.charCodeAt(k))) k++;
      const name = text.slice(i + 2, k);
      const gt = text.indexOf('>', k);
      const top = stack[stack.length - 1];
      if (top && top.el.name === name) {
        stack.pop();
        if (!stack.length) rootClosed = true;
      } else {
        let idx = -1;
        for (let s = stack.length - 1; s >= 0; s--) {
          if (stack[s].el.name === name) {
            idx = s;
            break;
          }
        }
        if (idx < 0) issue(i, `</${name}> closes nothing that is open: ignored`);
        else {
          for (let s = stack.length - 1; s > idx; s--) issue(stack[s].at, `<${stack[s].el.name}> is never closed: closed at </${name}>`);
          stack.length = idx;
          if (!stack.length) rootClosed = true;
        }
      }
      const nextLt = text.indexOf('<', k);
      if (gt < 0 || text.slice(k, gt).trim() || (nextLt >= 0 && nextLt < gt)) {
        issue(i, `</${name}> has no closing ">"`);
        i = k;
      } else i = gt + 1;
    } else if (NAME_START.test(text[i + 1] ?? '')) {
      if (stack.length >= maxDepth)
        return refuse(
          i,
          `elements are nested more than ${maxDepth} deep: refused (no REFI-QDA file needs this; it looks like an attack on the reader)`,
        );
      const r = readStartTag(i);
      if (r === undefined) break;
      i = r;
    } else {
      issue(i, 'a "<" that does not start a tag: kept as text');
      addText('<');
      i++;
    }
  }
  for (let k = stack.length - 1; k >= 0; k--) issue(stack[k].at, `<${stack[k].el.name}> is never closed`);
  if (!root) issues.push({ line: 1, column: 1, message: 'no XML element in this file' });
  return { root, issues };

  /** Reads a start tag at `at`; returns the offset after it. */
  function readStartTag(at: number): number | undefined {
    let k = at + 1;
    while (k < n && !isNameEnd(text.charCodeAt(k))) k++;
    const name = text.slice(at + 1, k);
    const attrs: Record<string, string> = {};
    let selfClosing = false;
    let declares = false;
    for (;;) {
      while (k < n && text.charCodeAt(k) <= 32) k++;
      if (k >= n) {
        issue(at, `<${name}> is cut off at the end of the file`);
        break;
      }
      const c = text.charCodeAt(k);
      if (c === 0x3e /* > */) {
        k++;
        break;
      }
      if (c === 0x2f /* / */ && text.charCodeAt(k + 1) === 0x3e) {
        selfClosing = true;
        k += 2;
        break;
      }
      if (c === 0x3c /* < */) {
        issue(k, `<${name}> has no closing ">"`);
        break;
      }
      const nameStart = k;
      while (k < n && !isAttrNameEnd(text.charCodeAt(k))) k++;
      const attr = text.slice(nameStart, k);
      if (!attr) {
        issue(k, `unexpected "${text[k]}" in <${name}>: ignored`);
        k++;
        continue;
      }
      while (k < n && text.charCodeAt(k) <= 32) k++;
      let value = '';
      if (text.charCodeAt(k) === 0x3d /* = */) {
        k++;
        while (k < n && text.charCodeAt(k) <= 32) k++;
        const q = text[k];
        if (q === '"' || q === "'") {
          const close = text.indexOf(q, k + 1);
          const stop = close < 0 ? n : close;
          // Attribute values read line breaks and tabs as spaces; &#10; stays a line break.
          const raw = text.slice(k + 1, stop);
          value = decode(/[\r\n\t]/.test(raw) ? raw.replace(/\r\n|[\r\n\t]/g, ' ') : raw, k + 1);
          if (close < 0) issue(k, `the value of ${attr} in <${name}> is never closed`);
          k = stop + 1;
        } else {
          const vs = k;
          while (
            k < n &&
            text.charCodeAt(k) > 32 &&
            text.charCodeAt(k) !== 0x3e &&
            !(text.charCodeAt(k) === 0x2f && text.charCodeAt(k + 1) === 0x3e)
          )
            k++;
          value = decode(text.slice(vs, k), vs);
          issue(vs, `the value of ${attr} in <${name}> is not in quotes`);
        }
      } else issue(nameStart, `${attr} in <${name}> has no value`);
      if (Object.hasOwn(attrs, attr)) issue(nameStart, `${attr} appears twice in <${name}>: the first is used`);
      else if (attr === '__proto__') issue(nameStart, `an attribute named __proto__ in <${name}>: ignored`);
      else {
        attrs[attr] = value;
        if (attr === 'xmlns' || attr.startsWith('xmlns:')) declares = true;
      }
    }
    const parent = stack[stack.length - 1];
    let scope = parent?.scope ?? rootScope;
    if (declares) {
      scope = Object.create(scope) as Record<string, string>;
      for (const key in attrs) {
        if (key === 'xmlns') scope[''] = attrs[key];
        else if (key.startsWith('xmlns:')) scope[key.slice(6)] = attrs[key];
      }
    }
    const colon = name.indexOf(':');
    const prefix = colon > 0 ? name.slice(0, colon) : '';
    const pos = positions.at(at);
    const el: XmlElement = {
      name,
      local: colon > 0 ? name.slice(colon + 1) : name,
      ns: scope[prefix] ?? '',
      attrs,
      children: [],
      line: pos.line,
      column: pos.column,
    };
    if (parent) parent.el.children.push(el);
    else if (!root) root = el;
    else {
      issue(at, `a second document element <${name}>${rootClosed ? ' after the first one ended' : ''}: ignored`);
      return selfClosing ? k : skipElement(k, name);
    }
    if (!selfClosing) stack.push({ el, at, scope });
    return k;
  }

  /** Skips a whole element (after its start tag) that the tree will not hold. */
  function skipElement(from: number, name: string): number {
    const close = text.indexOf(`</${name}`, from);
    if (close < 0) return n;
    const gt = text.indexOf('>', close);
    return gt < 0 ? n : gt + 1;
  }
}

/** Whitespace or ">" (the end of a name in an end tag). */
function isSpaceOrGt(c: number): boolean {
  return c <= 32 || c === 0x3e;
}

/** The end of an element name: whitespace, "/", ">" or "<". */
function isNameEnd(c: number): boolean {
  return c <= 32 || c === 0x2f || c === 0x3e || c === 0x3c;
}

/** The end of an attribute name: whitespace, "=", ">", "/" or "<". */
function isAttrNameEnd(c: number): boolean {
  return c <= 32 || c === 0x3d || c === 0x3e || c === 0x2f || c === 0x3c;
}

/** The element children of `el`, optionally only those with a local name. */
export function elements(el: XmlElement, local?: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of el.children) if (typeof c !== 'string' && (local === undefined || c.local === local)) out.push(c);
  return out;
}

/** The text content of `el` and its descendants (iterative: no depth can overflow the stack). */
export function textOf(el: XmlElement): string {
  let out = '';
  const todo: XmlNode[] = [...el.children].reverse();
  while (todo.length) {
    const c = todo.pop()!;
    if (typeof c === 'string') out += c;
    else for (let k = c.children.length - 1; k >= 0; k--) todo.push(c.children[k]);
  }
  return out;
}

/** The text of an XML file: UTF-16 with its byte-order mark, UTF-8 otherwise; `invalid` when it is not. */
export function decodeXmlBytes(bytes: Uint8Array): { text: string; invalidUtf8?: { byteOffset: number } } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)) };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)) };
  const d = decodeUtf8(bytes);
  return d.invalidUtf8 ? { text: d.text, invalidUtf8: d.invalidUtf8 } : { text: d.text };
}
