import * as assert from 'node:assert/strict';
import { strToU8 } from 'fflate';
import { ArchiveError, crc32, escapesArchive, ZipArchive } from '../../../src/core/archive';
import { declareSize, patchCentral, renameEntry, zip } from './zipBytes';

const text = (b: Uint8Array) => new TextDecoder().decode(b);
const refused = (run: () => unknown, message: RegExp) =>
  assert.throws(run, (e: unknown) => e instanceof ArchiveError && message.test(e.message));

describe('ZipArchive', () => {
  it('lists and reads stored and deflated entries', () => {
    for (const level of [0, 6] as const) {
      const a = ZipArchive.open(zip({ 'project.qde': '<Project/>', 'sources/a b.txt': 'Zoë 🙂 said hello\n' }, level));
      assert.deepEqual(
        a.entries.map((e) => e.name),
        ['project.qde', 'sources/a b.txt'],
      );
      assert.equal(text(a.read(a.get('sources/a b.txt')!)), 'Zoë 🙂 said hello\n');
    }
  });

  it('computes the CRC-32 that ZIP stores (check value of "123456789")', () => {
    assert.equal(crc32(strToU8('123456789')), 0xcbf43926);
    assert.equal(crc32(new Uint8Array(0)), 0);
  });

  it('refuses a name that leads outside the archive, before reading anything', () => {
    for (const bad of ['../evil.txt', '/etc/passwd', 'C:/x.txt', 'a/../../b.txt', 'sources\\..\\..\\x'])
      assert.equal(escapesArchive(bad), true, bad);
    for (const ok of ['sources/a.txt', 'a..b.txt', 'sources/..hidden']) assert.equal(escapesArchive(ok), false, ok);
    const bytes = renameEntry(zip({ 'project.qde': '<P/>', 'xx/evil.txt': 'x' }), 'xx/evil.txt', '../evil.txt');
    refused(() => ZipArchive.open(bytes), /"\.\.\/evil\.txt", a path that leads outside the archive: refused/);
  });

  it('refuses two entries with one name, and encrypted entries', () => {
    refused(() => ZipArchive.open(renameEntry(zip({ 'a.txt': 'one', 'b.txt': 'two' }), 'b.txt', 'a.txt')), /two files named "a\.txt"/);
    refused(() => ZipArchive.open(patchCentral(zip({ 'a.txt': 'x' }), 'a.txt', (v, at) => v.setUint16(at + 8, 1, true))), /encrypted/);
  });

  it('refuses a ZIP bomb by its declared sizes before inflating: one entry, the total, the ratio', () => {
    const big = new Uint8Array(2 * 2 ** 20); // 2 MB of zeros: deflates to a few KB, over 100:1
    const bomb = ZipArchive.open(zip({ 'z.txt': big }));
    refused(
      () => bomb.read(bomb.get('z.txt')!),
      /"z\.txt" would expand \d+ times \(\d+ KB to 2 MB\), more than the 100:1 allowed: refused as a possible ZIP bomb/,
    );
    const forged = declareSize(zip({ 'a.txt': 'small' }), 'a.txt', 300 * 2 ** 20);
    const a = ZipArchive.open(forged);
    refused(() => a.read(a.get('a.txt')!), /"a\.txt" would expand to 300 MB, more than the 256 MB allowed for one file: refused/);
    const two = ZipArchive.open(zip({ 'a.txt': 'aaaa', 'b.txt': 'bbbb' }), { maxTotalBytes: 6 });
    refused(() => two.checkDeclared(two.entries), /would expand to .* more than .* allowed: refused as a possible ZIP bomb/);
    assert.equal(text(two.read(two.get('a.txt')!)), 'aaaa', 'one of them still fits');
    refused(() => two.read(two.get('b.txt')!), /refused as a possible ZIP bomb/);
  });

  it('stops inflating an entry that yields more than it declared (a forged small size)', () => {
    const bytes = declareSize(zip({ 'z.txt': new Uint8Array(2 * 2 ** 20) }), 'z.txt', 1000);
    const a = ZipArchive.open(bytes);
    refused(() => a.read(a.get('z.txt')!), /"z\.txt" expands past the 1000 bytes it declares: refused as a ZIP bomb/);
  });

  it('inflates natively (readAsync) to the same bytes, and stops a forged size there too', async () => {
    const text = 'Zoë said the rent comes first. '.repeat(5000);
    const a = ZipArchive.open(zip({ 'a.txt': text, 'b.txt': 'stored' }, 6));
    assert.equal(new TextDecoder().decode(await a.readAsync(a.get('a.txt')!)), text);
    const bomb = ZipArchive.open(declareSize(zip({ 'z.txt': new Uint8Array(2 * 2 ** 20) }), 'z.txt', 1000));
    await assert.rejects(bomb.readAsync(bomb.get('z.txt')!), /"z\.txt" expands past the 1000 bytes it declares: refused as a ZIP bomb/);
    const broken = zip({ 'a.txt': text }, 6);
    broken[30 + 5 + 40] ^= 0xff; // inside the deflated data of a.txt (local header 30 bytes + name 5)
    const d = ZipArchive.open(broken);
    await assert.rejects(d.readAsync(d.get('a.txt')!), (e: unknown) => e instanceof ArchiveError && /damaged/.test(e.message));
  });

  it('reports a damaged archive, a bad checksum and an unknown method', () => {
    refused(() => ZipArchive.open(strToU8('PK\u0003\u0004 not really')), /damaged: its end record is missing/);
    const good = zip({ 'a.txt': 'hello' }, 0);
    const k = new TextDecoder('latin1').decode(good).indexOf('hello');
    const flipped = good.slice();
    flipped[k] ^= 1;
    const a = ZipArchive.open(flipped);
    refused(() => a.read(a.get('a.txt')!), /fails its checksum/);
    const m = ZipArchive.open(patchCentral(good, 'a.txt', (v, at) => v.setUint16(at + 10, 12, true)));
    refused(() => m.read(m.get('a.txt')!), /compressed with method 12/);
  });

  it('refuses more entries than allowed', () => {
    refused(() => ZipArchive.open(zip({ a: '1', b: '2', c: '3' }), { maxEntries: 2 }), /lists 3 files, more than the 2 allowed/);
  });
});
