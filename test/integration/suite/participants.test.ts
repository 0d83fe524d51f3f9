// Participants in a real VS Code, as a researcher does it: import a survey through the command and its
// preview (choosing the open-answer column in the preview, pressing Import), see the Participants grid,
// withdraw a participant from the grid (reason typed; the modal asked), and see the views change:
// the grid, the Saturation panel's sample composition, search. Then reinstate, so later suites see the sample.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { features, openSession, readText, waitFor, workspaceUri } from '../helpers';
import { ui } from '../ui';

describe('participants', () => {
  // Later suites count the sample's sources: whatever happened above, s02 is not left withdrawn.
  after(async () => {
    const session = await openSession();
    if (session.project.participants?.participants.find((p) => p.id === 's02')?.withdrawn) {
      await vscode.commands.executeCommand('reflexiveQda.reinstateParticipant', { participant: 's02', confirm: false });
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('imports a survey through the command and its preview', async function () {
    this.timeout(120000);
    const session = await openSession();
    // The file is chosen here (the dialog is the OS's business); the wave is typed, the preview used by hand.
    const imported = vscode.commands.executeCommand<boolean>('reflexiveQda.importSurvey', { file: 'surveys/start-survey.csv' });
    await ui.quickInput.wait({ title: /which wave is it\?/ });
    await ui.quickInput.type('pilot');
    await ui.quickInput.press('Enter');
    const preview = ui.webview(/Import Survey/);
    const text = await preview.waitForText('220 respondent(s); 4 of them participants', { timeout: 30000 });
    assert.match(text, /Respondent ID\s+Respondent id/);
    assert.match(text, /Region\s+Attribute “region”/);
    assert.match(text, /No participant attribute to fill in or change/);
    await preview.select('select[data-column="What helps you get by?"]', 'Open answers → transcript');
    await preview.waitForText('transcripts/surveys/pilot/what-helps-you-get-by.transcript');
    await preview.click('Import');
    assert.strictEqual(await imported, true);
    await waitFor('the wave in the project', () => session.project.surveys.get('pilot'));
    assert.equal(session.project.surveys.get('pilot')!.respondents.length, 220);
    assert.match(await readText(workspaceUri('qda/surveys/pilot.yaml')), /^wave: pilot\n/);
    assert.ok(session.project.sources.includes('transcripts/surveys/pilot/what-helps-you-get-by.transcript'));
    await ui.notifications.waitFor(/Imported survey wave “pilot”: 220 respondent\(s\)/);
    // Undo takes the whole import back.
    await ui.runCommand('Reflexive QDA: Undo Last Change to the Project');
    await waitFor('the wave to be gone', () => !session.project.surveys.has('pilot'));
  });

  it('shows the Participants grid with the survey figures beside it, and withdraws a participant from it', async function () {
    this.timeout(120000);
    const session = await openSession();
    await ui.runCommand('Reflexive QDA: Show Participants');
    await ui.waitForActiveTab('Participants');
    const grid = ui.webview('Participants');
    let text = await grid.waitForText('Compared with survey wave “start” (220 respondents)', { timeout: 30000 });
    const n = session.project.participants!.participants.length;
    assert.ok(n >= 4, `the sample has participants (${n})`);
    assert.ok(text.includes(`${n} participants; survey waves: start.`), text);
    assert.match(text, /Exact multinomial p = 0\.\d{3}/);
    assert.match(text, /95 % CI \(Wilson\)/);
    const f = await features();
    await waitFor('the grid to be drawn', () => f.participants.grid().rendered?.rows === n);

    // A distinctive phrase of s02's, found by search before the withdrawal.
    const s02 = await readText(workspaceUri('transcripts/s02.transcript'));
    const phrase = /s02[^:]*:\s*(\w+ \w+ \w+)/i.exec(s02)?.[1] ?? s02.split(/\s+/).slice(40, 43).join(' ');
    const before = await vscode.commands.executeCommand<{ source?: string }[]>('reflexiveQda.searchProject', { query: `"${phrase}"` });
    assert.ok(
      before?.some((h) => h.source === 'transcripts/s02.transcript'),
      `"${phrase}" is found in s02 before`,
    );

    await ui.notifications.clear();
    await grid.click({ selector: 'tr[data-participant="s02"] button.secondary' });
    await ui.quickInput.wait({ title: 'Withdraw s02' });
    await ui.quickInput.type('asked to leave the study');
    await ui.quickInput.press('Enter');
    // Then the modal that says what withdrawing does. VS Code refuses every dialog under test and reports
    // its text instead: that it was asked, with these words, is what can be checked here.
    await ui.notifications.waitFor(/refused to show dialog in tests\. Contents: Withdraw s02 from the study\?/, { timeout: 20000 });
    assert.equal(
      session.project.participants?.participants.find((p) => p.id === 's02')?.withdrawn,
      undefined,
      'nothing is recorded before the modal is confirmed',
    );
    // The modal's Withdraw button, as the command's scripts take it.
    assert.strictEqual(
      await vscode.commands.executeCommand('reflexiveQda.withdrawParticipant', {
        participant: 's02',
        reason: 'asked to leave the study',
        confirm: false,
      }),
      true,
    );
    text = await grid.waitForText(/Withdrawn \d{4}-\d\d-\d\d asked to leave the study/);
    assert.ok(text.includes(`${n} participants, 1 withdrawn (left out of every analysis and export)`), text);
    assert.ok(text.includes(`${n - 1} participants included.`), text);
    assert.match(
      await readText(workspaceUri('qda/participants.yaml')),
      /withdrawn: \{date: \d{4}-\d\d-\d\d, reason: asked to leave the study\}/,
    );
    assert.equal(f.participants.grid().rendered?.withdrawn, 1);

    // The other views change: search finds nothing of theirs, the Saturation panel counts three participants.
    const after = await vscode.commands.executeCommand<{ source?: string }[]>('reflexiveQda.searchProject', { query: `"${phrase}"` });
    assert.ok(!after?.some((h) => h.source === 'transcripts/s02.transcript'), 'nothing of s02 in search results');
    await ui.runCommand('Reflexive QDA: Show Saturation');
    const saturation = await ui.webview('Saturation').waitForText(`${n - 1} participants in qda/participants.yaml`, { timeout: 30000 });
    assert.ok(!/transcripts\/s02\.transcript/.test(saturation), 'no unit of s02 in the Saturation panel');

    // Reinstate from the grid: everything comes back.
    await ui.runCommand('Reflexive QDA: Show Participants');
    await grid.click({ selector: 'tr[data-participant="s02"] button.secondary' });
    await grid.waitForText(`${n} participants; survey waves: start.`);
    assert.doesNotMatch(await readText(workspaceUri('qda/participants.yaml')), /withdrawn/);
    assert.equal(session.project.participants?.participants.find((p) => p.id === 's02')?.withdrawn, undefined);
  });
});
