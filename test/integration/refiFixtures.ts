import * as fs from 'fs';
import * as path from 'path';
import { zipSync, type Zippable } from 'fflate';

/** A fixture folder of test/fixtures/refi (project.qde + sources/) zipped as a .qdpx. */
export function fixtureQdpx(name: string): Uint8Array {
  const root = path.resolve(__dirname, '../../../test/fixtures/refi', name);
  const files: Zippable = {};
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(child);
      else files[child] = new Uint8Array(fs.readFileSync(path.join(root, child)));
    }
  };
  walk('');
  return zipSync(files);
}
