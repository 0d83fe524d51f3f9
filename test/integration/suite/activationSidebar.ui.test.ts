// The QDA side bar on a first open, read from the screen (#19 item 5): the codebook gets the room
// (every theme visible, only the first expanded; Review and Search Results start collapsed) and a
// Transcripts view lists the sources with their codings and participant, so the Explorer is not needed.
// Named to run right after activation: later suites code and reveal codes, which expands their themes.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openSession } from '../helpers';
import { ui } from '../ui';

describe('the QDA side bar on a first open', () => {
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('shows every theme of the codebook, only the first expanded, with Review and Search Results collapsed', async function () {
    this.timeout(60000);
    await openSession();
    const codes = ui.view('Codes', 'QDA');
    await codes.reveal();
    await codes.waitForRow('Systems and services');
    const themes = (await codes.rows()).filter((r) => r.level === 1);
    assert.deepEqual(
      themes.map((r) => [r.label, r.expanded]),
      [
        ['Doing well', true],
        ['Feelings about money', false],
        ['Getting by', false],
        ['Systems and services', false],
      ],
    );
    for (const title of ['Review', 'Search Results']) {
      const s = await ui.view(title, 'QDA').state();
      assert.deepEqual([s.visible, s.expanded], [true, false], title);
    }
  });

  it('lists the transcripts with their codings and participant, and opens one on a click', async function () {
    this.timeout(90000);
    const session = await openSession();
    const view = ui.view('Transcripts', 'QDA');
    await view.reveal();
    const expected = [...session.project.sources].sort().map((source) => {
      const n = session.project.codings.get(source)?.codings.length ?? 0;
      const participant = session.project.participants?.participants.find((p) => p.sources?.includes(source))?.id;
      return [source.split('/').pop(), [n ? `${n} coding${n === 1 ? '' : 's'}` : 'not coded yet', participant].filter(Boolean).join(' · ')];
    });
    // The view shows as many rows as fit (the list is virtual): it is scrolled to the first source not read
    // yet, and every row then on screen is read, until all have been.
    const seen = new Map<string, string | undefined>();
    for (const [label] of expected) {
      if (seen.has(label!)) continue;
      await view.waitForRow(label!, { timeout: 30000 });
      for (const r of await view.rows()) if (!seen.has(r.label)) seen.set(r.label, r.description);
    }
    assert.deepEqual(
      expected.map(([label]) => [label, seen.get(label!)]),
      expected,
    );
    // and in this order on screen
    const order = [...seen.keys()].filter((l) => expected.some(([e]) => e === l));
    assert.deepEqual(
      order,
      expected.map(([l]) => l),
    );
    assert.match(String(expected[0][1]), /^\d+ codings · s01$/, 'the sample: s01 is coded, by participant s01');
    await view.click('s03.txt');
    await ui.waitForActiveTab('s03.txt');
    await ui.statusBar.waitFor('Transcript', { id: 'status.editor.mode' });
  });

  // The sample shows the method on first open (#19 item 10): hand-counted from sample/ (README).
  it('shows the sample’s review round with its three respondents and the codes they challenged', async function () {
    this.timeout(60000);
    const view = ui.view('Review', 'QDA');
    await view.reveal();
    const round = await view.waitForRow('round-1');
    assert.match(round.description ?? '', /^3 respondents · 2026-04-28/);
    await view.expand('round-1');
    await view.expand('Most challenged codes');
    // Bea: partly, Kofi: does not fit, Marion: partly
    const stigma = await view.waitForRow('Stigma and shame');
    assert.equal(stigma.description, '✓0 ~2 ✗1');
  });
});
