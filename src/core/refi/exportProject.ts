/**
 * The project as a REFI-QDA project (.qdpx): a ZIP of project.qde and the plain
 * text of every source under sources/. See docs/refi.md for the mapping. Every
 * passage is exported where it is now (codings located in the text as it is on
 * disk, in code points, as the standard counts), and everything that cannot be
 * exported is listed in the result, never silently dropped.
 */
import { zipSync, type Zippable } from 'fflate';
import { locateAll } from '../anchor';
import { byName, resolveCode } from '../codes';
import { qdcDescription } from './qdc';
import { resolveMemoLinksIn, memoTitle, chronological } from '../memos';
import type { Code, Coding, Memo, MemoKind, Participant } from '../model';
import type { Project } from '../project';
import { CodePointIndex, decodeUtf8, encodeUtf8 } from '../text';
import { codeGuid, GuidPool, refiGuid } from './guids';
import {
  isDateTime,
  writeQde,
  type QdeCase,
  type QdeCode,
  type QdeCoding,
  type QdeNote,
  type QdeProject,
  type QdeSelection,
  type QdeSet,
  type QdeSource,
  type QdeValue,
  type QdeVariable,
} from './qdeWriter';
import { exportScope } from './scope';
import { MEMO_KIND_SETS, RETIRED_SET, INTERVIEW_DATE_VARIABLE, ALLOWED_VALUES_LABEL, sourceNameFor } from './mapping';

export interface QdpxExport {
  /** The .qdpx file. */
  bytes: Uint8Array;
  /** project.qde as written into it. */
  qde: string;
  counts: { sources: number; codes: number; codings: number; memos: number; cases: number; users: number };
  /** What was not exported, and why: one line each, naming the file. */
  skipped: string[];
}

export interface QdpxExportOptions {
  /** The `origin` attribute: the tool and its version. */
  origin?: string;
}

/** A fixed time for every entry of the ZIP, so that the same project gives the same bytes. */
const ZIP_TIME = new Date(2000, 0, 1);

/** Builds the .qdpx of the project (reads its sources through the project's file port). */
export async function exportQdpx(project: Project, opts: QdpxExportOptions = {}): Promise<QdpxExport> {
  const scope = exportScope(project);
  const skipped: string[] = [];
  const pool = new GuidPool();
  const all = new Map(project.codebook.codes.map((c) => [c.id, c]));

  // Codes first: every GUID a reference may name must be known before it is written.
  const exported = project.codebook.codes.filter((c) => c.status !== 'merged');
  const codeGuids = new Map<string, string>();
  for (const c of [...exported].sort((a, b) => (a.id < b.id ? -1 : 1)))
    codeGuids.set(
      c.id,
      pool.take(c.guid, () => codeGuid(c.id)),
    );
  const targetOf = (id: string): Code | undefined => {
    const c = resolveCode(all, id);
    return c && c.status !== 'merged' ? c : undefined;
  };

  // Users: every coder and memo author, by id.
  const users = new Map<string, string>();
  const userGuid = (id: string | undefined): string | undefined => {
    if (id === undefined || id === '') return undefined;
    if (!users.has(id)) users.set(id, refiGuid('user', id));
    return users.get(id);
  };

  const memos = chronological(project.memos.values());
  const memoGuids = new Map(memos.map((m) => [m.path, pool.take(m.meta.guid, () => refiGuid('memo', m.meta.id))]));
  const codeNotes = new Map<string, string[]>();
  const sourceNotes = new Map<string, string[]>();
  const passageNotes = new Map<string, Map<string, { start: number; end: number; notes: string[] }>>();

  // Sources: their texts, then their codings and memo passages where they are now.
  const texts = new Map<string, string>();
  /** Each source's text as UTF-8 without a byte-order mark: the file's own bytes when they are that already. */
  const utf8 = new Map<string, Uint8Array>();
  for (const path of scope.sources) {
    const bytes = await project.ports.files.read(path);
    if (!bytes) {
      skipped.push(`${path}: the transcript could not be read; it and its codings are not exported`);
      continue;
    }
    const d = decodeUtf8(bytes);
    if (d.invalidUtf8) skipped.push(`${path}: not valid UTF-8 at byte ${d.invalidUtf8.byteOffset}; exported with the bad bytes replaced`);
    texts.set(path, d.text);
    utf8.set(path, d.invalidUtf8 ? encodeUtf8(d.text) : d.hadBom ? bytes.subarray(3) : bytes);
  }
  if (scope.withdrawnSources)
    skipped.push(
      `${scope.withdrawnSources} transcript${scope.withdrawnSources === 1 ? '' : 's'} of participants who withdrew: not exported, nor their codings`,
    );
  for (const [source, file] of project.codings) {
    if (!scope.sources.includes(source) && project.sources.includes(source)) continue; // withdrawn: said once above
    if (!texts.has(source) && file.codings.length) {
      const why = scope.sources.includes(source) ? 'could not be read' : 'is not a source of this project (or is not exported)';
      if (!skipped.some((s) => s.startsWith(`${source}:`)))
        skipped.push(`${source}: the transcript ${why}; its ${file.codings.length} codings are not exported`);
    }
  }

  // Memo links, resolved against the texts as they are now.
  const resolved = resolveMemoLinksIn(project, memos, (s) => texts.get(s));
  for (const memo of memos) {
    const guid = memoGuids.get(memo.path)!;
    for (const r of resolved.get(memo.path) ?? []) {
      const { link } = r;
      if (r.kind === 'code') {
        const target = link.code !== undefined ? targetOf(link.code) : undefined;
        if (!target) skipped.push(`${memo.path}: the link to code "${link.code}" is not exported (no such code)`);
        else push(codeNotes, target.id, guid);
      } else if (link.source !== undefined && !texts.has(link.source)) {
        skipped.push(`${memo.path}: the link to "${link.source}" is not exported (the transcript is not exported)`);
      } else if (r.kind === 'source') push(sourceNotes, link.source!, guid);
      else if (!r.located || r.located.state === 'orphaned')
        skipped.push(`${memo.path}: the passage link in "${link.source}" is not exported (its passage is no longer found)`);
      else if (!scope.includesPassage(link.source!, r.located.start, r.located.end)) continue;
      else {
        const bySource = passageNotes.get(link.source!) ?? new Map();
        passageNotes.set(link.source!, bySource);
        const key = `${r.located.start}:${r.located.end}`;
        const entry = bySource.get(key) ?? { start: r.located.start, end: r.located.end, notes: [] };
        if (!entry.notes.includes(guid)) entry.notes.push(guid);
        bySource.set(key, entry);
      }
    }
  }

  const notes: QdeNote[] = memos.map((m) => ({
    guid: memoGuids.get(m.path)!,
    name: memoTitle(m),
    text: m.body,
    user: userGuid(m.meta.author),
    at: isDateTime(m.meta.created) ? m.meta.created : undefined,
  }));
  const sources: QdeSource[] = [];
  const sourceGuids = new Map<string, string>();
  let codingCount = 0;
  for (const path of scope.sources) {
    const text = texts.get(path);
    if (text === undefined) continue;
    const file = project.codings.get(path);
    const guid = pool.take(file?.guid, () => refiGuid('source', path));
    sourceGuids.set(path, guid);
    const selections = new Map<string, QdeSelection>();
    const selectionAt = (start: number, end: number): QdeSelection => {
      const key = `${start}:${end}`;
      let s = selections.get(key);
      if (!s) selections.set(key, (s = { guid: refiGuid('selection', `${guid}:${start}:${end}`), start, end, codings: [], noteRefs: [] }));
      return s;
    };
    const codings = file?.codings ?? [];
    const located = locateAll(new CodePointIndex(text), codings);
    codings.forEach((c: Coding, i) => {
      const where = located[i];
      const target = targetOf(c.code);
      if (!target) return void skipped.push(`${path}: coding "${c.id}" names code "${c.code}", which is not in the codebook; not exported`);
      if (where.state === 'orphaned')
        return void skipped.push(`${path}: coding "${c.id}" (${target.name}): its passage is no longer found; not exported`);
      if (!scope.includesPassage(path, where.start, where.end)) return; // a withdrawn participant's turn in a shared source
      const sel = selectionAt(where.start, where.end);
      const coding: QdeCoding = {
        guid: pool.take(c.guid, () => refiGuid('coding', c.id)),
        code: codeGuids.get(target.id)!,
        user: userGuid(c.coder),
        at: isDateTime(c.at) ? c.at : undefined,
        noteRefs: [],
      };
      if (c.note) {
        // From the coding's GUID, not its id: an imported coding keeps its GUID, so its note keeps one too.
        const noteGuid = pool.take(undefined, () => refiGuid('coding-note', coding.guid));
        notes.push({ guid: noteGuid, name: 'Note on a coding', text: c.note, user: coding.user, at: coding.at });
        coding.noteRefs.push(noteGuid);
      }
      if (!sel.user && coding.user) sel.user = coding.user;
      if (coding.at && (!sel.at || coding.at < sel.at)) sel.at = coding.at;
      sel.codings.push(coding);
      codingCount++;
    });
    for (const p of passageNotes.get(path)?.values() ?? []) selectionAt(p.start, p.end).noteRefs.push(...p.notes);
    const list = [...selections.values()].sort((a, b) => a.start - b.start || a.end - b.end);
    for (const s of list) s.codings.sort((a, b) => (a.guid < b.guid ? -1 : 1));
    sources.push({
      guid,
      name: sourceNameFor(path),
      plainTextPath: `internal://${guid}.txt`,
      selections: list,
      noteRefs: sourceNotes.get(path) ?? [],
    });
  }

  const qde: QdeProject = {
    name: project.config.title?.trim() || 'Reflexive QDA project',
    origin: opts.origin ?? 'Reflexive QDA',
    users: [...users].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([id, guid]) => ({ guid, name: id, id })),
    codes: codeTree(exported, all, codeGuids, codeNotes),
    ...participantsPart(project, scope.participants, sourceGuids, pool, skipped),
    sources,
    notes,
    sets: sets(exported, memos, codeGuids, memoGuids),
  };
  const xml = writeQde(qde);
  const zip: Zippable = { 'project.qde': [encodeUtf8(xml), { level: 6 }] };
  // Texts at a low level: most of the export's time is deflating megabytes of transcripts, and level 1 saves a quarter of it.
  for (const [path, guid] of sourceGuids) zip[`sources/${guid}.txt`] = [utf8.get(path)!, { level: 1 }];
  const bytes = zipSync(zip, { mtime: ZIP_TIME });
  return {
    bytes,
    qde: xml,
    counts: {
      sources: sources.length,
      codes: codeGuids.size,
      codings: codingCount,
      memos: memos.length,
      cases: qde.cases.length,
      users: qde.users.length,
    },
    skipped,
  };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else if (!list.includes(value)) list.push(value);
}

/** Exported codes (active and retired) under their nearest exported ancestor; siblings by name. */
function codeTree(exported: Code[], all: Map<string, Code>, guids: Map<string, string>, notes: Map<string, string[]>): QdeCode[] {
  const parentOf = (c: Code): string | undefined => {
    const seen = new Set([c.id]);
    let p = c.parent !== undefined ? all.get(c.parent) : undefined;
    while (p && p.status === 'merged' && !seen.has(p.id)) {
      seen.add(p.id);
      p = p.parent !== undefined ? all.get(p.parent) : undefined;
    }
    return p && p.status !== 'merged' && !seen.has(p.id) ? p.id : undefined;
  };
  const children = new Map<string | undefined, Code[]>();
  for (const c of exported) push(children, parentOf(c), c);
  const placed = new Set<string>();
  const node = (c: Code): QdeCode => {
    placed.add(c.id);
    const description = qdcDescription(c);
    const color = c.color && /^#[0-9a-fA-F]{6}$/.test(c.color) ? c.color.toUpperCase() : undefined;
    const kids = [...(children.get(c.id) ?? [])]
      .sort(byName)
      .filter((k) => !placed.has(k.id))
      .map(node);
    return {
      guid: guids.get(c.id)!,
      name: c.name.replace(/[\r\n\t]+/g, ' '),
      ...(color ? { color } : {}),
      ...(description ? { description } : {}),
      noteRefs: notes.get(c.id) ?? [],
      children: kids,
    };
  };
  const roots = [...(children.get(undefined) ?? [])].sort(byName).map(node);
  // Codes in a parent cycle (an invalid codebook) reach no root: exported at the top, never dropped.
  for (const c of [...exported].sort(byName)) if (!placed.has(c.id)) roots.push(node(c));
  return roots;
}

/** Participants as Cases, their attributes as Text variables, the interview date as a Date variable. */
function participantsPart(
  project: Project,
  participants: Participant[],
  sourceGuids: Map<string, string>,
  pool: GuidPool,
  skipped: string[],
): { variables: QdeVariable[]; cases: QdeCase[] } {
  const declared = project.participants?.attributes ?? {};
  const names = [...new Set([...Object.keys(declared), ...participants.flatMap((p) => Object.keys(p.attributes ?? {}))])];
  const variables: QdeVariable[] = names.map((name) => {
    const allowed = declared[name];
    return {
      guid: refiGuid('variable', name),
      name,
      type: 'Text',
      ...(allowed?.length ? { description: `${ALLOWED_VALUES_LABEL}\n${allowed.join('\n')}` } : {}),
    };
  });
  const dated = participants.some((p) => p.interviewed !== undefined);
  const dateVar: QdeVariable = { guid: refiGuid('variable', INTERVIEW_DATE_VARIABLE), name: INTERVIEW_DATE_VARIABLE, type: 'Date' };
  if (dated && !names.includes(INTERVIEW_DATE_VARIABLE)) variables.push(dateVar);
  const cases = [...participants]
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map((p): QdeCase => {
      const values: QdeValue[] = variables
        .filter((v) => v.type === 'Text' && p.attributes?.[v.name] !== undefined)
        .map((v) => ({ variable: v.guid, type: 'Text' as const, value: String(p.attributes![v.name]) }));
      const day = typeof p.interviewed === 'string' ? /^\d{4}-\d{2}-\d{2}/.exec(p.interviewed)?.[0] : undefined;
      if (dated && variables.includes(dateVar) && p.interviewed !== undefined) {
        if (day) values.push({ variable: dateVar.guid, type: 'Date', value: day });
        else skipped.push(`qda/participants.yaml: the interview date of "${p.id}" ("${p.interviewed}") is not a date; not exported`);
      }
      const sourceRefs = (p.sources ?? []).flatMap((s) => (sourceGuids.has(s) ? [sourceGuids.get(s)!] : []));
      return { guid: pool.take(p.guid, () => refiGuid('case', p.id)), name: p.id, values, sourceRefs };
    });
  return { variables: cases.length ? variables : [], cases };
}

/** Retired codes and the memo kinds, as Sets: the one REFI-QDA way to carry a grouping. */
function sets(codes: Code[], memos: Memo[], codeGuids: Map<string, string>, memoGuids: Map<string, string>): QdeSet[] {
  const out: QdeSet[] = [];
  const retired = codes.filter((c) => c.status === 'retired').sort(byName);
  if (retired.length)
    out.push({
      guid: refiGuid('set', RETIRED_SET),
      name: RETIRED_SET,
      description: 'Codes retired in Reflexive QDA: kept with their codings, no longer applied.',
      codes: retired.map((c) => codeGuids.get(c.id)!),
      notes: [],
    });
  for (const [kind, name] of Object.entries(MEMO_KIND_SETS) as [MemoKind, string][]) {
    const members = memos.filter((m) => m.meta.kind === kind);
    if (members.length)
      out.push({
        guid: refiGuid('set', name),
        name,
        description: `Reflexive QDA memos of the kind "${kind}".`,
        codes: [],
        notes: members.map((m) => memoGuids.get(m.path)!),
      });
  }
  return out;
}
