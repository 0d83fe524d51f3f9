import { exportPassages, type PassagesFormat } from '../core/exports';
import { CliError, openForExport, type Io } from './common';
import { checkOutput, cliPseudonymiser, exportFormat, writeExport, type ExportOptions } from './output';

interface PassagesCliOptions extends ExportOptions {
  code?: string[];
  coder?: string;
}

/** `qda export passages [--format md|csv|docx] [-o FILE] [--code ID…] [--coder ID] [--no-pseudonymise]` */
export async function exportPassagesCommand(io: Io, opts: PassagesCliOptions): Promise<number> {
  const format = exportFormat<PassagesFormat>(opts, ['md', 'csv', 'docx'], 'md');
  if (format === 'docx' && !opts.output) throw new CliError('a Word file needs -o FILE.docx');
  const project = await openForExport(io.cwd, opts.project);
  await checkOutput(io, opts, project);
  const unknown = (opts.code ?? []).filter((id) => !project.codebook.codes.some((c) => c.id === id));
  if (unknown.length) throw new CliError(`no code ${unknown.map((u) => `"${u}"`).join(', ')} in the codebook`);
  const { pseudonymiser } = await cliPseudonymiser(io, project, opts);
  const texts = new Map<string, string>();
  for (const source of project.codings.keys()) {
    const t = await project.store.readText(source);
    if (t) texts.set(source, t.text);
  }
  const content = exportPassages(project, format, {
    codes: opts.code?.length ? opts.code : undefined,
    coder: opts.coder,
    pseudonymise: (s) => pseudonymiser.apply(s),
    texts,
  });
  await writeExport(io, opts, project, content, `coded passages (${format})`);
  return 0;
}
