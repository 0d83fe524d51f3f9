/**
 * What the Matrices panel and its webview say to each other, as zod schemas:
 * both sides validate what they receive, so a stale page or a malformed
 * message is dropped, never acted on. Shared by src/vscode (host) and
 * src/webview (browser): no vscode, no DOM.
 */
// A namespace import, not { z }: it lets the bundler drop zod's locales from the webview.
import * as z from 'zod';

export type MatrixKind = 'cooccurrence' | 'attribute' | 'framework';
export const MATRIX_KINDS: readonly MatrixKind[] = ['cooccurrence', 'attribute', 'framework'];

/** What the researcher chose in the panel. */
export interface MatrixOptions {
  matrix: MatrixKind;
  /** cooccurrence: counts | passages | jaccard; attribute: codings | participants | share; framework: ignored. */
  measure: string;
  /** The participant attribute of the attribute matrix; null before there is one. */
  attribute: string | null;
  /** One coder's codings; null for every coder. */
  coder: string | null;
}

/** A row of the heat map: a code. */
export interface ViewRow {
  id: string;
  label: string;
  /** 0 for a top-level code: the panel indents children. */
  depth: number;
  color?: string;
}

/** A column: a code, an attribute value, or (id null) the attribute's "No value". */
export interface ViewColumn {
  id: string | null;
  label: string;
}

/** A row of the framework matrix: a participant, or a transcript of no participant. */
export interface FrameworkViewRow {
  kind: 'participant' | 'source';
  id: string;
  label: string;
  sources: string[];
}

export interface MatrixView {
  /** Increases with every update; the webview echoes it when it has drawn it. */
  version: number;
  title: string;
  options: MatrixOptions;
  /** Measures of the chosen matrix: value and label. */
  measures: { value: string; label: string }[];
  coders: string[];
  attributes: string[];
  /** What a cell holds, in a sentence. */
  caption: string;
  /** Definitions, the coder, what was left out. */
  notes: string[];
  rows: ViewRow[];
  columns: ViewColumn[];
  /** values[row][column]; null where the figure does not exist. */
  values: (number | null)[][];
  format: 'count' | 'share' | 'index';
  /** The diagonal holds each code's own total (co-occurrence): drawn apart, not on the colour scale. */
  diagonal: boolean;
  /** Framework only: the cases (rows are then these, columns the codes, values the passage counts). */
  cases?: FrameworkViewRow[];
  /** Framework only: summaries[case][code]. */
  summaries?: (string | null)[][];
}

/** One passage listed for a cell, with its text as the transcript holds it now. */
export interface PassageItem {
  source: string;
  start: number;
  end: number;
  line: number;
  text: string;
  coder?: string;
  /** The code the coding was written with, when it differs (a merged code). */
  codedAs?: string;
}

/** A cell, as the webview names it. */
export type CellRef =
  | { matrix: 'cooccurrence' | 'attribute'; row: string; column: string | null }
  | { matrix: 'framework'; case: { kind: 'participant' | 'source'; id: string }; code: string };

/** Host -> webview. */
export type HostMessage =
  | { type: 'update'; view: MatrixView }
  | { type: 'passages'; cell: CellRef; title: string; search?: string; passages: PassageItem[] }
  | { type: 'saved'; cell: CellRef; text: string }
  | { type: 'empty'; message: string }
  | { type: 'status'; message: string; severity: 'info' | 'error' };

const id = z.string().min(1).max(2000);
const caseRef = z.object({ kind: z.enum(['participant', 'source']), id });
const cellSchema = z.union([
  z.object({ matrix: z.enum(['cooccurrence', 'attribute']), row: id, column: id.nullable() }),
  z.object({ matrix: z.literal('framework'), case: caseRef, code: id }),
]);

export const optionsSchema = z.object({
  matrix: z.enum(['cooccurrence', 'attribute', 'framework']),
  measure: z.string().min(1).max(40),
  attribute: z.string().min(1).max(500).nullable(),
  coder: z.string().min(1).max(200).nullable(),
});

const num = z.number();
const viewSchema = z.object({
  version: num,
  title: z.string(),
  options: optionsSchema,
  measures: z.array(z.object({ value: z.string(), label: z.string() })),
  coders: z.array(z.string()),
  attributes: z.array(z.string()),
  caption: z.string(),
  notes: z.array(z.string()),
  rows: z.array(z.object({ id: z.string(), label: z.string(), depth: num, color: z.string().optional() })),
  columns: z.array(z.object({ id: z.string().nullable(), label: z.string() })),
  values: z.array(z.array(num.nullable())),
  format: z.enum(['count', 'share', 'index']),
  diagonal: z.boolean(),
  cases: z
    .array(z.object({ kind: z.enum(['participant', 'source']), id: z.string(), label: z.string(), sources: z.array(z.string()) }))
    .optional(),
  summaries: z.array(z.array(z.string().nullable())).optional(),
});

const passageSchema = z.object({
  source: z.string(),
  start: num,
  end: num,
  line: num,
  text: z.string(),
  coder: z.string().optional(),
  codedAs: z.string().optional(),
});

/** Validates host -> webview messages (in the webview). */
export const hostMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('update'), view: viewSchema }),
  z.object({
    type: z.literal('passages'),
    cell: cellSchema,
    title: z.string(),
    search: z.string().optional(),
    passages: z.array(passageSchema),
  }),
  z.object({ type: z.literal('saved'), cell: cellSchema, text: z.string() }),
  z.object({ type: z.literal('empty'), message: z.string() }),
  z.object({ type: z.literal('status'), message: z.string(), severity: z.enum(['info', 'error']) }),
]);

export type ExportFormat = 'csv' | 'xlsx' | 'svg' | 'md';

/** What the webview drew for one view: proof for tests that rendering happened, and what it shows. */
export interface RenderedState {
  version: number;
  rows: number;
  columns: number;
  /** Cells whose number is printed. */
  printed: number;
  /** Elements that must never come from user text (img, script, iframe, on* attributes). */
  injected: number;
  text: string;
}

/** Webview -> host. */
export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'setOptions'; options: Partial<MatrixOptions> }
  | { type: 'openCell'; cell: CellRef }
  | { type: 'reveal'; source: string; start: number; end: number }
  | { type: 'search'; query: string }
  | { type: 'saveSummary'; cell: CellRef; text: string }
  /** `rows`: the row ids (or case ids) shown, in the order shown: the export holds what the researcher sees. */
  | { type: 'export'; format: ExportFormat; rows: string[] }
  | { type: 'rendered'; state: RenderedState }
  | { type: 'shownPassages'; count: number; text: string };

/** Validates webview -> host messages (in the extension host). */
export const webviewMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('setOptions'), options: optionsSchema.partial() }),
  z.object({ type: z.literal('openCell'), cell: cellSchema }),
  z.object({ type: z.literal('reveal'), source: id, start: z.number().int().min(0), end: z.number().int().min(0) }),
  z.object({ type: z.literal('search'), query: z.string().min(1).max(4000) }),
  z.object({ type: z.literal('saveSummary'), cell: cellSchema, text: z.string().max(100000) }),
  z.object({ type: z.literal('export'), format: z.enum(['csv', 'xlsx', 'svg', 'md']), rows: z.array(id).max(100000) }),
  z.object({
    type: z.literal('rendered'),
    state: z.object({ version: num, rows: num, columns: num, printed: num, injected: num, text: z.string().max(500000) }),
  }),
  z.object({ type: z.literal('shownPassages'), count: num, text: z.string().max(500000) }),
]);
