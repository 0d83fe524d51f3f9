import type { Code, Codebook } from '../../model';
import { byText, ordered, toYaml } from './emit';
import { finish, parseWithList, type Parsed } from './parse';
import { codebookSchema, codeSchema } from './schemas';
import { YamlSource } from './yamlFile';

export const CODE_KEYS = [
  'id',
  'name',
  'parent',
  'color',
  'definition',
  'include',
  'exclude',
  'example',
  'status',
  'mergedInto',
  'created',
  'revised',
] as const;

/** Reads qda/codebook.yaml: schema, duplicate ids, unknown parents, parent cycles, merge targets. */
export function parseCodebook(text: string): Parsed<Codebook> {
  const src = new YamlSource(text);
  if (!src.ok) return finish(undefined, src.problems);
  const { head, items } = parseWithList(src, codebookSchema, 'codes', codeSchema);
  const codes = items.map((i) => i.value as Code);
  const indexOf = new Map<string, number>();
  for (const { value, index } of items) {
    if (indexOf.has(value.id)) {
      src.problems.push(
        src.atPath(['codes', index, 'id'], `duplicate code id "${value.id}" (first used at codes[${indexOf.get(value.id)}])`),
      );
    } else indexOf.set(value.id, index);
  }
  for (const { value, index } of items) {
    if (value.parent !== undefined && !indexOf.has(value.parent)) {
      src.problems.push(src.atPath(['codes', index, 'parent'], `parent "${value.parent}" is not a code in this codebook`));
    }
    if (value.status === 'merged' && value.mergedInto === undefined) {
      src.problems.push(src.atPath(['codes', index, 'status'], `code "${value.id}" is merged but has no "mergedInto"`));
    }
    if (value.mergedInto !== undefined && !indexOf.has(value.mergedInto)) {
      src.problems.push(src.atPath(['codes', index, 'mergedInto'], `mergedInto "${value.mergedInto}" is not a code in this codebook`));
    }
  }
  for (const cycle of parentCycles(codes)) {
    const at = indexOf.get(cycle[0])!;
    src.problems.push(src.atPath(['codes', at, 'parent'], `parent cycle: ${[...cycle, cycle[0]].join(' -> ')}`));
  }
  if (!head) return finish(undefined, src.problems);
  return finish({ ...head, codes } as Codebook, src.problems);
}

/** Each cycle in the parent relation once, starting at its smallest id. */
export function parentCycles(codes: readonly Code[]): string[][] {
  const parent = new Map(codes.map((c) => [c.id, c.parent]));
  const cycles: string[][] = [];
  const done = new Set<string>();
  for (const c of codes) {
    const path: string[] = [];
    const onPath = new Set<string>();
    let cur: string | undefined = c.id;
    while (cur !== undefined && !done.has(cur) && !onPath.has(cur)) {
      onPath.add(cur);
      path.push(cur);
      cur = parent.get(cur);
    }
    if (cur !== undefined && onPath.has(cur)) {
      const cycle = path.slice(path.indexOf(cur));
      const min = cycle.reduce((a, b) => (a < b ? a : b));
      const k = cycle.indexOf(min);
      cycles.push([...cycle.slice(k), ...cycle.slice(0, k)]);
    }
    for (const p of path) done.add(p);
  }
  return cycles;
}

/** qda/codebook.yaml text: codes sorted by id, keys in the format's order. */
export function serializeCodebook(codebook: Codebook): string {
  const codes = [...codebook.codes]
    .sort((a, b) => byText(a.id, b.id))
    .map((c) => ordered({ ...c, revised: c.revised?.map((r) => ordered(r, ['at', 'by', 'note'])) }, CODE_KEYS));
  return toYaml(ordered({ ...codebook, codes }, ['codes']));
}
