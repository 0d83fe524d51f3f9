import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { main } from '../../src/cli';
import { exportCodebook } from '../../src/core/exports/codebook';
import { readCodebookXml, readQdc, splitDescription, type QdcCode } from '../../src/core/refi/qdc';
import { applyQdcImport, formatImportPlan, planQdcImport } from '../../src/core/refi/qdcImport';
import { codeGuid, sha1, toHex, uuidV5 } from '../../src/core/hash';
import { elements, parseXml, type XmlElement } from '../../src/core/xml';
import type { Codebook } from '../../src/core/model';
import { Project } from '../../src/core/project/project';
import { memoryPorts } from './helpers/memoryFiles';
import { reviewStudy, reviewStudyFiles } from './helpers/reviewStudy';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ids = { newId: () => 'zzzzzzzz' };
const NOW = new Date('2026-11-29T14:32:00Z');
const exportQdc = async () => new TextDecoder().decode(exportCodebook(await Project.open(reviewStudy()), 'qdc'));
const plan = (cb: Codebook, xml: string) => planQdcImport(cb, readCodebookXml(xml), ids, NOW);
const names = (codes: QdcCode[]): unknown[] => codes.map((c) => (c.children.length ? [c.name, names(c.children)] : c.name));

// Shaped like the files real tools write (see the REFI-QDA 1.5 spec, Annex A.1, and Taguette's export).
const SPEC_LIKE = `<?xml version="1.0" encoding="UTF-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<Codes>
<Code guid="{5215cc69-b628-4e02-afb9-9beeaee55808}" name="Topics" isCodable="false">
<Code guid="{d7aa29da-519b-4946-9b90-253b6db8fd0a}" name="Economy" isCodable="true" color="#ffff00">
<Description>Anything about jobs or taxes</Description>
</Code>
</Code>
<Code guid="9fa9bcb7-5b59-47a9-8c3e-f65cffdc7520" name="Values" isCodable="false" color="#0F0"/>
</Codes>
</CodeBook>`;
const TAGUETTE_LIKE = `<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="Taguette 1.x"><Codes><Code guid="0D62985D-B147-5D01-A9B5-CAE5DCD98342" name="interesting" isCodable="true"/><Code guid="55BB6892-6F30-5129-8CB8-557A1B12137B" name="interesting\\places" isCodable="true"/></Codes><Sets/></CodeBook>`;

describe('uuid', () => {
  it('computes SHA-1 and RFC 9562 version 5 UUIDs (published test vectors)', () => {
    assert.equal(toHex(sha1('abc')), 'a9993e364706816aba3e25717850c26c9cd0d89d');
    assert.equal(toHex(sha1('')), 'da39a3ee5e6b4b0d3255bfef95601890afd80709');
    assert.equal(toHex(sha1('a'.repeat(1000))), '291e9a6c66994949b57ba5e650361e98fc36b1ba');
    assert.equal(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8'), '2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('derives a code GUID from its id alone, so re-exports diff cleanly', () => {
    assert.match(codeGuid('security'), GUID);
    assert.equal(codeGuid('security'), codeGuid('security'));
    assert.notEqual(codeGuid('security'), codeGuid('securities'));
  });
});

describe('.qdc export', () => {
  it('writes a REFI-QDA codebook: namespace, required attributes, GUIDs, nesting, colours', async () => {
    const xml = await exportQdc();
    const doc = parseXml(xml);
    assert.deepEqual(doc.issues, []);
    const root = doc.root!;
    assert.equal(root.name, 'CodeBook');
    assert.equal(root.ns, 'urn:QDA-XML:codebook:1.0');
    assert.deepEqual(
      elements(root).map((e) => e.name),
      ['Codes'],
    );
    const all: XmlElement[] = [];
    const walk = (el: XmlElement) => elements(el, 'Code').forEach((c) => (all.push(c), walk(c)));
    walk(elements(root, 'Codes')[0]);
    assert.equal(all.length, 6, 'active codes only');
    for (const c of all) {
      assert.match(c.attrs.guid, GUID);
      assert.ok(c.attrs.name);
      assert.equal(c.attrs.isCodable, 'true');
      if (c.attrs.color !== undefined) assert.match(c.attrs.color, /^#[0-9A-F]{6}$/);
      const kids = elements(c).map((e) => e.local);
      assert.deepEqual(
        kids,
        [...kids].sort((a, b) => (a === 'Description' ? -1 : b === 'Description' ? 1 : 0)),
        'Description comes before nested codes',
      );
    }
    assert.equal(new Set(all.map((c) => c.attrs.guid)).size, all.length, 'GUIDs are unique');
    const material = all.find((c) => c.attrs.name === 'Material life')!;
    assert.equal(material.attrs.guid, codeGuid('material'));
    assert.deepEqual(
      elements(material, 'Code').map((c) => c.attrs.name),
      ['Budgeting', 'Financial security'],
    );
    assert.equal(elements(material, 'Code')[1].attrs.color, '#F28E2B');
    assert.equal(xml, await exportQdc(), 'the same codebook gives the same file');
  });

  it('round-trips names, hierarchy, descriptions and colours through an import into an empty project', async () => {
    const source = await Project.open(reviewStudy());
    const read = readCodebookXml(new TextDecoder().decode(exportCodebook(source, 'qdc')));
    assert.deepEqual(read.warnings, []);
    const p = planQdcImport({ codes: [] }, read, ids, NOW);
    assert.equal(p.counts.add, 6);
    const byName = new Map(p.codebook.codes.map((c) => [c.name, c]));
    for (const orig of source.codebook.codes.filter((c) => c.status === 'active')) {
      const c = byName.get(orig.name);
      assert.ok(c, orig.name);
      for (const k of ['definition', 'include', 'exclude', 'example', 'color'] as const) assert.equal(c[k], orig[k], `${orig.name}.${k}`);
      const parent = orig.parent && source.codebook.codes.find((x) => x.id === orig.parent);
      assert.equal(
        c.parent && p.codebook.codes.find((x) => x.id === c.parent)?.name,
        parent && parent.status === 'active' ? parent.name : undefined,
        `${orig.name}: parent`,
      );
    }
  });

  it('finds nothing to change when its own export is imported again', async () => {
    const project = await Project.open(reviewStudy());
    const p = plan(project.codebook, await exportQdc());
    assert.deepEqual(p.counts, { add: 0, update: 0, unchanged: 6, merge: 0 });
  });
});

describe('.qdc import', () => {
  it('reads the spec example: folders, braced and bare GUIDs, #RGB colours, descriptions', () => {
    const r = readCodebookXml(SPEC_LIKE);
    assert.equal(r.ok, true);
    assert.deepEqual(r.warnings, []);
    assert.deepEqual(names(r.codes), [['Topics', ['Economy']], 'Values']);
    assert.equal(r.codes[0].guid, '5215cc69-b628-4e02-afb9-9beeaee55808');
    assert.equal(r.codes[0].codable, false);
    assert.equal(r.codes[1].color, '#00ff00');
    assert.equal(r.codes[0].children[0].definition, 'Anything about jobs or taxes');
  });

  it('accepts an empty <Sets/> with a warning, as Taguette writes it', () => {
    const r = readCodebookXml(TAGUETTE_LIKE);
    assert.equal(r.ok, true);
    assert.equal(r.origin, 'Taguette 1.x');
    assert.deepEqual(names(r.codes), ['interesting', 'interesting\\places']);
    assert.equal(r.warnings.length, 1);
    assert.match(r.warnings[0].message, /empty <Sets\/> is not valid REFI-QDA/);
  });

  it('reads namespace variants other tools write, and reports them', () => {
    const nvivo = readCodebookXml(SPEC_LIKE.replace('urn:QDA-XML:codebook:1.0"', 'urn:QDA-XML:codebook:1:0"'));
    assert.equal(nvivo.codes.length, 2);
    assert.match(nvivo.warnings[0].message, /namespace "urn:QDA-XML:codebook:1:0" .* read as urn:QDA-XML:codebook:1\.0/);
    const prefixed = readCodebookXml(
      '<qda:CodeBook xmlns:qda="urn:QDA-XML:codebook:1.0"><qda:Codes><qda:Code guid="9fa9bcb7-5b59-47a9-8c3e-f65cffdc7520" name="A" isCodable="true"/></qda:Codes></qda:CodeBook>',
    );
    assert.deepEqual([names(prefixed.codes), prefixed.warnings], [['A'], []]);
    const none = readCodebookXml(
      '<CodeBook><Codes><Code name="B" isCodable="true" guid="9fa9bcb7-5b59-47a9-8c3e-f65cffdc7520"/></Codes></CodeBook>',
    );
    assert.deepEqual(names(none.codes), ['B']);
    assert.match(none.warnings[0].message, /no namespace/);
  });

  it('reports every element it skips and every repair, and drops no code', () => {
    const r = readCodebookXml(`<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>
<Code name="Kept" isCodable="true" guid="not-a-guid" color="red"><Note>x</Note><Code isCodable="true" guid="9fa9bcb7-5b59-47a9-8c3e-f65cffdc7520"/></Code>
<Folder name="F"/>
<Code name="No guid &amp; &bogus; flag"/>
</Codes><Sets><Set guid="9fa9bcb7-5b59-47a9-8c3e-f65cffdc7521" name="S"><MemberCode guid="9fa9bcb7-5b59-47a9-8c3e-f65cffdc7520"/></Set></Sets></CodeBook>`);
    assert.equal(r.ok, true);
    assert.deepEqual(names(r.codes), [['Kept', ['Unnamed code (line 2)']], 'No guid & &bogus; flag']);
    const messages = r.warnings.map((w) => `${w.line}: ${w.message}`).join('\n');
    for (const expected of [
      /malformed guid "not-a-guid"/,
      /colour "red"/,
      /skipped <Note> in code "Kept"/,
      /without a name/,
      /skipped <Folder> inside <Codes>/,
      /unknown entity "&bogus;"/,
      /has no guid/,
      /has no isCodable/,
      /skipped set "S" \(1 member code\)/,
    ]) {
      assert.match(messages, expected);
    }
  });

  it('never throws on a broken file: warns where, and reads what it can', () => {
    const broken = readCodebookXml(
      '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code name="A" isCodable="true" guid="9fa9bcb7-5b59-47a9-8c3e-f65cffdc7520"><Code name="B" isCodable=true></Codes>',
    );
    assert.equal(broken.ok, true);
    assert.deepEqual(names(broken.codes), [['A', ['B']]]);
    assert.match(
      broken.warnings.map((w) => w.message).join('\n'),
      /not in quotes[\s\S]*<Code> is never closed[\s\S]*<CodeBook> is never closed/,
    );
    for (const junk of [
      '',
      'not xml at all',
      '{"codes": []}',
      '<html><body>hi</body></html>',
      '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"/>',
    ]) {
      const r = readCodebookXml(junk);
      assert.equal(r.ok, false, junk);
      assert.ok(r.warnings.length, junk);
    }
    assert.match(readQdc(strToU8('PK\u0003\u0004 not a zip')).warnings[0].message, /archive is damaged|no project\.qde/);
  });

  it('reads the codebook of a REFI-QDA project (.qdpx: a zip holding project.qde)', () => {
    const qde = `<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="p"><CodeBook><Codes><Code guid="34653336-3766-3235-6466-363134396437" isCodable="true" name="rq1"><Code guid="31366536-3938-3831-6231-633830313036" isCodable="true" name="competencies"/></Code></Codes></CodeBook><Sources/></Project>`;
    const r = readQdc(zipSync({ 'project.qde': strToU8(qde), 'sources/a.txt': strToU8('x') }));
    assert.deepEqual([r.ok, names(r.codes), r.warnings], [true, [['rq1', ['competencies']]], []]);
  });

  it('splits a description into definition, include, exclude and example', () => {
    assert.deepEqual(splitDescription('Def one.\n\nDef two.\n\nInclude: a\n\nExample: "q"'), {
      definition: 'Def one.\n\nDef two.',
      include: 'a',
      example: '"q"',
    });
  });

  it('merges by name: updates what the file says more, adds the rest, and never moves an existing code', () => {
    const existing: Codebook = {
      codes: [
        { id: 'economy', name: 'economy', status: 'active', color: '#111111', definition: 'old' },
        { id: 'values', name: 'Values', parent: 'economy', status: 'active' },
      ],
    };
    const p = plan(existing, SPEC_LIKE);
    const lines = formatImportPlan(p, 'spec.qdc');
    assert.equal(lines[0], 'spec.qdc: 3 codes: 1 to add, 2 to update, 0 unchanged');
    assert.deepEqual(lines.slice(1), [
      '  add     Topics (as topics): a folder (not codable) in the file: imported as a code',
      '  update  Topics / Economy: definition, colour; kept under the top level (the file has it under "Topics")',
      '  update  Values: colour',
    ]);
    const economy = p.codebook.codes.find((c) => c.id === 'economy')!;
    assert.equal(economy.definition, 'Anything about jobs or taxes');
    assert.equal(economy.parent, undefined, 'an existing code stays where it is');
    assert.equal(economy.revised?.[0].note, 'definition updated by a REFI-QDA codebook import');
    assert.equal(p.codebook.codes.find((c) => c.id === 'values')!.parent, 'economy');
    assert.equal(existing.codes[0].definition, 'old', 'planning changes nothing');
  });

  it('keeps codes of the same name under different parents apart, and merges true duplicates with a note', () => {
    const xml = `<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>
<Code guid="31366536-3938-3831-6231-633830313036" name="A" isCodable="true"><Code guid="36636563-3863-6264-3638-303637613863" name="programming" isCodable="true"/></Code>
<Code guid="63353330-6332-6266-6232-353531396539" name="B" isCodable="true"><Code guid="36633863-3866-3131-3064-373330303936" name="programming" isCodable="true"/></Code>
<Code guid="63353330-6332-6266-6232-353531396540" name="B" isCodable="true"><Description>more</Description></Code>
</Codes></CodeBook>`;
    const p = plan({ codes: [] }, xml);
    assert.deepEqual(p.counts, { add: 4, update: 0, unchanged: 0, merge: 1 });
    const programming = p.codebook.codes.filter((c) => c.name === 'programming');
    assert.deepEqual(
      programming.map((c) => p.codebook.codes.find((x) => x.id === c.parent)?.name),
      ['A', 'B'],
    );
    assert.equal(new Set(p.codebook.codes.map((c) => c.id)).size, p.codebook.codes.length);
    assert.match(p.items[4].notes.join(), /also matches "B"/);
    assert.equal(p.codebook.codes.find((c) => c.name === 'B')!.definition, 'more');
  });

  it('keeps the GUID of an imported code, so exporting it again gives the other tool its own GUIDs', async () => {
    const ports = memoryPorts({ 'qda/project.yaml': 'format: 1\nsources: []\n', 'qda/codebook.yaml': 'codes: []\n' });
    const project = await Project.open(ports);
    const applied = await applyQdcImport(project, readCodebookXml(SPEC_LIKE));
    assert.equal(applied.counts.add, 3);
    assert.match(ports.files.text('qda/codebook.yaml')!, /guid: d7aa29da-519b-4946-9b90-253b6db8fd0a/);
    const again = new TextDecoder().decode(exportCodebook(project, 'qdc'));
    assert.match(again, /<Code guid="d7aa29da-519b-4946-9b90-253b6db8fd0a" name="Economy" isCodable="true" color="#FFFF00">/);
    assert.deepEqual(plan(project.codebook, SPEC_LIKE).counts, { add: 0, update: 0, unchanged: 3, merge: 0 });
  });
});

describe('qda import qdc', () => {
  const run = async (cwd: string, ...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, { cwd, out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out, err };
  };
  const project = () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'qda-qdc-'));
    for (const [p, t] of Object.entries({ ...reviewStudyFiles(), 'qda/private/pseudonyms.yaml': 'names:\n  Margaret: Ruth\n' })) {
      fs.mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
      fs.writeFileSync(path.join(root, p), t);
    }
    return root;
  };

  it('prints the plan and writes nothing without --yes; imports with --yes', async () => {
    const root = project();
    fs.writeFileSync(path.join(root, 'in.qdc'), TAGUETTE_LIKE);
    const before = fs.readFileSync(path.join(root, 'qda/codebook.yaml'), 'utf8');
    const dry = await run(root, 'import', 'qdc', 'in.qdc');
    assert.equal(dry.code, 0, dry.err.join('\n'));
    assert.equal(dry.out[0], 'in.qdc: 2 codes: 2 to add, 0 to update, 0 unchanged');
    assert.match(dry.out.join('\n'), /in\.qdc:2:\d+: an empty <Sets\/>/);
    assert.match(dry.err.join('\n'), /nothing written: run again with --yes/);
    assert.equal(fs.readFileSync(path.join(root, 'qda/codebook.yaml'), 'utf8'), before);
    const wet = await run(root, 'import', 'qdc', 'in.qdc', '--yes');
    assert.equal(wet.code, 0);
    assert.match(fs.readFileSync(path.join(root, 'qda/codebook.yaml'), 'utf8'), /name: interesting\\places/);
    assert.equal((await run(root, 'validate')).code, 0);
  });

  it('exits 1 with a clear message for a file holding no codebook', async () => {
    const root = project();
    fs.writeFileSync(path.join(root, 'bad.qdc'), '<html/>');
    const r = await run(root, 'import', 'qdc', 'bad.qdc');
    assert.equal(r.code, 1);
    assert.match(r.err.join('\n'), /bad\.qdc:1:1: the document element is <html>[\s\S]*nothing imported/);
  });

  it('exports every codebook format to a file', async () => {
    const root = project();
    for (const f of ['md', 'csv', 'html', 'docx', 'qdc']) {
      const r = await run(root, 'export', 'codebook', '--format', f, '-o', `out.${f}`);
      assert.equal(r.code, 0, `${f}: ${r.err.join('\n')}`);
      assert.ok(fs.statSync(path.join(root, `out.${f}`)).size > 100, f);
    }
    assert.equal((await run(root, 'export', 'codebook', '--format', 'docx')).code, 2, 'Word needs -o');
  });
});
