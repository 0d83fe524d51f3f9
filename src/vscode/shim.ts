import * as vscode from 'vscode';
import type { CommandSink } from './commands';
import type { ReflexiveQdaApi } from '../main';
import { yieldToHost } from './platform';

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
  /** Milliseconds spent evaluating the entry module and running activate(). */
  activationMs: number;
  /** The host's `performance.now()` when the features had loaded; undefined until then. */
  readonly featuresLoadedAt: number | undefined;
}

/**
 * The activation both entries share (src/extension.ts on the desktop,
 * src/web/extension.ts in the browser): registers every contributed command as
 * a stub and returns at once; `loadFeatures` runs on the host's next turn, off
 * activation's critical path (in the browser it also fetches the features
 * bundle, hence a promise). A command run before the features have loaded
 * waits for them. `moduleMs`: how long the entry module took to evaluate.
 */
export function activateShim(
  context: vscode.ExtensionContext,
  loadFeatures: (sink: CommandSink) => ReflexiveQdaApi | Promise<ReflexiveQdaApi>,
  moduleMs: number,
): ActivationApi {
  const activateStart = performance.now();
  const contributed = (
    (context.extension.packageJSON as { contributes?: { commands?: { command: string }[] } }).contributes?.commands ?? []
  ).map((c) => c.command);
  const sink: CommandSink = { stubbed: new Set(contributed), handlers: new Map() };
  let resolve!: (api: ReflexiveQdaApi) => void;
  let reject!: (e: unknown) => void;
  const loaded = new Promise<ReflexiveQdaApi>((res, rej) => ((resolve = res), (reject = rej)));
  for (const id of contributed) {
    context.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        await loaded;
        const handler = sink.handlers.get(id);
        if (!handler) throw new Error(`Reflexive QDA: the command ${id} is not available`);
        return handler(...args);
      }),
    );
  }
  void yieldToHost()
    .then(() => loadFeatures(sink))
    .then(resolve, (e: unknown) => {
      console.error('[reflexive-qda] the features failed to load', e);
      void vscode.window.showErrorMessage(`Reflexive QDA could not start: ${e instanceof Error ? e.message : String(e)}`);
      reject(e);
    });
  let api: ReflexiveQdaApi | undefined;
  let featuresLoadedAt: number | undefined;
  void loaded.then(
    (a) => {
      featuresLoadedAt = performance.now();
      api = a;
    },
    () => undefined,
  );
  const loadedApi = (): ReflexiveQdaApi => {
    if (!api) throw new Error('[reflexive-qda] features not loaded yet: await api.loaded');
    return api;
  };
  // Evaluating the entry module plus running activate(); VS Code may wait between the two, which is not ours.
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
    get featuresLoadedAt() {
      return featuresLoadedAt;
    },
  };
}
