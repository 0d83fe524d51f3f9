import * as vscode from 'vscode';
import { resolveDisagreement, type Disagreement, type Interval, type Resolution, type ResolutionResult } from '../../core/agreement';
import { ProjectError } from '../../core/project';
import { CodePointIndex } from '../../core/text';
import { requireSession, type Host } from '../host';
import { Settings } from '../ids';
import type { Comparison } from './comparison';

/** For scripts and tests: the consensus passage, in code points of the transcript. */
export interface ResolveOptions {
  span?: Interval;
}

interface Choice extends vscode.QuickPickItem {
  action: Resolution;
}

/** The four ways to settle a disagreement, in the coders' names. */
function choices(d: Disagreement, [a, b]: [string, string], consensus: string): Choice[] {
  const has = (ids: string[]) => ids.length > 0;
  return [
    {
      action: 'keepA',
      label: `Keep ${a}'s coding`,
      description: has(d.a) ? `${b}'s coding of this passage becomes ${a}'s` : `${b}'s coding is removed`,
    },
    {
      action: 'keepB',
      label: `Keep ${b}'s coding`,
      description: has(d.b) ? `${a}'s coding of this passage becomes ${b}'s` : `${a}'s coding is removed`,
    },
    { action: 'keepBoth', label: 'Keep both', description: `each coder also gets the passage only the other coded` },
    {
      action: 'consensus',
      label: 'Record a consensus coding…',
      description: `as ${consensus}; ${a}'s and ${b}'s codings stay as they are`,
    },
  ];
}

/** The step's name in the undo history. */
function label(action: Resolution, [a, b]: [string, string], consensus: string): string {
  if (action === 'keepA' || action === 'keepB') return `Keep ${action === 'keepA' ? a : b}'s coding`;
  return action === 'keepBoth' ? 'Keep both codings' : `Consensus coding (${consensus})`;
}

/** The consensus passage: the editor's selection on this passage, else a choice of extents. */
async function consensusSpan(
  d: Disagreement,
  coders: [string, string],
  isSource: (doc: vscode.TextDocument) => boolean,
): Promise<Interval | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (editor && !editor.selection.isEmpty && isSource(editor.document)) {
    const index = new CodePointIndex(editor.document.getText());
    const s = index.toCodePoint(editor.document.offsetAt(editor.selection.start));
    const e = index.toCodePoint(editor.document.offsetAt(editor.selection.end));
    if (s < d.end && e > d.start) return [s, e];
  }
  const extent = (spans: Interval[]): Interval | undefined => (spans.length ? [spans[0][0], spans[spans.length - 1][1]] : undefined);
  const options: { label: string; description: string; span: Interval }[] = [
    { label: 'The whole passage', description: 'from the first to the last word either coder coded', span: [d.start, d.end] },
  ];
  const a = extent(d.aSpans);
  const b = extent(d.bSpans);
  if (a) options.push({ label: `${coders[0]}'s passage`, description: '', span: a });
  if (b) options.push({ label: `${coders[1]}'s passage`, description: '', span: b });
  const placeHolder = 'Or select the agreed words in the transcript and run this again';
  const pick = await vscode.window.showQuickPick(options, { title: 'Consensus coding: which words?', placeHolder });
  return pick?.span;
}

/**
 * Settles a disagreement (the current one unless given) in one undoable step:
 * keep A's, keep B's, keep both, or record a consensus coding.
 */
export async function resolveCommand(
  host: Host,
  comparison: Comparison,
  target?: Disagreement | string,
  action?: Resolution,
  opts: ResolveOptions = {},
): Promise<ResolutionResult | undefined> {
  const session = requireSession(host);
  const coders = comparison.coders;
  if (!coders) throw new ProjectError('Run “Compare Coders” first.');
  const id = typeof target === 'string' ? target : target?.id;
  const d = id ? comparison.disagreements.find((x) => x.id === id) : comparison.current();
  if (!d && id) throw new ProjectError('That disagreement is no longer there: the codings changed meanwhile.');
  if (!d) throw new ProjectError('Choose a disagreement in the Disagreements list first.');
  const consensus = comparison.consensusCoder();
  const title = `Resolve: ${d.text ? `“${d.text.slice(0, 50)}${d.text.length > 50 ? '…' : ''}”` : d.code}`;
  const chosen = action ?? (await vscode.window.showQuickPick(choices(d, coders, consensus), { title }))?.action;
  if (!chosen) return undefined;
  const doc = vscode.workspace.textDocuments.find((t) => t.uri.toString() === session.files.uri(d.source).toString());
  if (doc?.isDirty) throw new ProjectError(`Save ${d.source} first: the disagreement is resolved on the transcript as saved.`);
  let span = opts.span;
  if (chosen === 'consensus') {
    if (coders.includes(consensus)) {
      throw new ProjectError(
        `The consensus coder id “${consensus}” is one of the coders compared: choose another in the setting ${Settings.consensusCoder}.`,
      );
    }
    span ??= await consensusSpan(d, coders, (t) => session.files.relative(t.uri) === d.source);
    if (!span) return undefined;
  }
  const step = label(chosen, coders, consensus);
  const result = await session.history.transaction(step, () =>
    resolveDisagreement(session.project, d, chosen, { coders, consensusCoder: consensus, span }),
  );
  await comparison.refresh();
  const changed = result.add.length + result.move.length + result.remove.length;
  void vscode.window.setStatusBarMessage(changed ? `${step}: done (Reflexive QDA: Undo reverts it)` : `${step}: nothing to change`, 5000);
  return result;
}
