import * as assert from 'node:assert/strict';
import { decodeUtf8, encodeUtf8 } from '../../src/core/text';

describe('decodeUtf8', () => {
  it('keeps a replacement character the file really holds, and calls the file valid', () => {
    const d = decodeUtf8(encodeUtf8('a \uFFFD in a transcript pasted from a broken export\n'));
    assert.equal(d.text, 'a \uFFFD in a transcript pasted from a broken export\n');
    assert.equal(d.invalidUtf8, undefined);
  });

  it('locates the first invalid byte by line and column, counted in code points', () => {
    // "é\n🙂x" then 0xC3 0x28 (a lead byte without its continuation): line 2, after "🙂x" (2 code points).
    const head = encodeUtf8('é\n🙂x');
    const bytes = new Uint8Array([...head, 0xc3, 0x28, 0x0a]);
    const d = decodeUtf8(bytes);
    assert.deepEqual(d.invalidUtf8, { byteOffset: head.length, line: 2, column: 3 });
    assert.equal(d.text, 'é\n🙂x\uFFFD(\n');
  });

  it('strips a byte-order mark and remembers it', () => {
    const d = decodeUtf8(new Uint8Array([0xef, 0xbb, 0xbf, 0x68, 0x69]));
    assert.deepEqual(d, { text: 'hi', hadBom: true });
  });
});
