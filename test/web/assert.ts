// node:assert for the web worker extension host, where no Node module exists: the web-host test
// bundle (test/harness/webHost.js) maps `assert` and `node:assert/strict` here. Strict semantics
// only (equal is strictEqual, deepEqual is deepStrictEqual), the subset the integration suites use.
// Messages follow Node's shape closely enough for a failure to be read at a glance.

/** Thrown by every check, as node:assert's AssertionError is. */
export class AssertionError extends Error {
  override name = 'AssertionError';
  constructor(
    message: string,
    readonly actual?: unknown,
    readonly expected?: unknown,
  ) {
    super(message);
  }
}

function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v instanceof RegExp || typeof v === 'bigint' || typeof v === 'symbol' || typeof v === 'function') return String(v);
  try {
    return (
      JSON.stringify(v, (_k, x: unknown) => (x instanceof Map ? { Map: [...x] } : x instanceof Set ? { Set: [...x] } : x)) ?? String(v)
    );
  } catch {
    return String(v);
  }
}

function fail(message: string | Error | undefined, fallback: string, actual?: unknown, expected?: unknown): never {
  if (message instanceof Error) throw message;
  throw new AssertionError(message ?? fallback, actual, expected);
}

/** Deep strict equality: same prototypes, same own enumerable keys, Object.is on primitives. */
export function isDeepStrictEqual(a: unknown, b: unknown, seen = new Map<object, object>()): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (seen.get(a) === b) return true;
  seen.set(a, b);
  if (a instanceof Date) return a.getTime() === (b as Date).getTime();
  if (a instanceof RegExp) return String(a) === String(b);
  if (ArrayBuffer.isView(a)) {
    const x = a as unknown as ArrayLike<unknown>;
    const y = b as unknown as ArrayLike<unknown>;
    return x.length === y.length && Array.from(x).every((v, i) => Object.is(v, y[i]));
  }
  if (a instanceof Map) {
    const m = b as Map<unknown, unknown>;
    return a.size === m.size && [...a].every(([k, v]) => m.has(k) && isDeepStrictEqual(v, m.get(k), seen));
  }
  if (a instanceof Set) {
    const s = b as Set<unknown>;
    return a.size === s.size && [...a].every((v) => s.has(v) || [...s].some((w) => isDeepStrictEqual(v, w, seen)));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length || (Array.isArray(a) && a.length !== (b as unknown[]).length)) return false;
  return ka.every(
    (k) =>
      Object.prototype.hasOwnProperty.call(b, k) &&
      isDeepStrictEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], seen),
  );
}

export function ok(value: unknown, message?: string | Error): asserts value {
  if (!value) fail(message, `The expression evaluated to a falsy value: ${show(value)}`, value, true);
}

export function strictEqual<T>(actual: unknown, expected: T, message?: string | Error): asserts actual is T {
  if (!Object.is(actual, expected))
    fail(message, `Expected values to be strictly equal:\n${show(actual)} !== ${show(expected)}`, actual, expected);
}
export const equal = strictEqual;

export function notStrictEqual(actual: unknown, expected: unknown, message?: string | Error): void {
  if (Object.is(actual, expected)) fail(message, `Expected "actual" to be strictly unequal to: ${show(expected)}`, actual, expected);
}
export const notEqual = notStrictEqual;

export function deepStrictEqual<T>(actual: unknown, expected: T, message?: string | Error): asserts actual is T {
  if (!isDeepStrictEqual(actual, expected))
    fail(message, `Expected values to be strictly deep-equal:\nactual:   ${show(actual)}\nexpected: ${show(expected)}`, actual, expected);
}
export const deepEqual = deepStrictEqual;

export function notDeepStrictEqual(actual: unknown, expected: unknown, message?: string | Error): void {
  if (isDeepStrictEqual(actual, expected))
    fail(message, `Expected "actual" not to be strictly deep-equal to: ${show(expected)}`, actual, expected);
}
export const notDeepEqual = notDeepStrictEqual;

export function match(value: string, re: RegExp, message?: string | Error): void {
  if (typeof value !== 'string' || !re.test(value))
    fail(message, `The input did not match the regular expression ${re}. Input:\n${show(value)}`, value, re);
}

export function doesNotMatch(value: string, re: RegExp, message?: string | Error): void {
  if (typeof value !== 'string' || re.test(value))
    fail(message, `The input was expected to not match the regular expression ${re}. Input:\n${show(value)}`, value, re);
}

type Expected = RegExp | ((e: unknown) => boolean) | (new (...a: never[]) => unknown) | Record<string, unknown>;

function check(e: unknown, expected: Expected | undefined, message: string | Error | undefined): void {
  if (expected === undefined) return;
  if (expected instanceof RegExp) {
    if (!expected.test(e instanceof Error ? e.message : String(e)))
      fail(message, `The error "${String(e)}" does not match ${expected}`, e, expected);
  } else if (typeof expected === 'function') {
    if (expected.prototype !== undefined && e instanceof (expected as new () => unknown)) return;
    if (Object.prototype.isPrototypeOf.call(Error, expected) || expected === Error)
      fail(message, `The error is not an instance of ${expected.name}: ${String(e)}`, e, expected);
    if (!(expected as (e: unknown) => boolean)(e))
      fail(message, `The error validation function returned false for ${String(e)}`, e, expected);
  } else {
    for (const [k, v] of Object.entries(expected)) {
      const got = (e as Record<string, unknown>)?.[k];
      if (v instanceof RegExp ? !(typeof got === 'string' && v.test(got)) : !isDeepStrictEqual(got, v)) {
        fail(message, `The error's ${k} is ${show(got)}, expected ${show(v)}`, e, expected);
      }
    }
  }
}

export function throws(fn: () => unknown, expected?: Expected | string, message?: string | Error): void {
  if (typeof expected === 'string') [message, expected] = [expected, undefined];
  try {
    fn();
  } catch (e) {
    check(e, expected, message);
    return;
  }
  fail(message, 'Missing expected exception.');
}

export async function rejects(
  p: Promise<unknown> | (() => Promise<unknown>),
  expected?: Expected | string,
  message?: string | Error,
): Promise<void> {
  if (typeof expected === 'string') [message, expected] = [expected, undefined];
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    check(e, expected, message);
    return;
  }
  fail(message, 'Missing expected rejection.');
}

export async function doesNotReject(p: Promise<unknown> | (() => Promise<unknown>), message?: string | Error): Promise<void> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    fail(message, `Got unwanted rejection: ${String(e)}`, e);
  }
}

export function doesNotThrow(fn: () => unknown, message?: string | Error): void {
  try {
    fn();
  } catch (e) {
    fail(message, `Got unwanted exception: ${String(e)}`, e);
  }
}

export function failNow(message = 'Failed'): never {
  throw new AssertionError(message);
}
export { failNow as fail };

/** `import assert from 'assert'; assert(x)`, and `assert.strict`. */
const assert = Object.assign((value: unknown, message?: string | Error) => ok(value, message), {
  ok,
  equal,
  strictEqual,
  notEqual,
  notStrictEqual,
  deepEqual,
  deepStrictEqual,
  notDeepEqual,
  notDeepStrictEqual,
  match,
  doesNotMatch,
  throws,
  doesNotThrow,
  rejects,
  doesNotReject,
  fail: failNow,
  AssertionError,
  isDeepStrictEqual,
});
export const strict = assert;
export default assert;
