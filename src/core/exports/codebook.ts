/**
 * Codebook export: Markdown, CSV, self-contained HTML, Word and REFI-QDA .qdc,
 * all from one CodebookData. User text is escaped for each format (escape.ts);
 * examples are quotes, so they pass through the project's pseudonymiser.
 */
import type { Project } from '../project/project';
import { encodeUtf8 } from '../text';
import { codebookData, type CodebookData, type CodeNode } from '../codes/codebookData';
import { docxPackage, type DocxBlock } from '../output/docx';
import { csvRow, escapeHtml, escapeMarkdown } from '../output/escape';
import { qdcText } from '../refi/qdc';

export const CODEBOOK_FORMATS = ['md', 'csv', 'html', 'docx', 'qdc'] as const;
export type CodebookFormat = (typeof CODEBOOK_FORMATS)[number];

export interface CodebookExportOptions {
  /** Applied to each example quote (pseudonymisation); identity when absent. */
  quote?: (text: string) => string;
  now?: Date;
}

/** Whether `s` names an export format. */
export function isCodebookFormat(s: string): s is CodebookFormat {
  return (CODEBOOK_FORMATS as readonly string[]).includes(s);
}

/** The codebook in `format`, as the bytes of the file to write. */
export function exportCodebook(project: Project, format: CodebookFormat, opts: CodebookExportOptions = {}): Uint8Array {
  const data = codebookData(project, opts.now);
  const quote = opts.quote ?? ((s: string) => s);
  switch (format) {
    case 'md':
      return encodeUtf8(codebookMarkdown(data, quote));
    case 'csv':
      return encodeUtf8(codebookCsv(data, quote));
    case 'html':
      return encodeUtf8(codebookHtml(data, quote));
    case 'docx':
      return codebookDocx(data, quote);
    case 'qdc':
      return encodeUtf8(qdcText(data, quote));
  }
}

const SEP = ' / ';
const counts = (n: CodeNode) => `applied ${n.codings} time${n.codings === 1 ? '' : 's'} in ${n.sources} source${n.sources === 1 ? '' : 's'}`;
const safeColor = (c: string | undefined) => (c && /^#[0-9a-fA-F]{6}$/.test(c) ? c : undefined);

/** Markdown: a heading per code, nested by depth. */
export function codebookMarkdown(data: CodebookData, quote: (s: string) => string = (s) => s): string {
  const out = [`# ${escapeMarkdown(data.title)}: codebook`, '', `${data.nodes.length} codes, exported ${data.generated}.`, ''];
  for (const n of data.nodes) {
    const c = n.code;
    out.push(`${'#'.repeat(Math.min(n.depth + 2, 6))} ${escapeMarkdown(c.name)}`, '');
    if (n.depth > 0) out.push(`*${escapeMarkdown(n.path.join(SEP))}*`, '');
    if (c.definition) out.push(escapeMarkdown(c.definition), '');
    if (c.include) out.push(`**Include:** ${escapeMarkdown(c.include)}`, '');
    if (c.exclude) out.push(`**Exclude:** ${escapeMarkdown(c.exclude)}`, '');
    if (c.example) out.push(`**Example:**`, '', ...escapeMarkdown(quote(c.example)).split('\n').map((l) => `> ${l}`), '');
    out.push(`Id \`${c.id}\`, ${counts(n)}.`, '');
  }
  return out.join('\n');
}

/** CSV (RFC 4180, with a BOM so that spreadsheets read it as UTF-8): one row per code. */
export function codebookCsv(data: CodebookData, quote: (s: string) => string = (s) => s): string {
  let s = '\uFEFF' + csvRow(['id', 'name', 'path', 'parent', 'definition', 'include', 'exclude', 'example', 'codings', 'sources']);
  for (const n of data.nodes) {
    const c = n.code;
    s += csvRow([c.id, c.name, n.path.join(SEP), n.parent?.id ?? '', c.definition ?? '', c.include ?? '', c.exclude ?? '', c.example ? quote(c.example) : '', n.codings, n.sources]);
  }
  return s;
}

/** The style every HTML export shares: readable, printable, light and dark. */
export const HTML_BASE_STYLE = `
:root { color-scheme: light dark; --fg: #1b1b1b; --bg: #ffffff; --muted: #555; --line: #ccc; --accent: #1f4e8c; }
@media (prefers-color-scheme: dark) { :root { --fg: #eee; --bg: #161616; --muted: #bbb; --line: #555; --accent: #8ab4f8; } }
html { font-size: 112.5%; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; line-height: 1.55; color: var(--fg); background: var(--bg); margin: 0; }
main { max-width: 46rem; margin: 0 auto; padding: 1rem 1.25rem 4rem; }
h1 { font-size: 1.8rem; line-height: 1.2; } h2 { font-size: 1.4rem; } h3 { font-size: 1.2rem; } h4, h5, h6 { font-size: 1.05rem; }
blockquote { margin: .5rem 0; padding: .25rem 0 .25rem 1rem; border-left: .25rem solid var(--line); font-style: italic; }
.muted, .path { color: var(--muted); font-size: .9rem; }
.swatch { display: inline-block; width: .9em; height: .9em; border-radius: .2em; vertical-align: -.05em; margin-right: .35em; border: 1px solid var(--line); }
.code { border-left: 1px solid var(--line); padding-left: 1rem; margin: 1rem 0; }
table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
@media print { html { font-size: 11pt; } :root { --fg: #000; --bg: #fff; --muted: #333; } main { max-width: none; padding: 0; } .code { break-inside: avoid; } }
`;

/** A self-contained HTML page: no scripts, no external resources. */
export function codebookHtml(data: CodebookData, quote: (s: string) => string = (s) => s): string {
  const node = (n: CodeNode): string => {
    const c = n.code;
    const h = Math.min(n.depth + 2, 6);
    const color = safeColor(c.color);
    return `<section class="code" id="code-${escapeHtml(c.id)}">
<h${h}>${color ? `<span class="swatch" style="background:${color}" aria-hidden="true"></span>` : ''}${escapeHtml(c.name)}</h${h}>
${n.depth > 0 ? `<p class="path">${escapeHtml(n.path.join(SEP))}</p>\n` : ''}${c.definition ? `<p>${escapeHtml(c.definition)}</p>\n` : ''}${c.include ? `<p><strong>Include:</strong> ${escapeHtml(c.include)}</p>\n` : ''}${c.exclude ? `<p><strong>Exclude:</strong> ${escapeHtml(c.exclude)}</p>\n` : ''}${c.example ? `<p><strong>Example:</strong></p><blockquote>${escapeHtml(quote(c.example))}</blockquote>\n` : ''}<p class="muted">Id <code>${escapeHtml(c.id)}</code>, ${counts(n)}.</p>
${n.children.map(node).join('\n')}</section>`;
  };
  return standaloneHtml(`${data.title}: codebook`, HTML_BASE_STYLE, `<p class="muted">${data.nodes.length} codes, exported ${escapeHtml(data.generated)}.</p>
${data.roots.map(node).join('\n')}`);
}

/**
 * A self-contained report page: no script, no request of any kind (the CSP
 * says so too), the title as its heading. `body` must already be escaped HTML.
 */
export function standaloneHtml(title: string, style: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${style}</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${body}
</main>
</body>
</html>
`;
}

/** Word: a heading per code (nested up to four levels), then a table of all codes. */
export function codebookDocx(data: CodebookData, quote: (s: string) => string = (s) => s): Uint8Array {
  const blocks: DocxBlock[] = [{ kind: 'paragraph', runs: `${data.nodes.length} codes, exported ${data.generated}.`, style: 'Small' }];
  for (const n of data.nodes) {
    const c = n.code;
    blocks.push({ kind: 'heading', level: Math.min(n.depth + 1, 4) as 1 | 2 | 3 | 4, text: c.name });
    if (n.depth > 0) blocks.push({ kind: 'paragraph', runs: [{ text: n.path.join(SEP), italic: true }], style: 'Small' });
    if (c.definition) blocks.push({ kind: 'paragraph', runs: c.definition });
    if (c.include) blocks.push({ kind: 'paragraph', runs: [{ text: 'Include: ', bold: true }, { text: c.include }] });
    if (c.exclude) blocks.push({ kind: 'paragraph', runs: [{ text: 'Exclude: ', bold: true }, { text: c.exclude }] });
    if (c.example) blocks.push({ kind: 'paragraph', runs: [{ text: 'Example: ', bold: true }] }, { kind: 'paragraph', runs: quote(c.example), style: 'Quote' });
    blocks.push({ kind: 'paragraph', runs: [{ text: `Id ${c.id}, ${counts(n)}.`, color: '#595959' }], style: 'Small' });
  }
  blocks.push({ kind: 'heading', level: 1, text: 'All codes' });
  blocks.push({ kind: 'table', header: ['Code', 'Path', 'Definition', 'Codings', 'Sources'], rows: data.nodes.map((n) => [n.code.name, n.path.join(SEP), n.code.definition ?? '', String(n.codings), String(n.sources)]) });
  return docxPackage(blocks, { title: `${data.title}: codebook` });
}
