/**
 * The memo log as a document for the reflexivity section of a report: every memo
 * oldest first, its links resolved to code names and passage quotes. Markdown, or
 * self-contained HTML with a print stylesheet. Pure: the caller resolves links
 * (see resolveMemoLinks) and writes the file.
 *
 * In HTML every piece of user text is escaped; memo bodies are rendered from a
 * safe subset of Markdown (paragraphs, headings, lists, block quotes, code,
 * emphasis, strong, http/https links) and everything else comes out as text.
 */
import type { Memo } from '../model';
import { chronological, type ResolvedLink } from './memos';

export type MemoExportFormat = 'md' | 'html';

export interface MemoExportInput {
  /** The study's title. */
  title?: string;
  memos: Iterable<Memo>;
  /** Resolved links by memo path. */
  links: ReadonlyMap<string, readonly ResolvedLink[]>;
  /** When the export was made (stated in the document). */
  generated: Date;
  /** A description of the filter the memos were chosen by, if any. */
  filter?: string;
}

/** The memo log in `format`. */
export function exportMemos(input: MemoExportInput, format: MemoExportFormat): string {
  return format === 'html' ? memosToHtml(input) : memosToMarkdown(input);
}

const KIND_LABEL: Record<string, string> = { reflexive: 'Reflexive', analytic: 'Analytic', methodological: 'Methodological', theoretical: 'Theoretical' };

/** `2026-02-11 16:20 UTC`: unambiguous in any reader's time zone. */
function when(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} UTC`;
}

function summary(input: MemoExportInput, memos: Memo[]): string {
  const n = memos.length;
  const span = n ? `, ${when(memos[0].meta.created).slice(0, 10)} to ${when(memos[n - 1].meta.created).slice(0, 10)}` : '';
  return `${n} memo${n === 1 ? '' : 's'}${span}${input.filter ? ` (${input.filter})` : ''}; exported ${when(input.generated.toISOString())}`;
}

/** `2026-02-11 · Reflexive memo · rk`: the body follows in full, so its first line is not repeated. */
function heading(memo: Memo): string {
  const m = memo.meta;
  return `${when(m.created).slice(0, 10)} · ${KIND_LABEL[m.kind] ?? m.kind} memo${m.author ? ` · ${m.author}` : ''}`;
}

/** One link in words: what it names, whether it is broken, and the passage's words. */
interface LinkText {
  label: string;
  quote?: string;
  broken?: string;
}

function describeLink(l: ResolvedLink): LinkText {
  const broken = l.problems.length ? l.problems.map((p) => p.message).join('; ') : undefined;
  const parts: string[] = [];
  if (l.link.code !== undefined) parts.push(`Code: ${l.codeName ?? l.link.code}`);
  if (l.kind === 'passage') {
    const at = l.located && l.located.state !== 'orphaned' ? l.located : undefined;
    parts.push(`Passage in ${l.link.source}${at ? ` (${at.start}-${at.end}${at.state === 'moved' ? ', moved' : ''})` : ''}`);
  } else if (l.link.source !== undefined) {
    parts.push(`Transcript: ${l.link.source}`);
  }
  return { label: parts.join(', '), ...(l.quote !== undefined ? { quote: l.quote } : {}), ...(broken ? { broken } : {}) };
}

// ---- Markdown ----

/** Backslash-escapes what Markdown would read as markup in a line of metadata. */
function mdText(s: string): string {
  return s.replace(/[\\`*_[\]<>#|]/g, '\\$&').replace(/\r?\n/g, ' ');
}

/** Memo headings moved down two levels, outside code fences, so they nest under the memo's own. */
function demoteHeadings(body: string): string {
  let fence: string | undefined;
  return body.split(/\r?\n/).map((line) => {
    const f = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (f) fence = fence === undefined ? f[1][0] : fence === f[1][0] ? undefined : fence;
    else if (fence === undefined) {
      const h = /^(#{1,6})(\s)/.exec(line);
      if (h) return '#'.repeat(Math.min(6, h[1].length + 2)) + line.slice(h[1].length);
    }
    return line;
  }).join('\n');
}

export function memosToMarkdown(input: MemoExportInput): string {
  const memos = chronological(input.memos);
  const out: string[] = [`# Memo log${input.title ? `: ${mdText(input.title)}` : ''}`, '', mdText(summary(input, memos)), ''];
  for (const memo of memos) {
    const m = memo.meta;
    out.push('---', '', `## ${mdText(heading(memo))}`, '', `*${when(m.created)} · ${mdText(memo.path)}*`, '');
    const links = input.links.get(memo.path) ?? [];
    if (links.length) {
      out.push('Links:', '');
      for (const l of links) {
        const d = describeLink(l);
        out.push(`- ${mdText(d.label)}${d.quote !== undefined ? `: “${mdText(d.quote)}”` : ''}${d.broken ? ` **(broken: ${mdText(d.broken)})**` : ''}`);
      }
      out.push('');
    }
    out.push(demoteHeadings(memo.body).trim(), '');
  }
  return out.join('\n');
}

// ---- HTML ----

/** Text safe anywhere in HTML, attribute values included. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

interface InlineRule {
  /** Global (`g`), so it runs over the whole text from an index and lookbehinds see what precedes. */
  re: RegExp;
  render: (m: RegExpExecArray, inLink: boolean) => string;
}

const INLINE: InlineRule[] = [
  { re: /`([^`\n]+)`/g, render: (m) => `<code>${escapeHtml(m[1])}</code>` },
  {
    re: /\[([^[\]\n]+)\]\(\s*([^()\s]+)\s*\)/g,
    render: (m, inLink) => (!inLink && /^https?:\/\/[^\s"'<>`]+$/i.test(m[2]) ? `<a href="${escapeHtml(m[2])}" rel="noopener noreferrer">${inline(m[1], true)}</a>` : escapeHtml(m[0])),
  },
  { re: /\*\*(?=\S)([^\n]*?\S)\*\*|__(?=\S)([^\n]*?\S)__/g, render: (m, inLink) => `<strong>${inline(m[1] ?? m[2], inLink)}</strong>` },
  // `_` only between non-word characters, so snake_case and file_names stay as they are.
  { re: /\*(?=[^\s*])([^*\n]*?[^\s*])\*|(?<![\p{L}\p{N}_])_(?=[^\s_])([^_\n]*?[^\s_])_(?![\p{L}\p{N}_])/gu, render: (m, inLink) => `<em>${inline(m[1] ?? m[2], inLink)}</em>` },
];

/**
 * Inline Markdown to HTML: the earliest construct wins; text between is escaped.
 * Each rule's next match is remembered until the text before it is used up, so
 * a long paragraph costs one scan per rule rather than one per construct.
 */
function inline(text: string, inLink = false): string {
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
    out += escapeHtml(text.slice(pos, m.index)) + INLINE[best].render(m, inLink);
    pos = m.index + m[0].length;
  }
  return out + escapeHtml(text.slice(pos));
}

const FENCE = /^\s{0,3}(`{3,}|~{3,})/;
const HEADING = /^\s{0,3}(#{1,6})(?:\s+(.*?))?\s*#*\s*$/;
const BULLET = /^\s*[-*+]\s+(.*)$/;
const NUMBERED = /^\s*\d{1,9}[.)]\s+(.*)$/;
const QUOTE = /^\s{0,3}>\s?(.*)$/;
const RULE = /^\s{0,3}([-*_])(\s*\1){2,}\s*$/;

/**
 * A safe subset of Markdown as HTML: paragraphs, headings (moved down by
 * `headingOffset`), bullet and numbered lists (flat), block quotes, fenced code,
 * rules, and inline code, emphasis, strong and http/https links. Anything else,
 * raw HTML included, is escaped and shown as text.
 */
export function renderMarkdown(md: string, headingOffset = 0): string {
  const lines = md.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let i = 0;
  const isBlockStart = (l: string) => FENCE.test(l) || HEADING.test(l) || BULLET.test(l) || NUMBERED.test(l) || QUOTE.test(l) || RULE.test(l);
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
      out.push(`<h${level}>${inline(heading[2] ?? '')}</h${level}>`);
      i++;
      continue;
    }
    if (QUOTE.test(line)) {
      const quoted: string[] = [];
      for (; i < lines.length && QUOTE.test(lines[i]); i++) quoted.push(QUOTE.exec(lines[i])![1]);
      out.push(`<blockquote>${renderMarkdown(quoted.join('\n'), headingOffset)}</blockquote>`);
      continue;
    }
    const listRe = BULLET.test(line) ? BULLET : NUMBERED.test(line) ? NUMBERED : undefined;
    if (listRe) {
      const items: string[] = [];
      while (i < lines.length && listRe.test(lines[i])) {
        const item = [listRe.exec(lines[i])![1]];
        // Indented lines continue the item; a new item, a blank line or another block ends it.
        for (i++; i < lines.length && lines[i].trim() && /^\s/.test(lines[i]) && !BULLET.test(lines[i]) && !NUMBERED.test(lines[i]); i++) item.push(lines[i].trim());
        items.push(`<li>${inline(item.join('\n'))}</li>`);
      }
      const tag = listRe === BULLET ? 'ul' : 'ol';
      out.push(`<${tag}>${items.join('')}</${tag}>`);
      continue;
    }
    const para: string[] = [];
    for (; i < lines.length && lines[i].trim() && (para.length === 0 || !isBlockStart(lines[i])); i++) para.push(lines[i].trim());
    out.push(`<p>${inline(para.join('\n'))}</p>`);
  }
  return out.join('\n');
}

const STYLE = `
:root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --rule: #d1d9e0; --warn: #9a6700; }
* { box-sizing: border-box; }
body { font: 16px/1.55 Georgia, "Times New Roman", serif; color: var(--ink); max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.8rem; margin-bottom: .2rem; }
header p { color: var(--muted); margin: .2rem 0; }
article { border-top: 1px solid var(--rule); padding-top: 1rem; margin-top: 1.5rem; }
article h2 { font-size: 1.15rem; margin: 0 0 .3rem; }
.meta { color: var(--muted); font: .85rem/1.4 system-ui, sans-serif; margin: 0 0 .6rem; }
.kind { font-weight: 600; text-transform: uppercase; letter-spacing: .04em; }
ul.links { font: .9rem/1.45 system-ui, sans-serif; padding-left: 1.2rem; margin: .4rem 0 .8rem; }
ul.links q { font-style: italic; }
.broken { color: var(--warn); }
blockquote { border-left: 3px solid var(--rule); margin: .6rem 0; padding: 0 0 0 .9rem; color: var(--muted); }
pre { background: #f6f8fa; padding: .6rem; overflow-x: auto; white-space: pre-wrap; }
code { font: .9em ui-monospace, Consolas, monospace; }
@media print {
  body { max-width: none; margin: 0; font-size: 11pt; }
  article { break-inside: avoid-page; page-break-inside: avoid; }
  h1, h2, h3 { break-after: avoid-page; page-break-after: avoid; }
  a { color: inherit; text-decoration: none; }
  a[href]::after { content: " (" attr(href) ")"; font-size: .85em; color: var(--muted); }
  pre { background: none; border: 1px solid var(--rule); }
}
`;

export function memosToHtml(input: MemoExportInput): string {
  const memos = chronological(input.memos);
  const title = `Memo log${input.title ? `: ${input.title}` : ''}`;
  const articles = memos.map((memo) => {
    const m = memo.meta;
    const links = (input.links.get(memo.path) ?? []).map((l) => {
      const d = describeLink(l);
      return `<li${d.broken ? ' class="broken"' : ''}>${escapeHtml(d.label)}${d.quote !== undefined ? `: <q>${escapeHtml(d.quote)}</q>` : ''}${d.broken ? ` <strong>(broken: ${escapeHtml(d.broken)})</strong>` : ''}</li>`;
    });
    return [
      `<article class="memo">`,
      `<h2>${escapeHtml(heading(memo))}</h2>`,
      `<p class="meta"><span class="kind">${escapeHtml(KIND_LABEL[m.kind] ?? m.kind)}</span> · <time datetime="${escapeHtml(m.created)}">${escapeHtml(when(m.created))}</time>${m.author ? ` · ${escapeHtml(m.author)}` : ''} · ${escapeHtml(memo.path)}</p>`,
      links.length ? `<ul class="links">${links.join('')}</ul>` : '',
      `<div class="body">${renderMarkdown(memo.body, 2)}</div>`,
      `</article>`,
    ].filter(Boolean).join('\n');
  });
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    // Nothing may load or run: the file is read offline and printed.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<header><h1>${escapeHtml(title)}</h1><p>${escapeHtml(summary(input, memos))}</p></header>`,
    '<main>',
    ...articles,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
