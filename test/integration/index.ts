// Loaded by the extension host (extensionTestsPath) when VS Code is started for extension tests,
// by scripts/test.js (code-server + Chromium) or test/electron/run.js (desktop VS Code).
// Runs mocha (BDD: describe/it) over out/test/integration/suite/**/*.test.js inside the host, where
// `require('vscode')` works. Reporter lines are tagged "[mocha] " because the host's console reaches
// the outer runner mixed with workbench logs; the outcome is one "MOCHA_RESULT {json}" line plus the
// same JSON written to $QDA_E2E_RESULT_FILE. Env: QDA_TEST_GREP filters tests by title.
//
// A test that fails is run once more (QDA_TEST_RETRIES, default 1): these tests drive a real workbench
// through the screen on a shared 2-core machine, where a click can land during a re-render. A test that
// passed only on its second attempt is not hidden: each is listed in the result (`retried`, with the
// first failure) and printed by scripts/test.js as "RETRIED", so a flaky flow or a real race shows.
import * as fs from 'fs';
import * as path from 'path';
import * as util from 'util';
import Mocha from 'mocha';

const TAG = '[mocha] ';

export interface MochaResult {
  passes: number;
  failures: number;
  pending: number;
  tests: number;
  failed: string[];
  /** Tests that failed and were run again, with the failure: "title: message". */
  retried?: string[];
}

function testFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const files: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...testFiles(full));
    else if (entry.name.endsWith('.test.js')) files.push(full);
  }
  return files.sort();
}

export function run(): Promise<void> {
  // Base reporters print through Base.consoleLog (mocha >= 10): tag every line they write.
  (Mocha.reporters.Base as unknown as { consoleLog: (...a: unknown[]) => void }).consoleLog = (...a: unknown[]) =>
    console.log(TAG + util.format(...a).replace(/\n/g, `\n${TAG}`));
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 20000, reporter: 'spec' });
  mocha.retries(Number(process.env.QDA_TEST_RETRIES ?? 1));
  if (process.env.QDA_TEST_GREP) mocha.grep(process.env.QDA_TEST_GREP);
  // QDA_TEST_SUITE picks another folder of suites (scripts/test.js runs 'firstUse' in an empty workspace).
  const files = testFiles(path.join(__dirname, process.env.QDA_TEST_SUITE || 'suite'));
  for (const f of files) mocha.addFile(f);

  return new Promise<void>((resolve, reject) => {
    const failed: string[] = [];
    const retried: string[] = [];
    const finish = (result: MochaResult, error?: Error): void => {
      console.log('MOCHA_RESULT ' + JSON.stringify(result));
      if (process.env.QDA_E2E_RESULT_FILE) {
        try {
          fs.writeFileSync(process.env.QDA_E2E_RESULT_FILE, JSON.stringify(result));
        } catch {
          /* marker line suffices */
        }
      }
      if (error) reject(error);
      else if (result.failures > 0) reject(new Error(`${result.failures} test(s) failed`));
      else if (result.passes === 0) reject(new Error(`no tests ran (${files.length} files)`));
      else resolve();
    };
    try {
      const runner = mocha.run(() => {
        const s = runner.stats ?? { passes: 0, failures: 0, pending: 0, tests: 0 };
        finish({ passes: s.passes, failures: s.failures, pending: s.pending, tests: s.tests, failed, retried });
      });
      runner.on('fail', (t, err: Error | undefined) => failed.push(`${t.fullTitle()}: ${err?.message ?? err}`));
      runner.on('retry', (t, err: Error | undefined) => {
        const line = `${t.fullTitle()}: ${err?.message ?? err}`;
        retried.push(line);
        console.log(TAG + `RETRYING after a failure: ${line.split('\n')[0]}`);
      });
    } catch (e) {
      // a test file that throws while loading
      const err = e instanceof Error ? e : new Error(String(e));
      console.log(TAG + `error loading tests: ${err.stack ?? err.message}`);
      finish({ passes: 0, failures: 1, pending: 0, tests: 1, failed: [`loading tests: ${err.message}`], retried: [] }, err);
    }
  });
}
