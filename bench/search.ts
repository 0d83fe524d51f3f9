/**
 * Search benchmark: a seeded synthetic corpus at the size of a large study
 * (100 transcripts, ~2.7 M words, ~20,000 codings on 300 codes, 300 memos),
 * indexed, saved and loaded, then queried with the fixed set below.
 *
 * Budget: p95 query time under 20 ms with at most 50 hits per query.
 * Run: `npx tsc -p . && node out/bench/search.js` (prints JSON).
 */
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import type { Code, Coding, Memo, MemoKind, Participants } from '../src/core/model';
import { SearchIndex, type SearchableSource, type SearchInput, type SearchTurn } from '../src/core/search';
import { seededRandom } from '../src/core/random';

/**
 * The queries, one per feature; each must return hits on the generated corpus
 * (the benchmark fails otherwise, so a broken feature cannot look fast).
 */
export const BENCH_QUERIES: readonly string[] = [
  'money', // a common topical word
  'the', // the most frequent word: worst case for scoring and sorting
  'rent council', // two words, AND
  'benefit', // prefix (benefits)
  'secur', // prefix of several words
  'mony', // fuzzy, one edit
  'secruity', // fuzzy, two edits (a transposition)
  'zoe', // accents ignored: Zoë
  '"money day"', // phrase
  '"food bank" voucher', // phrase and word
  'rent code:c001', // word and code filter
  'code:c042', // filter only
  'code:c007 coder:aa', // code and coder, filter only
  'money region:wales', // participant attribute
  '"age band":30-49 debt', // quoted attribute name
  'source:p017 worry', // source filter
  'kind:memo reflexive', // memos only
  'memo:analytic author:mf money', // memo kind and author
  'kind:code secure', // codes only
  'money -rent kind:passage', // negation
  'speaker:participant job work', // speaker filter and two words
];

const COMMON =
  "the i and to a you it of that was in my we but so they know just like for have is on not be with it's me he she all what there do at this had if then when about one because out get can no our up them going think would got really were time money work go".split(
    ' ',
  );
const TOPICAL =
  'rent council benefits benefit debt worry worried food bank voucher job family kids school bills electric heating landlord housing security secure insecure budget savings loan credit card wages shift hours universal credit payday friends church community shop cheap meals energy meter gas water phone stress anxious proud coping struggle manage managing help support neighbour sister mum dad partner childcare bus travel car fuel'.split(
    ' ',
  );
const NAMES = ['Zoë', 'Siân', 'José', 'Chloé', 'Anaïs', 'Øyvind'];

/** A seeded corpus and the project data around it. */
export function generateCorpus(seed = 20261129): SearchInput & { words: number } {
  const random = seededRandom(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  const syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'te', 'vo', 'bri', 'dan', 'fel', 'gor', 'hum', 'pel', 'str', 'wen'];
  const rare: string[] = [];
  for (let i = 0; i < 12000; i++) rare.push(pick(syllables) + pick(syllables) + (random() < 0.5 ? pick(syllables) : ''));
  // Zipf-like: common words dominate, topical words are frequent, the long tail is rare.
  const vocab = [...COMMON, ...TOPICAL, ...rare];
  const cdf: number[] = [];
  let sum = 0;
  for (let r = 1; r <= vocab.length; r++) cdf.push((sum += 1 / Math.pow(r, 1.05)));
  const word = () => {
    const x = random() * sum;
    let lo = 0;
    let hi = cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return vocab[lo];
  };
  const sentence = (n: number) => {
    const ws: string[] = [];
    for (let i = 0; i < n; i++) {
      const r = random();
      if (r < 0.002) ws.push('money day');
      else if (r < 0.003) ws.push('food bank');
      else if (r < 0.004) ws.push(pick(NAMES));
      else if (r < 0.0042) ws.push('😊');
      else ws.push(word());
    }
    return ws.join(' ');
  };

  const sources: SearchableSource[] = [];
  const codingsBySource = new Map<string, Coding[]>();
  let words = 0;
  const wordsPerSource = 27000;
  const codes: Code[] = [];
  for (let c = 1; c <= 300; c++) {
    const id = `c${String(c).padStart(3, '0')}`;
    codes.push({
      id,
      name: `${pick(TOPICAL)} ${pick(TOPICAL)}`,
      definition: sentence(25),
      include: sentence(12),
      exclude: sentence(10),
      status: 'active',
    });
  }
  const participants: Participants = {
    attributes: { region: ['north', 'midlands', 'south', 'wales'], 'age band': ['18-29', '30-49', '50-64', '65+'] },
    participants: [],
  };
  for (let s = 1; s <= 100; s++) {
    const pid = `p${String(s).padStart(3, '0')}`;
    const path = `transcripts/${pid}.transcript`;
    participants.participants.push({
      id: pid,
      sources: [path],
      attributes: { region: pick(participants.attributes!.region), 'age band': pick(participants.attributes!['age band']) },
    });
    let text = '';
    let cp = 0;
    const turns: SearchTurn[] = [];
    let n = 0;
    let interviewer = true;
    while (n < wordsPerSource) {
      const count = interviewer ? 5 + Math.floor(random() * 20) : 20 + Math.floor(random() * 120);
      const label = interviewer ? 'Interviewer: ' : 'Participant: ';
      const body = sentence(count) + '.';
      const start = cp + label.length;
      text += label + body + '\n\n';
      cp += [...label].length + [...body].length + 2;
      turns.push({ start, end: start + [...body].length, speaker: interviewer ? 'Interviewer' : 'Participant' });
      n += count;
      interviewer = !interviewer;
    }
    words += n;
    sources.push({ path, text, turns });
    const cps = [...text];
    const codings: Coding[] = [];
    const answers = turns.filter((t) => t.speaker === 'Participant');
    for (let k = 0; k < 200; k++) {
      const t = pick(answers);
      const a = t.start + Math.floor(random() * (t.end - t.start) * 0.5);
      const b = Math.min(t.end, a + 40 + Math.floor(random() * 400));
      codings.push({
        id: `${pid}-${k}`,
        code: pick(codes).id,
        start: a,
        end: b,
        text: cps.slice(a, b).join(''),
        coder: random() < 0.7 ? 'mf' : 'aa',
      });
    }
    codingsBySource.set(path, codings);
  }
  const kinds: MemoKind[] = ['reflexive', 'analytic', 'methodological', 'theoretical'];
  const memos: Memo[] = [];
  for (let m = 1; m <= 300; m++) {
    const kind = pick(kinds);
    memos.push({
      path: `qda/memos/2026-03-${String((m % 28) + 1).padStart(2, '0')}-memo-${m}.md`,
      meta: {
        id: `m-${m}`,
        created: '2026-03-01T10:00:00Z',
        author: random() < 0.6 ? 'mf' : 'aa',
        kind,
        links: [{ code: pick(codes).id }, { source: pick(sources).path }],
      },
      body: `${kind} ${sentence(100 + Math.floor(random() * 300))}`,
    });
  }
  return { sources, codingsBySource, codes, memos, participants, words };
}

function gcFunction(): () => void {
  // Lets `node out/bench/search.js` measure heap without --expose-gc.
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Runs the benchmark; figures are ms, MB, bytes and counts. */
export async function benchSearch(): Promise<Record<string, number>> {
  const gc = gcFunction();
  const t0 = performance.now();
  const corpus = generateCorpus();
  const generateMs = performance.now() - t0;
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const t1 = performance.now();
  let index: SearchIndex | undefined = SearchIndex.build(corpus);
  const buildMs = performance.now() - t1;
  gc();
  const heapAdded = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
  const documents = index.documentCount;

  const t2 = performance.now();
  let json: string | undefined = JSON.stringify(index);
  const serialiseMs = performance.now() - t2;
  const serialisedBytes = Buffer.byteLength(json);
  // eslint-disable-next-line no-useless-assignment -- dropped so that gc() can take the build
  index = undefined;
  gc();
  const t3 = performance.now();
  const loaded = SearchIndex.fromJSON(json);
  const loadMs = performance.now() - t3;
  // Queries run on the loaded index, as in the CLI; the build and its JSON are garbage now.
  // eslint-disable-next-line no-useless-assignment -- dropped so that gc() can take it
  json = undefined;
  gc();
  const t4 = performance.now();
  const resync = loaded.sync(corpus);
  const syncUnchangedMs = performance.now() - t4;
  // Codings and participants are not in the saved index (sync gives them back and reports a change); documents are.
  if (resync.added + resync.removed > 0) throw new Error('bench: a loaded index should be current');

  const edited = corpus.sources[0];
  const t5 = performance.now();
  // Insert "well " at the start of the first answer: one passage changes, the rest only move.
  const editedTurns = edited.turns.map((t, k) =>
    k === 0 ? t : k === 1 ? { ...t, end: t.end + 5 } : { ...t, start: t.start + 5, end: t.end + 5 },
  );
  const editReport = loaded.updateSource(edited.path, edited.text.replace('Participant: ', 'Participant: well '), editedTurns);
  const editMs = performance.now() - t5;

  // The first run of each query is timed apart: it builds the scorer's length
  // table (after the edit above) and caches folded text for phrase checks.
  const cold: number[] = [];
  for (const q of BENCH_QUERIES) {
    const t = performance.now();
    loaded.search(q);
    cold.push(performance.now() - t);
  }
  const times: number[] = [];
  // CPU time as well as wall time: on a shared machine the wall clock also counts waiting for a core.
  const cpuTimes: number[] = [];
  const perQuery = new Map<string, number[]>(BENCH_QUERIES.map((q) => [q, []]));
  let minHits = Infinity;
  for (let round = 0; round < 5; round++) {
    for (const q of BENCH_QUERIES) {
      const cpu = process.cpuUsage();
      const t = performance.now();
      const r = loaded.search(q, { limit: 50 });
      const ms = performance.now() - t;
      const used = process.cpuUsage(cpu);
      times.push(ms);
      cpuTimes.push((used.user + used.system) / 1000);
      perQuery.get(q)!.push(ms);
      if (r.problems.length > 0) throw new Error(`bench: query ${q}: ${r.problems[0].message}`);
      if (r.hits.length === 0) throw new Error(`bench: query ${q} found nothing`);
      minHits = Math.min(minHits, r.hits.length);
    }
  }
  times.sort((a, b) => a - b);
  cpuTimes.sort((a, b) => a - b);
  const passages = corpus.sources.reduce((n, s) => n + s.turns.length, 0);
  const codings = [...corpus.codingsBySource.values()].reduce((n, c) => n + c.length, 0);
  return {
    words: corpus.words,
    sources: corpus.sources.length,
    passages,
    codings,
    codes: corpus.codes.length,
    memos: corpus.memos.length,
    documents,
    generateMs: round(generateMs),
    buildMs: round(buildMs),
    heapAddedMB: round(heapAdded),
    serialiseMs: round(serialiseMs),
    serialisedBytes,
    loadMs: round(loadMs),
    syncUnchangedMs: round(syncUnchangedMs),
    editOneTurnMs: round(editMs, 2),
    editDocsAdded: editReport.added,
    editDocsRemoved: editReport.removed,
    queries: BENCH_QUERIES.length,
    queryRuns: times.length,
    queryP50Ms: round(percentile(times, 50), 2),
    queryP95Ms: round(percentile(times, 95), 2),
    queryMaxMs: round(times[times.length - 1], 2),
    queryCpuP50Ms: round(percentile(cpuTimes, 50), 2),
    queryCpuP95Ms: round(percentile(cpuTimes, 95), 2),
    firstRunMaxMs: round(Math.max(...cold), 2),
    minHitsPerQuery: minHits,
    // Median of each query, to see which one a slow p95 comes from.
    ...Object.fromEntries(
      [...perQuery].map(([q, ts]) => [
        `median ${q}`,
        round(
          percentile(
            ts.sort((a, b) => a - b),
            50,
          ),
          2,
        ),
      ]),
    ),
  };
}

if (require.main === module) {
  benchSearch().then(
    (r) => console.log(JSON.stringify(r, null, 2)),
    (e) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
