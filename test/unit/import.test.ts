import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { strToU8, zipSync } from 'fflate';
import {
  formatImportProblem,
  formatTimestamp,
  importTranscript,
  toSpeakerLabel,
  transcriptFileName,
  type ImportResult,
} from '../../src/core/transcripts/import';
import { parseTranscript } from '../../src/core/transcripts';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/transcripts');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name));
const bytes = (s: string) => new TextEncoder().encode(s);

function textOf(r: ImportResult): string {
  if (!r.ok) assert.fail(`expected an import, got ${r.problems.map(formatImportProblem).join('; ')}`);
  return r.text;
}

/** Asserts the import failed with exactly one problem at line:column matching `message`. */
function assertProblem(r: ImportResult, file: string, line: number, column: number, message: RegExp): void {
  assert.equal(r.ok, false, 'expected no output');
  if (r.ok) return;
  assert.equal(r.problems.length, 1, r.problems.map(formatImportProblem).join('\n'));
  const [p] = r.problems;
  assert.deepEqual([p.file, p.line, p.column], [file, line, column], formatImportProblem(p));
  assert.match(p.message, message);
}

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`;
const RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`;

/** A .docx as Word writes one: content types, relationships, the document part. */
function docx(body: string, parts: Record<string, string> = {}): Uint8Array {
  const document = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:w="${W}" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" mc:Ignorable="w14"><w:body>${body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>`;
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(CONTENT_TYPES),
    '_rels/.rels': strToU8(RELS),
    'word/document.xml': strToU8(document),
  };
  for (const [name, text] of Object.entries(parts)) files[name] = strToU8(text);
  return zipSync(files);
}

describe('importTranscript: WebVTT', () => {
  it('converts a real-shaped file exactly: voices, merged cues, notes, styles, entities', () => {
    const expected = fixture('interview-vtt.expected.transcript').toString('utf8');
    assert.equal(textOf(importTranscript('interview.vtt', fixture('interview.vtt'))), expected);
  });

  it('gives the same text for CR LF line endings, a byte-order mark and an upper-case extension', () => {
    const crlf = `\uFEFF${fixture('interview.vtt').toString('utf8').replace(/\n/g, '\r\n')}`;
    assert.equal(textOf(importTranscript('INTERVIEW.VTT', bytes(crlf))), fixture('interview-vtt.expected.transcript').toString('utf8'));
  });

  it('reads the result back with the same speakers and times', () => {
    const s = parseTranscript(textOf(importTranscript('interview.vtt', fixture('interview.vtt'))));
    assert.deepEqual(
      s.turns.map((t) => t.speaker),
      ['Interviewer', 'Zoë Ł', 'Interviewer', 'Zoë Ł', 'Interviewer', 'Zoë Ł', 'Nguyễn Văn An'],
    );
    assert.deepEqual(
      s.turns.map((t) => t.timestamp?.seconds),
      [1, 5, 15, 19, 34, 34, 3723],
    );
  });

  it('takes Zoom-style "Name:" cue text as the speaker, and makes each cue a paragraph when nobody is named', () => {
    const zoom =
      'WEBVTT\n\n1\n00:00:02.350 --> 00:00:05.120\nZoë Ł: Hello there.\n\n2\n00:00:05.500 --> 00:00:06.000\nZoë Ł: Still me.\n\n3\n00:00:06.000 --> 00:00:07.000\nInterviewer: Hi.\n';
    assert.equal(
      textOf(importTranscript('zoom.vtt', bytes(zoom))),
      '[00:00:02] Zoë Ł: Hello there. Still me.\n\n[00:00:06] Interviewer: Hi.\n',
    );
    const anonymous = 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nOne.\n\n00:00:03.000 --> 00:00:04.000\nTwo.\n';
    assert.equal(textOf(importTranscript('auto.vtt', bytes(anonymous))), '[00:00:01] One.\n\n[00:00:03] Two.\n');
  });

  it('refuses a file without the WEBVTT header', () => {
    assertProblem(
      importTranscript('p.vtt', bytes('00:00:01.000 --> 00:00:02.000\nHi.\n')),
      'p.vtt',
      1,
      1,
      /must start with a line "WEBVTT" \(found "00:00:01.000 --> 00:…"\)/,
    );
    assertProblem(importTranscript('p.vtt', bytes('\nWEBVTT\n')), 'p.vtt', 1, 1, /the first line is empty/);
  });

  it('points at a broken timing line, and writes nothing', () => {
    const text = 'WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\nFine.\n\nintro\n00:00:05.000 --> 00:00:0x.000\nBroken.\n';
    assertProblem(
      importTranscript('p.vtt', bytes(text)),
      'p.vtt',
      8,
      18,
      /invalid cue end time "00:00:0x\.000": not in the form hh:mm:ss\.ttt/,
    );
    assertProblem(
      importTranscript('p.vtt', bytes('WEBVTT\n\n00:00:05.000 00:00:06.000\nHi\n')),
      'p.vtt',
      3,
      1,
      /expected "-->" between the start and end times/,
    );
    assertProblem(
      importTranscript('p.vtt', bytes('WEBVTT\n\n00:00:05.000-->00:00:06.000\nHi\n')),
      'p.vtt',
      3,
      13,
      /put a space on each side of "-->"/,
    );
    assertProblem(
      importTranscript('p.vtt', bytes('WEBVTT\n\n00:00:09.000 --> 00:00:06.000\nHi\n')),
      'p.vtt',
      3,
      18,
      /the cue ends \(00:00:06\.000\) before it starts/,
    );
    assertProblem(
      importTranscript('p.vtt', bytes('WEBVTT\n\n00:61:00.000 --> 01:02:00.000\nHi\n')),
      'p.vtt',
      3,
      1,
      /minutes and seconds must be below 60/,
    );
    assertProblem(
      importTranscript('p.vtt', bytes('WEBVTT\n\nintro\nHello there.\n')),
      'p.vtt',
      4,
      1,
      /expected a cue timing line such as "00:00:01\.000 --> 00:00:04\.000"/,
    );
    assertProblem(importTranscript('p.vtt', bytes('WEBVTT\n\nNOTE nothing else\n')), 'p.vtt', 1, 1, /no cues/);
  });

  it('reports every problem of a file at once', () => {
    const r = importTranscript('p.vtt', bytes('WEBVTT\n\n00:00:0a.000 --> 00:00:02.000\nA\n\n00:00:03.000 --> 3\nB\n'));
    assert.deepEqual(r.ok ? [] : r.problems.map(formatImportProblem), [
      'p.vtt:3:1: invalid cue start time "00:00:0a.000": not in the form hh:mm:ss.ttt; expected a timing line such as "00:00:01.000 --> 00:00:04.000"',
      'p.vtt:6:18: invalid cue end time "3": not in the form hh:mm:ss.ttt; expected a timing line such as "00:00:01.000 --> 00:00:04.000"',
    ]);
  });

  it('writes any voice name as a label the parser reads back (property)', () => {
    const unit = fc.constantFrom('a', 'Z', 'ë', 'Ł', 'ễ', ' ', ':', '1', '(', ')', '-', '.', "'", '🙂', '_', '[');
    fc.assert(
      fc.property(fc.string({ unit, minLength: 1, maxLength: 50 }), (name) => {
        fc.pre(name.trim() !== '');
        const text = textOf(importTranscript('n.vtt', bytes(`WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v ${name}>Hello there.</v>\n`)));
        const s = parseTranscript(text);
        assert.deepEqual(
          s.turns.map((t) => [t.speaker, text.slice(t.text.start, t.text.end)]),
          [[toSpeakerLabel(name.trim()), 'Hello there.']],
        );
      }),
    );
  });
});

describe('importTranscript: SubRip', () => {
  it('converts a real-shaped CR LF file exactly: labels, tags, positioning codes, a blank line inside a cue', () => {
    const expected = fixture('interview-srt.expected.transcript').toString('utf8');
    assert.equal(textOf(importTranscript('interview.srt', fixture('interview.srt'))), expected);
  });

  it('reads UTF-16 files with a byte-order mark', () => {
    const text = fixture('interview.srt').toString('utf8');
    const utf16 = new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    assert.equal(textOf(importTranscript('interview.srt', utf16)), fixture('interview-srt.expected.transcript').toString('utf8'));
  });

  it('points at a broken timing line, and writes nothing', () => {
    const text = '1\n00:00:01,000 --> 00:00:04,000\nHello.\n\n2\n00:00:05,000 --> 00:00:6,000\nWorld.\n';
    assertProblem(importTranscript('s.srt', bytes(text)), 's.srt', 6, 18, /invalid cue end time "00:00:6,000"/);
    assertProblem(
      importTranscript('s.srt', bytes('1\n00:00:01,000 -> 00:00:04,000\nHi\n')),
      's.srt',
      2,
      1,
      /expected "-->" between the start and end times, as in "00:00:01,000 --> 00:00:04,000"/,
    );
    assertProblem(importTranscript('s.srt', bytes('1\nHello.\n')), 's.srt', 2, 1, /expected a cue timing line/);
    assertProblem(
      importTranscript('s.srt', bytes('Hello.\n\n1\n00:00:01,000 --> 00:00:04,000\nHi\n')),
      's.srt',
      1,
      1,
      /expected a cue number/,
    );
    assertProblem(importTranscript('s.srt', bytes('\n\n')), 's.srt', 1, 1, /no cues/);
  });

  it('refuses bytes that are not UTF-8, saying where', () => {
    const raw = Buffer.concat([Buffer.from('1\n00:00:01,000 --> 00:00:04,000\nCaf'), Buffer.from([0xe9]), Buffer.from(' au lait\n')]);
    assertProblem(importTranscript('s.srt', new Uint8Array(raw)), 's.srt', 3, 4, /not valid UTF-8 \(byte 35\)/);
  });

  it('writes a paragraph per cue when no cue names a speaker', () => {
    const text = '1\n00:00:01,000 --> 00:00:04,000\n- Hello.\n- Hi!\n\n2\n01:00:05,000 --> 01:00:06,000\nBye.\n';
    assert.equal(textOf(importTranscript('s.srt', bytes(text))), '[00:00:01] - Hello. - Hi!\n\n[01:00:05] Bye.\n');
  });
});

describe('importTranscript: Word', () => {
  const BODY = [
    '<w:p w14:paraId="1A2B3C4D"><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t>Interview 12</w:t></w:r></w:p>',
    '<w:p><w:pPr><w:pStyle w:val="Heading2"/></w:pPr><w:r><w:t>Part one: background</w:t></w:r></w:p>',
    // A hanging indent: tab stops in the paragraph properties are not tab characters.
    '<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="1440"/></w:tabs><w:ind w:left="1440" w:hanging="1440"/></w:pPr>',
    '<w:r><w:rPr><w:b/></w:rPr><w:t>[00:00:04] Inter</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>viewer:</w:t></w:r><w:r><w:tab/><w:t xml:space="preserve">Okay, that&apos;s </w:t></w:r>',
    '<w:proofErr w:type="spellStart"/><w:r><w:t>recor</w:t></w:r><w:proofErr w:type="spellEnd"/><w:r><w:t>ding &amp; fine.</w:t></w:r></w:p>',
    '<w:p><w:r><w:t>Zoë:</w:t></w:r><w:r><w:tab/><w:t>Yes</w:t></w:r><w:del w:id="1" w:author="mf"><w:r><w:delText>deleted words</w:delText></w:r></w:del>',
    '<w:ins w:id="2" w:author="mf"><w:r><w:t xml:space="preserve"> (laughs) I&#8217;m fine</w:t></w:r></w:ins><w:r><w:br/><w:t>on a new line.</w:t></w:r></w:p>',
    '<w:p/><w:p><w:r><w:t xml:space="preserve">   </w:t></w:r></w:p>',
    '<w:p><w:bookmarkStart w:id="0" w:name="_GoBack"/><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK "https://example.org" </w:instrText></w:r>',
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:hyperlink r:id="rId9"><w:r><w:t>Interviewer: See the link</w:t></w:r></w:hyperlink><w:r><w:fldChar w:fldCharType="end"/></w:r><w:bookmarkEnd w:id="0"/></w:p>',
    '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/></w:tblPr><w:tblGrid><w:gridCol w:w="1200"/><w:gridCol w:w="1600"/><w:gridCol w:w="6000"/></w:tblGrid>',
    '<w:tr><w:tc><w:tcPr><w:tcW w:w="1200" w:type="dxa"/></w:tcPr><w:p><w:r><w:t>00:01:02</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Łukasz</w:t></w:r></w:p></w:tc>',
    '<w:tc><w:p><w:r><w:t>First paragraph.</w:t></w:r></w:p><w:p><w:r><w:t>Second paragraph.</w:t></w:r></w:p></w:tc></w:tr>',
    '<w:tr><w:tc><w:p><w:r><w:t>[00:01:30]</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Interviewer:</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Thank you.</w:t></w:r></w:p></w:tc></w:tr>',
    '<w:tr><w:tc><w:p><w:r><w:t>Yes</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>a row without a speaker cell</w:t></w:r></w:p></w:tc></w:tr>',
    '</w:tbl>',
    '<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>Text box</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>',
    '<mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>Text box</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>',
    '<w:p><w:pPr><w:outlineLvl w:val="2"/></w:pPr><w:r><w:t>Closing</w:t></w:r></w:p>',
    '<w:p><w:r><w:t><![CDATA[P01: <b>literally</b> & so on]]></w:t></w:r></w:p>',
  ].join('\n');

  const EXPECTED = [
    '# Interview 12',
    '## Part one: background',
    "[00:00:04] Interviewer: Okay, that's recording & fine.",
    'Zoë: Yes (laughs) I’m fine on a new line.',
    'Interviewer: See the link',
    '[00:01:02] Łukasz: First paragraph. Second paragraph.',
    '[00:01:30] Interviewer: Thank you.',
    'Yes: a row without a speaker cell',
    'Text box',
    '### Closing',
    'P01: <b>literally</b> & so on',
  ].join('\n\n');

  it('converts paragraphs, runs split mid-word, tabs, breaks, tracked changes, fields, tables and headings exactly', () => {
    assert.equal(textOf(importTranscript('interview.docx', docx(BODY))), `${EXPECTED}\n`);
  });

  it('reads the result back as turns with their timestamps and sections', () => {
    const s = parseTranscript(textOf(importTranscript('interview.docx', docx(BODY))));
    assert.deepEqual(
      s.turns.map((t) => t.speaker),
      ['Interviewer', 'Zoë', 'Interviewer', 'Łukasz', 'Interviewer', 'Yes', 'P01'],
    );
    assert.deepEqual(
      s.sections.map((x) => [x.title, x.level]),
      [
        ['Interview 12', 1],
        ['Part one: background', 2],
        ['Closing', 3],
      ],
    );
    assert.deepEqual(
      s.timestamps.map((t) => t.seconds),
      [4, 62, 90],
    );
  });

  it('finds the main part through the package relationships, whatever its prefix', () => {
    const rels = RELS.replace('word/document.xml', 'word/document2.xml');
    const bytesOf = zipSync({
      '_rels/.rels': strToU8(rels),
      'word/document2.xml': strToU8(`<document xmlns="${W}"><body><p><r><t>Interviewer:</t><tab/><t>Hi.</t></r></p></body></document>`),
    });
    assert.equal(textOf(importTranscript('d.docx', bytesOf)), 'Interviewer: Hi.\n');
  });

  it('refuses what is not a Word document, and writes nothing', () => {
    assertProblem(importTranscript('x.docx', bytes('Interviewer: hello')), 'x.docx', 1, 1, /not a \.docx file: a \.docx is a zip archive/);
    assertProblem(
      importTranscript('x.docx', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])),
      'x.docx',
      1,
      1,
      /old Word 97-2003 \(\.doc\) file/,
    );
    assertProblem(
      importTranscript('x.docx', zipSync({ 'notes.txt': strToU8('hi') })),
      'x.docx',
      1,
      1,
      /the archive has no word\/document\.xml/,
    );
    assertProblem(importTranscript('x.docx', docx(BODY).subarray(0, 200)), 'x.docx', 1, 1, /the \.docx archive is damaged/);
    assertProblem(importTranscript('x.docx', docx('<w:p><w:r><w:t> </w:t></w:r></w:p>')), 'x.docx', 1, 1, /the document has no text/);
  });

  it('points at the line and column of malformed XML', () => {
    const prefix =
      '<w:document xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ';
    const column = (body: string, needle: string) =>
      [...`${prefix}xmlns:w="${W}" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" mc:Ignorable="w14"><w:body>${body}`]
        .length -
      [...body].length +
      [...body.slice(0, body.indexOf(needle))].length +
      1;
    const mismatched = '<w:p><w:r><w:t>Hi</w:r></w:p>';
    assertProblem(
      importTranscript('x.docx', docx(mismatched)),
      'x.docx',
      2,
      column(mismatched, '</w:r>'),
      /^word\/document\.xml: expected <\/w:t> \(opened at line 2, column \d+\) but found <\/w:r>$/,
    );
    const ampersand = '<w:p><w:r><w:t>Tom & Zoë</w:t></w:r></w:p>';
    assertProblem(
      importTranscript('x.docx', docx(ampersand)),
      'x.docx',
      2,
      column(ampersand, '& Zoë'),
      /a "&" that is not part of an entity/,
    );
    const unknown = '<w:p><w:r><w:t>caf&eacute;</w:t></w:r></w:p>';
    assertProblem(importTranscript('x.docx', docx(unknown)), 'x.docx', 2, column(unknown, '&eacute;'), /unknown entity "&eacute;"/);
    const badTag = '<w:p><w:r><w:t a=b>x</w:t></w:r></w:p>';
    assertProblem(importTranscript('x.docx', docx(badTag)), 'x.docx', 2, column(badTag, '<w:t a=b>'), /malformed tag "<w:t a=b>x/);
    const unclosed = zipSync({
      'word/document.xml': strToU8(`<?xml version="1.0"?>\n<w:document xmlns:w="${W}">\n  <w:body><w:p><w:r><w:t>x</w:t></w:r></w:p>\n`),
    });
    assertProblem(importTranscript('x.docx', unclosed), 'x.docx', 3, 3, /<w:body> is never closed/);
  });
});

describe('import helpers', () => {
  it('refuses other extensions', () => {
    assertProblem(
      importTranscript('notes.txt', bytes('I: hi')),
      'notes.txt',
      1,
      1,
      /cannot import "\.txt" files: expected \.vtt, \.srt, \.docx/,
    );
  });

  it('names the transcript after the source, and formats problems as path:line:col', () => {
    assert.equal(transcriptFileName('p08.vtt'), 'p08.transcript');
    assert.equal(transcriptFileName('dir.v2/a.b.srt'), 'dir.v2/a.b.transcript');
    assert.equal(transcriptFileName('dir.v2/README'), 'dir.v2/README.transcript');
    assert.equal(formatImportProblem({ file: 'a.vtt', line: 3, column: 7, message: 'bad' }), 'a.vtt:3:7: bad');
  });

  it('writes times as hh:mm:ss, rounded down', () => {
    assert.deepEqual([0, 5.999, 59.9999, 3723.25, 360000].map(formatTimestamp), [
      '00:00:00',
      '00:00:05',
      '00:00:59',
      '01:02:03',
      '100:00:00',
    ]);
  });

  it('makes labels of names the label rule would not read', () => {
    const cases: [string, string][] = [
      ['Dr. Jane Smith-Jones', 'Dr. Jane Smith-Jones'],
      ['john smith', 'john_smith'],
      ['Anna Maria de la Cruz', 'Anna_Maria_de_la_Cruz'],
      ['007', 'Speaker_007'],
      ['Zoë: host', 'Zoë_host'],
      ['Interviewer (JS)', 'Interviewer (JS)'],
      ['A'.repeat(60), 'A'.repeat(40)],
    ];
    for (const [name, label] of cases) assert.equal(toSpeakerLabel(name), label, name);
  });
});
