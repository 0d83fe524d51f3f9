import * as assert from 'node:assert/strict';
import { unzipSync } from 'fflate';
import { codebookData } from '../../src/core/codes/codebookData';
import { codebookCsv, exportCodebook } from '../../src/core/exports/codebook';
import { csvCell } from '../../src/core/output/csv';
import { escapeHtml, escapeMarkdown, escapeXml } from '../../src/core/output/escape';
import { renderMarkdown } from '../../src/core/output/markdown';
import { parseXml } from '../../src/core/xml';
import { Project } from '../../src/core/project/project';
import { INJECT_ATTR, INJECT_NAME, reviewStudy } from './helpers/reviewStudy';

const text = (b: Uint8Array) => new TextDecoder().decode(b);
const open = async () => Project.open(reviewStudy());

/** A minimal RFC 4180 reader, to check what a spreadsheet would see. */
function readCsv(s: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && s[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  return rows;
}

describe('escape', () => {
  it('escapes HTML so that markup shows as text', () => {
    assert.equal(
      escapeHtml(`${INJECT_NAME}${INJECT_ATTR}'`),
      '&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&#39;',
    );
  });

  it('drops characters XML 1.0 cannot hold and escapes the rest', () => {
    assert.equal(escapeXml('a\u0001b<c>&"\uD800d'), 'ab&lt;c&gt;&amp;&quot;d');
  });

  it('quotes CSV cells per RFC 4180 and defuses formulas', () => {
    assert.equal(csvCell('plain'), 'plain');
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell('two\nlines'), '"two\nlines"');
    for (const f of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx']) assert.equal(csvCell(f).replace(/^"|"$/g, '')[0], "'", f);
    assert.equal(csvCell(-1), '-1', 'numbers we write are counts, not formulas');
  });

  it('escapes Markdown so that HTML, emphasis and list marks show as text', () => {
    assert.equal(escapeMarkdown('<b>*x*</b> [a](b) `c`'), '&lt;b&gt;\\*x\\*&lt;/b&gt; \\[a\\](b) \\`c\\`');
    assert.equal(escapeMarkdown('- not a list\n1. nor this\n# nor a heading'), '\\- not a list\n1\\. nor this\n\\# nor a heading');
  });

  it('renders the safe Markdown subset and keeps raw HTML as text', () => {
    const html = renderMarkdown(`# Hello\nline one\nline two **bold** *it*\n\n- a\n- ${INJECT_NAME}\n\n[link](https://example.org)`, {
      headingOffset: 1,
      links: false,
    });
    assert.match(html, /<h2>Hello<\/h2>/);
    assert.match(html, /<p>line one\sline two <strong>bold<\/strong> <em>it<\/em><\/p>/);
    assert.match(html, /<li>&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/li>/);
    assert.doesNotMatch(html, /<a |<script/);
  });
});

describe('codebook export', () => {
  it('lists active codes in their hierarchy and counts codings of merged codes for their target', async () => {
    const data = codebookData(await open());
    assert.deepEqual(
      data.roots.map((n) => n.code.id).sort(),
      ['formula', 'inject', 'material', 'under-old'],
      'a code under a retired parent moves to the top',
    );
    const material = data.roots.find((n) => n.code.id === 'material')!;
    assert.deepEqual(
      material.children.map((n) => n.code.id),
      ['budgeting', 'security'],
    );
    const security = material.children[1];
    assert.deepEqual(security.path, ['Material life', 'Financial security']);
    assert.equal(security.codings, 5, 'c1, c7, c8, c9 and the merged code worry (c4)');
    assert.equal(security.sources, 3);
    assert.ok(!data.nodes.some((n) => n.code.status !== 'active'));
  });

  it('writes Markdown with nested headings and every user text escaped', async () => {
    const md = text(exportCodebook(await open(), 'md'));
    assert.match(md, /^# Money and me: codebook\n/);
    assert.match(md, /\n## Material life\n[\s\S]*\n### Financial security\n\n\*Material life \/ Financial security\*\n/);
    assert.match(md, /\*\*Include:\*\* Worry about running out, "even when fine"\./);
    assert.match(md, /## &lt;script&gt;alert\(1\)&lt;\/script&gt;\n/);
    assert.doesNotMatch(md, /<script|<img/);
  });

  it('writes CSV with one row per code, the documented columns and safe cells', async () => {
    const csv = codebookCsv(codebookData(await open()));
    assert.ok(csv.startsWith('\uFEFFid,name,path,parent,definition,include,exclude,example,codings,sources\r\n'));
    const rows = readCsv(csv.slice(1));
    assert.equal(rows.length, 1 + 6);
    const byId = new Map(rows.slice(1).map((r) => [r[0], r]));
    assert.deepEqual(byId.get('security'), [
      'security',
      'Financial security',
      'Material life / Financial security',
      'material',
      'Whether the money will last.',
      'Worry about running out, "even when fine".',
      'Budgeting methods (budgeting).',
      'I never know if the money will last, Margaret said.',
      '5',
      '3',
    ]);
    assert.equal(byId.get('formula')![1], `'=HYPERLINK("http://x")`);
    assert.equal(byId.get('formula')![4], "'-2+3, with a comma");
  });

  it('writes self-contained HTML: no script, no external resource, markup in user text inert', async () => {
    const html = text(exportCodebook(await open(), 'html'));
    assert.match(
      html,
      /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">/,
    );
    assert.doesNotMatch(html, /<(script|img|link)\b|<[^>]+\s(src|href)=/i);
    assert.ok(html.includes(escapeHtml(INJECT_NAME)) && html.includes(escapeHtml(INJECT_ATTR)));
    assert.match(
      html,
      /<section class="code" id="code-material">[\s\S]*<section class="code" id="code-security">[\s\S]*<\/section>\s*<\/section>/,
    );
    assert.match(html, /<span class="swatch" style="background:#f28e2b"/);
  });

  it('writes a Word package with the four parts, headings, a table and escaped text, the same bytes every time', async () => {
    const project = await open();
    const bytes = exportCodebook(project, 'docx', { now: new Date('2026-01-01T00:00:00Z') });
    const parts = unzipSync(bytes);
    for (const p of ['[Content_Types].xml', '_rels/.rels', 'word/document.xml', 'word/styles.xml', 'word/_rels/document.xml.rels'])
      assert.ok(parts[p], p);
    const doc = text(parts['word/document.xml']);
    assert.deepEqual(parseXml(doc).issues, [], 'document.xml is well-formed');
    assert.deepEqual(parseXml(text(parts['word/styles.xml'])).issues, []);
    assert.match(doc, /<w:pStyle w:val="Heading1"\/><\/w:pPr><w:r><w:t xml:space="preserve">Material life<\/w:t>/);
    assert.match(doc, /<w:pStyle w:val="Heading2"\/><\/w:pPr><w:r><w:t xml:space="preserve">Financial security<\/w:t>/);
    assert.match(doc, /<w:tbl>[\s\S]*<w:tblHeader\/>[\s\S]*<\/w:tbl>/);
    assert.ok(doc.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.doesNotMatch(doc, /<script|<img/);
    assert.match(text(parts['[Content_Types].xml']), /wordprocessingml\.document\.main\+xml/);
    assert.deepEqual(exportCodebook(project, 'docx', { now: new Date('2026-01-01T00:00:00Z') }), bytes);
  });

  it('passes every example quote through the pseudonymiser, in every format', async () => {
    const project = await open();
    const quote = (s: string) => s.replace(/Margaret/g, 'Ruth');
    for (const format of ['md', 'csv', 'html', 'qdc'] as const) {
      const out = text(exportCodebook(project, format, { quote }));
      assert.ok(out.includes('Ruth said'), format);
      assert.ok(!out.includes('Margaret'), format);
    }
    const doc = text(unzipSync(exportCodebook(project, 'docx', { quote }))['word/document.xml']);
    assert.ok(doc.includes('Ruth said') && !doc.includes('Margaret'));
  });
});
