/**
 * Child processes for the reliability suite (run with node, not mocha):
 *   children.js write-loop FILE START     writes versions START, START+1, … of a 2 MB file forever
 *   children.js add-codings ROOT CODER N  adds N codings to transcripts/p01.txt through Project
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { addCoding } from '../../../src/core/coding/edits';
import { Project } from '../../../src/core/project/project';
import { nodePorts, writeFileAtomic } from '../../../src/node/nodeFiles';

/** Version `v` of a large codings file; every line names its version, so a torn file shows. */
export function versionText(v: number): string {
  const lines = [`# version ${v}`, 'source: p01.txt', 'codings:'];
  for (let i = 0; i < 16000; i++)
    lines.push(`  - id: c${i}v${v}`, `    code: v${v}`, `    start: ${i}`, `    end: ${i + 1}`, '    text: x');
  return lines.join('\n') + '\n';
}

async function writeLoop(file: string, start: number): Promise<void> {
  const parent = process.ppid;
  // "Forever" while the test that started it lives: a test run that dies must not leave this loop behind.
  for (let v = start; process.ppid === parent; v++) {
    await writeFileAtomic(file, Buffer.from(versionText(v)));
    process.stdout.write(`${v}\n`);
  }
}

async function addCodings(root: string, coder: string, n: number): Promise<void> {
  const project = await Project.open(nodePorts(root), { useCache: false });
  const text = fs.readFileSync(path.join(root, 'transcripts/p01.txt'), 'utf8');
  const length = [...text].length;
  for (let i = 0; i < n; i++) {
    const start = (i * 7 + coder.length) % (length - 5);
    await addCoding(project, text, {
      source: 'transcripts/p01.txt',
      code: 'security',
      start,
      end: start + 3,
      coder,
      note: `${coder}-${i}`,
    });
  }
}

if (require.main === module) {
  const [cmd, a, b, c] = process.argv.slice(2);
  const run =
    cmd === 'write-loop'
      ? writeLoop(a, Number(b ?? 1))
      : cmd === 'add-codings'
        ? addCodings(a, b, Number(c))
        : Promise.reject(new Error(`unknown ${cmd}`));
  run.catch((e) => {
    process.stderr.write(`child: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 1;
  });
}
