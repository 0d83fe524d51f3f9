// REFI-QDA project exchange in a real VS Code, on the sample study, through the
// commands with arguments: export a .qdpx, plan its import back (nothing to add),
// import another tool's project into this one and see its codings in the project.
// (The dialogs themselves are driven once the UI driver lands: test/integration/ui.ts.)
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { QdpxPlan } from '../../../src/core/refi';
import { planCounts } from '../../../src/core/refi';
import { openSession, waitFor, workspaceUri } from '../helpers';
import { fixtureQdpx } from '../refiFixtures';

describe('REFI-QDA project exchange', () => {
  it('exports the project as a .qdpx, and its import back finds everything already here', async () => {
    const session = await openSession();
    const target = workspaceUri('exports', 'study.qdpx');
    const r = await vscode.commands.executeCommand<{ counts: Record<string, number> }>('reflexiveQda.exportQdpx', { uri: target });
    assert.deepStrictEqual(r?.counts, { sources: 4, codes: 16, codings: 25, memos: 3, cases: 4, users: 2 });
    const bytes = await vscode.workspace.fs.readFile(target);
    assert.deepStrictEqual([bytes[0], bytes[1]], [0x50, 0x4b], 'a zip');
    const plan = await vscode.commands.executeCommand<QdpxPlan>('reflexiveQda.importQdpx', { uri: target, apply: false });
    const c = planCounts(plan!);
    assert.deepStrictEqual([plan!.newProject, c.sourcesMatched, c.sourcesAdded, c.codesAdded, c.codingsAdded, c.codingsAlready, c.memosAdded], [false, 4, 0, 0, 0, 25, 0]);
    assert.strictEqual(session.project.sources.length, 4);
  });

  it('imports another tool\'s project into this one: its transcripts, codes and codings appear', async () => {
    const session = await openSession();
    const file = workspaceUri('exports', 'from-qc.qdpx');
    await vscode.workspace.fs.writeFile(file, fixtureQdpx('qc-like'));
    const plan = await vscode.commands.executeCommand<QdpxPlan>('reflexiveQda.importQdpx', { uri: file, apply: true });
    assert.strictEqual(planCounts(plan!).codingsAdded, 10);
    const board = await waitFor('the imported transcript', () => session.project.codings.get('transcripts/board.txt'));
    assert.strictEqual(board.codings.length, 10);
    assert.ok(session.project.sources.includes('transcripts/board.txt'));
    assert.ok(session.project.codebook.codes.some((c) => c.name === 'kitchen_table'));
  });
});
