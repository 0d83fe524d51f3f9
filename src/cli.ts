import { parseArgs } from 'node:util';
import { CliError, type Io } from './cli/common';
import * as analysis from './cli/analysis';
import * as projectCommands from './cli/project';

const HELP = `qda: Reflexive QDA on the command line

Usage:
  qda init [DIR] [--title TITLE] [--sources GLOB ...]   create qda/ (project.yaml, codebook, .gitignore)
  qda validate                                           check every project file; exit 1 on errors
  qda status [--json]                                    where each coding's passage is: exact, moved, orphaned
  qda saturation [--json] [--by source|participant] [--coder ID]
                 [--base N] [--run N] [--threshold X] [--subgroup ATTRIBUTE]
                                                         new codes per interview, Chao2, coverage, Guest et al. 2020
  qda representativeness [--json] [--tolerance X]        sample composition against the target in participants.yaml

Options:
  --project DIR   the workspace folder holding qda/project.yaml (default: search upwards from here)
  -h, --help      this help
`;

/** Runs one CLI invocation; returns the exit code. Exported for tests. */
export async function main(argv: string[], io: Io): Promise<number> {
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
      },
    });
    if (values.help) {
      io.out(HELP);
      return 0;
    }
    switch (command) {
      case 'init':
        return await projectCommands.init(io, { title: values.title, sources: values.sources, dir: positionals[0] });
      case 'validate':
        return await projectCommands.validate(io, values);
      case 'status':
        return await projectCommands.status(io, values);
      case 'saturation':
        return await analysis.saturation(io, values);
      case 'representativeness':
        return await analysis.representativenessCommand(io, values);
      default:
        throw new CliError(`unknown command "${command}"; see qda --help`);
    }
  } catch (e) {
    if (e instanceof CliError) {
      io.err(`qda: ${e.message}`);
      return e.code;
    }
    if (e instanceof TypeError && /ERR_PARSE_ARGS/.test((e as { code?: string }).code ?? '')) {
      io.err(`qda: ${e.message}`);
      return 2;
    }
    throw e;
  }
}

if (require.main === module) {
  const io: Io = { out: (l) => process.stdout.write(l + '\n'), err: (l) => process.stderr.write(l + '\n'), cwd: process.cwd() };
  main(process.argv.slice(2), io).then(
    (code) => (process.exitCode = code),
    (e) => {
      process.stderr.write(`qda: internal error: ${e instanceof Error ? e.stack : String(e)}\n`);
      process.exitCode = 3;
    },
  );
}
