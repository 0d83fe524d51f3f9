/**
 * The people and notes of a REFI-QDA project as Reflexive QDA keeps them:
 * Cases become participants (attributes from VariableValues of every type, the
 * interview date from its Date variable), Notes become memos (linked to the
 * codes, sources and passages that refer to them), and a Note referred to only
 * by codings becomes those codings' note. Part of the import plan.
 */
import { captureAnchor } from '../anchor';
import { isoSeconds } from '../time';
import { type Project, serializeMemo, slugify } from '../project';
import { memoTitle } from '../memos';
import { MEMO_KINDS, type Memo, type MemoKind, type MemoLink, type Participant, type Participants } from '../model';
import type { IdPort } from '../ports';
import { CodePointIndex } from '../text';
import { normalGuid, refiGuid } from './guids';
import { ALLOWED_VALUES_LABEL, DEFAULT_MEMO_KIND, INTERVIEW_DATE_VARIABLE, MEMO_KIND_SETS, participantIdFor, uniquePath } from './mapping';
import type { ReadCode, ReadProject, ReadSet } from './qdeReader';
import type { QdpxRead } from './qdpxRead';

export interface ParticipantPlan {
  id: string;
  action: 'add' | 'update' | 'same';
  changes: string[];
  notes: string[];
}

export interface MemoPlan {
  path: string;
  action: 'add' | 'same';
  title: string;
  /** The memo to write (for `add`). */
  memo?: Memo;
  text?: string;
}

export interface PeopleContext {
  project?: Project;
  /** Lower-case paths of every file in the folder and every file the import adds. */
  taken: Set<string>;
  now: Date;
  ids: IdPort;
  /** Code GUID -> code id. */
  codeIds: Map<string, string>;
  /** Source GUID -> transcript path (added or matched). */
  sourcePaths: Map<string, string>;
  coderOf(guid: string | undefined, at: { line: number; column: number }): string | undefined;
  warn(at: { line: number; column: number }, message: string): void;
  notImported: string[];
}

interface NoteUse {
  links: MemoLink[];
  byCodings: number;
}

/** Plans participants and memos. */
export function planPeople(
  rp: ReadProject,
  read: QdpxRead,
  ctx: PeopleContext,
): { participants?: Participants; participantItems: ParticipantPlan[]; memos: MemoPlan[]; memoKindSets: Set<ReadSet> } {
  const { participants, participantItems } = planParticipants(rp, ctx);
  const { memos, memoKindSets } = planMemos(rp, read, ctx);
  return { ...(participants ? { participants } : {}), participantItems, memos, memoKindSets };
}

function planParticipants(rp: ReadProject, ctx: PeopleContext): { participants?: Participants; participantItems: ParticipantPlan[] } {
  const before = ctx.project?.participants;
  if (!rp.cases.length) return { participantItems: [] };
  const result: Participants = before ? structuredClone(before) : { participants: [] };
  const variables = new Map(rp.variables.map((v) => [v.guid, v]));
  const byGuid = new Map(result.participants.map((p) => [normalGuid(p.guid) ?? refiGuid('case', p.id), p]));
  const byId = new Map(result.participants.map((p) => [p.id, p]));
  const owner = new Map(result.participants.flatMap((p) => (p.sources ?? []).map((s) => [s, p.id] as const)));
  const declared: Record<string, string[]> = { ...(result.attributes ?? {}) };
  const seen = new Map<string, Set<string>>();
  const items: ParticipantPlan[] = [];
  const usedIds = new Set(byId.keys());
  for (const c of rp.cases) {
    let id = participantIdFor(c.name, c.guid ?? '00000000');
    if (!c.name) ctx.warn(c, `a case without a name: participant "${id}"`);
    const match = (c.guid ? byGuid.get(c.guid) : undefined) ?? byId.get(id);
    const attributes: Record<string, string> = {};
    let interviewed: string | undefined;
    for (const v of c.values) {
      const variable = variables.get(v.variable);
      if (!variable) {
        ctx.warn(c, `case "${c.name ?? id}" has a value of variable ${v.variable}, which is not among the <Variables>: skipped`);
        continue;
      }
      if (variable.name === INTERVIEW_DATE_VARIABLE && /^Date(Time)?$/.test(variable.type) && /^\d{4}-\d{2}-\d{2}/.test(v.value))
        interviewed = v.value.slice(0, 10);
      else {
        attributes[variable.name] = v.value;
        const set = seen.get(variable.name) ?? new Set<string>();
        set.add(v.value);
        seen.set(variable.name, set);
      }
    }
    const item: ParticipantPlan = { id, action: 'add', changes: [], notes: [] };
    const sources: string[] = [];
    for (const g of c.sources) {
      const path = ctx.sourcePaths.get(g);
      if (!path) continue;
      const o = owner.get(path);
      if (o !== undefined && o !== (match?.id ?? id)) item.notes.push(`"${path}" already belongs to participant "${o}": not added`);
      else if (!sources.includes(path)) sources.push(path);
    }
    if (match) {
      item.id = match.id;
      for (const [k, v] of Object.entries(attributes)) {
        const have = match.attributes?.[k];
        if (have === undefined) {
          match.attributes = { ...(match.attributes ?? {}), [k]: v };
          item.changes.push(`${k}: ${v}`);
        } else if (have !== v) item.notes.push(`${k}: the file says "${v}"; "${have}" kept`);
      }
      if (interviewed && match.interviewed === undefined) {
        match.interviewed = interviewed;
        item.changes.push(`interviewed ${interviewed}`);
      } else if (interviewed && String(match.interviewed).slice(0, 10) !== interviewed)
        item.notes.push(`interviewed: the file says ${interviewed}; ${String(match.interviewed).slice(0, 10)} kept`);
      const add = sources.filter((s) => !(match.sources ?? []).includes(s));
      if (add.length) {
        match.sources = [...(match.sources ?? []), ...add];
        item.changes.push(`sources + ${add.join(', ')}`);
      }
      item.action = item.changes.length ? 'update' : 'same';
      for (const s of sources) owner.set(s, match.id);
    } else {
      for (let n = 2; usedIds.has(id); n++) id = `${participantIdFor(c.name, c.guid ?? '00000000')}-${n}`;
      usedIds.add(id);
      item.id = id;
      const p: Participant = {
        id,
        ...(sources.length ? { sources } : {}),
        ...(interviewed ? { interviewed } : {}),
        ...(Object.keys(attributes).length ? { attributes } : {}),
      };
      if (c.guid && c.guid !== refiGuid('case', id)) p.guid = c.guid;
      result.participants.push(p);
      byId.set(id, p);
      for (const s of sources) owner.set(s, id);
      item.changes = [
        ...sources,
        ...(interviewed ? [`interviewed ${interviewed}`] : []),
        ...Object.entries(attributes).map(([k, v]) => `${k}: ${v}`),
      ];
    }
    items.push(item);
  }
  // Declared values: those a variable's description lists, then those seen; new ones added to existing declarations.
  for (const v of rp.variables) {
    if (v.name === INTERVIEW_DATE_VARIABLE && /^Date(Time)?$/.test(v.type)) continue;
    const listed = v.description?.startsWith(ALLOWED_VALUES_LABEL)
      ? v.description
          .slice(ALLOWED_VALUES_LABEL.length)
          .split('\n')
          .map((s) => s.trim())
          .filter(Boolean)
      : [];
    const values = [...listed, ...[...(seen.get(v.name) ?? [])].sort()];
    if (!values.length) continue;
    const have = declared[v.name];
    const merged = [...new Set([...(have ?? []), ...values])];
    if (!have || merged.length !== have.length) declared[v.name] = merged;
  }
  if (Object.keys(declared).length) result.attributes = declared;
  return { participants: result, participantItems: items };
}

function planMemos(rp: ReadProject, read: QdpxRead, ctx: PeopleContext): { memos: MemoPlan[]; memoKindSets: Set<ReadSet> } {
  const uses = new Map<string, NoteUse>();
  const use = (g: string) => {
    let u = uses.get(g);
    if (!u) uses.set(g, (u = { links: [], byCodings: 0 }));
    return u;
  };
  const link = (g: string, l: MemoLink) => {
    const u = use(g);
    if (!u.links.some((x) => JSON.stringify(x) === JSON.stringify(l))) u.links.push(l);
  };
  const walk = (codes: ReadCode[]) => {
    for (const q of codes) {
      const id = q.guid ? ctx.codeIds.get(q.guid) : undefined;
      if (id) for (const g of q.noteRefs) link(g, { code: id });
      walk(q.children);
    }
  };
  walk(rp.codes);
  rp.sources.forEach((s, i) => {
    const path = s.guid ? ctx.sourcePaths.get(s.guid) : undefined;
    const text = read.texts[i];
    for (const g of s.noteRefs) if (path) link(g, { source: path });
    let index: CodePointIndex | undefined;
    for (const sel of s.selections) {
      for (const c of sel.codings) for (const g of c.noteRefs) use(g).byCodings++;
      if (!sel.noteRefs.length || !path || text === undefined) continue;
      index ??= new CodePointIndex(text);
      const start = Math.min(sel.start, sel.end);
      const end = Math.max(sel.start, sel.end);
      if (start < 0 || end > index.length || start === end) continue;
      for (const g of sel.noteRefs) link(g, { source: path, ...captureAnchor(index, start, end) });
    }
  });
  const kindOf = new Map<string, MemoKind>();
  const memoKindSets = new Set<ReadSet>();
  for (const set of rp.sets) {
    const kind = MEMO_KINDS.find((k) => MEMO_KIND_SETS[k].toLowerCase() === set.name.toLowerCase());
    if (!kind) continue;
    memoKindSets.add(set);
    for (const g of set.notes) kindOf.set(g, kind);
  }
  const existing = new Map(
    [...(ctx.project?.memos.values() ?? [])].map((m) => [normalGuid(m.meta.guid) ?? refiGuid('memo', m.meta.id), m]),
  );
  const memoIds = new Set([...(ctx.project?.memos.values() ?? [])].map((m) => m.meta.id));
  const memos: MemoPlan[] = [];
  let notesOfSelections = 0;
  rp.notes.forEach((n, i) => {
    const u = n.guid ? uses.get(n.guid) : undefined;
    if (u && u.byCodings && !u.links.length) return; // a coding's note, imported with the coding
    notesOfSelections += n.selections;
    const text = (read.noteTexts[i] ?? '').replace(/\r\n?/g, '\n');
    const title = n.name ?? memoTitle({ path: '', meta: { id: '', created: '', kind: 'analytic' }, body: text });
    const same = n.guid ? existing.get(n.guid) : undefined;
    if (same) {
      memos.push({ path: same.path, action: 'same', title });
      return;
    }
    if (read.noteTexts[i] === undefined) ctx.warn(n, `note "${title}" has no text: imported as an empty memo`);
    const valid = typeof n.at === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(n.at) && !Number.isNaN(Date.parse(n.at));
    if (!valid) ctx.warn(n, `note "${title}" has no creationDateTime${n.at ? ` it can read ("${n.at}")` : ''}: dated now`);
    const created = valid ? n.at! : isoSeconds(ctx.now);
    let id = `m-${ctx.ids.newId()}`;
    while (memoIds.has(id)) id = `m-${ctx.ids.newId()}`;
    memoIds.add(id);
    const fake = (body: string): Memo => ({ path: '', meta: { id, created, kind: 'analytic' }, body });
    const body = n.name && memoTitle(fake(text)) !== memoTitle(fake(n.name)) ? `# ${n.name}\n\n${text}` : text;
    const path = uniquePath(`qda/memos/${created.slice(0, 10)}-${slugify(title)}.md`, ctx.taken);
    ctx.taken.add(path.toLowerCase());
    const author = ctx.coderOf(n.user, n);
    const links = u?.links ?? [];
    const memo: Memo = {
      path,
      meta: {
        id,
        created,
        ...(author ? { author } : {}),
        kind: (n.guid && kindOf.get(n.guid)) || DEFAULT_MEMO_KIND,
        ...(links.length ? { links } : {}),
        ...(n.guid && n.guid !== refiGuid('memo', id) ? { guid: n.guid } : {}),
      },
      body: body.endsWith('\n') ? body : `${body}\n`,
    };
    memos.push({ path, action: 'add', title, memo, text: serializeMemo(memo) });
  });
  if (notesOfSelections)
    ctx.notImported.push(`${notesOfSelections} coded passage${notesOfSelections === 1 ? '' : 's'} inside notes: a memo is not coded here`);
  return { memos, memoKindSets };
}
