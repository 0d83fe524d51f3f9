import * as assert from 'node:assert/strict';
import type { Code, Coding, Memo, Participants } from '../../src/core/model';
import {
  SearchIndex,
  SEARCH_INDEX_VERSION,
  foldTerm,
  parseQuery,
  type SearchHit,
  type SearchInput,
  type SearchTurn,
} from '../../src/core/search';
import { foldWithMap } from '../../src/core/search/fold';
import { plainMiniSearch, plainScores } from './helpers/plainMiniSearch';
import { codePointLength } from '../../src/core/text';

// ---- fixture helpers ----

/** Code point range of the first `sub` in `text` (after `from`). */
function range(text: string, sub: string, from = 0): [number, number] {
  const at = text.indexOf(sub, from);
  assert.ok(at >= 0, `fixture: "${sub}" not found`);
  const start = codePointLength(text.slice(0, at));
  return [start, start + codePointLength(sub)];
}

/** Turns for "X: text" lines: the text after the label, spoken by Interviewer (I) or Participant (P). */
function lineTurns(text: string): SearchTurn[] {
  const turns: SearchTurn[] = [];
  let at = 0;
  for (const line of text.split('\n')) {
    const m = /^([IP]): /.exec(line);
    if (m) {
      const start = codePointLength(text.slice(0, at)) + 3;
      turns.push({ start, end: start + codePointLength(line) - 3, speaker: m[1] === 'I' ? 'Interviewer' : 'Participant' });
    }
    at += line.length + 1;
  }
  return turns;
}

function coding(id: string, code: string, text: string, quote: string, coder: string): Coding {
  const [start, end] = range(text, quote);
  return { id, code, start, end, text: quote, coder };
}

const P01 = 'transcripts/p01.transcript';
const P02 = 'transcripts/p02.txt';
const P01_TEXT = [
  'I: How do you manage the rent?',
  'P: Money day is hard 😊 for Zoë. The rent comes first.',
  'I: And security?',
  'P: I never feel secure. Money, day to day, runs out.',
  '',
].join('\n');
const P02_TEXT =
  'The food bank helped us.\n\nMy sister lends money when the council is late.\n \n\nWe eat cheap meals on money days, day in, day out.';

const CODES: Code[] = [
  { id: 'security', name: 'Financial security', definition: 'Feeling safe about money and bills', status: 'active' },
  { id: 'housing', name: 'Housing costs', definition: 'Rent, mortgage and moving', include: 'arrears', status: 'active' },
  { id: 'support', name: 'Informal support', definition: 'Help from family and friends', exclude: 'council help', status: 'active' },
];

function fixture(): SearchInput {
  const participants: Participants = {
    attributes: { region: ['wales', 'north'], 'age band': ['30-49', '50-64'] },
    participants: [
      { id: 'p01', sources: [P01], attributes: { region: 'wales', 'age band': '30-49' } },
      { id: 'p02', sources: [P02], attributes: { region: 'north', 'age band': '50-64' } },
    ],
  };
  const memos: Memo[] = [
    {
      path: 'qda/memos/2026-03-02-rent.md',
      meta: { id: 'm-1', created: '2026-03-02T10:00:00Z', author: 'mf', kind: 'reflexive', links: [{ code: 'housing' }, { source: P01 }] },
      body: 'I expected rent to dominate, but money day came up more.',
    },
    {
      path: 'qda/memos/2026-03-03-family.md',
      meta: { id: 'm-2', created: '2026-03-03T10:00:00Z', author: 'aa', kind: 'analytic', links: [{ code: 'support' }, { source: P02 }] },
      body: 'Support from family eases hardship.',
    },
  ];
  return {
    sources: [
      { path: P01, text: P01_TEXT, turns: lineTurns(P01_TEXT) },
      { path: P02, text: P02_TEXT, turns: [] },
    ],
    codingsBySource: new Map([
      [
        P01,
        [
          coding('c1', 'security', P01_TEXT, 'I never feel secure', 'mf'),
          coding('c2', 'housing', P01_TEXT, 'The rent comes first', 'mf'),
          coding('c3', 'housing', P01_TEXT, 'The rent comes first', 'aa'),
        ],
      ],
      [P02, [coding('c4', 'support', P02_TEXT, 'My sister lends money', 'aa')]],
    ]),
    codes: CODES,
    memos,
    participants,
  };
}

/** A compact, comparable view of hits. */
function where(hits: SearchHit[]): string[] {
  return hits.map((h) => (h.kind === 'passage' ? `${h.source}@${h.start}` : h.kind === 'memo' ? `memo ${h.memo}` : `code ${h.code}`));
}

function search(index: SearchIndex, query: string): SearchHit[] {
  const r = index.search(query);
  assert.deepEqual(r.problems, [], `query ${query}`);
  return r.hits;
}

const ANSWER_1 = range(P01_TEXT, 'Money day is hard')[0];
const ANSWER_2 = range(P01_TEXT, 'I never feel')[0];
const QUESTION_1 = range(P01_TEXT, 'How do you')[0];
const QUESTION_2 = range(P01_TEXT, 'And security?')[0];
const PARA_2 = range(P02_TEXT, 'My sister')[0];
const PARA_3 = range(P02_TEXT, 'We eat')[0];

// ---- tests ----

describe('search', () => {
  describe('parseQuery', () => {
    it('splits words, phrases and filters when they are mixed', () => {
      const { query, problems } = parseQuery('rent "money day" code:security -bank');
      assert.deepEqual(problems, []);
      assert.deepEqual(query.words, [
        { text: 'rent', negated: false, column: 1 },
        { text: 'bank', negated: true, column: 33 },
      ]);
      assert.deepEqual(query.phrases, [{ text: 'money day', negated: false, column: 6 }]);
      assert.deepEqual(query.filters, [{ key: 'code', values: ['security'], negated: false, column: 18, valueColumns: [23] }]);
    });

    it('reads quoted keys, quoted values and alternatives when a filter needs them', () => {
      const { query, problems } = parseQuery('"age band":30-49 -code:"Housing costs"|debt');
      assert.deepEqual(problems, []);
      assert.deepEqual(query.filters, [
        { key: 'age band', values: ['30-49'], negated: false, column: 1, valueColumns: [12] },
        { key: 'code', values: ['Housing costs', 'debt'], negated: true, column: 19, valueColumns: [24, 40] },
      ]);
    });

    it('treats a lone "-" as text, not as negation', () => {
      const { query } = parseQuery('rent - money');
      assert.deepEqual(
        query.words.map((w) => [w.text, w.negated]),
        [
          ['rent', false],
          ['-', false],
          ['money', false],
        ],
      );
    });

    it('reports an unclosed quote with the column where it opened', () => {
      const { problems } = parseQuery('rent "money day');
      assert.deepEqual(problems, [{ column: 6, message: 'unclosed quote opened at column 6' }]);
    });

    it('reports a filter without a value or without a name', () => {
      assert.deepEqual(parseQuery('money code:').problems, [{ column: 12, message: 'missing value for "code:" at column 12' }]);
      assert.deepEqual(parseQuery('code:a| x').problems, [{ column: 8, message: 'missing value for "code:" at column 8' }]);
      assert.deepEqual(parseQuery(':x').problems, [{ column: 1, message: 'missing filter name before ":" at column 1' }]);
    });

    it('reports text glued to a quoted value', () => {
      assert.equal(parseQuery('code:"a"b').problems[0]?.column, 9);
    });

    it('counts columns in code points when the query has astral characters', () => {
      const { problems } = parseQuery('😊😊 "x');
      assert.equal(problems[0].column, 4);
    });
  });

  describe('folding', () => {
    it('folds case, accents and decomposed marks to the same term', () => {
      assert.equal(foldTerm('Zoë'), 'zoe');
      assert.equal(foldTerm('ZOE\u0308'), 'zoe');
      assert.equal(foldTerm('Siân'), 'sian');
      assert.equal(foldTerm('ﬁnance'), 'finance');
    });

    it('maps folded text back to the original when characters change length', () => {
      const text = 'A  Zoë\u00a0😊 ﬁx';
      const f = foldWithMap(text);
      assert.equal(f.text, 'a zoe 😊 fix');
      const at = f.text.indexOf('fix');
      assert.equal(text.slice(f.from[at], f.to[at + 2]), 'ﬁx');
      const zoe = f.text.indexOf('zoe');
      assert.equal(text.slice(f.from[zoe], f.to[zoe + 2]), 'Zoë');
    });
  });

  describe('SearchIndex.search', () => {
    const index = SearchIndex.build(fixture());

    it('finds a turn by a word and reports source, range, speaker and codes', () => {
      const hits = search(index, 'comes');
      assert.equal(hits.length, 1);
      const [hit] = hits;
      assert.equal(hit.kind, 'passage');
      assert.equal(hit.source, P01);
      assert.equal(hit.start, ANSWER_1);
      assert.equal(hit.end, range(P01_TEXT, 'first.')[1]);
      assert.equal(hit.speaker, 'Participant');
      assert.deepEqual(hit.codes, ['housing']);
      assert.ok(hit.score > 0);
    });

    it('ignores accents and case in both directions', () => {
      assert.deepEqual(where(search(index, 'zoe')), [`${P01}@${ANSWER_1}`]);
      assert.deepEqual(where(search(index, 'ZOË')), [`${P01}@${ANSWER_1}`]);
    });

    it('marks matches in the snippet in code points when an astral character comes first', () => {
      const [hit] = search(index, 'zoe');
      const chars = Array.from(hit.snippet.text);
      assert.deepEqual(
        hit.snippet.marks.map(([s, e]) => chars.slice(s, e).join('')),
        ['Zoë'],
      );
      // snippet.start + mark is an offset into the source
      const [s, e] = hit.snippet.marks[0];
      assert.deepEqual([hit.snippet.start + s, hit.snippet.start + e], range(P01_TEXT, 'Zoë'));
    });

    it('matches prefixes from three letters', () => {
      const hits = search(index, 'secur kind:passage');
      assert.deepEqual(where(hits).sort(), [`${P01}@${QUESTION_2}`, `${P01}@${ANSWER_2}`].sort());
    });

    it('tolerates one typo in a word of four letters or more', () => {
      assert.ok(where(search(index, 'mony')).includes(`${P02}@${PARA_2}`));
      assert.deepEqual(
        search(index, 'famly kind:memo').map((h) => h.memo),
        ['qda/memos/2026-03-03-family.md'],
      );
    });

    it('requires every word when several are given', () => {
      assert.deepEqual(where(search(index, 'money sister')), [`${P02}@${PARA_2}`]);
      assert.deepEqual(search(index, 'money zebra'), []);
    });

    it('splits a source without turns into paragraphs at blank lines', () => {
      assert.deepEqual(where(search(index, 'cheap')), [`${P02}@${PARA_3}`]);
      const [hit] = search(index, 'cheap');
      assert.equal(hit.end, codePointLength(P02_TEXT));
      assert.equal(hit.speaker, undefined);
    });

    it('finds a phrase only verbatim, as whole words, ignoring case and accents', () => {
      // "Money day is hard" and the memo; not "Money, day" (punctuation), nor "money days, day in" (a longer word)
      const hits = search(index, '"money day"');
      assert.deepEqual(where(hits).sort(), [`${P01}@${ANSWER_1}`, 'memo qda/memos/2026-03-02-rent.md'].sort());
      assert.deepEqual(where(search(index, '"for zoe"')), [`${P01}@${ANSWER_1}`]);
    });

    it('reports the codes on overlapping turns, however they nest', () => {
      const text = 'alpha '.repeat(10);
      const turns = [
        { start: 0, end: 60 },
        { start: 6, end: 11 },
        { start: 12, end: 17 },
      ];
      const codings = [{ id: 'x', code: 'late', start: 40, end: 45, text: 'alpha', coder: 'mf' }];
      const small = SearchIndex.build({
        sources: [{ path: 'o.txt', text, turns }],
        codingsBySource: new Map([['o.txt', codings]]),
        codes: [],
        memos: [],
      });
      assert.deepEqual(
        search(small, 'code:late').map((h) => [h.start, h.end]),
        [[0, 60]],
      );
    });

    it('splits paragraphs at blank lines with CR LF or spaces in them', () => {
      const text = 'one\r\n\r\ntwo\r\n  \r\nthree\nstill three';
      const small = SearchIndex.build({ sources: [{ path: 'c.txt', text, turns: [] }], codingsBySource: new Map(), codes: [], memos: [] });
      assert.deepEqual(
        search(small, 'three').map((h) => [h.start, h.end]),
        [range(text, 'three\nstill three')],
      );
      assert.deepEqual(
        search(small, 'two').map((h) => [h.start, h.end]),
        [range(text, 'two')],
      );
    });

    it('checks phrases the same way in text that is not ASCII', () => {
      const text = 'Zoë: money days, day in.\n\nZoë: MONEY  DAY again.\n\nZoe: money\nday.';
      const small = SearchIndex.build({ sources: [{ path: 'z.txt', text, turns: [] }], codingsBySource: new Map(), codes: [], memos: [] });
      assert.deepEqual(
        where(search(small, '"money day"')).sort(),
        [`z.txt@${range(text, 'Zoë: MONEY')[0]}`, `z.txt@${range(text, 'Zoe:')[0]}`].sort(),
      );
      assert.deepEqual(where(search(small, '"ZOE: money day again"')), [`z.txt@${range(text, 'Zoë: MONEY')[0]}`]);
    });

    it('marks the phrase, not each of its words elsewhere', () => {
      const [hit] = search(index, '"money day" kind:passage');
      const chars = Array.from(hit.snippet.text);
      assert.deepEqual(
        hit.snippet.marks.map(([s, e]) => chars.slice(s, e).join('')),
        ['Money day'],
      );
    });

    it('filters passages by code, and lists the code and memos linking it', () => {
      const hits = search(index, 'code:housing');
      assert.deepEqual(where(hits), ['code housing', `${P01}@${ANSWER_1}`, 'memo qda/memos/2026-03-02-rent.md']);
      assert.equal(hits[0].score, 0);
    });

    it('requires every code when the key is repeated, and either when values are joined by |', () => {
      const both = SearchIndex.build({
        ...fixture(),
        codingsBySource: new Map([[P01, [...fixture().codingsBySource.get(P01)!, coding('c5', 'support', P01_TEXT, 'for Zoë', 'aa')]]]),
      });
      assert.deepEqual(where(search(both, 'code:housing code:support')), [`${P01}@${ANSWER_1}`]);
      assert.deepEqual(where(search(both, 'code:security|support kind:passage')), [`${P01}@${ANSWER_1}`, `${P01}@${ANSWER_2}`]);
    });

    it('accepts a code name instead of its id', () => {
      assert.deepEqual(where(search(index, 'rent code:"housing COSTS" kind:passage')), [`${P01}@${ANSWER_1}`]);
    });

    it('scopes code filters to the coder given', () => {
      assert.deepEqual(where(search(index, 'code:security coder:aa')), []);
      assert.deepEqual(where(search(index, 'code:security coder:mf')), [`${P01}@${ANSWER_2}`]);
      assert.deepEqual(where(search(index, 'coder:aa')), [`${P01}@${ANSWER_1}`, `${P02}@${PARA_2}`]);
      assert.deepEqual(where(search(index, 'code:housing -coder:aa kind:passage')), []);
    });

    it('filters by participant attribute, quoted or not', () => {
      assert.deepEqual(where(search(index, 'money region:wales kind:passage')).sort(), [`${P01}@${ANSWER_1}`, `${P01}@${ANSWER_2}`].sort());
      assert.deepEqual(where(search(index, 'money "age band":50-64')).sort(), [`${P02}@${PARA_2}`, `${P02}@${PARA_3}`].sort());
      assert.deepEqual(where(search(index, 'money "Age Band":"50-64"|30-49 kind:passage')).length, 4);
    });

    it('applies attribute and source filters to memos through their linked sources', () => {
      assert.deepEqual(where(search(index, 'region:north kind:memo')), ['memo qda/memos/2026-03-03-family.md']);
      assert.deepEqual(where(search(index, 'source:p01 kind:memo')), ['memo qda/memos/2026-03-02-rent.md']);
    });

    it('filters by source path substring or participant id', () => {
      const p02 = [`${P02}@${PARA_2}`, `${P02}@${PARA_3}`].sort();
      assert.deepEqual(where(search(index, 'money source:.txt')).sort(), p02);
      assert.deepEqual(where(search(index, 'money source:P02')).sort(), p02);
    });

    it('filters by kind, memo kind, author and speaker', () => {
      assert.deepEqual(where(search(index, 'money kind:code')), ['code security']);
      assert.deepEqual(where(search(index, 'memo:analytic')), ['memo qda/memos/2026-03-03-family.md']);
      assert.deepEqual(where(search(index, 'author:MF')), ['memo qda/memos/2026-03-02-rent.md']);
      assert.deepEqual(where(search(index, 'rent speaker:interviewer')), [`${P01}@${QUESTION_1}`]);
      assert.deepEqual(where(search(index, 'rent kind:passage|code')).length, 3);
    });

    it('reports the matching code field in code hits', () => {
      const [hit] = search(index, 'arrears');
      assert.equal(hit.kind, 'code');
      assert.equal(hit.code, 'housing');
      assert.equal(hit.field, 'include');
      assert.deepEqual(hit.snippet, { text: 'arrears', start: 0, marks: [[0, 7]] });
    });

    it('excludes what a negated word, phrase or filter matches', () => {
      const found = (q: string) => where(search(index, q)).sort();
      assert.deepEqual(found('money -sister kind:passage'), [`${P01}@${ANSWER_1}`, `${P01}@${ANSWER_2}`, `${P02}@${PARA_3}`].sort());
      assert.deepEqual(found('money -"money day" kind:passage'), [`${P01}@${ANSWER_2}`, `${P02}@${PARA_2}`, `${P02}@${PARA_3}`].sort());
      assert.deepEqual(found('money -code:security kind:passage'), [`${P01}@${ANSWER_1}`, `${P02}@${PARA_2}`, `${P02}@${PARA_3}`].sort());
      assert.deepEqual(where(search(index, '-money kind:memo')), ['memo qda/memos/2026-03-03-family.md']);
    });

    it('reports unknown filters, codes and kinds with their columns and runs nothing', () => {
      const unknown = index.search('rent colour:red');
      assert.deepEqual(unknown.hits, []);
      assert.equal(unknown.problems[0].column, 6);
      assert.match(unknown.problems[0].message, /^unknown filter "colour" at column 6; use code, coder, .*region, "age band"/);
      assert.deepEqual(index.search('code:nope').problems, [{ column: 6, message: 'unknown code "nope" at column 6' }]);
      assert.match(index.search('kind:memos').problems[0].message, /^unknown kind "memos" at column 6; use passage, memo, code$/);
      assert.match(index.search('memo:diary').problems[0].message, /^unknown memo kind "diary"/);
      assert.match(index.search('at 10:30').problems[0].message, /quote text that contains ":"/);
      assert.equal(index.search('"10:30"').problems.length, 0);
    });

    it('returns nothing for an empty query', () => {
      assert.deepEqual(index.search('   '), { hits: [], total: 0, problems: [] });
    });

    it('stops at the limit but counts every match', () => {
      const r = index.search('money', { limit: 2 });
      assert.equal(r.hits.length, 2);
      // two answers and two paragraphs, a memo, and the definition of "security"
      assert.equal(r.total, 6);
      assert.ok(r.hits[0].score >= r.hits[1].score);
    });

    it('cuts long passages to a snippet around the first match', () => {
      const long = `${'filler words here. '.repeat(40)}the needle is here ${'and more text after. '.repeat(40)}`;
      const small = SearchIndex.build({
        sources: [{ path: 'a.txt', text: long, turns: [] }],
        codingsBySource: new Map(),
        codes: [],
        memos: [],
      });
      const [hit] = search(small, 'needle');
      assert.ok(codePointLength(hit.snippet.text) <= 200);
      const [s, e] = hit.snippet.marks[0];
      assert.equal(hit.snippet.text.slice(s, e), 'needle');
      assert.equal(long.slice(hit.snippet.start + s, hit.snippet.start + e), 'needle');
      assert.ok(!/^\S+ /.test(hit.snippet.text) || long[hit.snippet.start - 1] === ' ', 'starts at a word');
    });

    it('scores like MiniSearch#search, whose index it reads', () => {
      // Guards the scorer's use of MiniSearch internals across upgrades. Forty
      // paragraphs share "money"; one has "sister", so "money sister" probes
      // the common word's postings for the rare word's candidates.
      const paragraphs = Array.from(
        { length: 40 },
        (_, k) => `Money ${k % 3 === 0 ? 'monies ' : ''}paragraph ${k}${k === 7 ? ' sister' : ''}.`,
      );
      const big = SearchIndex.build({
        ...fixture(),
        sources: [...fixture().sources, { path: 'many.txt', text: paragraphs.join('\n\n'), turns: [] }],
      });
      const { ms } = plainMiniSearch(big);
      for (const q of ['money', 'rent money', 'secur', 'mony', 'money sister', 'sister money']) {
        const ours = big.search(q, { limit: 100 }).hits.map((h) => h.score);
        const theirs = plainScores(ms, q).map((r) => r.score);
        assert.equal(ours.length, theirs.length, q);
        ours.forEach((score, k) => assert.ok(Math.abs(score - theirs[k]) < 1e-9, `${q}: ${score} vs ${theirs[k]}`));
      }
    });
  });

  describe('incremental updates', () => {
    it('re-indexes only the edited turn and moves the others', () => {
      const input = fixture();
      const index = SearchIndex.build(input);
      const edited = P01_TEXT.replace('And security?', 'And what about security?');
      const report = index.updateSource(P01, edited, lineTurns(edited));
      assert.deepEqual(report, { added: 1, removed: 1, changed: true });
      assert.deepEqual(where(search(index, 'about kind:passage')), [`${P01}@${range(edited, 'And what')[0]}`]);
      // The later answer moved by the inserted text, without being re-indexed.
      assert.deepEqual(where(search(index, 'never')), [`${P01}@${range(edited, 'I never')[0]}`]);
    });

    it('does nothing when a source is unchanged', () => {
      const input = fixture();
      const index = SearchIndex.build(input);
      assert.deepEqual(index.updateSource(P01, P01_TEXT, lineTurns(P01_TEXT)), { added: 0, removed: 0, changed: false });
    });

    it('removes a source with its passages and codings', () => {
      const index = SearchIndex.build(fixture());
      const before = index.documentCount;
      assert.deepEqual(index.removeSource(P02), { added: 0, removed: 3, changed: true });
      assert.equal(index.documentCount, before - 3);
      assert.deepEqual(search(index, 'sister'), []);
      assert.deepEqual(where(search(index, 'code:support')), ['code support', 'memo qda/memos/2026-03-03-family.md']);
    });

    it('updates codings without re-indexing text', () => {
      const index = SearchIndex.build(fixture());
      const moved = [coding('c9', 'security', P02_TEXT, 'cheap meals', 'mf')];
      assert.deepEqual(index.updateCodings(P02, moved), { added: 0, removed: 0, changed: true });
      assert.deepEqual(where(search(index, 'code:support kind:passage')), []);
      assert.deepEqual(where(search(index, 'code:security kind:passage')), [`${P01}@${ANSWER_2}`, `${P02}@${PARA_3}`]);
      assert.deepEqual(index.updateCodings(P02, moved).changed, false);
    });

    it('keeps codings that arrive before their source', () => {
      const index = new SearchIndex();
      index.updateCodes(CODES);
      index.updateCodings(P02, [coding('c4', 'support', P02_TEXT, 'My sister lends money', 'aa')]);
      index.updateSource(P02, P02_TEXT);
      assert.deepEqual(search(index, 'sister')[0].codes, ['support']);
    });

    it('updates and removes a memo', () => {
      const input = fixture();
      const index = SearchIndex.build(input);
      const memo = { ...input.memos[1], body: 'Neighbours lend a hand.' };
      assert.deepEqual(index.updateMemo(memo), { added: 1, removed: 1, changed: true });
      assert.deepEqual(search(index, 'hardship'), []);
      assert.deepEqual(where(search(index, 'neighbours')), ['memo qda/memos/2026-03-03-family.md']);
      // Front matter alone changes filters without re-indexing.
      assert.deepEqual(index.updateMemo({ ...memo, meta: { ...memo.meta, kind: 'theoretical' } }), { added: 0, removed: 0, changed: true });
      assert.deepEqual(where(search(index, 'memo:theoretical')), ['memo qda/memos/2026-03-03-family.md']);
      assert.deepEqual(index.removeMemo(memo.path), { added: 0, removed: 1, changed: true });
      assert.deepEqual(search(index, 'neighbours'), []);
    });

    it('re-indexes only codes whose text changed', () => {
      const index = SearchIndex.build(fixture());
      const renamed = CODES.map((c) => (c.id === 'support' ? { ...c, name: 'Kinship help' } : c));
      assert.deepEqual(index.updateCodes(renamed), { added: 1, removed: 1, changed: true });
      assert.deepEqual(where(search(index, 'kinship')), ['code support']);
      assert.deepEqual(search(index, 'informal'), []);
      assert.deepEqual(where(search(index, 'rent code:"kinship help"')), []);
      assert.deepEqual(index.updateCodes(renamed.slice(0, 2)), { added: 0, removed: 1, changed: true });
      assert.deepEqual(search(index, 'kinship'), []);
    });

    it('updates participants, which filters read at query time', () => {
      const input = fixture();
      const index = SearchIndex.build(input);
      const moved = structuredClone(input.participants!);
      moved.participants[1].attributes!.region = 'wales';
      assert.equal(index.updateParticipants(moved).changed, true);
      assert.deepEqual(where(search(index, 'sister region:wales')), [`${P02}@${PARA_2}`]);
    });

    it('syncs with the project: unchanged data costs nothing, missing data is removed', () => {
      const input = fixture();
      const index = SearchIndex.build(input);
      assert.deepEqual(index.sync(input), { added: 0, removed: 0, changed: false });
      const smaller: SearchInput = {
        ...input,
        sources: input.sources.slice(0, 1),
        memos: [],
        codingsBySource: new Map([...input.codingsBySource].slice(0, 1)),
      };
      assert.deepEqual(index.sync(smaller), { added: 0, removed: 5, changed: true });
      assert.deepEqual(search(index, 'sister'), []);
      assert.deepEqual(search(index, 'hardship'), []);
    });
  });

  describe('serialisation', () => {
    const QUERIES = ['money', '"money day"', 'zoe', 'code:housing', 'secur region:wales', 'coder:aa', 'arrears', '-money kind:memo'];

    it('gives the same hits after a JSON round trip, once the texts are attached', () => {
      const input = fixture();
      const index = SearchIndex.build(input);
      const loaded = SearchIndex.fromJSON(JSON.stringify(index));
      assert.equal(loaded.documentCount, index.documentCount);
      // Codings are not saved (the project gives them, as located now): attaching them is the only change.
      assert.deepEqual(loaded.sync(input), { added: 0, removed: 0, changed: true });
      for (const q of QUERIES) assert.deepEqual(loaded.search(q), index.search(q), q);
    });

    it('records a version and a content key for every document, and no transcript text', () => {
      const input = fixture();
      const json = SearchIndex.build(input).toJSON();
      assert.equal(json.version, SEARCH_INDEX_VERSION);
      const segments = json.segments;
      assert.deepEqual(
        segments.map((s) => s.kind),
        ['codes', 'sources', 'memos'],
      );
      const keys = segments.flatMap((s) => [
        ...s.sources.flatMap((x) => x.passages.map((p) => p[3])),
        ...s.memos.map((m) => m.key),
        ...s.codes.map((c) => c.key),
      ]);
      assert.equal(
        keys.length,
        segments.reduce((n, s) => n + s.index.documentCount, 0),
      );
      assert.ok(keys.every((k) => typeof k === 'string' && k.length > 0));
      const text = JSON.stringify(json);
      for (const s of input.sources) assert.ok(!text.includes(s.text.slice(0, 60)), s.path);
    });

    it('is current after loading when the project has not changed, and updates incrementally when it has', () => {
      const input = fixture();
      const loaded = SearchIndex.fromJSON(JSON.stringify(SearchIndex.build(input)));
      assert.deepEqual(loaded.sync(input), { added: 0, removed: 0, changed: true });
      assert.deepEqual(loaded.sync(input), { added: 0, removed: 0, changed: false });
      const edited = P01_TEXT.replace('runs out', 'runs dry');
      const sources = [{ path: P01, text: edited, turns: lineTurns(edited) }, input.sources[1]];
      assert.deepEqual(loaded.sync({ ...input, sources }), { added: 1, removed: 1, changed: true });
      assert.deepEqual(search(loaded, '"runs out"'), []);
      assert.deepEqual(where(search(loaded, 'dry')), [`${P01}@${ANSWER_2}`]);
      assert.deepEqual(search(loaded, 'dry')[0].codes, ['security']);
    });

    it('refuses an index from another version or a damaged one', () => {
      const json = SearchIndex.build(fixture()).toJSON();
      assert.throws(
        () => SearchIndex.fromJSON({ ...json, version: SEARCH_INDEX_VERSION + 1 }),
        new RegExp(`^Error: reflexive-qda search: index version ${SEARCH_INDEX_VERSION + 1}, expected ${SEARCH_INDEX_VERSION}`),
      );
      assert.throws(
        () => SearchIndex.fromJSON({ ...json, segments: json.segments.map((s) => ({ ...s, memos: [] })) }),
        /^Error: reflexive-qda search: damaged index/,
      );
      assert.throws(() => SearchIndex.fromJSON('{"format":"something else"}'), /not a search index/);
      assert.throws(() => SearchIndex.fromJSON(JSON.stringify(json).slice(0, 100)), /^Error: reflexive-qda search: damaged index: /);
    });
  });
});
