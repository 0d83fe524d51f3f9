/**
 * Schemas for every file of the project format, version 1 (docs/format.md).
 * Readers are lenient where a person editing by hand would expect it (an id
 * written as a number, a name that YAML reads as a number) and strict where
 * data would otherwise be lost or misread (offsets, kinds, statuses).
 * Unknown keys pass through so that a rewrite keeps them.
 */
import * as z from 'zod';

/** Text fields: YAML turns `name: 2020` into a number; a person meant text. */
const text = z.union([z.string(), z.number(), z.boolean()]).transform((v) => String(v));
/** Ids the tool writes are strings; hand-written ones may read as numbers. */
const id = z.union([z.string().min(1, 'must not be empty'), z.number()]).transform((v) => String(v));
const codeId = id.pipe(z.string().regex(/^[a-z0-9-]+$/, 'a code id may use only a-z, 0-9 and "-"'));
const offset = z
  .number({ error: (i) => (i.input === undefined ? undefined : 'expected a whole number of code points') })
  .int('expected a whole number of code points')
  .nonnegative('must not be negative');
const timestamp = z.union([z.string(), z.date().transform((d) => d.toISOString())]);
const proportion = z.number().min(0, 'a proportion is between 0 and 1').max(1, 'a proportion is between 0 and 1');

export const saturationSchema = z.looseObject({
  order: z.array(z.string()).optional(),
  baseSize: z.number().int().positive().optional(),
  runLength: z.number().int().positive().optional(),
  threshold: proportion.optional(),
  surveys: z.boolean().optional(),
});

export const projectSchema = z.looseObject({
  format: z.number(),
  title: text.optional(),
  sources: z.array(z.string()).default([]),
  saturation: saturationSchema.optional(),
});

const revisionSchema = z.looseObject({ at: timestamp, by: text.optional(), note: text.optional() });

export const codeSchema = z.looseObject({
  id: codeId,
  name: text,
  parent: codeId.optional(),
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, 'a colour is written "#rrggbb"')
    .optional(),
  definition: text.optional(),
  include: text.optional(),
  exclude: text.optional(),
  example: text.optional(),
  status: z.enum(['active', 'merged', 'retired']).default('active'),
  mergedInto: codeId.optional(),
  created: timestamp.optional(),
  revised: z.array(revisionSchema).optional(),
});

export const codebookSchema = z.looseObject({
  codes: z
    .array(codeSchema)
    .nullable()
    .transform((v) => v ?? []),
});

export const codingSchema = z.looseObject({
  id,
  code: codeId,
  start: offset,
  end: offset,
  text: z.string(),
  before: z.string().optional(),
  after: z.string().optional(),
  coder: text.optional(),
  at: timestamp.optional(),
  note: text.optional(),
});

export const codingsFileSchema = z.looseObject({
  source: z.string(),
  codings: z
    .array(codingSchema)
    .nullable()
    .transform((v) => v ?? []),
});

export const memoLinkSchema = z.looseObject({
  code: codeId.optional(),
  source: z.string().optional(),
  start: offset.optional(),
  end: offset.optional(),
  text: z.string().optional(),
  before: z.string().optional(),
  after: z.string().optional(),
});

export const memoFrontMatterSchema = z.looseObject({
  id,
  created: timestamp,
  author: text.optional(),
  kind: z.enum(['reflexive', 'analytic', 'methodological', 'theoretical']),
  links: z
    .array(memoLinkSchema)
    .nullable()
    .optional()
    .transform((v) => v ?? undefined),
});

const withdrawalRecord = z.looseObject({
  date: timestamp,
  reason: text.optional(),
  purged: timestamp.optional(),
});
/** `withdrawn: {date: 2026-05-14, reason: …}`; a bare date (`withdrawn: 2026-05-14`) is read as `{date}`. */
const withdrawal = z.union([withdrawalRecord, timestamp.transform((date) => ({ date }))], {
  error: 'expected {date: yyyy-mm-dd, reason: …} or a date',
});

/** `credit: {consent: yes, name: Ruth Kaye}`: the participant agreed to be named in reports, under this name. */
const credit = z.looseObject({
  // YAML 1.2 reads `yes` as text: both spellings mean the same here.
  consent: z.union([z.boolean(), z.enum(['yes', 'no']).transform((v) => v === 'yes')], {
    error: 'consent is yes or no: whether they agreed to be named in reports',
  }),
  name: text.optional(),
  date: timestamp.optional(),
});

export const participantSchema = z.looseObject({
  id,
  sources: z.array(z.string()).optional(),
  interviewed: timestamp.optional(),
  attributes: z.record(z.string(), text).optional(),
  withdrawn: withdrawal.optional(),
  credit: credit.optional(),
});

export const participantsSchema = z.looseObject({
  attributes: z.record(z.string(), z.array(text)).optional(),
  participants: z
    .array(participantSchema)
    .nullable()
    .transform((v) => v ?? []),
  target: z.record(z.string(), z.record(z.string(), proportion)).optional(),
});

export const frameworkSummarySchema = z.looseObject({
  participant: id.optional(),
  source: z.string().min(1, 'must not be empty').optional(),
  code: codeId,
  summary: text,
  by: text.optional(),
  at: timestamp.optional(),
});

export const frameworkSchema = z.looseObject({
  summaries: z
    .array(frameworkSummarySchema)
    .nullable()
    .transform((v) => v ?? []),
});

const surveyColumnSchema = z.looseObject({
  name: text,
  use: z.enum(['id', 'attribute', 'text', 'data'], { error: 'use is one of id, attribute, text, data' }),
  attribute: text.optional(),
  source: z.string().optional(),
});

export const surveyRespondentSchema = z.looseObject({
  id,
  answers: z
    .record(z.string(), text)
    .nullable()
    .optional()
    .transform((v) => v ?? {}),
});

export const surveySchema = z.looseObject({
  wave: text.optional(),
  imported: timestamp.optional(),
  from: text.optional(),
  sheet: text.optional(),
  columns: z
    .array(surveyColumnSchema)
    .nullable()
    .transform((v) => v ?? []),
  respondents: z
    .array(surveyRespondentSchema)
    .nullable()
    .transform((v) => v ?? []),
});
