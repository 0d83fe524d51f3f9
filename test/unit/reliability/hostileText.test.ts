/**
 * No hang on hostile text (#20 item 5). A review response comes from outside:
 * a 400,000-character comment made of what the e-mail pattern tries again from
 * every position took minutes to pseudonymise (quadratic backtracking). The
 * scanners now look at each character a bounded number of times, which these
 * tests count (budgets in time live in `npm run bench`, not here). Response
 * files over 1 MB are refused, and JSON nested thousands deep is an error with
 * words, not a stack overflow.
 */
import * as assert from 'node:assert/strict';
import { findEmails, findPhones, Pseudonymiser } from '../../../src/core/output';
import { Project } from '../../../src/core/project';
import {
  importResponses,
  MAX_RESPONSE_BYTES,
  MAX_RESPONSE_DEPTH,
  readResponse,
  reviewSummary,
  roundSummary,
} from '../../../src/core/review';
import { seededRandom } from '../../../src/core/random';
import { nodePorts } from '../../../src/node/nodeFiles';
import { qda, validProject } from './fixtures';

const N = 400_000;

/** Inputs that made the old patterns backtrack, each `n` characters long. */
function adversarial(n: number): Record<string, string> {
  const fill = (unit: string) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
  return {
    'one long word': fill('a'),
    'dotted labels after one @': `x@${fill('a.')}`.slice(0, n),
    'a word and an @ that never ends': `${fill('b')}@`.slice(-n),
    'many @': fill('a@'),
    'local part characters': fill('a.b%c+d-e_'),
    'digits with separators': fill('0 12 '),
    'plus signs and digits': fill('+1 '),
    'a long digit run': `0${fill('1')}`.slice(0, n),
    'brackets and zeros': fill('(0(0)0'),
    'near-phones': fill('+44 (0)29 2087 4000 12 '),
  };
}

describe('reliability: hostile text', function () {
  this.timeout(60000);

  for (const [name, text] of Object.entries(adversarial(N))) {
    it(`pseudonymises a ${N.toLocaleString('en')}-character "${name}" looking at each character a bounded number of times`, () => {
      const emails = { count: 0 };
      const phones = { count: 0 };
      findEmails(text, emails);
      findPhones(text, phones);
      assert.ok(emails.count <= 8 * N, `e-mail scanner: ${emails.count} steps for ${N} characters`);
      assert.ok(phones.count <= 8 * N, `phone scanner: ${phones.count} steps for ${N} characters`);
      // Four times the text, at most about four times the steps: linear, not quadratic.
      const small = adversarial(N / 4)[name];
      const [e4, p4] = [{ count: 0 }, { count: 0 }];
      findEmails(small, e4);
      findPhones(small, p4);
      assert.ok(emails.count <= 4 * e4.count + 64, `e-mail steps grow ${emails.count / Math.max(1, e4.count)}x for 4x the text`);
      assert.ok(phones.count <= 4 * p4.count + 64, `phone steps grow ${phones.count / Math.max(1, p4.count)}x for 4x the text`);
      assert.equal(typeof Pseudonymiser.builtIn.apply(text), 'string');
    });
  }

  it('finds exactly what the old regular expressions found, on 3,000 random texts', () => {
    // The patterns the pseudonymiser used before (correct, but quadratic on hostile text), with the digit rule for phones.
    const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
    const PHONE = /(?<![\p{L}\p{N}+])(?:\+\d{1,3}[\s.-]?(?:\(0\)\s?)?|\(?0)\d{1,5}\)?(?:[\s.-]?\d{2,5}){1,4}(?![\p{L}\p{N}])/gu;
    const spans = (re: RegExp, t: string, keep = (_: string) => true) =>
      [...t.matchAll(re)].filter((m) => m[0].length && keep(m[0])).map((m) => ({ start: m.index, end: m.index + m[0].length }));
    const digits = (m: string) => m.replace(/\D/g, '').length;
    const random = seededRandom(20);
    const alphabet = [
      'a',
      'b',
      'Z',
      'é',
      '𝒜',
      '山',
      '0',
      '1',
      '7',
      '9',
      '@',
      '.',
      '-',
      '_',
      '+',
      '%',
      '(',
      ')',
      ' ',
      '\n',
      'co',
      '.uk',
      'ann@',
      '.org',
      '(0)',
      '+44 ',
      '07700 ',
    ];
    const found = { emails: 0, phones: 0 };
    for (let n = 0; n < 3000; n++) {
      let t = '';
      const length = 1 + Math.floor(random() * 60);
      for (let i = 0; i < length; i++) t += alphabet[Math.floor(random() * alphabet.length)];
      assert.deepEqual(findEmails(t), spans(EMAIL, t), `e-mails in ${JSON.stringify(t)}`);
      assert.deepEqual(
        findPhones(t),
        spans(PHONE, t, (m) => digits(m) >= 9 && digits(m) <= 15),
        `phones in ${JSON.stringify(t)}`,
      );
      found.emails += findEmails(t).length;
      found.phones += findPhones(t).length;
    }
    // The texts hold addresses and numbers to find, not only near-misses.
    assert.ok(found.emails > 200 && found.phones > 50, JSON.stringify(found));
  });

  it('still finds the e-mail addresses and phone numbers around the hostile text', () => {
    const text = `${'a'.repeat(50_000)} write to ann.b+x@mail.example.co.uk or ring 07700 900123, +44 (0)29 2087 4000. ${'x@a.'.repeat(10_000)}`;
    const out = Pseudonymiser.builtIn.apply(text);
    assert.match(out, / write to \[email\] or ring \[phone number\], \[phone number\]\. /);
  });

  it('builds the review summary of a response holding a 400,000-character hostile comment', async () => {
    const root = validProject();
    assert.equal((await qda(root, 'export', 'review', '--round', 'round-1')).code, 0);
    const project = await Project.open(nodePorts(root));
    // Just under the size limit: the hostile part is what the scanners see, not what the limit stops.
    const comment = `${'a'.repeat(N / 2)}${'x@a.'.repeat(N / 8)}`;
    const response = {
      kind: 'reflexive-qda/review-response',
      format: 1,
      round: 'round-1',
      respondent: 'Sam',
      answers: [{ code: 'security', fit: 'partly', comment }],
    };
    const [r] = await importResponses(project, [{ name: 'sam.json', bytes: new TextEncoder().encode(JSON.stringify(response)) }]);
    assert.equal(r.ok, true, r.problems.join('; '));
    const summary = await reviewSummary(project);
    const md = roundSummary(project, summary, 'md', { round: 'round-1', quote: (s) => Pseudonymiser.builtIn.apply(s) });
    assert.ok(md.length > N / 2);
  });

  it(`refuses a response file over ${1} MB with a message, before reading it`, () => {
    assert.equal(MAX_RESPONSE_BYTES, 1024 * 1024);
    const big = {
      kind: 'reflexive-qda/review-response',
      format: 1,
      round: 'round-1',
      respondent: 'Sam',
      answers: [],
      general: 'x'.repeat(MAX_RESPONSE_BYTES),
    };
    const r = readResponse(new TextEncoder().encode(JSON.stringify(big)));
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.problems.join(' '), /1\.0 MB|more than .*1 MB|at most 1 MB/);
    const text = readResponse(
      new TextEncoder().encode(`Round: round-1\nRespondent: Sam\nGeneral comments: ${'y'.repeat(MAX_RESPONSE_BYTES)}`),
    );
    assert.equal(text.ok, false, 'the text form too');
  });

  for (const depth of [MAX_RESPONSE_DEPTH + 1, 5_000, 200_000]) {
    it(`gives a clear error for JSON nested ${depth.toLocaleString('en')} deep, never a stack overflow`, async () => {
      const deep = `{"kind":"reflexive-qda/review-response","format":1,"round":"round-1","respondent":"Sam","answers":[],"x":${'['.repeat(depth)}${']'.repeat(depth)}}`;
      const r = readResponse(new TextEncoder().encode(deep));
      assert.equal(r.ok, false);
      if (!r.ok) assert.match(r.problems.join(' '), /nested .*deep/);
      const root = validProject();
      assert.equal((await qda(root, 'export', 'review', '--round', 'round-1')).code, 0);
      const project = await Project.open(nodePorts(root));
      const [imported] = await importResponses(project, [{ name: 'deep.json', bytes: new TextEncoder().encode(deep) }], {
        round: 'round-1',
      });
      assert.equal(imported.ok, false);
      assert.match(imported.problems.join(' '), /nested .*deep/);
    });
  }

  it(`reads a response nested as deep as a real one (${MAX_RESPONSE_DEPTH} levels allowed)`, () => {
    const ok = readResponse(
      new TextEncoder().encode(
        JSON.stringify({
          round: 'round-1',
          respondent: 'Sam',
          answers: [{ code: 'a', fit: 'fits' }],
          extra: { a: { b: { c: [1, [2]] } } },
        }),
      ),
    );
    assert.equal(ok.ok, true);
  });
});
