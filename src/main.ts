import * as vscode from 'vscode';
import { registerCommand, routeCommands, type CommandId, type CommandSink } from './vscode/commands';
import type { Host } from './vscode/host';
import type { Platform } from './vscode/platform';
import { Commands, ContextKeys } from './vscode/ids';
import { registerMemos, type MemoFeature } from './vscode/memos';
import { registerParticipants, type ParticipantsFeature } from './vscode/participants';
import { registerSaturation, type SaturationProbe } from './vscode/saturation';
import { registerAgreement, type AgreementFeature } from './vscode/agreement';
import { registerCodingFeatures, type CodingFeature } from './vscode/coding';
import { registerTranscriptLanguage } from './vscode/transcriptLanguage';
import { registerRefi } from './vscode/refi';
import { registerReport } from './vscode/report';
import { registerReview, type ReviewFeature } from './vscode/review';
import { registerSearch, type SearchFeature } from './vscode/search';
import { registerMatrices, type MatricesProbe } from './vscode/matrices';
import { initializeProject, newCode } from './vscode/projectCommands';
import { ProjectSession } from './vscode/session';
import { ProjectStatusBar } from './vscode/statusBar';
import { registerWalkthroughProgress } from './vscode/walkthroughProgress';

/** Every feature, typed: a feature that is missing or renamed is a compile error, not a runtime surprise. */
export interface Features {
  coding: CodingFeature;
  memos: MemoFeature;
  saturation: SaturationProbe;
  review: ReviewFeature;
  search: SearchFeature;
  matrices: MatricesProbe;
  agreement: AgreementFeature;
  participants: ParticipantsFeature;
}

/** The features once loaded: used by integration tests and by other extensions (through extension.ts). */
export interface ReflexiveQdaApi {
  /** The open project's session, once loaded. */
  session(): ProjectSession | undefined;
  /** Resolves when the project (if any) has been opened. */
  ready: Promise<ProjectSession | undefined>;
  host: Host;
  features: Features;
  /** Contributed commands that no feature registered a handler for (empty when all is well). */
  unhandledCommands: readonly string[];
}

/**
 * Everything of the extension but its activation shim (src/vscode/shim.ts): the
 * views, commands and the project, the same in the desktop and the browser
 * build; `platform` is what differs (file access, what cannot work there).
 * Loaded right after activation; the commands go to `sink`, behind the stubs
 * the shim registered.
 */
export function activateFeatures(context: vscode.ExtensionContext, sink: CommandSink, platform: Platform): ReflexiveQdaApi {
  const loadStart = performance.now();
  routeCommands(context, sink);
  const log = vscode.window.createOutputChannel('Reflexive QDA', { log: true });
  const statusBar = new ProjectStatusBar(platform.limits);
  const onDidChangeSession = new vscode.EventEmitter<ProjectSession | undefined>();
  context.subscriptions.push(log, statusBar, onDidChangeSession);
  let current: ProjectSession | undefined;

  const openProject = async (folder?: vscode.WorkspaceFolder): Promise<ProjectSession | undefined> => {
    const target = folder ?? (await findProjectFolder());
    if (current) {
      current.dispose();
      current = undefined;
      onDidChangeSession.fire(undefined);
    }
    const state = (s: 'opening' | 'open' | 'none' | 'failed') => {
      void vscode.commands.executeCommand('setContext', ContextKeys.projectOpen, s === 'open');
      void vscode.commands.executeCommand('setContext', ContextKeys.projectState, s);
    };
    if (!target) {
      state('none');
      return undefined;
    }
    // Until the project is read, the side bar says it is opening (not "no project", which invites a click
    // on Initialize Project in a folder that has one).
    state('opening');
    statusBar.show(undefined, 'loading');
    try {
      current = await ProjectSession.open(target, platform, log);
      statusBar.show(current.project);
      state('open');
      onDidChangeSession.fire(current);
    } catch (e) {
      log.error(`could not open the project in ${target.name}`, e instanceof Error ? e : String(e));
      statusBar.show(undefined, 'failed');
      state('failed');
    }
    return current;
  };
  context.subscriptions.push({ dispose: () => current?.dispose() });

  const host: Host = {
    context,
    log,
    platform,
    session: () => current,
    onDidChangeSession: onDidChangeSession.event,
    openProject,
    registerCommand: (id, run) => registerCommand(context, log, id, run),
    registerCommands: (table, ctx) => {
      for (const [id, run] of Object.entries(table)) {
        if (run)
          registerCommand(context, log, id as CommandId, (...args: unknown[]) =>
            (run as (c: typeof ctx, ...a: unknown[]) => unknown)(ctx, ...args),
          );
      }
    },
  };
  host.registerCommand(Commands.initializeProject, (args) => initializeProject(host, args));
  host.registerCommand(Commands.reloadProject, () => openProject(current?.folder));
  host.registerCommand(Commands.showLog, () => log.show());
  host.registerCommand(Commands.newCode, (args) => newCode(host, args));

  // Feature modules: one line each; a feature takes what it uses of others as typed arguments.
  registerTranscriptLanguage(context, log);
  const coding = registerCodingFeatures(host);
  const features: Features = {
    coding,
    memos: registerMemos(host),
    saturation: registerSaturation(host),
    review: registerReview(host, { codesTree: coding.codes.tree }),
    search: registerSearch(host, { codes: coding.codes }),
    matrices: registerMatrices(host),
    agreement: registerAgreement(host, { live: coding.live }),
    participants: registerParticipants(host),
  };
  registerRefi(host);
  registerReport(host);
  registerWalkthroughProgress(host);
  const unhandledCommands = [...sink.stubbed].filter((id) => !sink.handlers.has(id));
  if (unhandledCommands.length) log.error(`commands without a handler: ${unhandledCommands.join(', ')}`);

  // Features follow onDidChangeSession: opening the project waits for nothing.
  const ready = openProject();
  const mainStart = (globalThis as { __qdaMainStart?: number }).__qdaMainStart;
  if (platform.kind === 'web')
    log.info(`running in the browser's web worker host: files through vscode.workspace.fs, no lock file. ${platform.limits.join(' ')}`);
  log.info(`features loaded in ${(performance.now() - (mainStart ?? loadStart)).toFixed(1)} ms after activation`);
  return { session: () => current, ready, host, features, unhandledCommands };
}

/** The first workspace folder holding qda/project.yaml. */
async function findProjectFolder(): Promise<vscode.WorkspaceFolder | undefined> {
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    try {
      await vscode.workspace.fs.stat(vscode.Uri.joinPath(folder.uri, 'qda', 'project.yaml'));
      return folder;
    } catch {
      // not this one
    }
  }
  return undefined;
}
