/** The patterns a transcript is read with (parse.ts) and its labels and words checked with (transcript.ts). */

const TIME = String.raw`\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?`;
const BRACKETED = String.raw`\[${TIME}\]|\(${TIME}\)`;
// Bare times need seconds or a fraction, so "12:30 we met" is not a timestamp.
const BARE = String.raw`\d{1,2}:\d{2}:\d{2}(?:[.,]\d{1,3})?|\d{1,2}:\d{2}[.,]\d{1,3}`;
const CH = String.raw`[\p{L}\p{M}\p{N}.'’_-]`;
const LABEL = String.raw`\p{L}${CH}*(?:(?:[ \t]+${CH}+){0,2}[ \t]+[\p{Lu}\p{Lt}\p{N}]${CH}*)?(?:[ \t]+\([^():\n]{1,30}\))?`;
const LABEL_LENGTH = String.raw`(?=[^:\[(\n]{1,40}[:\[(])`;

export const LEADING_TS = new RegExp(String.raw`^(?:${BRACKETED}|${BARE})(?=[ \t]|$)`, 'u');
export const TURN_START = new RegExp(
  String.raw`^(?:(${BRACKETED}|${BARE})[ \t]+)?${LABEL_LENGTH}(${LABEL})(?:[ \t]*(${BRACKETED}))?[ \t]*:(?=\s|$)`,
  'u',
);
export const LABEL_PREFIX = new RegExp(String.raw`^${LABEL_LENGTH}(${LABEL})[ \t]*:(?=\s|$)`, 'u');
export const WHOLE_LABEL = new RegExp(String.raw`^(?=[^:\[(\n]{1,40}(?:[\[(]|$))${LABEL}$`, 'u');
export const INLINE_TS = new RegExp(BRACKETED, 'gu');
export const HEADING = /^(#{1,6})[ \t]+(\S.*?)[ \t]*$/;
const PAREN_ANNOTATION = String.raw`\((?:[a-z]+ )?(?:laugh(?:s|ing|ter)?|pause[sd]?|sigh(?:s|ing)?|cough(?:s|ing)?|hum(?:s|ming)?|cries|crying|sniff(?:s|ing)?|chuckles?|inaudible|unclear|indistinct|crosstalk|redacted|silence|interruption|overlapping|background noise|clears throat)(?: [a-z]+)?\)`;
// What is not speech when counting words: any [bracket], timestamps, stage directions, cue markup.
export const NOT_SPEECH = new RegExp(String.raw`\[[^\[\]\n]*\]|\(${TIME}\)|${PAREN_ANNOTATION}|^(?:${BARE})(?=\s|$)|<[^>\n]*>`, 'gimu');
/** A word as the language configuration's wordPattern defines it: apostrophes and hyphens stay inside. */
export const WORD = /(?:\p{Alphabetic}|\p{Number}|\p{Nonspacing_Mark})+(?:['’-](?:\p{Alphabetic}|\p{Number}|\p{Nonspacing_Mark})+)*/gu;

/** Runs of white space as one space, trimmed: how a label is compared and shown. */
export const collapse = (s: string): string => s.replace(/\s+/g, ' ').trim();
