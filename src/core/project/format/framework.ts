import type { FrameworkFile, FrameworkSummary } from '../../model';
import { byText, ordered, toYaml } from './emit';
import { finish, parseWithList, type Parsed } from './parse';
import { frameworkSchema, frameworkSummarySchema } from './schemas';
import { YamlSource } from './yamlFile';

/** The framework matrix's summaries (docs/format.md). */
export const FRAMEWORK_FILE = 'qda/framework.yaml';

export const FRAMEWORK_SUMMARY_KEYS = ['participant', 'source', 'code', 'summary', 'by', 'at'] as const;

/**
 * The row a summary belongs to, as one key: participants and sources never
 * collide, even when a participant's id looks like a path.
 */
export function frameworkRowKey(s: Pick<FrameworkSummary, 'participant' | 'source'>): string {
  return s.participant !== undefined ? `participant:${s.participant}` : `source:${s.source ?? ''}`;
}

/** The key of one cell: its row and its code. */
export function frameworkCellKey(s: Pick<FrameworkSummary, 'participant' | 'source' | 'code'>): string {
  return `${frameworkRowKey(s)}\u0000${s.code}`;
}

/**
 * Reads qda/framework.yaml: each summary names a participant or a source (not
 * both), a code and the summary text; one summary per cell.
 */
export function parseFramework(text: string): Parsed<FrameworkFile> {
  const src = new YamlSource(text);
  if (!src.ok) return finish(undefined, src.problems);
  const { head, items } = parseWithList(src, frameworkSchema, 'summaries', frameworkSummarySchema);
  const seen = new Map<string, number>();
  const summaries: FrameworkSummary[] = [];
  for (const { value, index } of items) {
    const s = value as FrameworkSummary;
    if ((s.participant === undefined) === (s.source === undefined)) {
      src.problems.push(
        src.atPath(
          ['summaries', index],
          'a summary names either a "participant" or a "source" (for a transcript no participant claims), not both',
        ),
      );
      continue;
    }
    const key = frameworkCellKey(s);
    const first = seen.get(key);
    if (first !== undefined) {
      const row = s.participant !== undefined ? `participant "${s.participant}"` : `source "${s.source}"`;
      src.problems.push(
        src.atPath(
          ['summaries', index, 'code'],
          `a second summary of ${row} for code "${s.code}" (the first is summaries[${first}]): keep one`,
        ),
      );
      continue;
    }
    seen.set(key, index);
    summaries.push(s);
  }
  if (!head) return finish(undefined, src.problems);
  return finish({ ...head, summaries } as FrameworkFile, src.problems);
}

/**
 * qda/framework.yaml text: participants' rows first, then sources', each by id,
 * then by code; keys in the format's order, unknown keys kept after them. Empty
 * summaries are left out: clearing a cell removes its entry.
 */
export function serializeFramework(file: FrameworkFile): string {
  const summaries = file.summaries
    .filter((s) => s.summary.trim() !== '')
    .sort((a, b) => byText(frameworkRowKey(a), frameworkRowKey(b)) || byText(a.code, b.code))
    .map((s) => ordered(s, FRAMEWORK_SUMMARY_KEYS));
  return toYaml(ordered({ ...file, summaries }, ['summaries']));
}
