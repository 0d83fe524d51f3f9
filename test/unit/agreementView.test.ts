import * as assert from 'node:assert/strict';
import {
  agreementBodyHtml,
  agreementMarkdown,
  compareCoders,
  hostMessageSchema,
  webviewMessageSchema,
  type AgreementView,
} from '../../src/core/agreement';
import type { Code } from '../../src/core/model';

const HOSTILE = '"><img src=x onerror=alert(1)> <script>alert(1)</script> | *x*';
const codes: Code[] = [
  { id: 'x', name: HOSTILE, status: 'active' },
  { id: 'y', name: 'Same everywhere', status: 'retired' },
];

/** One code the coders differ on, and one both applied to every character (kappa and alpha undefined). */
function view(): AgreementView {
  const report = compareCoders({
    codes,
    coders: ['lw', '<b>rk</b>'],
    unit: 'character',
    sources: [
      {
        path: 'transcripts/<i>p1</i>.txt',
        length: 20,
        turns: [],
        codings: [
          { id: 'a', code: 'x', coder: 'lw', start: 0, end: 10 },
          { id: 'b', code: 'x', coder: '<b>rk</b>', start: 5, end: 15 },
          { id: 'c', code: 'y', coder: 'lw', start: 0, end: 20 },
          { id: 'd', code: 'y', coder: '<b>rk</b>', start: 0, end: 20 },
        ],
      },
    ],
  });
  return { version: 1, title: 'T', report, disagreements: { x: { open: 1, settled: 0 } }, consensusCoder: 'consensus' };
}

describe('the Compare Coders panel body', () => {
  it('passes its own message schema, nulls and all', () => {
    const v = view();
    assert.equal(v.report.codes.find((c) => c.code === 'y')!.kappa, null);
    assert.ok(hostMessageSchema.safeParse({ type: 'update', view: JSON.parse(JSON.stringify(v)) }).success);
    assert.ok(!hostMessageSchema.safeParse({ type: 'update', view: { ...v, report: { ...v.report, codes: 'no' } } }).success);
    assert.ok(!webviewMessageSchema.safeParse({ type: 'setUnit', unit: 'word' }).success);
    assert.ok(webviewMessageSchema.safeParse({ type: 'walk', code: null }).success);
  });

  it('shows every blank figure with a numbered reason, and the method, units and sources on every figure', () => {
    const html = agreementBodyHtml(view());
    const blanks = html.match(/<td class="figure blank"/g) ?? [];
    // y: kappa and alpha undefined (both coded every character); everything else is defined.
    assert.equal(blanks.length, 2);
    assert.match(html, /<li><b>Same everywhere<\/b>, Cohen&#39;s κ: expected agreement is 1[^<]*\.<\/li>/);
    assert.match(html, /<li><b>Same everywhere<\/b>, Krippendorff&#39;s α: every value is the same[^<]*\.<\/li>/);
    const titles = [...html.matchAll(/<td class="figure[^"]*" title="([^"]*)"/g)].map((m) => m[1]);
    assert.equal(titles.length, 4 * 3, 'four figures for two codes and the pooled row');
    for (const t of titles) assert.match(t, /over 20 characters of 1 source \(transcripts\/&lt;i&gt;p1&lt;\/i&gt;\.txt\)/);
  });

  it('escapes code names, coder ids and paths', () => {
    const html = agreementBodyHtml(view());
    assert.ok(!/<img|<script|<b>rk|<i>p1/.test(html), 'no markup from user text');
    assert.match(html, /&quot;&gt;&lt;img src=x onerror=alert\(1\)&gt;/);
    assert.match(html, /Only &lt;b&gt;rk&lt;\/b&gt;/);
    const md = agreementMarkdown(view().report);
    assert.ok(!/<img|<script/.test(md));
    assert.match(md, /^- Same everywhere, Cohen's κ: expected agreement is 1/m);
    assert.match(md, /\| "&gt;&lt;img src=x onerror=alert\(1\)&gt; &lt;script&gt;alert\(1\)&lt;\/script&gt; \\\| \\\*x\\\* \|/);
  });
});
