import * as assert from 'node:assert/strict';
import { strFromU8, unzipSync } from 'fflate';
import { Project } from '../../src/core/project';
import { parseParticipants, serializeParticipants } from '../../src/core/project/format';
import { buildReport, renderReport, reportPseudonyms, type ReportBlock, type ReportDocument } from '../../src/core/report';
import { exportPseudonymiser } from '../../src/core/output';
import { importResponses, prepareReview, Pseudonymiser } from '../../src/core/review';
import { elements, parseXml, textOf } from '../../src/core/xml';
import { INJECT_ATTR, INJECT_NAME, reviewStudy } from './helpers/reviewStudy';

/**
 * The review study (three interviews; Margaret named in p1's words and a code's
 * example; markup typed into p2's words and a code's name) with: participants
 * p1 (credited as Ruth Kaye, with consent), p2 (said no to credit) and p3
 * (withdrew), a pseudonym map (Margaret -> Jane), memos with markup and a bell
 * character, and one answered review round.
 */
const EXTRA: Record<string, string> = {
  'qda/participants.yaml': `attributes:
  region: [north, wales]
participants:
  - {id: p1, sources: [transcripts/p1.txt], attributes: {region: north}, credit: {consent: yes, name: Ruth Kaye}}
  - {id: p2, sources: [transcripts/p2.txt], attributes: {region: wales}, credit: {consent: no, name: Bo Realname}}
  - {id: p3, sources: [transcripts/p3.txt], attributes: {region: wales}, withdrawn: {date: 2026-05-01}}
`,
  'qda/private/pseudonyms.yaml': 'names:\n  Margaret: Jane\n',
  'qda/memos/2026-03-01-first.md':
    `---\nid: m1\ncreated: 2026-03-01T10:00:00Z\nauthor: mf\nkind: reflexive\n---\n` +
    `Margaret's story moved me. ${INJECT_NAME} \u0007 **bold** and *soft*.\n\nA second paragraph.\n`,
  'qda/memos/2026-02-01-earlier.md': '---\nid: m0\ncreated: 2026-02-01T09:00:00Z\nauthor: lw\nkind: reflexive\n---\nEarlier thoughts.\n',
  'qda/memos/2026-03-02-analytic.md':
    '---\nid: m2\ncreated: 2026-03-02T10:00:00Z\nauthor: lw\nkind: analytic\n---\nNot a reflexive memo.\n',
};

/** p3's words: they withdrew, so none may reach the report. */
const P3_WORDS = 'The money never lasts the month';

async function study(): Promise<Project> {
  const project = await Project.open(reviewStudy(EXTRA));
  const names = new Pseudonymiser({ names: [{ name: 'Margaret', pseudonym: 'Jane' }], patterns: [], emails: true, phones: true });
  await prepareReview(project, { pseudonymiser: names, pseudonymised: true, nonce: 'n0nce' });
  const answers = {
    kind: 'reflexive-qda/review-response',
    format: 1,
    round: 'round-1',
    respondent: 'Ann',
    answers: [
      { code: 'security', fit: 'partly' },
      { code: 'budgeting', fit: 'fits' },
    ],
  };
  // p3 answered too, then withdrew: neither named nor quoted.
  const theirs = { ...answers, respondent: 'p3', id: 'p3', general: 'Words of someone who left.' };
  const imported = await importResponses(
    project,
    [answers, theirs].map((a, i) => ({ name: `r${i}.json`, bytes: new TextEncoder().encode(JSON.stringify(a)) })),
  );
  assert.ok(imported.every((r) => r.ok));
  // A revision after the round began (the test clock is 2026-11-29): what changed because of it.
  await project.changeCodebook((cb) => ({
    codes: cb.codes.map((c) =>
      c.id === 'security'
        ? { ...c, revised: [{ at: '2026-12-01T10:00:00Z', by: 'mf', note: 'Widened after Margaret said it partly fits' }] }
        : c,
    ),
  }));
  return project;
}

async function report(project: Project, off = false): Promise<ReportDocument> {
  return buildReport(project, {
    pseudonyms: reportPseudonyms(await exportPseudonymiser(project, !off)),
    now: new Date('2026-12-02T00:00:00Z'),
  });
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const docxParts = (bytes: Uint8Array) => Object.fromEntries(Object.entries(unzipSync(bytes)).map(([k, v]) => [k, strFromU8(v)]));

/** The paragraphs of word/document.xml as [style, text]. */
function wordParagraphs(xml: string): [string, string][] {
  const doc = parseXml(xml);
  assert.ok(doc.root, `document.xml does not parse: ${doc.refused?.message ?? ''}`);
  assert.deepEqual(doc.issues, []);
  const body = elements(doc.root, 'body')[0];
  return elements(body, 'p').map((p) => [elements(elements(p, 'pPr')[0] ?? p, 'pStyle')[0]?.attrs['w:val'] ?? '', textOf(p)]);
}

function findings(doc: ReportDocument): ReportBlock[] {
  return doc.sections.find((s) => s.id === 'findings')!.blocks;
}

describe('findings report', () => {
  let project: Project;
  let doc: ReportDocument;
  before(async () => {
    project = await study();
    doc = await report(project);
  });

  it('has its six sections in order, in every format', () => {
    const titles = ['Findings', 'Participant review', 'Methods', 'Reflexivity', 'Contributors', 'Appendix: the codebook'];
    assert.deepEqual(
      doc.sections.map((s) => s.title),
      titles,
    );
    const html = text(renderReport(doc, 'html'));
    const at = (s: string) => html.indexOf(s);
    assert.ok(
      titles.every((t, i) => at(`<h2>${t.replace(/'/g, '&#39;')}</h2>`) > (i ? at(`<h2>${titles[i - 1]}</h2>`) : 0)),
      'HTML: an <h2> per section, in order',
    );
    const md = text(renderReport(doc, 'md'));
    assert.deepEqual(
      md.split('\n').filter((l) => l.startsWith('## ')),
      titles.map((t) => `## ${t}`),
    );
    const word = wordParagraphs(docxParts(renderReport(doc, 'docx'))['word/document.xml']);
    assert.deepEqual(
      word.filter(([s]) => s === 'Heading1').map(([, t]) => t),
      titles,
    );
    assert.deepEqual(word[0], ['Title', 'Money and me: findings']);
  });

  it('HTML is one self-contained page: inline SVG chart, quotes as blockquotes, no script, nothing fetched', () => {
    const html = text(renderReport(doc, 'html'));
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">/);
    assert.match(html, /<figure><svg [^>]*class="qc-chart qc-curve"/);
    assert.match(html, /<blockquote><p>Jane from the food bank helped\.<\/p><footer>— p1, turn 1<\/footer><\/blockquote>/);
    assert.doesNotMatch(html, /<script|<link|<img|<iframe|<object|<[^>]+\s(src|href)="(?!#)|@import|url\(/i);
    assert.match(html, /@media print/);
  });

  it('Word uses real heading styles, Quote and Quote Attribution, and defines them', () => {
    const parts = docxParts(renderReport(doc, 'docx'));
    const word = wordParagraphs(parts['word/document.xml']);
    const quote = word.findIndex(([s, t]) => s === 'Quote' && t === 'Jane from the food bank helped.');
    assert.ok(quote > 0, 'the quote is in the Quote style');
    assert.deepEqual(word[quote + 1], ['QuoteAttribution', '— p1, turn 1']);
    assert.ok(
      word.some(([s, t]) => s === 'Heading2' && t === 'Material life'),
      'a theme is Heading 2',
    );
    assert.ok(
      word.some(([s, t]) => s === 'Heading3' && t === 'Financial security'),
      'a code is Heading 3',
    );
    for (const style of ['Heading1', 'Heading2', 'Heading3', 'Quote', 'QuoteAttribution', 'Caption', 'ListBullet', 'Title']) {
      assert.match(parts['word/styles.xml'], new RegExp(`w:styleId="${style}"`), style);
    }
  });

  it('gives every code with codings a quote, attributed, and counts participants and codings by hand', () => {
    const blocks = findings(doc);
    const under = (id: string) => {
      const i = blocks.findIndex((b) => b.kind === 'heading' && b.id === id);
      assert.ok(i >= 0, id);
      const end = blocks.findIndex((b, k) => k > i && b.kind === 'heading');
      return blocks.slice(i + 1, end < 0 ? undefined : end);
    };
    const say = (bs: ReportBlock[]) => bs.flatMap((b) => (b.kind === 'paragraph' ? [b.runs.map((r) => r.text).join('')] : []));
    const quotes = (bs: ReportBlock[]) => bs.flatMap((b) => (b.kind === 'quote' ? [`${b.text} — ${b.attribution}`] : []));
    // security: c1 (p1), c4 (p2, worry merged into security), c7 (p2, review: false: counted, never quoted); p3's c8 and c9 left out.
    const security = under('code-security');
    assert.ok(say(security).includes('2 participants, 3 codings.'));
    assert.ok(
      say(security).some((s) => s.startsWith('By group: region: north 1 of 1, wales 1 of 1')),
      say(security).join('|'),
    );
    assert.deepEqual(quotes(security), [
      'I never know if the money will last. — p1, turn 1',
      'I never know if the money will last, honestly. — p2, turn 1',
    ]);
    assert.deepEqual(quotes(under('code-budgeting')), ['My tin for each bill keeps me going. — p2, turn 1']);
    assert.equal(quotes(under('theme-inject')).length, 1, 'a top-level code is a theme: its own quote under it');
    // The theme's own codings: c2 (marked review: true) comes first.
    const theme = under('theme-material');
    assert.equal(quotes(theme)[0], 'Jane from the food bank helped. — p1, turn 1');
    const formula = under('theme-formula');
    assert.deepEqual(quotes(formula), []);
    assert.ok(say(formula).includes('Not yet coded.'));
  });

  it('pseudonymises quotes, memos, the code example and revision notes; says so; and says so when it did not', async () => {
    for (const format of ['html', 'md'] as const) {
      const out = text(renderReport(doc, format));
      assert.ok(!/Margaret/i.test(out), `${format}: a real name got through`);
      assert.match(out, /Jane from the food bank helped/);
      assert.match(out, /Jane(&#39;|')s story moved me/);
      assert.match(out, /I never know if the money will last, Jane said/);
      assert.match(out, /Widened after Jane said it partly fits/);
      assert.match(out, /pseudonymised with the project(&#39;|')s pseudonym map \(1 name/);
    }
    const plain = await report(project, true);
    const md = text(renderReport(plain, 'md'));
    assert.match(md, /Margaret from the food bank helped/);
    assert.match(md, /the author chose not to pseudonymise this report/);
    assert.equal(plain.pseudonymised, false);
  });

  it('keeps hostile text inert in HTML and Markdown, and the Word XML valid', () => {
    const html = text(renderReport(doc, 'html'));
    assert.ok(!html.includes(INJECT_NAME) && !html.includes('<img src=x'), 'markup from the project reached the page as markup');
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'the code name and quote show as text');
    assert.ok(html.includes('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;'));
    const md = text(renderReport(doc, 'md'));
    assert.ok(!md.includes('<script>') && !md.includes('<img'), 'raw HTML in the Markdown');
    const xml = docxParts(renderReport(doc, 'docx'))['word/document.xml'];
    assert.doesNotMatch(xml, /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/, 'a control character makes the Word file unreadable');
    assert.ok(
      wordParagraphs(xml).some(([, t]) => t.includes(`${INJECT_NAME} is what my son typed ${INJECT_ATTR}.`)),
      'the quote is in Word as text',
    );
  });

  it('credits by name only with consent and a chosen name, never beside the pseudonym; the withdrawn not at all', () => {
    const contributors = doc.sections.find((s) => s.id === 'contributors')!.blocks;
    const lines = contributors.flatMap((b) => (b.kind === 'paragraph' ? [b.runs.map((r) => r.text).join('')] : []));
    assert.deepEqual(lines, ['Participants credited by name, at their request: Ruth Kaye.', 'Participants under pseudonyms: p2.']);
    const table = contributors.find((b) => b.kind === 'table');
    assert.ok(table && table.kind === 'table');
    assert.deepEqual(table.rows, [
      ['mf', 'coded 7 passages in 2 sources; wrote 1 memo (1 reflexive)'],
      ['lw', 'wrote 2 memos (1 reflexive)'],
      ['Ann', 'answered review round round-1'],
    ]);
    const all = text(renderReport(doc, 'md'));
    assert.ok(!all.includes('Bo Realname'), 'a participant who said no is named');
  });

  it('leaves the withdrawn participant out of every format', () => {
    for (const format of ['html', 'md', 'docx'] as const) {
      const bytes = renderReport(doc, format);
      const out = format === 'docx' ? Object.values(docxParts(bytes)).join('\n') : text(bytes);
      assert.ok(!out.includes(P3_WORDS), `${format}: p3's words are in the report`);
      assert.ok(!/\bp3\b/.test(out), `${format}: p3 is named`);
      assert.ok(!out.includes('Words of someone who left'), `${format}: p3's review comment is quoted`);
    }
    const methods = doc.sections.find((s) => s.id === 'methods')!.blocks;
    const first = methods.find((b) => b.kind === 'paragraph');
    assert.ok(first && first.kind === 'paragraph');
    assert.equal(
      first.runs[0].text,
      'n = 2 participants, 2 sources (transcripts and survey answers); 1 withdrew and is left out of everything in this report.',
    );
  });

  it('shows the latest review round per code with what changed since, and reflexive memos only, oldest first', () => {
    const review = doc.sections.find((s) => s.id === 'review')!.blocks.find((b) => b.kind === 'table');
    assert.ok(review && review.kind === 'table');
    assert.deepEqual(
      review.rows.find((r) => r[0] === 'Material life / Financial security'),
      ['Material life / Financial security', '0', '1', '0', '2026-12-01: Widened after Jane said it partly fits'],
    );
    assert.deepEqual(
      review.rows.find((r) => r[0] === 'Material life / Budgeting'),
      ['Material life / Budgeting', '1', '0', '0', '—'],
    );
    const reflexivity = doc.sections.find((s) => s.id === 'reflexivity')!.blocks;
    assert.deepEqual(
      reflexivity.filter((b) => b.kind === 'heading').map((b) => (b.kind === 'heading' ? b.text : '')),
      ['2026-02-01 · lw', '2026-03-01 · mf'],
    );
    assert.ok(!text(renderReport(doc, 'md')).includes('Not a reflexive memo'));
  });

  it('shows only first paragraphs of memos when asked', async () => {
    const short = await buildReport(project, {
      pseudonyms: reportPseudonyms(await exportPseudonymiser(project, true)),
      memos: 'first-paragraph',
    });
    const md = text(renderReport(short, 'md'));
    assert.match(md, /Jane's story moved me/);
    assert.ok(!md.includes('A second paragraph.'));
  });

  it('is not made without a pseudonym map (the export policy), unless the author chooses so', async () => {
    const files = { ...EXTRA };
    delete files['qda/private/pseudonyms.yaml'];
    const bare = await Project.open(reviewStudy(files));
    await assert.rejects(exportPseudonymiser(bare, true), /there is no qda\/private\/pseudonyms\.yaml/);
    assert.equal(reportPseudonyms(await exportPseudonymiser(bare, false)).pseudonymised, false);
  });
});

describe('participants.yaml credit', () => {
  const file = (credit: string) => `participants:\n  - id: p1\n    credit: ${credit}\n`;

  it('reads consent as yes/no or true/false, with the chosen name and date, and writes it back after withdrawn', () => {
    const r = parseParticipants(file('{consent: yes, name: Ruth Kaye, date: 2026-06-01}'));
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.value!.participants[0].credit, { consent: true, name: 'Ruth Kaye', date: '2026-06-01' });
    assert.equal(parseParticipants(file('{consent: false}')).value!.participants[0].credit!.consent, false);
    assert.match(serializeParticipants(r.value!), /credit: \{consent: true, name: Ruth Kaye, date: 2026-06-01\}/);
  });

  it('warns at the entry when consent is given without a name, and refuses a consent that is neither yes nor no', () => {
    const noName = parseParticipants(file('{consent: yes}'));
    assert.deepEqual(
      noName.problems.map((p) => [p.line, p.severity, p.message]),
      [[3, 'warning', 'credit: consent is given but no name: add the name they chose (until then reports show their pseudonym)']],
    );
    const maybe = parseParticipants(file('{consent: maybe, name: Ruth}'));
    assert.equal(maybe.problems[0].severity ?? 'error', 'error');
    assert.match(maybe.problems[0].message, /consent is yes or no/);
    assert.equal(maybe.problems[0].line, 3);
  });
});
