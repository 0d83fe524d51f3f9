/**
 * The reflexive memo log: writing memos, finding the memos about a code or a
 * passage, and resolving memo links (a passage link follows its passage through
 * edits like a coding: exact, moved or orphaned). Pure: files through the project.
 */
import { captureAnchor } from '../anchor';
import { isoSeconds } from '../time';
import { serializeMemo, slugify, resolveMemoLinksIn, type ResolvedLink, MEMOS_DIR, type Project, ProjectError } from '../project';
import { MEMO_KINDS, type Memo, type MemoKind, type MemoLink } from '../model';
import { CodePointIndex } from '../text';
import { inlinePlainText } from '../output';

/** One line on what each kind of memo is for (shown when choosing the kind). */
export const MEMO_KIND_DESCRIPTIONS: Readonly<Record<MemoKind, string>> = {
  reflexive: 'Your own position: expectations, reactions, what you bring to the data',
  analytic: 'What the data says: patterns, connections between codes and passages',
  methodological: 'How the study is done: decisions, changes, who was asked and why',
  theoretical: 'How the data speaks to ideas and concepts beyond this study',
};

/** The prompts a new memo opens with, per kind (overridable in settings). */
export const DEFAULT_MEMO_PROMPTS: Readonly<Record<MemoKind, readonly string[]>> = {
  reflexive: ['What did I expect to hear?', 'What surprised me?', 'How might my position shape what I noticed?'],
  analytic: ['What is going on here?', 'How does this connect to other codes or passages?', 'What would change my reading?'],
  methodological: ['What did I decide, and why?', 'What might this decision include or leave out?', 'Who should I check this with?'],
  theoretical: [
    'Which idea or concept does this speak to?',
    'Where does the data fit it, and where does it push back?',
    'What would make me more sure?',
  ],
};

export function isMemoKind(kind: unknown): kind is MemoKind {
  return typeof kind === 'string' && (MEMO_KINDS as readonly string[]).includes(kind);
}

/**
 * The Markdown a new memo starts with: the title as a heading (if any), then each
 * prompt on its own line with room below it. `cursor` is where writing starts:
 * just below the first prompt, so the answer joins it in one paragraph.
 */
export function memoTemplate(prompts: readonly string[], title?: string): { body: string; cursor: number } {
  const head = title?.trim() ? `# ${title.trim()}\n\n` : '';
  if (!prompts.length) return { body: `${head}\n`, cursor: head.length };
  const body = head + prompts.map((p) => `${p}\n\n`).join('\n');
  return { body, cursor: head.length + prompts[0].length + 1 };
}

/** The memo's first line of text, without Markdown heading or list marks: its title in lists. */
export function memoTitle(memo: Memo): string {
  for (const line of memo.body.split(/\r?\n/)) {
    const t = inlinePlainText(line.replace(/^\s*(#{1,6}\s+|>\s*|[-*+]\s+|\d+[.)]\s+)*/, '')).trim();
    if (t) return t.length > 100 ? `${t.slice(0, 99)}…` : t;
  }
  return `(empty ${memo.meta.kind} memo)`;
}

/**
 * The start of a memo's text as words to read in a tooltip: paragraphs kept, the lines in each joined,
 * Markdown marks (headings, lists, emphasis, links) dropped; at most `max` characters, ending with … when cut.
 */
export function memoPreview(memo: Memo, max = 400): string {
  const paragraphs = memo.body
    .trim()
    .split(/\r?\n\s*\r?\n/)
    .map((p) =>
      p
        .split(/\r?\n/)
        .map((line) => inlinePlainText(line.replace(/^\s*(#{1,6}\s+|>\s*|[-*+]\s+)*/, '')).trim())
        .filter(Boolean)
        .join(' '),
    )
    .filter(Boolean);
  const text = paragraphs.join('\n\n');
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

/** yyyy-mm-dd of a time in the local time zone (the day the author lived it). */
export function localDay(iso: string | Date): string {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  if (Number.isNaN(d.getTime())) return typeof iso === 'string' ? iso.slice(0, 10) : '0000-00-00';
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Memos oldest first (ties by path), as a log is read. */
export function chronological(memos: Iterable<Memo>): Memo[] {
  return [...memos].sort(
    (a, b) => Date.parse(a.meta.created) - Date.parse(b.meta.created) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0),
  );
}

export interface NewMemo {
  kind: MemoKind;
  /** The author's id (the coder id). */
  author?: string;
  /** A few words for the file name and the heading. */
  title?: string;
  /** The memo's Markdown; default: the title as a heading, then `prompts`. */
  body?: string;
  prompts?: readonly string[];
  /** A code id to link. */
  code?: string;
  /** A transcript to link: all of it, or the passage `start`..`end` (code points). */
  source?: string;
  start?: number;
  end?: number;
  /** The transcript as the author sees it (an editor's unsaved text); default: as on disk. */
  sourceText?: string;
}

export interface CreatedMemo {
  memo: Memo;
  /** The file's text as written. */
  text: string;
  /** UTF-16 offset in `text` where writing starts (after the first prompt). */
  cursor: number;
}

/**
 * Writes a new memo to `qda/memos/<yyyy-mm-dd>-<slug>.md` and loads it. The id is
 * random (`m-xxxxxxxx`); the file name gets a random suffix when it is taken. A
 * passage link keeps the passage's words and context, so it can be found again.
 */
export async function createMemo(project: Project, input: NewMemo): Promise<CreatedMemo> {
  if (!isMemoKind(input.kind)) throw new ProjectError(`"${String(input.kind)}" is not a kind of memo: use ${MEMO_KINDS.join(', ')}`);
  const links: MemoLink[] = [];
  let about: string | undefined;
  if (input.code !== undefined) {
    const code = project.codebook.codes.find((c) => c.id === input.code);
    if (!code) throw new ProjectError(`no code "${input.code}" in the codebook`);
    links.push({ code: code.id });
    about = code.name;
  }
  if (input.source !== undefined) {
    const link = await sourceLink(project, input);
    links.push(link);
    about ??= link.text?.split(/\s+/).slice(0, 6).join(' ');
  } else if (input.start !== undefined || input.end !== undefined) {
    throw new ProjectError('a passage needs its transcript ("source")');
  }
  const created = isoSeconds(project.ports.clock.now());
  const taken = new Set([...project.memos.values()].map((m) => m.meta.id));
  let id = `m-${project.ports.ids.newId()}`;
  while (taken.has(id)) id = `m-${project.ports.ids.newId()}`;
  const template =
    input.body !== undefined
      ? { body: input.body, cursor: input.body.length }
      : memoTemplate(input.prompts ?? DEFAULT_MEMO_PROMPTS[input.kind], input.title);
  const base = `${MEMOS_DIR}${localDay(created)}-${slugify(input.title?.trim() || about || input.kind)}`;
  let path = `${base}.md`;
  while (project.memos.has(path) || (await project.ports.files.stat(path))) path = `${base}-${project.ports.ids.newId().slice(0, 4)}.md`;
  const memo: Memo = {
    path,
    meta: { id, created, ...(input.author ? { author: input.author } : {}), kind: input.kind, ...(links.length ? { links } : {}) },
    body: template.body,
  };
  const text = serializeMemo(memo);
  await project.writeFile(path, text);
  return { memo: project.memos.get(path) ?? memo, text, cursor: text.length - template.body.length + template.cursor };
}

async function sourceLink(project: Project, input: NewMemo): Promise<MemoLink> {
  const source = input.source!;
  if (!project.sources.includes(source))
    throw new ProjectError(`${source} is not a transcript of this project: add a matching glob to "sources" in qda/project.yaml`);
  if (input.start === undefined && input.end === undefined) return { source };
  if (input.start === undefined || input.end === undefined) throw new ProjectError('a passage needs both "start" and "end"');
  const text = input.sourceText ?? (await project.store.readText(source))?.text;
  if (text === undefined) throw new ProjectError(`${source} is not found`);
  const index = new CodePointIndex(text);
  const start = Math.max(0, Math.min(input.start, index.length));
  const end = Math.max(0, Math.min(input.end, index.length));
  if (end <= start) throw new ProjectError('select some text to write a memo about');
  return { source, ...captureAnchor(index, start, end) };
}

/** Memos that link to a code, oldest first (for the Codes tree and code hovers). */
export function memosForCode(project: Project, codeId: string): Memo[] {
  return chronological([...project.memos.values()].filter((m) => m.meta.links?.some((l) => l.code === codeId)));
}

/** A memo whose passage link overlaps a passage, with that link resolved. */
export interface MemoPassage {
  memo: Memo;
  link: ResolvedLink;
}

/**
 * Memos linked to passages of `source` that overlap `start`..`end`, with where
 * their passages are now. `text` is the transcript as the caller sees it (an
 * editor's buffer, saved or not): the offsets, in code points, are offsets of
 * that text, and each linked passage is located in it. `start === end` asks
 * about one position. Orphaned links match nothing. Synchronous, for hovers.
 */
export function memosForPassage(project: Project, source: string, start: number, end: number, text: string): MemoPassage[] {
  const candidates = chronological(
    [...project.memos.values()].filter((m) => m.meta.links?.some((l) => l.source === source && l.start !== undefined)),
  );
  if (!candidates.length) return [];
  const resolved = resolveMemoLinksIn(project, candidates, (s) => (s === source ? text : undefined));
  const out: MemoPassage[] = [];
  for (const memo of candidates) {
    for (const link of resolved.get(memo.path) ?? []) {
      const l = link.located;
      if (link.kind !== 'passage' || link.link.source !== source || !l || l.state === 'orphaned') continue;
      const overlaps = end > start ? l.start < end && l.end > start : l.start <= start && start < l.end;
      if (overlaps) out.push({ memo, link });
    }
  }
  return out;
}

/** What a memo log can be narrowed to; every facet given must match. */
export interface MemoFilter {
  kind?: MemoKind;
  author?: string;
  /** A code id. */
  code?: string;
  /** A transcript path (whole-transcript and passage links both count). */
  source?: string;
}

export function filterMemos(memos: Iterable<Memo>, filter: MemoFilter): Memo[] {
  return [...memos].filter(
    (m) =>
      (filter.kind === undefined || m.meta.kind === filter.kind) &&
      (filter.author === undefined || m.meta.author === filter.author) &&
      (filter.code === undefined || !!m.meta.links?.some((l) => l.code === filter.code)) &&
      (filter.source === undefined || !!m.meta.links?.some((l) => l.source === filter.source)),
  );
}
