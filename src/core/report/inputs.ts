/**
 * What the findings report is written from: the project's own analyses
 * (codebook, saturation, representativeness, agreement, attribute matrices,
 * review rounds, memos), each asked once, never recomputed here. What is
 * included follows `inclusion(project)`, so a withdrawn participant's words,
 * codings and attributes are absent.
 */
import { codersIn, projectAgreement, type AgreementReport } from '../agreement';
import { codebookData, resolveCode, type CodebookData } from '../codes';
import { attributeMatrix, attributeNames, projectMatrixInput, type AttributeMatrix } from '../matrices';
import { chronological } from '../memos';
import type { Code, Memo } from '../model';
import { inclusion, projectRepresentativeness, type Inclusion, type Representativeness } from '../participants';
import type { Project } from '../project';
import { chooseExamples, reviewSummary, type Example, type ReviewSummary } from '../review';
import { projectSaturation, type SaturationReport } from '../saturation';
import { parseTranscript, type TranscriptStructure } from '../transcripts';
import { decodeUtf8 } from '../text';
import type { ReportPseudonyms } from './pseudonyms';

export type MemoDetail = 'full' | 'first-paragraph';

export interface ReportOptions {
  pseudonyms: ReportPseudonyms;
  /** Reflexive memos in full (default) or their first paragraphs. */
  memos?: MemoDetail;
  /** Quotes per code, 1 to 3 (default 3). */
  quotes?: number;
  now?: Date;
}

/** A quote with who said it and where, pseudonymised. */
export interface Quote {
  text: string;
  attribution: string;
  chosen: boolean;
}

/** Support of one code: codings and the people (or sources) they are in. */
export interface Support {
  codings: number;
  people: Set<string>;
}

/** Everything the sections are written from: computed once, pseudonymisation not yet applied. */
export interface ReportInputs {
  project: Project;
  inc: Inclusion;
  data: CodebookData;
  /** The one pseudonymisation step (see pseudonyms.ts). */
  p: (text: string) => string;
  pseudonymStatement: string;
  pseudonymised: boolean;
  /** Per active code id: its own codings (merged codes counted with their target). */
  support: Map<string, Support>;
  /** Participants included (withdrawn left out). */
  participantIds: string[];
  matrices: AttributeMatrix[];
  quotes: Map<string, Quote[]>;
  saturation: SaturationReport;
  composition?: Representativeness;
  coders: { coder: string; codings: number; sources: number }[];
  agreement: AgreementReport[];
  review: ReviewSummary;
  memos: Memo[];
  memoDetail: MemoDetail;
  generated: string;
}

/** Agreement is computed for every pair of coders up to this many coders (6 pairs). */
const MAX_AGREEMENT_CODERS = 4;

/** Runs every analysis the report draws on. */
export async function gatherInputs(project: Project, opts: ReportOptions): Promise<ReportInputs> {
  const inc = inclusion(project);
  const now = opts.now ?? project.ports.clock.now();
  const included = inc.participants();
  const owner = new Map<string, string>();
  for (const person of included?.participants ?? []) for (const s of person.sources ?? []) owner.set(s, person.id);
  // Whose words a passage is: the source's participant, else the respondent whose turn it is (survey answers), else the source.
  const whose = (source: string, start: number): string =>
    owner.get(source) ?? project.sharedTurns.get(source)?.find((r) => r.start <= start && start < r.end)?.owner ?? source;

  const all = new Map<string, Code>(project.codebook.codes.map((c) => [c.id, c]));
  const support = new Map<string, Support>();
  for (const [source, list] of inc.codings()) {
    for (const c of list) {
      const code = resolveCode(all, c.code);
      if (!code || code.status !== 'active') continue;
      const s = support.get(code.id) ?? { codings: 0, people: new Set<string>() };
      s.codings++;
      s.people.add(whose(source, c.start));
      support.set(code.id, s);
    }
  }

  const input = await projectMatrixInput(project);
  const matrices = attributeNames(input.participants).map((a) => attributeMatrix(input, a));
  const n = Math.max(1, Math.min(3, opts.quotes ?? 3));
  const examples = chooseExamples(project, n, { spreadBy: (s) => owner.get(s) ?? s });
  const quotes = await attributeQuotes(project, examples, whose, opts.pseudonyms.apply);

  const coders = codersIn(project);
  const agreement: AgreementReport[] = [];
  const names = coders.slice(0, MAX_AGREEMENT_CODERS).map((c) => c.coder);
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const r = await projectAgreement(project, { coders: [names[i], names[j]], unit: 'character' });
      if (r.sources.length) agreement.push(r);
    }
  }
  let composition: Representativeness | undefined;
  try {
    composition = project.participants ? projectRepresentativeness(project) : undefined;
  } catch {
    composition = undefined; // a survey wave named as target is gone: the methods say there is no comparison
  }
  return {
    project,
    inc,
    data: codebookData(project, now),
    p: opts.pseudonyms.apply,
    pseudonymStatement: opts.pseudonyms.statement,
    pseudonymised: opts.pseudonyms.pseudonymised,
    support,
    participantIds: (included?.participants ?? []).map((x) => x.id),
    matrices,
    quotes,
    saturation: projectSaturation(project),
    composition,
    coders,
    agreement,
    review: await reviewSummary(project),
    memos: chronological([...project.memos.values()].filter((m) => m.meta.kind === 'reflexive')),
    memoDetail: opts.memos ?? 'full',
    generated: now.toISOString(),
  };
}

/** Each example with its speaker's pseudonym and its time stamp, or else its turn number. */
async function attributeQuotes(
  project: Project,
  examples: Map<string, Example[]>,
  whose: (source: string, start: number) => string,
  p: (s: string) => string,
): Promise<Map<string, Quote[]>> {
  const structures = new Map<string, TranscriptStructure | null>();
  const out = new Map<string, Quote[]>();
  for (const [code, list] of examples) {
    const quotes: Quote[] = [];
    for (const e of list) {
      let structure = structures.get(e.source);
      if (structure === undefined) {
        const bytes = await project.ports.files.read(e.source);
        structure = bytes ? parseTranscript(decodeUtf8(bytes).text) : null;
        structures.set(e.source, structure);
      }
      const turns = structure?.turns ?? [];
      let at = -1;
      turns.forEach((t, i) => {
        if (t.span.cpStart <= e.start && e.start < Math.max(t.span.cpEnd, t.span.cpStart + 1)) at = i;
      });
      const turn = at >= 0 ? turns[at] : undefined;
      const where = turn?.timestamp ? turn.timestamp.text.replace(/^\[|\]$/g, '') : turn ? `turn ${at + 1}` : '';
      quotes.push({ text: p(e.text), attribution: p([whose(e.source, e.start), where].filter(Boolean).join(', ')), chosen: e.chosen });
    }
    out.set(code, quotes);
  }
  return out;
}
