import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseCodebook, parseCodings, parseParticipants } from '../../../src/core/project/format';
import { mergeFile, mergeKindOf, withMarkers, type MergeResult } from '../../../src/core/project/merge';
import { CODINGS_PATH, prng, qda, tempDir, VALID } from './fixtures';

const CODEBOOK = VALID['qda/codebook.yaml'];
const CODINGS = VALID[CODINGS_PATH];
const PARTICIPANTS = VALID['qda/participants.yaml'];

const coding = (id: string, start: number, text: string, extra = '') =>
  `  - id: ${id}\n    code: security\n    start: ${start}\n    end: ${start + [...text].length}\n    text: ${JSON.stringify(text)}\n${extra}`;
const codingsOf = (r: MergeResult) => {
  assert.equal(r.status, 'clean', JSON.stringify(r));
  const parsed = parseCodings((r as { text: string }).text, CODINGS_PATH);
  assert.ok(parsed.writable, JSON.stringify(parsed.problems));
  return parsed.value!.codings;
};
const codesOf = (r: MergeResult) => {
  assert.equal(r.status, 'clean', JSON.stringify(r));
  const parsed = parseCodebook((r as { text: string }).text);
  assert.ok(parsed.writable, JSON.stringify(parsed.problems));
  return new Map(parsed.value!.codes.map((c) => [c.id, c]));
};

describe('reliability: merging project files by id (core)', () => {
  it('knows which files it merges', () => {
    assert.equal(mergeKindOf('qda/codebook.yaml'), 'codebook');
    assert.equal(mergeKindOf('study/qda/participants.yaml'), 'participants');
    assert.equal(mergeKindOf('qda/codings/transcripts/a b/p01.txt.yaml'), 'codings');
    assert.equal(mergeKindOf('qda/project.yaml'), undefined);
    assert.equal(mergeKindOf('qda/memos/2026-01-01-x.md'), undefined);
  });

  it('keeps both codings when two coders add one at the same place in the sorted list', () => {
    const ours = CODINGS + coding('zz-ann', 30, 'I never know', '    coder: ann\n');
    const theirs = CODINGS + coding('zz-bob', 30, 'I never know', '    coder: bob\n');
    const merged = codingsOf(mergeFile('codings', { base: CODINGS, ours, theirs }, CODINGS_PATH));
    assert.deepEqual(
      merged.map((c) => c.id),
      ['zz-ann', 'zz-bob', 'c1aaaaaa', 'c2bbbbbb', 'c3cccccc'],
    );
  });

  it('keeps edits to different codes, and to different fields of one code', () => {
    const ours = CODEBOOK.replace('name: Material life', 'name: Material circumstances').replace(
      'include: Worry about running out.',
      'include: Worry about running out, even when fine.',
    );
    const theirs = CODEBOOK.replace('definition: Tins, spreadsheets, sums at the table.', 'definition: Tins and sums.').replace(
      'name: Financial security',
      'name: Security',
    );
    const codes = codesOf(mergeFile('codebook', { base: CODEBOOK, ours, theirs }));
    assert.equal(codes.get('material')!.name, 'Material circumstances');
    assert.equal(codes.get('budgeting')!.definition, 'Tins and sums.');
    assert.equal(codes.get('security')!.name, 'Security');
    assert.equal(codes.get('security')!.include, 'Worry about running out, even when fine.');
  });

  it('returns our text as it was (comments and all) when only we changed the data', () => {
    const ours = `# our comment\n${CODEBOOK.replace('Material life', 'Material')}`;
    const theirs = CODEBOOK.replace('codes:\n', '# their comment\ncodes:\n');
    assert.deepEqual(mergeFile('codebook', { base: CODEBOOK, ours, theirs }), { status: 'clean', text: ours });
  });

  it('reports a conflict with markers when one field changed differently on both sides', () => {
    const ours = CODEBOOK.replace('name: Material life', 'name: Ours');
    const theirs = CODEBOOK.replace('name: Material life', 'name: Theirs');
    const r = mergeFile('codebook', { base: CODEBOOK, ours, theirs });
    assert.equal(r.status, 'conflict');
    if (r.status !== 'conflict') return;
    assert.deepEqual(r.conflicts, [{ id: 'material', message: 'code "material": name changed differently on both sides' }]);
    assert.match(r.text, /<<<<<<< ours\n {4}name: Ours\n=======\n {4}name: Theirs\n>>>>>>> theirs\n/);
    const keepOurs = r.text.replace(/<<<<<<< ours\n([\s\S]*?)=======\n[\s\S]*?>>>>>>> theirs\n/g, '$1');
    assert.equal(codesOf({ status: 'clean', text: keepOurs }).get('material')!.name, 'Ours');
  });

  it('takes a passage anchor whole: a re-anchor merges with a note, two re-anchors conflict', () => {
    const reanchored = CODINGS.replace(
      /start: 30\n {4}end: 66\n {4}text: "I never know if the money will last."/,
      'start: 30\n    end: 42\n    text: "I never know"',
    );
    const noted = CODINGS.replace('coder: mf\n', 'coder: mf\n    note: key quote\n');
    const merged = codingsOf(mergeFile('codings', { base: CODINGS, ours: reanchored, theirs: noted }, CODINGS_PATH));
    assert.deepEqual([merged[0].end, merged[0].text, merged[0].note], [42, 'I never know', 'key quote']);
    const other = CODINGS.replace(
      /start: 30\n {4}end: 66\n {4}text: "I never know if the money will last."/,
      'start: 38\n    end: 42\n    text: "know"',
    );
    const r = mergeFile('codings', { base: CODINGS, ours: reanchored, theirs: other }, CODINGS_PATH);
    assert.equal(r.status, 'conflict');
    assert.deepEqual(r.status === 'conflict' && r.conflicts.map((c) => c.message), [
      'coding "c1aaaaaa": start/end/text changed differently on both sides',
    ]);
  });

  it('reports a coding deleted on one side and changed on the other, and one added twice differently', () => {
    const deleted = CODINGS.replace(/ {2}- id: c3cccccc\n(?: {4}.*\n)+/, '');
    const changed = CODINGS.replace('coder: jk', 'coder: jk\n    note: changed');
    const r = mergeFile('codings', { base: CODINGS, ours: deleted, theirs: changed }, CODINGS_PATH);
    assert.deepEqual(r.status === 'conflict' && r.conflicts, [
      { id: 'c3cccccc', message: 'coding "c3cccccc" was deleted on one side and changed on the other' },
    ]);
    const twice = mergeFile(
      'codings',
      {
        base: CODINGS,
        ours: CODINGS + coding('new1', 0, 'Interviewer', '    note: y\n'),
        theirs: CODINGS + coding('new1', 0, 'Interviewer', '    note: x\n'),
      },
      CODINGS_PATH,
    );
    assert.deepEqual(twice.status === 'conflict' && twice.conflicts.map((c) => c.message), [
      'coding "new1" was added on both sides, differently',
    ]);
    // The same coding brought in on both sides (a cherry-pick), one with a note: kept once, with the note.
    const picked = codingsOf(
      mergeFile(
        'codings',
        {
          base: CODINGS,
          ours: CODINGS + coding('new1', 0, 'Interviewer'),
          theirs: CODINGS + coding('new1', 0, 'Interviewer', '    note: x\n'),
        },
        CODINGS_PATH,
      ),
    );
    assert.deepEqual(
      picked.filter((c) => c.id === 'new1').map((c) => c.note),
      ['x'],
    );
    assert.equal(mergeFile('codings', { base: CODINGS, ours: deleted, theirs: deleted + '' }, CODINGS_PATH).status, 'clean');
  });

  it('merges participants and attribute declarations added on both sides', () => {
    const ours = PARTICIPANTS.replace('  region: [north, wales]\n', '  region: [north, wales]\n  housing: [renting, owner]\n') + '';
    const theirs = PARTICIPANTS.replace('participants:\n', 'participants:\n  - id: p02\n    attributes: {region: north}\n').replace(
      'attributes:\n',
      'attributes:\n  employment: [yes, no]\n',
    );
    const r = mergeFile('participants', { base: PARTICIPANTS, ours, theirs });
    assert.equal(r.status, 'clean', JSON.stringify(r));
    const p = parseParticipants((r as { text: string }).text).value!;
    assert.deepEqual(Object.keys(p.attributes!).sort(), ['age band', 'employment', 'housing', 'region']);
    assert.deepEqual(
      p.participants.map((x) => x.id),
      ['p01', 'p02'],
    );
  });

  it('merges a file both sides created (no base) as the union', () => {
    const ours = 'source: transcripts/p01.txt\ncodings:\n' + coding('a1', 0, 'Interviewer');
    const theirs = 'source: transcripts/p01.txt\ncodings:\n' + coding('b1', 13, 'And money?');
    assert.deepEqual(
      codingsOf(mergeFile('codings', { base: '', ours, theirs }, CODINGS_PATH)).map((c) => c.id),
      ['a1', 'b1'],
    );
  });

  it('keeps keys it does not know, from either side', () => {
    const ours = CODEBOOK.replace('    status: active\n    created', '    zz-ours: 1\n    status: active\n    created');
    const theirs = `${CODEBOOK}zz-theirs: {keep: me}\n`;
    const r = mergeFile('codebook', { base: CODEBOOK, ours, theirs });
    assert.equal(r.status, 'clean');
    assert.match((r as { text: string }).text, /zz-ours: 1/);
    assert.match((r as { text: string }).text, /zz-theirs:\n {2}keep: me/);
  });

  it('reports a merge whose union is invalid: a child under a code deleted on the other side', () => {
    const ours = CODEBOOK.replace(/ {2}- id: budgeting\n(?: {4}.*\n)+/, '')
      .replace(/ {4}parent: material\n/g, '')
      .replace(/ {2}- id: material\n(?: {4}.*\n)+/, '');
    const theirs = `${CODEBOOK}  - id: zz-child\n    name: Child\n    parent: material\n`;
    const r = mergeFile('codebook', { base: CODEBOOK, ours, theirs });
    assert.equal(r.status, 'conflict');
    assert.match(
      r.status === 'conflict' ? r.conflicts[0].message : '',
      /merged file would be invalid: \d+:\d+: parent "material" is not a code/,
    );
  });

  it('merges nothing when a side does not parse, and says which', () => {
    const r = mergeFile('codebook', {
      base: CODEBOOK,
      ours: CODEBOOK.replace('Material life', 'M'),
      theirs: `${CODEBOOK}  - id: [broken\n`,
    });
    assert.equal(r.status, 'unreadable');
    assert.equal(r.status === 'unreadable' && r.side, 'theirs');
  });

  it('merges random disjoint additions of two coders into their sorted union', () => {
    const rnd = prng(42);
    for (let round = 0; round < 20; round++) {
      const add = (who: string) =>
        Array.from({ length: 1 + rnd.int(8) }, (_, i) =>
          coding(`${who}${round}x${i}`, rnd.int(3) * 30, 'I never know'.slice(0, 1 + rnd.int(5))),
        ).join('');
      const ours = CODINGS + add('a');
      const theirs = CODINGS + add('b');
      const merged = codingsOf(mergeFile('codings', { base: CODINGS, ours, theirs }, CODINGS_PATH));
      const want = new Set(
        [...parseCodings(ours, CODINGS_PATH).value!.codings, ...parseCodings(theirs, CODINGS_PATH).value!.codings].map((c) => c.id),
      );
      assert.deepEqual(new Set(merged.map((c) => c.id)), want);
      const sorted = [...merged].sort((x, y) => x.start - y.start || x.end - y.end || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
      assert.deepEqual(merged, sorted, 'written in the canonical order');
    }
  });

  it('marks only the lines that differ', () => {
    assert.equal(withMarkers('a\nb\nc\n', 'a\nB\nc\n'), 'a\n<<<<<<< ours\nb\n=======\nB\n>>>>>>> theirs\nc\n');
    assert.equal(withMarkers('same\n', 'same\n'), 'same\n');
  });
});

describe('reliability: qda merge-driver (in-process, as git calls it)', () => {
  const files = (base: string, ours: string, theirs: string) => {
    const dir = tempDir();
    for (const [name, text] of Object.entries({ base, ours, theirs })) fs.writeFileSync(path.join(dir, `.merge_file_${name}`), text);
    return dir;
  };

  it('writes the merge into OURS and exits 0', async () => {
    const dir = files(CODINGS, CODINGS + coding('zz-ann', 30, 'I never know'), CODINGS + coding('zz-bob', 30, 'I never know'));
    const r = await qda(dir, 'merge-driver', '.merge_file_base', '.merge_file_ours', '.merge_file_theirs', CODINGS_PATH);
    assert.equal(r.code, 0, r.err.join('\n'));
    assert.match(fs.readFileSync(path.join(dir, '.merge_file_ours'), 'utf8'), /id: zz-ann[\s\S]*id: zz-bob/);
  });

  it('leaves OURS untouched, exits 1 and says why when a version does not parse or the file is not one it merges', async () => {
    const broken = files(CODEBOOK, CODEBOOK.replace('Material life', 'M'), 'codes: [\n');
    const r = await qda(broken, 'merge-driver', '.merge_file_base', '.merge_file_ours', '.merge_file_theirs', 'qda/codebook.yaml');
    assert.equal(r.code, 1);
    assert.match(r.err.join('\n'), /qda\/codebook\.yaml: the theirs version has errors \(2:1: YAML syntax error/);
    assert.equal(fs.readFileSync(path.join(broken, '.merge_file_ours'), 'utf8'), CODEBOOK.replace('Material life', 'M'));
    const memo = await qda(broken, 'merge-driver', '.merge_file_base', '.merge_file_ours', '.merge_file_theirs', 'qda/memos/x.md');
    assert.equal(memo.code, 1);
    assert.match(memo.err[0], /not a file qda merges by id/);
    assert.equal((await qda(broken, 'merge-driver', '.merge_file_base')).code, 2);
  });
});
