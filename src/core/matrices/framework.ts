/**
 * The framework matrix (framework analysis: Ritchie & Spencer 1994; Gale et
 * al. 2013): one row per case (a participant, or a transcript no participant
 * claims), one column per code; each cell holds that case's passages for that
 * code and the one-line summary the team wrote for it (qda/framework.yaml).
 */
import { frameworkCellKey } from '../project';
import type { FrameworkFile, FrameworkSummary } from '../model';
import type { MatrixCase, MatrixExclusions, MatrixInput } from './input';

export interface FrameworkRow {
  kind: MatrixCase['kind'];
  /** The participant's id, or the source's path. */
  id: string;
  sources: string[];
}

export interface FrameworkCellSummary {
  text: string;
  by?: string;
  at?: string;
}

export interface FrameworkMatrix {
  kind: 'framework';
  /** Code ids: the columns. */
  codes: string[];
  rows: FrameworkRow[];
  /** counts[row][code]: the case's codings of the code (its passages). */
  counts: number[][];
  /** summaries[row][code]: what the team wrote, or null. */
  summaries: (FrameworkCellSummary | null)[][];
  /** Summaries in the file whose row or code is not in the matrix (a withdrawn participant, a retired code): kept, not shown. */
  hiddenSummaries: number;
  coder: string | null;
  total: number;
  excluded: MatrixExclusions;
}

/** The summary entry of a row (as its key fields) for one code. */
export function summaryKey(
  row: Pick<FrameworkRow, 'kind' | 'id'>,
  code: string,
): Pick<FrameworkSummary, 'participant' | 'source' | 'code'> {
  return row.kind === 'participant' ? { participant: row.id, code } : { source: row.id, code };
}

/** The framework matrix of the analysis, with the summaries of `file`. */
export function frameworkMatrix(input: MatrixInput, file: FrameworkFile | undefined): FrameworkMatrix {
  const codes = input.codes.map((c) => c.id);
  const rows: FrameworkRow[] = input.cases.map((c) => ({ kind: c.kind, id: c.id, sources: c.sources }));
  const counts = rows.map(() => new Array<number>(codes.length).fill(0));
  for (const [source, list] of input.codingsBySource) {
    const r = input.caseOf.get(source);
    if (r === undefined) continue;
    for (const c of list) counts[r][c.code]++;
  }
  const byCell = new Map<string, FrameworkSummary>();
  for (const s of file?.summaries ?? []) byCell.set(frameworkCellKey(s), s);
  let shown = 0;
  const summaries = rows.map((row) =>
    codes.map((code) => {
      const s = byCell.get(frameworkCellKey(summaryKey(row, code)));
      if (!s || s.summary.trim() === '') return null;
      shown++;
      const cell: FrameworkCellSummary = { text: s.summary };
      if (s.by !== undefined) cell.by = s.by;
      if (s.at !== undefined) cell.at = s.at;
      return cell;
    }),
  );
  const stored = (file?.summaries ?? []).filter((s) => s.summary.trim() !== '').length;
  return {
    kind: 'framework',
    codes,
    rows,
    counts,
    summaries,
    hiddenSummaries: stored - shown,
    coder: input.coder,
    total: input.total,
    excluded: input.excluded,
  };
}

/**
 * The framework file with one cell's summary set (or removed, when `text` is
 * blank), keeping every other entry and every unknown key as it was.
 */
export function withSummary(
  file: FrameworkFile,
  row: Pick<FrameworkRow, 'kind' | 'id'>,
  code: string,
  text: string,
  meta: { by?: string; at?: string } = {},
): FrameworkFile {
  const key = summaryKey(row, code);
  const cell = frameworkCellKey(key);
  const rest = file.summaries.filter((s) => frameworkCellKey(s) !== cell);
  const old = file.summaries.find((s) => frameworkCellKey(s) === cell);
  const summary = text.replace(/\r\n?/g, '\n').trim();
  if (!summary) return { ...file, summaries: rest };
  const next: FrameworkSummary = { ...old, ...key, summary };
  if (meta.by !== undefined) next.by = meta.by;
  else delete next.by;
  if (meta.at !== undefined) next.at = meta.at;
  return { ...file, summaries: [...rest, next] };
}
