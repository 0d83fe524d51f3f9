import * as vscode from 'vscode';
import { captureAnchor } from '../../core/anchor';
import { isoSeconds } from '../../core/time';
import type { Code, Coding } from '../../core/model';
import { type Project, ProjectError } from '../../core/project';
import { type SearchHit, locatedCodings } from '../../core/search';
import { CodePointIndex, codePointLength } from '../../core/text';
import type { CodePicker } from '../codes/codePicker';
import { requireSession, type Host } from '../host';
import { coderId } from '../projectCommands';
import type { SearchResultsView } from './resultsView';
import type { SearchService } from './searchService';

/** Arguments for scripts and tests: the code id, and `confirm: false` to skip the question. */
export interface CodeResultsArgs {
  code?: string;
  confirm?: boolean;
}

/** What "Code All Results With…" did. */
export interface CodeResultsOutcome {
  code: string;
  /** Passages coded now. */
  coded: number;
  /** Passages left alone because a coding of the code already overlaps them. */
  already: number;
  /** Passages left out because their transcript changed since the search. */
  changed: number;
}

interface Plan {
  bySource: Map<string, { text: string; passages: SearchHit[] }>;
  todo: number;
  already: number;
  changed: number;
}

/**
 * Codes every passage of the kept results with one code, in one undoable
 * step, one write per transcript. A passage that already overlaps a coding of
 * that code is skipped (it is already retrieved by the code), and so is one
 * whose transcript changed since the search (its offsets may be wrong now).
 */
export async function codeSearchResults(
  host: Host,
  picker: CodePicker,
  service: SearchService,
  view: SearchResultsView,
  args: CodeResultsArgs = {},
): Promise<CodeResultsOutcome | undefined> {
  const session = requireSession(host);
  const project = session.project;
  const kept = view.results;
  if (!kept) throw new ProjectError('Keep some results first: run “Search Project”, then “Keep Results”.');
  const hits = view.passages;
  if (!hits.length) throw new ProjectError(`The results for “${kept.query}” hold no transcript passages to code.`);
  let code: Code | undefined;
  if (args.code !== undefined) {
    code = project.codebook.codes.find((c) => c.id === args.code);
    if (!code) throw new ProjectError(`There is no code “${args.code}”.`);
  } else {
    code = await picker.pickOne('Code All Results With…', {
      activeOnly: true,
      placeholder: `The code for the ${hits.length} passage${hits.length === 1 ? '' : 's'} found by “${kept.query}”`,
    });
    if (!code) return undefined;
  }
  if (code.status !== 'active') throw new ProjectError(`“${code.name}” is ${code.status}: code with an active code.`);
  const coder = await coderId();
  if (!coder) return undefined;
  await service.settled();
  const plan = await planCodings(project, hits, code.id);
  const outcome: CodeResultsOutcome = { code: code.id, coded: 0, already: plan.already, changed: plan.changed };
  const left = [
    plan.already
      ? `${plan.already} already coded with it ${plan.already === 1 ? 'is' : 'are'} left as ${plan.already === 1 ? 'it is' : 'they are'}.`
      : '',
    plan.changed
      ? `${plan.changed} in transcripts changed since the search ${plan.changed === 1 ? 'is' : 'are'} left out: search again to include ${plan.changed === 1 ? 'it' : 'them'}.`
      : '',
  ]
    .filter(Boolean)
    .join(' ');
  if (plan.todo === 0) {
    void vscode.window.showInformationMessage(`No passage to code with “${code.name}”. ${left}`);
    return outcome;
  }
  const what = `${plan.todo} passage${plan.todo === 1 ? '' : 's'}`;
  if (args.confirm !== false) {
    const ok = await vscode.window.showWarningMessage(
      `Code ${what} with “${code.name}”?`,
      { modal: true, detail: `${left} You can undo this with “Reflexive QDA: Undo”.`.trim() },
      'Code',
    );
    if (ok !== 'Code') return undefined;
  }
  const at = isoSeconds(project.ports.clock.now());
  const codeId = code.id;
  await session.history.transaction(`Code ${what} found by “${kept.query}” with “${code.name}”`, async () => {
    for (const [source, { text, passages }] of plan.bySource) {
      const index = new CodePointIndex(text);
      const made: Coding[] = passages.map((p) => ({
        id: project.ports.ids.newId(),
        code: codeId,
        ...captureAnchor(index, p.start, p.end),
        coder,
        at,
      }));
      await project.changeCodings(source, (f) => ({ ...f, codings: [...f.codings, ...made] }));
      outcome.coded += made.length;
    }
  });
  await picker?.remember([codeId]);
  void vscode.window.showInformationMessage(`Coded ${what} with “${code.name}”.${left ? ` ${left}` : ''}`);
  return outcome;
}

/** Reads each transcript once and sorts the passages into to code, already coded, and changed since the search. */
async function planCodings(project: Project, hits: readonly SearchHit[], code: string): Promise<Plan> {
  const plan: Plan = { bySource: new Map(), todo: 0, already: 0, changed: 0 };
  const bySource = new Map<string, SearchHit[]>();
  for (const h of hits) {
    const list = bySource.get(h.source!);
    if (list) list.push(h);
    else bySource.set(h.source!, [h]);
  }
  for (const [source, list] of bySource) {
    const text = (await project.store.readText(source))?.text;
    if (text === undefined) {
      plan.changed += list.length;
      continue;
    }
    const index = new CodePointIndex(text);
    const coded = locatedCodings(
      text,
      (project.codings.get(source)?.codings ?? []).filter((c) => c.code === code),
    );
    const passages: SearchHit[] = [];
    const seen = new Set<string>();
    for (const h of list) {
      const s = h.snippet;
      if (h.end > index.length || index.slice(s.start, s.start + codePointLength(s.text)) !== s.text) plan.changed++;
      else if (coded.some((c) => c.start < h.end && c.end > h.start)) plan.already++;
      else if (!seen.has(`${h.start}-${h.end}`)) {
        seen.add(`${h.start}-${h.end}`);
        passages.push(h);
      }
    }
    if (passages.length) plan.bySource.set(source, { text, passages });
    plan.todo += passages.length;
  }
  return plan;
}
