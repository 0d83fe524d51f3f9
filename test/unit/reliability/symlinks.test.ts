/**
 * Links in a project (#20 item 1). Git stores symbolic links, so a cloned
 * repository can carry a transcript that is really ~/.ssh/id_rsa, or a qda/reviews
 * folder that is really someone else's folder. A file that resolves outside the
 * workspace folder is never read (and is reported with its path); a linked
 * folder inside qda/ is never written through. Real links in temp folders.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Module = require('node:module');
import { addCode } from '../../../src/core/codes';
import { addCoding } from '../../../src/core/coding';
import { Project, RefusedPathError } from '../../../src/core/project';
import { NodeFiles, nodePorts } from '../../../src/node/nodeFiles';
import { CODINGS_PATH, hashTree, qda, tempDir, TRANSCRIPT, TRANSCRIPT_PATH, VALID, validProject, writeFiles } from './fixtures';

const SECRET = 'SECRET-KEY-MATERIAL-0123456789';

/** A folder outside the project holding a "secret" file and a valid-looking copy of each project file. */
function outsideFolder(): string {
  const dir = tempDir('qda-outside-');
  // The secret has the transcript's shape, so that the project's codings would quote it if it were read.
  fs.writeFileSync(path.join(dir, 'secret.txt'), TRANSCRIPT.replace('I never know if the money will last.', SECRET.padEnd(36, '!')));
  writeFiles(dir, { 'codebook.yaml': VALID['qda/codebook.yaml'], 'intro.md': `# ${SECRET}\n` });
  return dir;
}

function listing(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      out.push(child);
      if (e.isDirectory()) walk(child);
    }
  };
  walk('');
  return out.sort();
}

describe('reliability: links that lead out of the workspace folder', function () {
  this.timeout(30000);

  it('does not read a transcript that links outside: validate names it, exports never quote it', async () => {
    const root = validProject();
    const outside = outsideFolder();
    fs.rmSync(path.join(root, TRANSCRIPT_PATH));
    fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(root, TRANSCRIPT_PATH));
    const v = await qda(root, 'validate');
    assert.equal(v.code, 1, v.out.join('\n'));
    assert.ok(
      v.out.some((l) => l.startsWith(`${TRANSCRIPT_PATH}:`) && /outside the workspace folder/.test(l)),
      v.out.join('\n'),
    );
    for (const format of ['md', 'csv']) {
      const r = await qda(root, 'export', 'passages', '--format', format, '--no-pseudonymise');
      assert.doesNotMatch(r.out.join('\n'), new RegExp(SECRET), `passages.${format} quotes the linked file`);
    }
    const project = await Project.open(nodePorts(root));
    assert.equal(await project.store.readText(TRANSCRIPT_PATH), undefined, 'the store does not read it');
    await assert.rejects(nodePorts(root).files.read(TRANSCRIPT_PATH), /outside the workspace folder/);
  });

  it('does not read qda/review-intro.md or qda/codebook.yaml through a link, and says which file', async () => {
    const root = validProject();
    const outside = outsideFolder();
    fs.symlinkSync(path.join(outside, 'intro.md'), path.join(root, 'qda', 'review-intro.md'));
    fs.rmSync(path.join(root, 'qda', 'codebook.yaml'));
    fs.symlinkSync(path.join(outside, 'codebook.yaml'), path.join(root, 'qda', 'codebook.yaml'));
    const project = await Project.open(nodePorts(root));
    const mine = project.problems.filter((p) => p.file === 'qda/codebook.yaml' && p.severity === 'error');
    assert.ok(
      mine.some((p) => /outside the workspace folder/.test(p.message)),
      JSON.stringify(project.problems),
    );
    assert.equal(project.codebook.codes.length, 0, 'the linked codebook is not loaded');
    const before = listing(outside).map((f) => [f, fs.readFileSync(path.join(outside, f), 'utf8')]);
    await assert.rejects(addCode(project, { name: 'Written through a link' }), /qda\/codebook\.yaml/);
    const r = await qda(root, 'export', 'review', '--round', 'round-1', '-o', path.join(tempDir(), 'pack.html'));
    assert.notEqual(r.code, 0, 'the pack is not built from a linked introduction');
    assert.match(r.err.join('\n'), /qda\/(review-intro\.md|codebook\.yaml).*outside the workspace folder/);
    assert.deepEqual(
      listing(outside).map((f) => [f, fs.readFileSync(path.join(outside, f), 'utf8')]),
      before,
      'nothing outside changed',
    );
  });

  for (const folder of ['qda/reviews', 'qda/codings', 'qda/memos', 'qda/private', 'qda/.cache']) {
    it(`never writes through ${folder} when it is a link to a folder outside`, async () => {
      const root = validProject();
      const outside = tempDir('qda-outside-dir-');
      const inProject = path.join(root, ...folder.split('/'));
      if (fs.existsSync(inProject)) {
        fs.cpSync(inProject, outside, { recursive: true });
        fs.rmSync(inProject, { recursive: true });
      }
      fs.symlinkSync(outside, inProject);
      const before = listing(outside);
      const project = await Project.open(nodePorts(root));
      const attempts: Promise<unknown>[] = [
        addCoding(project, TRANSCRIPT, { source: TRANSCRIPT_PATH, code: 'material', start: 0, end: 11 }),
        project.writeFile('qda/memos/2026-02-01-new.md', '---\nid: m-new\ncreated: 2026-02-01T10:00:00Z\nkind: reflexive\n---\nNew.\n'),
        project.writeFile('qda/private/pseudonyms.yaml', 'names:\n  Sam: Alex\n'),
        project.writeFile('qda/reviews/round-9/round.json', '{}\n'),
      ];
      for (const a of attempts) await a.catch(() => undefined);
      await qda(root, 'export', 'review', '--round', 'round-2');
      await qda(root, 'pseudonyms', '--init');
      await qda(root, 'reanchor');
      assert.deepEqual(listing(outside), before, `files appeared in the folder ${folder} links to`);
      if (folder === 'qda/codings') {
        const v = await qda(root, 'validate');
        assert.ok(
          v.out.some((l) => l.startsWith(`${folder}:`) && /outside the workspace folder/.test(l)),
          v.out.join('\n'),
        );
      }
    });
  }

  it('still reads and writes links that stay inside the workspace folder', async () => {
    const root = validProject();
    fs.renameSync(path.join(root, 'qda', 'codebook.yaml'), path.join(root, 'codebook-real.yaml'));
    fs.symlinkSync(path.join(root, 'codebook-real.yaml'), path.join(root, 'qda', 'codebook.yaml'));
    const project = await Project.open(nodePorts(root));
    assert.deepEqual(project.problems, []);
    assert.equal(project.codebook.codes.length, 3);
    const before = hashTree(root).get(CODINGS_PATH);
    await addCode(project, { name: 'Inside is fine' });
    assert.ok(project.codebook.codes.some((c) => c.name === 'Inside is fine'));
    assert.equal(hashTree(root).get(CODINGS_PATH), before);
  });

  describe('the VS Code port (src/vscode/workspaceFiles.ts)', () => {
    type Entry = { type: number; data?: Uint8Array };
    const FileType = { File: 1, Directory: 2, SymbolicLink: 64 };
    /** A virtual file system (not file:), as vscode.workspace.fs serves it: a link is a type flag, nothing more. */
    const tree = new Map<string, Entry>();
    const written: string[] = [];
    const stats: string[] = [];
    class FileSystemError extends Error {
      constructor(readonly code: string) {
        super(code);
      }
    }
    const rel = (u: { path: string }) => u.path.replace(/^\/ws\/?/, '');
    const fake = {
      FileType,
      FileSystemError,
      Uri: {
        joinPath: (base: { scheme: string; path: string }, ...parts: string[]) => ({
          scheme: base.scheme,
          authority: '',
          path: [base.path, ...parts].join('/'),
          fsPath: [base.path, ...parts].join('/'),
        }),
      },
      workspace: {
        fs: {
          stat: async (u: { path: string }) => {
            stats.push(rel(u));
            const e = tree.get(rel(u));
            if (!e) throw new FileSystemError('FileNotFound');
            return { type: e.type, mtime: 0, size: e.data?.length ?? 0 };
          },
          readFile: async (u: { path: string }) => tree.get(rel(u))?.data ?? Promise.reject(new FileSystemError('FileNotFound')),
          writeFile: async (u: { path: string }, data: Uint8Array) =>
            void (written.push(rel(u)), tree.set(rel(u), { type: FileType.File, data })),
          createDirectory: async () => undefined,
          rename: async (a: { path: string }, b: { path: string }) => void (written.push(rel(b)), tree.set(rel(b), tree.get(rel(a))!)),
          delete: async (u: { path: string }) => void tree.delete(rel(u)),
          readDirectory: async (u: { path: string }) => {
            const dir = rel(u);
            const prefix = dir ? `${dir}/` : '';
            return [...tree.keys()]
              .filter((k) => k.startsWith(prefix) && !k.slice(prefix.length).includes('/'))
              .map((k) => [k.slice(prefix.length), tree.get(k)!.type]);
          },
        },
      },
    };

    function load(): new (
      root: unknown,
      disk?: unknown,
    ) => {
      read(p: string): Promise<unknown>;
      writeAtomic(p: string, d: Uint8Array): Promise<void>;
      list(d: string, o?: object): Promise<string[]>;
      forget(p: string): void;
    } {
      const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
      const real = loader._load;
      loader._load = function (request: string, ...rest: unknown[]) {
        return request === 'vscode' ? fake : real.call(this, request, ...rest);
      };
      try {
        return (require('../../../src/vscode/workspaceFiles') as { WorkspaceFiles: ReturnType<typeof load> }).WorkspaceFiles;
      } finally {
        loader._load = real;
      }
    }

    it('on a local disk (the desktop passes the node port), refuses a transcript that links outside', async () => {
      const WorkspaceFiles = load();
      const root = validProject();
      fs.rmSync(path.join(root, TRANSCRIPT_PATH));
      fs.symlinkSync(path.join(outsideFolder(), 'secret.txt'), path.join(root, TRANSCRIPT_PATH));
      const files = new WorkspaceFiles({ scheme: 'file', authority: '', path: root, fsPath: root }, new NodeFiles(root));
      await assert.rejects(files.read(TRANSCRIPT_PATH), RefusedPathError);
    });

    it('on another file system, neither reads a link nor writes through a linked folder, and lists neither', async () => {
      const WorkspaceFiles = load();
      tree.clear();
      for (const d of ['qda', 'qda/reviews', 'transcripts'])
        tree.set(d, { type: d === 'qda/reviews' ? FileType.Directory | FileType.SymbolicLink : FileType.Directory });
      tree.set('qda/codebook.yaml', { type: FileType.File, data: new TextEncoder().encode('codes: []\n') });
      tree.set('transcripts/p01.txt', { type: FileType.File | FileType.SymbolicLink, data: new TextEncoder().encode(SECRET) });
      const files = new WorkspaceFiles({ scheme: 'vscode-vfs', authority: '', path: '/ws', fsPath: '/ws' });
      assert.ok(await files.read('qda/codebook.yaml'));
      await assert.rejects(
        files.read('transcripts/p01.txt'),
        (e: unknown) => e instanceof RefusedPathError && /transcripts\/p01\.txt is a link/.test(e.message),
      );
      await assert.rejects(
        files.writeAtomic('qda/reviews/round-1/round.json', new Uint8Array([1])),
        (e: unknown) => e instanceof RefusedPathError && /passes through qda\/reviews/.test(e.message),
      );
      assert.deepEqual(written, []);
      const refused: string[] = [];
      assert.deepEqual(await files.list('', { onRefused: (p: string) => refused.push(p) }), ['qda/codebook.yaml']);
      assert.deepEqual(refused.sort(), ['qda/reviews', 'transcripts/p01.txt']);
    });

    it('checks each part of a path once (listing learns them), and again after a file event there', async () => {
      const WorkspaceFiles = load();
      tree.clear();
      written.length = 0;
      for (const d of ['qda', 'qda/codings', 'qda/codings/transcripts', 'transcripts']) tree.set(d, { type: FileType.Directory });
      const text = new TextEncoder().encode('x');
      for (const f of ['qda/codebook.yaml', 'qda/codings/transcripts/p01.txt.yaml', 'transcripts/p01.txt'])
        tree.set(f, { type: FileType.File, data: text });
      const files = new WorkspaceFiles({ scheme: 'vscode-vfs', authority: '', path: '/ws', fsPath: '/ws' });
      // Without a listing, the first read checks each of the four parts of its path; the second, none.
      stats.length = 0;
      await files.read('qda/codings/transcripts/p01.txt.yaml');
      assert.deepEqual(stats, ['qda', 'qda/codings', 'qda/codings/transcripts', 'qda/codings/transcripts/p01.txt.yaml']);
      stats.length = 0;
      await files.read('qda/codings/transcripts/p01.txt.yaml');
      assert.deepEqual(stats, []);
      // A listing learns every type under it: reading what it listed checks nothing more.
      await files.list('');
      stats.length = 0;
      for (const f of ['qda/codebook.yaml', 'transcripts/p01.txt']) assert.ok(await files.read(f));
      assert.deepEqual(stats, []);
      // The folder is replaced by a link, and the watcher reports it: the next write through it is refused.
      tree.set('qda/codings', { type: FileType.Directory | FileType.SymbolicLink });
      files.forget('qda/codings');
      await assert.rejects(
        files.writeAtomic('qda/codings/transcripts/p01.txt.yaml', text),
        (e: unknown) => e instanceof RefusedPathError && /passes through qda\/codings,/.test(e.message),
      );
      assert.deepEqual(written, []);
      // A listing sees the link too, and lists nothing under it.
      const refused: string[] = [];
      assert.deepEqual(await files.list('', { onRefused: (p: string) => refused.push(p) }), ['qda/codebook.yaml', 'transcripts/p01.txt']);
      assert.deepEqual(refused, ['qda/codings']);
    });
  });
});
