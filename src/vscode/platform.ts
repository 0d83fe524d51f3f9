import type * as vscode from 'vscode';
import type { LockingFileSystemPort, Project } from '../core/project';
import { WorkspaceFiles } from './workspaceFiles';

/**
 * What differs between the two extension hosts the extension runs in: the
 * desktop's Node host (VS Code, code-server's server, a remote host) and the
 * browser's web worker host (vscode.dev, github.dev). The feature code is the
 * same in both; each entry (src/nodeMain.ts, src/web/extension.ts) passes its own.
 */
export interface Platform {
  /** 'desktop': the Node extension host; 'web': a web worker in the browser. */
  readonly kind: 'desktop' | 'web';
  /** The file port of a workspace folder. */
  files(root: vscode.Uri): WorkspaceFiles;
  /** What this host cannot do, one sentence each, in researchers' words (none on the desktop). */
  readonly limits: readonly string[];
  /** Exports to the local disk, where links can be followed to see where a file lands (desktop only). */
  readonly diskExports?: DiskExports;
  /**
   * Serves a generated page (read afresh at each request) at a new loopback http address, for a browser
   * that cannot open the host's files (desktop host only: the web worker host cannot listen).
   */
  readonly servePage?: (read: () => Promise<Uint8Array>, name: string) => Promise<string>;
}

/** The Node side of the export rule (src/node/exportTarget.ts), for `file:` targets on the desktop. */
export interface DiskExports {
  /** The absolute path an export to `file` may be written at (links followed); a ProjectError says why not. */
  resolve(project: Project, root: string, file: string): Promise<string>;
  /** Writes the file atomically. */
  write(file: string, data: Uint8Array): Promise<void>;
}

/**
 * The browser's web worker host: every file through `vscode.workspace.fs`, no
 * lock file (the `qda` CLI cannot run beside it), no child processes.
 */
export const webPlatform: Platform = {
  kind: 'web',
  files: (root) => new WorkspaceFiles(root),
  limits: [
    'Git cannot merge the qda files by id here: the merge driver needs git on a desktop (run "qda git-setup" once in a desktop clone).',
    'The qda command-line tool (import, export, validate, merge-driver) needs Node on a desktop.',
  ],
};

/**
 * The desktop's Node host; `disk` gives the Node file port (lock file, fsync) for `file:` folders,
 * `diskExports` the export rule's Node side.
 */
export function desktopPlatform(
  disk: (fsPath: string) => LockingFileSystemPort,
  diskExports: DiskExports,
  servePage?: Platform['servePage'],
): Platform {
  return {
    kind: 'desktop',
    files: (root) => new WorkspaceFiles(root, root.scheme === 'file' ? disk(root.fsPath) : undefined),
    limits: [],
    diskExports,
    servePage,
  };
}

/**
 * Resolves after the host has had a turn: `setImmediate` where Node has it (no
 * 1 ms clamp), else a zero timeout (a web worker has no setImmediate).
 */
export function yieldToHost(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof setImmediate === 'function') setImmediate(resolve);
    else setTimeout(resolve, 0);
  });
}
