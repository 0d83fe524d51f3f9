/**
 * A probe run by bench/run.ts in a fresh node process, so that every open is
 * measured without JIT warm-up, module cache or heap left by earlier runs.
 *
 *   node out/bench/openProject.js DIR [--no-cache]
 *     opens the project and prints one JSON line: module load and open time,
 *     what was read, and the peak RSS of the process.
 *   node out/bench/openProject.js --json-parse FILE
 *     the reference: reads and JSON.parses FILE, prints {"parseMs": ...}.
 *   QDA_BENCH_RSS=FILE node -r out/bench/openProject.js dist/cli.js ...
 *     as a preload, writes the peak RSS of any node program to FILE at exit
 *     (spawnSync reports no resource usage of its child).
 * Also home to the summary of a CPU profile of an open (bench/run.js --profile).
 */
import * as fs from 'node:fs';

export interface OpenResult {
  loadMs: number;
  openMs: number;
  codings: number;
  codes: number;
  memos: number;
  errors: number;
  maxRssMB: number;
  /** User + system CPU of the whole process (all threads): steadier than wall time on a busy machine. */
  cpuMs: number;
  /** The cross-file checks of an open, run once more after it: they read transcripts, not only qda/. */
  crossCheckMs: number;
}

/** Self time by function and by package, from a V8 CPU profile. */
export function summariseProfile(file: string, root: string): { byPackage: [string, number][]; byFunction: [string, number][] } {
  interface Node {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
  }
  const prof = JSON.parse(fs.readFileSync(file, 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const fnMs = new Map<string, number>();
  const pkgMs = new Map<string, number>();
  prof.samples.forEach((id, i) => {
    const n = byId.get(id)!;
    const { functionName, url, lineNumber } = n.callFrame;
    const ms = (prof.timeDeltas[i] ?? 0) / 1000;
    const short = url.replace(/^file:\/\//, '').replace(root + '/', '');
    // yaml/parse is the lexer and CST, yaml/compose builds the Document: the two halves of its cost.
    const pkg =
      /node_modules\/(yaml\/dist\/[^/]+|[^/]+)/.exec(short)?.[1].replace('/dist', '') ??
      (/^out\/src\//.test(short) ? short.replace(/^out\//, '') : short ? 'node internals' : functionName || '(anonymous)');
    const fn = `${functionName || '(anonymous)'} ${short ? `${short}:${lineNumber + 1}` : ''}`.trim();
    fnMs.set(fn, (fnMs.get(fn) ?? 0) + ms);
    pkgMs.set(pkg, (pkgMs.get(pkg) ?? 0) + ms);
  });
  const top = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => [k, Math.round(v * 10) / 10] as [string, number]);
  return { byPackage: top(pkgMs, 12), byFunction: top(fnMs, 20) };
}

const rssMB = () => process.resourceUsage().maxRSS / 1024;
const cpuMs = () => {
  const u = process.resourceUsage();
  return (u.userCPUTime + u.systemCPUTime) / 1000;
};

if (require.main === module && process.argv[2] === '--json-parse') {
  // The reference for the warm open: JSON.parse of the same codings, in a process as fresh as the open's.
  const t0 = performance.now();
  JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
  process.stdout.write(JSON.stringify({ parseMs: performance.now() - t0 }) + '\n');
} else if (require.main === module) {
  const args = process.argv.slice(2);
  const useCache = !args.includes('--no-cache');
  const dir = args.find((a) => !a.startsWith('--'));
  if (!dir) {
    console.error('usage: node out/bench/openProject.js DIR [--no-cache]');
    process.exit(2);
  }
  const t0 = performance.now();
  // Required here, not imported at the top: the load time of the core is part of what is reported.
  const { Project } = require('../src/core/project/project') as typeof import('../src/core/project/project');
  const { nodePorts } = require('../src/node/nodeFiles') as typeof import('../src/node/nodeFiles');
  const { crossCheck } = require('../src/core/project/validate') as typeof import('../src/core/project/validate');
  const t1 = performance.now();
  Project.open(nodePorts(dir), { useCache }).then(
    async (p) => {
      const openMs = performance.now() - t1;
      const cpu = cpuMs();
      const rss = rssMB();
      const t2 = performance.now();
      await crossCheck(p);
      const crossCheckMs = performance.now() - t2;
      const result: OpenResult = {
        loadMs: t1 - t0,
        openMs,
        codings: [...p.codings.values()].reduce((n, f) => n + f.codings.length, 0),
        codes: p.codebook.codes.length,
        memos: p.memos.size,
        errors: p.problems.filter((x) => x.severity === 'error').length,
        maxRssMB: rss,
        cpuMs: cpu,
        crossCheckMs,
      };
      process.stdout.write(JSON.stringify(result) + '\n');
    },
    (e) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
} else if (process.env.QDA_BENCH_RSS) {
  const file = process.env.QDA_BENCH_RSS;
  process.on('exit', () => fs.writeFileSync(file, JSON.stringify({ maxRssMB: rssMB(), cpuMs: cpuMs() })));
}
