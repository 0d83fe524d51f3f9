/**
 * The report as one self-contained HTML file: inline CSS and SVG, no script,
 * no request (the page shell's CSP says so), readable on screen and on paper.
 * Every string from the document is escaped here; memo Markdown is rendered by
 * the one Markdown renderer, which escapes everything first.
 */
import { escapeHtml, HTML_BASE_STYLE, renderMarkdown, standalonePage } from '../output';
import type { ReportBlock, ReportDocument, ReportRun, ReportTable } from './model';

const STYLE = `${HTML_BASE_STYLE}
.preface { color: var(--muted); }
nav.toc ol { padding-left: 1.25rem; } nav.toc a { color: var(--accent); }
section.report-section { margin-top: 2rem; }
blockquote p { margin: 0; }
blockquote footer { font-style: normal; color: var(--muted); font-size: .9rem; margin-top: .2rem; }
figure { margin: 1rem 0; } figure svg { max-width: 100%; height: auto; } figcaption { color: var(--muted); font-size: .9rem; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td { white-space: pre-line; }
@media print {
  nav.toc { display: none; }
  section.report-section { break-before: page; }
  section.report-section:first-of-type { break-before: auto; }
  h2, h3, h4 { break-after: avoid; } blockquote, figure, tr { break-inside: avoid; }
  figure svg { max-height: 9cm; }
}
`;

/** The report as a standalone HTML page. */
export function reportHtml(doc: ReportDocument): string {
  const toc = `<nav class="toc" aria-label="Contents"><ol>${doc.sections.map((s) => `<li><a href="#${escapeHtml(s.id)}">${escapeHtml(s.title)}</a></li>`).join('')}</ol></nav>`;
  const preface = doc.preface.map((p) => `<p class="preface">${escapeHtml(p)}</p>`).join('\n');
  const sections = doc.sections
    .map(
      (s) => `<section class="report-section" id="${escapeHtml(s.id)}">
<h2>${escapeHtml(s.title)}</h2>
${s.blocks.map(block).join('\n')}
</section>`,
    )
    .join('\n');
  return standalonePage({ title: doc.title, style: STYLE, images: false, body: `${preface}\n${toc}\n${sections}` });
}

const text = (s: string) => escapeHtml(s).replace(/\r?\n/g, '<br>');

function runs(list: readonly ReportRun[]): string {
  return list
    .map((r) => {
      let h = text(r.text);
      if (r.em) h = `<em>${h}</em>`;
      if (r.strong) h = `<strong>${h}</strong>`;
      return h;
    })
    .join('');
}

function table(t: ReportTable, caption?: string): string {
  const num = new Set(t.numeric ?? []);
  const cls = (i: number) => (num.has(i) ? ' class="num"' : '');
  return `<table>${caption ? `<caption>${escapeHtml(caption)}</caption>` : ''}<thead><tr>${t.header.map((h, i) => `<th scope="col"${cls(i)}>${escapeHtml(h)}</th>`).join('')}</tr></thead>
<tbody>${t.rows.map((r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n')}</tbody></table>`;
}

function block(b: ReportBlock): string {
  switch (b.kind) {
    case 'heading': {
      const tag = b.level === 2 ? 'h3' : 'h4';
      return `<${tag}${b.id ? ` id="${escapeHtml(b.id)}"` : ''}>${escapeHtml(b.text)}</${tag}>`;
    }
    case 'paragraph':
      return `<p${b.muted ? ' class="muted"' : ''}>${runs(b.runs)}</p>`;
    case 'list':
      return `<ul>${b.items.map((i) => `<li>${runs(i)}</li>`).join('')}</ul>`;
    case 'quote':
      return `<blockquote><p>${text(b.text)}</p><footer>— ${escapeHtml(b.attribution)}</footer></blockquote>`;
    case 'figure':
      // The SVG comes from the project's chart code, which escapes every label it draws.
      return `<figure>${b.svg}<figcaption>${escapeHtml(b.caption)}</figcaption></figure>`;
    case 'table':
      return table(b, b.caption);
    case 'markdown':
      return `<div class="memo">${renderMarkdown(b.text, { headingOffset: 4, links: false })}</div>`;
  }
}
