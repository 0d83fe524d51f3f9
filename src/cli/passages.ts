import * as path from 'node:path';
import { exportPassages, type PassagesFormat } from '../core/exports';
import { writeFileAtomic } from '../node/nodeFiles';
import { CliError, openProject, type Io } from './common';
import { cliPseudonymiser, exportFormat, writeExport, type ExportOptions } from './output';

interface PassagesCliOptions extends ExportOptions {
  code?: string[];
  coder?: string;
}

/** `qda export passages [--format md|csv|docx] [-o FILE] [--code ID…] [--coder ID] [--no-pseudonymise]` */
export async function exportPassagesCommand(io: Io, opts: PassagesCliOptions): Promise<number> {
  const format = exportFormat<PassagesFormat>(opts, ['md', 'csv', 'docx'], 'md');
  if (format === 'docx' && !opts.output) throw new CliError('a Word file needs -o FILE.docx');
  const project = await openProject(io.cwd, opts.project);
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
  if (typeof content === 'string') writeExport(io, opts, content, `coded passages (${format})`);
  else {
    await writeFileAtomic(path.resolve(io.cwd, opts.output!), content);
    io.err(`wrote coded passages (docx) to ${opts.output}`);
  }
  return 0;
}
