/**
 * The matrices of an open project: which sources are in the analysis, where
 * each coding's passage is now (transcripts are read and the codings
 * re-anchored, as `qda status` does), and the passages' text for display.
 * Files are reached only through the project's store.
 */
import type { Coding } from '../model';
import { inclusion } from '../participants';
import type { Project } from '../project';
import { locatedCodings } from '../search';
import { CodePointIndex, decodeUtf8, LineIndex } from '../text';
import { matrixInput, type MatrixInput } from './input';
import type { MatrixPassage } from './passages';

/** A transcript's text, or undefined when it is gone. Read through the file port, without the store's hashing: nothing is written back. */
async function transcriptText(project: Project, path: string): Promise<{ text: string } | undefined> {
  const bytes = await project.ports.files.read(path);
  return bytes ? { text: decodeUtf8(bytes).text } : undefined;
}

/** Codings where their passages are now, by source; those not found apart. */
export interface LocatedProjectCodings {
  located: Map<string, Coding[]>;
  orphaned: Map<string, Coding[]>;
}

interface CacheEntry {
  /** The codings list as loaded: the project replaces it when the file changes. */
  codings: readonly Coding[];
  located: Coding[];
  orphaned: Coding[];
}

/**
 * Locates every coding of the given sources, reading each transcript once.
 * Keeps what it found per source for as long as the source's codings are the
 * same list (the project loads a new one when the file changes) and the
 * transcript is not reported changed (`forget`), so that recomputing after a
 * coding re-anchors one source, not all of them.
 */
export class CodingLocator {
  private readonly cache = new Map<string, CacheEntry>();

  constructor(private readonly project: Project) {}

  /** Drops what is known of these paths (transcripts changed on disk). */
  forget(paths: Iterable<string>): void {
    for (const p of paths) this.cache.delete(p);
  }

  async locate(sources: readonly string[]): Promise<LocatedProjectCodings> {
    const located = new Map<string, Coding[]>();
    const orphaned = new Map<string, Coding[]>();
    const wanted = new Set(sources);
    for (const [source, file] of this.project.codings) {
      if (!wanted.has(source) || !file.codings.length) continue;
      let entry = this.cache.get(source);
      if (!entry || entry.codings !== file.codings) {
        const read = await transcriptText(this.project, source);
        const found = read ? locatedCodings(read.text, file.codings) : [];
        const ids = new Set(found.map((c) => c.id));
        entry = { codings: file.codings, located: found, orphaned: file.codings.filter((c) => !ids.has(c.id)) };
        // A transcript that is gone may come back: nothing is kept for it.
        if (read) this.cache.set(source, entry);
        else this.cache.delete(source);
      }
      located.set(source, entry.located);
      if (entry.orphaned.length) orphaned.set(source, entry.orphaned);
    }
    for (const s of [...this.cache.keys()]) if (!this.project.codings.has(s)) this.cache.delete(s);
    return { located, orphaned };
  }
}

/**
 * Everything the matrices count in `project`, for one coder or all. What is
 * included is the project's one rule (`inclusion`, src/core/participants):
 * withdrawn participants' sources, their turns in shared sources (checked where
 * each passage is now) and the participants themselves are left out.
 */
export async function projectMatrixInput(
  project: Project,
  opts: { coder?: string | null; locator?: CodingLocator } = {},
): Promise<MatrixInput> {
  const included = inclusion(project);
  const { located, orphaned } = await (opts.locator ?? new CodingLocator(project)).locate(included.sources);
  let notIncluded = 0;
  for (const [source, file] of project.codings) if (!included.includesSource(source)) notIncluded += file.codings.length;
  const kept = new Map<string, Coding[]>();
  for (const [source, list] of located) {
    const mine = list.filter((c) => included.includesPassage(source, c.start, c.end));
    notIncluded += list.length - mine.length;
    if (mine.length) kept.set(source, mine);
  }
  return matrixInput({
    codes: project.codebook.codes,
    located: kept,
    orphaned,
    sources: included.sources,
    participants: included.participants(),
    coder: opts.coder ?? null,
    notIncluded,
  });
}

/** A passage with its text as the transcript holds it now, and the line it starts on. */
export interface PassageWithText extends MatrixPassage {
  text: string;
  /** 1-based line of the passage's start. */
  line: number;
}

/** Adds each passage's current text (read from its transcript; empty when the transcript is gone). */
export async function withTexts(project: Project, passages: readonly MatrixPassage[]): Promise<PassageWithText[]> {
  const texts = new Map<string, { cpi: CodePointIndex; lines: LineIndex } | null>();
  const out: PassageWithText[] = [];
  for (const p of passages) {
    let t = texts.get(p.source);
    if (t === undefined) {
      const read = await transcriptText(project, p.source);
      t = read ? { cpi: new CodePointIndex(read.text), lines: new LineIndex(read.text) } : null;
      texts.set(p.source, t);
    }
    if (!t) {
      out.push({ ...p, text: '', line: 1 });
      continue;
    }
    out.push({ ...p, text: t.cpi.slice(p.start, p.end), line: t.lines.positionAt(t.cpi.toUtf16(p.start)).line });
  }
  return out;
}
