/**
 * REFI-QDA exchange on the large corpus: export to .qdpx, then read, plan and
 * import that file into an empty folder (on disk, fsync and all); the XML
 * reader on its project.qde as written and as one line (as qc and NVivo write
 * it); and a 20,000-code codebook planned and imported (.qdc).
 *
 *   node out/bench/refi.js CORPUS_DIR [RUNS]   prints one JSON object of figures (ms; CPU ms too, since
 *   wall time on a shared machine says as much about the neighbours as about the code)
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Project } from '../src/core/project';
import { applyQdcImport, applyQdpxImport, exportQdpx, planQdcImport, planQdpxImport, readCodebookXml, readQdpx } from '../src/core/refi';
import { parseXml } from '../src/core/xml';
import { nodePorts } from '../src/node/nodeFiles';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** CPU time of this process since `from` (user + system), ms: what the work costs when others load the machine. */
const cpuSince = (from: NodeJS.CpuUsage) => {
  const c = process.cpuUsage(from);
  return (c.user + c.system) / 1000;
};

/** A .qdc of `n` codes: themes of 100, each code with a definition. */
function bigCodebook(n: number): string {
  const out = ['<?xml version="1.0" encoding="utf-8"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'];
  for (let t = 0; t < n / 100; t++) {
    out.push(`<Code guid="${guid(t, 0)}" name="Theme ${t}" isCodable="true">`);
    for (let k = 1; k < 100; k++)
      out.push(
        `<Code guid="${guid(t, k)}" name="Code ${t}.${k}" isCodable="true"><Description>When the participant talks about ${t}.${k}.</Description></Code>`,
      );
    out.push('</Code>');
  }
  out.push('</Codes></CodeBook>');
  return out.join('');
}
const guid = (t: number, k: number) => `${t.toString(16).padStart(8, '0')}-0000-4000-8000-${k.toString(16).padStart(12, '0')}`;

export async function benchRefi(corpus: string, runs = 3): Promise<Record<string, number>> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'qda-bench-refi-'));
  try {
    const project = await Project.open(nodePorts(corpus));
    // One discarded warm-up run (JIT, disk cache), then `runs` measured ones.
    let bytes: Uint8Array = new Uint8Array(0);
    let qde = '';
    const exports: number[] = [];
    const exportCpu: number[] = [];
    for (let i = 0; i <= runs; i++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const r = await exportQdpx(project);
      if (i) exports.push(performance.now() - t0);
      if (i) exportCpu.push(cpuSince(c0));
      bytes = r.bytes;
      qde = r.qde;
    }
    const oneLine = qde.replace(/>\s*\n\s*</g, '><');
    const parse = (text: string) => {
      const ms: number[] = [];
      for (let i = 0; i <= runs; i++) {
        const t0 = performance.now();
        parseXml(text);
        if (i) ms.push(performance.now() - t0);
      }
      return median(ms);
    };
    const figures: Record<string, number> = {
      exportMs: median(exports),
      exportCpuMs: median(exportCpu),
      qdpxMB: bytes.length / 2 ** 20,
      qdeMB: Buffer.byteLength(qde) / 2 ** 20,
      xmlParseMs: parse(qde),
      xmlParseOneLineMs: parse(oneLine),
    };

    const read: number[] = [];
    const plan: number[] = [];
    const total: number[] = [];
    const totalCpu: number[] = [];
    for (let i = 0; i <= runs; i++) {
      const dir = path.join(tmp, `import-${i}`);
      fs.mkdirSync(dir);
      const ports = nodePorts(dir);
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const r = await readQdpx(bytes);
      const t1 = performance.now();
      const c1 = cpuSince(c0);
      await planQdpxImport(r, { files: ports.files, ids: ports.ids, now: new Date() });
      const t2 = performance.now();
      const c2 = process.cpuUsage();
      const applied = await applyQdpxImport(r, { ports });
      const t3 = performance.now();
      const c3 = cpuSince(c2);
      if (i === 0) {
        figures.importedCodings = [...applied.project.codings.values()].reduce((n, f) => n + f.codings.length, 0);
        figures.importedProblems = applied.project.problems.filter((p) => p.severity === 'error').length;
        continue;
      }
      read.push(t1 - t0);
      plan.push(t2 - t1);
      // What `qda import qdpx FILE --yes` does: read, then apply (which plans).
      total.push(t1 - t0 + (t3 - t2));
      totalCpu.push(c1 + c3);
    }
    Object.assign(figures, { readMs: median(read), planMs: median(plan), importMs: median(total), importCpuMs: median(totalCpu) });

    // 20,000 codes: plan, then plan + write into a new project.
    const qdc = readCodebookXml(bigCodebook(20_000));
    figures.codes20kPlanMs = median(
      Array.from({ length: runs }, () => {
        const t0 = performance.now();
        planQdcImport({ codes: [] }, qdc, { newId: () => 'x' }, new Date());
        return performance.now() - t0;
      }),
    );
    const ms: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < runs; i++) {
      const dir = path.join(tmp, `codes-${i}`);
      fs.mkdirSync(path.join(dir, 'qda'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'qda', 'project.yaml'), 'format: 1\nsources: []\n');
      fs.writeFileSync(path.join(dir, 'qda', 'codebook.yaml'), 'codes: []\n');
      const p = await Project.open(nodePorts(dir));
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      await applyQdcImport(p, qdc);
      ms.push(performance.now() - t0);
      cpu.push(cpuSince(c0));
    }
    figures.codes20kImportMs = median(ms);
    figures.codes20kImportCpuMs = median(cpu);
    return figures;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (require.main === module) {
  benchRefi(process.argv[2], Number(process.argv[3] ?? 3)).then(
    (r) => process.stdout.write(JSON.stringify(r)),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
