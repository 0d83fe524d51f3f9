import MiniSearch from 'minisearch';
import type { SearchIndex } from '../../../src/core/search';
import { codeDoc, miniSearchOptions } from '../../../src/core/search/options';
import type { DocRecord, IndexedDoc } from '../../../src/core/search/types';
import { CodePointIndex } from '../../../src/core/text';

/**
 * The reference for a segmented index: one plain MiniSearch over the same
 * documents, added in the index's order (segment by segment, each in the
 * order its MiniSearch holds them), as a single index built from scratch
 * would have them. Returns it with the record behind each of its ids.
 */
export function plainMiniSearch(index: SearchIndex): { ms: MiniSearch<IndexedDoc>; records: DocRecord[] } {
  const ms = new MiniSearch<IndexedDoc>(miniSearchOptions());
  const records: DocRecord[] = [];
  const cpis = new Map<string, CodePointIndex>();
  for (const seg of index.segments()) {
    const ids = (seg.ms as unknown as { _documentIds: Map<number, number> })._documentIds;
    for (const id of ids.values()) {
      const rec = seg.records.get(id)!;
      const n = records.push(rec) - 1;
      if (rec.kind === 'code') ms.add({ ...codeDoc(rec), id: n });
      else if (rec.kind === 'memo') ms.add({ id: n, text: rec.body });
      else {
        const path = rec.source.path;
        let cpi = cpis.get(path);
        if (!cpi) cpis.set(path, (cpi = new CodePointIndex(rec.source.text!)));
        ms.add({ id: n, text: cpi.slice(rec.start, rec.end) });
      }
    }
  }
  return { ms, records };
}

/** MiniSearch#search with the query options the index uses (prefix from 3 letters, typos from 4), scores per word as ours. */
export function plainScores(ms: MiniSearch<IndexedDoc>, query: string): { id: number; score: number }[] {
  const words = query.split(' ').length;
  return ms
    .search(query, {
      ...miniSearchOptions().searchOptions,
      prefix: (t) => t.length >= 3,
      fuzzy: (t) => (t.length >= 8 ? 2 : t.length >= 4 ? 1 : false),
    })
    .map((r) => ({ id: r.id as number, score: r.score / words }));
}
