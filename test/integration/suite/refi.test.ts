// REFI-QDA project exchange in a real VS Code, on the sample study, through the
// commands with arguments: export a .qdpx and plan its import back (nothing to add).
// Importing into an existing project is tested in the exchange session.
// (The dialogs themselves are driven once the UI driver lands: test/integration/ui.ts.)
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { QdpxPlan } from '../../../src/core/refi';
import { planCounts } from '../../../src/core/refi';
import { openSession, workspaceUri } from '../helpers';

describe('REFI-QDA project exchange', () => {
  // Only the export is written here: other suites share this project and count its codes.
  it('exports the project as a .qdpx, and its import back finds everything already here', async () => {
    const session = await openSession();
    const target = workspaceUri('exports', 'study.qdpx');
    const r = await vscode.commands.executeCommand<{ counts: Record<string, number> }>('reflexiveQda.exportQdpx', { uri: target });
    const project = session.project;
    const codings = [...project.codings.values()].reduce((n, f) => n + f.codings.length, 0);
    assert.deepStrictEqual([r?.counts.sources, r?.counts.codings, r?.counts.memos], [project.sources.length, codings, project.memos.size]);
    const bytes = await vscode.workspace.fs.readFile(target);
    assert.deepStrictEqual([bytes[0], bytes[1]], [0x50, 0x4b], 'a zip');
    const plan = await vscode.commands.executeCommand<QdpxPlan>('reflexiveQda.importQdpx', { uri: target, apply: false });
    const c = planCounts(plan!);
    assert.deepStrictEqual(
      [plan!.newProject, c.sourcesMatched, c.sourcesAdded, c.codesAdded, c.codingsAdded, c.codingsAlready, c.memosAdded],
      [false, project.sources.length, 0, 0, 0, codings, 0],
    );
  });
});
