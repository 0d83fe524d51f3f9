/**
 * `-o FILE` never replaces what it must not (#20 item 2): every `qda export`
 * refuses a target that is a project file (anything under qda/, a transcript),
 * a folder, a named pipe, a device, or a link that leads into the project; it
 * writes a regular file or a new path. The same rule for every export.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { hashTree, qda, tempDir, TRANSCRIPT_PATH, validProject } from './fixtures';

/** Every CLI export that writes -o, with what it needs first. */
const EXPORTS: { name: string; args: string[]; ext: string }[] = [
  { name: 'memos (md)', args: ['export', 'memos'], ext: 'md' },
  { name: 'memos (html)', args: ['export', 'memos', '--format', 'html'], ext: 'html' },
  { name: 'codebook (md)', args: ['export', 'codebook', '--format', 'md'], ext: 'md' },
  { name: 'codebook (csv)', args: ['export', 'codebook', '--format', 'csv'], ext: 'csv' },
  { name: 'codebook (docx)', args: ['export', 'codebook', '--format', 'docx'], ext: 'docx' },
  { name: 'codebook (qdc)', args: ['export', 'codebook', '--format', 'qdc'], ext: 'qdc' },
  { name: 'passages (md)', args: ['export', 'passages', '--format', 'md'], ext: 'md' },
  { name: 'passages (csv)', args: ['export', 'passages', '--format', 'csv'], ext: 'csv' },
  { name: 'passages (docx)', args: ['export', 'passages', '--format', 'docx'], ext: 'docx' },
  { name: 'review pack', args: ['export', 'review'], ext: 'html' },
  { name: 'review summary', args: ['export', 'review-summary', '--round', 'round-1'], ext: 'md' },
];

/** A project with a review round, so that every export has something to write. */
async function project(): Promise<string> {
  const root = validProject();
  const r = await qda(root, 'export', 'review', '--round', 'round-1');
  assert.equal(r.code, 0, r.err.join('\n'));
  return root;
}

/**
 * A character device to aim at: our own (/dev/null's numbers) in a temp folder when we may make
 * one, so that a failing export could never replace the machine's /dev/null; else /dev/null,
 * which a user who cannot make devices cannot replace either.
 */
function makeDevice(dir: string): string {
  const dev = path.join(dir, 'null-device');
  try {
    execFileSync('mknod', [dev, 'c', '1', '3'], { stdio: 'ignore' });
    return dev;
  } catch {
    return '/dev/null';
  }
}

describe('reliability: export targets (-o)', function () {
  this.timeout(60000);
  let root: string;
  let outside: string;
  let device: string;

  before(async () => {
    root = await project();
    outside = tempDir('qda-out-');
    fs.mkdirSync(path.join(root, 'folder'));
    execFileSync('mkfifo', [path.join(root, 'pipe')]);
    fs.writeFileSync(path.join(outside, 'existing.txt'), 'old');
    fs.symlinkSync(path.join(root, 'qda', 'codebook.yaml'), path.join(outside, 'link-to-codebook'));
    fs.symlinkSync(path.join(root, TRANSCRIPT_PATH), path.join(root, 'link-to-transcript'));
    fs.symlinkSync(path.join(root, 'qda'), path.join(outside, 'link-to-qda'));
    device = makeDevice(outside);
  });

  /** Targets every export refuses, and the words the refusal must use. */
  const refused = (): { target: string; reason: RegExp }[] => [
    { target: 'qda/codebook.yaml', reason: /qda\/codebook\.yaml.*(project|qda\/)/ },
    { target: 'qda/project.yaml', reason: /qda\/project\.yaml/ },
    { target: 'qda/codings/transcripts/p01.txt.yaml', reason: /qda\// },
    { target: 'qda/new-file.md', reason: /inside qda\// },
    { target: TRANSCRIPT_PATH, reason: /transcript/ },
    { target: 'transcripts/p02.txt', reason: /transcript/ },
    { target: 'folder', reason: /folder/ },
    { target: 'pipe', reason: /pipe|not a regular file/ },
    { target: device, reason: /device|not a regular file/ },
    { target: path.join(outside, 'link-to-codebook'), reason: /qda\/codebook\.yaml/ },
    { target: path.join(outside, 'link-to-qda', 'codebook.yaml'), reason: /qda\/codebook\.yaml/ },
    { target: 'link-to-transcript', reason: /transcript/ },
  ];

  for (const e of EXPORTS) {
    it(`refuses every target it must not replace: ${e.name}`, async () => {
      const before = hashTree(root);
      const codebook = fs.readFileSync(path.join(root, 'qda', 'codebook.yaml'));
      for (const { target, reason } of refused()) {
        const r = await qda(root, ...e.args, '-o', target);
        assert.notEqual(r.code, 0, `${e.name} -o ${target}: exit 0 (${r.err.join(' | ')})`);
        assert.match(r.err.join('\n'), reason, `${e.name} -o ${target}: ${r.err.join(' | ')}`);
        assert.match(
          r.err.join('\n'),
          /not written|refused|nothing (was )?(exported|written)/i,
          `${e.name} -o ${target} says nothing was written`,
        );
      }
      assert.deepEqual(hashTree(root), before, `${e.name}: no project file changed`);
      assert.deepEqual(fs.readFileSync(path.join(root, 'qda', 'codebook.yaml')), codebook);
      assert.ok(fs.statSync(path.join(root, 'folder')).isDirectory());
      assert.ok(fs.statSync(path.join(root, 'pipe')).isFIFO());
      assert.ok(fs.lstatSync(path.join(outside, 'link-to-codebook')).isSymbolicLink());
    });

    it(`writes a new path, a regular file and a path outside the project: ${e.name}`, async () => {
      const targets = [`out-${e.ext}.${e.ext}`, path.join(outside, `new.${e.ext}`), path.join(outside, 'existing.txt')];
      for (const target of targets) {
        const r = await qda(root, ...e.args, '-o', target);
        assert.equal(r.code, 0, `${e.name} -o ${target}: ${r.err.join(' | ')}`);
        const written = path.resolve(root, target);
        assert.ok(fs.statSync(written).isFile() && fs.statSync(written).size > 0, `${target} written`);
      }
      fs.writeFileSync(path.join(outside, 'existing.txt'), 'old');
    });
  }
});
