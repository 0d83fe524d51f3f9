import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Project } from '../../../src/core/project';
import { applyQdpxImport } from '../../../src/core/refi/importApply';
import type { QdpxPlan } from '../../../src/core/refi/importPlan';
import { readQdpx } from '../../../src/core/refi/qdpxRead';
import { memoryPorts } from '../helpers/memoryFiles';
import { zip } from './zipBytes';

export const FIXTURES = path.resolve(__dirname, '../../../../test/fixtures/refi');

/** A fixture folder (project.qde + sources/) as a .qdpx. */
export function fixture(name: string, level: 0 | 6 = 6): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(FIXTURES, name, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(child);
      else files[child] = fs.readFileSync(path.join(FIXTURES, name, child));
    }
  };
  walk('');
  return zip(files, level);
}

/** Imports into an empty folder; returns the new project and the plan applied. */
export async function importInto(
  bytes: Uint8Array,
  initial: Record<string, string> = {},
): Promise<{ project: Project; plan: QdpxPlan; ports: ReturnType<typeof memoryPorts>; written: string[] }> {
  const read = await readQdpx(bytes);
  assert.ok(read.ok, read.refused);
  const ports = memoryPorts(initial);
  const r = await applyQdpxImport(read, { ports });
  return { project: r.project, plan: r.plan, ports, written: r.written };
}
