/**
 * The report as a Word document through the project's one Word writer: the
 * title in Title, sections in Heading 1, themes in Heading 2, codes in Heading
 * 3, quotes in Quote with their attribution in Quote Attribution, so the
 * working group can edit and restyle it. Figures come as their data table
 * under a caption (the chart itself is in the HTML report).
 */
import { docxPackage, type DocxBlock, type DocxRun } from '../output';
import type { ReportBlock, ReportDocument, ReportRun } from './model';

/** The report as the bytes of a .docx file. */
export function reportDocx(doc: ReportDocument): Uint8Array {
  const blocks: DocxBlock[] = doc.preface.map((p) => ({ kind: 'paragraph', runs: [{ text: p, color: '#595959' }] }));
  let figures = 0;
  for (const s of doc.sections) {
    blocks.push({ kind: 'heading', level: 1, text: s.title });
    for (const b of s.blocks) blocks.push(...block(b, () => ++figures));
  }
  return docxPackage(blocks, { title: doc.title });
}

const runs = (list: readonly ReportRun[]): DocxRun[] =>
  list.map((r) => ({ text: r.text, ...(r.strong && { bold: true }), ...(r.em && { italic: true }) }));

function block(b: ReportBlock, nextFigure: () => number): DocxBlock[] {
  switch (b.kind) {
    case 'heading':
      return [{ kind: 'heading', level: b.level, text: b.text }];
    case 'paragraph':
      return [{ kind: 'paragraph', runs: b.muted ? runs(b.runs).map((r) => ({ ...r, color: '#595959' })) : runs(b.runs) }];
    case 'list':
      return b.items.map((i) => ({ kind: 'paragraph', runs: runs(i), style: 'ListBullet' }));
    case 'quote':
      return [
        { kind: 'paragraph', runs: b.text, style: 'Quote' },
        { kind: 'paragraph', runs: `— ${b.attribution}`, style: 'QuoteAttribution' },
      ];
    case 'figure':
      return [
        {
          kind: 'paragraph',
          runs: `Figure ${nextFigure()}. ${b.caption} (The chart is in the HTML version of this report; its data follow.)`,
          style: 'Caption',
        },
        { kind: 'table', header: b.table.header, rows: b.table.rows },
      ];
    case 'table':
      return [
        ...(b.caption ? [{ kind: 'paragraph', runs: b.caption, style: 'Caption' } as DocxBlock] : []),
        { kind: 'table', header: b.header, rows: b.rows },
      ];
    case 'markdown':
      return markdownBlocks(b.text);
  }
}

/**
 * A memo's Markdown as Word paragraphs: headings and paragraphs as text with
 * their emphasis, list items as List Bullet, block quotes as Quote. What Word
 * has no place for (code, links) stays as its text.
 */
export function markdownBlocks(md: string): DocxBlock[] {
  const out: DocxBlock[] = [];
  for (const chunk of md.replace(/\r\n?/g, '\n').split(/\n\s*\n/)) {
    const lines = chunk.split('\n').filter((l) => l.trim());
    if (!lines.length) continue;
    if (lines.every((l) => /^\s*[-*+]\s+/.test(l))) {
      for (const l of lines) out.push({ kind: 'paragraph', runs: inline(l.replace(/^\s*[-*+]\s+/, '')), style: 'ListBullet' });
    } else if (lines.every((l) => /^\s*>/.test(l))) {
      out.push({ kind: 'paragraph', runs: inline(lines.map((l) => l.replace(/^\s*>\s?/, '')).join('\n')), style: 'Quote' });
    } else if (lines.length === 1 && /^\s*#{1,6}\s/.test(lines[0])) {
      out.push({ kind: 'paragraph', runs: inline(lines[0].replace(/^\s*#{1,6}\s+/, '')).map((r) => ({ ...r, bold: true })) });
    } else {
      // Lines of a paragraph are one flowing paragraph, as Markdown reads them.
      out.push({ kind: 'paragraph', runs: inline(lines.map((l) => l.trim()).join(' ')) });
    }
  }
  return out;
}

/** **strong** and *emphasis* / _emphasis_ as runs; everything else as its text. */
function inline(s: string): DocxRun[] {
  const out: DocxRun[] = [];
  const re = /\*\*(?=\S)(.+?)\*\*|(?<![\p{L}\p{N}_*])[*_](?=\S)([^*_\n]+?)[*_](?![\p{L}\p{N}_])/gu;
  let at = 0;
  for (const m of s.matchAll(re)) {
    if (m.index > at) out.push({ text: s.slice(at, m.index) });
    out.push(m[1] !== undefined ? { text: m[1], bold: true } : { text: m[2], italic: true });
    at = m.index + m[0].length;
  }
  if (at < s.length) out.push({ text: s.slice(at) });
  return out.length ? out : [{ text: '' }];
}
