// Codebook export/import and the participant review loop in a real VS Code, driven
// through the commands with arguments (no dialogs): every codebook format written to
// a path, a REFI-QDA codebook planned then imported, a review round prepared,
// responses imported, and the Review view, the Codes tree and endorsementFor seeing
// the counts.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ImportPlan } from '../../../src/core/refi/qdcImport';
import type { ImportedResponse } from '../../../src/core/review/responses';
import { endorsementFor, formatEndorsement } from '../../../src/core/review/summary';
import type { ReflexiveQdaApi } from '../../../src/extension';
import type { ReviewFeature } from '../../../src/vscode/review';
import { EXTENSION_ID, ensurePseudonymMap, features, openSession, readText, waitFor, workspaceUri, writeText } from '../helpers';

const ROUND = 'it-round';

async function reviewFeature(): Promise<{ api: ReflexiveQdaApi; review: ReviewFeature }> {
  const api = await vscode.extensions.getExtension<ReflexiveQdaApi>(EXTENSION_ID)!.activate();
  return { api, review: (await features()).review };
}

const response = (respondent: string, id: string, answers: unknown[]) =>
  JSON.stringify({ kind: 'reflexive-qda/review-response', format: 1, round: ROUND, id, respondent, answers });

describe('review', () => {
  // exports that quote refuse without a map (suite pseudonyms.ui tests that flow)
  before(async () => {
    await openSession();
    await ensurePseudonymMap();
  });

  it('exports the codebook in each format to the path given', async () => {
    await openSession();
    const checks: Record<string, (bytes: Uint8Array) => void> = {
      md: (b) => assert.match(new TextDecoder().decode(b), /^# Sample study: getting by and doing well on a low income: codebook\n/),
      csv: (b) =>
        assert.ok(
          new TextDecoder('utf-8', { ignoreBOM: true })
            .decode(b)
            .startsWith('\uFEFFid,name,path,parent,definition,include,exclude,example,codings,sources\r\n'),
        ),
      html: (b) => assert.match(new TextDecoder().decode(b), /<meta http-equiv="Content-Security-Policy" content="default-src 'none';/),
      docx: (b) => assert.deepStrictEqual([b[0], b[1]], [0x50, 0x4b], 'a zip'),
      qdc: (b) =>
        assert.match(
          new TextDecoder().decode(b),
          /<CodeBook xmlns="urn:QDA-XML:codebook:1\.0" origin="Reflexive QDA">\n {2}<Codes>\n {4}<Code guid="[0-9a-f-]{36}" name="Doing well" isCodable="true"/,
        ),
    };
    for (const [format, check] of Object.entries(checks)) {
      const target = workspaceUri('exports', `codebook.${format}`);
      const written = await vscode.commands.executeCommand<vscode.Uri>('reflexiveQda.exportCodebook', { format, uri: target });
      assert.strictEqual(written?.toString(), target.toString(), format);
      check(await vscode.workspace.fs.readFile(target));
    }
  });

  it('plans a REFI-QDA import without writing, then imports it', async () => {
    const session = await openSession();
    const file = workspaceUri('exports', 'other-tool.qdc');
    await writeText(
      file,
      '<?xml version="1.0"?><CodeBook xmlns="urn:QDA-XML:codebook:1:0" origin="Other"><Codes><Code guid="{9fa9bcb7-5b59-47a9-8c3e-f65cffdc7520}" name="Getting by" isCodable="true"><Code guid="d7aa29da-519b-4946-9b90-253b6db8fd0a" name="Asking family" isCodable="true" color="#ABC"><Description>Borrowing from relatives.</Description></Code></Code></Codes><Sets/></CodeBook>',
    );
    const before = await readText(workspaceUri('qda', 'codebook.yaml'));
    const plan = await vscode.commands.executeCommand<ImportPlan>('reflexiveQda.importQdc', { uri: file, apply: false });
    assert.deepStrictEqual(plan?.counts, { add: 1, update: 0, unchanged: 1, merge: 0 });
    assert.strictEqual(plan?.warnings.length, 2, 'the namespace variant and the empty <Sets/>');
    assert.strictEqual(await readText(workspaceUri('qda', 'codebook.yaml')), before, 'a plan writes nothing');
    const applied = await vscode.commands.executeCommand<ImportPlan>('reflexiveQda.importQdc', { uri: file, apply: true });
    assert.strictEqual(applied?.counts.add, 1);
    const added = await waitFor('the imported code', () => session.project.codebook.codes.find((c) => c.name === 'Asking family'));
    assert.deepStrictEqual([added.parent, added.color, added.definition], ['getting-by', '#aabbcc', 'Borrowing from relatives.']);
  });

  it('prepares a participant review round: pack.html and round.json', async () => {
    await openSession();
    const r = await vscode.commands.executeCommand<{ round: string; pack: vscode.Uri; changes: number }>('reflexiveQda.prepareReview', {
      round: ROUND,
      examples: 2,
    });
    assert.strictEqual(r?.round, ROUND);
    const html = await readText(r.pack);
    assert.match(
      html,
      /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-[A-Za-z0-9]+'; img-src data:/,
    );
    assert.match(html, new RegExp(`<meta name="qda-round" content="${ROUND}">`));
    assert.match(html, /<section class="code" data-code="budgeting"/);
    const record = JSON.parse(await readText(workspaceUri('qda', 'reviews', ROUND, 'round.json')));
    assert.strictEqual(record.round, ROUND);
    assert.ok(record.codes.some((c: { id: string }) => c.id === 'budgeting'));
    assert.match(await readText(workspaceUri('qda', 'review-intro.md')), /Thank you for looking at our codes/);
  });

  it('imports responses; the Review view, the Codes tree and endorsementFor see the counts', async () => {
    const session = await openSession();
    const { review } = await reviewFeature();
    const a = workspaceUri('exports', 'ann.json');
    const b = workspaceUri('exports', 'bo.txt');
    await writeText(
      a,
      response('Ann', 'a1', [
        { code: 'budgeting', fit: 'fits' },
        { code: 'money-worry', fit: 'notFit', comment: '<script>alert(1)</script>' },
      ]),
    );
    await writeText(
      b,
      `Reflexive QDA review response\nRound: ${ROUND}\nRespondent: Bo\n\n[budgeting] Budgeting\nFit: partly fits\nComment: Only some weeks.\n\n[money-worry] Money worry\nFit: does not fit\nBetter name: Lying awake\n`,
    );
    const results = await vscode.commands.executeCommand<ImportedResponse[]>('reflexiveQda.importReviewResponses', { uris: [a, b] });
    assert.deepStrictEqual(
      results?.map((r) => [r.ok, r.path]),
      [
        [true, `qda/reviews/${ROUND}/responses/ann-a1.json`],
        [true, results?.[1].path],
      ],
    );
    assert.match(results![1].path!, new RegExp(`^qda/reviews/${ROUND}/responses/bo-[0-9a-f]{8}\\.json$`));

    assert.strictEqual(formatEndorsement(await endorsementFor(session.project, 'budgeting')), '✓1 ~1 ✗0');
    assert.strictEqual(formatEndorsement(review.endorsement('money-worry')!), '✓0 ~0 ✗2');

    const rounds =
      await vscode.commands.executeCommand<{ round: string; respondents: string[]; codes: Record<string, string>; challenged: string[] }[]>(
        'reflexiveQda.refreshReviews',
      );
    const round = rounds?.find((r) => r.round === ROUND);
    assert.deepStrictEqual(round?.respondents, ['Ann', 'Bo']);
    assert.deepStrictEqual(round?.challenged, ['money-worry ✓0 ~0 ✗2', 'budgeting ✓1 ~1 ✗0']);

    const top = review.tree.getChildren();
    const roundNode = top.find((n) => n.kind === 'round' && n.round.record.round === ROUND)!;
    assert.strictEqual(review.tree.getTreeItem(roundNode).description?.toString().startsWith('2 respondents'), true);
    const challenged = review.tree.getChildren(roundNode).find((n) => n.kind === 'challenged')!;
    const first = review.tree.getTreeItem(review.tree.getChildren(challenged)[0]);
    assert.strictEqual(first.label, 'Worry and sleeplessness');
    assert.strictEqual(first.description, '✓0 ~0 ✗2');
    const tooltip = (first.tooltip as vscode.MarkdownString).value;
    assert.ok(tooltip.includes('&lt;script&gt;') && !tooltip.includes('<script'), 'comments are escaped in the tooltip');
    await vscode.commands.executeCommand('reflexiveQda.reviews.focus');

    // The Codes tree (another feature) shows the endorsement beside the code.
    const codesTree = (await features()).coding.codes.tree;
    const code = session.project.codebook.codes.find((c) => c.id === 'budgeting')!;
    await waitFor('the endorsement in the Codes tree', async () =>
      String((await codesTree.getTreeItem(code)).description ?? '').includes('✓1 ~1 ✗0'),
    );
  });

  it('exports the round summary and previews pseudonymisation', async () => {
    await openSession();
    const target = workspaceUri('exports', 'summary.html');
    await vscode.commands.executeCommand('reflexiveQda.exportReviewSummary', { round: ROUND, format: 'html', uri: target });
    const html = await readText(target);
    assert.match(html, /<td style="padding-left:1.5rem">Budgeting and tracking money<\/td><td>1<\/td><td>1<\/td><td>0<\/td>/);
    assert.ok(!html.includes('<script'));
    // without a map, the preview creates the proposed one: the names found in the transcripts
    await vscode.workspace.fs.delete(workspaceUri('qda', 'private', 'pseudonyms.yaml'));
    const preview = await vscode.commands.executeCommand<{ quotes: number; exists: boolean; unlisted: string[] }>(
      'reflexiveQda.previewPseudonymisation',
      { create: true, show: false },
    );
    assert.strictEqual(preview?.exists, true);
    assert.ok(preview.quotes > 10);
    assert.deepStrictEqual(preview.unlisted, [], 'every name found is in the proposed map');
    assert.match(
      await readText(workspaceUri('qda', 'private', 'pseudonyms.yaml')),
      /^# Names and details replaced[\s\S]*\n {2}Nguyễn: "\[name \d+\]"/,
    );
  });
});
