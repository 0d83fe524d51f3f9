/**
 * Checks that an export stays inert whatever its user text held: HTML whose tags
 * are only the exporter's own, CSV cells no spreadsheet runs as formulas,
 * well-formed XML with no character XML forbids, Markdown without live HTML.
 * Each check compares with the same export of a benign project where structure
 * matters, so a single injected tag shows.
 */
import * as assert from 'node:assert/strict';

export interface Tag {
  name: string;
  close: boolean;
  attrs: [string, string | undefined][];
}

/** Elements in which the parser does not look for tags until their end tag. */
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title']);

/**
 * The tags of `html`, read as a browser starts to: comments and doctype skipped,
 * raw-text elements skipped to their end tag. Strict where the exporters are: an
 * attribute value is double-quoted and holds no `<`, and a `<` in text is an error.
 */
export function htmlTags(html: string): Tag[] {
  const tags: Tag[] = [];
  const nameAt = (i: number) => /^[A-Za-z][A-Za-z0-9:-]*/.exec(html.slice(i, i + 64))?.[0];
  let i = 0;
  for (;;) {
    const lt = html.indexOf('<', i);
    if (lt < 0) return tags;
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      assert.ok(end > 0, 'an unclosed comment');
      i = end + 3;
      continue;
    }
    if (/^<!doctype /i.test(html.slice(lt, lt + 10))) {
      i = html.indexOf('>', lt) + 1;
      continue;
    }
    const close = html[lt + 1] === '/';
    const name = nameAt(lt + (close ? 2 : 1));
    assert.ok(name, `a raw "<" in text: ${JSON.stringify(html.slice(Math.max(0, lt - 30), lt + 30))}`);
    let k = lt + (close ? 2 : 1) + name.length;
    const tag: Tag = { name: name.toLowerCase(), close, attrs: [] };
    for (;;) {
      while (/\s/.test(html[k] ?? '')) k++;
      assert.ok(k < html.length, `<${name} never ends`);
      if (html[k] === '>' || html.startsWith('/>', k)) {
        k += html[k] === '>' ? 1 : 2;
        break;
      }
      const attr = /^[^\s"'>/=<]+/.exec(html.slice(k, k + 128))?.[0];
      assert.ok(attr && !close, `junk in <${name}: ${JSON.stringify(html.slice(k, k + 40))}`);
      k += attr.length;
      if (html[k] !== '=') {
        tag.attrs.push([attr.toLowerCase(), undefined]);
        continue;
      }
      assert.equal(html[k + 1], '"', `attribute ${attr} of <${name}> is not double-quoted: ${JSON.stringify(html.slice(k, k + 40))}`);
      const end = html.indexOf('"', k + 2);
      const value = html.slice(k + 2, end);
      assert.ok(end > 0 && !value.includes('<'), `attribute ${attr} of <${name}> breaks out: ${JSON.stringify(value.slice(0, 60))}`);
      tag.attrs.push([attr.toLowerCase(), decodeEntities(value)]);
      k = end + 1;
    }
    tags.push(tag);
    if (!close && RAW_TEXT.has(tag.name)) {
      const end = html.toLowerCase().indexOf(`</${tag.name}`, k);
      assert.ok(end > 0, `<${name}> never closed`);
      k = end;
    }
    i = k;
  }
}

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|#39);/gi, (_m, e: string) =>
    e[0] === '#'
      ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)))
      : ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[e.toLowerCase()],
  );
}

/** The text a reader sees (scripts and styles left out), entities decoded. */
export function visibleText(html: string): string {
  return decodeEntities(html.replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, '').replace(/<[^>]*>/g, ''));
}

const FORBIDDEN = new Set([
  'img',
  'iframe',
  'object',
  'embed',
  'frame',
  'frameset',
  'base',
  'foreignobject',
  'applet',
  'audio',
  'video',
  'source',
  'portal',
  'math',
]);
/** Attributes a browser follows or loads: the only places a javascript: URL runs. */
const URL_ATTRS = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background', 'srcset', 'ping', 'cite']);
// Not <a>: a memo body may hold an http(s) link on purpose; every href is checked above instead.
const COUNTED = ['script', 'style', 'textarea', 'form', 'input', 'button', 'select', 'meta', 'link', 'svg', 'title'];

/** No tag or attribute that user text could have added; same counts of sensitive tags as the benign export. */
export function assertInertHtml(html: string, benign: string, what: string): void {
  const tags = htmlTags(html);
  for (const t of tags) {
    assert.ok(!FORBIDDEN.has(t.name), `${what}: <${t.name}> in the output`);
    if (t.name === 'script' && !t.close)
      assert.ok(
        t.attrs.some(([k]) => k === 'nonce'),
        `${what}: a <script> without the page's nonce`,
      );
    for (const [k, v] of t.attrs) {
      assert.ok(!k.startsWith('on') && k !== 'srcdoc' && k !== 'formaction', `${what}: attribute ${k} on <${t.name}>`);
      if (URL_ATTRS.has(k)) assert.match(v ?? '', /^(https?:|#|$)/i, `${what}: ${k}="${v}" on <${t.name}>`);
    }
  }
  const reference = htmlTags(benign);
  for (const name of COUNTED) {
    const n = (list: Tag[]) => list.filter((t) => t.name === name).length;
    assert.equal(n(tags), n(reference), `${what}: ${n(tags)} <${name}> tags, the benign export has ${n(reference)}`);
  }
}

/** RFC 4180, strictly: a quote inside an unquoted cell or an unterminated quoted cell throws. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = text.startsWith('\uFEFF') ? 1 : 0;
  while (i < text.length) {
    let cell = '';
    if (text[i] === '"') {
      for (i++; ; i++) {
        assert.ok(i < text.length, 'an unterminated quoted cell');
        if (text[i] === '"' && text[i + 1] === '"') {
          cell += '"';
          i++;
        } else if (text[i] === '"') break;
        else cell += text[i];
      }
      i++;
    } else {
      for (; i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n'; i++) {
        assert.notEqual(text[i], '"', `a quote inside an unquoted cell at ${i}`);
        cell += text[i];
      }
    }
    row.push(cell);
    if (text[i] === ',') i++;
    else {
      assert.ok(
        i >= text.length || text.startsWith('\r\n', i) || text[i] === '\n',
        `junk after a cell at ${i}: ${JSON.stringify(text.slice(i, i + 20))}`,
      );
      i += text.startsWith('\r\n', i) ? 2 : 1;
      rows.push(row);
      row = [];
    }
  }
  return rows;
}

/** Every row as wide as the header, and no cell a spreadsheet would run. */
export function assertSafeCsv(csv: string, what: string): string[][] {
  const rows = parseCsv(csv);
  assert.ok(rows.length > 0, `${what}: empty`);
  for (const r of rows) {
    assert.equal(
      r.length,
      rows[0].length,
      `${what}: a row of ${r.length} cells under a header of ${rows[0].length}: ${JSON.stringify(r).slice(0, 120)}`,
    );
    for (const c of r) {
      assert.doesNotMatch(c, /^[=+@\t\r]/, `${what}: cell ${JSON.stringify(c.slice(0, 40))} would run as a formula`);
      if (c.startsWith('-')) assert.match(c, /^-\d+(\.\d+)?$/, `${what}: cell ${JSON.stringify(c.slice(0, 40))} would run as a formula`);
    }
  }
  return rows;
}

/** Checks XML text (entities, no raw `<` or bare `&`) and returns it decoded. */
function xmlText(raw: string, where: string): string {
  assert.ok(!raw.includes('<'), `${where}: a raw "<"`);
  assert.doesNotMatch(raw, /&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/, `${where}: a bare "&"`);
  return decodeEntities(raw);
}

/**
 * Elements of a well-formed XML document, strictly: one root, every element closed
 * in order, attributes quoted and unique, entities known. A tiny checker on
 * purpose: it accepts only what the exporters write (no DOCTYPE).
 */
export function parseStrictXml(xml: string): { name: string; attrs: Record<string, string> }[] {
  const out: { name: string; attrs: Record<string, string> }[] = [];
  const stack: string[] = [];
  let i = /^<\?xml[^?]*\?>/.exec(xml)?.[0].length ?? 0;
  let rootDone = false;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt < 0 ? xml.length : lt);
    xmlText(text, `text at ${i}`);
    assert.ok(stack.length || !text.trim(), `text outside the root element at ${i}`);
    if (lt < 0) break;
    if (xml.startsWith('<!--', lt)) {
      i = xml.indexOf('-->', lt) + 3;
      assert.ok(i > 2, 'an unclosed comment');
      continue;
    }
    if (xml.startsWith('<![CDATA[', lt)) {
      assert.ok(stack.length, 'CDATA outside the root');
      i = xml.indexOf(']]>', lt) + 3;
      assert.ok(i > 2, 'an unclosed CDATA section');
      continue;
    }
    const m = /^<(\/?)([A-Za-z_][\w.:-]*)/.exec(xml.slice(lt, lt + 200));
    assert.ok(m, `not a tag at ${lt}: ${JSON.stringify(xml.slice(lt, lt + 30))}`);
    let k = lt + m[0].length;
    if (m[1]) {
      assert.equal(xml[k], '>', `a malformed end tag </${m[2]}`);
      assert.equal(stack.pop(), m[2], `</${m[2]}> does not close the open element`);
      if (!stack.length) rootDone = true;
      i = k + 1;
      continue;
    }
    assert.ok(!rootDone && (stack.length || !out.length), `a second root <${m[2]}>`);
    const attrs: Record<string, string> = {};
    for (;;) {
      const a = /^\s+([A-Za-z_][\w.:-]*)="([^"]*)"/.exec(xml.slice(k, k + 200000));
      if (!a) break;
      assert.ok(!(a[1] in attrs), `attribute ${a[1]} twice on <${m[2]}>`);
      attrs[a[1]] = xmlText(a[2], `attribute ${a[1]} of <${m[2]}>`);
      k += a[0].length;
    }
    const end = /^\s*(\/?)>/.exec(xml.slice(k, k + 100));
    assert.ok(end, `<${m[2]}> is malformed at ${JSON.stringify(xml.slice(k, k + 30))}`);
    out.push({ name: m[2], attrs });
    if (!end[1]) stack.push(m[2]);
    else if (!stack.length) rootDone = true;
    i = k + end[0].length;
  }
  assert.deepEqual(stack, [], 'elements left open');
  assert.ok(out.length, 'no element');
  return out;
}

const NOT_XML_CHAR =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Well-formed XML with only XML 1.0 characters, and nothing active in it. */
export function assertWellFormedXml(xml: string, what: string): void {
  const m = NOT_XML_CHAR.exec(xml);
  assert.equal(m, null, `${what}: a character XML 1.0 forbids (U+${m?.[0].charCodeAt(0).toString(16)}) at ${m?.index}`);
  let elements;
  try {
    elements = parseStrictXml(xml);
  } catch (e) {
    assert.fail(`${what}: not well-formed: ${(e as Error).message}`);
  }
  for (const e of elements) {
    assert.ok(!FORBIDDEN.has(e.name.toLowerCase()) && e.name !== 'script', `${what}: <${e.name}>`);
    for (const [k, v] of Object.entries(e.attrs)) {
      assert.ok(!k.toLowerCase().startsWith('on'), `${what}: attribute ${k} on <${e.name}>`);
      if (URL_ATTRS.has(k.toLowerCase())) assert.doesNotMatch(v, /^\s*javascript:/i, `${what}: ${k} on <${e.name}>`);
    }
  }
}

/** No HTML that a Markdown renderer would pass through, and no live javascript: link. */
export function assertInertMarkdown(md: string, benign: string, what: string): void {
  // `\<` is a backslash escape: Markdown shows a literal "<".
  const tag = /(?<!\\)<\s*\/?\s*(script|img|iframe|textarea|svg|a|object|embed|style|!--)\b[^\n]{0,40}/gi;
  const raw = (s: string) => (s.match(tag) ?? []).length;
  assert.equal(raw(md), raw(benign), `${what}: raw HTML in Markdown: ${JSON.stringify(md.match(tag)?.[0])}`);
  assert.doesNotMatch(md, /(^|[^\\])\]\(\s*javascript:/im, `${what}: a live javascript: link`);
}
