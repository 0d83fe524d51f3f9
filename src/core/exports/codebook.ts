/**
 * Codebook export: Markdown, CSV, self-contained HTML, Word and REFI-QDA .qdc,
 * all from one CodebookData. User text is escaped for each format (escape.ts);
 * examples are quotes, so they pass through the project's pseudonymiser.
 */
import type { Project } from '../project';
import { encodeUtf8 } from '../text';
import { codebookData, type CodebookData, type CodeNode } from '../codes';
import { docxPackage, type DocxBlock, csvRow, escapeHtml, escapeMarkdown, HTML_BASE_STYLE, standalonePage } from '../output';
import { qdcText } from '../refi';

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
const counts = (n: CodeNode) =>
  `applied ${n.codings} time${n.codings === 1 ? '' : 's'} in ${n.sources} source${n.sources === 1 ? '' : 's'}`;
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
    if (c.example)
      out.push(
        `**Example:**`,
        '',
        ...escapeMarkdown(quote(c.example))
          .split('\n')
          .map((l) => `> ${l}`),
        '',
      );
    out.push(`Id \`${c.id}\`, ${counts(n)}.`, '');
  }
  return out.join('\n');
}

/** CSV (RFC 4180, with a BOM so that spreadsheets read it as UTF-8): one row per code. */
export function codebookCsv(data: CodebookData, quote: (s: string) => string = (s) => s): string {
  let s = '\uFEFF' + csvRow(['id', 'name', 'path', 'parent', 'definition', 'include', 'exclude', 'example', 'codings', 'sources']);
  for (const n of data.nodes) {
    const c = n.code;
    s += csvRow([
      c.id,
      c.name,
      n.path.join(SEP),
      n.parent?.id ?? '',
      c.definition ?? '',
      c.include ?? '',
      c.exclude ?? '',
      c.example ? quote(c.example) : '',
      n.codings,
      n.sources,
    ]);
  }
  return s;
}

/** The style every HTML export shares: readable, printable, light and dark. */
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
  return standalonePage({
    title: `${data.title}: codebook`,
    style: HTML_BASE_STYLE,
    body: `<p class="muted">${data.nodes.length} codes, exported ${escapeHtml(data.generated)}.</p>
${data.roots.map(node).join('\n')}`,
  });
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
    if (c.example)
      blocks.push(
        { kind: 'paragraph', runs: [{ text: 'Example: ', bold: true }] },
        { kind: 'paragraph', runs: quote(c.example), style: 'Quote' },
      );
    blocks.push({ kind: 'paragraph', runs: [{ text: `Id ${c.id}, ${counts(n)}.`, color: '#595959' }], style: 'Small' });
  }
  blocks.push({ kind: 'heading', level: 1, text: 'All codes' });
  blocks.push({
    kind: 'table',
    header: ['Code', 'Path', 'Definition', 'Codings', 'Sources'],
    rows: data.nodes.map((n) => [n.code.name, n.path.join(SEP), n.code.definition ?? '', String(n.codings), String(n.sources)]),
  });
  return docxPackage(blocks, { title: `${data.title}: codebook` });
}
