/**
 * Markdown that researchers write (memo bodies, the review pack's introduction,
 * report text) as HTML for readers. Everything is escaped first, so raw HTML
 * shows as text and nothing in it can run.
 */
import { escapeHtml } from './escape';

interface InlineContext {
  /** Inside a link's text: no link within a link. */
  inLink: boolean;
  /** Whether http(s) links become <a> elements (else they show as text). */
  links: boolean;
}

interface InlineRule {
  /** Global (`g`), so it runs over the whole text from an index and lookbehinds see what precedes. */
  re: RegExp;
  render: (m: RegExpExecArray, ctx: InlineContext) => string;
}

const INLINE: InlineRule[] = [
  { re: /`([^`\n]+)`/g, render: (m) => `<code>${escapeHtml(m[1])}</code>` },
  {
    re: /\[([^[\]\n]+)\]\(\s*([^()\s]+)\s*\)/g,
    render: (m, ctx) =>
      ctx.links && !ctx.inLink && /^https?:\/\/[^\s"'<>`]+$/i.test(m[2])
        ? `<a href="${escapeHtml(m[2])}" rel="noopener noreferrer">${inline(m[1], { ...ctx, inLink: true })}</a>`
        : escapeHtml(m[0]),
  },
  { re: /\*\*(?=\S)([^\n]*?\S)\*\*|__(?=\S)([^\n]*?\S)__/g, render: (m, ctx) => `<strong>${inline(m[1] ?? m[2], ctx)}</strong>` },
  // `_` only between non-word characters, so snake_case and file_names stay as they are.
  {
    re: /\*(?=[^\s*])([^*\n]*?[^\s*])\*|(?<![\p{L}\p{N}_])_(?=[^\s_])([^_\n]*?[^\s_])_(?![\p{L}\p{N}_])/gu,
    render: (m, ctx) => `<em>${inline(m[1] ?? m[2], ctx)}</em>`,
  },
];

/**
 * Inline Markdown to HTML: the earliest construct wins; text between is escaped.
 * Each rule's next match is remembered until the text before it is used up, so
 * a long paragraph costs one scan per rule rather than one per construct.
 */
function inline(text: string, ctx: InlineContext): string {
  let out = '';
  let pos = 0;
  const next: (RegExpExecArray | null | undefined)[] = INLINE.map(() => undefined);
  for (;;) {
    let best = -1;
    INLINE.forEach((rule, i) => {
      if (next[i] === undefined || (next[i] && next[i]!.index < pos)) {
        const re = new RegExp(rule.re.source, rule.re.flags);
        re.lastIndex = pos;
        next[i] = re.exec(text);
      }
      const m = next[i];
      if (m && (best < 0 || m.index < next[best]!.index)) best = i;
    });
    if (best < 0) break;
    const m = next[best]!;
    out += escapeHtml(text.slice(pos, m.index)) + INLINE[best].render(m, ctx);
    pos = m.index + m[0].length;
  }
  return out + escapeHtml(text.slice(pos));
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/**
 * One line of Markdown as the words a reader sees (a memo's title in a list or a hover):
 * `*Having a say*` reads `Having a say`, a link its text; nothing else changes.
 */
export function inlinePlainText(text: string): string {
  return inline(text, { inLink: false, links: true })
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]);
}

const FENCE = /^\s{0,3}(`{3,}|~{3,})/;
const HEADING = /^\s{0,3}(#{1,6})(?:\s+(.*?))?\s*#*\s*$/;
const BULLET = /^\s*[-*+]\s+(.*)$/;
const NUMBERED = /^\s*\d{1,9}[.)]\s+(.*)$/;
const QUOTE = /^\s{0,3}>\s?(.*)$/;
const RULE = /^\s{0,3}([-*_])(\s*\1){2,}\s*$/;

export interface MarkdownOptions {
  /** Added to heading levels (`#` becomes h2 with 1), so the text nests under the page's own headings. */
  headingOffset?: number;
  /**
   * Whether http and https links become links (default true). A participant
   * review pack makes no requests and leads nowhere, so it shows them as text.
   */
  links?: boolean;
}

/**
 * A safe subset of Markdown as HTML, the one renderer of every export: paragraphs,
 * headings, bullet and numbered lists (flat), block quotes, fenced code, rules,
 * and inline code, emphasis, strong and http/https links. Anything else, raw HTML
 * and other link schemes included, is escaped and shown as text.
 */
export function renderMarkdown(md: string, { headingOffset = 0, links = true }: MarkdownOptions = {}): string {
  const ctx: InlineContext = { inLink: false, links };
  const lines = md.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let i = 0;
  const isBlockStart = (l: string) =>
    FENCE.test(l) || HEADING.test(l) || BULLET.test(l) || NUMBERED.test(l) || QUOTE.test(l) || RULE.test(l);
  while (i < lines.length) {
    const line = lines[i];
    if (!line.trim()) {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const code: string[] = [];
      for (i++; i < lines.length && !lines[i].trimStart().startsWith(fence[1]); i++) code.push(lines[i]);
      i++;
      out.push(`<pre><code>${escapeHtml(code.join('\n'))}</code></pre>`);
      continue;
    }
    if (RULE.test(line)) {
      out.push('<hr>');
      i++;
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      const level = Math.min(6, heading[1].length + headingOffset);
      out.push(`<h${level}>${inline(heading[2] ?? '', ctx)}</h${level}>`);
      i++;
      continue;
    }
    if (QUOTE.test(line)) {
      const quoted: string[] = [];
      for (; i < lines.length && QUOTE.test(lines[i]); i++) quoted.push(QUOTE.exec(lines[i])![1]);
      out.push(`<blockquote>${renderMarkdown(quoted.join('\n'), { headingOffset, links })}</blockquote>`);
      continue;
    }
    const listRe = BULLET.test(line) ? BULLET : NUMBERED.test(line) ? NUMBERED : undefined;
    if (listRe) {
      const items: string[] = [];
      while (i < lines.length && listRe.test(lines[i])) {
        const item = [listRe.exec(lines[i])![1]];
        // Indented lines continue the item; a new item, a blank line or another block ends it.
        for (i++; i < lines.length && lines[i].trim() && /^\s/.test(lines[i]) && !BULLET.test(lines[i]) && !NUMBERED.test(lines[i]); i++)
          item.push(lines[i].trim());
        items.push(`<li>${inline(item.join('\n'), ctx)}</li>`);
      }
      const tag = listRe === BULLET ? 'ul' : 'ol';
      out.push(`<${tag}>${items.join('')}</${tag}>`);
      continue;
    }
    const para: string[] = [];
    for (; i < lines.length && lines[i].trim() && (para.length === 0 || !isBlockStart(lines[i])); i++) para.push(lines[i].trim());
    out.push(`<p>${inline(para.join('\n'), ctx)}</p>`);
  }
  return out.join('\n');
}
