// Search in a real VS Code: query through the command, reveal a result in its
// transcript, keep the results in the Search Results view, code them all and
// find the codings on disk; the index follows files changed on disk and is
// saved to qda/.cache. Data is taken from the live project (other suites run
// before this one and change the sample).
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { SearchHit } from '../../../src/core/search';
import { SEARCH_CACHE_PATH } from '../../../src/core/search/cache';
import { CodePointIndex } from '../../../src/core/text';
import type { SearchFeature } from '../../../src/vscode/search';
import type { CodeResultsOutcome } from '../../../src/vscode/search/codeResults';
import { features, openSession, readText, waitFor, workspaceUri, writeText } from '../helpers';

async function searchFeature(): Promise<SearchFeature> {
  await openSession();
  return (await features()).search;
}

const search = (query: string) =>
  vscode.commands.executeCommand<SearchHit[] | undefined>('reflexiveQda.searchProject', { query, limit: 2000 });

/** A word of at least six letters spoken in a transcript of the live project. */
async function spokenWord(): Promise<string> {
  const session = await openSession();
  for (const source of session.project.sources) {
    const text = await readText(workspaceUri(...source.split('/')));
    const words =
      text
        .split('\n')
        .filter((l) => /^\s*(\[[\d:]+\]\s*)?S\d+:/.test(l))
        .join(' ')
        .match(/\b[a-z]{6,}\b/g) ?? [];
    if (words.length) return words[Math.floor(words.length / 2)];
  }
  throw new Error('no transcript with a participant turn in the sample');
}

describe('search', () => {
  let query = '';
  let hits: SearchHit[] = [];

  before(async () => {
    await vscode.workspace.getConfiguration('reflexiveQda').update('coder', 'it', vscode.ConfigurationTarget.Global);
  });

  it('returns passages that contain the words when the command is given a query', async () => {
    query = `"${await spokenWord()}" kind:passage`;
    hits = (await search(query)) ?? [];
    assert.ok(hits.length > 0, `hits for ${query}`);
    for (const h of hits) {
      assert.equal(h.kind, 'passage');
      const text = await readText(workspaceUri(...h.source!.split('/')));
      const passage = new CodePointIndex(text).slice(h.start, h.end);
      assert.ok(passage.toLowerCase().includes(query.split('"')[1]), `${h.source} ${h.start}-${h.end}: ${passage}`);
    }
  });

  it('reveals a passage: its transcript opens with the passage selected', async () => {
    const hit = hits[hits.length - 1];
    await vscode.commands.executeCommand('reflexiveQda.revealSearchResult', hit);
    const editor = await waitFor('the transcript', () =>
      vscode.window.activeTextEditor?.document.uri.path.endsWith(hit.source!) ? vscode.window.activeTextEditor : undefined,
    );
    const doc = editor.document;
    const index = new CodePointIndex(doc.getText());
    const expected = new vscode.Range(doc.positionAt(index.toUtf16(hit.start)), doc.positionAt(index.toUtf16(hit.end)));
    assert.ok(
      editor.selection.isEqual(expected),
      `selection ${JSON.stringify(editor.selection)} is the passage ${JSON.stringify(expected)}`,
    );
    assert.equal(doc.getText(editor.selection), index.slice(hit.start, hit.end));
  });

  it('keeps the results in the Search Results view, one group per transcript', async () => {
    const f = await searchFeature();
    const kept = await vscode.commands.executeCommand<number>('reflexiveQda.keepSearchResults', { query });
    assert.equal(kept, hits.length);
    assert.equal(f.results.results?.query, query);
    const groups = f.results.getChildren();
    const sources = [...new Set(hits.map((h) => h.source!))].sort();
    assert.deepEqual(
      groups.map((g) => (g.kind === 'group' ? g.source : undefined)),
      sources,
    );
    const listed = groups.flatMap((g) => f.results.getChildren(g));
    assert.equal(listed.length, hits.length);
    const item = f.results.getTreeItem(listed[0]);
    assert.equal(item.command?.command, 'reflexiveQda.revealSearchResult');
  });

  it('codes every kept passage with a code in one undoable step, and the codings are on disk', async () => {
    const session = await openSession();
    const code = await vscode.commands.executeCommand<{ id: string }>('reflexiveQda.newCode', { name: `Search results ${Date.now()}` });
    assert.ok(code);
    const outcome = await vscode.commands.executeCommand<CodeResultsOutcome>('reflexiveQda.codeSearchResults', {
      code: code.id,
      confirm: false,
    });
    assert.deepEqual(outcome, { code: code.id, coded: hits.length, already: 0, changed: 0 });
    for (const source of new Set(hits.map((h) => h.source!))) {
      const yaml = await readText(workspaceUri(...session.project.codingsPathOf(source).split('/')));
      for (const h of hits.filter((x) => x.source === source)) {
        assert.match(yaml, new RegExp(`code: ${code.id}\\n    start: ${h.start}\\n    end: ${h.end}\\n`), `${source} ${h.start}-${h.end}`);
      }
    }
    const coded = await search(`code:${code.id} kind:passage`);
    assert.deepEqual(coded?.map((h) => `${h.source}@${h.start}`).sort(), hits.map((h) => `${h.source}@${h.start}`).sort());
    const again = await vscode.commands.executeCommand<CodeResultsOutcome>('reflexiveQda.codeSearchResults', {
      code: code.id,
      confirm: false,
    });
    assert.deepEqual([again.coded, again.already], [0, hits.length], 'already coded passages are skipped');

    assert.match(session.history.next ?? '', /^Code \d+ passages? found by/);
    await vscode.commands.executeCommand('reflexiveQda.undo');
    await waitFor('the codings to be gone', async () => ((await search(`code:${code.id} kind:passage`)) ?? []).length === 0 || undefined);
    const total = [...session.project.codings.values()].flatMap((f) => f.codings).filter((c) => c.code === code.id).length;
    assert.equal(total, 0);
  });

  it('finds words written to a transcript on disk, and saves the index to qda/.cache', async () => {
    const f = await searchFeature();
    const session = await openSession();
    const source = session.project.sources[0];
    const uri = workspaceUri(...source.split('/'));
    const before = await readText(uri);
    try {
      await writeText(uri, before + '\nS99: The quokkas were unexpected.\n');
      const found = await waitFor('the new word', async () => {
        const r = (await search('quokkas')) ?? [];
        return r.length ? r : undefined;
      });
      assert.deepEqual(
        found.map((h) => [h.source, h.speaker]),
        [[source, 'S99']],
      );
    } finally {
      await writeText(uri, before);
    }
    await waitFor('the word to be gone', async () => ((await search('quokkas')) ?? []).length === 0 || undefined);
    await f.service.flush();
    const cache = JSON.parse(await readText(workspaceUri(...SEARCH_CACHE_PATH.split('/')))) as {
      format: string;
      version: number;
      segments: { name: string }[];
    };
    assert.equal(cache.format, 'reflexive-qda/search-cache');
    assert.equal(typeof cache.version, 'number');
    assert.ok(cache.segments.some((s) => s.name === 'codes'));
  });
});
