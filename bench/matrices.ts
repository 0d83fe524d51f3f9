/**
 * Matrices benchmark on the large corpus of the runner (100 transcripts, 300
 * codes, 20,000 codings by two coders): re-anchoring every coding, then each
 * matrix, the passages behind its fullest cell, and its exports.
 *
 * Budget: each matrix under 300 ms, counted from the project in memory:
 * re-anchoring every coding (reading the 100 transcripts), the matrix input,
 * and the matrix itself (`matrices.<kind>Ms`).
 *
 * Run: `npx tsc -p . && node out/bench/matrices.js [--corpus DIR]` (prints JSON).
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  attributeMatrix,
  cellPassages,
  CodingLocator,
  cooccurrenceMatrix,
  cooccurrenceTable,
  frameworkMatrix,
  heatmapSvg,
  matrixInput,
  projectMatrixInput,
  tablesXlsx,
  type MatrixInput,
} from '../src/core/matrices';
import { includedSources } from '../src/core/participants';
import { Project } from '../src/core/project/project';
import { nodePorts } from '../src/node/nodeFiles';
import { generateCorpus, GENERATOR_VERSION, readManifest } from './generate';

const SEED = 1;

/**
 * The runner's corpus (--corpus DIR or the runner's choice, else bench/.corpus-large-1, else the temp folder's),
 * generated when missing.
 */
async function corpusDir(): Promise<string> {
  const i = process.argv.indexOf('--corpus');
  const given = i >= 0 ? process.argv[i + 1] : process.env.QDA_BENCH_CORPUS;
  const candidates = given
    ? [path.resolve(given)]
    : [
        path.resolve(__dirname, '..', '..', 'bench', `.corpus-large-${SEED}`),
        path.join(os.tmpdir(), 'reflexive-qda-bench', `corpus-large-${SEED}`),
      ];
  for (const dir of candidates) {
    const m = await readManifest(dir);
    if (m && m.generator === GENERATOR_VERSION && m.size === 'large' && m.seed === SEED) return dir;
  }
  const dir = candidates[candidates.length - 1];
  await generateCorpus(dir, { size: 'large', seed: SEED });
  return dir;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** CPU time (user + system, all threads) of each run, beside the wall times: steady on a busy machine. */
const cpu: Record<string, number[]> = {};

async function time(runs: number, fn: () => unknown, name?: string): Promise<number[]> {
  await fn(); // warm-up: JIT, disk cache
  const out: number[] = [];
  const used: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    used.push((c.user + c.system) / 1000);
  }
  if (name) cpu[name] = used;
  return out;
}

const round = (ms: number) => Math.round(ms * 100) / 100;

/** Milliseconds for each matrix on the large corpus. */
export async function benchMatrices(): Promise<Record<string, number>> {
  const project = await Project.open(nodePorts(await corpusDir()));
  const sources = includedSources(project);
  const attribute = 'region';
  // From scratch each time: a new locator re-reads and re-anchors every transcript.
  const fresh = (): Promise<MatrixInput> => projectMatrixInput(project);
  const locate = await time(5, () => new CodingLocator(project).locate(sources), 'locate');
  const { located, orphaned } = await new CodingLocator(project).locate(sources);
  const build = () => matrixInput({ codes: project.codebook.codes, located, orphaned, sources, participants: project.participants });
  const input = build();
  const inputMs = await time(9, build);
  const cooc = await time(5, async () => cooccurrenceMatrix(await fresh()), 'cooccurrence');
  const attr = await time(5, async () => attributeMatrix(await fresh(), attribute), 'attribute');
  const frame = await time(5, async () => frameworkMatrix(await fresh(), project.framework), 'framework');
  const coocOnly = await time(15, () => cooccurrenceMatrix(input));
  const attrOnly = await time(15, () => attributeMatrix(input, attribute));
  const frameOnly = await time(15, () => frameworkMatrix(input, project.framework));
  const coocMinusAa = await time(5, () =>
    cooccurrenceMatrix(
      matrixInput({ codes: project.codebook.codes, located, orphaned, sources, participants: project.participants, coder: 'mf' }),
    ),
  );

  const m = cooccurrenceMatrix(input);
  let best = [0, 1];
  m.counts.forEach((row, i) =>
    row.forEach((n, j) => {
      if (i !== j && n > m.counts[best[0]][best[1]]) best = [i, j];
    }),
  );
  const cell = { matrix: 'cooccurrence' as const, measure: 'counts' as const, row: m.codes[best[0]], column: m.codes[best[1]] };
  const cellMs = await time(9, () => cellPassages(input, cell));
  const table = cooccurrenceTable(m, input.codes, 'counts');
  const svg = await time(5, () => heatmapSvg(table));
  const xlsx = await time(5, () =>
    tablesXlsx([table, cooccurrenceTable(m, input.codes, 'passages'), cooccurrenceTable(m, input.codes, 'jaccard')]),
  );
  const a = attributeMatrix(input, attribute);
  return {
    'matrices.codes': input.codes.length,
    'matrices.codings': input.total,
    'matrices.sources': input.codingsBySource.size,
    'matrices.locateMs': round(median(locate)),
    'matrices.inputMs': round(median(inputMs)),
    'matrices.cooccurrenceMs': round(median(cooc)),
    'matrices.attributeMs': round(median(attr)),
    'matrices.frameworkMs': round(median(frame)),
    'matrices.cooccurrenceOnlyMs': round(median(coocOnly)),
    'matrices.attributeOnlyMs': round(median(attrOnly)),
    'matrices.frameworkOnlyMs': round(median(frameOnly)),
    'matrices.cooccurrenceOneCoderMs': round(median(coocMinusAa)),
    'matrices.cellPassagesMs': round(median(cellMs)),
    'matrices.cellPassages': cellPassages(input, cell).length,
    'matrices.attributeValues': a.values.length,
    'matrices.heatmapSvgMs': round(median(svg)),
    'matrices.xlsxMs': round(median(xlsx)),
    'matrices.locateCpuMs': round(median(cpu.locate)),
    'matrices.cooccurrenceCpuMs': round(median(cpu.cooccurrence)),
    'matrices.attributeCpuMs': round(median(cpu.attribute)),
    'matrices.frameworkCpuMs': round(median(cpu.framework)),
    'matrices.loadAverage': Math.round(os.loadavg()[0] * 100) / 100,
    'matrices.budgetMs': 300,
  };
}

if (require.main === module) {
  benchMatrices().then(
    (figures) => console.log(JSON.stringify(figures, null, 2)),
    (err) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
