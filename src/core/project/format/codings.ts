import type { Coding, CodingsFile } from '../../model';
import { codePointLength } from '../../text';
import { byText, ordered, toYaml } from './emit';
import { finish, parseWithList, type Parsed } from './parse';
import { readCanonicalCodings } from './fastCodings';
import { codingSchema, codingsFileSchema } from './schemas';
import { YamlSource } from './yamlFile';

export const CODING_KEYS = ['id', 'code', 'start', 'end', 'text', 'before', 'after', 'coder', 'at', 'note'] as const;
const CODINGS_DIR = 'qda/codings/';

/** qda/codings/<source>.yaml for a source path. */
export function codingsPathFor(source: string): string {
  return `${CODINGS_DIR}${source}.yaml`;
}

/** The source path a codings file belongs to, or undefined when `path` is not a codings file. */
export function sourceForCodingsPath(path: string): string | undefined {
  if (!path.startsWith(CODINGS_DIR) || !path.endsWith('.yaml')) return undefined;
  return path.slice(CODINGS_DIR.length, -'.yaml'.length);
}

/**
 * Reads one codings file. `path` is its workspace-relative path, checked against
 * `source`. Invalid codings are reported and left out of `value` (the file then
 * is not writable, so nothing is lost); valid ones stay usable.
 */
export function parseCodings(text: string, path: string): Parsed<CodingsFile> {
  return readFast(text, path) ?? parseCodingsYaml(text, path);
}

/** parseCodings through the general YAML parser only (every problem located). */
export function parseCodingsYaml(text: string, path: string): Parsed<CodingsFile> {
  const src = new YamlSource(text);
  if (!src.ok) return finish(undefined, src.problems);
  const { head, items } = parseWithList(src, codingsFileSchema, 'codings', codingSchema);
  const expected = sourceForCodingsPath(path);
  if (head && expected !== undefined && head.source !== expected) {
    src.problems.push(src.atPath(['source'], `source "${head.source}" does not match this file's path: expected "${expected}"`));
  }
  const seen = new Map<string, number>();
  const codings: Coding[] = [];
  for (const { value, index } of items) {
    if (value.end <= value.start) {
      src.problems.push(src.atPath(['codings', index, 'end'], `end (${value.end}) must be greater than start (${value.start})`));
    } else {
      const len = codePointLength(value.text);
      if (value.end - value.start !== len) {
        src.problems.push(
          src.atPath(['codings', index, 'end'], `end - start is ${value.end - value.start} but text has ${len} code points`),
        );
      }
    }
    if (seen.has(value.id)) {
      src.problems.push(
        src.atPath(['codings', index, 'id'], `duplicate coding id "${value.id}" (first used at codings[${seen.get(value.id)}])`),
      );
    } else seen.set(value.id, index);
    // A coding with bad offsets is still kept in memory (shown for repair, never dropped);
    // the file is then not writable, so a rewrite cannot lose it either.
    codings.push(value as Coding);
  }
  if (!head) return finish(undefined, src.problems);
  return finish({ ...head, codings } as CodingsFile, src.problems);
}

/**
 * The fast path: a file in the canonical form whose every coding is valid reads
 * without the YAML parser. Anything unusual, and every file with a problem, goes
 * through the full parser, which locates each problem.
 */
function readFast(text: string, path: string): Parsed<CodingsFile> | undefined {
  const raw = readCanonicalCodings(text);
  if (!raw) return undefined;
  const expected = sourceForCodingsPath(path);
  if (expected !== undefined && raw.source !== expected) return undefined;
  const codings: Coding[] = [];
  const ids = new Set<string>();
  for (const item of raw.codings) {
    const r = codingSchema.safeParse(item);
    if (!r.success) return undefined;
    const c = r.data as Coding;
    if (c.end <= c.start || c.end - c.start !== codePointLength(c.text) || ids.has(c.id)) return undefined;
    ids.add(c.id);
    codings.push(c);
  }
  return finish({ source: raw.source, codings }, []);
}

/** Canonical order: by start, then end, then id. */
export function compareCodings(a: Coding, b: Coding): number {
  return a.start - b.start || a.end - b.end || byText(a.id, b.id);
}

export function serializeCodings(file: CodingsFile): string {
  const codings = [...file.codings].sort(compareCodings).map((c) => ordered(c, CODING_KEYS));
  return toYaml(ordered({ ...file, codings }, ['source', 'codings']));
}
