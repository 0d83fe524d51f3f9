import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatImportProblem, importTranscript, transcriptFileName } from '../core/transcripts';
import { encodeUtf8 } from '../core/text';
import { writeFileAtomic } from '../node/nodeFiles';
import { CliError, type Io } from './common';

/**
 * `qda import transcript FILE… [--force]`: converts .vtt, .srt and .docx into a
 * .transcript beside each file; refuses to overwrite one unless --force. A
 * malformed file is reported at its line and column, and nothing is written.
 */
export async function importTranscriptCommand(io: Io, files: readonly string[], opts: { force?: boolean }): Promise<number> {
  let failed = 0;
  for (const file of files) {
    const abs = path.resolve(io.cwd, file);
    let bytes: Uint8Array;
    try {
      bytes = fs.readFileSync(abs);
    } catch (e) {
      throw new CliError(`cannot read ${file}: ${(e as Error).message}`, 1);
    }
    const target = path.join(path.dirname(abs), transcriptFileName(path.basename(abs)));
    const rel = path.relative(io.cwd, target) || target;
    if (fs.existsSync(target) && !opts.force) {
      io.err(`qda: ${rel} already exists; pass --force to overwrite it`);
      failed++;
      continue;
    }
    const r = importTranscript(path.basename(abs), bytes);
    if (!r.ok) {
      for (const p of r.problems) io.out(formatImportProblem({ ...p, file }));
      failed++;
      continue;
    }
    await writeFileAtomic(target, encodeUtf8(r.text));
    io.err(`wrote ${rel}`);
  }
  return failed ? 1 : 0;
}
