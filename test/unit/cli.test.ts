import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli';

/** Runs `qda …` in-process in `cwd`; returns exit code and output lines. */
async function qda(cwd: string, ...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { cwd, out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'qda-cli-'));
}

function write(root: string, rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
}

const TRANSCRIPT = 'Interviewer: And money?\n\nP01: I never know if the money will last. I never know.\n';

/** A small valid project with one transcript and one coding. */
function project(): string {
  const root = tempDir();
  write(root, 'qda/project.yaml', 'format: 1\ntitle: T\nsources:\n  - transcripts/**/*.txt\n');
  write(root, 'qda/codebook.yaml', 'codes:\n  - id: security\n    name: Financial security\n');
  write(root, 'transcripts/p01.txt', TRANSCRIPT);
  const start = TRANSCRIPT.indexOf('I never know if');
  write(
    root,
    'qda/codings/transcripts/p01.txt.yaml',
    `source: transcripts/p01.txt
codings:
  - id: c1
    code: security
    start: ${start}
    end: ${start + 35}
    text: I never know if the money will last
    coder: mf
`,
  );
  return root;
}

describe('qda CLI', () => {
  it('init creates project.yaml, an empty codebook and qda/.gitignore, and refuses a second time', async () => {
    const root = tempDir();
    const r = await qda(root, 'init', '--title', 'My study', '--sources', 'data/*.transcript', '--sources', 'data/*.txt');
    assert.equal(r.code, 0, r.err.join('\n'));
    assert.equal(
      fs.readFileSync(path.join(root, 'qda/project.yaml'), 'utf8'),
      'format: 1\ntitle: My study\nsources:\n  - data/*.transcript\n  - data/*.txt\nsaturation:\n  order: []\n  baseSize: 4\n  runLength: 2\n  threshold: 0.05\n',
    );
    assert.equal(fs.readFileSync(path.join(root, 'qda/codebook.yaml'), 'utf8'), 'codes: []\n');
    assert.match(fs.readFileSync(path.join(root, 'qda/.gitignore'), 'utf8'), /^private\/$/m);
    assert.equal((await qda(root, 'validate')).code, 0);
    const again = await qda(root, 'init');
    assert.equal(again.code, 2);
    assert.match(again.err[0], /already exists/);
  });

  it('validate exits 0 on a valid project', async () => {
    const r = await qda(project(), 'validate');
    assert.equal(r.code, 0, r.out.join('\n'));
    assert.deepEqual(r.out, []);
  });

  it('finds the project from a subfolder and with --project', async () => {
    const root = project();
    assert.equal((await qda(path.join(root, 'transcripts'), 'validate')).code, 0);
    assert.equal((await qda(os.tmpdir(), 'validate', '--project', root)).code, 0);
    const none = await qda(tempDir(), 'validate');
    assert.equal(none.code, 2);
    assert.match(none.err[0], /no Reflexive QDA project here/);
  });

  // Every class of bad input: the message is at the right line:column, and the bad file is byte-identical afterwards.
  const cases: { name: string; file: string; text: string | Buffer; expect: string }[] = [
    {
      name: 'a YAML syntax error',
      file: 'qda/codebook.yaml',
      text: 'codes:\n  - id: a\n    name: "unclosed\n',
      expect: 'qda/codebook.yaml:4:1: YAML syntax error: Missing closing "quote',
    },
    {
      name: 'a wrong type',
      file: 'qda/codebook.yaml',
      text: 'codes:\n  - id: a\n    name: A\n    status: maybe\n',
      expect: 'qda/codebook.yaml:4:13: codes[0].status:',
    },
    {
      name: 'a missing key',
      file: 'qda/codebook.yaml',
      text: 'codes:\n  - id: security\n    definition: x\n',
      expect: 'qda/codebook.yaml:2:5: codes[0]: missing required key "name"',
    },
    {
      name: 'a duplicate code id',
      file: 'qda/codebook.yaml',
      text: 'codes:\n  - {id: security, name: A}\n  - {id: security, name: B}\n',
      expect: 'qda/codebook.yaml:3:10: duplicate code id "security"',
    },
    {
      name: 'a duplicate key',
      file: 'qda/codebook.yaml',
      text: 'codes:\n  - id: security\n    name: A\n    name: B\n',
      expect: 'qda/codebook.yaml:4:5: duplicate key',
    },
    {
      name: 'a parent cycle',
      file: 'qda/codebook.yaml',
      text: 'codes:\n  - {id: security, name: A, parent: b}\n  - {id: b, name: B, parent: security}\n',
      expect: 'qda/codebook.yaml:3:30: parent cycle: b -> security -> b',
    },
    {
      name: 'a coding naming an unknown code',
      file: 'qda/codings/transcripts/p01.txt.yaml',
      text: 'source: transcripts/p01.txt\ncodings:\n  - id: c1\n    code: nope\n    start: 0\n    end: 11\n    text: Interviewer\n',
      expect: 'qda/codings/transcripts/p01.txt.yaml:4:11: coding "c1" names code "nope"',
    },
    {
      name: 'end <= start',
      file: 'qda/codings/transcripts/p01.txt.yaml',
      text: 'source: transcripts/p01.txt\ncodings:\n  - id: c1\n    code: security\n    start: 11\n    end: 0\n    text: Interviewer\n',
      expect: 'qda/codings/transcripts/p01.txt.yaml:6:10: end (0) must be greater than start (11)',
    },
    {
      name: 'end - start unlike the text',
      file: 'qda/codings/transcripts/p01.txt.yaml',
      text: 'source: transcripts/p01.txt\ncodings:\n  - id: c1\n    code: security\n    start: 0\n    end: 12\n    text: Interviewer\n',
      expect: 'qda/codings/transcripts/p01.txt.yaml:6:10: end - start is 12 but text has 11 code points',
    },
    {
      name: 'a source unlike the path',
      file: 'qda/codings/transcripts/p01.txt.yaml',
      text: 'source: transcripts/p02.txt\ncodings: []\n',
      expect: 'qda/codings/transcripts/p01.txt.yaml:1:9: source "transcripts/p02.txt" does not match',
    },
    {
      name: 'an unknown format',
      file: 'qda/project.yaml',
      text: 'format: 7\nsources: []\n',
      expect: 'qda/project.yaml:1:9: unknown format 7',
    },
    {
      name: 'a bad memo kind',
      file: 'qda/memos/2026-01-01-x.md',
      text: '---\nid: m1\ncreated: 2026-01-01T00:00:00Z\nkind: diary\n---\nText\n',
      expect: 'qda/memos/2026-01-01-x.md:4:7: kind:',
    },
    {
      name: 'bytes that are not UTF-8',
      file: 'qda/codebook.yaml',
      text: Buffer.from([0x63, 0x6f, 0x64, 0x65, 0x73, 0x3a, 0x20, 0xff, 0x0a]),
      expect: 'qda/codebook.yaml:1:8: not valid UTF-8 (byte 7)',
    },
  ];
  for (const c of cases) {
    it(`validate reports ${c.name} at its line and column and leaves the file byte-identical`, async () => {
      const root = project();
      write(root, c.file, c.text as string);
      const before = fs.readFileSync(path.join(root, c.file));
      const r = await qda(root, 'validate');
      assert.equal(r.code, 1, `exit code; output:\n${r.out.join('\n')}`);
      assert.ok(
        r.out.some((l) => l.startsWith(c.expect)),
        `expected a line starting with\n  ${c.expect}\ngot:\n  ${r.out.join('\n  ')}`,
      );
      assert.deepEqual(fs.readFileSync(path.join(root, c.file)), before);
    });
  }

  it('does not count offsets past the end of a source as invalid', async () => {
    const root = project();
    write(
      root,
      'qda/codings/transcripts/p01.txt.yaml',
      'source: transcripts/p01.txt\ncodings:\n  - {id: c1, code: security, start: 5000, end: 5011, text: Interviewer}\n',
    );
    assert.equal((await qda(root, 'validate')).code, 0);
  });

  it('status --json reports exact and orphaned codings with their offsets', async () => {
    const root = project();
    write(
      root,
      'qda/codings/transcripts/p01.txt.yaml',
      `source: transcripts/p01.txt
codings:
  - {id: c1, code: security, start: 0, end: 11, text: Interviewer}
  - {id: c2, code: security, start: 30, end: 47, text: nowhere in the text}
`.replace('end: 47', 'end: 49'),
    );
    const r = await qda(root, 'status', '--json');
    assert.equal(r.code, 0, r.err.join('\n'));
    const json = JSON.parse(r.out.join('\n'));
    assert.deepEqual(json.sources, [{ path: 'transcripts/p01.txt', codings: 2, exact: 1, moved: 0, orphaned: 1 }]);
    assert.deepEqual(json.codings, [
      { id: 'c1', source: 'transcripts/p01.txt', code: 'security', start: 0, end: 11, state: 'exact' },
      { id: 'c2', source: 'transcripts/p01.txt', code: 'security', start: 30, end: 49, state: 'orphaned' },
    ]);
  });

  it('status reports a moved passage at its new place', async () => {
    const root = project();
    write(root, 'transcripts/p01.txt', 'A new first line.\n' + TRANSCRIPT);
    const r = await qda(root, 'status', '--json');
    const c = JSON.parse(r.out.join('\n')).codings[0];
    const start = ('A new first line.\n' + TRANSCRIPT).indexOf('I never know if');
    assert.deepEqual([c.state, c.start, c.end], ['moved', start, start + 35]);
  });

  it('reanchor writes the new offsets of moved codings, and status then reports them exact', async () => {
    const root = project();
    write(root, 'transcripts/p01.txt', 'A new first line.\n' + TRANSCRIPT);
    const r = await qda(root, 'reanchor');
    assert.equal(r.code, 0);
    assert.match(r.out[0], /^1 moved coding\(s\) re-anchored in 1 file\(s\)/);
    const start = ('A new first line.\n' + TRANSCRIPT).indexOf('I never know if');
    assert.match(
      fs.readFileSync(path.join(root, 'qda/codings/transcripts/p01.txt.yaml'), 'utf8'),
      new RegExp(`start: ${start}\n    end: ${start + 35}\n`),
    );
    const s = JSON.parse((await qda(root, 'status', '--json')).out.join(''));
    assert.deepEqual(s.sources[0], { path: 'transcripts/p01.txt', codings: 1, exact: 1, moved: 0, orphaned: 0 });
  });

  it('status without --json prints a table with totals', async () => {
    const r = await qda(project(), 'status');
    assert.equal(r.code, 0);
    assert.match(r.out[0], /^source\s+codings\s+exact\s+moved\s+orphaned$/);
    assert.match(r.out[r.out.length - 1], /^total\s+1\s+1\s+0\s+0$/);
  });

  it('import transcript converts a WebVTT file beside it and refuses to overwrite without --force', async () => {
    const root = project();
    write(
      root,
      'transcripts/new.vtt',
      'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Interviewer>Hello.\n\n00:00:02.500 --> 00:00:04.000\n<v P02>Hi there.\n',
    );
    const r = await qda(root, 'import', 'transcript', 'transcripts/new.vtt');
    assert.equal(r.code, 0, r.err.join('\n'));
    const out = fs.readFileSync(path.join(root, 'transcripts/new.transcript'), 'utf8');
    assert.match(out, /Interviewer: Hello\.\n\n.*P02: Hi there\.\n$/);
    const again = await qda(root, 'import', 'transcript', 'transcripts/new.vtt');
    assert.equal(again.code, 1);
    assert.match(again.err[0], /already exists; pass --force/);
    assert.equal((await qda(root, 'import', 'transcript', 'transcripts/new.vtt', '--force')).code, 0);
  });

  it('import transcript reports a malformed file at its line and column and writes nothing', async () => {
    const root = project();
    write(root, 'bad.srt', '1\n00:00:01,000 -> 00:00:02,000\nHello\n');
    const r = await qda(root, 'import', 'transcript', 'bad.srt');
    assert.equal(r.code, 1);
    assert.match(r.out[0], /^bad\.srt:2:\d+: /);
    assert.ok(!fs.existsSync(path.join(root, 'bad.transcript')));
  });

  it('export passages writes the passages of a code as CSV', async () => {
    const root = project();
    const r = await qda(root, 'export', 'passages', '--format', 'csv', '--code', 'security', '--no-pseudonymise');
    assert.equal(r.code, 0, r.err.join('\n'));
    const lines = r.out.join('\n').split('\r\n');
    assert.equal(lines[0], 'code,code path,source,participant,speaker,start,end,passage,coder,note');
    assert.match(lines[1], /^security,Financial security,transcripts\/p01\.txt,,P01,\d+,\d+,I never know if the money will last,mf,/);
    assert.equal((await qda(root, 'export', 'passages', '--code', 'nope')).code, 2);
  });

  it('rejects an unknown command and unknown options with exit 2', async () => {
    assert.equal((await qda(project(), 'frobnicate')).code, 2);
    assert.equal((await qda(project(), 'validate', '--nope')).code, 2);
  });
});
