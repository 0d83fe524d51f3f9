import type MiniSearch from 'minisearch';
import type { IndexedDoc } from './types';

/*
 * MiniSearch 7 keeps, per term and field, a Map(short doc id -> term frequency):
 * about 44 bytes a posting, 1.9 million of them for a large project. Once an
 * index is built or loaded its postings move into pooled typed arrays (short
 * ids ascending, 4 bytes; frequencies 1-4 bytes), behind CompactPostings, which
 * has the part of Map's interface MiniSearch uses (add, remove, search, toJSON).
 * MiniSearch's term tree (prefix and fuzzy look-ups) is kept as it is.
 *
 * Changes after that go to a small per-postings delta (frequency 0: removed),
 * folded back into typed arrays by flushPostings() before a query is scored.
 * Terms first seen after compaction get a plain Map from MiniSearch, until the
 * next compactPostings().
 */

type Frequencies = Uint8Array | Uint16Array | Uint32Array;

interface Pool {
  docs: Uint32Array;
  tfs: Frequencies;
}

/** Per MiniSearch instance: postings with a delta to fold in. */
class Registry {
  readonly dirty = new Set<CompactPostings>();
}

const registries = new WeakMap<object, Registry>();

function registryOf(ms: object): Registry {
  let r = registries.get(ms);
  if (!r) registries.set(ms, (r = new Registry()));
  return r;
}

function frequencies(length: number, maxTf: number): Frequencies {
  return maxTf < 0x100 ? new Uint8Array(length) : maxTf < 0x10000 ? new Uint16Array(length) : new Uint32Array(length);
}

export class CompactPostings {
  private delta: Map<number, number> | undefined = undefined;
  private n: number;

  constructor(
    private pool: Pool,
    private start: number,
    private end: number,
    private readonly registry: Registry,
  ) {
    this.n = end - start;
  }

  get size(): number {
    return this.n;
  }

  /** True when there is no delta: {@link docs}/{@link tfs} from {@link from} to {@link to} are all the postings. */
  get clean(): boolean {
    return this.delta === undefined;
  }
  get docs(): Uint32Array {
    return this.pool.docs;
  }
  get tfs(): Frequencies {
    return this.pool.tfs;
  }
  get from(): number {
    return this.start;
  }
  get to(): number {
    return this.end;
  }

  /** Position of `doc` in the arrays, or -1. */
  find(doc: number): number {
    const docs = this.pool.docs;
    let lo = this.start;
    let hi = this.end - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const d = docs[mid];
      if (d < doc) lo = mid + 1;
      else if (d > doc) hi = mid - 1;
      else return mid;
    }
    return -1;
  }

  get(doc: number): number | undefined {
    if (this.delta) {
      const v = this.delta.get(doc);
      if (v !== undefined) return v === 0 ? undefined : v;
    }
    const i = this.find(doc);
    return i < 0 ? undefined : this.pool.tfs[i];
  }

  has(doc: number): boolean {
    return this.get(doc) !== undefined;
  }

  set(doc: number, tf: number): this {
    if (this.get(doc) === undefined) this.n++;
    (this.delta ??= new Map()).set(doc, tf);
    this.registry.dirty.add(this);
    return this;
  }

  delete(doc: number): boolean {
    if (this.get(doc) === undefined) return false;
    this.n--;
    if (this.find(doc) >= 0) (this.delta ??= new Map()).set(doc, 0);
    else this.delta!.delete(doc);
    this.registry.dirty.add(this);
    return true;
  }

  /** Calls `fn(tf, doc)` in ascending short id order, like a Map built by adding documents. */
  forEach(fn: (tf: number, doc: number) => void): void {
    if (!this.delta) {
      const { docs, tfs } = this.pool;
      for (let i = this.start; i < this.end; i++) fn(tfs[i], docs[i]);
      return;
    }
    for (const [doc, tf] of this.entries()) fn(tf, doc);
  }

  *entries(): IterableIterator<[number, number]> {
    const { docs, tfs } = this.pool;
    const delta = this.delta;
    const extra = delta ? [...delta.keys()].filter((d) => delta.get(d)! > 0 && this.find(d) < 0).sort((a, b) => a - b) : [];
    let e = 0;
    for (let i = this.start; i < this.end; i++) {
      const doc = docs[i];
      while (e < extra.length && extra[e] < doc) yield [extra[e], delta!.get(extra[e++])!];
      const tf = delta?.get(doc) ?? tfs[i];
      if (tf > 0) yield [doc, tf];
    }
    while (e < extra.length) yield [extra[e], delta!.get(extra[e++])!];
  }

  *keys(): IterableIterator<number> {
    for (const [doc] of this.entries()) yield doc;
  }

  *values(): IterableIterator<number> {
    for (const [, tf] of this.entries()) yield tf;
  }

  [Symbol.iterator](): IterableIterator<[number, number]> {
    return this.entries();
  }

  /** Folds the delta into arrays of its own. */
  flush(): void {
    if (!this.delta) return;
    const list = [...this.entries()];
    let max = 0;
    for (const [, tf] of list) if (tf > max) max = tf;
    const pool: Pool = { docs: new Uint32Array(list.length), tfs: frequencies(list.length, max) };
    list.forEach(([doc, tf], i) => {
      pool.docs[i] = doc;
      pool.tfs[i] = tf;
    });
    this.pool = pool;
    this.start = 0;
    this.end = this.n = list.length;
    this.delta = undefined;
  }
}

/** Postings as the scorer reads them: compact, or a Map MiniSearch made after compaction. */
export type Postings = CompactPostings | Map<number, number>;
type FieldPostings = Map<number, Postings>;
type TermIndex = Iterable<[string, FieldPostings]>;

/** Folds pending changes into the typed arrays; cheap when there are none. */
export function flushPostings(ms: MiniSearch<IndexedDoc>): void {
  const r = registries.get(ms);
  if (!r || r.dirty.size === 0) return;
  for (const p of r.dirty) p.flush();
  r.dirty.clear();
}

/** Moves every plain Map of postings in `ms` into one pool of typed arrays. */
export function compactPostings(ms: MiniSearch<IndexedDoc>): void {
  flushPostings(ms);
  const index = (ms as unknown as { _index: TermIndex })._index;
  let count = 0;
  let max = 0;
  for (const [, fields] of index) {
    for (const postings of fields.values()) {
      if (!(postings instanceof Map)) continue;
      count += postings.size;
      for (const tf of postings.values()) if (tf > max) max = tf;
    }
  }
  if (count === 0) return;
  const pool: Pool = { docs: new Uint32Array(count), tfs: frequencies(count, max) };
  const registry = registryOf(ms);
  let at = 0;
  for (const [, fields] of index) {
    for (const [fieldId, postings] of fields) {
      if (!(postings instanceof Map)) continue;
      const start = at;
      const sorted = [...postings].sort((a, b) => a[0] - b[0]);
      for (const [doc, tf] of sorted) {
        pool.docs[at] = doc;
        pool.tfs[at++] = tf;
      }
      fields.set(fieldId, new CompactPostings(pool, start, at, registry));
    }
  }
}

/**
 * For loading: postings given as [short id delta, frequency]… runs in `flat`
 * go into one pool. `begin` then `add` each run; `finish` checks the count.
 */
export class PostingsLoader {
  private readonly pool: Pool;
  private readonly registry: Registry;
  private at = 0;

  /** `owner`: the MiniSearch (or frozen index) the postings belong to. */
  constructor(owner: object, count: number, maxTf: number) {
    this.pool = { docs: new Uint32Array(count), tfs: frequencies(count, maxTf) };
    this.registry = registryOf(owner);
  }

  /** Copies a run of ascending short ids and their frequencies; returns the postings. */
  addRun(docs: readonly number[], tfs: readonly number[]): CompactPostings {
    const pool = this.pool;
    const start = this.at;
    for (let k = 0; k < docs.length; k++) {
      pool.docs[this.at] = docs[k];
      pool.tfs[this.at++] = tfs[k];
    }
    return new CompactPostings(pool, start, this.at, this.registry);
  }

  /** Reads `n` pairs from `flat` at `offset`; returns the postings. */
  add(flat: ArrayLike<number>, offset: number, n: number): CompactPostings {
    const { docs, tfs } = this.pool;
    const start = this.at;
    let doc = 0;
    let sorted = true;
    for (let k = 0; k < n; k++) {
      const d = doc + flat[offset + 2 * k];
      if (d <= doc && k > 0) sorted = false;
      doc = d;
      docs[this.at] = d;
      tfs[this.at++] = flat[offset + 2 * k + 1];
    }
    if (!sorted) sortRun(docs, tfs, start, this.at);
    return new CompactPostings(this.pool, start, this.at, this.registry);
  }
}

function sortRun(docs: Uint32Array, tfs: Frequencies, start: number, end: number): void {
  const pairs: [number, number][] = [];
  for (let i = start; i < end; i++) pairs.push([docs[i], tfs[i]]);
  pairs.sort((a, b) => a[0] - b[0]);
  pairs.forEach(([d, tf], k) => {
    docs[start + k] = d;
    tfs[start + k] = tf;
  });
}
