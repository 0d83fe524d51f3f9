import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fsp = require('node:fs/promises');
import { parseCodings } from '../../../src/core/project/format';
import { writeFileAtomic } from '../../../src/node/nodeFiles';
import { versionText } from './children';
import { prng, tempDir } from './fixtures';

type Step = 'mkdir' | 'open' | 'write' | 'sync' | 'close' | 'rename' | 'cleanup';

/**
 * Makes one step of the next write fail, the way a full disk, a yanked USB stick
 * or an antivirus lock does: `write` writes half the bytes, then throws. Patches
 * node:fs/promises (which nodeFiles reads at each call) and restores it.
 */
async function withFault<T>(steps: readonly Step[], run: () => Promise<T>): Promise<T> {
  const real = { mkdir: fsp.mkdir, open: fsp.open, rename: fsp.rename, rm: fsp.rm };
  const boom = (step: string) => Object.assign(new Error(`injected failure: ${step}`), { code: step === 'write' ? 'ENOSPC' : 'EIO' });
  const mutable = fsp as unknown as Record<string, unknown>;
  if (steps.includes('mkdir'))
    mutable.mkdir = async () => {
      throw boom('mkdir');
    };
  if (steps.includes('cleanup'))
    mutable.rm = async () => {
      throw boom('cleanup');
    };
  if (steps.includes('rename'))
    mutable.rename = async () => {
      throw boom('rename');
    };
  mutable.open = async (...args: Parameters<typeof fsp.open>) => {
    if (steps.includes('open')) throw boom('open');
    const handle = await real.open(...args);
    return new Proxy(handle, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target);
        if (prop === 'writeFile' && steps.includes('write')) {
          return async (data: Uint8Array) => {
            await target.writeFile(data.subarray(0, Math.floor(data.length / 2)));
            throw boom('write');
          };
        }
        if (prop === 'sync' && steps.includes('sync'))
          return async () => {
            throw boom('sync');
          };
        if (prop === 'close' && steps.includes('close'))
          return async () => {
            await target.close();
            throw boom('close');
          };
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  };
  try {
    return await run();
  } finally {
    Object.assign(mutable, real);
  }
}

const OLD = Buffer.from('codes:\n  - id: old\n    name: The old codebook\n');
const NEW = Buffer.from(`codes:\n${'  - id: new\n    name: The new codebook\n'.repeat(2000)}`);

function leftovers(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'));
}

describe('reliability: atomic writes (node port)', () => {
  const failing: Step[][] = [['mkdir'], ['open'], ['write'], ['sync'], ['close'], ['rename'], ['write', 'cleanup'], ['rename', 'cleanup']];

  for (const steps of failing) {
    it(`leaves the old file whole and no temp file when ${steps.join(' and ')} fails`, async () => {
      const dir = tempDir();
      const file = path.join(dir, 'codebook.yaml');
      fs.writeFileSync(file, OLD);
      await assert.rejects(
        withFault(steps, () => writeFileAtomic(file, NEW)),
        (e: Error) => e.message === `injected failure: ${steps[0]}`,
      );
      assert.deepEqual(fs.readFileSync(file), OLD);
      if (!steps.includes('cleanup')) assert.deepEqual(leftovers(dir), []);
      await writeFileAtomic(file, NEW);
      assert.deepEqual(fs.readFileSync(file), NEW, 'the next write goes through');
    });
  }

  it('creates no file at all when a first write fails', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'sub', 'new.yaml');
    fs.mkdirSync(path.dirname(file));
    await assert.rejects(withFault(['sync'], () => writeFileAtomic(file, NEW)));
    assert.equal(fs.existsSync(file), false);
    assert.deepEqual(leftovers(path.dirname(file)), []);
  });

  it('replaces the file with exactly the new bytes when nothing fails', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'codebook.yaml');
    fs.writeFileSync(file, OLD);
    await withFault([], () => writeFileAtomic(file, NEW));
    assert.deepEqual(fs.readFileSync(file), NEW);
    assert.deepEqual(leftovers(dir), []);
  });

  it('leaves one complete version when the writing process is killed at any moment', async function () {
    this.timeout(60000);
    const dir = tempDir();
    const file = path.join(dir, 'qda', 'codings', 'p01.txt.yaml');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, versionText(0));
    const rnd = prng(7);
    const seen = new Set<number>();
    for (let round = 0; round < 6; round++) {
      const child = spawn(process.execPath, [path.join(__dirname, 'children.js'), 'write-loop', file, String(round * 100000 + 1)], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      // Killed at a random moment once it is writing: before, during or after a rename. On a busy machine
      // the first chunk read may hold several versions: the kill is scheduled on the first chunk, whatever it holds.
      let scheduled = false;
      await new Promise<void>((resolve) => {
        child.stdout.on('data', () => {
          if (scheduled) return;
          scheduled = true;
          setTimeout(() => child.kill('SIGKILL'), rnd.int(40));
        });
        child.on('exit', () => resolve());
      });
      const text = fs.readFileSync(file, 'utf8');
      const v = Number(/^# version (\d+)\n/.exec(text)?.[1]);
      assert.ok(Number.isInteger(v), `round ${round}: the file does not start with a version line: ${JSON.stringify(text.slice(0, 40))}`);
      assert.ok(text === versionText(v), `round ${round}: version ${v} is torn (${text.length} chars, expected ${versionText(v).length})`);
      seen.add(v);
    }
    const final = parseCodings(fs.readFileSync(file, 'utf8'), 'qda/codings/p01.txt.yaml');
    assert.ok(final.writable, JSON.stringify(final.problems.slice(0, 3)));
    // A killed writer cannot clean up: its temp files are hidden, named *.tmp, and ignored by every reader.
    for (const f of fs.readdirSync(path.dirname(file))) assert.ok(f === 'p01.txt.yaml' || /^\.p01\.txt\.yaml\.[0-9a-f]+\.tmp$/.test(f), f);
    assert.ok(seen.size >= 2, `the kills landed at different versions: ${[...seen]}`);
  });
});
