import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli';

async function qda(cwd: string, ...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { cwd, out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

function write(root: string, rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
}

// Two transcripts of 40 code points each ("A: " + 37 characters).
const A = 'A: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const B = 'B: bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
const coding = (id: string, code: string, coder: string, text: string, start: number, end: number) =>
  `  - {id: ${id}, code: ${code}, coder: ${coder}, start: ${start}, end: ${end}, text: "${text.slice(start, end)}"}\n`;

/** t/1.txt and t/2.txt both coded by lw and rk; t/3.txt by rk only; mf coded t/1.txt. */
function project(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'qda-agreement-'));
  write(root, 'qda/project.yaml', 'format: 1\ntitle: T\nsources:\n  - t/*.txt\n');
  write(root, 'qda/codebook.yaml', 'codes:\n  - {id: calm, name: Calm}\n  - {id: worry, name: "Worry | <b>fear</b>"}\n');
  for (const n of ['1', '2', '3']) write(root, `t/${n}.txt`, n === '2' ? B : A);
  write(
    root,
    'qda/codings/t/1.txt.yaml',
    'source: t/1.txt\ncodings:\n' +
      coding('a', 'worry', 'lw', A, 0, 20) +
      coding('b', 'worry', 'rk', A, 10, 30) +
      coding('c', 'calm', 'mf', A, 0, 5),
  );
  write(
    root,
    'qda/codings/t/2.txt.yaml',
    'source: t/2.txt\ncodings:\n' + coding('d', 'calm', 'lw', B, 0, 40) + coding('e', 'calm', 'rk', B, 0, 40),
  );
  write(root, 'qda/codings/t/3.txt.yaml', 'source: t/3.txt\ncodings:\n' + coding('f', 'worry', 'rk', A, 0, 40));
  return root;
}

describe('qda agreement', () => {
  it('prints the JSON the issue specifies, over the sources both coders coded', async () => {
    const r = await qda(project(), 'agreement', '--coders', 'lw,rk', '--json');
    assert.equal(r.code, 0, r.err.join('\n'));
    const j = JSON.parse(r.out.join('\n'));
    assert.deepEqual([j.coders, j.unit, j.sources], [['lw', 'rk'], 'character', ['t/1.txt', 't/2.txt']]);
    // worry: t/1 lw [0,20), rk [10,30): both 10, onlyA 10, onlyB 10; neither 80 − 30 = 50 (N = 80).
    //   κ: a = b = 20; pe·N² = 400 + 3600 = 4000; po·N² = 80·60 = 4800 -> 800 / (6400 − 4000) = 1/3
    // calm: t/2 both 40, neither 40 (t/1's units count as "neither"): κ = (80·80 − (1600 + 1600)) / (6400 − 3200) = 1
    const worry = j.codes.find((c: { code: string }) => c.code === 'worry');
    assert.deepEqual(Object.keys(worry).slice(0, 11), [
      'code',
      'name',
      'status',
      'kappa',
      'alpha',
      'agreement',
      'jaccard',
      'both',
      'onlyA',
      'onlyB',
      'neither',
    ]);
    assert.deepEqual([worry.both, worry.onlyA, worry.onlyB, worry.neither], [10, 10, 10, 50]);
    assert.ok(Math.abs(worry.kappa - 1 / 3) < 1e-9, String(worry.kappa));
    assert.equal(j.codes.find((c: { code: string }) => c.code === 'calm').kappa, 1);
    assert.deepEqual(Object.keys(j.overall).slice(0, 4), ['kappa', 'alpha', 'agreement', 'jaccard']);
    assert.deepEqual(j.skipped, [{ source: 't/3.txt', reason: 'only rk coded it' }]);
  });

  it('prints a table sorted by kappa, lowest first, with the counts', async () => {
    const r = await qda(project(), 'agreement', '--coders', 'lw,rk');
    assert.equal(r.code, 0, r.err.join('\n'));
    const lines = r.out.join('\n').split('\n');
    const header = lines.findIndex((l) => l.startsWith('code '));
    assert.match(lines[header], /^code\s+kappa\s+alpha\s+agreement\s+jaccard\s+both\s+only lw\s+only rk\s+neither$/);
    assert.match(lines[header + 1], /^Worry \| <b>fear<\/b>\s+0\.333\s.*\s10\s+10\s+10\s+50$/);
    assert.match(lines[header + 2], /^Calm\s+1\.000\s/);
    assert.match(lines[header + 3], /^All codes pooled\s/);
    assert.match(lines[0], /over the 80 characters of the 2 sources both coded: t\/1\.txt, t\/2\.txt/);
  });

  it('counts turns with --unit turn and narrows with --source', async () => {
    const root = project();
    const r = await qda(path.join(root, 't'), 'agreement', '--coders', 'lw,rk', '--unit', 'turn', '--source', '1.txt', '--json');
    assert.equal(r.code, 0, r.err.join('\n'));
    const j = JSON.parse(r.out.join('\n'));
    assert.deepEqual([j.unit, j.sources, j.unitsPerSource], ['turn', ['t/1.txt'], { 't/1.txt': 1 }]);
    const worry = j.codes[0];
    assert.deepEqual([worry.code, worry.both, worry.kappa], ['worry', 1, null]);
    assert.match(worry.reasons.kappa, /expected agreement is 1/);
  });

  it('writes CSV and Markdown tables with user text escaped', async () => {
    const root = project();
    const csv = await qda(root, 'agreement', '--coders', 'lw,rk', '--format', 'csv');
    const rows = csv.out.join('\n').split('\r\n');
    assert.equal(
      rows[0],
      'code,name,status,kappa,alpha,agreement,jaccard,both,only_lw,only_rk,neither,units,unit,coders,sources,undefined_because',
    );
    assert.match(rows[1], /^worry,Worry \| <b>fear<\/b>,active,0\.333333,/);
    const out = path.join(root, 'agreement.md');
    const md = await qda(root, 'agreement', '--coders', 'lw,rk', '-o', out);
    assert.equal(md.code, 0, md.err.join('\n'));
    const text = fs.readFileSync(out, 'utf8');
    assert.match(text, /^\| Code \| κ \| α \| Agreement \| Jaccard \| Both \| Only lw \| Only rk \| Neither \|$/m);
    assert.match(text, /^\| Worry \\\| &lt;b&gt;fear&lt;\/b&gt; \| 0\.333 \| /m);
    assert.match(text, /Cohen, J\. \(1960\)/);
  });

  it('gives Krippendorff’s alpha for three coders, a coder missing where they coded nothing', async () => {
    const r = await qda(project(), 'agreement', '--coders', 'lw,rk,mf', '--json');
    assert.equal(r.code, 0, r.err.join('\n'));
    const j = JSON.parse(r.out.join('\n'));
    assert.deepEqual(j.codersPerSource, { 't/1.txt': ['lw', 'rk', 'mf'], 't/2.txt': ['lw', 'rk'] });
    assert.ok(j.codes.every((c: { alpha: unknown }) => typeof c.alpha === 'number'));
  });

  it('refuses missing or unknown coders, an unknown unit and an unknown source', async () => {
    const root = project();
    for (const [args, message] of [
      [['--coders', 'lw'], /which coders\?/],
      [['--coders', 'lw,lw'], /name each coder once/],
      [['--coders', 'lw,zz'], /no codings by coder "zz" \(coders: lw, mf, rk\)/],
      [['--coders', 'lw,rk', '--unit', 'word'], /--unit word: use "character" or "turn"/],
      [['--coders', 'lw,rk', '--source', 't/9.txt'], /t\/9\.txt is not a source with codings/],
    ] as const) {
      const r = await qda(root, 'agreement', ...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err[0], message);
    }
  });
});
