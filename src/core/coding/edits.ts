import { captureAnchor } from '../anchor';
import type { Coding } from '../model';
import { type Project, ProjectError } from '../project';
import { CodePointIndex } from '../text';
import { isoSeconds } from '../time';

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
