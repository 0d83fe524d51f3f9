/**
 * What importing a REFI-QDA project would do, worked out without writing
 * anything: into a folder with no project (everything is added) or into an
 * existing one (codes matched by GUID, then name; sources by name and text;
 * codings, memos and participants already there are left alone). The plan is
 * what the researcher reads before saying yes, and what importApply writes.
 */
import picomatch from 'picomatch';
import { captureAnchor } from '../anchor';
import { planQdcImport, type ImportPlan } from './qdcImport';
import { DEFAULT_SOURCES, type Project } from '../project';
import type { Codebook, Coding, Participants } from '../model';
import type { FileSystemPort, IdPort } from '../ports';
import { CodePointIndex, decodeUtf8, hashText } from '../text';
import { normalGuid, refiGuid } from './guids';
import { planPeople, type MemoPlan, type ParticipantPlan } from './importPeople';
import { coderIdFor, RETIRED_SET, sourcePathFor, uniquePath } from './mapping';
import type { ReadCode, RefiWarning } from './qdeReader';
import type { QdpxRead } from './qdpxRead';

/** Where an import goes: an open project, or a folder without one. */
export interface ImportTarget {
  project?: Project;
  files: FileSystemPort;
  ids: IdPort;
  now: Date;
}

export interface SourcePlan {
  /** As the file names it (or its text file's name when it has none). */
  name: string;
  /** The transcript it becomes, or is matched to. */
  path?: string;
  action: 'add' | 'match' | 'skip';
  notes: string[];
  text?: string;
  /** Its REFI GUID, kept with its codings when it is not the one we would derive. */
  guid?: string;
  codings: Coding[];
  /** Codings of the file already in the project. */
  already: number;
  /** Codings of the file not imported (outside the text, unknown code, …). */
  skipped: number;
}

export interface QdpxPlan {
  newProject: boolean;
  title: string;
  codes: ImportPlan;
  /** The codebook and participants the plan was made against (the import refuses to write over changed ones). */
  codebookBase: string;
  participantsBase: string;
  sources: SourcePlan[];
  participants?: Participants;
  participantItems: ParticipantPlan[];
  memos: MemoPlan[];
  /** Coder ids, each with the User it comes from. */
  coders: { id: string; from: string }[];
  notImported: string[];
  warnings: RefiWarning[];
}

/** Plans the import of `read` (which must be `ok`) into `target`. */
export async function planQdpxImport(read: QdpxRead, target: ImportTarget): Promise<QdpxPlan> {
  const rp = read.project!;
  const project = target.project;
  const warnings: RefiWarning[] = [...read.warnings];
  const warn = (at: { line: number; column: number }, message: string) =>
    warnings.push({ file: 'project.qde', line: at.line, column: at.column, message });
  const notImported: string[] = [];

  // Codes: the .qdc planner (GUID, then name); retired codes come back retired.
  const codebook: Codebook = project?.codebook ?? { codes: [] };
  const codes = planQdcImport(codebook, { codes: rp.codes, warnings: [] }, target.ids, target.now);
  const codeIds = new Map<string, string>();
  const walk = (list: ReadCode[]) => {
    for (const q of list) {
      if (q.guid) {
        if (codeIds.has(q.guid)) warn(q, `code "${q.name}" has the GUID of another code of the file; codings of that GUID go to the first`);
        else codeIds.set(q.guid, codes.idOf.get(q)!);
      }
      walk(q.children);
    }
  };
  walk(rp.codes);
  const retiredSet = rp.sets.find((s) => s.name.toLowerCase() === RETIRED_SET.toLowerCase());
  const added = new Set(codes.items.filter((i) => i.action === 'add').map((i) => i.id));
  for (const g of retiredSet?.codes ?? []) {
    const id = codeIds.get(g);
    const code = id !== undefined && added.has(id) ? codes.codebook.codes.find((c) => c.id === id) : undefined;
    if (code) code.status = 'retired';
  }

  // Users: coder ids.
  const coders = new Map<string, string>();
  const coderList: { id: string; from: string }[] = [];
  for (const u of rp.users) {
    const id = coderIdFor(u);
    coders.set(u.guid, id);
    if (!coderList.some((c) => c.id === id)) coderList.push({ id, from: u.name ?? u.id ?? u.guid });
  }
  const unknownUsers = new Set<string>();
  const coderOf = (guid: string | undefined, at: { line: number; column: number }): string | undefined => {
    if (!guid) return undefined;
    const known = coders.get(guid);
    if (known) return known;
    if (!unknownUsers.has(guid)) {
      unknownUsers.add(guid);
      warn(at, `user ${guid} is not among the <Users>: coder "${guid.slice(0, 8)}"`);
      coderList.push({ id: guid.slice(0, 8), from: guid });
    }
    return guid.slice(0, 8);
  };

  // Notes used by codings are coding notes; other notes become memos (importPeople).
  const noteText = new Map<string, string>();
  rp.notes.forEach((n, i) => n.guid && noteText.set(n.guid, (read.noteTexts[i] ?? '').trim()));

  // Sources.
  const existing = await existingSources(project, target.files);
  const taken = new Set(
    (await target.files.list('', { exclude: (p) => /^(\.git|node_modules)(\/|$)/.test(p) })).map((p) => p.toLowerCase()),
  );
  const isSource = picomatch(project?.config.sources.length ? project.config.sources : DEFAULT_SOURCES);
  const ids = new Set<string>([...(project?.codings.values() ?? [])].flatMap((f) => f.codings.map((c) => c.id)));
  const newId = () => {
    let id = target.ids.newId();
    while (ids.has(id)) id = target.ids.newId();
    ids.add(id);
    return id;
  };
  const sources: SourcePlan[] = [];
  const sourcePaths = new Map<string, string>();
  let unattributed = 0;
  rp.sources.forEach((s, i) => {
    const label = s.name ?? s.plainTextPath?.split(/[\\/]/).pop() ?? (s.guid ? `source-${s.guid.slice(0, 8)}` : `source at line ${s.line}`);
    const codingCount = s.selections.reduce((n, sel) => n + sel.codings.length, 0) + s.otherCodings;
    const plan: SourcePlan = { name: label, action: 'skip', notes: [], codings: [], already: 0, skipped: 0 };
    sources.push(plan);
    if (s.kind !== 'text') {
      plan.notes.push(`a ${s.kind.toUpperCase() === 'PDF' ? 'PDF' : s.kind} source: not imported`);
      notImported.push(
        `${s.kind === 'pdf' ? 'PDF' : s.kind} source "${label}"${codingCount ? ` and its ${codingCount} coding${codingCount === 1 ? '' : 's'}` : ''}: Reflexive QDA codes text`,
      );
      plan.skipped = codingCount;
      return;
    }
    const text = read.texts[i];
    if (text === undefined) {
      plan.notes.push(read.missing[i] ?? 'no text');
      notImported.push(
        `source "${label}"${codingCount ? ` and its ${codingCount} coding${codingCount === 1 ? '' : 's'}` : ''}: ${read.missing[i] ?? 'no text'}`,
      );
      plan.skipped = codingCount;
      return;
    }
    if (!s.name) warn(s, `source "${label}" has no name: named after its text file`);
    if (!text.trim()) warn(s, `source "${label}" has no text (it is empty${text ? ' but for line breaks or spaces' : ''})`);
    if (s.otherCodings)
      notImported.push(`${s.otherCodings} coding${s.otherCodings === 1 ? '' : 's'} of the whole source "${label}" (not of a passage)`);
    plan.text = text;
    const wanted = sourcePathFor(label);
    if (wanted.changed) plan.notes.push(`name made safe as a file name`);
    // Hashing megabytes of text is only needed when there are transcripts to match.
    const hash = existing.byHash.size ? hashText(text) : '';
    const sameName = existing.byPath.get(wanted.path.toLowerCase());
    const sameText = existing.byHash.get(hash);
    if (sameName && sameName.hash === hash) {
      plan.action = 'match';
      plan.path = sameName.path;
      plan.notes.push('already here, with the same text');
    } else if (sameText && sameText.length === 1) {
      plan.action = 'match';
      plan.path = sameText[0];
      plan.notes.push(`matched by its text: it is "${sameText[0]}" here`);
    } else {
      plan.action = 'add';
      plan.path = uniquePath(wanted.path, taken);
      if (sameName) plan.notes.push(`a different transcript is already called "${sameName.path}"`);
      taken.add(plan.path.toLowerCase());
      if (!isSource(plan.path))
        warn(s, `"${plan.path}" is not matched by "sources" in qda/project.yaml: add a glob such as "transcripts/**/*.txt" to code it`);
    }
    if (s.guid) {
      sourcePaths.set(s.guid, plan.path!);
      if (s.guid !== refiGuid('source', plan.path!)) plan.guid = s.guid;
    }
    if (s.values)
      notImported.push(
        `${s.values} attribute value${s.values === 1 ? '' : 's'} of source "${label}": Reflexive QDA keeps attributes on participants`,
      );

    // Codings, anchored in the text as imported.
    const index = new CodePointIndex(text);
    const have = project?.codings.get(plan.path!)?.codings ?? [];
    const keys = new Set(have.map((c) => codingKey(c.code, c.start, c.end, c.coder)));
    const guids = new Set(have.flatMap((c) => normalGuid(c.guid) ?? []));
    for (const sel of s.selections) {
      let { start, end } = sel;
      if (start > end) {
        warn(sel, `source "${label}": a selection runs backwards (${sel.start}-${sel.end}): read as ${end}-${start}`);
        [start, end] = [end, start];
      }
      if (!sel.codings.length) continue;
      if (start < 0 || end > index.length || start === end) {
        plan.skipped += sel.codings.length;
        warn(
          sel,
          `source "${label}": the selection ${sel.start}-${sel.end} is ${start === end ? 'empty' : `outside its text (${index.length} code points)`}: its ${sel.codings.length} coding${sel.codings.length === 1 ? '' : 's'} skipped`,
        );
        continue;
      }
      const anchor = captureAnchor(index, start, end);
      for (const c of sel.codings) {
        const code = c.code && codeIds.get(c.code);
        if (!code) {
          plan.skipped++;
          if (c.code) warn(c, `source "${label}": a coding names code ${c.code}, which is not in the codebook: skipped`);
          continue;
        }
        const coder = coderOf(c.user ?? sel.user, c);
        if (!coder) unattributed++;
        // Already here: the project has this coding (same GUID, or same passage, code and coder). Two such
        // codings in the file itself are both kept, as they were in the tool that wrote it.
        if ((c.guid && guids.has(c.guid)) || keys.has(codingKey(code, start, end, coder))) {
          plan.already++;
          continue;
        }
        const note = c.noteRefs
          .map((g) => noteText.get(g))
          .filter(Boolean)
          .join('\n\n');
        const at = [c.at, sel.at].find((t) => typeof t === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(t) && !Number.isNaN(Date.parse(t)));
        plan.codings.push({
          id: newId(),
          code,
          ...anchor,
          ...(coder ? { coder } : {}),
          ...(at ? { at } : {}),
          ...(note ? { note } : {}),
          ...(c.guid ? { guid: c.guid } : {}),
        });
      }
    }
  });
  if (unattributed)
    warnings.push({
      file: 'project.qde',
      line: 1,
      column: 1,
      message: `${unattributed} coding${unattributed === 1 ? ' has' : 's have'} no creatingUser: imported without a coder`,
    });

  const people = planPeople(rp, read, {
    project,
    taken,
    now: target.now,
    ids: target.ids,
    codeIds,
    sourcePaths,
    coderOf,
    warn,
    notImported,
  });
  for (const set of rp.sets) {
    if (set === retiredSet || people.memoKindSets.has(set)) continue;
    notImported.push(
      `set "${set.name}" (${[set.codes.length && `${set.codes.length} codes`, set.notes.length && `${set.notes.length} notes`, set.sources && `${set.sources} sources`].filter(Boolean).join(', ') || 'empty'}): Reflexive QDA has no sets`,
    );
  }
  const caseRefs = rp.cases.reduce((n, c) => n + c.otherRefs, 0);
  if (caseRefs)
    notImported.push(`${caseRefs} code or selection reference${caseRefs === 1 ? '' : 's'} of cases: a participant owns sources, not codes`);
  return {
    newProject: !project,
    title: rp.name ?? 'Imported project',
    codes,
    codebookBase: hashText(JSON.stringify(codebook.codes)),
    participantsBase: hashText(JSON.stringify(project?.participants ?? null)),
    sources,
    ...(people.participants ? { participants: people.participants } : {}),
    participantItems: people.participantItems,
    memos: people.memos,
    coders: coderList,
    notImported,
    warnings,
  };
}

/** A coding as the same passage coded with the same code by the same coder. */
function codingKey(code: string, start: number, end: number, coder: string | undefined): string {
  return `${code}\u0000${start}\u0000${end}\u0000${coder ?? ''}`;
}

/** The project's transcripts by lower-case path and by the hash of their text. */
async function existingSources(
  project: Project | undefined,
  files: FileSystemPort,
): Promise<{ byPath: Map<string, { path: string; hash: string }>; byHash: Map<string, string[]> }> {
  const byPath = new Map<string, { path: string; hash: string }>();
  const byHash = new Map<string, string[]>();
  for (const path of project?.sources ?? []) {
    const bytes = await files.read(path);
    if (!bytes) continue;
    const hash = hashText(decodeUtf8(bytes).text);
    byPath.set(path.toLowerCase(), { path, hash });
    byHash.set(hash, [...(byHash.get(hash) ?? []), path]);
  }
  return { byPath, byHash };
}
