import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../../src/cli';
import { fixture } from './importHelpers';
import { renameEntry, zip } from './zipBytes';

const SAMPLE = path.resolve(__dirname, '../../../../sample');

async function run(cwd: string, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { cwd, out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

const tmp = (name: string) => fs.mkdtempSync(path.join(os.tmpdir(), `qda-${name}-`));

describe('qda export qdpx / qda import qdpx', () => {
  it('exports the project to a .qdpx and says it is not pseudonymised; needs -o', async () => {
    const root = tmp('qdpx-out');
    fs.cpSync(SAMPLE, root, { recursive: true });
    const r = await run(root, 'export', 'qdpx', '-o', 'study.qdpx');
    assert.equal(r.code, 0, r.err.join('\n'));
    assert.match(
      r.err.join('\n'),
      /not pseudonymised[\s\S]*wrote study\.qdpx: 13 transcripts, 18 codes, 83 codings, 4 memos, 12 participants/,
    );
    assert.deepEqual([...fs.readFileSync(path.join(root, 'study.qdpx')).subarray(0, 2)], [0x50, 0x4b]);
    assert.equal((await run(root, 'export', 'qdpx')).code, 2);
  });

  it('prints the plan and writes nothing without --yes; with --yes creates a project in a folder that has none', async () => {
    const dir = tmp('qdpx-in');
    fs.writeFileSync(path.join(dir, 'qc.qdpx'), fixture('qc-like'));
    const dry = await run(dir, 'import', 'qdpx', 'qc.qdpx');
    assert.equal(dry.code, 0, dry.err.join('\n'));
    assert.equal(dry.out[0], 'qc.qdpx: REFI-QDA project "qc project" into a new Reflexive QDA project in this folder');
    assert.match(dry.err.join('\n'), /nothing written: run again with --yes/);
    assert.deepEqual(fs.readdirSync(dir), ['qc.qdpx']);
    const wet = await run(dir, 'import', 'qdpx', 'qc.qdpx', '--yes');
    assert.equal(wet.code, 0, wet.err.join('\n'));
    assert.match(wet.err.join('\n'), /imported: 2 transcripts added, 13 codes, 10 codings.*new project in /);
    assert.ok(fs.existsSync(path.join(dir, 'qda', 'project.yaml')));
    const validate = await run(dir, 'validate');
    assert.equal(validate.code, 0, validate.out.join('\n'));
  });

  it('exits 1 and writes nothing for a refused file', async () => {
    const dir = tmp('qdpx-bad');
    fs.writeFileSync(
      path.join(dir, 'bad.qdpx'),
      renameEntry(zip({ 'project.qde': '<Project name="x"/>', 'aa/b.txt': 'x' }), 'aa/b.txt', '../b.txt'),
    );
    const r = await run(dir, 'import', 'qdpx', 'bad.qdpx', '--yes');
    assert.equal(r.code, 1);
    assert.match(
      r.err.join('\n'),
      /bad\.qdpx: the archive holds "\.\.\/b\.txt", a path that leads outside the archive: refused; nothing imported/,
    );
    assert.deepEqual(fs.readdirSync(dir), ['bad.qdpx']);
  });
});
