/**
 * A tolerant XML reader for files other tools write (REFI-QDA codebooks and
 * projects). It always returns a tree: where the XML is not well-formed it
 * repairs what it can (closes open elements, ignores a stray end tag, keeps an
 * unknown entity as text) and reports each repair with line and column, so an
 * importer can tell the researcher what it did instead of failing or guessing
 * silently. It never expands DOCTYPE entities (no external or recursive
 * entities: nothing in a file can make it fetch or explode).
 */
import { LineIndex } from './text';

export interface XmlElement {
  /** The name as written, with any prefix ("qda:Code"). */
  name: string;
  /** The name without its prefix ("Code"). */
  local: string;
  /** The namespace URI in scope for the element ('' when none). */
  ns: string;
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
  /** The document element; undefined when the text holds none. */
  root?: XmlElement;
  issues: XmlIssue[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const NAME_START = /[A-Za-z_:\u00C0-\uFFFF]/;
const NAME_CHAR = /[A-Za-z0-9_:.\-\u00B7\u00C0-\uFFFF]/;

/** Parses XML text, repairing and reporting what is not well-formed. */
export function parseXml(text: string): XmlDocument {
  const lines = new LineIndex(text);
  const issues: XmlIssue[] = [];
  const issue = (at: number, message: string) => {
    const p = lines.positionAt(at);
    issues.push({ line: p.line, column: p.column, message });
  };
  const decode = (raw: string, at: number): string =>
    raw.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z][\w.-]*)?;?/g, (all: string, ref: string | undefined, off: number) => {
      if (ref && all.endsWith(';')) {
        if (ref[0] === '#') {
          const cp = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
          if (cp > 0 && cp <= 0x10ffff) return String.fromCodePoint(cp);
        } else if (ENTITIES[ref] !== undefined) return ENTITIES[ref];
        issue(at + off, `unknown entity "${all}": kept as text`);
        return all;
      }
      issue(at + off, 'a "&" that is not part of an entity such as &amp;: kept as text');
      return all;
    });

  type Open = { el: XmlElement; at: number; scope: Record<string, string> };
  const stack: Open[] = [];
  let root: XmlElement | undefined;
  let rootClosed = false;
  let i = 0;
  const addText = (s: string) => {
    const top = stack[stack.length - 1];
    if (!top) return;
    const last = top.el.children[top.el.children.length - 1];
    if (typeof last === 'string') top.el.children[top.el.children.length - 1] = last + s;
    else top.el.children.push(s);
  };

  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const end = lt < 0 ? text.length : lt;
    if (end > i) {
      const raw = text.slice(i, end);
      if (stack.length) addText(decode(raw, i));
      else if (raw.trim()) issue(i + raw.search(/\S/), 'text outside the document element: ignored');
    }
    if (lt < 0) break;
    i = lt;
    const skipTo = (close: string, what: string): boolean => {
      const stop = text.indexOf(close, i);
      if (stop < 0) {
        issue(i, `${what} is never closed: the rest of the file is ignored`);
        i = text.length;
        return false;
      }
      i = stop + close.length;
      return true;
    };
    if (text.startsWith('<!--', i)) {
      skipTo('-->', 'a comment');
    } else if (text.startsWith('<![CDATA[', i)) {
      const start = i + 9;
      if (skipTo(']]>', 'a CDATA section')) addText(text.slice(start, i - 3));
    } else if (text.startsWith('<?', i)) {
      skipTo('?>', 'a processing instruction');
    } else if (text.startsWith('<!', i)) {
      // DOCTYPE, possibly with an internal subset in [...]: skipped, never expanded.
      const open = i;
      let depth = 0;
      let k = i + 2;
      for (; k < text.length; k++) {
        if (text[k] === '[') depth++;
        else if (text[k] === ']') depth--;
        else if (text[k] === '>' && depth <= 0) break;
      }
      if (/^<!DOCTYPE/i.test(text.slice(open, open + 9)) && text.slice(open, k).includes('[')) issue(open, 'a DOCTYPE with declarations: ignored (its entities are not expanded)');
      i = k + 1;
    } else if (text[i + 1] === '/') {
      const m = /^<\/\s*([^\s>]+)\s*>?/.exec(text.slice(i, i + 300));
      const name = m?.[1] ?? '';
      const idx = stack.map((o) => o.el.name).lastIndexOf(name);
      if (idx < 0) issue(i, `</${name}> closes nothing that is open: ignored`);
      else {
        for (let k = stack.length - 1; k > idx; k--) issue(stack[k].at, `<${stack[k].el.name}> is never closed: closed at </${name}>`);
        stack.length = idx;
        if (!stack.length) rootClosed = true;
      }
      i += m ? m[0].length : 2;
    } else if (NAME_START.test(text[i + 1] ?? '')) {
      i = readStartTag(i);
    } else {
      issue(i, 'a "<" that does not start a tag: kept as text');
      addText('<');
      i++;
    }
  }
  for (let k = stack.length - 1; k >= 0; k--) issue(stack[k].at, `<${stack[k].el.name}> is never closed`);
  if (!root) issues.push({ line: 1, column: 1, message: 'no XML element in this file' });
  return { root, issues };

  function readStartTag(at: number): number {
    let k = at + 1;
    while (k < text.length && NAME_CHAR.test(text[k])) k++;
    const name = text.slice(at + 1, k);
    const attrs: Record<string, string> = {};
    let selfClosing = false;
    for (;;) {
      while (k < text.length && /\s/.test(text[k])) k++;
      if (k >= text.length) {
        issue(at, `<${name}> is cut off at the end of the file`);
        break;
      }
      if (text[k] === '>') {
        k++;
        break;
      }
      if (text.startsWith('/>', k)) {
        selfClosing = true;
        k += 2;
        break;
      }
      if (text[k] === '<') {
        issue(k, `<${name}> has no closing ">"`);
        break;
      }
      const nameStart = k;
      while (k < text.length && !/[\s=>/<]/.test(text[k])) k++;
      const attr = text.slice(nameStart, k);
      if (!attr) {
        issue(k, `unexpected "${text[k]}" in <${name}>: ignored`);
        k++;
        continue;
      }
      while (k < text.length && /\s/.test(text[k])) k++;
      let value = '';
      if (text[k] === '=') {
        k++;
        while (k < text.length && /\s/.test(text[k])) k++;
        const q = text[k];
        if (q === '"' || q === "'") {
          const close = text.indexOf(q, k + 1);
          const stop = close < 0 ? text.length : close;
          value = decode(text.slice(k + 1, stop), k + 1);
          if (close < 0) issue(k, `the value of ${attr} in <${name}> is never closed`);
          k = stop + 1;
        } else {
          const vs = k;
          while (k < text.length && !/[\s>]/.test(text[k]) && !text.startsWith('/>', k)) k++;
          value = decode(text.slice(vs, k), vs);
          issue(vs, `the value of ${attr} in <${name}> is not in quotes`);
        }
      } else issue(nameStart, `${attr} in <${name}> has no value`);
      if (attr in attrs) issue(nameStart, `${attr} appears twice in <${name}>: the first is used`);
      else attrs[attr] = value;
    }
    const parent = stack[stack.length - 1];
    const scope = { ...(parent?.scope ?? {}) };
    for (const [key, v] of Object.entries(attrs)) {
      if (key === 'xmlns') scope[''] = v;
      else if (key.startsWith('xmlns:')) scope[key.slice(6)] = v;
    }
    const colon = name.indexOf(':');
    const prefix = colon > 0 ? name.slice(0, colon) : '';
    const pos = lines.positionAt(at);
    const el: XmlElement = { name, local: colon > 0 ? name.slice(colon + 1) : name, ns: scope[prefix] ?? '', attrs, children: [], line: pos.line, column: pos.column };
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
    if (close < 0) return text.length;
    const gt = text.indexOf('>', close);
    return gt < 0 ? text.length : gt + 1;
  }
}

/** The element children of `el`, optionally only those with a local name. */
export function elements(el: XmlElement, local?: string): XmlElement[] {
  return el.children.filter((c): c is XmlElement => typeof c !== 'string' && (local === undefined || c.local === local));
}

/** The text content of `el` and its descendants. */
export function textOf(el: XmlElement): string {
  return el.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');
}
