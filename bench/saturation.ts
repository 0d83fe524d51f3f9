/**
 * Times the full saturation report (1000 random orders) on a seeded synthetic
 * project of 100 sources x 300 codes. Budget: under 100 ms.
 *
 * Run directly: `node out/bench/saturation.js` prints the figures as JSON.
 */
import { performance } from 'node:perf_hooks';
import type { Code, Coding, Participants } from '../src/core/model';
import { DEFAULT_SATURATION } from '../src/core/model';
import { saturationReport, seededRandom, type SaturationReportInput } from '../src/core/saturation';

const SOURCES = 100;
const CODES = 300;
const ORDERS = 1000;
const REGIONS = ['north', 'midlands', 'south', 'wales'];

/** A project where a few codes are common and many are rare, as in real coding. */
function syntheticProject(seed: number, sourceCount = SOURCES): SaturationReportInput {
  const random = seededRandom(seed);
  const codes: Code[] = Array.from({ length: CODES }, (_, k) => ({
    id: `code-${String(k).padStart(3, '0')}`,
    name: `Code ${k}`,
    status: 'active',
  }));
  const sources = Array.from({ length: sourceCount }, (_, s) => `transcripts/p${String(s + 1).padStart(3, '0')}.transcript`);
  const codingsBySource = new Map<string, Coding[]>();
  let id = 0;
  for (const source of sources) {
    const codings: Coding[] = [];
    for (let k = 0; k < CODES; k++) {
      // Power-law-ish prevalence: code 0 in ~60 % of sources, the last ones in ~1 %.
      if (random() < 0.6 / (1 + k / 12)) {
        const times = 1 + Math.floor(random() * 3);
        for (let t = 0; t < times; t++) {
          const start = Math.floor(random() * 50000);
          codings.push({
            id: `c${id++}`,
            code: codes[k].id,
            start,
            end: start + 40,
            text: 'x'.repeat(40),
            coder: random() < 0.8 ? 'mf' : 'aa',
          });
        }
      }
    }
    codingsBySource.set(source, codings);
  }
  const participants: Participants = {
    attributes: { region: REGIONS },
    participants: sources.map((s, i) => ({
      id: `p${String(i + 1).padStart(3, '0')}`,
      sources: [s],
      interviewed: `2026-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
      attributes: { region: REGIONS[i % REGIONS.length] },
    })),
  };
  return { codes, codingsBySource, sources, participants, settings: DEFAULT_SATURATION, by: 'source', band: { orders: ORDERS, seed: 1 } };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const round = (ms: number): number => Math.round(ms * 100) / 100;

function time(run: () => unknown, repeats: number): number[] {
  for (let i = 0; i < 2; i++) run(); // warm-up: let the JIT settle
  const out: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    run();
    out.push(performance.now() - t0);
  }
  return out;
}

/** Milliseconds for the saturation report on 100 sources (times `scale`) x 300 codes with 1000 random orders. */
export async function benchSaturation(scale = 1): Promise<Record<string, number>> {
  const project = syntheticProject(42, SOURCES * scale);
  const report = saturationReport(project);
  const plain = time(() => saturationReport(project), 15);
  const noBand = time(() => saturationReport({ ...project, band: false }), 15);
  const subgroups = time(() => saturationReport({ ...project, subgroupBy: 'region' }), 5);
  const byParticipant = time(() => saturationReport({ ...project, by: 'participant', coder: 'mf' }), 5);
  return {
    'saturation.sources': project.sources.length,
    'saturation.units': report.units.length,
    'saturation.codes': report.observed,
    'saturation.codings': [...project.codingsBySource.values()].reduce((n, c) => n + c.length, 0),
    'saturation.incidences': report.incidences,
    'saturation.orders': ORDERS,
    'saturation.reportMs': round(median(plain)),
    'saturation.reportMaxMs': round(Math.max(...plain)),
    'saturation.reportWithoutBandMs': round(median(noBand)),
    'saturation.reportWithSubgroupsMs': round(median(subgroups)),
    'saturation.reportByParticipantMs': round(median(byParticipant)),
    'saturation.budgetMs': 100,
  };
}

if (require.main === module) {
  benchSaturation().then(
    (figures) => console.log(JSON.stringify(figures, null, 2)),
    (err) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
