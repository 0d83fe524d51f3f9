/**
 * The Markdown memo log keeps what researchers write (headings, emphasis, lists,
 * quotes, code, http links) but nothing that would run or load when a Markdown
 * viewer shows it (#20 item 11): raw HTML, javascript: and other non-web links,
 * images (a remote image is a request that tells someone the file was opened),
 * link reference definitions. The HTML export already renders them inert.
 */
import * as assert from 'node:assert/strict';
import { exportMemos } from '../../../src/core/memos';
import type { Memo } from '../../../src/core/model';
import { inertMarkdown } from '../../../src/core/output';
import { inclusion } from '../../../src/core/participants';

const HOSTILE_BODY = [
  '# My heading',
  '',
  'Plain **bold** and _emphasis_, a [web link](https://example.org/a?b=1) and `<b>code</b>`.',
  '',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  'Inline <a href="javascript:alert(2)">link</a> and <!-- a comment --> and <![CDATA[x]]>.',
  '[click me](javascript:alert(3)) and [data](data:text/html;base64,PHNjcmlwdD4=) and [spaced]( javascript:alert(4) )',
  '[angle](<javascript:alert(5)>) and [vb](vbscript:msgbox) and [file](file:///etc/passwd)',
  '![pixel](http://evil.example/x.png) and ![local](./x.png)',
  '<javascript:alert(6)> and <http://autolink.example>',
  '[ref]: javascript:alert(7)',
  '   [ref2]: <javascript:alert(8)> "title"',
  'A [reference][ref] and [another][ref2].',
  '&lt;script&gt; stays an entity; &#60;script&#62; too.',
  '',
  '```html',
  '<script>kept in a code block, where it is text</script>',
  '```',
  '',
  '- item with <iframe src="https://evil.example"></iframe>',
  '> quote with <style>body{display:none}</style>',
].join('\n');

const memo: Memo = {
  path: 'qda/memos/2026-01-05-hostile.md',
  meta: { id: 'm1', created: '2026-01-05T10:00:00Z', author: 'mf', kind: 'reflexive' },
  body: HOSTILE_BODY,
};

/** The text outside fenced code blocks and inline code spans: where Markdown renders HTML and links. */
function live(md: string): string {
  let fence = false;
  return md
    .split('\n')
    .map((line) => {
      if (/^\s{0,3}(```|~~~)/.test(line)) {
        fence = !fence;
        return '';
      }
      return fence ? '' : line.replace(/(`+)[^`]*?\1/g, '');
    })
    .join('\n');
}

function assertInert(md: string): void {
  const text = live(md);
  // CommonMark raw HTML starts with "<" then a letter, "/", "!" or "?"; an autolink is "<scheme:...>". A backslash escapes it.
  assert.doesNotMatch(text, /(?<!\\)<[A-Za-z/!?]/, `raw HTML or autolink: ${JSON.stringify(/(?<!\\)<[A-Za-z/!?].{0,40}/.exec(text)?.[0])}`);
  // An inline link or image whose destination is not http(s).
  for (const m of text.matchAll(/(?<!\\)\]\(\s*<?\s*([^)\s>]*)/g)) assert.match(m[1], /^https?:\/\//i, `a live link to ${m[1]}`);
  assert.doesNotMatch(text, /(?<!\\)!\[/, 'an image');
  assert.doesNotMatch(text, /^ {0,3}\[[^\]]+\]:/m, 'a link reference definition');
}

describe('reliability: the Markdown memo log renders memo bodies inert', () => {
  const md = exportMemos(
    { memos: [memo], links: new Map(), generated: new Date('2026-02-01T00:00:00Z'), inclusion: inclusion({ sources: [] }) },
    'md',
  );

  it('leaves no raw HTML, no non-web link, no image and no reference definition live', () => {
    assertInert(md);
  });

  it("keeps the researcher's Markdown: headings moved down, emphasis, web links, code as written", () => {
    assert.match(md, /^### My heading$/m);
    assert.match(md, /Plain \*\*bold\*\* and _emphasis_, a \[web link\]\(https:\/\/example\.org\/a\?b=1\) and `<b>code<\/b>`\./);
    assert.match(md, /```html\n<script>kept in a code block, where it is text<\/script>\n```/);
    assert.match(md, /&lt;script&gt; stays an entity/);
    for (const words of ['alert(1)', 'click me', 'pixel', 'item with', 'quote with', 'A ', 'reference'])
      assert.ok(md.includes(words), `"${words}" is still shown`);
  });

  it('is the one Markdown sanitiser of core/output, idempotent and inert on its own', () => {
    const once = inertMarkdown(HOSTILE_BODY);
    assertInert(once);
    assert.equal(inertMarkdown(once), once);
  });
});
