import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Project } from '../../../src/core/project';
import { planQdpxImport, type QdpxPlan } from '../../../src/core/refi/importPlan';
import { formatQdpxPlan } from '../../../src/core/refi/importReport';
import { readQdpx } from '../../../src/core/refi/qdpxRead';
import { CodePointIndex } from '../../../src/core/text';
import { FIXTURES, fixture, importInto } from './importHelpers';
import { zip } from './zipBytes';

const messages = (plan: QdpxPlan) => plan.warnings.map((w) => w.message).join('\n');
const codingsOf = (project: Project) => [...project.codings.values()].flatMap((f) => f.codings.map((c) => ({ ...c, source: f.source })));

describe('.qdpx import', () => {
  it('imports a qc-style project fully: every coding on its words, same-named codes kept apart, unnamed sources named after their files', async () => {
    const { project, plan } = await importInto(fixture('qc-like'));
    assert.deepEqual(project.problems, []);
    assert.equal(project.config.title, 'qc project');
    assert.deepEqual(project.sources, ['transcripts/admin.txt', 'transcripts/board.txt']);
    const codings = codingsOf(project);
    assert.equal(codings.length, 10, 'all codings of the file');
    const board = new CodePointIndex(fs.readFileSync(path.join(FIXTURES, 'qc-like/sources/board.txt'), 'utf8'));
    for (const c of codings) assert.equal(board.slice(c.start, c.end), c.text);
    assert.ok(codings.every((c) => c.coder === 'rm'));
    const rentFirst = project.codebook.codes.filter((c) => c.name === 'rent_first');
    assert.deepEqual(rentFirst.map((c) => project.codebook.codes.find((p) => p.id === c.parent)!.name).sort(), ['budgeting', 'respect']);
    assert.equal(project.codebook.codes.length, 13);
    const council = codings
      .filter((c) => c.text.startsWith('The council'))
      .map((c) => project.codebook.codes.find((k) => k.id === c.code)!.name)
      .sort();
    assert.deepEqual(council, ['being_believed', 'council', 'not_called_back'], 'one selection, three codings');
    assert.match(messages(plan), /source "board\.txt" has no name: named after its text file/);
    assert.match(messages(plan), /plainTextPath "board\.txt" is not internal:\/\/…: read as "sources\/board\.txt"/);
  });

  it('imports an NVivo-style project: GUID-named sources, the codebook, the users', async () => {
    const { project, plan, written } = await importInto(fixture('nvivo-like', 0));
    assert.deepEqual(project.sources, [
      'transcripts/5eed001e-1d2e-4f3a-9b8c-00000000001e.txt',
      'transcripts/5eed001f-1d2e-4f3a-9b8c-00000000001f.txt',
    ]);
    assert.deepEqual(project.codebook.codes.map((c) => c.name).sort(), ['breathing', 'damp', 'damp', 'health', 'housing', 'repairs']);
    assert.deepEqual(
      plan.coders.map((c) => c.id),
      ['alexj', 'sam'],
    );
    assert.match(messages(plan), /source "5eed001e-[^"]*" has no text \(it is empty but for line breaks or spaces\)/);
    assert.equal(
      written.some((w) => /\.root|\.docx/.test(w)),
      false,
      'the rich text and stray files are not written',
    );
    // The source GUID is kept with its codings file, so exporting again gives NVivo its own GUIDs.
    assert.match(
      new TextDecoder().decode((await project.ports.files.read('qda/codings/transcripts/5eed001e-1d2e-4f3a-9b8c-00000000001e.txt.yaml'))!),
      /guid: 5eed0001-1d2e-4f3a-9b8c-000000000001/,
    );
  });

  it('finds nothing to add when the same file is imported again', async () => {
    const { project, ports } = await importInto(fixture('qc-like'));
    const again = await planQdpxImport(await readQdpx(fixture('qc-like')), {
      project,
      files: ports.files,
      ids: ports.ids,
      now: new Date(),
    });
    const lines = formatQdpxPlan(again, 'qc.qdpx');
    assert.equal(lines[1], '  0 transcripts to add (2 already here), 0 codes, 0 codings (10 already here), 0 memos, 0 participants');
  });

  it('never writes over a file: a transcript of the same name becomes "name (2)", a name made safe stays in transcripts/', async () => {
    const qde = `<Project xmlns="urn:QDA-XML:project:1.0" name="p"><Sources>
<TextSource guid="11111111-2222-4333-8444-555555555551" name="board.txt"><PlainTextContent>new text</PlainTextContent></TextSource>
<TextSource guid="11111111-2222-4333-8444-555555555552" name="../../../etc/passwd"><PlainTextContent>x</PlainTextContent></TextSource>
<TextSource guid="11111111-2222-4333-8444-555555555553" name="CON.docx"><PlainTextContent>y</PlainTextContent></TextSource>
</Sources></Project>`;
    const { project, ports } = await importInto(zip({ 'project.qde': qde }), { 'transcripts/board.txt': "the researcher's own file\n" });
    assert.equal(ports.files.text('transcripts/board.txt'), "the researcher's own file\n");
    assert.equal(ports.files.text('transcripts/board (2).txt'), 'new text');
    assert.equal(ports.files.text('transcripts/etc/passwd.txt'), 'x');
    assert.equal(ports.files.text('transcripts/CON_.txt'), 'y');
    assert.ok([...ports.files.files.keys()].every((p) => p.startsWith('transcripts/') || p.startsWith('qda/')));
    assert.deepEqual(project.problems, []);
  });

  it('keeps two codings the file has of one passage with one code by one coder, and adds neither again on a second import', async () => {
    const g = (n: number) => `aaaaaaa${n}-1111-4222-8333-444444444444`;
    const coding = (n: number) => `<Coding guid="${g(n)}" creatingUser="${g(9)}"><CodeRef targetGUID="${g(1)}"/></Coding>`;
    const qde = `<Project xmlns="urn:QDA-XML:project:1.0" name="p"><Users><User guid="${g(9)}" name="sam"/></Users><CodeBook><Codes><Code guid="${g(1)}" name="Rent" isCodable="true"/></Codes></CodeBook>
<Sources><TextSource guid="${g(2)}" name="one"><PlainTextContent>The rent goes first.</PlainTextContent><PlainTextSelection guid="${g(3)}" startPosition="4" endPosition="8">${coding(4)}${coding(5)}</PlainTextSelection></TextSource></Sources></Project>`;
    const { project, ports } = await importInto(zip({ 'project.qde': qde }));
    assert.deepEqual(
      codingsOf(project).map((c) => [c.text, c.coder]),
      [
        ['rent', 'sam'],
        ['rent', 'sam'],
      ],
    );
    const again = await planQdpxImport(await readQdpx(zip({ 'project.qde': qde })), {
      project,
      files: ports.files,
      ids: ports.ids,
      now: new Date(),
    });
    assert.deepEqual([again.sources[0].codings.length, again.sources[0].already], [0, 2]);
  });
});
