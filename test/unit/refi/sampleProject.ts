import * as fs from 'node:fs';
import * as path from 'node:path';
import { memoryPorts } from '../helpers/memoryFiles';

const SAMPLE = path.resolve(__dirname, '../../../../sample');

/** The repository's sample study as in-memory ports (its qda/.cache left out). */
export function samplePorts(): ReturnType<typeof memoryPorts> {
  const files: Record<string, Uint8Array> = {};
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(SAMPLE, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (child !== 'qda/.cache') walk(child);
      } else files[child] = fs.readFileSync(path.join(SAMPLE, child));
    }
  };
  walk('');
  return memoryPorts(files);
}
