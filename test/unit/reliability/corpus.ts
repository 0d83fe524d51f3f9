/**
 * The malformed-input corpus: broken versions of each project file, generated
 * from the valid project (fixtures.ts) with a seeded PRNG, so no corpus file
 * is committed and every run sees the same cases.
 *
 * `expect` is what the case must be: 'invalid' (errors, not writable), 'valid'
 * (the mutation is harmless: a BOM, CR LF, an unknown key), or 'any' (a
 * truncation or a flipped byte may or may not still be valid; the suite then
 * checks that the answer is consistent).
 */
import { CODINGS_PATH, MEMO_PATH, prng, VALID } from './fixtures';

export interface BrokenFile {
  name: string;
  path: string;
  bytes: Uint8Array;
  expect: 'invalid' | 'valid' | 'any';
}

export const KINDS = ['qda/project.yaml', 'qda/codebook.yaml', CODINGS_PATH, MEMO_PATH, 'qda/participants.yaml'] as const;
export type KindPath = (typeof KINDS)[number];

const enc = (s: string) => new TextEncoder().encode(s);
const MB5 = 5 * 1024 * 1024;

/** The main list (or map) key of each kind: where a wrong type hurts most. */
const MAIN_KEY: Record<KindPath, string> = {
  'qda/project.yaml': 'sources',
  'qda/codebook.yaml': 'codes',
  [CODINGS_PATH]: 'codings',
  [MEMO_PATH]: 'links',
  'qda/participants.yaml': 'participants',
};

/** Replace the first match of `re` (which must match) in the valid text. */
function edit(path: KindPath, re: RegExp, to: string): string {
  const v = VALID[path];
  if (!re.test(v)) throw new Error(`corpus: ${re} does not match ${path}`);
  return v.replace(re, to);
}

/** Text replacements that make each kind invalid: wrong types, duplicates, bad offsets, unknown values. */
function wrongs(path: KindPath): [string, string][] {
  switch (path) {
    case 'qda/project.yaml':
      return [
        ['format 2', edit(path, /^format: 1$/m, 'format: 2')],
        ['format as text', edit(path, /^format: 1$/m, 'format: one')],
        ['format missing', edit(path, /^format: 1\n/m, '')],
        ['sources a number', edit(path, /^sources:\n {2}- .*$/m, 'sources: 5')],
        ['sources a map', edit(path, /^sources:\n {2}- .*$/m, 'sources: {a: 1}')],
        ['baseSize negative', edit(path, /baseSize: 4/, 'baseSize: -4')],
        ['threshold 2', edit(path, /threshold: 0.05/, 'threshold: 2')],
        ['order a string', edit(path, /order: \[\]/, 'order: x')],
        ['a list document', '- format: 1\n'],
        ['duplicate key', edit(path, /^title: .*$/m, 'title: A\ntitle: B')],
      ];
    case 'qda/codebook.yaml':
      return [
        ['codes a number', 'codes: 5\n'],
        ['codes a map', 'codes: {a: 1}\n'],
        ['codes of numbers', 'codes: [1, 2]\n'],
        ['name a list', edit(path, /name: Material life/, 'name: [a, b]')],
        ['status unknown', edit(path, /status: active/, 'status: maybe')],
        ['colour a word', edit(path, /color: "#4e79a7"/, 'color: red')],
        ['id with capitals', edit(path, /id: material/, 'id: Material')],
        ['id empty', edit(path, /id: material/, 'id: ""')],
        ['revised a string', edit(path, /revised:\n(?: {6}.*\n)+/, 'revised: often\n')],
        ['duplicate code id', edit(path, /id: security/, 'id: material')],
        ['unknown parent', edit(path, /parent: material/, 'parent: nowhere')],
        ['parent cycle', edit(path, /(id: material\n)/, '$1    parent: budgeting\n')],
        ['merged without target', edit(path, /status: active\n {4}created/, 'status: merged\n    created')],
        ['duplicate key', edit(path, /name: Material life/, 'name: Material life\n    name: Again')],
        ['name missing', edit(path, / {4}name: Material life\n/, '')],
      ];
    case CODINGS_PATH:
      return [
        ['start negative', edit(path, /start: \d+/, 'start: -1')],
        ['start a fraction', edit(path, /start: \d+/, 'start: 1.5')],
        ['start as text', edit(path, /start: \d+/, 'start: "ten"')],
        ['end infinite', edit(path, /end: \d+/, 'end: .inf')],
        ['end not a number', edit(path, /end: \d+/, 'end: .nan')],
        ['end overflows', edit(path, /end: \d+/, 'end: 1e400')],
        ['end before start', edit(path, /end: \d+/, 'end: 0')],
        ['end - start unlike the text', edit(path, /end: \d+/, 'end: 999999')],
        ['source a number', edit(path, /^source: .*$/m, 'source: 5')],
        ['source of another file', edit(path, /^source: .*$/m, 'source: transcripts/p02.txt')],
        ['source missing', edit(path, /^source: .*\n/m, '')],
        ['codings a string', 'source: transcripts/p01.txt\ncodings: many\n'],
        ['text a list', edit(path, /text: ".*"/, 'text: [a]')],
        ['id empty', edit(path, /id: c1aaaaaa/, 'id: ""')],
        ['duplicate coding id', edit(path, /id: c2bbbbbb/, 'id: c1aaaaaa')],
        ['code with a space', edit(path, /code: security/, 'code: "se curity"')],
      ];
    case MEMO_PATH:
      return [
        ['no front matter', 'Just a note.\n'],
        ['front matter never closed', VALID[path].replace(/\n---\n(?=What)/, '\n')],
        ['kind unknown', edit(path, /kind: reflexive/, 'kind: diary')],
        ['created a list', edit(path, /created: .*/, 'created: [a]')],
        ['links a string', edit(path, /links:\n(?: {2}.*\n)+/, 'links: everywhere\n')],
        ['link with start only', edit(path, / {4}end: 66\n/, '')],
        ['link naming nothing', edit(path, / {2}- code: security\n/, '  - {}\n')],
        ['link end before start', edit(path, /end: 66/, 'end: 3')],
        ['id missing', edit(path, /id: m-4k7x2q9d\n/, '')],
        ['duplicate key', edit(path, /author: mf/, 'author: mf\nauthor: jk')],
        ['yaml error in front matter', edit(path, /author: mf/, 'author: "mf')],
      ];
    case 'qda/participants.yaml':
      return [
        ['participants a number', edit(path, /^participants:\n(?: {2}.*\n)+/m, 'participants: 3\n')],
        ['attributes a list', edit(path, /^attributes:\n(?: {2}.*\n)+/m, 'attributes: [a, b]\n')],
        ['a proportion of 2', edit(path, /north: 0.5/, 'north: 2')],
        ['sources a string', edit(path, /sources: \[.*\]/, 'sources: 7x')],
        ['attribute values nested', edit(path, /attributes: \{age band: 30-49, region: wales\}/, 'attributes: {age band: [30-49]}')],
        ['duplicate participant id', edit(path, /^participants:\n/m, 'participants:\n  - id: p01\n')],
        ['id empty', edit(path, /id: p01/, 'id: ""')],
        ['duplicate key', edit(path, /interviewed: 2026-01-05/, 'interviewed: 2026-01-05\n    interviewed: 2026-01-06')],
      ];
  }
}

/** `[[[…]]]` or an indented block `- - - …` nested `depth` deep. */
function deep(depth: number, flow: boolean): string {
  if (flow) return '['.repeat(depth) + ']'.repeat(depth);
  let s = '';
  for (let i = 0; i < depth; i++) s += `\n${' '.repeat(2 * i + 2)}- `;
  return `${s}x`;
}

/** "Billion laughs": nine levels of nine aliases each (9^9 strings if expanded). */
function aliasBomb(key: string): string {
  let s = 'l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
  for (let i = 1; i <= 9; i++)
    s += `l${i}: &l${i} [${Array(9)
      .fill(`*l${i - 1}`)
      .join(',')}]\n`;
  return `${s}${key}: *l9\n`;
}

/** Every broken file of the corpus (about 100 per kind). */
export function corpus(seed = 20261129): BrokenFile[] {
  const rnd = prng(seed);
  const out: BrokenFile[] = [];
  for (const path of KINDS) {
    const valid = enc(VALID[path]);
    const key = MAIN_KEY[path];
    const add = (name: string, bytes: Uint8Array | string, expect: BrokenFile['expect']) =>
      out.push({ name: `${path}: ${name}`, path, bytes: typeof bytes === 'string' ? enc(bytes) : bytes, expect });
    // Truncated at every few bytes, including inside multi-byte characters.
    const step = Math.max(1, Math.floor(valid.length / 45));
    for (let n = 0; n < valid.length; n += step) add(`truncated to ${n} bytes`, valid.slice(0, n), 'any');
    for (let i = 0; i < 20; i++) {
      const b = valid.slice();
      const at = rnd.int(b.length);
      b[at] = rnd.int(256);
      add(`byte ${at} set to ${b[at]}`, b, 'any');
    }
    for (let i = 0; i < 5; i++) {
      const at = rnd.int(valid.length);
      add(`NUL inserted at ${at}`, new Uint8Array([...valid.slice(0, at), 0, ...valid.slice(at)]), 'any');
    }
    for (let i = 0; i < 5; i++) {
      const junk = new Uint8Array(16 + rnd.int(4096)).map(() => rnd.int(256));
      junk[rnd.int(junk.length)] = 0xff; // never valid UTF-8
      add(`${junk.length} bytes of binary junk`, junk, 'invalid');
    }
    add('5 MB on one line', 'x'.repeat(MB5), 'invalid');
    add('1 MB of NUL', new Uint8Array(MB5 / 5), 'invalid');
    if (path === 'qda/codebook.yaml') {
      add('17 MB: over the size limit', `${VALID[path]}zz: "${'x'.repeat(17 * 1024 * 1024)}"\n`, 'invalid');
      // One problem per item, all on one line: locating each used to cost the line's length (quadratic).
      add('100000 wrong items on one line', `codes: [${Array(100000).fill('1').join(',')}]\n`, 'invalid');
    }
    if (path === CODINGS_PATH)
      add(
        '5000 codings with one id',
        `source: transcripts/p01.txt\ncodings:\n${Array.from({ length: 5000 }, (_, i) => `  - {id: same, code: security, start: ${i}, end: ${i + 1}, text: x}\n`).join('')}`,
        'invalid',
      );
    add('with a BOM', new Uint8Array([0xef, 0xbb, 0xbf, ...valid]), 'valid');
    add('with CR LF', VALID[path].replace(/\n/g, '\r\n'), 'valid');
    add('with a BOM and CR LF', '\uFEFF' + VALID[path].replace(/\n/g, '\r\n'), 'valid');
    add('with CR only', VALID[path].replace(/\n/g, '\r'), 'any');
    add(
      'UTF-16 with a BOM',
      new Uint8Array([0xff, 0xfe, ...[...VALID[path]].flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8])]),
      'invalid',
    );
    for (const [name, text] of wrongs(path)) add(name, text, 'invalid');
    // Front matter holds a memo's YAML; elsewhere the whole file is YAML.
    const yamlPart = (s: string) => (path === MEMO_PATH ? `---\n${s}---\nBody\n` : s);
    const head =
      path === MEMO_PATH
        ? 'id: m1\ncreated: 2026-01-01T00:00:00Z\nkind: analytic\n'
        : path === CODINGS_PATH
          ? 'source: transcripts/p01.txt\n'
          : path === 'qda/project.yaml'
            ? 'format: 1\n'
            : '';
    // A valid minimal document of the kind, to which an unknown key is added.
    const minimal = `${head}${key}: []\n`;
    for (const depth of [10, 200, 5000, 20000]) {
      add(`${key} nested ${depth} deep in flow`, yamlPart(`${head}${key}: ${deep(depth, true)}\n`), 'invalid');
      add(
        `an unknown key nested ${depth} deep in flow`,
        yamlPart(`${minimal}extra: ${deep(depth, true)}\n`),
        depth >= 5000 ? 'any' : 'valid',
      );
    }
    for (const depth of [10, 1000, 3000])
      add(`${key} nested ${depth} deep in blocks`, yamlPart(`${head}${key}:${deep(depth, false)}\n`), 'invalid');
    add('an alias bomb in the main key', yamlPart(`${head}${aliasBomb(key)}`), 'invalid');
    add(
      'an alias bomb under an unknown key',
      VALID[path].replace(/^(---\n)?/, (m) => `${m}${aliasBomb('extra').replace(/^l/gm, 'x')}`),
      'invalid',
    );
    add('an alias to nowhere', yamlPart(`${head}${key}: *nowhere\n`), 'invalid');
    add('a recursive alias', yamlPart(`${minimal}extra: &a [*a]\n`), 'invalid');
    add(
      'an unknown top-level key',
      VALID[path].replace(/^(---\n)?/, (m) => `${m}zz-newer-tool: {keep: me}\n`),
      'valid',
    );
    add(
      'a custom tag on an unknown key',
      VALID[path].replace(/^(---\n)?/, (m) => `${m}zz: !thing value\n`),
      'valid',
    );
    add(
      '!!binary under an unknown key',
      VALID[path].replace(/^(---\n)?/, (m) => `${m}zz: !!binary aGVsbG8=\n`),
      'valid',
    );
    add(`!!binary as ${key}`, yamlPart(`${head}${key}: !!binary aGVsbG8=\n`), 'invalid');
    add(`!!set as ${key}`, yamlPart(`${head}${key}: !!set {a, b}\n`), 'invalid');
    add(
      'two YAML documents',
      path === MEMO_PATH ? VALID[path].replace('---\n', '---\nx: 1\n---\n') : `${VALID[path]}---\n${VALID[path]}`,
      'any',
    );
    add('a tab for indentation', VALID[path].replace(/\n {2}(\S)/, '\n\t$1'), 'any');
    add('a flow list of 20000 numbers', yamlPart(`${minimal}extra: [${Array(20000).fill('1').join(',')}]\n`), 'valid');
  }
  return out;
}
