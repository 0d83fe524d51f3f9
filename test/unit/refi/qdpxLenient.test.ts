/**
 * One hand-made file for each leniency and each refusal of the .qdpx import:
 * each leniency imports with a warning that names it; each refusal stops what
 * it must (the whole file, or the one source) with a message that says why.
 */
import * as assert from 'node:assert/strict';
import { strToU8 } from 'fflate';
import { readQdpx } from '../../../src/core/refi/qdpxRead';
import { importInto } from './importHelpers';
import { declareSize, renameEntry, zip } from './zipBytes';

const G = (n: number) => `0000000${n}-aaaa-4bbb-8ccc-dddddddddddd`.slice(-36);
const CODE = `<CodeBook><Codes><Code guid="${G(1)}" name="Rent" isCodable="true"/></Codes></CodeBook>`;
/** A project with one user, one code and the given sources. */
const project = (sources: string, { ns = 'urn:QDA-XML:project:1.0', extra = '' } = {}) =>
  `<?xml version="1.0" encoding="utf-8"?><Project${ns ? ` xmlns="${ns}"` : ''} name="T"><Users><User guid="${G(9)}" name="sam"/></Users>${CODE}<Sources>${sources}</Sources>${extra}</Project>`;
/** A text source coded once, at `start`..`end`. */
const source = (attrs: string, start: number, end: number, content = '') =>
  `<TextSource guid="${G(2)}" name="one" ${attrs}>${content}<PlainTextSelection guid="${G(3)}" startPosition="${start}" endPosition="${end}"><Coding guid="${G(4)}" creatingUser="${G(9)}"><CodeRef targetGUID="${G(1)}"/></Coding></PlainTextSelection></TextSource>`;
const TEXT = 'Sam: The rent goes first.\n';

async function lenient(files: Record<string, string | Uint8Array>, warning: RegExp, quote = 'The rent goes first.') {
  const { project, plan } = await importInto(zip(files));
  const codings = [...project.codings.values()].flatMap((f) => f.codings);
  assert.deepEqual(
    codings.map((c) => c.text),
    [quote],
  );
  assert.match(plan.warnings.map((w) => w.message).join('\n'), warning);
  return { project, plan };
}

describe('.qdpx import: leniencies, each with a warning', () => {
  it('a namespace variant, or none', async () => {
    await lenient(
      {
        'project.qde': project(source('plainTextPath="internal://a.txt"', 5, 25), { ns: 'urn:QDA-XML:project:1:0' }),
        'sources/a.txt': TEXT,
      },
      /namespace "urn:QDA-XML:project:1:0" .*read as urn:QDA-XML:project:1\.0/,
    );
    await lenient(
      { 'project.qde': project(source('plainTextPath="internal://a.txt"', 5, 25), { ns: '' }), 'sources/a.txt': TEXT },
      /<Project> has no namespace/,
    );
  });

  it('GUIDs in braces, in any case', async () => {
    const qde = project(source('plainTextPath="internal://a.txt"', 5, 25)).replace(
      `targetGUID="${G(1)}"`,
      `targetGUID="{${G(1).toUpperCase()}}"`,
    );
    await lenient({ 'project.qde': qde, 'sources/a.txt': TEXT }, /1 GUID is written in braces \{…\}: read without them/);
  });

  it("a byte-order mark, UTF-16, Windows-1252 and control characters in a source's text, offsets unmoved", async () => {
    const qde = project(source('plainTextPath="internal://a.txt"', 5, 25));
    await lenient(
      { 'project.qde': qde, 'sources/a.txt': new Uint8Array([0xef, 0xbb, 0xbf, ...strToU8(TEXT)]) },
      /starts with a byte-order mark: not counted in offsets/,
    );
    const utf16 = new Uint8Array(2 + TEXT.length * 2);
    utf16.set([0xff, 0xfe]);
    [...TEXT].forEach((ch, i) => utf16.set([ch.charCodeAt(0), 0], 2 + i * 2));
    await lenient({ 'project.qde': qde, 'sources/a.txt': utf16 }, /UTF-16 text with a byte-order mark/);
    const latin = strToU8(TEXT.replace('rent', 'r\u00e9nt'));
    const cp1252 = new Uint8Array([...latin.subarray(0, 10), 0xe9, ...latin.subarray(12)]);
    await lenient(
      { 'project.qde': qde, 'sources/a.txt': cp1252 },
      /not valid UTF-8 \(byte 10\): read as Windows-1252/,
      'The rént goes first.',
    );
    await lenient(
      { 'project.qde': qde, 'sources/a.txt': TEXT.replace('The', 'Th\u001b') },
      /1 control character \(such as NUL or ESC\) shown as \uFFFD/,
      'Th\uFFFD rent goes first.',
    );
  });

  it('text paths that are relative, absolute on another computer, percent-encoded, in another letter case, or in the XML', async () => {
    const at = (p: string) => ({ 'project.qde': project(source(`plainTextPath="${p}"`, 5, 25)), 'sources/My File.txt': TEXT });
    await lenient(at('My File.txt'), /plainTextPath "My File\.txt" is not internal:\/\/…: read as "sources\/My File\.txt"/);
    await lenient(at('C:\\Users\\sam\\Documents\\My File.txt'), /is a path on another computer: read as "sources\/My File\.txt"/);
    await lenient(at('internal://My%20File.txt'), /^(?![\s\S]*plainTextPath)/);
    await lenient(at('internal://my file.TXT'), /read as "sources\/My File\.txt" \(the letter case differs\)/);
    const both = project(source('plainTextPath="internal://gone.txt"', 5, 25, `<PlainTextContent>${TEXT}</PlainTextContent>`));
    await lenient({ 'project.qde': both }, /both PlainTextContent and plainTextPath .*PlainTextContent is read/);
  });

  it('a selection that runs backwards, an empty <Sets/>, a project.qde in a folder, a coding without a user, a note without a date', async () => {
    await lenient(
      { 'project.qde': project(source('plainTextPath="internal://a.txt"', 25, 5)), 'sources/a.txt': TEXT },
      /a selection runs backwards \(25-5\): read as 5-25/,
    );
    await lenient(
      { 'project.qde': project(source('plainTextPath="internal://a.txt"', 5, 25), { extra: '<Sets/>' }), 'sources/a.txt': TEXT },
      /an empty <Sets\/> is not valid REFI-QDA/,
    );
    await lenient(
      { 'export/project.qde': project(source('plainTextPath="internal://a.txt"', 5, 25)), 'sources/a.txt': TEXT },
      /the project document is "export\/project\.qde"/,
    );
    const noUser = project(source('plainTextPath="internal://a.txt"', 5, 25)).replace(` creatingUser="${G(9)}"`, '');
    await lenient({ 'project.qde': noUser, 'sources/a.txt': TEXT }, /1 coding has no creatingUser: imported without a coder/);
    const note = `<Notes><Note guid="${G(5)}" name="A thought"><PlainTextContent>Rent first, always.</PlainTextContent></Note></Notes>`;
    const { project: p } = await lenient(
      { 'project.qde': project(source('plainTextPath="internal://a.txt"', 5, 25), { extra: note }), 'sources/a.txt': TEXT },
      /note "A thought" has no creationDateTime: dated now/,
    );
    assert.equal([...p.memos.values()][0].body, '# A thought\n\nRent first, always.\n');
  });
});

describe('.qdpx import: refusals', () => {
  const refused = async (bytes: Uint8Array, why: RegExp) => {
    const r = await readQdpx(bytes);
    assert.equal(r.ok, false);
    assert.match(r.refused!, why);
  };

  it('refuses an archive with a path that leads outside it', async () => {
    const bytes = renameEntry(zip({ 'project.qde': project(''), 'xx/x.txt': 'x' }), 'xx/x.txt', '../x.txt');
    await refused(bytes, /"\.\.\/x\.txt", a path that leads outside the archive: refused/);
  });

  it('refuses a source whose text path leads outside the archive, and imports the rest', async () => {
    const qde = project(
      `${source('plainTextPath="internal://../../../etc/passwd"', 0, 4)}<TextSource guid="${G(6)}" name="two"><PlainTextContent>ok</PlainTextContent></TextSource>`,
    );
    const { project: p, plan } = await importInto(zip({ 'project.qde': qde }));
    assert.deepEqual(p.sources, ['transcripts/two.txt']);
    assert.match(
      plan.notImported.join('\n'),
      /source "one" and its 1 coding: its plainTextPath "internal:\/\/\.\.\/\.\.\/\.\.\/etc\/passwd" leads outside the archive: refused/,
    );
  });

  it('refuses a ZIP bomb: by declared size, by ratio, and by a forged size', async () => {
    await refused(
      declareSize(zip({ 'project.qde': project('') }), 'project.qde', 400 * 2 ** 20),
      /"project\.qde" would expand to 400 MB, more than the 256 MB allowed for one file: refused/,
    );
    const zeros = new Uint8Array(3 * 2 ** 20);
    await refused(
      zip({ 'project.qde': project(source('plainTextPath="internal://a.txt"', 5, 25)), 'sources/a.txt': zeros }),
      /"sources\/a\.txt" would expand \d+ times .*refused as a possible ZIP bomb/,
    );
    await refused(
      declareSize(
        zip({ 'project.qde': project(source('plainTextPath="internal://a.txt"', 5, 25)), 'sources/a.txt': zeros }),
        'sources/a.txt',
        100,
      ),
      /"sources\/a\.txt" expands past the 100 bytes it declares: refused as a ZIP bomb/,
    );
  });

  it('refuses XML with a DOCTYPE or entity declarations, and says where', async () => {
    await refused(
      zip({ 'project.qde': `<?xml version="1.0"?>\n<!DOCTYPE Project [<!ENTITY a "aaaaaaaaaa">]>${project('')}` }),
      /^project\.qde:2:1: the file declares a document type/,
    );
    await refused(strToU8(`<!ENTITY a "a">${project('')}`), /declares an entity \(<!ENTITY …>\): refused/);
  });

  it("reports a selection outside its text with the source's name, skips it, and imports the rest", async () => {
    const qde = project(
      source('plainTextPath="internal://a.txt"', 5, 400).replace(
        '</TextSource>',
        `<PlainTextSelection guid="${G(7)}" startPosition="5" endPosition="25"><Coding guid="${G(8)}"><CodeRef targetGUID="${G(1)}"/></Coding></PlainTextSelection></TextSource>`,
      ),
    );
    const { project: p, plan } = await importInto(zip({ 'project.qde': qde, 'sources/a.txt': TEXT }));
    assert.deepEqual(
      [...p.codings.values()].flatMap((f) => f.codings.map((c) => c.text)),
      ['The rent goes first.'],
    );
    const w = plan.warnings.find((x) => /outside its text/.test(x.message))!;
    assert.equal(w.message, 'source "one": the selection 5-400 is outside its text (26 code points): its 1 coding skipped');
    assert.equal(w.line, 1);
  });

  it('lists what Reflexive QDA cannot hold: PDF sources, whole-source codings, sets, links', async () => {
    const extra = `<Links><Link guid="${G(10)}"/></Links><Sets><Set guid="${G(11)}" name="Favourites"><MemberCode targetGUID="${G(1)}"/></Set></Sets>`;
    const pdf = `<PDFSource guid="${G(12)}" name="leaflet.pdf"><PDFSelection guid="${G(13)}" page="1" firstX="0" firstY="0" secondX="1" secondY="1"><Coding guid="${G(14)}"><CodeRef targetGUID="${G(1)}"/></Coding></PDFSelection></PDFSource>`;
    const whole = source('plainTextPath="internal://a.txt"', 5, 25).replace(
      '</TextSource>',
      `<Coding guid="${G(15)}"><CodeRef targetGUID="${G(1)}"/></Coding></TextSource>`,
    );
    const { plan } = await importInto(zip({ 'project.qde': project(whole + pdf, { extra }), 'sources/a.txt': TEXT }));
    assert.deepEqual(plan.notImported, [
      '1 coding of the whole source "one" (not of a passage)',
      'PDF source "leaflet.pdf" and its 1 coding: Reflexive QDA codes text',
      'set "Favourites" (1 codes): Reflexive QDA has no sets',
    ]);
    assert.match(plan.warnings.map((x) => x.message).join('\n'), /1 link not imported: Reflexive QDA has no links/);
  });
});
