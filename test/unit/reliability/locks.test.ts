/**
 * The CLI's lock file, qda/.cache/lock, when it is not a lock file (#20 item
 * 6). A folder, a dangling link, a named pipe or a file that cannot be read
 * in its place is reported and the command ends; before, the loop that waits
 * for the lock retried at once, for ever, at 100 % CPU. A corrupt lock's bytes
 * are never printed raw (they could drive the terminal).
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { hostname } from 'node:os';
import fsp = require('node:fs/promises');
import { ProjectError } from '../../../src/core/project';
import { acquireLock, LOCK_PATH } from '../../../src/node/nodeFiles';
import { hashTree, qda, tempDir, validProject } from './fixtures';

/** Runs `attempt`, failing the test (instead of spinning) if it has not settled after `ms`. */
async function settles<T>(attempt: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still waiting after ${ms} ms: the lock loop spins`)), ms);
  });
  try {
    return await Promise.race([attempt, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Counts reads of the lock path while `run` goes: a spinning loop reads it thousands of times. */
async function countingReads<T>(file: string, run: () => Promise<T>): Promise<{ result: T | Error; reads: number }> {
  const mutable = fsp as unknown as Record<string, unknown>;
  const real = fsp.readFile;
  let reads = 0;
  mutable.readFile = (p: unknown, ...rest: unknown[]) => {
    if (p === file) reads++;
    return (real as (...a: unknown[]) => unknown)(p, ...rest);
  };
  try {
    const result = await run().catch((e: Error) => e);
    return { result, reads };
  } finally {
    mutable.readFile = real;
  }
}

const BAD_LOCKS: { name: string; make: (file: string) => void; reason: RegExp }[] = [
  { name: 'a folder', make: (f) => fs.mkdirSync(f), reason: /folder/ },
  { name: 'a dangling link', make: (f) => fs.symlinkSync(path.join(path.dirname(f), 'gone'), f), reason: /link/ },
  { name: 'a link to a file', make: (f) => (fs.writeFileSync(`${f}-target`, '1 h x'), fs.symlinkSync(`${f}-target`, f)), reason: /link/ },
  { name: 'a link to itself', make: (f) => fs.symlinkSync(f, f), reason: /link/ },
  { name: 'a named pipe', make: (f) => execFileSync('mkfifo', [f]), reason: /not a (regular )?file|pipe/ },
];

describe('reliability: the lock file', function () {
  this.timeout(30000);

  for (const bad of BAD_LOCKS) {
    it(`reports a lock that is ${bad.name} and ends, without spinning`, async () => {
      const dir = tempDir('qda-lock-');
      const file = path.join(dir, 'lock');
      bad.make(file);
      const { result, reads } = await countingReads(file, () => settles(acquireLock(file, { timeoutMs: 60_000 }), 5000));
      assert.ok(result instanceof ProjectError, `expected a refusal, got ${String(result)}`);
      assert.match(result.message, bad.reason);
      assert.match(result.message, /lock/);
      assert.ok(reads <= 2, `${reads} reads of the lock path`);
    });
  }

  it('ends a CLI command with the reason when qda/.cache/lock is a folder, and writes nothing', async () => {
    const root = validProject({ pseudonymMap: false });
    fs.mkdirSync(path.join(root, ...LOCK_PATH.split('/')), { recursive: true });
    const before = hashTree(root);
    const r = await settles(qda(root, 'pseudonyms', '--init'), 5000);
    assert.equal(r.code, 1, r.err.join('\n'));
    assert.match(r.err.join('\n'), /qda\/\.cache\/lock.*folder/);
    assert.deepEqual(hashTree(root), before);
  });

  it('never prints a corrupt lock raw: control characters and escape sequences are shown escaped', async () => {
    const dir = tempDir('qda-lock-');
    const file = path.join(dir, 'lock');
    // Held (fresh, and naming this live process on this host) but with terminal escapes around it.
    fs.writeFileSync(file, `${process.pid} ${hostname()} \u001b[2J\u001b]0;owned\u0007\r\u0000${'x'.repeat(500)}`);
    const e = await acquireLock(file, { timeoutMs: 200 }).then(
      () => undefined,
      (x: Error) => x,
    );
    assert.ok(e instanceof ProjectError, String(e));
    assert.doesNotMatch(e.message, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/, JSON.stringify(e.message));
    assert.ok(e.message.length < 400, `${e.message.length} characters`);
    assert.match(e.message, /another process is changing this project/);
  });

  it('still waits for a live holder and takes the lock once it is released', async () => {
    const dir = tempDir('qda-lock-');
    const file = path.join(dir, 'lock');
    const release = await acquireLock(file);
    const second = acquireLock(file, { timeoutMs: 5000 });
    setTimeout(() => void release(), 100);
    const release2 = await second;
    assert.ok(fs.statSync(file).isFile());
    await release2();
    assert.equal(fs.existsSync(file), false);
  });
});
