import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseCodings, parseCodingsYaml, serializeCodings } from '../../src/core/project/format';
import { readCanonicalCodings, readScalar } from '../../src/core/project/format/fastCodings';
import type { Coding } from '../../src/core/model';

const PATH = 'qda/codings/t/a.txt.yaml';

/** Codings with awkward text: quotes, escapes, YAML indicators, astral and control characters. */
const awkward = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
  fc.constantFrom(
    '2026-06-25T09:04:00Z',
    '2026-03-02',
    '1.',
    '-5',
    '+3',
    '0o17',
    '0x1F',
    '.5',
    '1.5e-3',
    'null',
    'true',
    '~',
    '- x',
    '#x',
    'a: b',
    'x #y',
    ' lead',
    'trail ',
    '"q"',
    "'q'",
    'It\'s "so"',
    '0123',
    '12',
    '1e3',
    '.inf',
    '\u2028',
    '\ufeff',
    '\\',
    'tab\there',
    'Zoë 😀',
    '[x]',
    '{y}',
    '&a',
    '*a',
    '!t',
    '|',
    '>',
    '%',
    '@',
    '`',
  ),
);

function file(texts: string[]): { source: string; codings: Coding[] } {
  let at = 0;
  const codings = texts.map((text, i) => {
    const len = [...text].length;
    const c: Coding = {
      id: `c${i}`,
      code: 'code',
      start: at,
      end: at + len,
      text,
      before: texts[(i + 1) % texts.length],
      coder: texts[(i + 2) % texts.length],
      note: text,
    };
    at += len + 1;
    return c;
  });
  return { source: 't/a.txt', codings };
}

describe('fast codings reader', () => {
  it('reads exactly what the YAML parser reads, for any text the writer writes', () => {
    fc.assert(
      fc.property(fc.array(awkward, { minLength: 1, maxLength: 8 }), (texts) => {
        const text = serializeCodings(file(texts));
        const slow = parseCodingsYaml(text, PATH);
        const fast = parseCodings(text, PATH);
        assert.deepEqual(fast, slow);
      }),
      { numRuns: 600, seed: 20261129 },
    );
  });

  it('takes the fast path for a canonical file (so the comparison above is not vacuous)', () => {
    const text = serializeCodings(file(['I never know', 'He said "hi"', 'multi\nline', 'Zoë 😀']));
    assert.ok(readCanonicalCodings(text), 'canonical text is read fast');
  });

  it('falls back for comments, CR LF, nested values, unknown top-level keys and odd scalars', () => {
    const base = serializeCodings(file(['hello']));
    for (const variant of [
      base.replace('codings:', '# note\ncodings:'),
      base.replace(/\n/g, '\r\n'),
      base + '    extra:\n      nested: 1\n',
      base + 'future: 1\n',
      base.replace('text: hello', 'text: null'),
      base.replace('text: hello', 'text: hello # comment'),
    ])
      assert.equal(readCanonicalCodings(variant), undefined, JSON.stringify(variant));
  });

  it('still locates every problem (it never reads an invalid file fast)', () => {
    const text = serializeCodings(file(['hello'])).replace('end: 5', 'end: 9');
    const r = parseCodings(text, PATH);
    assert.equal(r.problems.length, 1);
    assert.equal(r.problems[0].message, 'end - start is 9 but text has 5 code points');
    assert.equal(r.problems[0].line, 6);
  });

  it('decodes double-quoted escapes and single quotes', () => {
    assert.equal(readScalar('"a\\nb\\t\\"c\\\\ \\x41\\u00e9\\U0001F600"'), 'a\nb\t"c\\ Aé😀');
    assert.equal(readScalar("'it''s'"), "it's");
    assert.equal(readScalar('42'), 42);
    assert.equal(readScalar('"bad \\q"'), undefined);
    assert.equal(readScalar('0123'), undefined);
  });
});
