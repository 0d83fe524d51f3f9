import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli';
import { memosToHtml, memosToMarkdown, type MemoExportInput } from '../../src/core/memos';
import { escapeHtml } from '../../src/core/output/escape';
import { renderMarkdown } from '../../src/core/output/markdown';
import { resolveMemoLinks } from '../../src/core/memos';
import { inclusion } from '../../src/core/participants';
import { Project } from '../../src/core/project/project';
import { memoryPorts } from './helpers/memoryFiles';

const TRANSCRIPT = 'P1: Tight. I sat in the car for ages before I went in. Then the forms.\n';
const PASSAGE = 'I sat in the car for ages before I went in.';
const AT = TRANSCRIPT.indexOf(PASSAGE);
const SCRIPT = '<script>alert(1)</script>';
const ATTR = '"><img src=x onerror=alert(1)>';

const FILES: Record<string, string> = {
  'qda/project.yaml': 'format: 1\ntitle: Getting by <b>study</b>\nsources:\n  - transcripts/**/*.txt\n',
  'qda/codebook.yaml': 'codes:\n  - {id: stigma, name: "Stigma <i>and</i> shame"}\n',
  'transcripts/p1.txt': TRANSCRIPT,
  'qda/memos/2026-02-20-later.md': `---\nid: m-2\ncreated: 2026-02-20T15:05:00Z\nauthor: lw\nkind: analytic\nlinks:\n  - code: stigma\n  - code: gone\n---\n# A heading\n\nSecond memo with **strong** and *emphasis*.\n`,
  'qda/memos/2026-02-11-car-park.md': `---\nid: m-1\ncreated: 2026-02-11T16:20:00Z\nauthor: 'rk ${ATTR}'\nkind: reflexive\nlinks:\n  - source: transcripts/p1.txt\n    start: ${AT}\n    end: ${AT + PASSAGE.length}\n    text: ${PASSAGE}\n---\nWhat did I expect? ${SCRIPT}\n\n${ATTR}\n`,
};

async function input(files = FILES): Promise<MemoExportInput> {
  const project = await Project.open(memoryPorts(files));
  return {
    title: project.config.title,
    memos: project.memos.values(),
    links: await resolveMemoLinks(project),
    generated: new Date('2026-11-29T14:32:00Z'),
    inclusion: inclusion(project),
  };
}

describe('memo export: Markdown', () => {
  it('lists memos oldest first, with code names, passage quotes and broken links', async () => {
    const md = memosToMarkdown(await input());
    assert.ok(md.startsWith('# Memo log: Getting by &lt;b&gt;study&lt;/b&gt;\n'), md.split('\n')[0]);
    assert.match(md, /2 memos, 2026-02-11 to 2026-02-20; exported 2026-11-29 14:32 UTC/);
    assert.ok(md.indexOf('## 2026-02-11 · Reflexive memo') < md.indexOf('## 2026-02-20 · Analytic memo'), 'chronological');
    assert.match(md, /- Passage in transcripts\/p1\.txt \(11-54\): “I sat in the car for ages before I went in\.”\n/);
    assert.match(md, /- Code: Stigma &lt;i&gt;and&lt;\/i&gt; shame\n/);
    assert.match(md, /- Code: gone \*\*\(broken: link to code "gone", which is not in the codebook/);
    assert.match(md, /\n### A heading\n/, 'memo headings move down under the memo heading');
  });
});

describe('memo export: HTML', () => {
  it('comes out as text when a body, an author or a title holds markup', async () => {
    const html = memosToHtml(await input());
    assert.ok(!html.includes('<script'), 'no script element');
    assert.ok(!html.includes('<img'), 'no img element');
    assert.ok(!/<[^>]*\bonerror\s*=/i.test(html), 'no event handler attribute inside any tag');
    assert.ok(!html.includes('<b>') && !html.includes('<i>'), 'project title and code names escaped');
    assert.ok(html.includes('What did I expect? &lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(html.includes('<p>&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</p>'));
    assert.ok(html.includes('rk &quot;&gt;&lt;img src=x onerror=alert(1)&gt;'), 'the author, escaped');
    assert.match(html, /<q>I sat in the car for ages before I went in\.<\/q>/);
  });

  it('is self-contained: no scripts, nothing loaded, a print stylesheet', async () => {
    const html = memosToHtml(await input());
    assert.match(html, /^<!DOCTYPE html>\n<html lang="en">/);
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">/);
    assert.match(html, /@media print \{/);
    assert.ok(!/\b(src|href)\s*=\s*"(?!https?:)/i.test(html.replace(/<meta[^>]*>/g, '')), 'no local or inline resources');
    const tags = [...html.matchAll(/<([a-z0-9]+)[\s>]/gi)].map((m) => m[1].toLowerCase());
    assert.deepEqual(
      [...new Set(tags)].filter(
        (t) =>
          ![
            'html',
            'head',
            'meta',
            'title',
            'style',
            'body',
            'header',
            'h1',
            'p',
            'main',
            'article',
            'h2',
            'span',
            'time',
            'ul',
            'li',
            'q',
            'strong',
            'div',
            'h3',
            'em',
          ].includes(t),
      ),
      [],
    );
  });

  it('marks broken links', async () => {
    const html = memosToHtml(await input());
    assert.match(html, /<li class="broken">Code: gone <strong>\(broken: link to code &quot;gone&quot;, which is not in the codebook/);
  });
});

describe('memo export: safe Markdown', () => {
  it('renders paragraphs, headings, lists, quotes, code, emphasis, strong and links', () => {
    assert.equal(
      renderMarkdown('# Title\n\nOne *two* **three** `<four>`\nstill one.\n\n- a\n- _b_\n\n1. x\n2. y\n\n> quoted\n\n```\n<raw>\n```\n', {
        headingOffset: 1,
      }),
      '<h2>Title</h2>\n<p>One <em>two</em> <strong>three</strong> <code>&lt;four&gt;</code>\nstill one.</p>\n<ul><li>a</li><li><em>b</em></li></ul>\n<ol><li>x</li><li>y</li></ol>\n<blockquote><p>quoted</p></blockquote>\n<pre><code>&lt;raw&gt;</code></pre>',
    );
  });

  it('links only http and https, escaping the address; anything else stays text', () => {
    assert.equal(
      renderMarkdown('[site](https://example.org/a?b=1&c=2)'),
      '<p><a href="https://example.org/a?b=1&amp;c=2" rel="noopener noreferrer">site</a></p>',
    );
    assert.equal(renderMarkdown('[x](javascript:alert(1))'), '<p>[x](javascript:alert(1))</p>');
    assert.equal(
      renderMarkdown('[x](data:text/html,<script>alert(1)</script>)'),
      '<p>[x](data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;)</p>',
    );
    assert.equal(renderMarkdown('[x](https://a"onmouseover="alert(1))'), '<p>[x](https://a&quot;onmouseover=&quot;alert(1))</p>');
    assert.equal(renderMarkdown('[*x*](HTTP://A.B)'), '<p><a href="HTTP://A.B" rel="noopener noreferrer"><em>x</em></a></p>');
  });

  it('escapes raw HTML, entities and attributes everywhere, headings and list items included', () => {
    assert.equal(renderMarkdown('## <img src=x onerror=alert(1)>'), '<h2>&lt;img src=x onerror=alert(1)&gt;</h2>');
    assert.equal(renderMarkdown('- <script>x</script> &amp;'), '<ul><li>&lt;script&gt;x&lt;/script&gt; &amp;amp;</li></ul>');
    assert.equal(renderMarkdown('**<b onclick="x">**'), '<p><strong>&lt;b onclick=&quot;x&quot;&gt;</strong></p>');
    assert.equal(escapeHtml(`<>&"'`), '&lt;&gt;&amp;&quot;&#39;');
  });

  it('leaves snake_case and lone stars alone, and stays fast on pathological input', () => {
    assert.equal(renderMarkdown('file_name_here and 2 * 3 * 4'), '<p>file_name_here and 2 * 3 * 4</p>');
    const t0 = Date.now();
    renderMarkdown('*'.repeat(3000) + '_'.repeat(3000) + '['.repeat(3000) + '`'.repeat(3000));
    assert.ok(Date.now() - t0 < 2000, `${Date.now() - t0} ms`);
  });
});

describe('qda export', () => {
  function project(files: Record<string, string> = { ...FILES, 'qda/private/pseudonyms.yaml': 'names:\n  car park: a place\n' }): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'qda-export-'));
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    }
    return root;
  }
  async function qda(cwd: string, ...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, { cwd, out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out, err };
  }

  it('writes the memo log as HTML to -o FILE, the format taken from --format or the extension', async () => {
    const root = project();
    const r = await qda(root, 'export', 'memos', '--format', 'html', '-o', 'log.html');
    assert.equal(r.code, 0, r.err.join('\n'));
    const html = fs.readFileSync(path.join(root, 'log.html'), 'utf8');
    assert.match(html, /^<!DOCTYPE html>/);
    assert.ok(!html.includes('<script'));
    assert.equal((await qda(root, 'export', 'memos', '-o', 'log.md')).code, 0);
    assert.match(fs.readFileSync(path.join(root, 'log.md'), 'utf8'), /^# Memo log: /);
    assert.deepEqual(
      fs.readdirSync(root).filter((f) => f.endsWith('.tmp')),
      [],
      'no temporary files left',
    );
  });

  it('prints Markdown to stdout without -o', async () => {
    const r = await qda(project(), 'export', 'memos');
    assert.equal(r.code, 0);
    assert.match(r.out.join('\n'), /## 2026-02-11 · Reflexive memo/);
  });

  it('pseudonymises memo bodies and linked quotes, and exports nothing without a pseudonym map', async () => {
    const files = {
      ...FILES,
      'qda/memos/2026-02-12-names.md': '---\nid: m-3\ncreated: 2026-02-12T10:00:00Z\nkind: analytic\n---\nMet her by the Car Park again.\n',
    };
    const withMap = await qda(project({ ...files, 'qda/private/pseudonyms.yaml': 'names:\n  car park: a place\n' }), 'export', 'memos');
    assert.equal(withMap.code, 0, withMap.err.join('\n'));
    assert.match(withMap.out.join('\n'), /Met her by the a place again\./);
    const root = project(files);
    const none = await qda(root, 'export', 'memos', '-o', 'log.md');
    assert.equal(none.code, 1);
    assert.match(none.err.join('\n'), /nothing was exported: there is no qda\/private\/pseudonyms\.yaml/);
    assert.equal(fs.existsSync(path.join(root, 'log.md')), false);
    const raw = await qda(root, 'export', 'memos', '--no-pseudonymise');
    assert.deepEqual([raw.code, /Car Park/.test(raw.out.join('\n')), /with real names/.test(raw.err.join('\n'))], [0, true, true]);
  });

  it('rejects an unknown export, a missing kind and an unknown format with exit 2', async () => {
    const root = project();
    const unknown = await qda(root, 'export', 'everything');
    assert.equal(unknown.code, 2);
    assert.match(unknown.err[0], /unknown export "everything"; one of: memos/);
    assert.equal((await qda(root, 'export')).code, 2);
    const pdf = await qda(root, 'export', 'memos', '--format', 'pdf');
    assert.equal(pdf.code, 2);
    assert.match(pdf.err[0], /--format pdf: use md or html/);
  });
});
