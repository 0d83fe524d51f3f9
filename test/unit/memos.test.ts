import * as assert from 'node:assert/strict';
import { parseMemo } from '../../src/core/project/format';
import {
  createMemo,
  DEFAULT_MEMO_PROMPTS,
  filterMemos,
  localDay,
  memosForCode,
  memosForPassage,
  memoPreview,
  memoTemplate,
  memoTime,
  memoTitle,
  resolveMemoLinks,
} from '../../src/core/memos';
import type { Memo } from '../../src/core/model';
import { Project } from '../../src/core/project/project';
import { ProjectError } from '../../src/core/project/store';
import { describeFilter, groupMemos, weekOf } from '../../src/core/memos/timeline';
import { memoryPorts } from './helpers/memoryFiles';

const TRANSCRIPT =
  'Interviewer: How is money?\n\nP1: Tight. I sat in the car for ages before I went in. Zoë helped me 😀 with the forms.\n';
const PASSAGE = 'I sat in the car for ages before I went in.';
const AT = TRANSCRIPT.indexOf(PASSAGE);

function study(extra: Record<string, string> = {}) {
  return memoryPorts({
    'qda/project.yaml': 'format: 1\ntitle: Study\nsources:\n  - transcripts/**/*.txt\n',
    'qda/codebook.yaml': 'codes:\n  - {id: stigma, name: Stigma and shame}\n  - {id: help, name: Help}\n',
    'transcripts/p1.txt': TRANSCRIPT,
    ...extra,
  });
}

function memoFile(id: string, created: string, kind: string, links: string, body = 'Text.\n', author = 'rk'): string {
  return `---\nid: ${id}\ncreated: ${created}\nauthor: ${author}\nkind: ${kind}\n${links ? `links:\n${links}` : ''}---\n${body}`;
}

const PASSAGE_LINK = `  - source: transcripts/p1.txt\n    start: ${AT}\n    end: ${AT + PASSAGE.length}\n    text: ${PASSAGE}\n    before: "P1: Tight. "\n    after: " Zoë helped"\n`;

describe('memos: writing', () => {
  it('writes qda/memos/<day>-<slug>.md with a random id, the author, the kind and the code link', async () => {
    const ports = study();
    const project = await Project.open(ports);
    const { memo, text } = await createMemo(project, { kind: 'reflexive', author: 'mf', title: 'First impressions', code: 'stigma' });
    const day = localDay(new Date('2026-11-29T14:32:00Z'));
    assert.equal(memo.path, `qda/memos/${day}-first-impressions.md`);
    assert.match(memo.meta.id, /^m-[0-9a-z]{8}$/);
    const onDisk = ports.files.text(memo.path)!;
    assert.equal(onDisk, text);
    assert.equal(
      onDisk,
      `---\nid: ${memo.meta.id}\ncreated: 2026-11-29T14:32:00Z\nauthor: mf\nkind: reflexive\nlinks:\n  - code: stigma\n---\n# First impressions\n\nWhat did I expect to hear?\n\n\nWhat surprised me?\n\n\nHow might my position shape what I noticed?\n\n`,
    );
    assert.ok(project.memos.has(memo.path), 'loaded into the project');
    assert.equal(parseMemo(onDisk, memo.path).problems.length, 0);
  });

  it('puts the cursor just after the first prompt', async () => {
    const project = await Project.open(study());
    const { text, cursor } = await createMemo(project, { kind: 'analytic', prompts: ['Why?', 'So what?'] });
    assert.equal(text.slice(cursor - 'Why?\n'.length, cursor), 'Why?\n');
    assert.equal(text.slice(cursor), '\n\nSo what?\n\n');
  });

  it('links a passage with its words and context, taken from the text the author sees', async () => {
    const ports = study();
    const project = await Project.open(ports);
    const unsaved = `New words first. ${TRANSCRIPT}`;
    const start = [...unsaved].indexOf('Z');
    const { memo } = await createMemo(project, {
      kind: 'analytic',
      source: 'transcripts/p1.txt',
      start,
      end: start + [...'Zoë helped me 😀'].length,
      sourceText: unsaved,
    });
    const link = memo.meta.links![0];
    assert.equal(link.text, 'Zoë helped me 😀');
    assert.equal(link.start, start);
    assert.equal(link.before, [...unsaved].slice(start - 32, start).join(''));
    assert.match(memo.path, /-zoe-helped-me\.md$/, 'named after the passage when there is no title');
  });

  it('gives the file a random suffix when the name is taken, never overwriting a memo', async () => {
    const ports = study();
    const project = await Project.open(ports);
    const a = await createMemo(project, { kind: 'methodological', title: 'Working group' });
    const b = await createMemo(project, { kind: 'methodological', title: 'Working group', body: 'Second.\n' });
    assert.notEqual(a.memo.path, b.memo.path);
    assert.match(b.memo.path, /-working-group-[0-9a-z]{4}\.md$/);
    assert.notEqual(a.memo.meta.id, b.memo.meta.id);
    assert.match(ports.files.text(a.memo.path)!, /What did I decide/);
    assert.match(ports.files.text(b.memo.path)!, /---\nSecond\.\n$/);
  });

  it('refuses an unknown kind, an unknown code, a file that is not a transcript, and an empty passage', async () => {
    const project = await Project.open(study());
    await assert.rejects(createMemo(project, { kind: 'diary' as never }), /not a kind of memo/);
    await assert.rejects(createMemo(project, { kind: 'analytic', code: 'nope' }), /no code "nope"/);
    await assert.rejects(createMemo(project, { kind: 'analytic', source: 'notes.txt' }), ProjectError);
    await assert.rejects(createMemo(project, { kind: 'analytic', source: 'transcripts/p1.txt', start: 5, end: 5 }), /select some text/);
    assert.equal(project.memos.size, 0);
  });

  it('builds the template from the prompts, and a title heading only when given', () => {
    assert.deepEqual(memoTemplate([]), { body: '\n', cursor: 0 });
    assert.equal(memoTemplate(DEFAULT_MEMO_PROMPTS.reflexive, '  ').body.startsWith('What did I expect to hear?\n'), true);
    assert.equal(memoTemplate(['A?'], 'T').cursor, '# T\n\nA?\n'.length);
  });
});

describe('memos: links', () => {
  it('finds memos linked to a code, oldest first', async () => {
    const project = await Project.open(
      study({
        'qda/memos/b.md': memoFile('m-b', '2026-02-20T10:00:00Z', 'analytic', '  - code: stigma\n'),
        'qda/memos/a.md': memoFile('m-a', '2026-02-11T10:00:00Z', 'reflexive', '  - code: help\n  - code: stigma\n'),
        'qda/memos/c.md': memoFile('m-c', '2026-02-12T10:00:00Z', 'reflexive', '  - code: help\n'),
      }),
    );
    assert.deepEqual(
      memosForCode(project, 'stigma').map((m) => m.meta.id),
      ['m-a', 'm-b'],
    );
    assert.deepEqual(memosForCode(project, 'nothing'), []);
  });

  it('resolves code names and passage quotes, and marks unknown codes and missing transcripts as broken', async () => {
    const project = await Project.open(
      study({
        'qda/memos/a.md': memoFile(
          'm-a',
          '2026-02-11T10:00:00Z',
          'reflexive',
          `  - code: stigma\n  - code: gone\n  - source: transcripts/p9.txt\n${PASSAGE_LINK}`,
        ),
      }),
    );
    const links = (await resolveMemoLinks(project)).get('qda/memos/a.md')!;
    assert.deepEqual(
      links.map((l) => [l.kind, l.problems.map((p) => p.key)]),
      [
        ['code', []],
        ['code', ['code']],
        ['source', ['source']],
        ['passage', []],
      ],
    );
    assert.equal(links[0].codeName, 'Stigma and shame');
    assert.deepEqual(links[3].located, { state: 'exact', start: AT, end: AT + PASSAGE.length });
    assert.equal(links[3].quote, PASSAGE);
  });

  it('keeps a memo with broken links, its text whole, and warns at the line and column of each broken link', async () => {
    const body = 'Still here.\n';
    const project = await Project.open(
      study({
        'qda/memos/a.md': memoFile(
          'm-a',
          '2026-02-11T10:00:00Z',
          'reflexive',
          '  - code: stigma\n  - code: gone\n  - source: transcripts/p9.txt\n',
          body,
        ),
      }),
    );
    assert.equal(project.memos.get('qda/memos/a.md')?.body, body);
    const warnings = project.problems
      .filter((p) => p.file === 'qda/memos/a.md')
      .map((p) => `${p.line}:${p.column}:${p.severity}: ${p.message.split(',')[0]}`);
    assert.deepEqual(warnings, ['8:11:warning: link to code "gone"', '9:13:warning: link to transcript "transcripts/p9.txt"']);
  });
});

describe('memos: anchoring', () => {
  const withMemo = (transcript: string) =>
    study({
      'transcripts/p1.txt': transcript,
      'qda/memos/a.md': memoFile('m-a', '2026-02-11T10:00:00Z', 'reflexive', PASSAGE_LINK),
    });

  it('follows the passage when the transcript was edited before it (moved)', async () => {
    const edited = `[00:00] ${TRANSCRIPT}`;
    const project = await Project.open(withMemo(edited));
    const link = (await resolveMemoLinks(project)).get('qda/memos/a.md')![0];
    const at = edited.indexOf(PASSAGE);
    assert.deepEqual(link.located, { state: 'moved', start: at, end: at + PASSAGE.length });
    assert.equal(project.problems.filter((p) => p.file === 'qda/memos/a.md').length, 0);
    const found = memosForPassage(project, 'transcripts/p1.txt', at + 3, at + 5, edited);
    assert.deepEqual(
      found.map((f) => f.memo.meta.id),
      ['m-a'],
    );
    assert.equal(found[0].link.located?.start, at);
  });

  it('shows an orphaned passage as a broken link with a warning at its text, and matches no passage', async () => {
    const fine = 'Interviewer: How is money?\n\nP1: Fine, thanks.\n';
    const project = await Project.open(withMemo(fine));
    const link = (await resolveMemoLinks(project)).get('qda/memos/a.md')![0];
    assert.equal(link.located?.state, 'orphaned');
    assert.deepEqual(
      link.problems.map((p) => p.key),
      ['text'],
    );
    assert.equal(link.quote, PASSAGE, 'the stored words, so the reader knows what was lost');
    const p = project.problems.find((x) => x.file === 'qda/memos/a.md');
    assert.ok(p);
    assert.equal(`${p.line}:${p.column}:${p.severity}`, '10:11:warning');
    assert.match(p.message, /no longer found in transcripts\/p1\.txt/);
    assert.deepEqual(memosForPassage(project, 'transcripts/p1.txt', 0, 200, fine), []);
  });

  it('finds memos by overlap with a passage or a position, in the text the caller sees', async () => {
    const project = await Project.open(withMemo(TRANSCRIPT));
    const end = AT + PASSAGE.length;
    const ids = (s: number, e: number, text = TRANSCRIPT) =>
      memosForPassage(project, 'transcripts/p1.txt', s, e, text).map((f) => f.memo.meta.id);
    assert.deepEqual(ids(AT - 5, AT + 1), ['m-a']);
    assert.deepEqual(ids(end - 1, end + 10), ['m-a']);
    assert.deepEqual(ids(end, end + 10), [], 'touching is not overlapping');
    assert.deepEqual(ids(AT - 5, AT), []);
    assert.deepEqual(ids(AT, AT), ['m-a'], 'a position inside');
    assert.deepEqual(ids(end, end), []);
    // An editor with unsaved text before the passage: the caller's offsets are in that text.
    const unsaved = `Note. ${TRANSCRIPT}`;
    assert.deepEqual(ids(AT, AT + 2, unsaved), [], 'the old place is not the passage in the new text');
    assert.deepEqual(ids(AT + 6, AT + 8, unsaved), ['m-a']);
    assert.deepEqual(memosForPassage(project, 'transcripts/other.txt', 0, 100, TRANSCRIPT), []);
  });

  it('takes a hand-written passage link without words at its offsets', async () => {
    const project = await Project.open(
      study({
        'qda/memos/a.md': memoFile(
          'm-a',
          '2026-02-11T10:00:00Z',
          'analytic',
          `  - source: transcripts/p1.txt\n    start: ${AT}\n    end: ${AT + 5}\n`,
        ),
      }),
    );
    const link = (await resolveMemoLinks(project)).get('qda/memos/a.md')![0];
    assert.equal(link.quote, 'I sat');
    assert.equal(link.located?.state, 'exact');
  });
});

describe('memos: the log', () => {
  const memo = (
    path: string,
    created: string,
    kind: Memo['meta']['kind'],
    author: string,
    links: Memo['meta']['links'] = [],
    body = 'x\n',
  ): Memo => ({ path, meta: { id: path, created, kind, author, links }, body });
  const memos = [
    memo('a', '2026-02-09T12:00:00Z', 'reflexive', 'rk', [{ code: 'stigma' }]),
    memo('b', '2026-02-11T12:00:00Z', 'analytic', 'lw', [{ source: 'transcripts/p1.txt', start: 1, end: 4 }]),
    memo('c', '2026-02-11T15:00:00Z', 'reflexive', 'lw', [{ code: 'stigma' }, { source: 'transcripts/p1.txt' }]),
    memo('d', '2026-02-16T12:00:00Z', 'methodological', 'rk'),
  ];

  it('filters by kind, author, code and transcript, every facet together', () => {
    const ids = (f: Parameters<typeof filterMemos>[1]) => filterMemos(memos, f).map((m) => m.path);
    assert.deepEqual(ids({}), ['a', 'b', 'c', 'd']);
    assert.deepEqual(ids({ kind: 'reflexive' }), ['a', 'c']);
    assert.deepEqual(ids({ author: 'lw' }), ['b', 'c']);
    assert.deepEqual(ids({ code: 'stigma', author: 'lw' }), ['c']);
    assert.deepEqual(ids({ source: 'transcripts/p1.txt' }), ['b', 'c']);
    assert.equal(
      describeFilter({ kind: 'reflexive', code: 'stigma' }, (id) => (id === 'stigma' ? 'Stigma and shame' : undefined)),
      'kind: reflexive · code: Stigma and shame',
    );
    assert.equal(describeFilter({}), '');
  });

  it('groups by day and by week (Monday first), newest first', () => {
    const byDay = groupMemos(memos, 'day');
    assert.deepEqual(
      byDay.map((g) => [g.key, g.memos.map((m) => m.path)]),
      [
        ['2026-02-16', ['d']],
        ['2026-02-11', ['c', 'b']],
        ['2026-02-09', ['a']],
      ],
    );
    assert.equal(byDay[1].label, 'Wed 11 Feb 2026');
    const byWeek = groupMemos(memos, 'week');
    assert.deepEqual(
      byWeek.map((g) => [g.key, g.memos.map((m) => m.path)]),
      [
        ['2026-02-16', ['d']],
        ['2026-02-09', ['c', 'b', 'a']],
      ],
    );
    assert.equal(byWeek[1].label, 'Week 7: from Mon 9 Feb 2026');
    assert.equal(weekOf('2026-03-01'), '2026-02-23', 'a Sunday belongs to the week before');
  });

  it('titles a memo by its first line of text, without heading marks', () => {
    assert.equal(memoTitle(memo('x', '2026-01-01T00:00:00Z', 'analytic', 'a', [], '\n\n## The car park  \nMore.\n')), 'The car park');
    assert.equal(memoTitle(memo('x', '2026-01-01T00:00:00Z', 'analytic', 'a', [], '  \n')), '(empty analytic memo)');
  });
});

describe('memos read as words', () => {
  const memo = (body: string): Memo => ({
    path: 'qda/memos/x.md',
    meta: { id: 'm', created: '2026-02-26T18:00:00Z', kind: 'analytic' },
    body,
  });

  it('titles a memo with its first line as words, without Markdown marks', () => {
    assert.equal(
      memoTitle(memo('## *Having a say* and `stigma` [in their words](https://example.org)\nMore.')),
      'Having a say and stigma in their words',
    );
    assert.equal(memoTitle(memo('snake_case stays, 2 * 3 stays, a & b\n')), 'snake_case stays, 2 * 3 stays, a & b');
  });

  it('previews a memo as paragraphs of words, cut with …', () => {
    const m = memo('# The car park\n\nShe sat in *the car*\nfor ages.\n\n- a **list** item\n');
    assert.equal(memoPreview(m), 'The car park\n\nShe sat in the car for ages.\n\na list item');
    assert.equal(memoPreview(m, 20), 'The car park\n\nShe s…');
  });

  it('says when a memo was written as a date and a time, in the local time zone', () => {
    const local = new Date(2026, 1, 26, 18, 5); // Thu 26 Feb 2026, 18:05 wherever the test runs
    assert.equal(memoTime(local.toISOString()), 'Thu 26 Feb 2026, 18:05');
    assert.equal(memoTime('not a time'), 'not a time');
  });
});
