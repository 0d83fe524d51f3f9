import * as assert from 'node:assert/strict';
import type MiniSearch from 'minisearch';
import type { Code, Memo } from '../../src/core/model';
import { SearchIndex, type SearchResponse } from '../../src/core/search';
import { compactPostings, CompactPostings } from '../../src/core/search/postings';
import type { IndexedDoc } from '../../src/core/search/types';

/** A small deterministic generator, so failures reproduce. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const WORDS = [
  'money',
  'rent',
  'sister',
  'secure',
  'security',
  'food',
  'bank',
  'day',
  'the',
  'and',
  'mony',
  'landlord',
  'council',
  'benefit',
  'kids',
  'school',
  'shoes',
  'worry',
];

function paragraphs(rnd: () => number, n: number): string {
  return Array.from({ length: n }, () => {
    // A few words repeated many times exercise wider term-frequency arrays.
    const len = rnd() < 0.05 ? 300 : 3 + Math.floor(rnd() * 20);
    return Array.from({ length: len }, () => WORDS[Math.floor(rnd() * rnd() * WORDS.length)]).join(' ') + '.';
  }).join('\n\n');
}

const CODES: Code[] = [
  { id: 'housing', name: 'Housing costs', definition: 'Rent and the landlord.', status: 'active' } as Code,
  { id: 'support', name: 'Family support', include: 'A sister or kids helping with money.', status: 'active' } as Code,
];

function memo(path: string, body: string): Memo {
  return { path, meta: { id: path, created: '2026-03-02T10:00:00Z', kind: 'analytic', links: [] }, body } as Memo;
}

const QUERIES = [
  'money',
  'the',
  'rent money',
  'secur',
  'mony',
  'money sister',
  'landlord -bank',
  '"money day"',
  'worry kids school',
  'kind:code money',
];

function results(index: SearchIndex): SearchResponse[] {
  return QUERIES.map((q) => index.search(q, { limit: 500 }));
}

function msOf(index: SearchIndex): MiniSearch<IndexedDoc>[] {
  return index.segments().map((s) => s.ms);
}

/** The same updates, on `index`; returns the texts of the sources after them. */
function edit(index: SearchIndex, rnd: () => number, texts: Map<string, string>): Map<string, string> {
  const after = new Map(texts);
  after.set('b.txt', paragraphs(rnd, 30));
  index.updateSource('b.txt', after.get('b.txt')!);
  after.delete('c.txt');
  index.removeSource('c.txt');
  index.updateMemo(memo('qda/memos/m1.md', 'Money worries, and a landlord who never fixes the boiler.'));
  index.updateCodes([CODES[0], { ...CODES[1], name: 'Support from family and friends' }]);
  after.set('d.txt', paragraphs(rnd, 10) + '\n\nzebra crossing');
  index.updateSource('d.txt', after.get('d.txt')!);
  return after;
}

/** A JSON round trip, with the sources' texts attached again as the cache does. */
function reload(index: SearchIndex, texts: Map<string, string>): SearchIndex {
  const loaded = SearchIndex.fromJSON(JSON.stringify(index));
  for (const [path, text] of texts) assert.equal(loaded.updateSource(path, text).changed, false, path);
  return loaded;
}

describe('compact postings', () => {
  it('behave like the Map they replace', () => {
    const rnd = random(3);
    const map = new Map<number, number>();
    for (let d = 1; d < 400; d += 1 + Math.floor(rnd() * 4)) map.set(d, 1 + Math.floor(rnd() * 300));
    const ms = { _index: [['x', new Map([[0, new Map(map)]])]] } as unknown as MiniSearch<IndexedDoc>;
    compactPostings(ms);
    const p = (ms as unknown as { _index: [string, Map<number, CompactPostings>][] })._index[0][1].get(0)!;
    assert.ok(p instanceof CompactPostings);
    for (let step = 0; step < 2000; step++) {
      const doc = Math.floor(rnd() * 450);
      const r = rnd();
      if (r < 0.4) assert.equal(p.delete(doc), map.delete(doc));
      else if (r < 0.8) {
        const tf = 1 + Math.floor(rnd() * 70000);
        p.set(doc, tf);
        map.set(doc, tf);
      } else assert.equal(p.get(doc), map.get(doc));
      assert.equal(p.size, map.size);
      if (step % 97 === 0) p.flush();
      if (step % 50 === 0)
        assert.deepEqual(
          [...p],
          [...map].sort((a, b) => a[0] - b[0]),
        );
    }
    const seen: [number, number][] = [];
    p.forEach((tf, doc) => seen.push([doc, tf]));
    assert.deepEqual(
      seen,
      [...map].sort((a, b) => a[0] - b[0]),
    );
  });

  it('are used once an index is built or loaded', () => {
    const rnd = random(1);
    const index = SearchIndex.build({
      sources: [{ path: 'a.txt', text: paragraphs(rnd, 40), turns: [] }],
      codingsBySource: new Map(),
      codes: CODES,
      memos: [],
    });
    for (const ix of [index, SearchIndex.fromJSON(JSON.stringify(index))]) {
      for (const ms of msOf(ix)) {
        const tree = (ms as unknown as { _index: Iterable<[string, Map<number, unknown>]> })._index;
        for (const [term, fields] of tree) for (const p of fields.values()) assert.ok(p instanceof CompactPostings, term);
      }
    }
  });

  it('give the same results as MiniSearch maps, through updates and a save and load', () => {
    const rnd = random(7);
    const texts = ['a.txt', 'b.txt', 'c.txt'].map((path) => ({ path, text: paragraphs(rnd, 60), turns: [] }));
    const memos = [memo('qda/memos/m1.md', 'Rent came up more than money.'), memo('qda/memos/m2.md', 'The sister again.')];
    // Reference: the same calls, never compacted (only sync() and the cache compact).
    const reference = new SearchIndex();
    reference.updateCodes(CODES);
    for (const s of texts) reference.updateSource(s.path, s.text);
    for (const m of memos) reference.updateMemo(m);
    const compact = SearchIndex.build({ sources: texts, codingsBySource: new Map(), codes: CODES, memos });
    assert.deepEqual(results(compact), results(reference));
    const before = new Map(texts.map((t) => [t.path, t.text]));
    const loaded = reload(compact, before);
    assert.deepEqual(results(loaded), results(reference));

    const seed = rnd();
    let after = before;
    for (const ix of [reference, compact, loaded]) after = edit(ix, random(seed * 2 ** 32), before);
    const expected = results(reference);
    assert.deepEqual(results(compact), expected);
    assert.deepEqual(results(loaded), expected);
    loaded.compact();
    assert.deepEqual(results(loaded), expected);
    assert.deepEqual(results(reload(loaded, after)), expected);
    assert.equal(expected[QUERIES.indexOf('money')].total > 10, true);
  });
});
