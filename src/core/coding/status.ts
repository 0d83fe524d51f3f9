import { captureAnchor, locateAll } from '../anchor';
import type { AnchorState, Coding } from '../model';
import type { Project } from '../project';
import { CodePointIndex } from '../text';

export interface SourceStatus {
  path: string;
  codings: number;
  exact: number;
  moved: number;
  orphaned: number;
  /** False when the transcript file is not found: all its codings are orphaned. */
  found: boolean;
}

export interface CodingStatus {
  id: string;
  source: string;
  code: string;
  start: number;
  end: number;
  state: AnchorState;
}

export interface ProjectStatus {
  sources: SourceStatus[];
  codings: CodingStatus[];
}

/**
 * Where every coding's passage is now: at its offsets (`exact`), found again by
 * its quote and context (`moved`, with the new offsets) or not found (`orphaned`,
 * offsets as stored). Reads each transcript once.
 */
export async function projectStatus(project: Project): Promise<ProjectStatus> {
  const paths = [...new Set([...project.sources, ...project.codings.keys()])].sort();
  const sources: SourceStatus[] = [];
  const codings: CodingStatus[] = [];
  for (const path of paths) {
    const list = project.codings.get(path)?.codings ?? [];
    const read = list.length ? await project.store.readText(path) : undefined;
    const s: SourceStatus = { path, codings: list.length, exact: 0, moved: 0, orphaned: 0, found: list.length ? read !== undefined : true };
    const states = read ? locateCodings(read.text, list) : list.map((c) => ({ state: 'orphaned' as const, start: c.start, end: c.end }));
    list.forEach((c, i) => {
      const l = states[i];
      s[l.state]++;
      codings.push({ id: c.id, source: path, code: c.code, start: l.start, end: l.end, state: l.state });
    });
    sources.push(s);
  }
  return { sources, codings };
}

/** Locates each coding of one transcript's text. */
export function locateCodings(text: string, codings: readonly Coding[]) {
  // Together, not one by one: passages that only shifted confirm each other's shift.
  return locateAll(new CodePointIndex(text), codings);
}

/**
 * Writes the new offsets (and fresh quote and context) of every moved coding,
 * after transcripts were edited outside the editor. Exact codings are left
 * alone; orphaned ones are kept as stored and counted for repair.
 */
export async function reanchor(project: Project): Promise<{ moved: number; orphaned: number; sources: string[]; skipped: string[] }> {
  let moved = 0;
  let orphaned = 0;
  const touched: string[] = [];
  /** Codings files with errors: never rewritten (what is wrong in them would be lost), the others still are. */
  const skipped: string[] = [];
  for (const [source, file] of [...project.codings]) {
    if (!project.isWritable(project.codingsPathOf(source))) {
      skipped.push(project.codingsPathOf(source));
      continue;
    }
    const read = await project.store.readText(source);
    if (!read) {
      orphaned += file.codings.length;
      continue;
    }
    const index = new CodePointIndex(read.text);
    const updates = new Map<string, Coding>();
    const located = locateAll(index, file.codings);
    file.codings.forEach((c, i) => {
      const l = located[i];
      if (l.state === 'orphaned') orphaned++;
      else if (l.state === 'moved') {
        // before/after are set explicitly: a passage now at the very start has no `before`.
        const a = captureAnchor(index, l.start, l.end);
        updates.set(c.id, { ...c, ...a, before: a.before, after: a.after });
      }
    });
    if (!updates.size) continue;
    moved += updates.size;
    touched.push(source);
    await project.changeCodings(source, (f) => ({ ...f, codings: f.codings.map((c) => updates.get(c.id) ?? c) }));
  }
  return { moved, orphaned, sources: touched, skipped: skipped.sort() };
}
