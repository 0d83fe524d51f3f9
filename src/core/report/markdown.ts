/**
 * The report as Markdown, for a git-based paper: headings, block quotes with
 * their attribution, GFM tables. Project text is escaped so it reads as text;
 * memos keep their own Markdown, with raw HTML made inert and headings moved
 * under the memo's own heading.
 */
import { escapeMarkdown, escapeMarkdownCell, escapeMarkdownLine, inertMarkdown } from '../output';
import type { ReportBlock, ReportDocument, ReportRun, ReportTable } from './model';

/** The report as Markdown text. */
export function reportMarkdown(doc: ReportDocument): string {
  const out: string[] = [`# ${escapeMarkdownLine(doc.title)}`, ''];
  for (const p of doc.preface) out.push(`*${escapeMarkdownLine(p)}*`, '');
  out.push(...doc.sections.map((s, i) => `${i + 1}. [${escapeMarkdownLine(s.title)}](#${s.id})`), '');
  let figures = 0;
  for (const s of doc.sections) {
    out.push(`<a id="${s.id}"></a>`, '', `## ${escapeMarkdownLine(s.title)}`, '');
    for (const b of s.blocks) out.push(...block(b, () => ++figures), '');
  }
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

const runs = (list: readonly ReportRun[]): string =>
  list
    .map((r) => {
      const t = escapeMarkdown(r.text).replace(/\r?\n/g, '  \n');
      // Emphasis marks must touch the text: keep outer spaces outside them.
      const [, lead, core, trail] = /^(\s*)([\s\S]*?)(\s*)$/.exec(t) ?? ['', '', t, ''];
      if (!core) return t;
      return `${lead}${r.strong ? `**${r.em ? `*${core}*` : core}**` : r.em ? `*${core}*` : core}${trail}`;
    })
    .join('');

function table(t: ReportTable): string[] {
  const num = new Set(t.numeric ?? []);
  return [
    `| ${t.header.map(escapeMarkdownCell).join(' | ')} |`,
    `|${t.header.map((_, i) => (num.has(i) ? '---:' : '---')).join('|')}|`,
    ...t.rows.map((r) => `| ${t.header.map((_, i) => escapeMarkdownCell(r[i] ?? '')).join(' | ')} |`),
  ];
}

function block(b: ReportBlock, nextFigure: () => number): string[] {
  switch (b.kind) {
    case 'heading':
      return [`${'#'.repeat(b.level + 1)} ${escapeMarkdownLine(b.text)}`];
    case 'paragraph':
      return [b.muted ? `*${runs(b.runs).trim()}*` : runs(b.runs)];
    case 'list':
      return b.items.map((i) => `- ${runs(i)}`);
    case 'quote':
      return [...b.text.split(/\r?\n/).map((l) => `> ${escapeMarkdown(l)}`), '>', `> — ${escapeMarkdownLine(b.attribution)}`];
    case 'figure':
      return [
        `*Figure ${nextFigure()}. ${escapeMarkdownLine(b.caption)} (The chart is in the HTML version of this report; its data follow.)*`,
        '',
        ...table(b.table),
      ];
    case 'table':
      return [...(b.caption ? [`**${escapeMarkdownLine(b.caption)}**`, ''] : []), ...table(b)];
    case 'markdown':
      return [memo(b.text)];
  }
}

/** A memo's own Markdown: raw HTML shown as text, headings placed under the memo's heading (level 4 and below). */
function memo(md: string): string {
  return inertMarkdown(md).replace(
    /^(\s{0,3})(#{1,6})(\s)/gm,
    (_, sp: string, h: string, s: string) => `${sp}${'#'.repeat(Math.min(6, h.length + 3))}${s}`,
  );
}
