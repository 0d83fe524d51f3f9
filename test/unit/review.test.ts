import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli';
import { parseXml } from '../../src/core/xml';
import { Project } from '../../src/core/project/project';
import { chooseExamples } from '../../src/core/review/examples';
import { DEFAULT_INTRO, INTRO_FILE, prepareReview } from '../../src/core/review/pack';
import { Pseudonymiser } from '../../src/core/output/pseudonymise';
import { importResponses, parseResponseText, readResponse } from '../../src/core/review/responses';
import { codebookVersion, diffCodebooks, snapshotCodebook } from '../../src/core/review/rounds';
import { endorsementFor, formatEndorsement, mostChallenged, reviewSummary } from '../../src/core/review/summary';
import { roundSummary } from '../../src/core/review/summaryExport';
import { INJECT_ATTR, INJECT_NAME, reviewStudy, reviewStudyFiles } from './helpers/reviewStudy';

const enc = (v: unknown) => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));
const names = new Pseudonymiser({ names: [{ name: 'Margaret', pseudonym: 'Ruth' }], patterns: [], emails: true, phones: true });
const prepared = async (extra: Record<string, string> = {}) => {
  const ports = reviewStudy(extra);
  const project = await Project.open(ports);
  const pack = await prepareReview(project, { pseudonymiser: names, pseudonymised: true, nonce: 'n0nce' });
  return { ports, project, pack };
};
const response = (respondent: string, answers: unknown[], extra: Record<string, unknown> = {}) => ({
  kind: 'reflexive-qda/review-response',
  format: 1,
  round: 'round-1',
  respondent,
  answers,
  ...extra,
});

describe('review pack', () => {
  it('writes the default introduction, round.json and pack.html of round-1', async () => {
    const { ports, pack } = await prepared();
    assert.deepEqual(pack.written, [INTRO_FILE, 'qda/reviews/round-1/round.json', 'qda/reviews/round-1/pack.html']);
    assert.equal(ports.files.text(INTRO_FILE), DEFAULT_INTRO);
    const record = JSON.parse(ports.files.text('qda/reviews/round-1/round.json')!);
    assert.equal(record.round, 'round-1');
    assert.equal(record.codebookVersion, pack.record.codebookVersion);
    assert.match(record.codebookVersion, /^[0-9a-f]{12}$/);
    assert.equal(record.codes.length, 8, 'every code, active or not, for the next round to diff against');
    assert.equal(record.pseudonymised, true);
  });

  it('is one self-contained page: strict CSP with a nonce, no external reference, one script', async () => {
    const { pack } = await prepared();
    const html = pack.html;
    assert.ok(
      html.includes(
        `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-n0nce'; img-src data:; form-action 'none'; base-uri 'none'">`,
      ),
    );
    const markup = html.replace(/<script\b[\s\S]*?<\/script>/g, '');
    assert.doesNotMatch(markup, /<[^>]+\s(src|href)=|@import|url\(/i);
    const scripts = (html.match(/<script\b[\s\S]*?<\/script>/g) ?? []).join('\n');
    assert.doesNotMatch(
      scripts,
      /fetch\(|XMLHttpRequest|WebSocket|EventSource|sendBeacon|import\(|https?:\/\/|\.innerHTML|insertAdjacentHTML|document\.write/,
    );
    assert.equal(html.match(/<script\b/g)?.length, 2, 'the page script and its JSON data');
    assert.equal(html.match(/<script nonce="n0nce">/g)?.length, 1);
    assert.match(html, /<meta name="qda-round" content="round-1">/);
    assert.match(html, new RegExp(`<meta name="qda-codebook-version" content="${pack.record.codebookVersion}">`));
  });

  it('shows every piece of user text as text: code names, definitions, quotes', async () => {
    const { pack } = await prepared();
    const body = pack.html.replace(/<script[\s\S]*?<\/script>/g, '');
    assert.doesNotMatch(body, /<script|<img/i);
    assert.ok(body.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(body.includes('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;'));
    assert.ok(pack.html.includes(`data-name="${INJECT_NAME.replace(/</g, '&lt;').replace(/>/g, '&gt;')}"`));
  });

  it("labels every field and groups each code's choice in a fieldset with a legend", async () => {
    const { pack } = await prepared();
    const doc = parseXml(pack.html.replace(/<!doctype html>/i, '').replace(/<(meta|input)([^>]*?)>/g, '<$1$2/>'));
    const all: { local: string; attrs: Record<string, string> }[] = [];
    const walk = (el: NonNullable<typeof doc.root>) => el.children.forEach((c) => typeof c !== 'string' && (all.push(c), walk(c)));
    walk(doc.root!);
    const labelled = new Set(all.filter((e) => e.local === 'label').map((e) => e.attrs.for));
    for (const f of all.filter((e) => (e.local === 'input' && e.attrs.type === 'text') || e.local === 'textarea'))
      assert.ok(labelled.has(f.attrs.id), `no label for #${f.attrs.id}`);
    const sections = all.filter((e) => e.local === 'section' && e.attrs['data-code']);
    assert.deepEqual(sections.map((s) => s.attrs['data-code']).sort(), [
      'budgeting',
      'formula',
      'inject',
      'material',
      'security',
      'under-old',
    ]);
    assert.equal(all.filter((e) => e.local === 'legend').length, sections.length + 1);
    assert.equal(all.filter((e) => e.local === 'input' && e.attrs.type === 'radio').length, sections.length * 3);
  });

  it('pseudonymises every quote and shows at most N examples, chosen ones first, never a review: false one', async () => {
    const { project, pack } = await prepared();
    assert.doesNotMatch(pack.html, /Margaret|07700|margaret@/);
    assert.match(pack.html, /<blockquote>Ruth from the food bank helped\.<\/blockquote>/);
    assert.match(pack.html, /<blockquote>Call me on \[phone number\] or \[email\]\.<\/blockquote>/);
    const ex = chooseExamples(project, 2);
    assert.deepEqual(
      ex.get('material')!.map((e) => [e.chosen, e.text]),
      [
        [true, 'Margaret from the food bank helped.'],
        [false, 'Call me on 07700 900123 or margaret@example.org.'],
      ],
    );
    const security = chooseExamples(project, 10).get('security')!;
    assert.ok(!security.some((e) => e.text === 'Some weeks are fine.'), 'review: false');
    assert.ok(!security.some((e) => e.text === 'Ok.'), 'too short to judge a code by');
    assert.deepEqual(
      security.map((e) => e.source),
      ['transcripts/p1.txt', 'transcripts/p2.txt', 'transcripts/p3.txt'],
      "one per source, shortest first; the merged code's coding counts",
    );
    assert.equal(chooseExamples(project, 1).get('security')!.length, 1);
  });

  it('never overwrites a round that has responses', async () => {
    const { project, ports } = await prepared();
    ports.files.set('qda/reviews/round-1/responses/sam-x.json', JSON.stringify(response('Sam', [])));
    await assert.rejects(prepareReview(project, { round: 'round-1', pseudonymiser: names, pseudonymised: true }), /already has responses/);
    await assert.rejects(prepareReview(project, { round: 'Round 1', pseudonymiser: names, pseudonymised: true }), /cannot name a round/);
  });

  it('shows from the second round on what changed since the previous one', async () => {
    const { project } = await prepared();
    await project.changeCodebook((cb) => ({
      codes: [
        ...cb.codes.map((c) =>
          c.id === 'security'
            ? { ...c, name: 'Money lasting' }
            : c.id === 'budgeting'
              ? { ...c, definition: 'New words.' }
              : c.id === 'formula'
                ? { ...c, status: 'merged' as const, mergedInto: 'material' }
                : c,
        ),
        { id: 'hope', name: 'Hope', status: 'active' as const },
      ],
    }));
    const second = await prepareReview(project, { pseudonymiser: names, pseudonymised: true });
    assert.equal(second.round, 'round-2');
    assert.equal(second.record.previousRound, 'round-1');
    assert.deepEqual(
      second.changes.map((c) => `${c.kind} ${c.id}`),
      ['added hope', 'renamed security', 'redefined budgeting', 'merged formula'],
    );
    assert.match(
      second.html,
      /What has changed since round-1[\s\S]*Renamed: <strong>Financial security<\/strong> is now <strong>Money lasting<\/strong>[\s\S]*Joined: <strong>=HYPERLINK\(&quot;http:\/\/x&quot;\)<\/strong> is now part of <strong>Material life<\/strong>/,
    );
  });

  it('gives the same codebook version for the same codebook, another after a change', () => {
    const a = snapshotCodebook({ codes: [{ id: 'a', name: 'A', status: 'active' }] });
    assert.equal(
      codebookVersion(a),
      codebookVersion(snapshotCodebook({ codes: [{ id: 'a', name: 'A', status: 'active', color: '#000000' }] })),
      'colour is not shown',
    );
    assert.notEqual(codebookVersion(a), codebookVersion(snapshotCodebook({ codes: [{ id: 'a', name: 'B', status: 'active' }] })));
    assert.deepEqual(diffCodebooks(a, snapshotCodebook({ codes: [] })), [{ kind: 'retired', id: 'a', name: 'A' }]);
  });
});

describe('review responses', () => {
  it('imports a response saved by the pack and stores it under the round as <respondent-slug>-<id>.json', async () => {
    const { project, ports } = await prepared();
    const [r] = await importResponses(project, [
      {
        name: 'a.json',
        bytes: enc(
          response('Sam O’Neil', [{ code: 'security', fit: 'partly', comment: 'Mostly.' }], { id: 'k3j4h5m2', codebookVersion: 'other' }),
        ),
      },
    ]);
    assert.deepEqual([r.ok, r.path, r.replaced, r.problems], [true, 'qda/reviews/round-1/responses/sam-o-neil-k3j4h5m2.json', false, []]);
    assert.match(r.warnings.join(), /answered codebook version other, but round "round-1" recorded/);
    const stored = JSON.parse(ports.files.text(r.path!)!);
    assert.equal(stored.respondent, 'Sam O’Neil');
    assert.equal(stored.imported, '2026-11-29T14:32:00Z');
    const again = await importResponses(project, [{ name: 'a.json', bytes: enc(response('Sam O’Neil', [], { id: 'k3j4h5m2' })) }]);
    assert.equal(again[0].replaced, true);
  });

  it('explains what is wrong with an invalid file, and stores nothing', async () => {
    const { project, ports } = await prepared();
    const cases: [unknown, RegExp][] = [
      [
        response('', [{ code: 'security', fit: 'maybe' }]),
        /respondent: the respondent needs a name[\s\S]*answers\[0\]\.fit: expected "fits", "partly" or "notFit"/,
      ],
      [{ round: 'round-1', respondent: 'A' }, /answers: expected a list of answers/],
      [response('A', [{ code: 'Not An Id' }]), /answers\[0\]\.code: a code id/],
      [response('A', [], { round: 'round-9' }), /round "round-9" is not in qda\/reviews\/ \(known: round-1\)/],
      ['{"round": ', /not valid JSON/],
      ['Hello, here are my thoughts', /neither a response file saved by a review pack/],
    ];
    for (const [input, expected] of cases) {
      const [r] = await importResponses(project, [{ name: 'x', bytes: enc(input) }]);
      assert.equal(r.ok, false, String(expected));
      assert.match(r.problems.join('\n'), expected);
    }
    assert.deepEqual(
      [...ports.files.files.keys()].filter((p) => p.includes('/responses/')),
      [],
    );
  });

  it('reads the text form: what "Copy my responses as text" gives and what a researcher types from paper', () => {
    const copied =
      'Reflexive QDA review response\nRound: round-1\nCodebook: abc\nResponse: r1\nRespondent: Sam\n\n[security] Financial security\nFit: partly fits\nComment: Mostly true.\nBut not in summer.\nBetter name: Making it last\n\n[material] Material life\nFit: does not fit\n\nGeneral comments:\nThanks.\nMore.\n';
    assert.deepEqual(parseResponseText(copied), {
      round: 'round-1',
      codebookVersion: 'abc',
      id: 'r1',
      respondent: 'Sam',
      general: 'Thanks.\nMore.',
      answers: [
        {
          code: 'security',
          name: 'Financial security',
          fit: 'partly fits',
          comment: 'Mostly true.\nBut not in summer.',
          betterName: 'Making it last',
        },
        { code: 'material', name: 'Material life', fit: 'does not fit' },
      ],
    });
    const paper = readResponse(enc('Round: round-1\nName: Jo\n[security]\nfits: yes\n[budgeting]\nFit: ✗\n'));
    assert.ok(paper.ok);
    assert.deepEqual(
      paper.response.answers.map((a) => a.fit),
      ['fits', 'notFit'],
    );
  });

  it('sets the round of answers typed without one', async () => {
    const { project } = await prepared();
    const [r] = await importResponses(project, [{ name: 'paper.txt', bytes: enc('Respondent: Jo\n[security]\nFit: yes\n') }], {
      round: 'round-1',
    });
    assert.equal(r.ok, true, r.problems.join());
    assert.match(r.path!, /^qda\/reviews\/round-1\/responses\/jo-[0-9a-f]{8}\.json$/);
  });
});

describe('review summary', () => {
  const answered = async () => {
    const { project } = await prepared();
    const files = [
      response(
        'Ann',
        [
          { code: 'security', fit: 'fits' },
          { code: 'material', fit: 'notFit', comment: INJECT_NAME + INJECT_ATTR },
          { code: 'nope', name: 'Gone' },
        ],
        { id: 'a1', general: 'Good work.' },
      ),
      response(
        'Bo',
        [
          { code: 'security', fit: 'notFit', comment: 'Not for me.', betterName: 'Making ends meet' },
          { code: 'worry', fit: 'fits' },
        ],
        { id: 'b1' },
      ),
      response(
        'Cy',
        [
          { code: 'security', fit: 'partly' },
          { code: 'budgeting', fit: 'fits' },
        ],
        { id: 'c1' },
      ),
      response(
        'Di',
        [
          { code: 'security', fit: 'fits' },
          { code: 'material', fit: 'partly' },
        ],
        { id: 'd1' },
      ),
    ];
    const results = await importResponses(
      project,
      files.map((f, i) => ({ name: `r${i}.json`, bytes: enc(f) })),
    );
    assert.ok(results.every((r) => r.ok));
    return project;
  };

  it('counts per code, once per person, answers about a merged code landing on its target', async () => {
    const project = await answered();
    const s = await reviewSummary(project);
    assert.deepEqual(s.problems, []);
    assert.deepEqual(
      s.rounds[0].respondents.map((r) => [r.respondent, r.answered]),
      [
        ['Ann', 3],
        ['Bo', 2],
        ['Cy', 2],
        ['Di', 2],
      ],
    );
    const sec = s.byCode.get('security')!;
    assert.deepEqual(
      [sec.fits, sec.partly, sec.notFit],
      [2, 1, 1],
      'Bo said fits of worry (merged into security) and does not fit of security: counted once, as does not fit',
    );
    assert.equal(formatEndorsement(sec), '✓2 ~1 ✗1');
    assert.deepEqual(sec.suggestedNames, [{ respondent: 'Bo', round: 'round-1', name: 'Making ends meet' }]);
    assert.deepEqual(s.rounds[0].unknown, [{ code: 'nope', name: 'Gone', respondent: 'Ann' }]);
    assert.deepEqual(
      mostChallenged(s.byCode).map((c) => c.id),
      ['material', 'security'],
    );
    assert.equal(formatEndorsement({ fits: 0, partly: 0, notFit: 0 }), '');
  });

  it('follows renames (ids are stable) and merges made after the round', async () => {
    const project = await answered();
    await project.changeCodebook((cb) => ({
      codes: cb.codes.map((c) =>
        c.id === 'security'
          ? { ...c, name: 'Money lasting' }
          : c.id === 'budgeting'
            ? { ...c, status: 'merged' as const, mergedInto: 'material' }
            : c,
      ),
    }));
    const material = await endorsementFor(project, 'material');
    assert.deepEqual([material.fits, material.partly, material.notFit], [1, 1, 1], "Cy's budgeting answer now counts for material");
    assert.deepEqual(await endorsementFor(project, 'budgeting'), material, 'asking for the merged code gives its target');
    assert.equal(formatEndorsement(await endorsementFor(project, 'security')), '✓2 ~1 ✗1');
  });

  it('shows each answered code under its theme, the theme without figures when nobody was asked about it', async () => {
    const { project } = await prepared();
    const results = await importResponses(project, [
      { name: 'r.json', bytes: enc(response('Ann', [{ code: 'security', fit: 'fits' }], { id: 'a1' })) },
    ]);
    assert.ok(results.every((r) => r.ok));
    const s = await reviewSummary(project);
    const md = roundSummary(project, s, 'md');
    assert.match(
      md,
      /\|---\|---:\|---:\|---:\|---\|\n\| \*\*Material life\*\* \| {2}\| {2}\| {2}\| {2}\|\n\| \u00a0{4}Financial security \| 1 \| 0 \| 0 \| {2}\|\n$/,
    );
    const html = roundSummary(project, s, 'html');
    assert.match(
      html,
      /<tr><th scope="row" colspan="5" style="padding-left:0.5rem;text-align:left">Material life<\/th><\/tr>\n<tr><td style="padding-left:1.5rem">Financial security<\/td><td>1<\/td>/,
    );
  });

  it("exports a round summary as Markdown and HTML, with respondents' text escaped and pseudonymised", async () => {
    const project = await answered();
    const s = await reviewSummary(project);
    const md = roundSummary(project, s, 'md', { quote: (t) => t.replace('Not for me', 'Not for them') });
    assert.match(md, /^# Money and me: review round-1\n/);
    assert.match(md, /4 respondents: Ann, Bo, Cy, Di\./);
    assert.match(md, /\| \u00a0{4}Financial security \| 2 \| 1 \| 1 \| Making ends meet \|/);
    assert.match(md, /- Bo \(does not fit\): Not for them\./);
    assert.ok(md.includes('- Ann (does not fit): &lt;script&gt;alert(1)&lt;/script&gt;"&gt;&lt;img src=x onerror=alert(1)&gt;'));
    const html = roundSummary(project, s, 'html');
    assert.doesNotMatch(html, /<script|<img/);
    assert.match(html, /<td style="padding-left:1.5rem">Financial security<\/td><td>2<\/td><td>1<\/td><td>1<\/td>/);
    assert.throws(() => roundSummary(project, s, 'md', { round: 'round-7' }), /no review round "round-7"/);
    assert.ok(
      html.includes(
        '<strong>Ann</strong> (does not fit): &lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</li>',
      ),
    );
  });
});

describe('qda export review / import review', () => {
  const run = async (cwd: string, ...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, { cwd, out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out, err };
  };

  it('prepares a pack, imports responses and summarises them', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'qda-review-'));
    for (const [p, t] of Object.entries(reviewStudyFiles())) {
      fs.mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
      fs.writeFileSync(path.join(root, p), t);
    }
    // without a pseudonym map, nothing goes out under the pack's promise that names were changed
    const refused = await run(root, 'export', 'review', '-o', 'pack.html', '--examples', '1');
    assert.equal(refused.code, 1);
    assert.match(refused.err.join('\n'), /nothing was exported: there is no qda\/private\/pseudonyms\.yaml.*qda pseudonyms --init/);
    assert.deepEqual([fs.existsSync(path.join(root, 'pack.html')), fs.existsSync(path.join(root, 'qda/reviews'))], [false, false]);
    // --init proposes the names found in the quotes, each with a placeholder the next export uses
    const init = await run(root, 'pseudonyms', '--init');
    assert.match(init.err.join('\n'), /created qda\/private\/pseudonyms\.yaml with 1 proposed name,/);
    assert.match(
      fs.readFileSync(path.join(root, 'qda/private/pseudonyms.yaml'), 'utf8'),
      /^names:\n {2}Margaret: "\[name 1\]" +# name; 3 quotes, first in codebook: security$/m,
    );
    const prep = await run(root, 'export', 'review', '-o', 'pack.html', '--examples', '1');
    assert.equal(prep.code, 0, prep.err.join('\n'));
    assert.match(prep.out[0], /^round-1: 6 codes, codebook version [0-9a-f]{12}$/);
    const html = fs.readFileSync(path.join(root, 'pack.html'), 'utf8');
    assert.match(html, /Names\s+and\s+other\s+details\s+in\s+the\s+quotes\s+have\s+been\s+changed/);
    assert.ok(html.includes('[name 1]') && !/Margaret/i.test(html), 'every Margaret replaced');
    assert.equal(
      fs.readFileSync(path.join(root, 'pack.html'), 'utf8'),
      fs.readFileSync(path.join(root, 'qda/reviews/round-1/pack.html'), 'utf8'),
    );
    const off = await run(root, 'export', 'review', '--round', 'raw', '--no-pseudonymise');
    assert.match(off.err.join('\n'), /quotes are exported as they are/);
    assert.equal(JSON.parse(fs.readFileSync(path.join(root, 'qda/reviews/raw/round.json'), 'utf8')).pseudonymised, false);
    const raw = fs.readFileSync(path.join(root, 'qda/reviews/raw/pack.html'), 'utf8');
    assert.ok(raw.includes('Margaret') && !/have\s+been\s+changed/.test(raw), 'a pack with real names does not say they were changed');
    assert.match(raw, /names and other details have not been changed/);
    fs.writeFileSync(path.join(root, 'r.json'), JSON.stringify(response('Sam', [{ code: 'security', fit: 'fits' }])));
    fs.writeFileSync(path.join(root, 'bad.json'), '{}');
    const imp = await run(root, 'import', 'review', 'r.json', 'bad.json');
    assert.equal(imp.code, 1);
    assert.match(imp.out[0], /^r\.json: Sam, 1 answers -> qda\/reviews\/round-1\/responses\/sam-[0-9a-f]{8}\.json$/);
    assert.match(imp.err.join('\n'), /bad\.json: round: [\s\S]*1 of 2 response files imported/);
    const sum = await run(root, 'export', 'review-summary', '--round', 'round-1');
    assert.match(sum.out.join('\n'), /\| \u00a0{4}Financial security \| 1 \| 0 \| 0 \|/);
  });
});
