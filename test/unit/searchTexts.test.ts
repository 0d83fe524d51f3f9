import * as assert from 'node:assert/strict';
import { Project } from '../../src/core/project/project';
import { ProjectSearch, type SearchHit } from '../../src/core/search';
import { memoryPorts } from './helpers/memoryFiles';

const P01 = 'transcripts/p01.transcript';
const P02 = 'transcripts/p02.transcript';
const P01_TEXT = 'Interviewer: Tell me about the rent.\n\nP01: The rent comes first, always the rent.\nI trust the council less now.\n';
const P02_TEXT = 'Interviewer: And the bus?\n\nP02: The bus is late, the fare went up again.\n';
const RENT_START = P01_TEXT.indexOf('The rent');

function files(): Record<string, string> {
  return {
    'qda/project.yaml': 'format: 1\ntitle: Study\nsources:\n  - transcripts/**/*.transcript\n',
    'qda/codebook.yaml': 'codes:\n  - id: housing\n    name: Housing\n  - id: trust\n    name: Trust\n',
    [P01]: P01_TEXT,
    [P02]: P02_TEXT,
    'qda/codings/transcripts/p01.transcript.yaml': `source: ${P01}\ncodings:\n  - id: c1\n    code: housing\n    start: ${RENT_START}\n    end: ${RENT_START + 20}\n    text: The rent comes first\n    coder: mf\n`,
  };
}

/** Memory ports that note every transcript read. */
function counted() {
  const ports = memoryPorts(files());
  const reads: string[] = [];
  const read = ports.files.read.bind(ports.files);
  ports.files.read = async (path: string) => {
    if (path.startsWith('transcripts/')) reads.push(path);
    return read(path);
  };
  return { ports, reads };
}

const where = (hits: SearchHit[]) => hits.map((h) => `${h.kind}:${h.source ?? h.memo ?? h.code}`);
const QUERIES = ['rent', 'bus', '"the bus"', 'code:housing', 'the -rent', 'council kind:passage'];

describe('search: transcript texts read when needed', () => {
  it('reads no transcript on a warm start when none changed, then only the sources of the hits', async () => {
    const { ports, reads } = counted();
    const cold = await ProjectSearch.open(await Project.open(ports, { useCache: false }));
    await cold.save();
    const project = await Project.open(ports, { useCache: false });
    reads.length = 0;
    const warm = await ProjectSearch.open(project);
    assert.deepEqual([warm.loaded.cache, warm.loaded.added, warm.loaded.removed, warm.loaded.parsed], ['used', 0, 0, 0]);
    assert.deepEqual(reads, [], 'no transcript read to open the index');
    const bus = await warm.search('bus');
    assert.deepEqual(where(bus.hits), [`passage:${P02}`, `passage:${P02}`]);
    assert.deepEqual(reads, [P02], 'only the hits’ transcript read');
    assert.deepEqual(bus.hits[0].snippet, (await cold.search('bus')).hits[0].snippet);
    for (const q of QUERIES) assert.deepEqual((await warm.search(q)).hits, (await cold.search(q)).hits, q);
    const rent = (await warm.search('rent')).hits.find((h) => h.kind === 'passage' && h.start === RENT_START);
    assert.deepEqual(rent?.codes, ['housing'], 'the coding found where it was located before, without reading the text');
  });

  it('indexes a transcript again when the text a query reads is not the one indexed, though its size and time are', async () => {
    const { ports } = counted();
    await (await ProjectSearch.open(await Project.open(ports, { useCache: false }))).save();
    // Same length, same modification time: the warm start trusts it; the query's read finds the change.
    const changed = P02_TEXT.replace('fare', 'tram');
    assert.equal(changed.length, P02_TEXT.length);
    ports.files.files.set(P02, new TextEncoder().encode(changed));
    const warm = await ProjectSearch.open(await Project.open(ports, { useCache: false }));
    assert.equal(warm.loaded.parsed, 0);
    assert.deepEqual((await warm.search('fare')).hits, [], 'the old word is gone once the text is read');
    assert.deepEqual(where((await warm.search('tram')).hits), [`passage:${P02}`]);
    assert.equal(warm.dirty, true);
  });

  it('holds no more text than its budget, reading texts again as queries need them, with the same results', async () => {
    const { ports, reads } = counted();
    const full = await ProjectSearch.open(await Project.open(ports, { useCache: false }));
    const small = await ProjectSearch.open(await Project.open(ports, { useCache: false }), { textBudget: 1 });
    reads.length = 0;
    for (const q of QUERIES) assert.deepEqual((await small.search(q)).hits, (await full.search(q)).hits, q);
    const p01 = reads.filter((p) => p === P01).length;
    assert.ok(p01 >= 3, `P01 read again for each query that needs it (${p01} reads)`);
    reads.length = 0;
    for (const q of QUERIES) await full.search(q);
    assert.deepEqual(reads, [], 'with the default budget both texts stay held');
  });
});
