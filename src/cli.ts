import { parseArgs } from 'node:util';
import { ProjectError } from './core/project';
import { showControls } from './core/text';
import { CliError, type Io } from './cli/common';
import { agreementCommand } from './cli/agreement';
import * as analysis from './cli/analysis';
import { exportCommand } from './cli/export';
import * as git from './cli/git';
import { importCommand } from './cli/import';
import { matrixCommand } from './cli/matrices';
import { pseudonymsCommand } from './cli/review';
import * as participants from './cli/participants';
import * as projectCommands from './cli/project';
import { searchCommand } from './cli/search';

const HELP = `qda: Reflexive QDA on the command line

Usage:
  qda init [DIR] [--title TITLE] [--sources GLOB ...]   create qda/ (project.yaml, codebook, .gitignore, .gitattributes)
  qda validate                                           check every project file; exit 1 on errors
  qda status [--json]                                    where each coding's passage is: exact, moved, orphaned
  qda reanchor                                           write the new offsets of moved codings
  qda saturation [--json] [--by source|participant] [--coder ID]
                 [--base N] [--run N] [--threshold X] [--subgroup ATTRIBUTE]
                                                         new codes per interview, Chao2, coverage, Guest et al. 2020
  qda matrix cooccurrence [--coder ID] [--json|--csv] [--measure counts|passages|jaccard] [-o FILE]
  qda matrix attribute NAME [--coder ID] [--json|--csv] [--measure codings|participants|share] [-o FILE]
                                                         code co-occurrence; codes by participant attribute (docs/matrices.md);
                                                         -o FILE.csv, .xlsx (every measure), .svg (heat map) or .json
  qda agreement --coders A,B [--unit character|turn] [--source PATH ...] [--json | --format csv|md] [-o FILE]
                                                         inter-coder agreement per code: Cohen's kappa, Krippendorff's
                                                         alpha, % agreement, Jaccard (--coders A,B,C: alpha only)
  qda representativeness [--json] [--tolerance X] [--survey WAVE | --target participants]
                                                         sample composition against a survey wave or participants.yaml's
                                                         target: Wilson intervals, chi-square, exact multinomial test
  qda participants [--json]                              participants, attributes, codings, survey waves, withdrawals
  qda participant withdraw ID [--reason TEXT] [--purge] --yes
                                                         leave them out of every analysis and export; --purge also deletes
                                                         their transcripts, codings and survey answers
  qda participant reinstate ID                           take a withdrawal back (not after a purge)
  qda export memos [--format md|html] [-o FILE]          the memo log, oldest first, links resolved (default: md to stdout)
  qda export codebook [--format md|csv|html|docx|qdc] [-o FILE] [--no-pseudonymise]
                                                         the codebook; .qdc is REFI-QDA 1.5 (examples pseudonymised)
  qda export review [-o FILE.html] [--round ID] [--examples N] [--no-pseudonymise]
                                                         a participant review pack in qda/reviews/ROUND/pack.html
  qda export review-summary [--format md|html] [-o FILE] [--round ID]
                                                         what participants said in a round (default: the latest)
  qda export passages [--format md|csv|docx] [-o FILE] [--code ID ...] [--coder ID] [--no-pseudonymise]
                                                         coded passages with source, speaker, participant, coder, note
  qda export framework [--format md|csv|xlsx] [-o FILE] [--coder ID] [--no-pseudonymise]
                                                         the framework matrix: participants x codes, summaries and passages
  qda export qdpx -o FILE.qdpx                           the whole project as REFI-QDA (NVivo, ATLAS.ti, MAXQDA, QualCoder)
  qda export report [--format html|docx|md] [-o FILE] [--memos full|first] [--no-pseudonymise]
                                                         the findings report: themes with quotes, review, methods,
                                                         reflexivity, contributors, codebook (docs/report.md)
  qda import transcript FILE... [--force]                .vtt, .srt or .docx into a .transcript beside it
  qda import qdc FILE [--yes]                            a REFI-QDA codebook (.qdc/.qde/.qdpx): prints the plan; --yes writes
  qda import qdpx FILE [--yes]                           a REFI-QDA project (.qdpx/.qde) into this project, or a new one
                                                         here (or in --project DIR): prints the plan; --yes writes
  qda import review FILE... [--round ID]                 review responses (JSON from a pack, or the text form)
  qda import survey FILE --wave NAME [--id COLUMN] [--text COLUMN ...] [--sheet NAME] [--overwrite] [--yes]
                                                         a survey wave (.csv/.xlsx) into qda/surveys/; fills attributes,
                                                         open answers become transcripts; prints the plan, --yes writes
  qda pseudonyms [--init] [--json]                       what qda/private/pseudonyms.yaml replaces in quotes; --init creates it
  qda search QUERY [--json] [--limit N]                  passages, memos, codes (docs/search.md); -word after --; exit 1: no hits
  qda git-setup                                          qda/.gitattributes and the merge driver in .git/config (idempotent)
  qda merge-driver BASE OURS THEIRS PATH                 git's merge driver for qda files: union by id (git runs it)

Options:
  --project DIR   the workspace folder holding qda/project.yaml (default: search upwards from here)
  -h, --help      this help
`;

/** Runs one CLI invocation; returns the exit code. Exported for tests. */
export async function main(argv: string[], io: Io): Promise<number> {
  // Never a control character to the terminal: a name or comment from an imported file could carry escape sequences.
  const raw = io;
  io = { ...raw, out: (l) => raw.out(showControls(l)), err: (l) => raw.err(showControls(l)) };
  const [command, ...rest] = argv;
  if (!command || command === '-h' || command === '--help' || command === 'help') {
    io.out(HELP);
    return command ? 0 : 2;
  }
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        project: { type: 'string' },
        json: { type: 'boolean' },
        title: { type: 'string' },
        sources: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
        by: { type: 'string' },
        coder: { type: 'string' },
        base: { type: 'string' },
        run: { type: 'string' },
        threshold: { type: 'string' },
        subgroup: { type: 'string' },
        tolerance: { type: 'string' },
        format: { type: 'string' },
        output: { type: 'string', short: 'o' },
        round: { type: 'string' },
        examples: { type: 'string' },
        'no-pseudonymise': { type: 'boolean' },
        memos: { type: 'string' },
        yes: { type: 'boolean', short: 'y' },
        init: { type: 'boolean' },
        code: { type: 'string', multiple: true },
        force: { type: 'boolean' },
        limit: { type: 'string' },
        csv: { type: 'boolean' },
        measure: { type: 'string' },
        coders: { type: 'string' },
        unit: { type: 'string' },
        source: { type: 'string', multiple: true },
        wave: { type: 'string' },
        id: { type: 'string' },
        text: { type: 'string', multiple: true },
        sheet: { type: 'string' },
        overwrite: { type: 'boolean' },
        survey: { type: 'string' },
        target: { type: 'string' },
        reason: { type: 'string' },
        purge: { type: 'boolean' },
        date: { type: 'string' },
      },
    });
    if (values.help) {
      io.out(HELP);
      return 0;
    }
    switch (command) {
      case 'init': {
        const code = await projectCommands.init(io, { title: values.title, sources: values.sources, dir: positionals[0] });
        if (code === 0) git.afterInit(io, positionals[0]);
        return code;
      }
      case 'git-setup':
        return await git.gitSetup(io, values);
      case 'merge-driver':
        return await git.mergeDriver(io, positionals);
      case 'validate':
        return await projectCommands.validate(io, values);
      case 'status':
        return await projectCommands.status(io, values);
      case 'reanchor':
        return await projectCommands.reanchorCommand(io, values);
      case 'saturation':
        return await analysis.saturation(io, values);
      case 'representativeness':
        return await analysis.representativenessCommand(io, values);
      case 'matrix':
        return await matrixCommand(io, positionals, values);
      case 'agreement':
        return await agreementCommand(io, values);
      case 'export':
        return await exportCommand(io, positionals, values);
      case 'import':
        return await importCommand(io, positionals, values);
      case 'pseudonyms':
        return await pseudonymsCommand(io, values);
      case 'participants':
        return await participants.participantsCommand(io, values);
      case 'participant':
        return await participants.participantCommand(io, positionals, values);
      case 'search':
        return await searchCommand(io, positionals, values);
      default:
        throw new CliError(`unknown command "${command}"; see qda --help`);
    }
  } catch (e) {
    if (e instanceof CliError) {
      io.err(`qda: ${e.message}`);
      return e.code;
    }
    // What the project refused (a file with errors, a project it cannot read, a link out of the folder): the user's to fix.
    if (e instanceof ProjectError) {
      io.err(`qda: ${e.message}`);
      return 1;
    }
    if (e instanceof TypeError && /ERR_PARSE_ARGS/.test((e as { code?: string }).code ?? '')) {
      io.err(`qda: ${e.message}`);
      return 2;
    }
    throw e;
  }
}

if (require.main === module) {
  // `qda status | head`: a closed pipe ends the output quietly, as for any Unix tool.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  const io: Io = { out: (l) => process.stdout.write(l + '\n'), err: (l) => process.stderr.write(l + '\n'), cwd: process.cwd() };
  main(process.argv.slice(2), io).then(
    (code) => (process.exitCode = code),
    (e) => {
      process.stderr.write(`qda: internal error: ${e instanceof Error ? e.stack : String(e)}\n`);
      process.exitCode = 3;
    },
  );
}
