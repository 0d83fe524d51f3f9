import * as assert from 'node:assert/strict';
import { BENCH_QUERIES, generateCorpus } from '../../bench/search';
import { SearchIndex, type SearchHit, type SearchInput } from '../../src/core/search';
import { decodeSegmentFile, encodeSegmentFile } from '../../src/core/search/cacheFile';
import type { DocRecord } from '../../src/core/search/types';
import { plainMiniSearch, plainScores } from './helpers/plainMiniSearch';

/*
 * The segmented index against one plain MiniSearch, on the benchmark's study of
 * 1x size (100 transcripts, 2.7 million words, 20,000 codings, 300 memos and
 * 300 codes): the reference is built in the test from the same documents, not
 * written down.
 */

/** Scores equal up to the last bits: sums of the same terms may add up in another order across segments. */
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

function where(rec: DocRecord): string {
  return rec.kind === 'passage' ? `${rec.source.path}@${rec.start}` : rec.kind === 'memo' ? rec.path : `code:${rec.code.id}`;
}

function hitWhere(h: SearchHit): string {
  return h.kind === 'passage' ? `${h.source}@${h.start}` : h.kind === 'memo' ? h.memo! : `code:${h.code}`;
}

/** Hits equal in everything, scores up to {@link close}. */
function assertSameHits(ours: SearchHit[], theirs: SearchHit[], query: string): void {
  assert.equal(ours.length, theirs.length, query);
  ours.forEach((h, k) => {
    const t = theirs[k];
    assert.ok(close(h.score, t.score), `${query} #${k}: ${h.score} vs ${t.score}`);
    assert.deepEqual({ ...h, score: 0 }, { ...t, score: 0 }, `${query} #${k}`);
  });
}

describe('search segments', function () {
  // Builds three indexes of 2.7 million words and a plain MiniSearch: seconds, not milliseconds.
  this.timeout(600_000);
  let corpus: SearchInput;
  let segmented: SearchIndex;
  let single: SearchIndex;

  before(() => {
    corpus = generateCorpus();
    // Seven sources a segment: 15 source segments, far more than the defaults make of this study.
    segmented = SearchIndex.build(corpus, { sources: 7 });
    single = SearchIndex.build(corpus, { sources: Infinity, chars: Infinity });
  });

  it('are what a study is split into, codes first and memos last', () => {
    assert.equal(segmented.segments().length, 2 + Math.ceil(corpus.sources.length / 7));
    assert.deepEqual(
      single.segments().map((s) => s.kind),
      ['codes', 'sources', 'memos'],
    );
    assert.equal(segmented.documentCount, single.documentCount);
  });

  it('score and rank text queries as one MiniSearch over every document (1x study)', () => {
    const { ms, records } = plainMiniSearch(segmented);
    assert.equal(records.length, segmented.documentCount);
    const textQueries = ['money', 'the', 'rent council', 'benefit', 'secur', 'mony', 'secruity', 'zoe', 'job work'];
    for (const q of textQueries) {
      const theirs = plainScores(ms, q);
      const ours = segmented.search(q, { limit: Number.MAX_SAFE_INTEGER });
      assert.ok(theirs.length > 0, q);
      assert.equal(ours.total, theirs.length, q);
      // MiniSearch sorts by score alone: compare in groups of equal score, each as a set of documents.
      const group = (list: { where: string; score: number }[]) => {
        const out: { score: number; docs: string[] }[] = [];
        for (const x of list) {
          const last = out[out.length - 1];
          if (last && close(last.score, x.score)) last.docs.push(x.where);
          else out.push({ score: x.score, docs: [x.where] });
        }
        return out.map((g) => ({ score: g.score, docs: g.docs.sort() }));
      };
      const a = group(ours.hits.map((h) => ({ where: hitWhere(h), score: h.score })));
      const b = group(theirs.map((r) => ({ where: where(records[r.id]), score: r.score })));
      assert.equal(a.length, b.length, q);
      a.forEach((g, k) => {
        assert.ok(close(g.score, b[k].score), `${q}: ${g.score} vs ${b[k].score}`);
        assert.deepEqual(g.docs, b[k].docs, q);
      });
    }
  });

  it('give the same hits as one segment for every kind of query, before and after a save and load', () => {
    const loaded = SearchIndex.fromJSON(JSON.stringify(segmented));
    assert.deepEqual(loaded.sync(corpus), { added: 0, removed: 0, changed: true }, 'codings are attached, nothing indexed');
    const queries = [...BENCH_QUERIES, '-money kind:memo', '"the" -"money day" rent', 'code:c001 near:c002', 'sourc:x'];
    for (const q of queries) {
      const expected = single.search(q);
      if (BENCH_QUERIES.includes(q)) assert.ok(expected.total > 0, q);
      for (const index of [segmented, loaded]) {
        const r = index.search(q);
        assert.equal(r.total, expected.total, q);
        assert.deepEqual(r.problems, expected.problems, q);
        assertSameHits(r.hits, expected.hits, q);
      }
    }
  });

  it('stay in step with one segment through edits, removals and additions', () => {
    // A fifth of the study is enough to cross several segments.
    const part = { ...corpus, sources: corpus.sources.slice(0, 20) };
    const a = SearchIndex.build(part, { sources: 7 });
    const b = SearchIndex.build(part, { sources: Infinity, chars: Infinity });
    const [first, second] = part.sources;
    const edited = first.text.replace('Participant: ', 'Participant: quokka ');
    const turns = first.turns.map((t, k) =>
      k === 0 ? t : k === 1 ? { ...t, end: t.end + 7 } : { ...t, start: t.start + 7, end: t.end + 7 },
    );
    const extra = { path: 'transcripts/p999.transcript', text: 'Participant: quokka money rent council.', turns: [] };
    for (const index of [a, b]) {
      index.updateSource(first.path, edited, turns);
      index.removeSource(second.path);
      index.updateSource(extra.path, extra.text, extra.turns);
      index.compact();
    }
    for (const q of ['quokka', 'money', 'rent council', '"money day"', 'source:p002', 'source:p002 kind:passage', 'code:c007 coder:aa']) {
      // After edits, new documents sit at the end of their segment: ties may order differently, totals and sets may not.
      const [x, y] = [a.search(q, { limit: 100_000 }), b.search(q, { limit: 100_000 })];
      assert.equal(x.total, y.total, q);
      assert.deepEqual(x.hits.map(hitWhere).sort(), y.hits.map(hitWhere).sort(), q);
    }
    assert.equal(a.search('quokka').total, 2);
    assert.equal(a.search('source:p002 kind:passage').total, 0);
    assert.ok(a.search('source:p001 kind:passage').total > 0);
  });

  it('give the same hits loaded frozen from segment files, and after an edit thaws a segment', () => {
    const frozen = new SearchIndex({ sources: 7 });
    for (const seg of segmented.changedSegments())
      frozen.loadSegment(decodeSegmentFile(encodeSegmentFile(1, seg.json()), seg.name).segment);
    assert.deepEqual(frozen.sync(corpus), { added: 0, removed: 0, changed: true }, 'codings are attached, nothing indexed');
    assert.ok(
      frozen.segments().every((s) => s.isFrozen),
      'an unchanged study leaves every segment as loaded',
    );
    const queries = [...BENCH_QUERIES, '-money kind:memo', '"the" -"money day" rent', 'code:c001 near:c002', 'speaker:participant'];
    for (const q of queries) {
      const [r, expected] = [frozen.search(q), single.search(q)];
      assert.equal(r.total, expected.total, q);
      assertSameHits(r.hits, expected.hits, q);
    }
    // An edit to the first source thaws its segment (a MiniSearch again), reusing its unchanged passages.
    const first = corpus.sources[0];
    const edited = first.text.replace('Participant: ', 'Participant: quokka ');
    const turns = first.turns.map((t, k) =>
      k === 0 ? t : k === 1 ? { ...t, end: t.end + 7 } : { ...t, start: t.start + 7, end: t.end + 7 },
    );
    const report = frozen.updateSource(first.path, edited, turns);
    assert.deepEqual(report, { added: 1, removed: 1, changed: true }, 'one turn indexed again');
    assert.equal(frozen.segments().filter((s) => !s.isFrozen).length, 1);
    single.updateSource(first.path, edited, turns);
    for (const q of ['quokka', 'money', '"money day"', 'code:c007 coder:aa', 'source:p001 rent']) {
      const [x, y] = [frozen.search(q, { limit: 100_000 }), single.search(q, { limit: 100_000 })];
      assert.equal(x.total, y.total, q);
      assert.deepEqual(x.hits.map(hitWhere).sort(), y.hits.map(hitWhere).sort(), q);
    }
    assert.equal(frozen.search('quokka').total, 1);
  });
});
