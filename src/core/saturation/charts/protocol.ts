/**
 * What the Saturation panel and its webview say to each other: the view data
 * and the messages both ways, as zod schemas. Both sides validate what they
 * receive, so a stale webview or a malformed message is dropped, not rendered.
 * Shared by src/vscode (host) and src/webview (browser): no vscode, no DOM.
 */
// A namespace import, not { z }: it lets the bundler drop zod's locales (~260 KB) from the webview.
import * as z from 'zod';
import type { Representativeness } from '../../participants';
import type { SaturationReport } from '../saturationReport';
import type { UnitKind } from '../incidence';

/** What the researcher chose in the panel; the Guest parameters default to project.yaml. */
export interface SaturationViewOptions {
  by: UnitKind;
  /** Count only this coder's codings; null for every coder. */
  coder: string | null;
  baseSize: number;
  runLength: number;
  threshold: number;
  /** Participant attribute for the subgroup view; null for none. */
  subgroupBy: string | null;
}

/** Everything the panel draws, in one message. */
export interface SaturationView {
  /** Increases with every update; the webview echoes it when it has drawn it. */
  version: number;
  title: string;
  options: SaturationViewOptions;
  /** The Guest parameters of project.yaml (or the built-in defaults). */
  defaults: Pick<SaturationViewOptions, 'baseSize' | 'runLength' | 'threshold'>;
  /** Coder ids found in the codings. */
  coders: string[];
  /** Participant attributes declared, targeted or used. */
  attributes: string[];
  report: SaturationReport;
  /** Names of the codes first seen in each unit, aligned with report.units. */
  newCodeNames: string[][];
  composition: Representativeness;
}

const count = z.number().int().min(1).max(10000);
const fraction = z.number().min(0).max(1);
const num = z.number();
const nullableNum = z.number().nullable();
const strings = z.array(z.string());

/** The options a webview may ask for; out-of-range values are refused, not clamped. */
export const optionsSchema = z.object({
  by: z.enum(['source', 'participant']),
  coder: z.string().min(1).max(200).nullable(),
  baseSize: count,
  runLength: count,
  threshold: fraction,
  subgroupBy: z.string().min(1).max(500).nullable(),
});

const methodSchema = z.looseObject({
  label: z.string(),
  method: z.string(),
  citation: z.string(),
  parameters: z.record(z.string(), z.union([z.number(), z.string(), z.null()])).optional(),
});

const statsSchema = z.looseObject({
  units: strings,
  newCodes: z.array(num),
  cumulative: z.array(num),
  observed: num,
  chao2: num,
  chao2BiasCorrected: num,
  chao2SE: num,
  coverage: nullableNum,
  goodTuring: nullableNum,
  expectedCurve: z.array(num),
  expectedCurveSD: z.array(num),
  observedShare: nullableNum,
  q1: num,
  q2: num,
  incidences: num,
  warnings: strings,
  guest: z.looseObject({
    baseSize: num,
    runLength: num,
    threshold: num,
    baseCodes: num,
    saturatedAt: z.string().nullable(),
    runs: z.array(z.looseObject({ units: strings, newCodes: num, ratio: nullableNum, meets: z.boolean() })),
  }),
  band: z
    .looseObject({ orders: num, seed: num, probs: z.tuple([num, num]), mean: z.array(num), lower: z.array(num), upper: z.array(num) })
    .optional(),
});

const reportSchema = statsSchema.extend({
  by: z.enum(['source', 'participant']),
  coder: z.string().nullable(),
  uncoded: strings,
  unitSources: z.record(z.string(), strings),
  excluded: z.looseObject({ otherCoder: num, unknownCode: num, retiredCode: num, mergeCycle: num }),
  methods: z.record(z.string(), methodSchema),
  subgroups: z
    .looseObject({
      attribute: z.string(),
      unassigned: strings,
      groups: z.array(z.looseObject({ value: z.string(), stats: statsSchema })),
    })
    .optional(),
});

const compositionSchema = z.looseObject({
  participants: num,
  tolerance: num,
  rule: z.string(),
  warnings: strings,
  attributes: z.array(
    z.looseObject({
      attribute: z.string(),
      declared: z.boolean(),
      hasTarget: z.boolean(),
      withValue: num,
      lacking: strings,
      missing: strings,
      underRepresented: strings,
      overRepresented: strings,
      targetTotal: nullableNum,
      categories: z.array(
        z.looseObject({
          value: z.string(),
          declared: z.boolean(),
          count: num,
          proportion: nullableNum,
          target: nullableNum,
          difference: nullableNum,
          status: z.enum(['under', 'over', 'within', 'untargeted', 'unknown']),
        }),
      ),
    }),
  ),
});

/** The shape of a SaturationView, checked by the webview before it draws anything. */
export const viewSchema = z.looseObject({
  version: num,
  title: z.string(),
  options: optionsSchema,
  defaults: optionsSchema.pick({ baseSize: true, runLength: true, threshold: true }),
  coders: strings,
  attributes: strings,
  report: reportSchema,
  newCodeNames: z.array(strings),
  composition: compositionSchema,
});

/** Host -> webview. */
export type HostMessage =
  | { type: 'update'; view: SaturationView }
  | { type: 'empty'; message: string }
  | { type: 'status'; message: string; severity: 'info' | 'error' };

/** Validates host -> webview messages (in the webview). */
export const hostMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('update'), view: viewSchema }),
  z.object({ type: z.literal('empty'), message: z.string() }),
  z.object({ type: z.literal('status'), message: z.string(), severity: z.enum(['info', 'error']) }),
]);

/** How much the webview drew for one view: a cheap proof that rendering happened. */
export interface RenderedCounts {
  observedPoints: number;
  bars: number;
  guestRuns: number;
  estimates: number;
  subgroupRows: number;
  compositionCharts: number;
  compositionRows: number;
  /** Elements that must never come from user text (img, script, iframe, on* attributes). */
  injected: number;
}

/** Webview -> host. */
export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'setOptions'; options: Partial<SaturationViewOptions> }
  | { type: 'resetOptions' }
  | { type: 'export' }
  | { type: 'rendered'; version: number; counts: RenderedCounts; text: string };

/** Validates webview -> host messages (in the extension host). */
export const webviewMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('setOptions'), options: optionsSchema.partial() }),
  z.object({ type: z.literal('resetOptions') }),
  z.object({ type: z.literal('export') }),
  z.object({
    type: z.literal('rendered'),
    version: num,
    counts: z.object({
      observedPoints: num,
      bars: num,
      guestRuns: num,
      estimates: num,
      subgroupRows: num,
      compositionCharts: num,
      compositionRows: num,
      injected: num,
    }),
    text: z.string().max(200000),
  }),
]);
