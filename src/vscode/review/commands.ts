import * as vscode from 'vscode';
import { CODEBOOK_FORMATS, exportCodebook, isCodebookFormat, type CodebookFormat } from '../../core/exports';
import { readQdc, applyQdcImport, formatImportPlan, planQdcImport, type ImportPlan } from '../../core/refi';
import { ProjectError } from '../../core/project';
import {
  importResponses,
  prepareReview,
  reviewSummary,
  roundSummary,
  type ImportedResponse,
  listRounds,
  nextRoundId,
} from '../../core/review';
import {
  loadPseudonyms,
  PSEUDONYMS_FILE,
  projectPseudonymCandidates,
  pseudonymisationPreview,
  unlistedCandidates,
} from '../../core/output';
import { checkExportTarget, writeExport } from '../exportTarget';
import { requireSession, type Host } from '../host';
import { Settings } from '../ids';
import { createPseudonymMap, pseudonymiserForExport } from '../pseudonyms';
import type { ProjectSession } from '../session';
import type { ReviewModel } from './model';

/** A Uri from a command argument: a Uri, an absolute path, or a path relative to the workspace folder. */
function toUri(session: ProjectSession, v: vscode.Uri | string): vscode.Uri {
  if (typeof v !== 'string') return v;
  if (v.startsWith('/') || /^[A-Za-z]:[\\/]/.test(v))
    return session.folder.uri.scheme === 'file' ? vscode.Uri.file(v) : session.folder.uri.with({ path: v.replace(/\\/g, '/') });
  return session.files.uri(v.replace(/\\/g, '/'));
}

async function askPseudonymise(): Promise<boolean | undefined> {
  const pick = await vscode.window.showQuickPick(
    [
      {
        label: 'Pseudonymise quotes',
        description: 'recommended',
        detail: `Replace the names and details listed in ${PSEUDONYMS_FILE}, email addresses and phone numbers`,
        value: true,
      },
      { label: 'Leave quotes as they are', detail: 'Real names and details are shown', value: false },
    ],
    { title: 'Quotes in the export', ignoreFocusOut: true },
  );
  return pick?.value;
}

export interface ExportCodebookArgs {
  format?: CodebookFormat;
  uri?: vscode.Uri | string;
  pseudonymise?: boolean;
}

/** Reflexive QDA: Export Codebook. Returns the file written. */
export async function exportCodebookCommand(host: Pick<Host, 'session'>, args?: ExportCodebookArgs): Promise<vscode.Uri | undefined> {
  const session = requireSession(host);
  const interactive = !args;
  let uri = args?.uri !== undefined ? toUri(session, args.uri) : undefined;
  let format = args?.format ?? (uri ? uri.path.split('.').pop()?.toLowerCase() : undefined);
  if (format === 'markdown') format = 'md';
  if (!format || !isCodebookFormat(format)) {
    if (args?.format) throw new ProjectError(`unknown codebook format "${args.format}": ${CODEBOOK_FORMATS.join(', ')}`);
    const pick = await vscode.window.showQuickPick(
      [
        { label: 'Word (.docx)', value: 'docx' as const },
        { label: 'Web page (.html)', detail: 'self-contained; print it or save it as PDF', value: 'html' as const },
        { label: 'Markdown (.md)', value: 'md' as const },
        { label: 'Spreadsheet (.csv)', value: 'csv' as const },
        { label: 'REFI-QDA codebook (.qdc)', detail: 'for NVivo, ATLAS.ti, MAXQDA, QualCoder and others', value: 'qdc' as const },
      ],
      { title: 'Export Codebook' },
    );
    if (!pick) return undefined;
    format = pick.value;
  }
  const fmt = format as CodebookFormat;
  const p = await pseudonymiserForExport(session, interactive ? true : args?.pseudonymise !== false);
  if (!p) return undefined;
  if (!uri) {
    uri = await vscode.window.showSaveDialog({
      title: 'Export Codebook',
      defaultUri: session.files.uri(`codebook.${fmt}`),
      saveLabel: 'Export',
    });
    if (!uri) return undefined;
  }
  await checkExportTarget(session, uri);
  await writeExport(session, uri, exportCodebook(session.project, fmt, { quote: (s) => p.pseudonymiser.apply(s) }));
  if (interactive) void vscode.window.showInformationMessage(`Exported the codebook to ${vscode.workspace.asRelativePath(uri)}.`);
  return uri;
}

export interface ImportQdcArgs {
  uri?: vscode.Uri | string;
  /** true: import without asking; false: only return the plan. */
  apply?: boolean;
}

/** Reflexive QDA: Import REFI-QDA Codebook. Shows the plan before writing; returns it. */
export async function importQdcCommand(host: Pick<Host, 'session' | 'log'>, args?: ImportQdcArgs): Promise<ImportPlan | undefined> {
  const session = requireSession(host);
  let uri = args?.uri !== undefined ? toUri(session, args.uri) : undefined;
  if (!uri) {
    const picked = await vscode.window.showOpenDialog({
      title: 'Import REFI-QDA Codebook',
      filters: { 'REFI-QDA codebook or project': ['qdc', 'qde', 'qdpx'] },
      canSelectMany: false,
    });
    uri = picked?.[0];
    if (!uri) return undefined;
  }
  const name = uri.path.split('/').pop() ?? uri.path;
  const read = readQdc(await vscode.workspace.fs.readFile(uri));
  for (const w of read.warnings) host.log.warn(`${name}:${w.line}:${w.column}: ${w.message}`);
  if (!read.ok)
    throw new ProjectError(
      `${name}: no REFI-QDA codebook could be read (${read.warnings[0]?.message ?? 'unknown reason'}); see the Reflexive QDA log`,
    );
  const plan = planQdcImport(session.project.codebook, read, session.project.ports.ids, session.project.ports.clock.now());
  if (args?.apply === false) return plan;
  if (args?.apply !== true) {
    const doc = await vscode.workspace.openTextDocument({ content: formatImportPlan(plan, name).join('\n') + '\n', language: 'plaintext' });
    await vscode.window.showTextDocument(doc, { preview: true });
    const c = plan.counts;
    const go = await vscode.window.showInformationMessage(
      `Import ${name}?`,
      {
        modal: true,
        detail: `${c.add} new code${c.add === 1 ? '' : 's'}, ${c.update} updated, ${c.unchanged} unchanged${plan.warnings.length ? `; ${plan.warnings.length} warning(s), listed in the plan` : ''}. The plan is open in the editor.`,
      },
      'Import',
    );
    if (go !== 'Import') return undefined;
  }
  return applyQdcImport(session.project, read);
}

export interface PrepareReviewArgs {
  round?: string;
  examples?: number;
  pseudonymise?: boolean;
}

/** Reflexive QDA: Prepare Participant Review. Returns the round and the pack written. */
export async function prepareReviewCommand(
  host: Pick<Host, 'session'>,
  model: ReviewModel,
  args?: PrepareReviewArgs,
): Promise<{ round: string; pack: vscode.Uri; changes: number } | undefined> {
  const session = requireSession(host);
  const project = session.project;
  const interactive = !args;
  let round = args?.round;
  let pseudonymise = args?.pseudonymise;
  const examples = args?.examples ?? vscode.workspace.getConfiguration().get<number>(Settings.reviewExamples, 3);
  if (interactive) {
    const suggestion = nextRoundId((await listRounds(project)).rounds);
    round = await vscode.window.showInputBox({
      title: 'Prepare Participant Review',
      prompt: 'Name of this review round (a folder under qda/reviews/)',
      value: suggestion,
      ignoreFocusOut: true,
      validateInput: (v) => (/^[a-z0-9][a-z0-9-]{0,63}$/.test(v) ? undefined : 'Lower-case letters, digits and "-", e.g. round-2'),
    });
    if (!round) return undefined;
    pseudonymise = await askPseudonymise();
    if (pseudonymise === undefined) return undefined;
  }
  const p = await pseudonymiserForExport(session, pseudonymise !== false, { confirm: interactive });
  if (!p) return undefined;
  const pack = await prepareReview(project, { round, examples, pseudonymiser: p.pseudonymiser, pseudonymised: p.pseudonymised });
  await model.refresh();
  const uri = session.files.uri(`qda/reviews/${pack.round}/pack.html`);
  if (interactive) {
    void vscode.window
      .showInformationMessage(
        `Review ${pack.round} is ready: qda/reviews/${pack.round}/pack.html${pack.previous ? ` (${pack.changes.length} change${pack.changes.length === 1 ? '' : 's'} since ${pack.previous.round})` : ''}. Send this one file to participants.`,
        'Open in Browser',
        'Reveal in Explorer',
      )
      .then((a) => {
        if (a === 'Open in Browser') void vscode.env.openExternal(uri);
        else if (a) void vscode.commands.executeCommand('revealFileInOS', uri);
      });
  }
  return { round: pack.round, pack: uri, changes: pack.changes.length };
}

export interface ImportResponsesArgs {
  uris?: (vscode.Uri | string)[];
  round?: string;
}

/** Reflexive QDA: Import Review Responses. Returns each file's result. */
export async function importResponsesCommand(
  host: Pick<Host, 'session' | 'log'>,
  model: ReviewModel,
  args?: ImportResponsesArgs,
): Promise<ImportedResponse[] | undefined> {
  const session = requireSession(host);
  let uris = args?.uris?.map((u) => toUri(session, u));
  if (!uris) {
    uris = await vscode.window.showOpenDialog({
      title: 'Import Review Responses',
      canSelectMany: true,
      filters: { 'Review responses': ['json', 'txt'] },
    });
    if (!uris?.length) return undefined;
  }
  const files = await Promise.all(
    uris.map(async (u) => ({ name: u.path.split('/').pop() ?? u.path, bytes: await vscode.workspace.fs.readFile(u) })),
  );
  const results = await importResponses(session.project, files, { round: args?.round });
  await model.refresh();
  for (const r of results) {
    for (const p of r.problems) host.log.warn(`${r.file}: ${p}`);
    for (const w of r.warnings) host.log.info(`${r.file}: ${w}`);
  }
  const ok = results.filter((r) => r.ok);
  const failed = results.filter((r) => !r.ok);
  if (failed.length)
    void vscode.window.showWarningMessage(
      `${failed.length} of ${results.length} response file${results.length === 1 ? '' : 's'} not imported: ${failed[0].file}: ${failed[0].problems[0]}${failed.length > 1 || failed[0].problems.length > 1 ? ' (more in the Reflexive QDA log)' : ''}`,
    );
  if (ok.length && !args)
    void vscode.window.showInformationMessage(
      `Imported ${ok.length} response${ok.length === 1 ? '' : 's'} (${ok.map((r) => r.response!.respondent).join(', ')}).`,
    );
  return results;
}

/** Reflexive QDA: Preview Pseudonymisation. Creates the map when asked; shows what would be replaced and the names it misses. */
export async function previewPseudonymsCommand(
  host: Pick<Host, 'session'>,
  args?: { create?: boolean; show?: boolean },
): Promise<ReturnType<typeof pseudonymisationPreview> & { exists: boolean; unlisted: string[] }> {
  const session = requireSession(host);
  const project = session.project;
  let loaded = await loadPseudonyms(project);
  if (!loaded.exists) {
    const create =
      args?.create ??
      (await vscode.window.showInformationMessage(
        `There is no ${PSEUDONYMS_FILE} yet, so every export that quotes refuses. Create it from the names found in the quotes?`,
        'Create Pseudonym Map',
        'Preview Anyway',
      )) === 'Create Pseudonym Map';
    if (create) {
      await createPseudonymMap(session, args?.show !== false);
      loaded = await loadPseudonyms(project);
    }
  }
  const preview = pseudonymisationPreview(project, loaded.pseudonymiser);
  const labels = vscode.workspace.getConfiguration(undefined, session.folder.uri).get<string[]>(Settings.interviewerLabels);
  const unlisted = unlistedCandidates(await projectPseudonymCandidates(project, labels), loaded.pseudonymiser);
  if (args?.show !== false) {
    const lines = [
      `Pseudonymisation preview: ${preview.changed} of ${preview.quotes} quotes would change${loaded.exists ? '' : ` (no ${PSEUDONYMS_FILE}: built-in rules only, and exports refuse)`}`,
      '',
    ];
    for (const p of loaded.problems) lines.push(`${PSEUDONYMS_FILE}:${p.line}:${p.column}: ${p.message}`);
    for (const row of preview.rows) {
      lines.push(`${row.rule} -> ${row.to}: ${row.count}× (${row.matched.join(', ')})`);
      for (const s of row.samples) lines.push(`    ${s.where}: ${s.after.replace(/\s+/g, ' ')}`);
    }
    if (unlisted.length) {
      lines.push('', `Names found in the quotes that the map does not list (${unlisted.length}):`);
      for (const c of unlisted) lines.push(`    ${c.name} (${c.kind}; ${c.quotes} quote${c.quotes === 1 ? '' : 's'}, first in ${c.where})`);
    }
    const doc = await vscode.workspace.openTextDocument({ content: lines.join('\n') + '\n', language: 'plaintext' });
    await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
  }
  return { ...preview, exists: loaded.exists, unlisted: unlisted.map((c) => c.name) };
}

export interface ExportSummaryArgs {
  round?: string;
  format?: 'md' | 'html';
  uri?: vscode.Uri | string;
  pseudonymise?: boolean;
}

/** Reflexive QDA: Export Review Summary (Markdown or HTML, for the report). */
export async function exportSummaryCommand(
  host: Pick<Host, 'session'>,
  args?: ExportSummaryArgs | { round?: { record: { round: string } } },
): Promise<vscode.Uri | undefined> {
  const session = requireSession(host);
  // From the Review view the argument is a round node.
  const fromTree =
    args && typeof (args as { round?: unknown }).round === 'object'
      ? (args as { round: { record: { round: string } } }).round.record.round
      : undefined;
  const a = fromTree !== undefined ? { round: fromTree } : (args as ExportSummaryArgs | undefined);
  const interactive = !a?.uri;
  const summary = await reviewSummary(session.project);
  let uri = a?.uri !== undefined ? toUri(session, a.uri) : undefined;
  if (!uri) {
    uri = await vscode.window.showSaveDialog({
      title: 'Export Review Summary',
      defaultUri: session.files.uri(`review-summary-${a?.round ?? summary.rounds.at(-1)?.record.round ?? 'round'}.md`),
      filters: { Markdown: ['md'], 'Web page': ['html'] },
      saveLabel: 'Export',
    });
    if (!uri) return undefined;
  }
  const format = a?.format ?? (/\.html?$/i.test(uri.path) ? 'html' : 'md');
  await checkExportTarget(session, uri);
  const p = await pseudonymiserForExport(session, a?.pseudonymise !== false, { confirm: interactive });
  if (!p) return undefined;
  await writeExport(
    session,
    uri,
    roundSummary(session.project, summary, format, { round: a?.round, quote: (s) => p.pseudonymiser.apply(s) }),
  );
  if (interactive) void vscode.window.showInformationMessage(`Exported the review summary to ${vscode.workspace.asRelativePath(uri)}.`);
  return uri;
}
