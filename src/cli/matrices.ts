/**
 * `qda matrix cooccurrence|attribute NAME` and `qda export framework`: the
 * matrices of docs/matrices.md on the command line, as a table, JSON, CSV,
 * .xlsx or an SVG heat map.
 */
import {
  ATTRIBUTE_MEASURES,
  attributeMatrix,
  attributeTable,
  COOCCURRENCE_MEASURES,
  cooccurrenceMatrix,
  cooccurrenceTable,
  exportFramework,
  FRAMEWORK_FORMATS,
  frameworkMatrix,
  frameworkPassages,
  heatmapSvg,
  projectMatrixInput,
  tableCsv,
  tablesXlsx,
  withTexts,
  type AttributeMeasure,
  type CooccurrenceMeasure,
  type FrameworkFormat,
  type MatrixTable,
} from '../core/matrices';
import { CliError, openForExport, openProject, table, type Io } from './common';
import { checkOutput, cliPseudonymiser, exportFormat, writeExport, type ExportOptions } from './output';

interface MatrixCliOptions {
  project?: string;
  coder?: string;
  json?: boolean;
  csv?: boolean;
  measure?: string;
  output?: string;
}

type MatrixFileFormat = 'csv' | 'xlsx' | 'svg' | 'json';

function measureOf<M extends string>(given: string | undefined, allowed: readonly M[]): M {
  if (given === undefined) return allowed[0];
  if (!(allowed as readonly string[]).includes(given)) throw new CliError(`--measure ${given}: use ${allowed.join(', ')}`);
  return given as M;
}

/** `qda matrix cooccurrence|attribute NAME [--coder ID] [--json|--csv] [--measure M] [-o FILE.csv|.xlsx|.svg|.json]` */
export async function matrixCommand(io: Io, positionals: readonly string[], o: MatrixCliOptions): Promise<number> {
  const [kind, name, ...extra] = positionals;
  if (kind !== 'cooccurrence' && kind !== 'attribute')
    throw new CliError(`which matrix? qda matrix cooccurrence, or qda matrix attribute NAME (see qda --help)`);
  if (kind === 'attribute' && !name)
    throw new CliError('which attribute? qda matrix attribute NAME (an attribute of qda/participants.yaml, e.g. region)');
  const rest = kind === 'cooccurrence' ? [name, ...extra].filter((x) => x !== undefined) : extra;
  if (rest.length) throw new CliError(`unexpected argument "${rest[0]}"`);
  if (o.json && o.csv) throw new CliError('--json or --csv, not both');
  const project = await openProject(io.cwd, o.project);
  if (o.coder !== undefined && ![...project.codings.values()].some((f) => f.codings.some((c) => c.coder === o.coder))) {
    io.err(`note: no coding is by coder "${o.coder}"`);
  }
  const input = await projectMatrixInput(project, { coder: o.coder });
  let json: unknown;
  let tables: MatrixTable[];
  let shown: MatrixTable;
  if (kind === 'cooccurrence') {
    const measure = measureOf<CooccurrenceMeasure>(o.measure, COOCCURRENCE_MEASURES);
    const m = cooccurrenceMatrix(input);
    json = {
      codes: m.codes,
      counts: m.counts,
      passages: m.passages,
      jaccard: m.jaccard,
      names: input.codes.map((c) => c.name),
      coder: m.coder,
      total: m.total,
      excluded: m.excluded,
    };
    tables = COOCCURRENCE_MEASURES.map((x) => cooccurrenceTable(m, input.codes, x));
    shown = tables[COOCCURRENCE_MEASURES.indexOf(measure)];
  } else {
    const measure = measureOf<AttributeMeasure>(o.measure, ATTRIBUTE_MEASURES);
    let m;
    try {
      m = attributeMatrix(input, name!);
    } catch (e) {
      throw new CliError((e as Error).message);
    }
    json = {
      attribute: m.attribute,
      codes: m.codes,
      values: m.values,
      codings: m.codings,
      participants: m.participants,
      share: m.share,
      withValue: m.withValue,
      noValue: m.noValue,
      names: input.codes.map((c) => c.name),
      coder: m.coder,
      total: m.total,
      excluded: m.excluded,
    };
    tables = ATTRIBUTE_MEASURES.map((x) => attributeTable(m, input.codes, x));
    shown = tables[ATTRIBUTE_MEASURES.indexOf(measure)];
  }
  if (o.output) {
    const format = exportFormat<MatrixFileFormat>({ output: o.output }, ['csv', 'xlsx', 'svg', 'json'], 'csv');
    const data =
      format === 'json'
        ? `${JSON.stringify(json)}\n`
        : format === 'xlsx'
          ? tablesXlsx(tables)
          : format === 'svg'
            ? heatmapSvg(shown)
            : tableCsv(shown);
    await writeExport(io, o, project, data, `the ${shown.name.toLowerCase()} matrix (${format})`);
    return 0;
  }
  if (o.json) io.out(JSON.stringify(json));
  else if (o.csv) io.out(tableCsv(shown).replace(/\r\n$/, ''));
  else {
    io.out(`${shown.title}.`);
    const ids = input.codes.map((c) => c.id);
    const fmt = (v: number | null) =>
      v === null ? '—' : shown.format === 'count' ? v : shown.format === 'share' ? `${Math.round(v * 100)}%` : v.toFixed(2);
    const header = kind === 'cooccurrence' ? ['code', ...ids] : ['code', ...shown.columns];
    for (const line of table([header, ...ids.map((id, i) => [id, ...shown.values[i].map(fmt)])])) io.out(line);
    for (const n of shown.notes.slice(1)) io.err(`note: ${n}`);
  }
  return 0;
}

interface FrameworkCliOptions extends ExportOptions {
  coder?: string;
}

/** `qda export framework [--format md|csv|xlsx] [-o FILE] [--coder ID] [--no-pseudonymise]` */
export async function exportFrameworkCommand(io: Io, opts: ExportOptions): Promise<number> {
  const o = opts as FrameworkCliOptions;
  const format = exportFormat<FrameworkFormat>(o, FRAMEWORK_FORMATS, 'md');
  if (format === 'xlsx' && !o.output) throw new CliError('a spreadsheet cannot go to the terminal: add -o FILE.xlsx');
  const project = await openForExport(io.cwd, o.project);
  await checkOutput(io, o, project);
  const { pseudonymiser } = await cliPseudonymiser(io, project, o);
  const quote = (s: string) => pseudonymiser.apply(s);
  const input = await projectMatrixInput(project, { coder: o.coder });
  const matrix = frameworkMatrix(input, project.framework);
  const cells = frameworkPassages(input);
  const texts = await withTexts(project, cells.flat(2));
  let k = 0;
  const passages = cells.map((row) => row.map((list) => list.map(() => texts[k++])));
  const content = exportFramework(
    {
      title: project.config.title ?? 'Untitled study',
      generated: project.ports.clock
        .now()
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z'),
      matrix,
      codes: input.codes,
      passages,
      quote,
    },
    format,
  );
  await writeExport(io, o, project, content, `the framework matrix (${format}, ${matrix.rows.length} rows × ${matrix.codes.length} codes)`);
  return 0;
}
