import { Document, isCollection, isMap, isScalar, isSeq, visit } from 'yaml';

/**
 * Copy of `obj` with `keys` first, in that order, then any other keys in their
 * original order (unknown keys are preserved). Undefined values are dropped.
 */
export function ordered<T extends object>(obj: T, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const src = obj as Record<string, unknown>;
  for (const k of keys) if (src[k] !== undefined) out[k] = src[k];
  for (const k of Object.keys(src)) if (!(k in out) && src[k] !== undefined) out[k] = src[k];
  return out;
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
        visit(item, { Scalar(_, node) { if (typeof node.value === 'string' && /[\r\n\t]/.test(node.value)) node.type = 'QUOTE_DOUBLE'; } });
      }
    }
  }
  if (opts.flowLeaves) {
    visit(doc, {
      Pair(_, pair) {
        const v = pair.value;
        if ((isSeq(v) || isMap(v)) && v.items.length > 0 && v.items.every((i) => (isScalar(i) ? true : !isCollection(i) && isScalar((i as { value?: unknown }).value)))) {
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
