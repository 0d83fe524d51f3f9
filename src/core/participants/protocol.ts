/**
 * What the Participants grid and the survey import preview say to their
 * webviews, as zod schemas: both sides validate what they receive, so a stale
 * page or a malformed message is dropped, never acted on. No vscode, no DOM.
 */
// A namespace import, not { z }: it lets the bundler drop zod's locales from the webview.
import * as z from 'zod';
import type { GridView, TargetChoice } from './grid';
import type { SurveyImportPlan } from './surveyImport';

const text = z.string().max(10000);
const num = z.number();
const targetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('participants') }),
  z.object({ kind: z.literal('survey'), wave: text }),
]);

/** Checked in the webview before drawing: the fields it reads. */
const gridViewSchema = z.looseObject({
  version: num,
  title: text,
  attributes: z.array(z.looseObject({ name: text, values: z.array(text), declared: z.boolean() })),
  rows: z.array(
    z.looseObject({
      id: text,
      attributes: z.record(z.string(), z.string()),
      sources: z.array(z.looseObject({ path: text, codings: num })),
      codings: num,
      waves: z.array(text),
      withdrawn: z.looseObject({ date: text, reason: text.optional(), purged: text.optional() }).nullable(),
    }),
  ),
  waves: z.array(text),
  target: targetSchema,
  targets: z.array(targetSchema),
  composition: z.looseObject({ participants: num, attributes: z.array(z.looseObject({ attribute: text })) }),
});

/** Host -> grid webview. */
export type GridHostMessage = { type: 'update'; view: GridView } | { type: 'status'; message: string; severity: 'info' | 'error' };
export const gridHostMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('update'), view: gridViewSchema }),
  z.object({ type: z.literal('status'), message: text, severity: z.enum(['info', 'error']) }),
]);

/** Grid webview -> host. */
export type GridWebviewMessage =
  | { type: 'ready' }
  | { type: 'setAttribute'; participant: string; attribute: string; value: string }
  | { type: 'setTarget'; target: TargetChoice }
  | { type: 'withdraw'; participant: string }
  | { type: 'reinstate'; participant: string }
  | { type: 'openSource'; path: string }
  | { type: 'importSurvey' }
  | { type: 'rendered'; version: number; rows: number; withdrawn: number; text: string };
export const gridWebviewMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('setAttribute'), participant: text, attribute: text, value: text }),
  z.object({ type: z.literal('setTarget'), target: targetSchema }),
  z.object({ type: z.literal('withdraw'), participant: text }),
  z.object({ type: z.literal('reinstate'), participant: text }),
  z.object({ type: z.literal('openSource'), path: text }),
  z.object({ type: z.literal('importSurvey') }),
  z.object({ type: z.literal('rendered'), version: num, rows: num, withdrawn: num, text: z.string().max(500000) }),
]);

/** How the researcher set each column in the preview. */
export interface ImportChoices {
  wave: string;
  idColumn?: string;
  textColumns: string[];
  overwrite: boolean;
}

/** Host -> import preview: the plan for the current choices. */
export type ImportPlanMessage = {
  type: 'plan';
  version: number;
  file: string;
  header: string[];
  choices: ImportChoices;
  plan: SurveyImportPlan;
  lines: string[];
};
export type ImportHostMessage = ImportPlanMessage | { type: 'status'; message: string };
export const importHostMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('plan'),
    version: num,
    file: text,
    header: z.array(text),
    choices: z.object({ wave: text, idColumn: text.optional(), textColumns: z.array(text), overwrite: z.boolean() }),
    plan: z.looseObject({
      ok: z.boolean(),
      columns: z.array(z.looseObject({ name: z.string().max(10000), use: z.enum(['id', 'attribute', 'text', 'data']), answered: num })),
      problems: z.array(z.looseObject({ place: text, message: text, severity: z.enum(['error', 'warning']) })),
    }),
    lines: z.array(text),
  }),
  z.object({ type: z.literal('status'), message: text }),
]);

/** Import preview -> host. */
export type ImportWebviewMessage =
  | { type: 'ready' }
  | { type: 'choose'; choices: ImportChoices }
  | { type: 'import' }
  | { type: 'cancel' }
  | { type: 'rendered'; version: number; text: string };
export const importWebviewMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({
    type: z.literal('choose'),
    choices: z.object({ wave: text, idColumn: text.optional(), textColumns: z.array(text).max(2000), overwrite: z.boolean() }),
  }),
  z.object({ type: z.literal('import') }),
  z.object({ type: z.literal('cancel') }),
  z.object({ type: z.literal('rendered'), version: num, text: z.string().max(500000) }),
]);
