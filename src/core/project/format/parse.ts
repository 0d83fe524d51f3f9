import type { z } from 'zod';
import { keepProtoKeys } from './emit';
import { type YamlSource, type FileProblem } from './yamlFile';

/** What reading one file gives: the usable data, and every problem found. */
export interface Parsed<T> {
  /** Undefined only when nothing usable could be read (e.g. a YAML syntax error). */
  value?: T;
  problems: FileProblem[];
  /** False when any error was found: such a file is never written over. */
  writable: boolean;
}

export function finish<T>(value: NoInfer<T> | undefined, problems: FileProblem[]): Parsed<T> {
  return { value, problems, writable: value !== undefined && !problems.some((p) => (p.severity ?? 'error') === 'error') };
}

/**
 * Validates a document whose main content is a list under `listKey`, item by item,
 * so that one bad item is reported without hiding the valid others.
 */
export function parseWithList<H extends z.ZodType, I extends z.ZodType>(
  src: YamlSource,
  headSchema: H,
  listKey: string,
  itemSchema: I,
  emptyIsValid = true,
): { head?: z.output<H>; items: { value: z.output<I>; index: number }[] } {
  const raw = src.toJS();
  if (raw === null || raw === undefined) {
    if (!emptyIsValid) src.problems.push(src.at(0, 'the file is empty'));
    const head = headSchema.safeParse({ [listKey]: [] });
    return { head: head.success ? head.data : undefined, items: [] };
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    src.problems.push(src.at(src.offsetOf([]), `expected a mapping with a "${listKey}" list`));
    return { items: [] };
  }
  const rawList = (raw as Record<string, unknown>)[listKey];
  const list = Array.isArray(rawList) ? rawList : undefined;
  const head = headSchema.safeParse({ ...(raw as object), [listKey]: list ? [] : rawList });
  if (head.success) keepProtoKeys(raw, head.data);
  if (!head.success) {
    src.addZodError(head.error);
    if (!list) return { items: [] };
  }
  const items: { value: z.output<I>; index: number }[] = [];
  list?.forEach((item, index) => {
    const r = itemSchema.safeParse(item);
    if (r.success) items.push({ value: keepProtoKeys(item, r.data), index });
    else src.addZodError(prefixIssues(r.error, [listKey, index]));
  });
  return { head: head.success ? head.data : undefined, items };
}

function prefixIssues(error: z.ZodError, prefix: PropertyKey[]): z.ZodError {
  for (const i of error.issues) (i as { path: PropertyKey[] }).path = [...prefix, ...i.path];
  return error;
}

export type { FileProblem };
