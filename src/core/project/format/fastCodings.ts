/**
 * A fast reader for codings files in exactly the canonical form this tool
 * writes (serializeCodings): `source:`, then `codings:` with one `key: value`
 * per line and scalar values only. Opening a large project is then not bound
 * by the general YAML parser (~100x slower than JSON.parse). Anything else — a
 * comment, CR LF, a nested value, an unusual scalar — returns undefined, and
 * the caller uses the full YAML parser, which also locates problems.
 */

const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};

/** Plain scalars that YAML would read as something other than this text (or that we never write plain). */
const NOT_PLAIN_TEXT = /^(?:[-?:,[\]{}#&*!|>'"%@`]|~$|null$|Null$|NULL$|true$|True$|TRUE$|false$|False$|FALSE$)|:\s|\s#|:$|\s$/;
/** The numbers of the YAML 1.2 core schema (a timestamp such as 2026-03-02T10:00:00Z is text there). */
const CORE_NUMBER =
  /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

/** The value of a scalar as YAML reads it, or undefined when it is not one we read fast. */
export function readScalar(raw: string): string | number | undefined {
  if (raw.startsWith('"')) {
    if (raw.length < 2 || !raw.endsWith('"')) return undefined;
    let out = '';
    for (let i = 1; i < raw.length - 1; i++) {
      const ch = raw[i];
      if (ch === '"') return undefined;
      if (ch !== '\\') {
        out += ch;
        continue;
      }
      const e = raw[++i];
      if (e === undefined || i >= raw.length - 1) return undefined;
      const hex = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
      if (hex) {
        const h = raw.slice(i + 1, i + 1 + hex);
        if (!/^[0-9a-fA-F]+$/.test(h) || h.length !== hex) return undefined;
        const cp = parseInt(h, 16);
        if (cp > 0x10ffff) return undefined;
        out += String.fromCodePoint(cp);
        i += hex;
      } else if (e in ESCAPES) out += ESCAPES[e];
      else return undefined;
    }
    return out;
  }
  if (raw.startsWith("'")) {
    if (raw.length < 2 || !raw.endsWith("'")) return undefined;
    const body = raw.slice(1, -1);
    if (/'(?!')/.test(body.replace(/''/g, ''))) return undefined;
    return body.replace(/''/g, "'");
  }
  if (/^(?:0|[1-9][0-9]*)$/.test(raw)) return Number(raw);
  if (raw === '' || NOT_PLAIN_TEXT.test(raw) || CORE_NUMBER.test(raw)) return undefined;
  return raw;
}

const ITEM_START = /^ {2}- ([A-Za-z][A-Za-z0-9_-]*): (.*)$/;
const ITEM_KEY = /^ {4}([A-Za-z][A-Za-z0-9_-]*): (.*)$/;

/**
 * The plain value of a canonical codings file, or undefined to fall back to the
 * full YAML parser. The result has the shape the YAML parser would give.
 */
export function readCanonicalCodings(text: string): { source: string; codings: Record<string, unknown>[] } | undefined {
  if (text.includes('\r') || !text.endsWith('\n')) return undefined;
  const lines = text.split('\n');
  lines.pop();
  const head = /^source: (.*)$/.exec(lines[0] ?? '');
  const source = head && readScalar(head[1]);
  if (typeof source !== 'string') return undefined;
  if (lines[1] === 'codings: []' && lines.length === 2) return { source, codings: [] };
  if (lines[1] !== 'codings:') return undefined;
  const codings: Record<string, unknown>[] = [];
  let item: Record<string, unknown> | undefined;
  for (let i = 2; i < lines.length; i++) {
    const line = lines[i];
    let m = ITEM_START.exec(line);
    if (m) codings.push((item = Object.create(null) as Record<string, unknown>));
    else {
      m = ITEM_KEY.exec(line);
      if (!m || !item) return undefined;
    }
    const [, key, raw] = m;
    if (key in item!) return undefined;
    const value = readScalar(raw);
    if (value === undefined) return undefined;
    item![key] = value;
  }
  return { source, codings: codings.map((c) => ({ ...c })) };
}
