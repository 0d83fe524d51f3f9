import * as assert from 'node:assert/strict';
import {
  parseCodebook,
  parseCodings,
  parseMemo,
  parseParticipants,
  parseProjectConfig,
  serializeCodebook,
  serializeCodings,
  serializeMemo,
  serializeParticipants,
  serializeProjectConfig,
} from '../../src/core/project/format';

/** The first problem as `line:col: message`. */
function first(problems: { line: number; column: number; message: string }[]): string {
  assert.ok(problems.length > 0, 'expected a problem');
  const p = problems[0];
  return `${p.line}:${p.column}: ${p.message}`;
}

const CODING = (over: Record<string, unknown> = {}) => ({ id: 'a1', code: 'c', start: 0, end: 5, text: 'Hello', ...over });

describe('format: project.yaml', () => {
  it('reads a valid project with defaults', () => {
    const r = parseProjectConfig('format: 1\ntitle: T\nsources:\n  - transcripts/**/*.txt\n');
    assert.deepEqual(r.problems, []);
    assert.equal(r.writable, true);
    assert.deepEqual(r.value?.sources, ['transcripts/**/*.txt']);
  });
  it('rejects an unknown format at the format value', () => {
    const r = parseProjectConfig('title: T\nformat: 2\nsources: []\n');
    assert.equal(first(r.problems), '2:9: unknown format 2: this version of Reflexive QDA reads format 1');
    assert.equal(r.writable, false);
  });
  it('reports a missing format key at the mapping', () => {
    const r = parseProjectConfig('title: T\nsources: []\n');
    assert.equal(first(r.problems), '1:1: missing required key "format"');
  });
  it('reports a YAML syntax error at its line and column', () => {
    const r = parseProjectConfig('format: 1\nsources: [a, b\ntitle: x\n');
    assert.equal(r.problems[0].line, 3, 'where the unclosed list is found to be broken');
    assert.match(r.problems[0].message, /^YAML syntax error/);
    assert.equal(r.value, undefined);
  });
  it('writes keys in the format order and keeps unknown keys', () => {
    const r = parseProjectConfig('x-future: {a: 1}\nsources: [s]\ntitle: T\nformat: 1\n');
    assert.equal(serializeProjectConfig(r.value!), 'format: 1\ntitle: T\nsources:\n  - s\nx-future:\n  a: 1\n');
  });
});

describe('format: codebook.yaml', () => {
  const cb = `codes:
  - id: b
    name: B
    parent: a
  - id: a
    name: A
    future-key: kept
`;
  it('reads codes, defaulting status to active', () => {
    const r = parseCodebook(cb);
    assert.deepEqual(r.problems, []);
    assert.equal(r.value?.codes.find((c) => c.id === 'a')?.status, 'active');
  });
  it('writes codes sorted by id with unknown keys kept', () => {
    const out = serializeCodebook(parseCodebook(cb).value!);
    assert.equal(
      out,
      'codes:\n  - id: a\n    name: A\n    status: active\n    future-key: kept\n  - id: b\n    name: B\n    parent: a\n    status: active\n',
    );
    assert.equal(serializeCodebook(parseCodebook(out).value!), out, 'writing is idempotent');
  });
  it('reports a duplicate id at the second occurrence', () => {
    const r = parseCodebook('codes:\n  - id: a\n    name: A\n  - id: a\n    name: A again\n');
    assert.equal(first(r.problems), '4:9: duplicate code id "a" (first used at codes[0])');
    assert.equal(r.writable, false);
  });
  it('reports a wrong type at the value', () => {
    const r = parseCodebook('codes:\n  - id: a\n    name: [not, text]\n');
    assert.equal(r.problems[0].line, 3);
    assert.equal(r.problems[0].column, 11);
    assert.match(r.problems[0].message, /^codes\[0\]\.name: /);
  });
  it('reports a missing name at the code', () => {
    const r = parseCodebook('codes:\n  - id: a\n    color: "#112233"\n');
    assert.equal(first(r.problems), '2:5: codes[0]: missing required key "name"');
  });
  it('reports a parent cycle', () => {
    const r = parseCodebook('codes:\n  - {id: a, name: A, parent: c}\n  - {id: b, name: B, parent: a}\n  - {id: c, name: C, parent: b}\n');
    assert.ok(
      r.problems.some((p) => p.message === 'parent cycle: a -> c -> b -> a' && p.line === 2),
      JSON.stringify(r.problems),
    );
  });
  it('reports an unknown parent and an invalid id', () => {
    const r = parseCodebook('codes:\n  - {id: a, name: A, parent: zz}\n  - {id: Bad Id, name: B}\n');
    const msgs = r.problems.map((p) => `${p.line}:${p.column}: ${p.message}`);
    assert.ok(msgs.includes('2:30: parent "zz" is not a code in this codebook'), msgs.join('\n'));
    assert.ok(
      msgs.some((m) => m.startsWith('3:10: codes[1].id: a code id may use only')),
      msgs.join('\n'),
    );
  });
  it('keeps valid codes usable when one is invalid', () => {
    const r = parseCodebook('codes:\n  - {id: a, name: A}\n  - {id: b}\n');
    assert.deepEqual(
      r.value?.codes.map((c) => c.id),
      ['a'],
    );
    assert.equal(r.writable, false);
  });
  it('accepts an empty codebook', () => {
    assert.deepEqual(parseCodebook('codes: []\n').value?.codes, []);
    assert.deepEqual(parseCodebook('').problems, []);
  });
});

describe('format: codings files', () => {
  const path = 'qda/codings/t/p1.txt.yaml';
  const file = (codings: unknown[]) => serializeCodings({ source: 't/p1.txt', codings: codings as never });
  it('round-trips codings sorted by start, end, id', () => {
    const text = file([CODING({ id: 'z', start: 10, end: 15 }), CODING({ id: 'b' }), CODING({ id: 'a' })]);
    const r = parseCodings(text, path);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(
      r.value?.codings.map((c) => c.id),
      ['a', 'b', 'z'],
    );
    assert.equal(serializeCodings(r.value!), text);
  });
  it('reports end <= start at end', () => {
    const r = parseCodings('source: t/p1.txt\ncodings:\n  - id: a\n    code: c\n    start: 5\n    end: 5\n    text: ""\n', path);
    assert.equal(first(r.problems), '6:10: end (5) must be greater than start (5)');
  });
  it('reports a length unlike the text, counting code points', () => {
    const ok = parseCodings(file([CODING({ text: 'Zoë 😀', end: 5 })]), path);
    assert.deepEqual(ok.problems, []);
    const bad = parseCodings('source: t/p1.txt\ncodings:\n  - id: a\n    code: c\n    start: 0\n    end: 6\n    text: "Zoë 😀"\n', path);
    assert.equal(first(bad.problems), '6:10: end - start is 6 but text has 5 code points');
  });
  it('reports a source that does not match the path', () => {
    const r = parseCodings('source: t/p2.txt\ncodings: []\n', path);
    assert.equal(first(r.problems), '1:9: source "t/p2.txt" does not match this file\'s path: expected "t/p1.txt"');
  });
  it('reports duplicate coding ids and negative offsets', () => {
    const r = parseCodings(file([CODING(), CODING()]).replace('start: 0', 'start: -1'), path);
    const msgs = r.problems.map((p) => p.message);
    assert.ok(
      msgs.some((m) => /codings\[0\]\.start: must not be negative/.test(m)),
      msgs.join('\n'),
    );
  });
  it('keeps a coding with bad offsets in memory but makes the file unwritable', () => {
    const r = parseCodings(file([CODING({ end: 4 })]), path);
    assert.equal(r.value?.codings.length, 1);
    assert.equal(r.writable, false);
  });
  it('does not treat offsets past the end of the source as an error', () => {
    assert.deepEqual(parseCodings(file([CODING({ start: 99999, end: 100004 })]), path).problems, []);
  });
  it('counts columns in code points on lines with astral characters', () => {
    const r = parseCodings('source: t/p1.txt\ncodings:\n  - {text: "😀😀", id: a, code: c, start: 0, end: x}\n', path);
    const p = r.problems.find((q) => /end/.test(q.message))!;
    assert.equal(p.column, 49, 'two astral characters count once each');
    assert.equal(p.utf16Column, 51);
  });
  it('reads a CRLF file with a BOM-less body and reports positions by line', () => {
    const r = parseCodings(
      'source: t/p1.txt\r\ncodings:\r\n  - id: a\r\n    code: c\r\n    start: 3\r\n    end: 1\r\n    text: ab\r\n',
      path,
    );
    assert.equal(first(r.problems), '6:10: end (1) must be greater than start (3)');
  });
});

describe('format: memos', () => {
  const memo =
    '---\nid: m-1\ncreated: 2026-11-29T14:32:00Z\nauthor: mf\nkind: reflexive\nlinks:\n  - code: security\n---\nWhat I expected.\n';
  it('round-trips front matter and body', () => {
    const r = parseMemo(memo, 'qda/memos/x.md');
    assert.deepEqual(r.problems, []);
    assert.equal(r.value?.meta.kind, 'reflexive');
    assert.equal(r.value?.body, 'What I expected.\n');
    assert.equal(serializeMemo(r.value!), memo);
  });
  it('reports a bad kind with the line in the file (front matter starts on line 2)', () => {
    const r = parseMemo(memo.replace('kind: reflexive', 'kind: diary'), 'qda/memos/x.md');
    assert.equal(r.problems[0].line, 5);
    assert.equal(r.problems[0].column, 7);
    assert.match(r.problems[0].message, /^kind: /);
  });
  it('reports a missing front matter and an unclosed one', () => {
    assert.match(first(parseMemo('Just text\n', 'x.md').problems), /^1:1: a memo starts with a front-matter block/);
    assert.match(first(parseMemo('---\nid: a\n', 'x.md').problems), /^1:1: the front-matter block is not closed/);
  });
});

describe('format: participants.yaml', () => {
  const text = `attributes:
  region: [north, wales]
participants:
  - id: p2
    sources: [t/p2.txt]
    attributes: {region: wales}
  - id: p1
    sources: [t/p1.txt]
    interviewed: 2026-03-02
    attributes: {region: north}
target:
  region: {north: 0.5, wales: 0.5}
`;
  it('writes participants sorted by id with inline lists and maps', () => {
    const r = parseParticipants(text);
    assert.deepEqual(r.problems, []);
    const out = serializeParticipants(r.value!);
    assert.equal(
      out,
      `attributes:
  region: [north, wales]
participants:
  - id: p1
    sources: [t/p1.txt]
    interviewed: 2026-03-02
    attributes: {region: north}
  - id: p2
    sources: [t/p2.txt]
    attributes: {region: wales}
target:
  region: {north: 0.5, wales: 0.5}
`,
    );
  });
  it('reports duplicate ids, a source owned twice and undeclared values', () => {
    const dup = parseParticipants(text.replace('id: p1', 'id: p2').replace('{region: north}', '{region: south}'));
    let msgs = dup.problems.map((p) => `${p.line}:${p.column}: ${p.message}`);
    assert.ok(msgs.includes('7:9: duplicate participant id "p2"'), msgs.join('\n'));
    const shared = parseParticipants(
      text.replace('sources: [t/p1.txt]', 'sources: [t/p2.txt]').replace('{region: north}', '{region: south}'),
    );
    msgs = shared.problems.map((p) => `${p.line}:${p.column}: ${p.message}`);
    assert.ok(msgs.includes('8:15: source "t/p2.txt" already belongs to participant "p2"'), msgs.join('\n'));
    assert.ok(
      msgs.some((m) => m.startsWith('10:26: "south" is not one of the declared values')),
      msgs.join('\n'),
    );
  });
  it('reports a proportion out of range', () => {
    const r = parseParticipants('participants: []\ntarget:\n  region: {north: 1.5}\n');
    assert.match(first(r.problems), /^3:19: target\.region\.north: a proportion is between 0 and 1/);
  });
});
