/**
 * SubRip (.srt) cues: a number, a `00:00:01,000 --> 00:00:04,000` line and text,
 * each cue followed by a blank line. Read with the offsets the editor needs, and
 * every problem listed so that an import can refuse a malformed file.
 */
import {
  blocksOf,
  cueOf,
  plainCueText,
  problemAt,
  readTiming,
  timingLineOf,
  type CueProblem,
  type CueScan,
  type CueSegment,
  type TextLine,
} from './vtt';

const EXAMPLE = '00:00:01,000 --> 00:00:04,000';

/** The cues of a SubRip file, and what is wrong with it. */
export function scanSrt(text: string): CueScan {
  const problems: CueProblem[] = [];
  const cues: CueScan['cues'] = [];
  const blocks: TextLine[][] = [];
  for (const block of blocksOf(text)) {
    const numbered = /^\uFEFF?\d+[ \t]*$/.test(block[0].text);
    const timed = block[0].text.includes('-->') || /^\d+:\d{2}/.test(block[0].text);
    // A blank line inside a cue's text splits it in two; players keep reading the
    // text, so a block that is neither numbered nor timed continues the cue before.
    if (!numbered && !timed && blocks.length) blocks[blocks.length - 1].push(...block);
    else if (!numbered && !timed)
      problems.push(problemAt(block[0], 0, `expected a cue number (1, 2, 3 ...) followed by a timing line such as "${EXAMPLE}"`));
    else blocks.push(block);
  }
  for (const block of blocks) {
    const t = timingLineOf(block, problems, EXAMPLE, 'a cue is a number, a timing line and text, followed by a blank line');
    if (t === undefined) continue;
    const timing = readTiming(block[t], problems, EXAMPLE);
    if (timing) cues.push(cueOf(text, block, t, timing, segmentsOf));
  }
  if (!problems.length && !cues.length) problems.push({ line: 1, column: 1, message: 'the file has no cues' });
  return { cues, problems };
}

/** SubRip has no voices: one segment, without `<i>`-style tags or `{\an8}` positioning codes. */
function segmentsOf(raw: string): CueSegment[] {
  const text = plainCueText(raw.replace(/\{\\[^}]*\}/g, ''));
  return text ? [{ text }] : [];
}
