/**
 * What the Compare Coders panel and its webview say to each other, as zod
 * schemas: both sides validate what they receive, so a stale page or a malformed
 * message is dropped, not rendered. No vscode, no DOM.
 */
// A namespace import, not { z }: it lets the bundler drop zod's locales from the webview.
import * as z from 'zod';
import type { AgreementReport } from './compare';
import type { AgreementUnit } from './methods';

/** Disagreements of one code: still open, and settled by a consensus coding. */
export interface DisagreementCount {
  open: number;
  settled: number;
}

/** Everything the panel draws, in one message. */
export interface AgreementView {
  /** Increases with every update; the webview echoes it when it has drawn it. */
  version: number;
  /** The study's title. */
  title: string;
  report: AgreementReport;
  /** Per code id. */
  disagreements: Record<string, DisagreementCount>;
  consensusCoder: string;
}

const num = z.number();
const nullable = z.number().nullable();
const reasons = z.record(z.string(), z.string()).optional();
const figures = z.looseObject({
  kappa: nullable,
  alpha: nullable,
  agreement: nullable,
  jaccard: nullable,
  both: num,
  onlyA: num,
  onlyB: num,
  neither: num,
  units: num,
  reasons,
});

export const viewSchema = z.looseObject({
  version: num,
  title: z.string(),
  consensusCoder: z.string(),
  disagreements: z.record(z.string(), z.object({ open: num, settled: num })),
  report: z.looseObject({
    coders: z.tuple([z.string(), z.string()]),
    unit: z.enum(['character', 'turn']),
    sources: z.array(z.string()),
    unitsPerSource: z.record(z.string(), num),
    codes: z.array(figures.extend({ code: z.string(), name: z.string(), status: z.string() })),
    overall: figures,
    skipped: z.array(z.looseObject({ source: z.string(), reason: z.string() })),
    excluded: z.looseObject({ orphaned: num, unknownCode: num, mergeCycle: num, outsideTurns: num, withdrawn: num }),
    methods: z.record(z.string(), z.looseObject({ label: z.string(), method: z.string(), citation: z.string() })),
  }),
});

/** Host -> webview. */
export type HostMessage =
  | { type: 'update'; view: AgreementView }
  | { type: 'empty'; message: string }
  | { type: 'status'; message: string; severity: 'info' | 'error' };

export const hostMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('update'), view: viewSchema }),
  z.object({ type: z.literal('empty'), message: z.string() }),
  z.object({ type: z.literal('status'), message: z.string(), severity: z.enum(['info', 'error']) }),
]);

/** What the webview drew: a cheap proof that rendering happened, and what it says. */
export interface RenderedCounts {
  /** Code rows (the pooled row not counted). */
  rows: number;
  /** Figure cells with a number. */
  figures: number;
  /** Figure cells left blank (—), each with a numbered reason. */
  blanks: number;
  /** Reasons listed under the table. */
  reasons: number;
  /** Elements that must never come from user text (img, script, iframe, on* attributes). */
  injected: number;
}

/** Webview -> host. */
export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'setUnit'; unit: AgreementUnit }
  | { type: 'export'; format: 'csv' | 'md' }
  | { type: 'walk'; code: string | null }
  | { type: 'rendered'; version: number; counts: RenderedCounts; text: string };

export const webviewMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('setUnit'), unit: z.enum(['character', 'turn']) }),
  z.object({ type: z.literal('export'), format: z.enum(['csv', 'md']) }),
  z.object({ type: z.literal('walk'), code: z.string().max(500).nullable() }),
  z.object({
    type: z.literal('rendered'),
    version: num,
    counts: z.object({ rows: num, figures: num, blanks: num, reasons: num, injected: num }),
    text: z.string().max(200000),
  }),
]);
