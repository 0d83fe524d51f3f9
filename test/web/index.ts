// The test runner for VS Code's web worker extension host (extensionTestsPath of the web-host run,
// test/harness/webHost.js). There is no Node there: no fs, no process, and the host's require()
// knows only 'vscode'. So this file is bundled by esbuild with mocha's browser build and a named
// subset of suites (WEB_SUITES), `assert` mapped to test/web/assert.ts. The harness writes
// web-test.json into the extension folder: the UI bridge's URL, the result file and a grep.
// Outcome: "[mocha] " reporter lines and one "MOCHA_RESULT {json}" on the console, and the same
// JSON written to the result file through vscode.workspace.fs (the worker's only way to the disk).
import * as vscode from 'vscode';
import type { MochaResult } from '../integration/index';

const TAG = '[mocha] ';
const EXTENSION_ID = 'reflexive-qda.reflexive-qda';

/** What the harness tells the runner (web-test.json beside the test extension's package.json). */
interface WebTestConfig {
  uiDriver?: string;
  resultFile?: string;
  grep?: string;
}

/** What the worker looked like before mocha (whose browser build carries its own process shim) loaded. */
export interface WebHostProbe {
  /** `typeof process` in the worker's global scope when the runner started. */
  processType: string;
  /** Whether the worker has a `window` (a web worker has not; a renderer would). */
  hasWindow: boolean;
}

/**
 * The suites that run in the web host, in this order: the web host's own checks first (including
 * the code picker driven by keyboard, and the Saturation and Matrices panels opened from the Command
 * Palette and read from the screen, while the project is still the sample as it lies), then
 * integration suites that need no Node (they read and write files through vscode.workspace.fs).
 * Left out: the integration suites saturation and matrices (they read exports with node:fs), and
 * the suites driven mostly through the screen (ui, matrices.ui), which the Node host runs and which
 * only add minutes here.
 */
function loadSuites(): void {
  require('./suite/webHost.test');
  require('./suite/panels.test');
  require('../integration/suite/activation.test');
  require('../integration/suite/project.test');
  require('../integration/suite/transcript.test');
  require('../integration/suite/coding.test');
  require('../integration/suite/memos.test');
  require('../integration/suite/search.test');
  require('../integration/suite/review.test');
}

/** util.format's %s/%d/%i/%j/%o/%% (the reporters print through it), then the rest joined by spaces. */
export function format(args: readonly unknown[]): string {
  if (typeof args[0] !== 'string') return args.map(String).join(' ');
  let i = 1;
  const head = args[0].replace(/%([sdijoO%])/g, (m, k: string) => {
    if (k === '%') return '%';
    if (i >= args.length) return m;
    const v = args[i++];
    if (k === 'd' || k === 'i') return String(k === 'i' ? Math.trunc(Number(v)) : Number(v));
    if (k === 'j' || k === 'o' || k === 'O') return JSON.stringify(v);
    return String(v);
  });
  return [head, ...args.slice(i).map(String)].join(' ');
}

async function readConfig(): Promise<{ config: WebTestConfig; root: vscode.Uri }> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not loaded`);
  const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(ext.extensionUri, 'web-test.json'));
  return { config: JSON.parse(new TextDecoder().decode(bytes)) as WebTestConfig, root: ext.extensionUri };
}

export async function run(): Promise<void> {
  const g = globalThis as { process?: unknown; window?: unknown; __qdaWebHostProbe?: WebHostProbe; QDA_UI_DRIVER?: string };
  g.__qdaWebHostProbe = { processType: typeof g.process, hasWindow: typeof g.window !== 'undefined' };
  const { config, root } = await readConfig();
  g.QDA_UI_DRIVER = config.uiDriver; // read by test/integration/ui.ts where there is no process.env

  const mocha = require('mocha/mocha.js') as BrowserMocha & { Mocha?: unknown };
  const Base = (globalThis as { Mocha?: { reporters: { Base: { consoleLog: (...a: unknown[]) => void } } } }).Mocha?.reporters.Base;
  const tagged = (...a: unknown[]) => console.log(TAG + format(a).replace(/\n/g, `\n${TAG}`));
  if (Base) Base.consoleLog = tagged;
  mocha.setup({ ui: 'bdd', reporter: 'spec', timeout: 20000, color: false });
  if (config.grep) mocha.grep(config.grep);
  loadSuites();

  const failed: string[] = [];
  const result = await new Promise<MochaResult>((resolve) => {
    const runner = mocha.run(() => {
      const s = runner.stats ?? { passes: 0, failures: 0, pending: 0, tests: 0 };
      resolve({ passes: s.passes, failures: s.failures, pending: s.pending, tests: s.tests, failed });
    });
    runner.on('fail', (t, err: Error | undefined) => failed.push(`${t.fullTitle()}: ${err?.message ?? String(err)}`));
  });
  console.log('MOCHA_RESULT ' + JSON.stringify(result));
  if (config.resultFile) {
    const file = root.with({ path: config.resultFile });
    await vscode.workspace.fs
      .writeFile(file, new TextEncoder().encode(JSON.stringify(result)))
      .then(undefined, (e: unknown) => console.log(TAG + `could not write ${file.toString()}: ${String(e)}`));
  }
  if (result.failures > 0) throw new Error(`${result.failures} test(s) failed`);
  if (result.passes === 0) throw new Error('no tests ran');
}
