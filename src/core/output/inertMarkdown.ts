/**
 * Markdown written by researchers (memo bodies), made safe to hand to any
 * Markdown viewer: what they wrote stays (headings, emphasis, lists, quotes,
 * code, web links), but nothing runs or loads when it is shown (#20 item 11):
 *
 * - raw HTML and autolinks (`<` then a letter, `/`, `!` or `?`): `<` becomes `&lt;`;
 * - links whose destination is not http(s) (javascript:, data:, vbscript:,
 *   file:, relative paths): their `]` is backslash-escaped, so they show as text;
 * - images (a remote image is a request telling someone the file was opened): `!\[`;
 * - link reference definitions: their `[` and `]` are escaped.
 *
 * Fenced code blocks and inline code spans are left as written (there `<` is
 * text). Where this reads the Markdown differently from a renderer it errs
 * towards escaping (at worst an `&lt;` shows inside code). Idempotent. The HTML
 * memo log goes through renderMarkdown, which renders the same things inert.
 */

/** `text` with raw HTML, non-web links, images and reference definitions made inert (see the file's comment). */
export function inertMarkdown(text: string): string {
  const out: string[] = [];
  let fence: { char: string; length: number } | undefined;
  for (const line of text.split('\n')) {
    if (fence) {
      const close = /^ {0,3}(`{3,}|~{3,})[ \t]*\r?$/.exec(line);
      if (close && close[1][0] === fence.char && close[1].length >= fence.length) fence = undefined;
      out.push(line);
      continue;
    }
    // An opening fence; a backtick fence's info string may not hold a backtick (then it is no fence).
    const open = /^ {0,3}(?:(`{3,})[^`]*|(~{3,}).*)$/.exec(line);
    if (open) {
      const marks = open[1] ?? open[2];
      fence = { char: marks[0], length: marks.length };
      out.push(line);
      continue;
    }
    out.push(inertLine(line));
  }
  // A fence left open would turn everything after this text (the next memo) into code.
  if (fence) out.push(fence.char.repeat(fence.length));
  return out.join('\n');
}

/** One line outside fenced code: code spans kept, the rest made inert. */
function inertLine(line: string): string {
  // A link reference definition ([label]: destination) is shown as text.
  const definition = /^( {0,3})\[((?:[^\]\\]|\\.)*)\]:/.exec(line);
  if (definition) line = `${definition[1]}\\[${definition[2]}\\]:${line.slice(definition[0].length)}`;
  const spans = codeSpans(line);
  let out = '';
  let at = 0;
  for (const [start, end] of spans) {
    out += inertText(line.slice(at, start)) + line.slice(start, end);
    at = end;
  }
  return out + inertText(line.slice(at));
}

/**
 * The inline code spans of a line, as [start, end): a run of n backticks (not
 * escaped by a backslash) up to the next run of exactly n. Linear: the next run
 * of each length is found by moving one pointer per length.
 */
function codeSpans(line: string): [number, number][] {
  // Every run counts as a closer (backslashes do not escape inside code); one after an odd number of backslashes opens nothing.
  const runs: { start: number; length: number; escaped: boolean }[] = [];
  for (let i = 0; i < line.length;) {
    if (line[i] !== '`') {
      i++;
      continue;
    }
    let slashes = 0;
    while (line[i - 1 - slashes] === '\\') slashes++;
    let j = i;
    while (line[j] === '`') j++;
    runs.push({ start: i, length: j - i, escaped: slashes % 2 === 1 });
    i = j;
  }
  const byLength = new Map<number, number[]>();
  runs.forEach((r, k) => {
    const list = byLength.get(r.length);
    if (list) list.push(k);
    else byLength.set(r.length, [k]);
  });
  const next = new Map<number, number>();
  const spans: [number, number][] = [];
  for (let k = 0; k < runs.length; k++) {
    if (runs[k].escaped) continue;
    const list = byLength.get(runs[k].length)!;
    let p = next.get(runs[k].length) ?? 0;
    while (p < list.length && list[p] <= k) p++;
    next.set(runs[k].length, p);
    if (p === list.length) continue;
    const close = runs[list[p]];
    spans.push([runs[k].start, close.start + close.length]);
    k = list[p];
  }
  return spans;
}

/** Text outside code: raw HTML, non-web links, images and stray `]:` made inert; backslash escapes kept as they are. */
function inertText(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') {
      out += s.slice(i, i + 2);
      i++;
    } else if (c === '<' && /[A-Za-z/!?]/.test(s[i + 1] ?? '')) {
      out += '&lt;';
    } else if (c === '!' && s[i + 1] === '[') {
      out += '!\\[';
      i++;
    } else if (c === ']' && s[i + 1] === '(') {
      const dest = /^\(\s*<?\s*([^)\s>]*)/.exec(s.slice(i + 1, i + 2049))?.[1] ?? '';
      out += /^https?:\/\//i.test(dest) ? ']' : '\\]';
    } else if (c === ']' && s[i + 1] === ':') {
      out += '\\]';
    } else out += c;
  }
  return out;
}
