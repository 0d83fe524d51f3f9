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
import type { Inclusion } from '../participants';
import { escapeHtml, escapeMarkdownLine, inertMarkdown, renderMarkdown, standalonePage } from '../output';
import type { ResolvedLink } from '../project';
import { chronological } from './memos';

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
  /** What may be quoted: a passage of a withdrawn participant is named, never quoted (`inclusion(project)`). */
  inclusion: Pick<Inclusion, 'includesSource' | 'includesPassage'>;
  /**
   * Applied to every memo body and passage quote (pseudonymisation: memos name
   * people too); the identity only when chosen explicitly.
   */
  quote?: (text: string) => string;
}

/** The memo log in `format`. */
export function exportMemos(input: MemoExportInput, format: MemoExportFormat): string {
  return format === 'html' ? memosToHtml(input) : memosToMarkdown(input);
}

const KIND_LABEL: Record<string, string> = {
  reflexive: 'Reflexive',
  analytic: 'Analytic',
  methodological: 'Methodological',
  theoretical: 'Theoretical',
};

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

function describeLink(l: ResolvedLink, inc: MemoExportInput['inclusion'], quote: (s: string) => string): LinkText {
  const broken = l.problems.length ? l.problems.map((p) => p.message).join('; ') : undefined;
  const source = l.link.source;
  if (source !== undefined) {
    const at = l.located && l.located.state !== 'orphaned' ? l.located : { start: l.link.start ?? 0, end: l.link.end ?? 0 };
    const out = l.kind === 'passage' ? !inc.includesPassage(source, at.start, at.end) : !inc.includesSource(source);
    if (out) return { label: `${l.kind === 'passage' ? 'Passage in' : 'Transcript:'} ${source} (a withdrawn participant's: not quoted)` };
  }
  const parts: string[] = [];
  if (l.link.code !== undefined) parts.push(`Code: ${l.codeName ?? l.link.code}`);
  if (l.kind === 'passage') {
    const at = l.located && l.located.state !== 'orphaned' ? l.located : undefined;
    parts.push(`Passage in ${l.link.source}${at ? ` (${at.start}-${at.end}${at.state === 'moved' ? ', moved' : ''})` : ''}`);
  } else if (l.link.source !== undefined) {
    parts.push(`Transcript: ${l.link.source}`);
  }
  return { label: parts.join(', '), ...(l.quote !== undefined ? { quote: quote(l.quote) } : {}), ...(broken ? { broken } : {}) };
}

// ---- Markdown ----

/** Memo headings moved down two levels, outside code fences, so they nest under the memo's own. */
function demoteHeadings(body: string): string {
  let fence: string | undefined;
  return body
    .split(/\r?\n/)
    .map((line) => {
      const f = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
      if (f) fence = fence === undefined ? f[1][0] : fence === f[1][0] ? undefined : fence;
      else if (fence === undefined) {
        const h = /^(#{1,6})(\s)/.exec(line);
        if (h) return '#'.repeat(Math.min(6, h[1].length + 2)) + line.slice(h[1].length);
      }
      return line;
    })
    .join('\n');
}

const same = (s: string) => s;

export function memosToMarkdown(input: MemoExportInput): string {
  const memos = chronological(input.memos);
  const quote = input.quote ?? same;
  const out: string[] = [
    `# Memo log${input.title ? `: ${escapeMarkdownLine(input.title)}` : ''}`,
    '',
    escapeMarkdownLine(summary(input, memos)),
    '',
  ];
  for (const memo of memos) {
    const m = memo.meta;
    out.push('---', '', `## ${escapeMarkdownLine(heading(memo))}`, '', `*${when(m.created)} · ${escapeMarkdownLine(memo.path)}*`, '');
    const links = input.links.get(memo.path) ?? [];
    if (links.length) {
      out.push('Links:', '');
      for (const l of links) {
        const d = describeLink(l, input.inclusion, quote);
        out.push(
          `- ${escapeMarkdownLine(d.label)}${d.quote !== undefined ? `: “${escapeMarkdownLine(d.quote)}”` : ''}${d.broken ? ` **(broken: ${escapeMarkdownLine(d.broken)})**` : ''}`,
        );
      }
      out.push('');
    }
    // Raw HTML, scripts' links and images in a body would run or load in a Markdown viewer: made inert.
    out.push(inertMarkdown(demoteHeadings(quote(memo.body))).trim(), '');
  }
  return out.join('\n');
}

// ---- HTML ----

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
  const quote = input.quote ?? same;
  const title = `Memo log${input.title ? `: ${input.title}` : ''}`;
  const articles = memos.map((memo) => {
    const m = memo.meta;
    const links = (input.links.get(memo.path) ?? []).map((l) => {
      const d = describeLink(l, input.inclusion, quote);
      return `<li${d.broken ? ' class="broken"' : ''}>${escapeHtml(d.label)}${d.quote !== undefined ? `: <q>${escapeHtml(d.quote)}</q>` : ''}${d.broken ? ` <strong>(broken: ${escapeHtml(d.broken)})</strong>` : ''}</li>`;
    });
    return [
      `<article class="memo">`,
      `<h2>${escapeHtml(heading(memo))}</h2>`,
      `<p class="meta"><span class="kind">${escapeHtml(KIND_LABEL[m.kind] ?? m.kind)}</span> · <time datetime="${escapeHtml(m.created)}">${escapeHtml(when(m.created))}</time>${m.author ? ` · ${escapeHtml(m.author)}` : ''} · ${escapeHtml(memo.path)}</p>`,
      links.length ? `<ul class="links">${links.join('')}</ul>` : '',
      `<div class="body">${renderMarkdown(quote(memo.body), { headingOffset: 2 })}</div>`,
      `</article>`,
    ]
      .filter(Boolean)
      .join('\n');
  });
  return standalonePage({
    title,
    heading: false,
    images: false,
    style: STYLE,
    body: [`<header><h1>${escapeHtml(title)}</h1><p>${escapeHtml(summary(input, memos))}</p></header>`, ...articles].join('\n'),
  });
}
