import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  agreementCsv,
  agreementMarkdown,
  agreementText,
  leftOutNotes,
  METHODS,
  projectAgreement,
  projectMultiAgreement,
  unitRule,
  unitWords,
  type AgreementUnit,
  type MultiAgreementReport,
} from '../core/agreement';
import { ProjectError, type Project } from '../core/project';
import { CliError, findProjectRoot, openProject, table, type Io } from './common';
import { exportFormat, writeExport } from './output';

export interface AgreementCliOptions {
  project?: string;
  coders?: string;
  unit?: string;
  source?: string[];
  json?: boolean;
  format?: string;
  output?: string;
}

type Format = 'text' | 'json' | 'csv' | 'md';

/**
 * `qda agreement --coders A,B [--unit character|turn] [--source PATH …] [--json | --format csv|md] [-o FILE]`;
 * three or more coders give Krippendorff's alpha only.
 */
export async function agreementCommand(io: Io, o: AgreementCliOptions): Promise<number> {
  const coders = (o.coders ?? '')
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  if (coders.length < 2) throw new CliError('which coders? --coders A,B (two coder ids, or more for Krippendorff’s alpha)');
  if (new Set(coders).size !== coders.length) throw new CliError(`--coders ${o.coders}: name each coder once`);
  if (o.unit !== undefined && o.unit !== 'character' && o.unit !== 'turn')
    throw new CliError(`--unit ${o.unit}: use "character" or "turn"`);
  const unit = (o.unit ?? 'character') as AgreementUnit;
  const format: Format = o.json ? 'json' : exportFormat<Format>(o, ['text', 'json', 'csv', 'md'], 'text');
  const project = await openProject(io.cwd, o.project);
  const sources = o.source?.map((s) => projectPath(io.cwd, findProjectRoot(io.cwd, o.project), s, project));
  try {
    if (coders.length > 2) {
      if (format === 'csv' || format === 'md')
        throw new CliError('CSV and Markdown tables compare two coders; for three or more use --json or the text table');
      const r = await projectMultiAgreement(project, { coders, unit, sources });
      if (format === 'json') await writeExport(io, o, project, JSON.stringify(r) + '\n', 'the agreement (JSON)');
      else await writeExport(io, o, project, multiText(r).join('\n') + '\n', 'the agreement table');
      return 0;
    }
    const r = await projectAgreement(project, { coders, unit, sources });
    const text =
      format === 'json'
        ? JSON.stringify(r) + '\n'
        : format === 'csv'
          ? agreementCsv(r)
          : format === 'md'
            ? agreementMarkdown(r, project.config.title)
            : agreementText(r, table).join('\n') + '\n';
    await writeExport(io, o, project, text, `the agreement table (${format})`);
    if (!r.sources.length) io.err(`note: no source has codings by both ${coders[0]} and ${coders[1]}, so nothing was compared`);
    return 0;
  } catch (e) {
    if (e instanceof ProjectError) throw new CliError(e.message);
    throw e;
  }
}

/**
 * A source as the project names it: a path relative to the project folder, or
 * one relative to where the command runs (inside the project).
 */
function projectPath(cwd: string, root: string, given: string, project: Project): string {
  const asIs = given.replace(/\\/g, '/').replace(/^\.\//, '');
  if (project.codings.has(asIs) || project.sources.includes(asIs)) return asIs;
  const abs = path.resolve(cwd, given);
  const rel = path.relative(root, abs).split(path.sep).join('/');
  if (!rel.startsWith('..') && !path.isAbsolute(rel) && fs.existsSync(abs)) return rel;
  return asIs;
}

function multiText(r: MultiAgreementReport): string[] {
  const f = (x: number | null) => (x === null ? '—' : x.toFixed(3));
  const lines = [
    `Krippendorff's alpha (nominal) of ${r.coders.join(', ')}, over the ${unitWords(r.unit)} of the ${r.sources.length} source(s) ` +
      'at least two of them coded; a coder who did not code a source is missing there.',
    ...r.sources.map(
      (s) => `  ${s}: ${r.codersPerSource[s].join(', ')} (${r.unitsPerSource[s]} ${unitWords(r.unit, r.unitsPerSource[s])})`,
    ),
    '',
  ];
  const rows: (string | number)[][] = [['code', 'alpha', 'values', 'units']];
  for (const c of [...r.codes].sort((a, b) => (a.alpha ?? 2) - (b.alpha ?? 2) || a.name.localeCompare(b.name)))
    rows.push([c.name, f(c.alpha), c.values, c.units]);
  rows.push(['All codes pooled', f(r.overall.alpha), r.overall.values, r.overall.units]);
  lines.push(...table(rows));
  const undef = [
    ...r.codes.map((c) => [c.name, c.reasons?.alpha] as const),
    ['All codes pooled', r.overall.reasons?.alpha] as const,
  ].filter(([, why]) => why);
  if (undef.length) lines.push('', '— undefined:', ...undef.map(([name, why]) => `  ${name}: ${why}`));
  const left = leftOutNotes(r);
  if (left.length) lines.push('', ...left);
  lines.push(
    '',
    `Units: ${unitWords(r.unit)}; ${unitRule(r.unit)}.`,
    `${METHODS.alpha.label}: ${METHODS.alpha.method}. ${METHODS.alpha.citation}`,
  );
  return lines;
}
