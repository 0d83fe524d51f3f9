import * as assert from 'node:assert/strict';
import { elements, parseXml, textOf } from '../../../src/core/xml';

describe('XML reader', () => {
  it('reads elements, namespaces, attributes and text, with positions in code points', () => {
    const doc = parseXml('<?xml version="1.0"?>\n<p:A xmlns:p="urn:x" k="v &amp; w"><B>Zoë 🙂</B><p:C/></p:A>');
    assert.deepEqual(doc.issues, []);
    const a = doc.root!;
    assert.deepEqual([a.local, a.ns, a.attrs.k, a.line, a.column], ['A', 'urn:x', 'v & w', 2, 1]);
    assert.deepEqual(
      elements(a).map((e) => [e.name, e.ns]),
      [
        ['B', ''],
        ['p:C', 'urn:x'],
      ],
    );
    assert.equal(textOf(a), 'Zoë 🙂');
    // On one long line (as qc and NVivo write), columns count code points: the emoji is one.
    const line = parseXml(`<R>${'🙂'.repeat(3)}<X/></R>`);
    assert.equal(elements(line.root!)[0].column, 4 + 3);
  });

  it('reads line breaks as XML does: CR LF and CR become LF, &#13; stays, attribute breaks become spaces', () => {
    const doc = parseXml('<R a="one\r\ntwo&#10;three">x\r\ny\rz&#13;</R>');
    assert.equal(doc.root!.attrs.a, 'one two\nthree');
    assert.equal(textOf(doc.root!), 'x\ny\nz\r');
  });

  it('refuses a DOCTYPE or an entity declaration, however harmless it looks', () => {
    const laughs = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><Project>&lol2;</Project>';
    for (const xml of [
      laughs,
      '<!DOCTYPE Project SYSTEM "file:///etc/passwd"><Project/>',
      '<!doctype html><html/>',
      '<!ENTITY x "y"><R/>',
    ]) {
      const doc = parseXml(xml);
      assert.equal(doc.root, undefined, xml);
      assert.match(doc.refused!.message, /refused/, xml);
    }
    assert.match(parseXml(laughs).refused!.message, /document type \(<!DOCTYPE …>\): refused/);
  });

  it('refuses nesting deeper than the limit, and reads nesting up to it', () => {
    const deep = (n: number) => '<a>'.repeat(n) + '</a>'.repeat(n);
    assert.equal(parseXml(deep(50), { maxDepth: 50 }).refused, undefined);
    assert.match(parseXml(deep(51), { maxDepth: 50 }).refused!.message, /nested more than 50 deep: refused/);
    // The default limit holds for the depth an attacker would use to overflow a recursive reader.
    assert.match(parseXml(deep(100_000)).refused!.message, /nested more than 1000 deep/);
  });

  it('keeps an attribute named like a prototype property as data, and ignores __proto__', () => {
    const doc = parseXml('<R constructor="c" toString="t" __proto__="p" name="n"/>');
    const attrs = doc.root!.attrs;
    assert.equal(attrs.constructor, 'c');
    assert.equal(Object.hasOwn(attrs, '__proto__'), false);
    assert.equal(Object.getPrototypeOf(attrs), Object.prototype);
    assert.match(doc.issues.map((i) => i.message).join(), /__proto__ .* ignored/);
  });

  it('repairs and reports what is not well-formed, and never throws', () => {
    const doc = parseXml('<R><A x=1>t<B></R><C/>tail &bogus; a < b');
    assert.equal(doc.root!.name, 'R');
    const messages = doc.issues.map((i) => i.message).join('\n');
    for (const m of [
      /not in quotes/,
      /<B> is never closed: closed at <\/R>/,
      /<A> is never closed: closed at <\/R>/,
      /a second document element <C>/,
      /text outside the document element/,
    ])
      assert.match(messages, m);
    for (const junk of ['', '<', '<!--', '<![CDATA[x', '<a b="', '</x>', '<a><b></a></b>', '\uFEFF<a/>'])
      assert.doesNotThrow(() => parseXml(junk), junk);
  });
});
