// Loaded first by the bench index (before mocha): watches the extension from as early as the test
// runner can, so that the moments the project opened, the Codes tree got its root items and the
// search index became ready are seen as they happen, not when a test gets round to asking.
// All times are performance.now() of this process, the extension host; the shim's bundle stamps
// globalThis.__qdaLoadStart with the same clock when it starts to evaluate.
import * as fs from 'fs';
import * as vscode from 'vscode';
import type { ActivationApi } from '../../../src/extension';
import type { Features } from '../../../src/main';
import type { Host } from '../../../src/vscode/host';

export const EXTENSION_ID = 'reflexive-qda.reflexive-qda';

export interface Early {
  /** When this module ran. */
  probeAt: number;
  /** Whether the extension was already active then (workspaceContains activation). */
  activeAtProbe: boolean;
  /** Whether the project was already open then: `readyAt` is then read from the extension's log. */
  readyBeforeProbe: boolean;
  /** Whether the features (dist/main.js) had loaded already then (`loadedAt` is then an upper bound). */
  loadedBeforeProbe: boolean;
  loadedAt?: number;
  readyAt?: number;
  treeAt?: number;
  searchReadyAt?: number;
  searchReadyBeforeWatch?: boolean;
  /** The extension host's memory (no forced gc) at the moment the project opened and the search index became ready. */
  memoryAtReady?: Snapshot;
  memoryAtSearchReady?: Snapshot;
  /** Whether `ready` resolved with a session, and whether a search feature exists to wait for. */
  hasSession?: boolean;
  noSearch?: boolean;
}

export interface Snapshot {
  pssMB?: number;
  heapUsedMB: number;
  heapTotalMB: number;
  externalMB: number;
}

/** PSS from /proc plus V8's heap: a few hundred microseconds. */
export function snapshot(): Snapshot {
  const mb = (x: number) => Math.round((x / 2 ** 20) * 10) / 10;
  const m = process.memoryUsage();
  let pssMB: number | undefined;
  try {
    pssMB = Math.round(Number(/^Pss:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${process.pid}/smaps_rollup`, 'utf8'))?.[1]) / 102.4) / 10;
  } catch {
    // not Linux
  }
  return { pssMB, heapUsedMB: mb(m.heapUsed), heapTotalMB: mb(m.heapTotal), externalMB: mb(m.external) };
}

export const early: Early = { probeAt: performance.now(), activeAtProbe: false, readyBeforeProbe: false, loadedBeforeProbe: false };
let watching = false;
const now = () => performance.now();

interface SearchLike {
  service?: { isReady?: boolean; onDidChange?: vscode.Event<void> };
}

function hookHost(host: Host, features: Features): void {
  const treeReady = () => features.coding.codes.tree.getChildren().length > 0;
  // Polled from the moment a project is open: the tree rebuilds on the same session event, maybe later.
  const poll = (deadline: number) => {
    if (early.treeAt === undefined && treeReady()) early.treeAt = now();
    if (early.treeAt === undefined && now() < deadline) setTimeout(() => poll(deadline), 2);
  };
  if (host.session()) poll(now() + 60_000);
  else {
    const sub = host.onDidChangeSession((s) => {
      if (!s) return;
      sub.dispose();
      poll(now() + 60_000);
    });
  }
  const service: SearchLike['service'] = features.search.service;
  if (!service?.onDidChange) early.noSearch = true;
  else if (service.isReady) {
    early.searchReadyAt = now();
    early.searchReadyBeforeWatch = true;
  } else {
    const sub = service.onDidChange(() => {
      if (service.isReady && early.searchReadyAt === undefined) {
        early.searchReadyAt = now();
        early.memoryAtSearchReady = snapshot();
        sub.dispose();
      }
    });
  }
}

/** Starts watching an activated extension's API (idempotent). */
export function watch(api: ActivationApi): void {
  if (watching) return;
  watching = true;
  early.readyBeforeProbe = api.session() !== undefined;
  let loaded = false;
  void api.loaded.then(
    (a) => {
      loaded = true;
      early.loadedAt = now();
      hookHost(a.host, a.features);
    },
    () => undefined,
  );
  // Checked after the microtasks of an already resolved `loaded` have run, but before any I/O.
  queueMicrotask(() =>
    queueMicrotask(() => {
      if (loaded) early.loadedBeforeProbe = true;
    }),
  );
  void api.ready.then(
    (session) => {
      early.readyAt = now();
      early.hasSession = !!session;
      early.memoryAtReady = snapshot();
    },
    () => undefined,
  );
}

const ext = vscode.extensions.getExtension<ActivationApi>(EXTENSION_ID);
if (ext?.isActive) {
  early.activeAtProbe = true;
  watch(ext.exports);
}

/**
 * Resolves once the project is open and the search index is ready (or there is neither, or
 * `timeoutMs` passed): the moment the bench may load mocha and its tests.
 */
export async function quiet(timeoutMs: number): Promise<void> {
  const deadline = now() + timeoutMs;
  if (!early.activeAtProbe) return;
  for (;;) {
    if (now() > deadline || (early.readyAt !== undefined && !early.hasSession)) return;
    const searchDone =
      early.searchReadyAt !== undefined || early.noSearch || (early.readyAt !== undefined && now() - early.readyAt > 60_000);
    if (early.readyAt !== undefined && early.treeAt !== undefined && searchDone) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}
