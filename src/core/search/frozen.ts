import MiniSearch, { type Options } from 'minisearch';
import { PostingsLoader, type CompactPostings } from './postings';
import type { IndexedDoc } from './types';

/*
 * A segment as loaded from the cache, before anything changes it: what a query
 * reads, without MiniSearch's per-document maps and with each term's postings
 * left as the varints of the file until a query asks for that term. Loading
 * every posting of a large project (tens of millions of numbers) and a map
 * entry per document was most of a warm start at 10x; a query reads a few
 * terms. A segment that is edited is thawed into a full MiniSearch first
 * (./segment.ts), so every update path stays MiniSearch's.
 */

/** Per term and field: postings as short id -> term frequency. */
export type FieldPostings = Map<number, CompactPostings | Map<number, number>>;

/** The part of MiniSearch's term tree the scorer reads. */
export interface TermTree {
  get(term: string): FieldPostings | undefined;
  atPrefix(prefix: string): Iterable<[string, FieldPostings]>;
  fuzzyGet(term: string, maxDistance: number): Map<string, [FieldPostings, number]>;
}

/** A segment's index in its saved form: the numbers of serial.ts's PackedIndex, postings still encoded. */
export interface FrozenParts {
  documentCount: number;
  nextId: number;
  fieldIds: Record<string, number>;
  averageFieldLength: number[];
  dirtCount: number;
  /** [short id, document id]… in MiniSearch's order. */
  documentIds: Int32Array;
  /** [short id, n, length of field 0 (-1: none), …]… in MiniSearch's order. */
  fieldLength: Int32Array;
  terms: string[];
  /** Per term, the bytes of its postings in `postings`. */
  termBytes: Int32Array;
  /** Per term: zigzag varints, field count, then per field: field id, posting count, [short id delta, frequency]… */
  postings: Uint8Array;
}

type SearchableMap = {
  set(term: string, value: number): void;
  get(term: string): number | undefined;
  atPrefix(prefix: string): Iterable<[string, number]>;
  fuzzyGet(term: string, maxDistance: number): Map<string, [number, number]>;
};

/** A loaded cache file whose contents do not add up, found when a query or an edit first reads that part. */
export class DamagedIndexError extends Error {}

function fail(message: string): never {
  throw new DamagedIndexError(`reflexive-qda search: damaged index: ${message}`);
}

/** Reads zigzag LEB128 varints from `bytes`, from `at`; `cutShort` says what is wrong when they end too soon. */
export class VarintReader {
  constructor(
    private readonly bytes: Uint8Array,
    public at: number,
    private readonly end: number,
    private readonly cutShort: () => never = () => fail('the postings are cut short'),
  ) {}

  next(): number {
    let v = 0;
    let scale = 1;
    for (;;) {
      if (this.at >= this.end || scale > 2 ** 35) this.cutShort();
      const b = this.bytes[this.at++];
      v += (b & 0x7f) * scale;
      if (b < 0x80) break;
      scale *= 0x80;
    }
    return v % 2 ? -(v + 1) / 2 : v / 2;
  }
}

/** A loaded segment's index, read on demand. */
export class FrozenIndex {
  /** Term -> its number; MiniSearch's own radix tree, for the same prefix and fuzzy look-ups. */
  private readonly tree: SearchableMap;
  private readonly offsets: Float64Array;
  private readonly decoded = new Map<number, FieldPostings>();
  readonly termTree: TermTree;

  constructor(
    readonly parts: FrozenParts,
    options: Options<IndexedDoc>,
  ) {
    const p = parts;
    if (p.termBytes.length !== p.terms.length) fail('the terms and their postings do not match');
    this.offsets = new Float64Array(p.terms.length + 1);
    for (let t = 0; t < p.terms.length; t++) {
      if (p.termBytes[t] <= 0) fail('a term has no postings');
      this.offsets[t + 1] = this.offsets[t] + p.termBytes[t];
    }
    if (this.offsets[p.terms.length] !== p.postings.length) fail('the postings do not add up');
    if (p.documentIds.length !== 2 * p.documentCount) fail('the document count does not add up');
    this.tree = (new MiniSearch(options) as unknown as { _index: SearchableMap })._index;
    p.terms.forEach((term, t) => this.tree.set(term, t));
    const at = (t: number | undefined) => (t === undefined ? undefined : this.postingsOf(t));
    this.termTree = {
      get: (term) => at(this.tree.get(term)),
      atPrefix: (prefix) => {
        const out: [string, FieldPostings][] = [];
        for (const [term, t] of this.tree.atPrefix(prefix)) out.push([term, this.postingsOf(t)]);
        return out;
      },
      fuzzyGet: (term, maxDistance) => {
        const out = new Map<string, [FieldPostings, number]>();
        for (const [found, [t, distance]] of this.tree.fuzzyGet(term, maxDistance)) out.set(found, [this.postingsOf(t), distance]);
        return out;
      },
    };
  }

  get documentCount(): number {
    return this.parts.documentCount;
  }

  get nextId(): number {
    return this.parts.nextId;
  }

  get fieldIds(): Record<string, number> {
    return this.parts.fieldIds;
  }

  /** Calls `fn` for each document in MiniSearch's order, with its field lengths (undefined: field absent). */
  forEachLength(fn: (short: number, lengths: (number | undefined)[]) => void): void {
    const fl = this.parts.fieldLength;
    const lengths: (number | undefined)[] = [];
    for (let i = 0; i < fl.length;) {
      const short = fl[i];
      const n = fl[i + 1];
      lengths.length = n;
      for (let f = 0; f < n; f++) {
        const v = fl[i + 2 + f];
        lengths[f] = v === -1 ? undefined : v;
      }
      fn(short, lengths);
      i += 2 + n;
    }
  }

  /** Calls `fn(short, id)` for each document. */
  forEachId(fn: (short: number, id: number) => void): void {
    const ids = this.parts.documentIds;
    for (let i = 0; i + 1 < ids.length; i += 2) fn(ids[i], ids[i + 1]);
  }

  /** The postings of term number `t`, decoded the first time they are asked for. */
  private postingsOf(t: number): FieldPostings {
    let fields = this.decoded.get(t);
    if (fields) return fields;
    const r = new VarintReader(this.parts.postings, this.offsets[t], this.offsets[t + 1]);
    const nf = r.next();
    const runs: { fieldId: number; flat: number[]; n: number }[] = [];
    let count = 0;
    let maxTf = 0;
    for (let f = 0; f < nf; f++) {
      const fieldId = r.next();
      const n = r.next();
      if (n < 0 || n > this.parts.nextId) fail('a posting count is out of range');
      const flat = new Array<number>(2 * n);
      for (let k = 0; k < 2 * n; k++) flat[k] = r.next();
      for (let k = 1; k < 2 * n; k += 2) if (flat[k] > maxTf) maxTf = flat[k];
      runs.push({ fieldId, flat, n });
      count += n;
    }
    if (r.at !== this.offsets[t + 1]) fail('the postings of a term do not add up');
    const loader = new PostingsLoader(this, count, maxTf);
    fields = new Map();
    for (const run of runs) {
      const postings = loader.add(run.flat, 0, run.n);
      // Short ids index the scorer's arrays: one out of range would write where another segment reads.
      for (let i = postings.from; i < postings.to; i++) if (postings.docs[i] >= this.parts.nextId) fail('a posting names no document');
      fields.set(run.fieldId, postings);
    }
    this.decoded.set(t, fields);
    return fields;
  }

  /** Every posting as numbers (serial.ts's PackedIndex layout), to build a full MiniSearch from. */
  postingNumbers(): Int32Array {
    const p = this.parts.postings;
    const r = new VarintReader(p, 0, p.length);
    let n = 0;
    for (let i = 0; i < p.length; i++) if (p[i] < 0x80) n++;
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = r.next();
    return out;
  }
}

/** Small magnitudes to small unsigned numbers: 0, -1, 1, -2, … → 0, 1, 2, 3, … */
export function zigzag(v: number): number {
  return v < 0 ? -2 * v - 1 : 2 * v;
}

/** Bytes of `v` (unsigned) as a LEB128 varint. */
export function varintSize(v: number): number {
  let n = 1;
  while (v >= 0x80) {
    v = Math.floor(v / 0x80);
    n++;
  }
  return n;
}

/** Writes `values` as zigzag varints into `out` from `at`; returns where it stopped. */
export function writeVarints(values: ArrayLike<number>, out: Uint8Array, at: number): number {
  for (let i = 0; i < values.length; i++) {
    let v = zigzag(values[i]);
    while (v >= 0x80) {
      out[at++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    out[at++] = v;
  }
  return at;
}

/** Postings in serial.ts's PackedIndex layout as the varints a frozen index reads, with each term's size in bytes. */
export function encodePostings(post: ArrayLike<number>): { bytes: Uint8Array; termBytes: Int32Array } {
  const sizes: number[] = [];
  const size = (i: number) => varintSize(zigzag(post[i]));
  let total = 0;
  for (let at = 0; at < post.length;) {
    let n = size(at);
    const nf = post[at++];
    for (let f = 0; f < nf; f++) {
      const count = post[at + 1];
      n += size(at) + size(at + 1);
      at += 2;
      for (let k = 0; k < 2 * count; k++) n += size(at + k);
      at += 2 * count;
    }
    sizes.push(n);
    total += n;
  }
  const bytes = new Uint8Array(total);
  if (writeVarints(post, bytes, 0) !== total) throw new Error('reflexive-qda search: postings did not add up');
  return { bytes, termBytes: Int32Array.from(sizes) };
}
