// The bench's own entry for the extension host (extensionTestsPath), used only by bench/vscode.js:
// `npm test` never loads it (scripts/test.js runs out/test/integration/index.js, which loads
// suite/** only). It runs mocha over out/test/integration/bench/*.bench.js, tagging reporter lines
// "[mocha] " and reporting "MOCHA_RESULT {json}" (and $QDA_E2E_RESULT_FILE) like the test index,
// which is what test/harness/codeServer.js's runExtensionTests waits for.
import { early, quiet } from './probe'; // first: it watches the extension from as early as possible
import * as fs from 'fs';
import * as path from 'path';
import * as util from 'util';

const TAG = '[mocha] ';

export async function run(): Promise<void> {
  void early;
  // Loading mocha blocks the extension host for a while: not while the project opens and the search
  // index loads, which is what is being measured.
  await quiet(180_000);

  const Mocha = require('mocha') as typeof import('mocha');
  (Mocha.reporters.Base as unknown as { consoleLog: (...a: unknown[]) => void }).consoleLog = (...a: unknown[]) =>
    console.log(TAG + util.format(...a).replace(/\n/g, `\n${TAG}`));
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 240_000, reporter: 'spec' });
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.js'))
    .sort();
  for (const f of files) mocha.addFile(path.join(__dirname, f));
  return new Promise<void>((resolve, reject) => {
    const failed: string[] = [];
    const finish = (r: { passes: number; failures: number; pending: number; tests: number }) => {
      const result = { ...r, failed };
      console.log('MOCHA_RESULT ' + JSON.stringify(result));
      if (process.env.QDA_E2E_RESULT_FILE) {
        try {
          fs.writeFileSync(process.env.QDA_E2E_RESULT_FILE, JSON.stringify(result));
        } catch {
          /* the marker line suffices */
        }
      }
      if (r.failures > 0) reject(new Error(`${r.failures} bench(es) failed`));
      else if (r.passes === 0) reject(new Error(`no bench ran (${files.length} files)`));
      else resolve();
    };
    try {
      const runner = mocha.run(() => {
        const s = runner.stats ?? { passes: 0, failures: 0, pending: 0, tests: 0 };
        finish({ passes: s.passes, failures: s.failures, pending: s.pending, tests: s.tests });
      });
      runner.on('fail', (t, err: Error | undefined) => failed.push(`${t.fullTitle()}: ${err?.message ?? err}`));
    } catch (e) {
      console.log(TAG + `error loading benches: ${e instanceof Error ? e.stack : String(e)}`);
      failed.push(`loading: ${e instanceof Error ? e.message : String(e)}`);
      finish({ passes: 0, failures: 1, pending: 0, tests: 1 });
    }
  });
}
