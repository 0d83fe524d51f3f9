import * as vscode from 'vscode';
import { shownColors } from '../../core/codes';
import { memosForCode, memosForPassage, memoTime, memoTitle } from '../../core/memos';
import { CodePointIndex } from '../../core/text';
import { escapeMarkdownLine as esc } from '../../core/output';
import type { Host } from '../host';
import { Commands } from '../ids';
import type { LiveCodings } from './liveCodings';

/** Extra hover lines for a passage, supplied by other features. */
export type PassageHoverContributor = (source: string, start: number, end: number) => string[];

/**
 * Hovering a coded passage lists its codes, coder, note and linked memos, with
 * links to remove, recode or annotate the coding.
 */
export class CodingHover implements vscode.HoverProvider {
  readonly contributors: PassageHoverContributor[] = [];

  constructor(
    private readonly host: Host,
    private readonly live: LiveCodings,
  ) {}

  provideHover(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const l = this.live.get(doc);
    const project = this.host.session()?.project;
    const source = this.live.sourceOf(doc);
    if (!l || !project || !source) return undefined;
    const text = doc.getText();
    const index = new CodePointIndex(text);
    const at = l.at(index.toCodePoint(doc.offsetAt(position)));
    if (!at.length) return undefined;
    const md = new vscode.MarkdownString(undefined, true);
    md.isTrusted = {
      enabledCommands: [Commands.removeCoding, Commands.recodeCoding, Commands.addCodingNote, Commands.showPassages, 'vscode.open'],
    };
    // HTML only for the colour mark (VS Code keeps nothing but a span's colour); every user text is escaped (no tags)
    md.supportHtml = true;
    const colors = shownColors(project.codebook.codes);
    for (const e of at) {
      const code = project.codebook.codes.find((c) => c.id === e.coding.code);
      const ref = encodeURIComponent(JSON.stringify([{ source, id: e.coding.id }]));
      md.appendMarkdown(`${swatch(colors.get(e.coding.code))} **${esc(code?.name ?? e.coding.code)}**`);
      if (e.coding.coder) md.appendMarkdown(` · ${esc(e.coding.coder)}`);
      if (e.coding.at) md.appendMarkdown(` · ${esc(e.coding.at.slice(0, 10))}`);
      md.appendMarkdown('\n\n');
      if (e.coding.note) md.appendMarkdown(`> ${esc(e.coding.note)}\n\n`);
      md.appendMarkdown(
        `[Remove](command:${Commands.removeCoding}?${ref} "Remove this coding") · [Recode…](command:${Commands.recodeCoding}?${ref} "Apply another code instead") · [Note…](command:${Commands.addCodingNote}?${ref} "Add or edit a note")`,
      );
      if (code)
        md.appendMarkdown(
          ` · [All passages](command:${Commands.showPassages}?${encodeURIComponent(JSON.stringify([code.id]))} "Show every passage coded ${esc(code.name).replace(/"/g, '\\"')}")`,
        );
      md.appendMarkdown('\n\n---\n\n');
    }
    const outer = at[at.length - 1];
    // Memos linked to this passage, then memos about its codes: the reflexive record, at hand.
    const session = this.host.session()!;
    const memoLink = (path: string) => `command:vscode.open?${encodeURIComponent(JSON.stringify([session.files.uri(path)]))}`;
    const onPassage = memosForPassage(project, source, outer.start, outer.end, text).map((m) => m.memo);
    const onCodes = [...new Set(at.map((e) => e.coding.code))]
      .flatMap((id) => memosForCode(project, id))
      .filter((m) => !onPassage.includes(m));
    for (const [label, memos] of [
      ['Memos on this passage', onPassage],
      ['Memos on its codes', onCodes],
    ] as const) {
      if (!memos.length) continue;
      md.appendMarkdown(`**${label}**\n\n`);
      for (const m of [...new Set(memos)].slice(0, 5))
        md.appendMarkdown(
          `- $(note) [${esc(memoTitle(m))}](${memoLink(m.path)}) · ${esc(m.meta.kind)} · ${esc(memoTime(m.meta.created))}\n`,
        );
      md.appendMarkdown('\n');
    }
    for (const contribute of this.contributors)
      for (const line of contribute(source, outer.start, outer.end)) md.appendMarkdown(`${line}\n\n`);
    const inner = at[0];
    return new vscode.Hover(md, new vscode.Range(doc.positionAt(index.toUtf16(inner.start)), doc.positionAt(index.toUtf16(inner.end))));
  }
}

/** A mark in the code's colour as the transcript shows it (its theme's when it has none); a plain icon without one. */
function swatch(color: string | undefined): string {
  return color && /^#[0-9a-f]{6}$/.test(color) ? `<span style="color:${color};">■</span>` : '$(symbol-field)';
}
