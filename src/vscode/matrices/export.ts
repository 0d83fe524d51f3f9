import * as vscode from 'vscode';
import {
  exportFramework,
  frameworkMatrix,
  frameworkPassages,
  heatmapSvg,
  matrixView,
  projectMatrixInput,
  subTable,
  tableCsv,
  tablesXlsx,
  viewTables,
  withTexts,
  type ExportFormat,
  type MatrixOptions,
} from '../../core/matrices';
import { ProjectError } from '../../core/project';
import { checkExportTarget, writeExport } from '../exportTarget';
import { requireSession, type Host } from '../host';
import { pseudonymiserForExport } from '../pseudonyms';

/** Arguments for scripts and tests: `path` (absolute, or relative to the project folder) skips the dialog. */
export interface ExportMatrixArgs {
  format?: ExportFormat;
  options?: Partial<MatrixOptions>;
  /** Code ids (or, for the framework, `participant:ID` / `source:PATH`) to export, in order; all when omitted. */
  rows?: string[];
  path?: string;
  /** Framework only: false exports passages and summaries without pseudonymising (must be chosen explicitly). */
  pseudonymise?: boolean;
}

const LABELS: Record<ExportFormat, string> = { xlsx: 'Excel workbook', csv: 'CSV', svg: 'SVG heat map', md: 'Markdown' };

/**
 * Reflexive QDA: Export Matrix. Writes the matrix chosen in the panel (or in
 * `args`), with the rows it shows, as .xlsx, CSV or an SVG heat map; the
 * framework matrix as .xlsx, Markdown or CSV, pseudonymised.
 */
export async function exportMatrix(
  host: Pick<Host, 'session' | 'log'>,
  chosen: () => Partial<MatrixOptions>,
  args: ExportMatrixArgs = {},
): Promise<{ path: string } | undefined> {
  const session = requireSession(host);
  const project = session.project;
  const options = { ...chosen(), ...args.options };
  const input = await projectMatrixInput(project, { coder: options.coder ?? null });
  const view = matrixView(input, options, { title: project.config.title ?? 'Untitled study', coders: [] }, 0);
  const kind = view.options.matrix;
  const allowed: ExportFormat[] = kind === 'framework' ? ['xlsx', 'md', 'csv'] : ['xlsx', 'csv', 'svg'];
  let format = args.format;
  if (format === undefined) {
    format = (
      await vscode.window.showQuickPick(
        allowed.map((f) => ({ label: LABELS[f], format: f })),
        { title: 'Export Matrix' },
      )
    )?.format;
    if (!format) return undefined;
  }
  if (!allowed.includes(format))
    throw new ProjectError(`The ${kind} matrix cannot be exported as ${format}: choose ${allowed.join(', ')}.`);

  let quote = (s: string) => s;
  if (kind === 'framework') {
    const p = await pseudonymiserForExport(session, args.pseudonymise !== false);
    if (!p) return undefined;
    quote = (s) => p.pseudonymiser.apply(s);
  }

  const base =
    kind === 'framework'
      ? 'framework-matrix'
      : kind === 'attribute'
        ? `codes-by-${view.options.attribute ?? 'attribute'}`
        : 'code-cooccurrence';
  const slug =
    base
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'matrix';
  const target =
    args.path !== undefined
      ? args.path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(args.path)
        ? vscode.Uri.file(args.path)
        : vscode.Uri.joinPath(session.folder.uri, args.path)
      : await vscode.window.showSaveDialog({
          defaultUri: session.files.uri(`${slug}.${format}`),
          filters: { [LABELS[format]]: [format] },
          title: 'Export Matrix',
        });
  if (!target) return undefined;
  await checkExportTarget(session, target);

  let data: string | Uint8Array;
  if (kind === 'framework') {
    const all = frameworkMatrix(input, project.framework);
    const keys = all.rows.map((r) => `${r.kind}:${r.id}`);
    const order = args.rows ? args.rows.map((k) => keys.indexOf(k)).filter((i) => i >= 0) : keys.map((_, i) => i);
    const cells = frameworkPassages(input);
    const texts = await withTexts(
      project,
      order.flatMap((i) => cells[i].flat()),
    );
    let k = 0;
    const passages = order.map((i) => cells[i].map((list) => list.map(() => texts[k++])));
    const matrix = {
      ...all,
      rows: order.map((i) => all.rows[i]),
      counts: order.map((i) => all.counts[i]),
      summaries: order.map((i) => all.summaries[i]),
    };
    const generated = project.ports.clock
      .now()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
    data = exportFramework(
      { title: project.config.title ?? 'Untitled study', generated, matrix, codes: input.codes, passages, quote },
      format as 'xlsx' | 'md' | 'csv',
    );
  } else {
    const ids = input.codes.map((c) => c.id);
    const rows = args.rows ? args.rows.map((id) => ids.indexOf(id)).filter((i) => i >= 0) : ids.map((_, i) => i);
    const tables = viewTables(input, view.options);
    if (!tables.length)
      throw new ProjectError('There is no participant attribute to make this matrix for: declare one in qda/participants.yaml.');
    const cut = tables.map((t) =>
      subTable(t, rows, kind === 'cooccurrence' ? [...rows].sort((a, b) => a - b) : t.columns.map((_, j) => j)),
    );
    data = format === 'xlsx' ? tablesXlsx(cut) : format === 'svg' ? heatmapSvg(cut[0], { subtitle: view.title }) : tableCsv(cut[0]);
  }
  await writeExport(session, target, data);
  host.log.info(`exported the ${kind} matrix (${format}) to ${target.fsPath}`);
  if (args.path === undefined) {
    const open = await vscode.window.showInformationMessage(`Matrix exported to ${target.fsPath}.`, 'Open');
    if (open) await vscode.commands.executeCommand(format === 'xlsx' ? 'revealFileInOS' : 'vscode.open', target);
  }
  return { path: target.fsPath };
}
