import * as assert from 'node:assert/strict';
import { unzipSync } from 'fflate';
import { elements, parseXml, textOf, type XmlElement } from '../../../src/core/xml';
import { Project } from '../../../src/core/project';
import { exportQdpx } from '../../../src/core/refi/exportProject';
import { codeGuid, refiGuid } from '../../../src/core/refi/guids';
import { CodePointIndex } from '../../../src/core/text';
import { danglingRefs, qdeProblems } from './qdeRules';
import { samplePorts } from './sampleProject';

const all = (root: XmlElement, local: string): XmlElement[] => {
  const out: XmlElement[] = [];
  const todo = [root];
  while (todo.length) {
    const el = todo.pop()!;
    if (el.local === local) out.push(el);
    todo.push(...elements(el));
  }
  return out;
};

/** The sample study's sources, as a .qdpx names them (by hand from sample/transcripts). */
const SAMPLE_SOURCES = [
  's01.transcript',
  's02.transcript',
  's03.txt',
  's04.transcript',
  's05.transcript',
  's06.transcript',
  's07.transcript',
  's08.transcript',
  's09.transcript',
  's10.transcript',
  's11.transcript',
  's12.transcript',
  'surveys/start/what-helps-you-get-by.transcript',
];
describe('.qdpx export', () => {
  it("checks the schema's rules (the checker itself can fail)", () => {
    const ns = 'xmlns="urn:QDA-XML:project:1.0"';
    const bad = parseXml(
      `<Project ${ns}><Sources><TextSource guid="x" plainTextPath="a"><Coding guid="00000000-0000-4000-8000-000000000001"/><PlainTextSelection guid="00000000-0000-4000-8000-000000000002" startPosition="1.5" endPosition="2"/></TextSource></Sources><Users><User/></Users></Project>`,
    ).root!;
    assert.deepEqual(qdeProblems(bad).sort(), [
      'Coding (1:90): no <CodeRef>',
      'Project (1:1): <Users> is not allowed here (or out of order)',
      'Project (1:1): no name',
      'TextSource (1:51): <PlainTextSelection> is not allowed here (or out of order)',
      'TextSource (1:51): guid="x" is not of its type',
    ]);
    const dangling = parseXml(
      `<Project ${ns} name="p"><Cases><Case guid="00000000-0000-4000-8000-000000000003"><SourceRef targetGUID="00000000-0000-4000-8000-000000000009"/></Case></Cases></Project>`,
    ).root!;
    assert.deepEqual(danglingRefs(dangling), ['SourceRef 00000000-0000-4000-8000-000000000009 (1:108) names nothing']);
  });

  it("writes project.qde by the schema's rules and every source's text, with no dangling reference", async () => {
    const project = await Project.open(samplePorts());
    const r = await exportQdpx(project);
    const parts = unzipSync(r.bytes);
    const doc = parseXml(new TextDecoder().decode(parts['project.qde']));
    assert.deepEqual(doc.issues, []);
    assert.deepEqual(qdeProblems(doc.root!), []);
    assert.deepEqual(danglingRefs(doc.root!), []);
    assert.deepEqual(r.skipped, []);
    assert.deepEqual(r.counts, { sources: 13, codes: 18, codings: 83, memos: 4, cases: 12, users: 2 });
    const sources = all(doc.root!, 'TextSource');
    assert.deepEqual(Object.keys(parts).sort(), ['project.qde', ...sources.map((s) => `sources/${s.attrs.guid}.txt`)].sort());
    assert.deepEqual(sources.map((s) => s.attrs.name).sort(), SAMPLE_SOURCES);
    assert.equal(sources.find((s) => s.attrs.name === 's03.txt')!.attrs.guid, refiGuid('source', 'transcripts/s03.txt'));
  });

  it('puts each coding at its passage in code points, the selection quoting the coded words', async () => {
    const ports = samplePorts();
    const project = await Project.open(ports);
    // A transcript with astral characters: code points and UTF-16 offsets differ.
    const text = '🙂🙂 P1: Zoë said the rent comes first.\n';
    ports.files.set('transcripts/astral.txt', text);
    ports.files.set(
      'qda/codings/transcripts/astral.txt.yaml',
      'source: transcripts/astral.txt\ncodings:\n  - id: astral01\n    code: juggling-bills\n    start: 7\n    end: 37\n    text: Zoë said the rent comes first.\n    coder: rk\n',
    );
    await project.reload(['transcripts/astral.txt', 'qda/codings/transcripts/astral.txt.yaml']);
    const r = await exportQdpx(project);
    const parts = unzipSync(r.bytes);
    const doc = parseXml(new TextDecoder().decode(parts['project.qde'])).root!;
    for (const source of all(doc, 'TextSource')) {
      const index = new CodePointIndex(new TextDecoder().decode(parts[`sources/${source.attrs.guid}.txt`]));
      const path = source.attrs.name.includes('/') ? source.attrs.name : `transcripts/${source.attrs.name}`;
      const codings = project.codings.get(path)?.codings ?? [];
      for (const sel of elements(source, 'PlainTextSelection')) {
        const quoted = index.slice(Number(sel.attrs.startPosition), Number(sel.attrs.endPosition));
        for (const c of elements(sel, 'Coding')) {
          const ours = codings.find((k) => refiGuid('coding', k.id) === c.attrs.guid);
          assert.ok(ours, `coding ${c.attrs.guid} of ${path}`);
          assert.equal(quoted, ours.text);
        }
      }
    }
    const astral = all(doc, 'TextSource').find((s) => s.attrs.name === 'astral.txt')!;
    assert.deepEqual(
      elements(astral, 'PlainTextSelection').map((s) => [s.attrs.startPosition, s.attrs.endPosition]),
      [['7', '37']],
    );
  });

  it("exports merged codes' codings under the code they were merged into, retired codes in a set, and reports what it leaves out", async () => {
    const ports = samplePorts();
    const project = await Project.open(ports);
    await project.changeCodebook((cb) => ({
      ...cb,
      codes: cb.codes.map((c) =>
        c.id === 'budgeting'
          ? { ...c, status: 'merged' as const, mergedInto: 'juggling-bills' }
          : c.id === 'going-without'
            ? { ...c, status: 'retired' as const }
            : c,
      ),
    }));
    // A coding whose words are gone from the transcript: orphaned, so not exported.
    await project.changeCodings('transcripts/s02.transcript', (f) => ({
      ...f,
      codings: [...f.codings, { id: 'gone0001', code: 'stigma-shame', start: 5, end: 30, text: 'words that are not there', coder: 'rk' }],
    }));
    const r = await exportQdpx(project);
    const doc = parseXml(new TextDecoder().decode(unzipSync(r.bytes)['project.qde'])).root!;
    const codes = all(doc, 'Code');
    assert.equal(
      codes.some((c) => c.attrs.guid === codeGuid('budgeting')),
      false,
      'a merged code is not a code of its own',
    );
    const budgetingCodings = project.codings.get('transcripts/s01.transcript')!.codings.filter((c) => c.code === 'budgeting');
    assert.ok(budgetingCodings.length > 0);
    for (const c of budgetingCodings) {
      const el = all(doc, 'Coding').find((k) => k.attrs.guid === refiGuid('coding', c.id))!;
      assert.equal(elements(el, 'CodeRef')[0].attrs.targetGUID, codeGuid('juggling-bills'));
    }
    const retired = all(doc, 'Set').find((s) => s.attrs.name === 'Retired codes')!;
    assert.deepEqual(
      elements(retired, 'MemberCode').map((m) => m.attrs.targetGUID),
      [codeGuid('going-without')],
    );
    assert.ok(
      codes.some((c) => c.attrs.guid === codeGuid('going-without')),
      'a retired code is still exported, codable',
    );
    assert.deepEqual(r.skipped, [
      'transcripts/s02.transcript: coding "gone0001" (Stigma and shame): its passage is no longer found; not exported',
    ]);
    assert.deepEqual(qdeProblems(doc), []);
  });

  it('carries memos as notes linked from codes and passages, participants as cases, coding notes as notes', async () => {
    const project = await Project.open(samplePorts());
    const doc = parseXml(new TextDecoder().decode(unzipSync((await exportQdpx(project)).bytes)['project.qde'])).root!;
    const notes = all(doc, 'Note');
    const memo = [...project.memos.values()].find((m) => m.path.endsWith('being-believed.md'))!;
    const note = notes.find((n) => n.attrs.guid === refiGuid('memo', memo.meta.id))!;
    assert.equal(textOf(elements(note, 'PlainTextContent')[0]), memo.body);
    assert.equal(note.attrs.creationDateTime, memo.meta.created);
    const believed = all(doc, 'Code').find((c) => c.attrs.guid === codeGuid('being-believed'))!;
    assert.deepEqual(
      elements(believed, 'NoteRef').map((n) => n.attrs.targetGUID),
      [note.attrs.guid],
    );
    const analytic = all(doc, 'Set').find((s) => s.attrs.name === 'Analytic memos')!;
    assert.ok(elements(analytic, 'MemberNote').some((m) => m.attrs.targetGUID === note.attrs.guid));
    const s01 = all(doc, 'Case').find((c) => c.attrs.name === 's01')!;
    const values = Object.fromEntries(
      elements(s01, 'VariableValue').map((v) => [
        all(doc, 'Variable').find((x) => x.attrs.guid === elements(v, 'VariableRef')[0].attrs.targetGUID)!.attrs.name,
        textOf(elements(v).find((k) => k.local.endsWith('Value') && k.local !== 'VariableRef')!),
      ]),
    );
    assert.deepEqual(values, { 'age band': '30-49', region: 'north', housing: 'social housing', 'Interview date': '2026-02-03' });
    assert.deepEqual(
      elements(s01, 'SourceRef').map((s) => s.attrs.targetGUID),
      [refiGuid('source', 'transcripts/s01.transcript')],
    );
    const noted = project.codings.get('transcripts/s01.transcript')!.codings.find((c) => c.note)!;
    const coding = all(doc, 'Coding').find((c) => c.attrs.guid === refiGuid('coding', noted.id))!;
    const codingNote = notes.find((n) => n.attrs.guid === elements(coding, 'NoteRef')[0].attrs.targetGUID)!;
    assert.equal(textOf(elements(codingNote, 'PlainTextContent')[0]), noted.note);
  });

  it('gives the same bytes for the same project, and keeps GUIDs of objects imported from other tools', async () => {
    const ports = samplePorts();
    const project = await Project.open(ports);
    const a = await exportQdpx(project);
    assert.deepEqual((await exportQdpx(project)).bytes, a.bytes);
    const theirs = '5215cc69-b628-4e02-afb9-9beeaee55808';
    await project.changeCodebook((cb) => ({
      ...cb,
      codes: cb.codes.map((c) => (c.id === 'stigma-shame' ? { ...c, guid: `{${theirs.toUpperCase()}}` } : c)),
    }));
    const doc = parseXml((await exportQdpx(project)).qde).root!;
    assert.ok(all(doc, 'Code').some((c) => c.attrs.guid === theirs));
    assert.deepEqual(danglingRefs(doc), []);
  });

  it('leaves out everything of a participant who withdrew: their transcript, its codings, their case', async () => {
    const ports = samplePorts();
    ports.files.set(
      'qda/participants.yaml',
      ports.files
        .text('qda/participants.yaml')!
        .replace('  - id: s02\n', '  - id: s02\n    withdrawn: {date: 2026-03-01, reason: asked to}\n'),
    );
    const project = await Project.open(ports);
    const r = await exportQdpx(project);
    const doc = parseXml(r.qde).root!;
    assert.deepEqual(
      all(doc, 'TextSource')
        .map((s) => s.attrs.name)
        .sort(),
      SAMPLE_SOURCES.filter((name) => name !== 's02.transcript'),
    );
    assert.deepEqual(
      all(doc, 'Case')
        .map((c) => c.attrs.name)
        .sort(),
      ['s01', 's03', 's04', 's05', 's06', 's07', 's08', 's09', 's10', 's11', 's12'],
    );
    const s02 = project.codings.get('transcripts/s02.transcript')!.codings.length;
    assert.ok(s02 > 0);
    const total = [...project.codings.values()].reduce((n, f) => n + f.codings.length, 0);
    assert.equal(r.counts.codings, total - s02);
    assert.ok(!Object.keys(unzipSync(r.bytes)).includes(`sources/${refiGuid('source', 'transcripts/s02.transcript')}.txt`));
    assert.ok(r.skipped.includes('1 transcript of participants who withdrew: not exported, nor their codings'));
    assert.deepEqual(danglingRefs(doc), []);
  });
});
