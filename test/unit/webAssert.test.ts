// test/web/assert.ts stands in for node:assert in the web worker host (test/web/). Its verdicts are
// checked here against Node's own assert/strict on the same pairs: the two must agree on every one.
import * as nodeAssert from 'node:assert/strict';
import * as webAssert from '../web/assert';

/** Whether `check` throws (fails) for these arguments. */
function fails(check: () => unknown): boolean {
  try {
    check();
    return false;
  } catch {
    return true;
  }
}

const a = { x: [1, 2, { y: 'z' }], m: new Map([['k', new Set([1])]]) };
const PAIRS: Array<[string, unknown, unknown]> = [
  ['equal numbers', 1, 1],
  ['NaN and NaN', NaN, NaN],
  ['0 and -0', 0, -0],
  ['1 and "1"', 1, '1'],
  ['same nested objects', a, { x: [1, 2, { y: 'z' }], m: new Map([['k', new Set([1])]]) }],
  ['nested difference', a, { x: [1, 2, { y: 'Z' }], m: new Map([['k', new Set([1])]]) }],
  ['map value difference', new Map([['k', 1]]), new Map([['k', 2]])],
  ['set difference', new Set([1, 2]), new Set([1, 3])],
  ['extra key', { a: 1 }, { a: 1, b: undefined }],
  ['array vs object', [1], { 0: 1 }],
  ['array lengths', [1, 2], [1, 2, 3]],
  ['dates equal', new Date(5), new Date(5)],
  ['dates differ', new Date(5), new Date(6)],
  ['typed arrays', new Uint8Array([1, 2]), new Uint8Array([1, 2])],
  ['typed arrays differ', new Uint8Array([1, 2]), new Uint8Array([1, 3])],
  ['null and undefined', null, undefined],
  ['strings', 'é', 'é'],
];

describe('the web assert (test/web/assert.ts)', () => {
  for (const [name, x, y] of PAIRS) {
    it(`agrees with node:assert/strict on ${name}`, () => {
      for (const fn of ['strictEqual', 'deepStrictEqual', 'notStrictEqual', 'notDeepStrictEqual'] as const) {
        nodeAssert.equal(
          fails(() => webAssert[fn](x, y)),
          fails(() => nodeAssert[fn](x, y)),
          `${fn}(${name})`,
        );
      }
    });
  }

  it('agrees on ok, match, doesNotMatch and throws', () => {
    for (const v of [0, '', null, 1, 'a', {}])
      nodeAssert.equal(
        fails(() => webAssert.ok(v)),
        fails(() => nodeAssert.ok(v)),
        `ok(${String(v)})`,
      );
    for (const [s, re] of [
      ['abc', /b/],
      ['abc', /d/],
    ] as const) {
      nodeAssert.equal(
        fails(() => webAssert.match(s, re)),
        fails(() => nodeAssert.match(s, re)),
      );
      nodeAssert.equal(
        fails(() => webAssert.doesNotMatch(s, re)),
        fails(() => nodeAssert.doesNotMatch(s, re)),
      );
    }
    const boom = () => {
      throw new TypeError('boom');
    };
    for (const expected of [/boom/, /bang/, TypeError, RangeError, { message: 'boom' }, { message: 'bang' }]) {
      nodeAssert.equal(
        fails(() => webAssert.throws(boom, expected)),
        fails(() => nodeAssert.throws(boom, expected)),
        String(expected),
      );
    }
    nodeAssert.equal(
      fails(() => webAssert.throws(() => 1)),
      true,
      'no exception is a failure',
    );
  });

  it('rejects as node:assert does', async () => {
    await webAssert.rejects(Promise.reject(new Error('no')), /no/);
    await nodeAssert.rejects(webAssert.rejects(Promise.resolve(1)), /Missing expected rejection/);
    await nodeAssert.rejects(webAssert.rejects(Promise.reject(new Error('no')), /yes/));
  });

  it('names what differed in its message', () => {
    nodeAssert.throws(() => webAssert.deepStrictEqual({ a: [1] }, { a: [2] }), /actual: {3}\{"a":\[1\]\}\nexpected: \{"a":\[2\]\}/);
    nodeAssert.throws(() => webAssert.strictEqual(1, 2, 'my message'), { message: 'my message', name: 'AssertionError' });
  });
});
