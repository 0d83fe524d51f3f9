import * as vscode from 'vscode';
import { type SearchHit, hitPath, hitPosition } from '../../core/search';
import { ProjectError } from '../../core/project';
import { CodePointIndex } from '../../core/text';
import type { CodesFeature } from '../codes/codeCommands';
import { requireSession, type Host } from '../host';
import { Commands } from '../ids';

/**
 * Shows a hit: a passage is selected in its transcript, a memo is opened at its
 * first match, a code is selected in the Codes view and opened in the codebook.
 */
export async function revealHit(host: Host, codes: CodesFeature, hit: SearchHit): Promise<vscode.TextEditor | undefined> {
  const session = requireSession(host);
  if (hit.kind === 'code') {
    const code = session.project.codebook.codes.find((c) => c.id === hit.code);
    if (!code) throw new ProjectError(`The code “${hit.code}” is no longer in the codebook.`);
    if (codes.view.visible) await Promise.resolve(codes.view.reveal(code, { select: true, focus: false })).catch(() => undefined);
    await vscode.commands.executeCommand(Commands.openCodeInCodebook, code);
    return vscode.window.activeTextEditor;
  }
  const path = hitPath(hit);
  const doc = await vscode.workspace.openTextDocument(session.files.uri(path));
  const text = doc.getText();
  const pos = hitPosition(hit, text);
  let { start, end } = pos;
  if (hit.kind === 'memo') {
    // A memo's hit is its whole body: the first match is what the researcher looks for.
    const mark = hit.snippet.marks[0];
    const base = pos.start - hit.start + hit.snippet.start;
    [start, end] = mark ? [base + mark[0], base + mark[1]] : [pos.start, pos.start];
  }
  const index = new CodePointIndex(text);
  const range = new vscode.Range(doc.positionAt(index.toUtf16(start)), doc.positionAt(index.toUtf16(end)));
  const editor = await vscode.window.showTextDocument(doc, { selection: range, preview: true });
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return editor;
}

/** Where a hit is, for a list: the transcript and speaker, the memo, or the code and the field that matched. */
export function hitWhere(host: Host, hit: SearchHit): string {
  if (hit.kind === 'passage') return [hit.source!.split('/').pop(), hit.speaker].filter(Boolean).join(' · ');
  if (hit.kind === 'memo') return `memo ${hit.memo!.split('/').pop()!.replace(/\.md$/, '')}`;
  return `code ${codeName(host, hit.code!)}${hit.field && hit.field !== 'name' ? ` (${hit.field})` : ''}`;
}

/** The codes on a hit by name, for a list. */
export function hitCodes(host: Host, hit: SearchHit): string {
  return hit.codes.map((id) => codeName(host, id)).join(', ');
}

function codeName(host: Host, id: string): string {
  return host.session()?.project.codebook.codes.find((c) => c.id === id)?.name ?? id;
}
