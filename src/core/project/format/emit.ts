import { Document, isCollection, isMap, isScalar, isSeq, visit } from 'yaml';

/**
 * Sets an own property, whatever its name: `obj[key] = v` with key "__proto__"
 * would replace the object's prototype instead, and the key would be lost.
 */
export function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Copy of `obj` with `keys` first, in that order, then any other keys in their
 * original order (unknown keys are preserved, also ones named like inherited
 * properties: `constructor`, `toString`, `__proto__`). Undefined values are dropped.
 */
export function ordered<T extends object>(obj: T, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const src = obj as Record<string, unknown>;
  const own = (k: string) => (Object.hasOwn(src, k) ? src[k] : undefined);
  for (const k of keys) if (own(k) !== undefined) setOwn(out, k, own(k));
  for (const k of Object.keys(src)) if (!Object.hasOwn(out, k) && src[k] !== undefined) setOwn(out, k, src[k]);
  return out;
}

/**
 * Puts back the keys named "__proto__" that schema validation left out of
 * `parsed` (zod skips that key, so as not to replace its result's prototype),
 * at every level where `raw` and `parsed` have the same shape, so that a
 * rewrite keeps them like any other unknown key. Returns `parsed`.
 */
export function keepProtoKeys<T>(raw: unknown, parsed: T): T {
  if (Array.isArray(raw) && Array.isArray(parsed)) {
    if (raw.length === parsed.length) raw.forEach((r, i) => keepProtoKeys(r, parsed[i]));
  } else if (isRecord(raw) && isRecord(parsed)) {
    for (const k of Object.keys(raw)) {
      if (k === '__proto__' && !Object.hasOwn(parsed, k)) setOwn(parsed, k, raw[k]);
      else if (Object.hasOwn(parsed, k)) keepProtoKeys(raw[k], parsed[k]);
    }
  }
  return parsed;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/**
 * YAML text in the house form: UTF-8 text with LF, no line folding, multi-line
 * strings double-quoted (block scalars would lose trailing spaces and CRs, which
 * are part of a passage). With `flowLeaves`, lists and mappings of plain values
 * nested in a mapping are written inline (`sources: [a, b]`, `attributes: {region: wales}`).
 * With `flowItems`, each item of the top-level lists under those keys is written
 * on one line (`- {id: r001, answers: {region: wales}}`), so that git sees one
 * line per item.
 */
export function toYaml(value: unknown, opts: { flowLeaves?: boolean; flowItems?: readonly string[] } = {}): string {
  const doc = new Document(value, { keepUndefined: false });
  if (opts.flowItems?.length && isMap(doc.contents)) {
    for (const pair of doc.contents.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!opts.flowItems.includes(key) || !isSeq(pair.value)) continue;
      for (const item of pair.value.items) {
        if (!isCollection(item)) continue;
        item.flow = true;
        // In flow style a multi-line plain scalar would spread the item over several lines: quote it, escapes and all.
        visit(item, {
          Scalar(_, node) {
            if (typeof node.value === 'string' && /[\r\n\t]/.test(node.value)) node.type = 'QUOTE_DOUBLE';
          },
        });
      }
    }
  }
  if (opts.flowLeaves) {
    visit(doc, {
      Pair(_, pair) {
        const v = pair.value;
        if (
          (isSeq(v) || isMap(v)) &&
          v.items.length > 0 &&
          v.items.every((i) => (isScalar(i) ? true : !isCollection(i) && isScalar((i as { value?: unknown }).value)))
        ) {
          v.flow = true;
        }
      },
    });
  }
  return doc.toString({ lineWidth: 0, blockQuote: false, indentSeq: true, flowCollectionPadding: false });
}

/** Compare strings by code unit order: stable across locales and machines. */
export function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
