import { projectRepresentativeness, projectSaturation } from '../core/saturation';
import { CliError, openProject, reportUnreadable, table, type Io } from './common';

function num(name: string, v: string | undefined, check: (n: number) => boolean, hint: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || !check(n)) throw new CliError(`--${name} ${v}: ${hint}`);
  return n;
}

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)} %`);
const fix = (x: number | null | undefined, d = 2) => (x === null || x === undefined ? '—' : x.toFixed(d));

/** `qda saturation [--json] [--by source|participant] [--coder ID] [--base N] [--run N] [--threshold X] [--subgroup ATTR]` */
export async function saturation(
  io: Io,
  o: { project?: string; json?: boolean; by?: string; coder?: string; base?: string; run?: string; threshold?: string; subgroup?: string },
): Promise<number> {
  if (o.by !== undefined && o.by !== 'source' && o.by !== 'participant') throw new CliError(`--by ${o.by}: use "source" or "participant"`);
  const project = await openProject(io.cwd, o.project);
  const r = projectSaturation(project, {
    by: o.by as 'source' | 'participant' | undefined,
    coder: o.coder,
    baseSize: num('base', o.base, (n) => Number.isInteger(n) && n > 0, 'a whole number of units > 0'),
    runLength: num('run', o.run, (n) => Number.isInteger(n) && n > 0, 'a whole number of units > 0'),
    threshold: num('threshold', o.threshold, (n) => n >= 0 && n <= 1, 'a fraction between 0 and 1, such as 0.05'),
    subgroupBy: o.subgroup,
  });
  const partial = reportUnreadable(io, project, ['codebook', 'codings', 'participants']);
  if (o.json) {
    io.out(JSON.stringify(r));
    return partial ? 1 : 0;
  }
  io.out(`Units (${r.by}s${r.coder ? `, coder ${r.coder}` : ''}): ${r.units.length}; codes observed: ${r.observed}`);
  const rows: (string | number)[][] = [['unit', 'new codes', 'cumulative', 'expected (exact)']];
  r.units.forEach((u, i) => rows.push([u, r.newCodes[i], r.cumulative[i], fix(r.expectedCurve[i])]));
  for (const line of table(rows)) io.out(line);
  io.out('');
  io.out(`Chao2 ${fix(r.chao2)} (bias-corrected ${fix(r.chao2BiasCorrected)}, SE ${fix(r.chao2SE)})`);
  io.out(`Sample coverage ${pct(r.coverage)} (Chao & Jost 2012); Good-Turing ${pct(r.goodTuring)}`);
  const g = r.guest;
  io.out(
    `Guest, Namey & Chen 2020 (base ${g.baseSize}, run ${g.runLength}, threshold ${pct(g.threshold)}): ${g.saturatedAt ? `saturation at ${g.saturatedAt}` : 'not reached'}`,
  );
  for (const w of r.warnings) io.err(`note: ${w}`);
  if (r.uncoded.length)
    io.out(`Not yet coded: ${r.uncoded.join(', ')}${partial ? ' (or in a codings file that could not be read: above)' : ''}`);
  return partial ? 1 : 0;
}

/** `qda representativeness [--json] [--tolerance X] [--survey WAVE | --target participants]` */
export async function representativenessCommand(
  io: Io,
  o: { project?: string; json?: boolean; tolerance?: string; survey?: string; target?: string },
): Promise<number> {
  if (o.target !== undefined && o.target !== 'participants')
    throw new CliError(`--target ${o.target}: use "participants" (participants.yaml), or --survey WAVE`);
  if (o.target !== undefined && o.survey !== undefined) throw new CliError('--target and --survey: choose one');
  const project = await openProject(io.cwd, o.project);
  const target =
    o.survey !== undefined ? { kind: 'survey' as const, wave: o.survey } : o.target ? { kind: 'participants' as const } : undefined;
  let r;
  try {
    r = projectRepresentativeness(project, {
      tolerance: num('tolerance', o.tolerance, (n) => n >= 0 && n <= 1, 'a fraction between 0 and 1'),
      target,
    });
  } catch (e) {
    throw new CliError((e as Error).message);
  }
  if (o.json) {
    io.out(JSON.stringify(r));
    return 0;
  }
  const from =
    r.targetFrom.kind === 'survey'
      ? `survey wave "${r.targetFrom.wave}" (${r.targetFrom.respondents} respondents)`
      : 'the target in participants.yaml';
  io.out(`${r.participants} participants against ${from}; ${r.rule}`);
  for (const a of r.attributes) {
    io.out('');
    io.out(a.attribute);
    const survey = a.targetRespondents !== undefined;
    const rows: (string | number)[][] = [
      ['category', 'count', 'share', '95 % CI (Wilson)', survey ? 'survey' : 'target', 'difference', ''],
    ];
    for (const c of a.categories) {
      rows.push([
        c.value,
        c.count,
        pct(c.proportion),
        c.ciLow === null ? '—' : `${pct(c.ciLow)} – ${pct(c.ciHigh)}`,
        survey ? `${pct(c.target)} (${c.targetCount ?? 0})` : pct(c.target),
        c.difference === null ? '—' : `${c.difference > 0 ? '+' : ''}${(c.difference * 100).toFixed(1)} pts`,
        c.status === 'within' || c.status === 'untargeted' ? '' : c.status,
      ]);
    }
    for (const line of table(rows)) io.out(`  ${line}`);
    const t = a.test;
    if (t && t.chi2 !== null) {
      io.out(
        `  fit to the ${survey ? 'survey' : 'target'} (n = ${t.n}): chi-square ${fix(t.chi2)}, df ${t.df}, p ${fix(t.p, 3)}; exact multinomial p ${fix(t.exactP, 3)}${t.exactMethod === 'monte-carlo' ? ` (Monte Carlo estimate, SE ${fix(t.exactStandardError, 4)})` : ''}`,
      );
    }
    for (const note of t?.notes ?? []) io.out(`  note: ${note}`);
  }
  for (const w of r.warnings) io.err(`note: ${w}`);
  return 0;
}
