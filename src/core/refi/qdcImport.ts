/**
 * Importing a REFI-QDA codebook into the project: each code is matched to an
 * existing one (by GUID when the file came from a Reflexive QDA export, else
 * by name under the same parent, else by a name used once), updated where the
 * file says more, or added. The plan is shown before anything is written; no
 * code of the file is dropped without being reported.
 */
import { isoSeconds } from '../time';
import { slugify, type Project } from '../project';
import type { Code, Codebook } from '../model';
import type { IdPort } from '../ports';
import { resolveCode } from '../codes';
import type { QdcCode, QdcRead, QdcWarning } from './qdc';
import { codeGuid, shortHash } from '../hash';

export type PlanAction = 'add' | 'update' | 'unchanged' | 'merge';

export interface PlanItem {
  action: PlanAction;
  /** Names from the top of the file's hierarchy down to this code. */
  path: string[];
  /** The code in the project: the new id for `add`, the matched one otherwise. */
  id: string;
  /** What changes for `update` ("definition", "colour", …), or what a new code brings. */
  changes: string[];
  /** Why a code matched, or why part of it was not applied. */
  notes: string[];
  line: number;
  column: number;
}

export interface ImportPlan {
  items: PlanItem[];
  /** The project code each code of the file became (added, matched or merged into). */
  idOf: Map<QdcCode, string>;
  warnings: QdcWarning[];
  /** The codebook after the import. */
  codebook: Codebook;
  counts: Record<PlanAction, number>;
}

const TEXT_FIELDS = ['definition', 'include', 'exclude', 'example'] as const;
const norm = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();

/**
 * Works out what importing `read` into `codebook` would do, without changing
 * anything. Near-linear in the number of codes: every lookup (by GUID, by
 * name, by id) goes through a map kept up to date as codes are added or
 * renamed, so 20,000 codes plan in well under a second (bench/README.md).
 */
export function planQdcImport(
  codebook: Pick<Codebook, 'codes'> & Partial<Codebook>,
  read: Pick<QdcRead, 'codes' | 'warnings'>,
  ids: IdPort,
  now: Date,
  by?: string,
): ImportPlan {
  const codes = codebook.codes.map((c) => ({ ...c }));
  const byId = new Map(codes.map((c) => [c.id, c]));
  const byGuid = new Map(
    codes.flatMap((c) => [[codeGuid(c.id), c] as const, ...(typeof c.guid === 'string' ? [[c.guid.toLowerCase(), c] as const] : [])]),
  );
  const taken = new Set(codes.map((c) => c.id));
  const existing = new Set(taken);
  const claimed = new Map<string, number>();
  const items: PlanItem[] = [];
  const warnings = [...read.warnings];
  const at = isoSeconds(now);

  // The suffix for a taken id comes from the code's place in the file, so the preview names the id the import writes.
  const newId = (name: string, path: string[]): string => {
    const slug = slugify(name);
    const base = slug === 'memo' && !/memo/i.test(name) ? 'code' : slug;
    let id = base;
    if (taken.has(id)) id = `${base}-${shortHash(path.join('\u0000'), 4)}`;
    while (taken.has(id)) id = `${base}-${ids.newId().slice(0, 4)}`;
    taken.add(id);
    return id;
  };
  // Active codes by normalised name and parent, and the project's own by name alone, kept up to date as codes are added and renamed.
  const underParent = new Map<string, Code[]>();
  const projectNamed = new Map<string, Code[]>();
  const keyOf = (name: string, parent: string | undefined) => `${norm(name)}\u0000${parent ?? ''}`;
  const add = (map: Map<string, Code[]>, key: string, c: Code) => {
    const list = map.get(key);
    if (list) list.push(c);
    else map.set(key, [c]);
  };
  const drop = (map: Map<string, Code[]>, key: string, c: Code) => {
    const list = map.get(key);
    const k = list ? list.indexOf(c) : -1;
    if (k >= 0) list!.splice(k, 1);
  };
  const index = (c: Code) => {
    if (c.status !== 'active') return;
    add(underParent, keyOf(c.name, c.parent), c);
    if (existing.has(c.id)) add(projectNamed, norm(c.name), c);
  };
  const unindex = (c: Code) => {
    drop(underParent, keyOf(c.name, c.parent), c);
    drop(projectNamed, norm(c.name), c);
  };
  codes.forEach(index);
  const idOf = new Map<QdcCode, string>();

  const visit = (q: QdcCode, parent: string | undefined, path: string[]): void => {
    const here = [...path, q.name];
    const notes: string[] = [];
    let match: Code | undefined;
    if (q.guid && byGuid.has(q.guid)) {
      const own = byGuid.get(q.guid)!;
      match = resolveCode(byId, own.id);
      notes.push(match && match.id !== own.id ? `GUID of "${own.name}", merged into "${match.name}"` : 'matched by GUID');
    }
    if (!match) {
      // A name used once in the project matches anywhere; codes this file adds match only under the same parent.
      const before = projectNamed.get(norm(q.name)) ?? [];
      match = underParent.get(keyOf(q.name, parent))?.[0] ?? (before.length === 1 ? before[0] : undefined);
      if (match) notes.push(match.parent === parent ? 'matched by name' : `matched by name (the only code called "${match.name}")`);
      else if (before.length > 1) notes.push(`${before.length} codes are called "${q.name}", none under this parent: added as a new code`);
    }
    const item: PlanItem = { action: 'add', path: here, id: '', changes: [], notes, line: q.line, column: q.column };
    if (!match) {
      const code: Code = {
        id: newId(q.name, here),
        name: q.name,
        ...(parent !== undefined ? { parent } : {}),
        ...(q.color ? { color: q.color } : {}),
        status: 'active',
        created: at,
        ...(q.guid && !byGuid.has(q.guid) ? { guid: q.guid } : {}),
      };
      for (const f of TEXT_FIELDS) if (q[f]) code[f] = q[f];
      codes.push(code);
      byId.set(code.id, code);
      index(code);
      if (q.guid) byGuid.set(q.guid, code);
      item.id = code.id;
      item.changes = [...TEXT_FIELDS.filter((f) => q[f]), ...(q.color ? ['colour'] : [])];
      if (!q.codable) notes.push('a folder (not codable) in the file: imported as a code');
      claimed.set(code.id, items.length);
    } else {
      item.id = match.id;
      const first = claimed.get(match.id);
      if (first !== undefined) {
        item.action = 'merge';
        notes.push(`also matches "${match.name}", already matched at line ${items[first].line}: its description and children go there`);
      } else claimed.set(match.id, items.length);
      if (match.status === 'retired') notes.push(`"${match.name}" is retired: not reactivated`);
      const changes: string[] = [];
      const meaningChanged: string[] = [];
      for (const f of TEXT_FIELDS) {
        const v = q[f];
        if (v && v !== match[f]) {
          match[f] = v;
          changes.push(f);
          if (f !== 'example') meaningChanged.push(f);
        }
      }
      if (q.color && q.color.toLowerCase() !== match.color?.toLowerCase()) {
        match.color = q.color;
        changes.push('colour');
      }
      if (notes[0] === 'matched by GUID' && q.name !== match.name) {
        changes.push(`name (was "${match.name}")`);
        unindex(match);
        match.name = q.name;
        index(match);
      }
      if (match.parent !== parent && parent !== undefined) {
        notes.push(
          `kept under ${match.parent ? `"${byId.get(match.parent)?.name}"` : 'the top level'} (the file has it under "${byId.get(parent)?.name}")`,
        );
      }
      if (meaningChanged.length)
        match.revised = [
          ...(match.revised ?? []),
          { at, ...(by ? { by } : {}), note: `${meaningChanged.join(', ')} updated by a REFI-QDA codebook import` },
        ];
      if (item.action !== 'merge') item.action = changes.length ? 'update' : 'unchanged';
      item.changes = changes;
    }
    items.push(item);
    idOf.set(q, item.id);
    for (const k of q.children) visit(k, item.id, here);
  };
  for (const q of read.codes) visit(q, undefined, []);
  const counts = { add: 0, update: 0, unchanged: 0, merge: 0 };
  for (const i of items) counts[i.action]++;
  return { items, idOf, warnings, codebook: { ...codebook, codes }, counts };
}

/**
 * Imports the codebook into the project: re-plans against the codebook as it
 * is on disk at the moment of writing, and returns the plan that was applied.
 */
export async function applyQdcImport(project: Project, read: QdcRead, by?: string): Promise<ImportPlan> {
  let plan: ImportPlan | undefined;
  await project.changeCodebook((cb) => {
    plan = planQdcImport(cb, read, project.ports.ids, project.ports.clock.now(), by);
    return plan.codebook;
  });
  return plan!;
}

const VERB: Record<PlanAction, string> = { add: 'add', update: 'update', unchanged: 'same', merge: 'merge' };

/** The plan for people: one line per code, then every warning as `file:line:col: message`. */
export function formatImportPlan(plan: ImportPlan, file: string): string[] {
  const c = plan.counts;
  const lines = [
    `${file}: ${plan.items.length} code${plan.items.length === 1 ? '' : 's'}: ${c.add} to add, ${c.update} to update, ${c.unchanged} unchanged${c.merge ? `, ${c.merge} merged into another code of the file` : ''}`,
  ];
  for (const i of plan.items) {
    const detail = [i.changes.length ? i.changes.join(', ') : '', ...i.notes.filter((n) => !/^matched by/.test(n))]
      .filter(Boolean)
      .join('; ');
    lines.push(
      `  ${VERB[i.action].padEnd(7)} ${i.path.join(' / ')}${i.action === 'add' ? ` (as ${i.id})` : ''}${detail ? `: ${detail}` : ''}`,
    );
  }
  if (plan.warnings.length) {
    lines.push(`${plan.warnings.length} warning${plan.warnings.length === 1 ? '' : 's'}:`);
    for (const w of plan.warnings) lines.push(`  ${file}:${w.line}:${w.column}: ${w.message}`);
  }
  return lines;
}
