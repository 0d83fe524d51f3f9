import { CliError, type ImportOptions, type Io } from './common';
import { importSurveyCommand } from './participants';
import { importQdpxCommand } from './refi';
import { importQdcCommand, importReviewCommand } from './review';
import { importTranscriptCommand } from './transcript';

type Importer = (io: Io, files: readonly string[], opts: ImportOptions) => Promise<number>;

/** `qda import KIND`: adding a kind is one line here (and a line in the help). */
const IMPORTERS: Record<string, Importer> = {
  qdc: importQdcCommand,
  qdpx: importQdpxCommand,
  review: importReviewCommand,
  survey: importSurveyCommand,
  transcript: importTranscriptCommand,
};

/** `qda import KIND FILE…`: dispatches on the first positional. */
export async function importCommand(io: Io, positionals: readonly string[], opts: ImportOptions): Promise<number> {
  const [kind, ...files] = positionals;
  const kinds = Object.keys(IMPORTERS).join('|');
  if (!kind) throw new CliError(`what to import? qda import ${kinds} FILE… (see qda --help)`);
  const run = Object.hasOwn(IMPORTERS, kind) ? IMPORTERS[kind] : undefined;
  if (!run) throw new CliError(`unknown import "${kind}"; one of: ${kinds}`);
  if (!files.length) throw new CliError(`qda import ${kind}: which file?`);
  return run(io, files, opts);
}
