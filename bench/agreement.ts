/**
 * Inter-coder agreement on the large corpus: two coders (mf, aa) on 20 transcripts
 * they both coded. Budget: the whole comparison (read the transcripts, find every
 * coding's passage, compute every code's figures) under 200 ms.
 *
 * Run directly: `node out/bench/agreement.js [CORPUS_DIR]` prints the figures as JSON
 * (without a folder it generates the large corpus, seed 1, into a temporary folder).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  compareCoders,
  placeSource,
  projectAgreement,
  projectDisagreements,
  sourcesToCompare,
  type AgreementSource,
} from '../src/core/agreement';
import { Project } from '../src/core/project';
import { nodePorts } from '../src/node/nodeFiles';
import { generateCorpus, readManifest } from './generate';

const CODERS = ['mf', 'aa'] as const;
const SOURCES = 20;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
const round = (ms: number) => Math.round(ms * 100) / 100;

/** CPU time (user + system, all threads) of each run, in ms: steadier than wall time on a shared machine. */
const cpu: Record<string, number[]> = {};

async function timed(runs: number, fn: () => Promise<unknown> | unknown, name?: string): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    if (name) (cpu[name] ??= []).push((c.user + c.system) / 1000);
  }
  return out;
}

async function corpusDir(given?: string): Promise<string> {
  if (given) return given;
  const dir = path.join(os.tmpdir(), 'reflexive-qda-bench', 'corpus-large-1');
  const m = await readManifest(dir);
  if (!(m && m.size === 'large' && m.seed === 1)) await generateCorpus(dir, { size: 'large', seed: 1 });
  return dir;
}

/** The figures; `dir` is a large corpus (bench/run.ts passes its own). */
export async function benchAgreement(dir?: string): Promise<Record<string, number>> {
  const root = await corpusDir(dir);
  if (!fs.existsSync(path.join(root, 'qda', 'project.yaml'))) throw new Error(`no corpus in ${root}`);
  const project = await Project.open(nodePorts(root));
  const both = sourcesToCompare(project).filter((s) => CODERS.every((c) => project.codings.get(s)!.codings.some((k) => k.coder === c)));
  if (both.length < SOURCES) throw new Error(`only ${both.length} transcripts have codings by both ${CODERS.join(' and ')}`);
  const sources = both.slice(0, SOURCES);
  const opts = { coders: CODERS, sources };

  // First: nothing cached (reading, locating every coding, computing).
  const [first] = await timed(1, () => projectAgreement(project, opts), 'first');
  const warm = await timed(9, () => projectAgreement(project, opts), 'warm');
  const [turnFirst] = await timed(1, () => projectAgreement(project, { ...opts, unit: 'turn' }));
  const turnWarm = await timed(9, () => projectAgreement(project, { ...opts, unit: 'turn' }));
  const disagreements = await timed(5, () => projectDisagreements(project, opts));

  // The computation alone, on sources already placed.
  const placed: AgreementSource[] = [];
  for (const s of sources) placed.push((await placeSource(project, s))!.source);
  const input = { codes: project.codebook.codes, sources: placed, coders: CODERS, unit: 'character' as const };
  const compute = await timed(15, () => compareCoders(input));

  const report = await projectAgreement(project, opts);
  const found = await projectDisagreements(project, opts);
  return {
    'agreement.sources': report.sources.length,
    'agreement.codes': report.codes.length,
    'agreement.codings': placed.reduce((n, s) => n + s.codings.filter((c) => c.coder === 'mf' || c.coder === 'aa').length, 0),
    'agreement.characters': Object.values(report.unitsPerSource).reduce((a, b) => a + b, 0),
    'agreement.disagreements': found.length,
    'agreement.firstMs': round(first),
    'agreement.warmMs': round(median(warm)),
    'agreement.turnFirstMs': round(turnFirst),
    'agreement.turnWarmMs': round(median(turnWarm)),
    'agreement.disagreementsMs': round(median(disagreements)),
    'agreement.computeMs': round(median(compute)),
    'agreement.firstCpuMs': round(cpu.first[0]),
    'agreement.warmCpuMs': round(median(cpu.warm)),
    'agreement.budgetMs': 200,
  };
}

if (require.main === module) {
  benchAgreement(process.argv[2]).then(
    (figures) => console.log(JSON.stringify(figures, null, 2)),
    (err) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
