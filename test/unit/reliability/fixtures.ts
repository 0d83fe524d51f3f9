/**
 * Shared pieces of the reliability suite: a seeded PRNG (every generated corpus
 * is the same on every run, so a failure can be replayed), a small valid project
 * that touches every file kind, temp folders, and a hash of a folder's files.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../../src/cli';

/** mulberry32: tiny, fast, and good enough to pick positions and bytes. */
export function prng(seed: number): { next(): number; int(n: number): number; pick<T>(xs: readonly T[]): T } {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n) => Math.floor(next() * n), pick: (xs) => xs[Math.floor(next() * xs.length)] };
}

export const TRANSCRIPT_PATH = 'transcripts/p01.txt';
export const CODINGS_PATH = 'qda/codings/transcripts/p01.txt.yaml';
export const MEMO_PATH = 'qda/memos/2026-01-05-first-thoughts.md';

/** Non-ASCII on purpose: truncating at a byte boundary then cuts a character in two. */
export const TRANSCRIPT =
  'Interviewer: And money?\n\nP01: I never know if the money will last. Café prices — 💸 — scare me.\nP01: My tin for each bill keeps me going.\n';

function codingYaml(id: string, code: string, text: string, coder = 'mf'): string {
  const start = [...TRANSCRIPT.slice(0, TRANSCRIPT.indexOf(text))].length;
  return `  - id: ${id}\n    code: ${code}\n    start: ${start}\n    end: ${start + [...text].length}\n    text: ${JSON.stringify(text)}\n    coder: ${coder}\n    at: 2026-01-05T10:00:00Z\n`;
}

/** The valid project every malformed case starts from: one file of each kind. */
const PSEUDONYM_MAP = 'qda/private/pseudonyms.yaml';

export const VALID: Readonly<Record<string, string>> = {
  // Exports that quote refuse without a pseudonym map: the team has made one (no names listed yet).
  [PSEUDONYM_MAP]: 'names: {}\n',
  'qda/project.yaml':
    'format: 1\ntitle: Money and me — étude\nsources:\n  - transcripts/**/*.txt\nsaturation:\n  order: []\n  baseSize: 4\n  runLength: 2\n  threshold: 0.05\n',
  'qda/codebook.yaml': `codes:
  - id: budgeting
    name: Budgeting 💰
    parent: material
    color: "#4e79a7"
    definition: Tins, spreadsheets, sums at the table.
    status: active
    created: 2026-01-04T10:00:00Z
  - id: material
    name: Material life
    definition: Money, housing and food.
    status: active
  - id: security
    name: Financial security
    parent: material
    definition: Whether the money will last — café included.
    include: Worry about running out.
    status: active
    revised:
      - at: 2026-01-05T10:00:00Z
        by: mf
        note: Widened.
`,
  [CODINGS_PATH]: `source: ${TRANSCRIPT_PATH}\ncodings:\n${codingYaml('c1aaaaaa', 'security', 'I never know if the money will last.')}${codingYaml('c2bbbbbb', 'security', 'Café prices — 💸 — scare me.')}${codingYaml('c3cccccc', 'budgeting', 'My tin for each bill keeps me going.', 'jk')}`,
  [MEMO_PATH]: `---
id: m-4k7x2q9d
created: 2026-01-05T16:20:00Z
author: mf
kind: reflexive
links:
  - code: security
  - source: ${TRANSCRIPT_PATH}
    start: 30
    end: 66
    text: I never know if the money will last.
---
What did I expect to hear? Mostly budgeting — and café prices.
`,
  'qda/participants.yaml': `attributes:
  age band: [18-29, 30-49]
  region: [north, wales]
participants:
  - id: p01
    sources: [${TRANSCRIPT_PATH}]
    interviewed: 2026-01-05
    attributes: {age band: 30-49, region: wales}
target:
  region: {north: 0.5, wales: 0.5}
`,
  [TRANSCRIPT_PATH]: TRANSCRIPT,
};

const made: string[] = [];

/** A fresh temp folder, removed when the process exits. */
export function tempDir(prefix = 'qda-rel-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}
process.once('exit', () => {
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

export function writeFiles(root: string, files: Readonly<Record<string, string | Uint8Array>>): void {
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), content);
  }
}

/** A temp folder holding the valid project (without its pseudonym map when a test needs `qda pseudonyms --init` to have work). */
export function validProject(opts: { pseudonymMap?: boolean } = {}): string {
  const root = tempDir();
  writeFiles(root, opts.pseudonymMap === false ? Object.fromEntries(Object.entries(VALID).filter(([k]) => k !== PSEUDONYM_MAP)) : VALID);
  return root;
}

/** sha256 of every file under `root` except derived data (qda/.cache), by relative path; links and pipes by kind. */
export function hashTree(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (child === 'qda/.cache' || child === '.git') continue;
      if (e.isDirectory()) walk(child);
      else if (e.isFile())
        out.set(
          child,
          createHash('sha256')
            .update(fs.readFileSync(path.join(root, child)))
            .digest('hex'),
        );
      // A named pipe would block the read; a link is recorded as where it leads.
      else out.set(child, e.isSymbolicLink() ? `link to ${fs.readlinkSync(path.join(root, child))}` : 'not a regular file');
    }
  };
  walk('');
  return out;
}

/** Runs `qda …` in-process; returns the exit code and the output lines. */
export async function qda(cwd: string, ...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { cwd, out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}
