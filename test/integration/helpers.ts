import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ReflexiveQdaApi } from '../../src/extension';
import type { Features } from '../../src/main';
import type { ProjectSession } from '../../src/vscode/session';

export const EXTENSION_ID = 'reflexive-qda.reflexive-qda';

/** The extension's API once activated and its project opened. */
export async function openSession(): Promise<ProjectSession> {
  const ext = vscode.extensions.getExtension<ReflexiveQdaApi>(EXTENSION_ID);
  assert.ok(ext, 'extension not found');
  const api = await ext.activate();
  const session = (await api.ready) ?? api.session();
  assert.ok(session, 'no project session: the workspace should hold qda/project.yaml');
  return session;
}

/** The extension's features, typed, once activated. */
export async function features(): Promise<Features> {
  const ext = vscode.extensions.getExtension<ReflexiveQdaApi>(EXTENSION_ID);
  assert.ok(ext, 'extension not found');
  const api = await ext.activate();
  return ((await (api as unknown as { loaded?: Promise<ReflexiveQdaApi> }).loaded) ?? api).features;
}

/** Polls `probe` until it returns a truthy value (or throws after `ms`). */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 10000): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

export function workspaceUri(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

export async function readText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

export async function writeText(uri: vscode.Uri, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
}

/**
 * Exports that quote refuse without a pseudonym map (#19): suites that test an export itself give the
 * project an empty map first (names: none; emails and phone numbers still replaced), unless one exists.
 */
export async function ensurePseudonymMap(): Promise<void> {
  const uri = workspaceUri('qda', 'private', 'pseudonyms.yaml');
  try {
    await vscode.workspace.fs.stat(uri);
  } catch {
    await writeText(uri, 'names: {}\n');
  }
}
