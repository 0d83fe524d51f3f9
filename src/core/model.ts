/**
 * The project's data as the format (docs/format.md) defines it. Objects read from
 * disk keep keys this version does not know (`[key: string]: unknown`) so that a
 * rewrite preserves a newer tool's data.
 */

export type CodeStatus = 'active' | 'merged' | 'retired';

export interface Revision {
  at: string;
  by?: string;
  note?: string;
  [key: string]: unknown;
}

export interface Code {
  /** Stable, unique, never reused; [a-z0-9-]+ */
  id: string;
  name: string;
  parent?: string;
  color?: string;
  definition?: string;
  include?: string;
  exclude?: string;
  example?: string;
  status: CodeStatus;
  mergedInto?: string;
  created?: string;
  revised?: Revision[];
  [key: string]: unknown;
}

export interface Codebook {
  codes: Code[];
  [key: string]: unknown;
}

/** A W3C text-quote anchor plus the fast-path offsets, in code points. */
export interface Anchor {
  start: number;
  end: number;
  text: string;
  before?: string;
  after?: string;
}

export interface Coding extends Anchor {
  id: string;
  /** A code id from the codebook. */
  code: string;
  coder?: string;
  at?: string;
  note?: string;
  [key: string]: unknown;
}

export interface CodingsFile {
  /** Workspace-relative path of the transcript. */
  source: string;
  codings: Coding[];
  [key: string]: unknown;
}

export type MemoKind = 'reflexive' | 'analytic' | 'methodological' | 'theoretical';
export const MEMO_KINDS: readonly MemoKind[] = ['reflexive', 'analytic', 'methodological', 'theoretical'];

export interface MemoLink {
  code?: string;
  source?: string;
  start?: number;
  end?: number;
  text?: string;
  before?: string;
  after?: string;
  [key: string]: unknown;
}

export interface MemoFrontMatter {
  id: string;
  created: string;
  author?: string;
  kind: MemoKind;
  links?: MemoLink[];
  [key: string]: unknown;
}

export interface Memo {
  /** Workspace-relative path, e.g. "qda/memos/2026-03-16-first-impressions.md". */
  path: string;
  meta: MemoFrontMatter;
  /** The Markdown after the front matter. */
  body: string;
}

/**
 * A participant's withdrawal from the study. From its date on, everything of
 * theirs is left out of every analysis and export (src/core/participants).
 */
export interface Withdrawal {
  /** ISO date (yyyy-mm-dd), kept as text. */
  date: string;
  reason?: string;
  /** Set when their transcripts, codings and survey answers were deleted: reinstating is then impossible. */
  purged?: string;
  [key: string]: unknown;
}

export interface Participant {
  id: string;
  sources?: string[];
  /** ISO date (yyyy-mm-dd), kept as text. */
  interviewed?: string;
  attributes?: Record<string, string>;
  /** Present when the participant withdrew. */
  withdrawn?: Withdrawal;
  /** Their consent to be named in reports, and the name they chose (docs/format.md). */
  credit?: Credit;
  [key: string]: unknown;
}

/** A participant's choice about being credited by name in reports (the findings report's Contributors). */
export interface Credit {
  /** True only when they agreed to be named. */
  consent: boolean;
  /** The name they chose to be credited under. */
  name?: string;
  /** When they gave (or withdrew) consent, yyyy-mm-dd. */
  date?: string;
  [key: string]: unknown;
}

export interface Participants {
  attributes?: Record<string, string[]>;
  participants: Participant[];
  /** attribute -> category -> proportion */
  target?: Record<string, Record<string, number>>;
  [key: string]: unknown;
}

/**
 * One cell of the framework matrix written by the team: a short summary of what
 * one participant (or, for a transcript no participant claims, one source) said
 * about one code. Stored in qda/framework.yaml (docs/format.md).
 */
export interface FrameworkSummary {
  /** The participant's id; exactly one of `participant` and `source` is set. */
  participant?: string;
  /** The source's path, for a transcript that belongs to no participant. */
  source?: string;
  /** A code id. */
  code: string;
  summary: string;
  /** Who last wrote it. */
  by?: string;
  /** When it was last written (ISO 8601). */
  at?: string;
  [key: string]: unknown;
}

export interface FrameworkFile {
  summaries: FrameworkSummary[];
  [key: string]: unknown;
}

/** How a survey column is used: the respondent id, a participant attribute, an open answer (a codable source) or kept as data. */
export type SurveyColumnUse = 'id' | 'attribute' | 'text' | 'data';

export interface SurveyColumn {
  /** The column's name as in the imported file. */
  name: string;
  use: SurveyColumnUse;
  /** For `attribute`: the declared attribute it fills. */
  attribute?: string;
  /** For `text`: the transcript made of its answers. */
  source?: string;
  [key: string]: unknown;
}

export interface SurveyRespondent {
  id: string;
  /** Column name -> answer; empty answers are left out. */
  answers: Record<string, string>;
  [key: string]: unknown;
}

/** One wave of a survey: qda/surveys/<wave>.yaml. */
export interface Survey {
  /** The wave's name (the file's name): `start`, `end`, … */
  wave: string;
  /** When it was imported (ISO 8601). */
  imported?: string;
  /** The file it was imported from (its name only). */
  from?: string;
  sheet?: string;
  columns: SurveyColumn[];
  respondents: SurveyRespondent[];
  [key: string]: unknown;
}

/** A range of a source spoken by one person, in code points (end exclusive). */
export interface OwnedRange {
  /** The participant (respondent) id the turn is labelled with. */
  owner: string;
  start: number;
  end: number;
}

export interface SaturationSettings {
  order: string[];
  baseSize: number;
  runLength: number;
  threshold: number;
}

export interface ProjectConfig {
  format: 1;
  title?: string;
  sources: string[];
  saturation?: Partial<SaturationSettings> & { /** Count surveys' open answers as units. */ surveys?: boolean };
  [key: string]: unknown;
}

export const DEFAULT_SATURATION: SaturationSettings = { order: [], baseSize: 4, runLength: 2, threshold: 0.05 };

/** Where a coding's passage is now. */
export type AnchorState = 'exact' | 'moved' | 'orphaned';

export interface Located {
  state: AnchorState;
  /** Code point offsets: the new place when moved, as stored when orphaned. */
  start: number;
  end: number;
}

/** A problem in a project file, 1-based, columns in code points. */
export interface Problem {
  /** Workspace-relative path. */
  file: string;
  line: number;
  column: number;
  /** The column in UTF-16 units when it differs from `column` (for editors). */
  utf16Column?: number;
  message: string;
  severity: 'error' | 'warning';
}
