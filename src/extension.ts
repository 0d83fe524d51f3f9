/**
 * The activation entry: deliberately tiny. It registers every contributed
 * command as a stub and returns at once; the features (dist/main.js: the core,
 * the parsers, the views) load right after activation, off its critical path.
 * A command run before they have loaded waits for them.
 */
import * as vscode from 'vscode';
import type { CommandSink } from './vscode/commands';
import type { ReflexiveQdaApi } from './main';

export type { ReflexiveQdaApi } from './main';

/** What activate() returns at once; `ready` resolves when the project (if any) is open. */
export interface ActivationApi extends Omit<ReflexiveQdaApi, 'host' | 'features' | 'unhandledCommands'> {
  /** The features' host, once loaded (see `loaded`). */
  readonly host: ReflexiveQdaApi['host'];
  /** Every feature, once loaded (see `loaded`). */
  readonly features: ReflexiveQdaApi['features'];
  /** Contributed commands no feature handles, once loaded (see `loaded`). */
  readonly unhandledCommands: ReflexiveQdaApi['unhandledCommands'];
  /** Resolves when the features have loaded. */
  loaded: Promise<ReflexiveQdaApi>;
  /** Milliseconds spent evaluating this module and running activate(). */
  activationMs: number;
}

/** How long this module took to evaluate (from the banner esbuild puts first in the bundle). */
const started = (globalThis as { __qdaLoadStart?: number }).__qdaLoadStart;
const moduleMs = started === undefined ? 0 : performance.now() - started;

export function activate(context: vscode.ExtensionContext): ActivationApi {
  const activateStart = performance.now();
  const contributed = ((context.extension.packageJSON as { contributes?: { commands?: { command: string }[] } }).contributes?.commands ?? []).map((c) => c.command);
  const sink: CommandSink = { stubbed: new Set(contributed), handlers: new Map() };
  let resolve!: (api: ReflexiveQdaApi) => void;
  let reject!: (e: unknown) => void;
  const loaded = new Promise<ReflexiveQdaApi>((res, rej) => ((resolve = res), (reject = rej)));
  for (const id of contributed) {
    context.subscriptions.push(vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      await loaded;
      const handler = sink.handlers.get(id);
      if (!handler) throw new Error(`Reflexive QDA: the command ${id} is not available`);
      return handler(...args);
    }));
  }
  setImmediate(() => {
    try {
      // Not bundled into this file (esbuild marks it external): it loads after activation.
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after activation on purpose
      const main = require('./main.js') as typeof import('./main');
      resolve(main.activateFeatures(context, sink));
    } catch (e) {
      console.error('[reflexive-qda] the features failed to load', e);
      void vscode.window.showErrorMessage(`Reflexive QDA could not start: ${e instanceof Error ? e.message : String(e)}`);
      reject(e);
    }
  });
  let api: ReflexiveQdaApi | undefined;
  void loaded.then((a) => (api = a), () => undefined);
  const loadedApi = (): ReflexiveQdaApi => {
    if (!api) throw new Error('[reflexive-qda] features not loaded yet: await api.loaded');
    return api;
  };
  // Evaluating this module plus running activate(); VS Code may wait between the two, which is not ours.
  const activationMs = moduleMs + (performance.now() - activateStart);
  return {
    loaded,
    ready: loaded.then((a) => a.ready),
    session: () => api?.session(),
    get host() {
      return loadedApi().host;
    },
    get features() {
      return loadedApi().features;
    },
    get unhandledCommands() {
      return loadedApi().unhandledCommands;
    },
    activationMs,
  };
}

export function deactivate(): void {}
