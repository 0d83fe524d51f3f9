import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli';
import { addCoding } from '../../src/core/coding/edits';
import { Project } from '../../src/core/project/project';
import type { SearchHit } from '../../src/core/search';
import { hitPosition, ProjectSearch, SEARCH_CACHE_PATH, segmentCachePath } from '../../src/core/search';
import { decodeSegmentFile, encodeSegmentFile } from '../../src/core/search/cacheFile';
import { encodePostings, FrozenIndex, VarintReader } from '../../src/core/search/frozen';
import { miniSearchOptions } from '../../src/core/search/options';
import type { SerializedSegment } from '../../src/core/search/serial';
import { bracketed, snippetLine } from '../../src/core/search/snippetLine';
import { memoryPorts } from './helpers/memoryFiles';

const P01 = 'transcripts/p01.transcript';
const P02 = 'transcripts/p02.transcript';
const P01_TEXT = 'Interviewer: Tell me about the rent.\n\nP01: The rent comes first, always the rent.\nI trust the council less now.\n';
const P02_TEXT = 'Interviewer: And the bus?\n\nP02: The bus is late, the fare went up again.\n';
const RENT_START = P01_TEXT.indexOf('The rent');
const MEMO = 'qda/memos/2026-01-05-trust.md';
const MEMO_TEXT =
  '---\nid: m-1\ncreated: 2026-01-05T10:00:00Z\nauthor: mf\nkind: reflexive\nlinks:\n  - code: trust\n---\nI keep thinking about trust and the council.\n';

function files(extra: Record<string, string> = {}): Record<string, string> {
  return {
    'qda/project.yaml': 'format: 1\ntitle: Study\nsources:\n  - transcripts/**/*.transcript\n',
    'qda/codebook.yaml':
      'codes:\n  - id: housing\n    name: Housing\n    definition: Where people live and what they pay for it.\n  - id: trust\n    name: Trust\n',
    [P01]: P01_TEXT,
    [P02]: P02_TEXT,
    'qda/codings/transcripts/p01.transcript.yaml': `source: ${P01}\ncodings:\n  - id: c1\n    code: housing\n    start: ${RENT_START}\n    end: ${RENT_START + 20}\n    text: The rent comes first\n    coder: mf\n`,
    [MEMO]: MEMO_TEXT,
    ...extra,
  };
}

/** Opens the project and its search over the same (memory) files. */
async function open(ports: ReturnType<typeof memoryPorts>, options: { listen?: boolean } = {}) {
  const project = await Project.open(ports, { useCache: false });
  const search = await ProjectSearch.open(project, options);
  return { project, search };
}

const where = (hits: SearchHit[]) => hits.map((h) => `${h.kind}:${h.source ?? h.memo ?? h.code}`);

describe('searchCache', () => {
  describe('building from a project', () => {
    it('indexes each turn after its speaker label, with its speaker and the codes on it', async () => {
      const { search } = await open(memoryPorts(files()));
      assert.equal(search.loaded.cache, 'missing');
      assert.equal(search.loaded.parsed, 2);
      const [hit] = (await search.search('comes')).hits;
      assert.equal(hit.source, P01);
      assert.equal(hit.speaker, 'P01');
      assert.deepEqual(hit.codes, ['housing']);
      assert.equal(hit.start, RENT_START);
      assert.equal(hit.end, P01_TEXT.indexOf(' now.') + ' now.'.length);
    });

    it('finds memos and codes as well as passages', async () => {
      const { search } = await open(memoryPorts(files()));
      assert.deepEqual(where((await search.search('trust')).hits).sort(), ['code:trust', `memo:${MEMO}`, `passage:${P01}`]);
      assert.deepEqual(where((await search.search('pay kind:code')).hits), ['code:housing']);
    });

    it('attaches codings where they are now when the transcript was edited elsewhere', async () => {
      const ports = memoryPorts(files({ [P01]: 'Interviewer: Hello.\n\n' + P01_TEXT }));
      const { search } = await open(ports);
      const [hit] = (await search.search('code:housing kind:passage')).hits;
      assert.equal(hit.start, RENT_START + 'Interviewer: Hello.\n\n'.length);
    });
  });

  describe('the cache', () => {
    it('is written on save and used on the next open, re-indexing and parsing nothing', async () => {
      const ports = memoryPorts(files());
      const first = await open(ports);
      assert.equal(first.search.dirty, true);
      assert.equal(await first.search.save(), true);
      assert.ok(ports.files.text(SEARCH_CACHE_PATH)!.length > 100);
      assert.equal(await first.search.save(), false, 'nothing changed since');
      const second = await open(ports);
      assert.equal(second.search.loaded.cache, 'used');
      assert.deepEqual([second.search.loaded.added, second.search.loaded.removed, second.search.loaded.parsed], [0, 0, 0]);
      assert.equal(second.search.dirty, false);
      for (const q of ['rent', 'trust', 'code:housing', '"the bus"'])
        assert.deepEqual((await second.search.search(q)).hits, (await first.search.search(q)).hits, q);
    });

    it('re-indexes only the transcript that changed after it was saved', async () => {
      const ports = memoryPorts(files());
      await (await open(ports)).search.save();
      ports.files.set(P02, P02_TEXT.replace('the fare went up again', 'the tram was cancelled'));
      const { search } = await open(ports);
      assert.equal(search.loaded.cache, 'used');
      assert.equal(search.loaded.parsed, 1);
      assert.equal(search.loaded.added, 1);
      assert.equal(search.loaded.removed, 1);
      assert.deepEqual(where((await search.search('tram')).hits), [`passage:${P02}`]);
      assert.deepEqual((await search.search('fare')).hits, []);
      assert.equal(search.dirty, true);
    });

    it('drops transcripts, codings and memos deleted after it was saved', async () => {
      const ports = memoryPorts(files());
      await (await open(ports)).search.save();
      for (const p of [P02, MEMO, 'qda/codings/transcripts/p01.transcript.yaml']) ports.files.files.delete(p);
      const { search } = await open(ports);
      assert.equal(search.loaded.cache, 'used');
      assert.deepEqual((await search.search('bus')).hits, []);
      assert.deepEqual(where((await search.search('trust')).hits).sort(), ['code:trust', `passage:${P01}`]);
      assert.deepEqual((await search.search('always')).hits[0].codes, []);
    });

    it('is rebuilt, not trusted, when it is damaged or from another version', async () => {
      const ports = memoryPorts(files());
      await (await open(ports)).search.save();
      const saved = JSON.parse(ports.files.text(SEARCH_CACHE_PATH)!);
      ports.files.set(SEARCH_CACHE_PATH, JSON.stringify({ ...saved, version: 999 }));
      let { search } = await open(ports);
      assert.equal(search.loaded.cache, 'stale');
      assert.equal((await search.search('always')).hits.length, 1);
      ports.files.set(SEARCH_CACHE_PATH, JSON.stringify({ ...saved, turnsVersion: 0 }));
      assert.equal((await open(ports)).search.loaded.cache, 'stale');
      ports.files.set(SEARCH_CACHE_PATH, '{"format": "reflexive-qda/search-cache", ');
      ({ search } = await open(ports));
      assert.equal(search.loaded.cache, 'damaged');
      assert.equal(search.dirty, true, 'a rebuilt index is saved again');
    });

    it('indexes the project afresh when a query finds a loaded segment damaged, and answers as a fresh index does', async () => {
      const ports = memoryPorts(files());
      const fresh = (await open(ports)).search;
      const expected = where((await fresh.search('always')).hits);
      await fresh.save();
      // Postings are read when a query first asks for a word: damage them all (0x7f: numbers that do not add up).
      const file = segmentCachePath('s0');
      const bytes = ports.files.files.get(file)!.slice();
      const { segment } = decodeSegmentFile(bytes, file) as { segment: { index: { postingsBytes: Uint8Array } } };
      const at = segment.index.postingsBytes.byteOffset - bytes.byteOffset;
      bytes.fill(0x7f, at, at + segment.index.postingsBytes.length);
      ports.files.files.set(file, bytes);
      const { search } = await open(ports);
      assert.equal(search.loaded.cache, 'used', 'the damage is not seen until a query reads the postings');
      assert.deepEqual(where((await search.search('always')).hits), expected);
      assert.equal(search.loaded.cache, 'damaged');
      assert.match(search.loaded.reason ?? '', /damaged index: /);
      assert.equal(search.dirty, true, 'the index built again is saved over the damaged one');
      await search.save();
      const again = (await open(ports)).search;
      assert.equal(again.loaded.cache, 'used');
      assert.deepEqual(where((await again.search('always')).hits), expected);
    });

    it('writes a segment file whose numbers read back the same, and names a file cut short or with bytes added', () => {
      // Two terms: "a" in field 0 of documents 3 and 5 (frequencies 1, 2), "b" in field 0 of document 128 (16384 times).
      const postings = [1, 0, 2, 3, 1, 2, 2, 1, 0, 1, 128, 16384];
      const index = { documentIds: [1, 7], fieldLength: [1, 2, -1, 300], terms: ['a', 'b'], postings };
      const sources = [
        {
          path: 'p.txt',
          key: 'k',
          chars: 9,
          passages: [
            [1, 0, 5, 'k1', 'Zoë'],
            [2, 5, 9, 'k2', null],
          ],
        },
      ];
      const segment = { name: 's0', sources, index } as unknown as SerializedSegment;
      const bytes = encodeSegmentFile(3, segment);
      type Back = {
        name: string;
        sources: { count: number; keys: string }[];
        index: { documentIds: Int32Array; fieldLength: Int32Array; termBytes: Int32Array; postingsBytes: Uint8Array };
        passageColumns: { numbers: Int32Array; speakers: string[] };
      };
      const back = decodeSegmentFile(bytes, 'f') as { stamp: number; segment: Back };
      assert.equal(back.stamp, 3);
      assert.equal(back.segment.name, 's0');
      assert.deepEqual([...back.segment.index.documentIds], index.documentIds);
      assert.deepEqual([...back.segment.index.fieldLength], index.fieldLength);
      assert.deepEqual(back.segment.sources[0].count, 2);
      assert.deepEqual([...back.segment.passageColumns.numbers], [1, 0, 5, 0, 2, 5, 4, -1]);
      assert.equal(back.segment.sources[0].keys, 'k1\nk2');
      assert.deepEqual(back.segment.passageColumns.speakers, ['Zoë']);
      // Term "a": 7 one-byte numbers; term "b": 1, 0, 1, 128 (2 bytes zigzagged: 256), 16384 (3 bytes: 32768).
      assert.deepEqual([...back.segment.index.termBytes], [7, 8]);
      const reader = new VarintReader(back.segment.index.postingsBytes, 0, back.segment.index.postingsBytes.length);
      assert.deepEqual(
        postings.map(() => reader.next()),
        postings,
      );
      assert.throws(() => decodeSegmentFile(bytes.slice(0, bytes.length - 1), 'f'), /f is damaged: its numbers are cut short/);
      assert.throws(() => decodeSegmentFile(new Uint8Array([...bytes, 0]), 'f'), /f is damaged: it has bytes after its numbers/);
      assert.throws(() => decodeSegmentFile(bytes.slice(0, 10), 'f'), /f is damaged: its header is cut short/);
    });

    it('reads a term of a loaded segment when a query first asks for it, and names postings that are damaged', () => {
      const frozen = (postings: number[], extraByte = 0) => {
        const { bytes, termBytes } = encodePostings(postings);
        termBytes[0] += extraByte;
        const parts = { documentCount: 2, nextId: 2, fieldIds: { text: 0 }, averageFieldLength: [1], dirtCount: 0, terms: ['a'] };
        const ids = { documentIds: Int32Array.from([0, 1, 1, 2]), fieldLength: Int32Array.from([0, 1, 1, 1, 1, 1]) };
        return new FrozenIndex({ ...parts, ...ids, termBytes, postings: bytes }, miniSearchOptions());
      };
      // Term "a": one field (0) with two postings, documents 0 and 1 (deltas 0, 1), frequencies 3 and 1.
      const good = frozen([1, 0, 2, 0, 3, 1, 1]).termTree.get('a')!.get(0)!;
      assert.deepEqual(
        [...good.entries()],
        [
          [0, 3],
          [1, 1],
        ],
      );
      assert.throws(() => frozen([1, 0, 2, 0, 3, 5, 1]).termTree.get('a'), /damaged index: a posting names no document/);
      assert.throws(() => frozen([1, 0, 2, 0, 3, 1, 1], 1), /damaged index: the postings do not add up/);
    });

    it('indexes again the part of a segment file that is damaged, missing or from another save, and uses the rest', async () => {
      const ports = memoryPorts(files());
      await (await open(ports)).search.save();
      const saved = JSON.parse(ports.files.text(SEARCH_CACHE_PATH)!) as { segments: { name: string }[] };
      assert.deepEqual(
        saved.segments.map((s) => s.name),
        ['codes', 's0', 'memos'],
      );
      const read = (name: string) => decodeSegmentFile(ports.files.files.get(segmentCachePath(name))!, name);
      const memos = read('memos') as { stamp: number; segment: SerializedSegment };
      const sources = ports.files.files.get(segmentCachePath('s0'))!;
      for (const [file, bytes] of [
        [segmentCachePath('memos'), encodeSegmentFile(memos.stamp, { ...memos.segment, memos: 'x' as unknown as [] })],
        [segmentCachePath('memos'), encodeSegmentFile(0, memos.segment)],
        [segmentCachePath('s0'), sources.slice(0, 100)],
      ] as const) {
        await (await open(ports)).search.save();
        const good = ports.files.files.get(file)!;
        ports.files.set(file, bytes);
        const { search } = await open(ports);
        assert.equal(search.loaded.cache, 'used');
        assert.match(search.loaded.reason ?? '', /1 segment\(s\) indexed again/);
        assert.ok(search.loaded.added > 0);
        assert.deepEqual(where((await search.search('council')).hits).sort(), [`memo:${MEMO}`, `passage:${P01}`]);
        assert.equal(search.dirty, true);
        ports.files.set(file, good);
      }
      ports.files.files.delete(segmentCachePath('s0'));
      const { search } = await open(ports);
      assert.match(search.loaded.reason ?? '', /is missing/);
      assert.deepEqual(where((await search.search('council')).hits).sort(), [`memo:${MEMO}`, `passage:${P01}`]);
    });

    it('keeps no transcript text', async () => {
      const ports = memoryPorts(files());
      await (await open(ports)).search.save();
      const cache = [...ports.files.files.keys()].filter((p) => p.startsWith('qda/.cache/search-')).map((p) => ports.files.text(p)!);
      assert.ok(cache.length >= 3);
      for (const text of [P01_TEXT, P02_TEXT]) {
        const sentence = text
          .split('\n')
          .find((l) => l.length > 30)!
          .slice(-30);
        assert.ok(
          cache.every((c) => !c.includes(sentence)),
          sentence,
        );
      }
    });
  });

  describe('updates from project changes', () => {
    it('follows codings added through the project', async () => {
      const { project, search } = await open(memoryPorts(files()), { listen: true });
      const updates: string[][] = [];
      search.onDidUpdate((u) => updates.push(u.paths));
      assert.deepEqual((await search.search('code:trust kind:passage')).hits, []);
      const at = P01_TEXT.indexOf('I trust');
      await addCoding(project, P01_TEXT, { source: P01, code: 'trust', start: at, end: at + 7, coder: 'mf' });
      await search.settle();
      assert.deepEqual(where((await search.search('code:trust kind:passage')).hits), [`passage:${P01}`]);
      assert.deepEqual(updates, [['qda/codings/transcripts/p01.transcript.yaml']]);
      assert.equal(search.dirty, true);
    });

    it('follows transcripts edited, added and deleted on disk', async () => {
      const ports = memoryPorts(files());
      const { project, search } = await open(ports, { listen: true });
      ports.files.set(P01, P01_TEXT.replace('council', 'landlord'));
      ports.files.set('transcripts/p03.transcript', 'P03: Allotments keep me sane.\n');
      ports.files.files.delete(P02);
      await project.reload([P01, 'transcripts/p03.transcript', P02]);
      await search.settle();
      assert.deepEqual(where((await search.search('landlord')).hits), [`passage:${P01}`]);
      assert.deepEqual(where((await search.search('council')).hits), [`memo:${MEMO}`]);
      assert.deepEqual(where((await search.search('allotments')).hits), ['passage:transcripts/p03.transcript']);
      assert.deepEqual((await search.search('bus')).hits, []);
      assert.deepEqual((await search.search('landlord')).hits[0].codes, ['housing'], 'the coding still found');
    });

    it('follows memos, the codebook and participants', async () => {
      const ports = memoryPorts(files());
      const { project, search } = await open(ports, { listen: true });
      await project.writeFile(
        'qda/memos/2026-01-06-buses.md',
        '---\nid: m-2\ncreated: 2026-01-06T10:00:00Z\nkind: analytic\n---\nBuses decide the day.\n',
      );
      await project.changeCodebook((cb) => ({
        ...cb,
        codes: cb.codes.map((c) => (c.id === 'trust' ? { ...c, name: 'Confidence in institutions' } : c)),
      }));
      ports.files.set(
        'qda/participants.yaml',
        `attributes:\n  region: [north, wales]\nparticipants:\n  - id: p02\n    sources: [${P02}]\n    attributes: {region: wales}\n`,
      );
      ports.files.files.delete(MEMO);
      await project.reload(['qda/participants.yaml', MEMO]);
      await search.settle();
      assert.deepEqual(where((await search.search('buses')).hits), ['memo:qda/memos/2026-01-06-buses.md']);
      assert.deepEqual(where((await search.search('confidence')).hits), ['code:trust']);
      assert.deepEqual(where((await search.search('region:wales')).hits), [`passage:${P02}`, `passage:${P02}`]);
      assert.deepEqual(where((await search.search('thinking')).hits), []);
    });

    it('leaves the index alone once disposed', async () => {
      const ports = memoryPorts(files());
      const { project, search } = await open(ports, { listen: true });
      search.dispose();
      ports.files.set(P02, 'P02: Trams now.\n');
      await project.reload([P02]);
      await search.settle();
      assert.deepEqual((await search.search('trams')).hits, []);
    });
  });

  describe('hitPosition', () => {
    it('places a memo hit after the front matter and a code hit at its field', async () => {
      const { search } = await open(memoryPorts(files()));
      const memo = (await search.search('thinking')).hits[0];
      assert.deepEqual(hitPosition(memo, MEMO_TEXT), { start: MEMO_TEXT.indexOf('I keep'), end: MEMO_TEXT.length, line: 9, column: 1 });
      const code = (await search.search('pay kind:code')).hits[0];
      const yaml = files()['qda/codebook.yaml'];
      assert.equal(code.field, 'definition');
      assert.deepEqual(hitPosition(code, yaml), {
        start: yaml.indexOf('Where people'),
        end: yaml.indexOf('Where people') + code.end,
        line: 4,
        column: 17,
      });
    });
  });
});

describe('qda search', () => {
  async function qda(cwd: string, ...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, { cwd, out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out, err };
  }
  function project(): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'qda-search-'));
    for (const [rel, text] of Object.entries(files())) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    }
    return root;
  }

  it('prints path:line:col and the snippet, and uses the cache the second time', async () => {
    const root = project();
    const first = await qda(root, 'search', 'always');
    assert.equal(first.code, 0, first.err.join('\n'));
    assert.deepEqual(first.out, [`${P01}:3:6  The rent comes first, always the rent. I trust the council less now.`]);
    assert.match(first.err.at(-1)!, /^1 of 1 hit\(s\); search index built \(no cache yet\)/);
    assert.ok(fs.existsSync(path.join(root, SEARCH_CACHE_PATH)));
    const second = await qda(root, 'search', 'always');
    assert.deepEqual(second.out, first.out);
    assert.match(second.err.at(-1)!, /search index from the cache, 0 document\(s\) re-indexed, 0 removed .*cache unchanged/);
  });

  it('prints the hits as JSON with --json, at most --limit of them', async () => {
    const root = project();
    const r = await qda(root, 'search', 'the', 'council', '--json', '--limit', '1');
    assert.equal(r.code, 0, r.err.join('\n'));
    const hits = JSON.parse(r.out.join('\n')) as SearchHit[];
    assert.equal(hits.length, 1);
    assert.deepEqual(Object.keys(hits[0]).sort(), ['codes', 'end', 'kind', 'score', 'snippet', 'source', 'speaker', 'start']);
    assert.equal(hits[0].source, P01);
    assert.deepEqual(hits[0].codes, ['housing']);
    assert.deepEqual(Object.keys(hits[0].snippet).sort(), ['marks', 'start', 'text']);
    assert.match(r.err.at(-1)!, /^1 of 2 hit\(s\)/);
  });

  it('exits 2 with the problem for a bad query, 1 when nothing is found, and takes negation after --', async () => {
    const root = project();
    const bad = await qda(root, 'search', 'colour:red');
    assert.equal(bad.code, 2);
    assert.match(bad.err[0], /^qda: query: unknown filter "colour"/);
    assert.equal((await qda(root, 'search', 'zeppelin')).code, 1);
    const neg = await qda(root, 'search', '--', 'council', '-kind:memo');
    assert.deepEqual(
      neg.out.map((l) => l.split(':')[0]),
      [P01],
    );
    assert.equal((await qda(root, 'search', 'rent', '--limit', '0')).code, 2);
  });
});

describe('snippetLine', () => {
  const line = (text: string, marks: [number, number][], max?: number, lead?: number) => snippetLine({ text, start: 0, marks }, max, lead);

  it('puts the snippet on one line and moves the marks with it', () => {
    const r = line('Rent  first,\n\n  always 😀 rent.', [
      [0, 4],
      [25, 29],
    ]);
    assert.equal(r.text, 'Rent first, always 😀 rent.');
    assert.deepEqual(
      r.marks.map(([s, e]) => r.text.slice(s, e)),
      ['Rent', 'rent'],
    );
    assert.equal(bracketed(r), '«Rent» first, always 😀 «rent».');
  });

  it('starts a few words before the first mark when it is far in, and cuts the end', () => {
    const text = 'one two three four five six seven eight nine ten eleven twelve money thirteen fourteen fifteen';
    const at = text.indexOf('money');
    const r = line(text, [[at, at + 5]], 40, 20);
    assert.ok(r.text.startsWith('…') && r.text.endsWith('…') && r.text.length <= 40, r.text);
    assert.deepEqual(
      r.marks.map(([s, e]) => r.text.slice(s, e)),
      ['money'],
    );
    assert.equal(r.text, '…eleven twelve money thirteen fourteen…');
  });
});
