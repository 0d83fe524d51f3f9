import * as vscode from 'vscode';
import type { PassagesFormat } from '../../core/exports';
import type { Code } from '../../core/model';
import { checkExportTarget, writeExport } from '../exportTarget';
import { requireSession, type Host } from '../host';
import { pseudonymiserForExport } from '../pseudonyms';

export interface ExportPassagesArgs {
  /** Code ids; all codes when empty. */
  codes?: string[];
  format?: PassagesFormat;
  /** Absolute file path to write (skips the save dialog). */
  path?: string;
  /** false: export without pseudonymising (must be chosen explicitly). */
  pseudonymise?: boolean;
  coder?: string;
}

/** Export Coded Passages: the selected codes' passages (or all) as Markdown, CSV or Word. */
export async function exportPassagesCommand(
  host: Host,
  selected: readonly Code[],
  args: ExportPassagesArgs = {},
): Promise<string | undefined> {
  const session = requireSession(host);
  const project = session.project;
  let codes = args.codes;
  if (!codes) {
    const scope = await vscode.window.showQuickPick(
      [
        ...(selected.length
          ? [
              {
                label: `Selected code${selected.length === 1 ? '' : 's'}: ${selected.map((c) => c.name).join(', ')}`,
                ids: selected.map((c) => c.id),
              },
            ]
          : []),
        { label: 'Every code', ids: [] as string[] },
      ],
      { title: 'Export Coded Passages (1/2)' },
    );
    if (!scope) return undefined;
    codes = scope.ids;
  }
  const format =
    args.format ??
    (
      await vscode.window.showQuickPick(
        [
          { label: 'Word (.docx)', format: 'docx' as const, description: 'for writing up and workshops' },
          { label: 'Markdown (.md)', format: 'md' as const },
          { label: 'CSV (.csv)', format: 'csv' as const, description: 'for spreadsheets' },
        ],
        { title: 'Export Coded Passages (2/2)' },
      )
    )?.format;
  if (!format) return undefined;
  const p = await pseudonymiserForExport(session, args.pseudonymise !== false);
  if (!p) return undefined;
  const target = args.path
    ? vscode.Uri.file(args.path)
    : await vscode.window.showSaveDialog({
        defaultUri: session.files.uri(`coded-passages.${format}`),
        filters: { [format.toUpperCase()]: [format] },
      });
  if (!target) return undefined;
  await checkExportTarget(session, target);
  const texts = new Map<string, string>();
  for (const source of project.codings.keys()) {
    const t = await project.store.readText(source);
    if (t) texts.set(source, t.text);
  }
  const { exportPassages } = await import('../../core/exports');
  const content = exportPassages(project, format, {
    codes: codes.length ? codes : undefined,
    coder: args.coder,
    pseudonymise: (s) => p.pseudonymiser.apply(s),
    texts,
  });
  await writeExport(session, target, content);
  if (!args.path) {
    const open = await vscode.window.showInformationMessage(`Coded passages exported to ${target.fsPath}.`, 'Open');
    if (open) await vscode.commands.executeCommand(format === 'docx' ? 'revealFileInOS' : 'vscode.open', target);
  }
  return target.fsPath;
}
