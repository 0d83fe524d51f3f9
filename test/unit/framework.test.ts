import * as assert from 'node:assert/strict';
import { withSummary } from '../../src/core/matrices';
import { parseFramework, serializeFramework } from '../../src/core/project/format';
import { mergeFile, mergeKindOf } from '../../src/core/project/merge';
import { openStudy } from './helpers/matrixStudy';

describe('format: qda/framework.yaml', () => {
  it('reads summaries of participants and of sources, keeping unknown keys', () => {
    const r = parseFramework(
      'note: ours\nsummaries:\n  - {participant: 7, code: a, summary: 2020, colour: red}\n  - {source: t/x.txt, code: b, summary: "two\\nlines"}\n',
    );
    assert.deepEqual(r.problems, []);
    assert.ok(r.writable);
    assert.deepEqual(r.value, {
      note: 'ours',
      summaries: [
        { participant: '7', code: 'a', summary: '2020', colour: 'red' },
        { source: 't/x.txt', code: 'b', summary: 'two\nlines' },
      ],
    });
  });

  it('reports a summary with both or neither of participant and source, and a second summary of one cell, at their place', () => {
    const text =
      'summaries:\n  - participant: p1\n    code: a\n    summary: one\n  - participant: p1\n    source: t/x.txt\n    code: a\n    summary: two\n  - participant: p1\n    code: a\n    summary: three\n  - code: b\n    summary: four\n';
    const r = parseFramework(text);
    assert.equal(r.writable, false, 'a file with errors is never written over');
    assert.deepEqual(
      r.problems.map((p) => [p.line, p.column, p.message]),
      [
        [5, 5, 'a summary names either a "participant" or a "source" (for a transcript no participant claims), not both'],
        [10, 11, 'a second summary of participant "p1" for code "a" (the first is summaries[0]): keep one'],
        [12, 5, 'a summary names either a "participant" or a "source" (for a transcript no participant claims), not both'],
      ],
    );
    assert.deepEqual(
      r.value?.summaries.map((s) => s.summary),
      ['one'],
      'the valid summary stays usable',
    );
  });

  it('reports a missing summary and a bad code id with line and column', () => {
    const r = parseFramework('summaries:\n  - participant: p1\n    code: Not An Id\n  - participant: p2\n    code: a\n');
    assert.deepEqual(
      r.problems.map((p) => [p.line, p.column, p.message]),
      [
        [3, 11, 'summaries[0].code: a code id may use only a-z, 0-9 and "-"'],
        [2, 5, 'summaries[0]: missing required key "summary"'],
        [4, 5, 'summaries[1]: missing required key "summary"'],
      ],
    );
  });

  it('writes participants first, then sources, each by id and code, keys in order, blank summaries dropped, LF only', () => {
    const text = serializeFramework({
      summaries: [
        { source: 't/a.txt', code: 'a', summary: 'source row' },
        { code: 'b', summary: 'p2 b', participant: 'p2' },
        { at: '2026-01-01T00:00:00Z', by: 'mf', summary: 'p1 b', code: 'b', participant: 'p1', extra: 'kept' },
        { participant: 'p1', code: 'a', summary: '   ' },
        { participant: 'p1', code: 'a-b', summary: 'p1 a-b' },
      ],
    });
    assert.equal(
      text,
      [
        'summaries:',
        '  - participant: p1',
        '    code: a-b',
        '    summary: p1 a-b',
        '  - participant: p1',
        '    code: b',
        '    summary: p1 b',
        '    by: mf',
        '    at: 2026-01-01T00:00:00Z',
        '    extra: kept',
        '  - participant: p2',
        '    code: b',
        '    summary: p2 b',
        '  - source: t/a.txt',
        '    code: a',
        '    summary: source row',
        '',
      ].join('\n'),
    );
    assert.deepEqual(parseFramework(text).problems, []);
  });
});

describe('project: framework summaries', () => {
  it('loads qda/framework.yaml, writes a change to it, and warns of summaries of unknown codes or participants', async () => {
    const project = await openStudy();
    assert.equal(project.framework?.summaries.length, 4);
    assert.equal(project.kindOf('qda/framework.yaml'), 'framework');
    const warnings = project.problems.filter((p) => p.file === 'qda/framework.yaml');
    assert.deepEqual(
      warnings.map((p) => [p.line, p.severity, p.message]),
      [],
      'p4 and the retired code r exist: no warning',
    );
    await project.changeFramework((f) => withSummary(f, { kind: 'participant', id: 'p9' }, 'gone', 'about a code that is not there'));
    const after = project.problems.filter((p) => p.file === 'qda/framework.yaml').map((p) => [p.line, p.column, p.severity, p.message]);
    assert.deepEqual(after, [
      [12, 18, 'warning', 'summary of participant "p9", who is not in qda/participants.yaml (kept)'],
      [13, 11, 'warning', 'summary of code "gone", which is not in the codebook (kept)'],
    ]);
    const text = new TextDecoder().decode(await project.ports.files.read('qda/framework.yaml'));
    assert.ok(text.includes('  - participant: p9\n    code: gone\n    summary: about a code that is not there\n'), text);
    assert.ok(text.includes('custom: kept'), 'an unknown key of another summary survives the rewrite');
  });

  it('reloads the file when it changes on disk, and refuses to write over a file with errors', async () => {
    const project = await openStudy();
    await project.ports.files.writeAtomic(
      'qda/framework.yaml',
      new TextEncoder().encode('summaries:\n  - {participant: p2, code: c, summary: Edited by hand}\n'),
    );
    await project.reload(['qda/framework.yaml']);
    assert.deepEqual(
      project.framework?.summaries.map((s) => s.summary),
      ['Edited by hand'],
    );
    await project.ports.files.writeAtomic('qda/framework.yaml', new TextEncoder().encode('summaries:\n  - {participant: p2, code: c}\n'));
    await project.reload(['qda/framework.yaml']);
    assert.ok(project.problems.some((p) => p.file === 'qda/framework.yaml' && p.severity === 'error'));
    await assert.rejects(
      project.changeFramework((f) => withSummary(f, { kind: 'participant', id: 'p1' }, 'a', 'x')),
      /qda\/framework\.yaml has errors/,
    );
  });
});

describe('merge driver: qda/framework.yaml', () => {
  const base = 'summaries:\n  - participant: p1\n    code: a\n    summary: base\n';
  it('is a file the driver merges', () => {
    assert.equal(mergeKindOf('study/qda/framework.yaml'), 'framework');
  });

  it('keeps both when two researchers summarise neighbouring cells, and both edits of different cells', () => {
    const ours = serializeFramework(withSummary(parseFramework(base).value!, { kind: 'participant', id: 'p1' }, 'b', 'ann on b'));
    const theirs = serializeFramework(
      withSummary(
        withSummary(parseFramework(base).value!, { kind: 'participant', id: 'p1' }, 'a', 'bob on a'),
        { kind: 'participant', id: 'p1' },
        'c',
        'bob on c',
      ),
    );
    const r = mergeFile('framework', { base, ours, theirs }, 'qda/framework.yaml');
    assert.equal(r.status, 'clean', JSON.stringify(r));
    assert.deepEqual(
      parseFramework((r as { text: string }).text).value!.summaries.map((s) => `${s.code}: ${s.summary}`),
      ['a: bob on a', 'b: ann on b', 'c: bob on c'],
    );
  });

  it('reports one cell summarised differently on both sides as a conflict', () => {
    const one = (text: string) =>
      serializeFramework(withSummary(parseFramework(base).value!, { kind: 'participant', id: 'p1' }, 'a', text));
    const r = mergeFile('framework', { base, ours: one('ann'), theirs: one('bob') }, 'qda/framework.yaml');
    assert.equal(r.status, 'conflict');
    assert.deepEqual(
      (r as { conflicts: { message: string }[] }).conflicts.map((c) => c.message),
      ['summary "participant:p1 / a": summary changed differently on both sides'],
    );
  });
});
