import * as assert from 'node:assert/strict';
import {
  parseCodebook,
  parseCodings,
  parseMemo,
  parseParticipants,
  parseProjectConfig,
  serializeCodebook,
  serializeCodings,
  serializeMemo,
  serializeParticipants,
  serializeProjectConfig,
} from '../../../src/core/project/format';
import { codePointLength, decodeUtf8, encodeUtf8 } from '../../../src/core/text';
import { HOSTILE } from './hostile';

/** As the file is written and read again: UTF-8 bytes, BOM and all. */
const viaDisk = (text: string) => decodeUtf8(encodeUtf8(text)).text;

/** What survives UTF-8: everything but a lone surrogate, which no UTF-8 file can hold. */
const HOLDABLE = HOSTILE.filter((s) => `x${s}` === viaDisk(`x${s}`));

describe('reliability: YAML round trip of hostile strings', () => {
  it('keeps only lone surrogates out of what UTF-8 files can hold', () => {
    assert.deepEqual(
      HOSTILE.filter((s) => !HOLDABLE.includes(s)),
      ['lone\uD800surrogate', '\uDC00lead'],
    );
  });

  for (const s of HOSTILE) {
    const label = JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);
    it(`reads back ${label} unchanged from every user field of every file kind`, () => {
      const disk = HOLDABLE.includes(s) ? viaDisk : (t: string) => t;
      const name = s || 'x';
      const cb = parseCodebook(
        disk(
          serializeCodebook({
            codes: [
              {
                id: 'a',
                name,
                definition: s,
                include: s,
                exclude: s,
                example: s,
                status: 'active',
                revised: [{ at: '2026-01-01T00:00:00Z', by: s, note: s }],
              },
            ],
          }),
        ),
      );
      assert.ok(cb.writable, JSON.stringify(cb.problems));
      const c = cb.value!.codes[0];
      assert.deepEqual(
        [c.name, c.definition, c.include, c.exclude, c.example, c.revised![0].by, c.revised![0].note],
        [name, s, s, s, s, s, s],
      );

      const id = s.trim() ? s : 'id';
      const len = codePointLength(name);
      const cf = parseCodings(
        disk(
          serializeCodings({
            source: 't.txt',
            codings: [{ id, code: 'a', start: 0, end: len, text: name, before: s, after: s, coder: s, note: s }],
          }),
        ),
        'qda/codings/t.txt.yaml',
      );
      assert.ok(cf.writable, JSON.stringify(cf.problems));
      const k = cf.value!.codings[0];
      assert.deepEqual([k.id, k.text, k.before, k.after, k.coder, k.note], [id, name, s, s, s, s]);

      const memo = parseMemo(
        disk(
          serializeMemo({
            path: 'qda/memos/m.md',
            meta: {
              id,
              created: '2026-01-01T00:00:00Z',
              author: s,
              kind: 'analytic',
              links: [{ source: s, start: 0, end: len, text: name, before: s, after: s }],
            },
            body: s,
          }),
        ),
        'qda/memos/m.md',
      );
      assert.ok(memo.writable, JSON.stringify(memo.problems));
      assert.deepEqual(
        [
          memo.value!.meta.id,
          memo.value!.meta.author,
          memo.value!.meta.links![0].source,
          memo.value!.meta.links![0].text,
          memo.value!.body,
        ],
        [id, s, s, name, s],
      );

      const p = parseParticipants(
        disk(
          serializeParticipants({
            attributes: { [name]: [s, 'other'] },
            participants: [{ id, sources: [s], interviewed: s, attributes: { [name]: s } }],
          }),
        ),
      );
      assert.equal(p.problems.filter((x) => x.severity === 'error').length, 0, JSON.stringify(p.problems));
      const person = p.value!.participants[0];
      assert.deepEqual(
        [person.id, person.sources![0], person.interviewed, person.attributes![name], p.value!.attributes![name][0]],
        [id, s, s, s, s],
      );

      const config = parseProjectConfig(disk(serializeProjectConfig({ format: 1, title: s, sources: [s] })));
      assert.ok(config.writable, JSON.stringify(config.problems));
      assert.deepEqual([config.value!.title, config.value!.sources[0]], [s, s]);
    });
  }
});
