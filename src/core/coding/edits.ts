import { captureAnchor } from '../anchor';
import { slugify } from '../project/format';
import type { Code, Coding } from '../model';
import type { Project } from '../project/project';
import { ProjectError } from '../project/store';
import { CodePointIndex } from '../text';

/** The house palette (Tableau 10): distinct, readable on light and dark themes. */
export const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

export interface NewCode {
  name: string;
  parent?: string;
  color?: string;
  definition?: string;
}

/**
 * Adds a code. Its id is made from the name (readable in diffs and in the YAML),
 * with a random suffix when that id was ever used in this codebook.
 */
export async function addCode(project: Project, input: NewCode): Promise<Code> {
  const name = input.name.trim();
  if (!name) throw new ProjectError('a code needs a name');
  let created: Code | undefined;
  await project.changeCodebook((cb) => {
    if (input.parent !== undefined && !cb.codes.some((c) => c.id === input.parent)) throw new ProjectError(`no code "${input.parent}" to put "${name}" under`);
    const taken = new Set(cb.codes.map((c) => c.id));
    const base = slugify(name);
    let id = base;
    while (taken.has(id)) id = `${base}-${project.ports.ids.newId().slice(0, 4)}`;
    created = {
      id,
      name,
      ...(input.parent !== undefined ? { parent: input.parent } : {}),
      color: input.color ?? PALETTE[cb.codes.length % PALETTE.length],
      ...(input.definition ? { definition: input.definition } : {}),
      status: 'active',
      created: isoSeconds(project.ports.clock.now()),
    };
    return { ...cb, codes: [...cb.codes, created] };
  });
  return created!;
}

export interface NewCoding {
  source: string;
  code: string;
  /** Code point offsets in the transcript as it is now. */
  start: number;
  end: number;
  coder?: string;
  note?: string;
}

/**
 * A new coding of a passage, not yet written. `sourceText` is the transcript as
 * the coder sees it (the editor's text, saved or not); the passage and its
 * context are kept as the anchor that finds it again after edits.
 */
export function newCoding(project: Project, sourceText: string, input: NewCoding): Coding {
  if (!project.codebook.codes.some((c) => c.id === input.code)) throw new ProjectError(`no code "${input.code}" in the codebook`);
  const index = new CodePointIndex(sourceText);
  const start = Math.max(0, Math.min(input.start, index.length));
  const end = Math.max(0, Math.min(input.end, index.length));
  if (end <= start) throw new ProjectError('select some text to code');
  return {
    id: project.ports.ids.newId(),
    code: input.code,
    ...captureAnchor(index, start, end),
    ...(input.coder ? { coder: input.coder } : {}),
    at: isoSeconds(project.ports.clock.now()),
    ...(input.note ? { note: input.note } : {}),
  };
}

/** Codes a passage: makes the coding and writes it to the source's codings file. */
export async function addCoding(project: Project, sourceText: string, input: NewCoding): Promise<Coding> {
  const coding = newCoding(project, sourceText, input);
  await project.changeCodings(input.source, (f) => ({ ...f, codings: [...f.codings, coding] }));
  return coding;
}

/** Removes codings by id from one source. Returns how many were removed. */
export async function removeCodings(project: Project, source: string, ids: readonly string[]): Promise<number> {
  const drop = new Set(ids);
  let removed = 0;
  await project.changeCodings(source, (f) => {
    const codings = f.codings.filter((c) => !drop.has(c.id));
    removed = f.codings.length - codings.length;
    return { ...f, codings };
  });
  return removed;
}

/** ISO 8601 in UTC to the second, as the format writes times. */
export function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
