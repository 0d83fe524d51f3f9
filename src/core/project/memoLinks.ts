/**
 * Memo links as they stand: a link to a code is checked against the codebook, a
 * link to a transcript against the sources, and a passage link is found again in
 * its transcript like a coding (exact, moved or orphaned). Part of the project's
 * own checks (broken links are warnings in memo files), so it reads only the
 * project's state, never the Project class.
 */
import { locate } from '../anchor';
import type { Located, Memo, MemoLink, Problem } from '../model';
import { CodePointIndex } from '../text';
import { YamlSource } from './format/yamlFile';
import type { ProjectState } from './state';

/** Why a link is broken, and which key of the link says so (for the diagnostic's place). */
export interface LinkProblem {
  key: 'code' | 'source' | 'start' | 'text';
  message: string;
}

/** A memo link as it stands now. */
export interface ResolvedLink {
  /** Its index in the memo's `links`. */
  index: number;
  link: MemoLink;
  /** `passage` when it has offsets; else `source` or `code`. */
  kind: 'code' | 'source' | 'passage';
  /** The name of the linked code, when it is in the codebook. */
  codeName?: string;
  /** Where the passage is now; undefined when its transcript could not be read. */
  located?: Located;
  /** The passage's words: as the transcript has them where it was found, else as stored. */
  quote?: string;
  /** Empty when the link is sound. */
  problems: LinkProblem[];
}

/** Reads a transcript's text as the reader sees it now (an editor's buffer, or the disk). */
export type ReadSource = (source: string) => Promise<string | undefined>;

/**
 * Resolves the links of `memos` (default: all): codes against the codebook,
 * transcripts against the project's sources, passages by `locate` in the text
 * `read` gives (default: the file on disk). Each transcript is read once.
 */
export async function resolveMemoLinks(
  project: ProjectState,
  memos: Iterable<Memo> = project.memos.values(),
  read?: ReadSource,
): Promise<Map<string, ResolvedLink[]>> {
  const list = [...memos];
  const reader = read ?? (async (s: string) => (await project.store.readText(s))?.text);
  const sources = new Set(project.sources);
  // Only passage links need the transcript's text; a link to a whole transcript needs it to exist.
  const wanted = new Set(
    list.flatMap((m) =>
      (m.meta.links ?? []).flatMap((l) => (l.source !== undefined && l.start !== undefined && sources.has(l.source) ? [l.source] : [])),
    ),
  );
  const texts = new Map<string, string | undefined>();
  await Promise.all([...wanted].map(async (s) => texts.set(s, await reader(s).catch(() => undefined))));
  return resolveMemoLinksIn(project, list, (s) => texts.get(s));
}

/**
 * `resolveMemoLinks` with the transcripts at hand, synchronously (hovers):
 * `textOf` gives a transcript's text now, or undefined when it cannot be read.
 */
export function resolveMemoLinksIn(
  project: ProjectState,
  memos: Iterable<Memo>,
  textOf: (source: string) => string | undefined,
): Map<string, ResolvedLink[]> {
  const indexes = new Map<string, CodePointIndex | undefined>();
  const indexOf = (s: string) => {
    if (!indexes.has(s)) {
      const text = textOf(s);
      indexes.set(s, text === undefined ? undefined : new CodePointIndex(text));
    }
    return indexes.get(s);
  };
  const codes = new Map(project.codebook.codes.map((c) => [c.id, c.name]));
  const sources = new Set(project.sources);
  const out = new Map<string, ResolvedLink[]>();
  for (const memo of memos) {
    out.set(
      memo.path,
      (memo.meta.links ?? []).map((link, index) => {
        const passage = link.source !== undefined && link.start !== undefined && link.end !== undefined;
        const r: ResolvedLink = { index, link, kind: passage ? 'passage' : link.source !== undefined ? 'source' : 'code', problems: [] };
        if (link.code !== undefined) {
          r.codeName = codes.get(link.code);
          if (r.codeName === undefined)
            r.problems.push({
              key: 'code',
              message: `link to code "${link.code}", which is not in the codebook (the link is kept: add the code or fix the link)`,
            });
        }
        if (link.source !== undefined) {
          const text = sources.has(link.source) && passage ? indexOf(link.source) : undefined;
          if (!sources.has(link.source) || (passage && !text))
            r.problems.push({
              key: 'source',
              message: `link to transcript "${link.source}", which is not found (moved, deleted, or not matched by "sources")`,
            });
          if (passage) locatePassage(r, text);
        }
        return r;
      }),
    );
  }
  return out;
}

function locatePassage(r: ResolvedLink, index: CodePointIndex | undefined): void {
  const { text, before, after } = r.link;
  const start = r.link.start!;
  const end = r.link.end!;
  r.quote = text;
  if (!index) return;
  if (text === undefined) {
    // A hand-written link without its words: the offsets are all there is.
    r.located = end <= index.length ? { state: 'exact', start, end } : { state: 'orphaned', start, end };
  } else {
    r.located = locate(index, { start, end, text, before, after });
  }
  if (r.located.state === 'orphaned') {
    const words = text === undefined ? `${start}-${end}` : `"${text.length > 40 ? `${text.slice(0, 39)}…` : text}"`;
    r.problems.push({
      key: text === undefined ? 'start' : 'text',
      message: `the passage ${words} is no longer found in ${r.link.source} (the link is kept: re-link it to the passage)`,
    });
  } else {
    r.quote = index.slice(r.located.start, r.located.end);
  }
}

/**
 * Warnings for broken memo links (unknown code, missing transcript, orphaned
 * passage), each at the line and column of the link's own key in the front matter.
 */
export async function memoLinkProblems(project: ProjectState): Promise<Problem[]> {
  const resolved = await resolveMemoLinks(project);
  const problems: Problem[] = [];
  for (const [path, links] of resolved) {
    const broken = links.filter((l) => l.problems.length);
    if (!broken.length) continue;
    const read = await project.store.readText(path);
    const src = read ? frontMatterSource(read.text) : undefined;
    for (const l of broken) {
      for (const p of l.problems) {
        const at = src?.atPath(['links', l.index, p.key], p.message, { severity: 'warning' });
        problems.push({
          file: path,
          line: at?.line ?? 1,
          column: at?.column ?? 1,
          ...(at?.utf16Column !== undefined ? { utf16Column: at.utf16Column } : {}),
          message: p.message,
          severity: 'warning',
        });
      }
    }
  }
  // Two memos with one id: a link to that id would reach either. An error at each later one (by path).
  const firstWithId = new Map<string, string>();
  for (const [path, memo] of [...project.memos].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const id = memo.meta.id;
    if (typeof id !== 'string' || !id) continue;
    const first = firstWithId.get(id);
    if (first === undefined) {
      firstWithId.set(id, path);
      continue;
    }
    const read = await project.store.readText(path);
    const message = `duplicate memo id "${id}": ${first} has it too; give this memo another id`;
    const at = (read ? frontMatterSource(read.text) : undefined)?.atPath(['id'], message);
    problems.push({
      file: path,
      line: at?.line ?? 1,
      column: at?.column ?? 1,
      ...(at?.utf16Column !== undefined ? { utf16Column: at.utf16Column } : {}),
      message,
      severity: 'error',
    });
  }
  return problems;
}

/** The memo's front matter with positions kept (it starts on line 2), as parseMemo reads it. */
function frontMatterSource(text: string): YamlSource | undefined {
  const open = /^---[ \t]*\r?\n/.exec(text);
  if (!open) return undefined;
  const rest = text.slice(open[0].length);
  const close = /^---[ \t]*(\r?\n|$)/m.exec(rest);
  return close ? new YamlSource(rest.slice(0, close.index), 1) : undefined;
}
