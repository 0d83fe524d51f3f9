/**
 * A minimal Word (.docx) writer: headings, paragraphs of runs, and tables, as a
 * hand-written WordprocessingML package zipped with fflate. Small on purpose,
 * and shared by every export that offers Word (the codebook, coded passages,
 * the findings report), with named styles (headings, Quote, Caption, List
 * Bullet) so a document can be restyled in Word.
 * The output is the same bytes for the same blocks, so re-exports diff cleanly.
 */
import { zipSync } from 'fflate';
import { encodeUtf8 } from '../text';
import { escapeXml } from './escape';

export interface DocxRun {
  text: string;
  bold?: boolean;
  italic?: boolean;
  /** "#rrggbb" */
  color?: string;
}

export type DocxBlock =
  | { kind: 'heading'; level: 1 | 2 | 3 | 4; text: string }
  | { kind: 'paragraph'; runs: string | DocxRun[]; style?: DocxParagraphStyle }
  | { kind: 'table'; header: string[]; rows: string[][] };

/**
 * Paragraph styles, all defined in the package's styles part so a reader can
 * restyle them in Word: Quote (someone's words), QuoteAttribution (who said
 * them), Caption (of a figure or table), ListBullet (a bulleted list item),
 * Small (notes and table cells).
 */
export type DocxParagraphStyle = 'Quote' | 'QuoteAttribution' | 'Caption' | 'ListBullet' | 'Small';

export interface DocxOptions {
  /** The document's title, shown as its first line in the Title style. */
  title?: string;
}

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
// A fixed time: the zip then holds the same bytes for the same document.
const MTIME = new Date(2000, 0, 1);

/** A .docx file holding `blocks`, in order. */
export function docxPackage(blocks: readonly DocxBlock[], opts: DocxOptions = {}): Uint8Array {
  const body = [...(opts.title ? [paragraph([{ text: opts.title }], 'Title')] : []), ...blocks.map(block)].join('');
  const document = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="${W}" xmlns:r="${R}"><w:body>${body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr></w:body></w:document>`;
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': encodeUtf8(CONTENT_TYPES),
    '_rels/.rels': encodeUtf8(ROOT_RELS),
    'word/document.xml': encodeUtf8(document),
    'word/_rels/document.xml.rels': encodeUtf8(DOCUMENT_RELS),
    'word/styles.xml': encodeUtf8(STYLES),
    'word/numbering.xml': encodeUtf8(NUMBERING),
  };
  return zipSync(files, { level: 6, mtime: MTIME });
}

function block(b: DocxBlock): string {
  switch (b.kind) {
    case 'heading':
      return paragraph([{ text: b.text }], `Heading${b.level}`);
    case 'paragraph':
      return paragraph(typeof b.runs === 'string' ? [{ text: b.runs }] : b.runs, b.style);
    case 'table':
      return table(b.header, b.rows);
  }
}

function paragraph(runs: readonly DocxRun[], style?: string): string {
  const pPr = style ? `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>` : '';
  return `<w:p>${pPr}${runs.map(run).join('')}</w:p>`;
}

/** One run; line breaks and tabs in the text become Word's own breaks and tabs. */
function run(r: DocxRun): string {
  const props = [
    r.bold ? '<w:b/>' : '',
    r.italic ? '<w:i/>' : '',
    r.color && /^#[0-9a-fA-F]{6}$/.test(r.color) ? `<w:color w:val="${r.color.slice(1).toUpperCase()}"/>` : '',
  ].join('');
  const rPr = props ? `<w:rPr>${props}</w:rPr>` : '';
  const parts = r.text.replace(/\r\n?/g, '\n').split(/(\n|\t)/);
  const content = parts
    .map((p) => (p === '\n' ? '<w:br/>' : p === '\t' ? '<w:tab/>' : p ? `<w:t xml:space="preserve">${escapeXml(p)}</w:t>` : ''))
    .join('');
  return `<w:r>${rPr}${content}</w:r>`;
}

function cell(text: string, header: boolean): string {
  const runs = [{ text, bold: header }];
  return `<w:tc><w:tcPr><w:tcW w:w="0" w:type="auto"/></w:tcPr>${paragraph(runs, 'Small')}</w:tc>`;
}

function table(header: readonly string[], rows: readonly string[][]): string {
  const cols = Math.max(header.length, ...rows.map((r) => r.length));
  const grid = `<w:tblGrid>${'<w:gridCol/>'.repeat(cols)}</w:tblGrid>`;
  const pad = (r: readonly string[]) => [...r, ...Array(cols - r.length).fill('')];
  const head = header.length
    ? `<w:tr><w:trPr><w:tblHeader/></w:trPr>${pad(header)
        .map((h) => cell(h, true))
        .join('')}</w:tr>`
    : '';
  const body = rows
    .map(
      (r) =>
        `<w:tr><w:trPr><w:cantSplit/></w:trPr>${pad(r)
          .map((c) => cell(c, false))
          .join('')}</w:tr>`,
    )
    .join('');
  return `<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="5000" w:type="pct"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>${grid}${head}${body}</w:tbl><w:p/>`;
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>`;

const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`;

// Word finds the styles and numbering parts only through these relationships.
const DOCUMENT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>`;

// One bulleted list definition, used by the ListBullet style (numId 1).
const NUMBERING = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="${W}"><w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="567" w:hanging="283"/></w:pPr></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>`;

const heading = (level: number, size: number, before: number) =>
  `<w:style w:type="paragraph" w:styleId="Heading${level}"><w:name w:val="heading ${level}"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="${before}" w:after="80"/><w:outlineLvl w:val="${level - 1}"/></w:pPr><w:rPr><w:b/><w:color w:val="1F3864"/><w:sz w:val="${size}"/></w:rPr></w:style>`;

const STYLES =
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="${W}"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:eastAsia="Calibri" w:cs="Calibri"/><w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="276" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>` +
  `<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>` +
  `<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="240"/></w:pPr><w:rPr><w:sz w:val="48"/></w:rPr></w:style>` +
  heading(1, 32, 360) +
  heading(2, 28, 280) +
  heading(3, 24, 240) +
  heading(4, 22, 200) +
  `<w:style w:type="paragraph" w:styleId="Quote"><w:name w:val="Quote"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:ind w:left="567" w:right="567"/></w:pPr><w:rPr><w:i/><w:color w:val="404040"/></w:rPr></w:style>` +
  `<w:style w:type="paragraph" w:styleId="QuoteAttribution"><w:name w:val="Quote Attribution"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepLines/><w:ind w:left="567" w:right="567"/><w:jc w:val="right"/><w:spacing w:after="200"/></w:pPr><w:rPr><w:color w:val="595959"/><w:sz w:val="20"/></w:rPr></w:style>` +
  `<w:style w:type="paragraph" w:styleId="Caption"><w:name w:val="caption"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="35"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="120" w:after="60"/></w:pPr><w:rPr><w:i/><w:color w:val="1F3864"/><w:sz w:val="18"/></w:rPr></w:style>` +
  `<w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr><w:spacing w:after="60"/></w:pPr></w:style>` +
  `<w:style w:type="paragraph" w:styleId="Small"><w:name w:val="Small"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="0"/></w:pPr><w:rPr><w:sz w:val="18"/></w:rPr></w:style>` +
  `<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
  `<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/><w:left w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/><w:right w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/></w:tblBorders></w:tblPr></w:style>` +
  `</w:styles>`;
