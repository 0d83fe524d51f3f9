/**
 * Changes to the codebook that researchers make from the Codes tree. Each writes
 * the codebook (and, for merge and delete, the codings files that use the code)
 * through the Project, so files with errors are never written over.
 */
import type { Code, Codebook } from '../model';
import { type Project, ProjectError, slugify } from '../project';
import { isoSeconds } from '../time';
import { freshColor } from './colors';

export interface NewCode {
  name: string;
  parent?: string;
  color?: string;
  definition?: string;
}

/**
 * Adds a code. Its id is made from the name (readable in diffs and in the YAML),
 * with a random suffix when that id was ever used in this codebook. Without a colour
 * it gets one that none of its siblings shows.
 */
export async function addCode(project: Project, input: NewCode): Promise<Code> {
  const name = input.name.trim();
  if (!name) throw new ProjectError('a code needs a name');
  let created: Code | undefined;
  await project.changeCodebook((cb) => {
    if (input.parent !== undefined && !cb.codes.some((c) => c.id === input.parent))
      throw new ProjectError(`no code "${input.parent}" to put "${name}" under`);
    const taken = new Set(cb.codes.map((c) => c.id));
    const base = slugify(name);
    let id = base;
    while (taken.has(id)) id = `${base}-${project.ports.ids.newId().slice(0, 4)}`;
    created = {
      id,
      name,
      ...(input.parent !== undefined ? { parent: input.parent } : {}),
      color: input.color ?? freshColor(cb.codes, input.parent),
      ...(input.definition ? { definition: input.definition } : {}),
      status: 'active',
      created: isoSeconds(project.ports.clock.now()),
    };
    return { ...cb, codes: [...cb.codes, created] };
  });
  return created!;
}

function find(cb: Codebook, id: string): Code {
  const c = cb.codes.find((x) => x.id === id);
  if (!c) throw new ProjectError(`there is no code "${id}" in the codebook`);
  return c;
}

function replace(cb: Codebook, id: string, change: (c: Code) => Code): Codebook {
  find(cb, id);
  return { ...cb, codes: cb.codes.map((c) => (c.id === id ? change(c) : c)) };
}

/** The ids of `id` and all its descendants. */
export function subtree(codes: readonly Code[], id: string): Set<string> {
  const out = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const c of codes) {
      if (c.parent !== undefined && out.has(c.parent) && !out.has(c.id)) {
        out.add(c.id);
        grew = true;
      }
    }
  }
  return out;
}

/** "Parent / Child" path of names, for pickers and exports. */
export function codePath(codes: readonly Code[], id: string): string {
  const byId = new Map(codes.map((c) => [c.id, c]));
  const names: string[] = [];
  const seen = new Set<string>();
  for (let c = byId.get(id); c && !seen.has(c.id); c = c.parent ? byId.get(c.parent) : undefined) {
    seen.add(c.id);
    names.unshift(c.name);
  }
  return names.join(' / ');
}

export async function renameCode(project: Project, id: string, name: string): Promise<void> {
  const n = name.trim();
  if (!n) throw new ProjectError('a code needs a name');
  await project.changeCodebook((cb) => replace(cb, id, (c) => ({ ...c, name: n })));
}

export interface DefinitionChange {
  definition?: string;
  include?: string;
  exclude?: string;
  example?: string;
  /** Why the meaning changed; recorded under `revised` (the audit trail of the codebook). */
  note?: string;
  by?: string;
}

/** Changes what a code means; records a revision when its definition changes. */
export async function setDefinition(project: Project, id: string, change: DefinitionChange): Promise<void> {
  await project.changeCodebook((cb) =>
    replace(cb, id, (c) => {
      const next: Code = { ...c };
      for (const k of ['definition', 'include', 'exclude', 'example'] as const) {
        const v = change[k];
        if (v === undefined) continue;
        if (v.trim()) next[k] = v.trim();
        else delete next[k];
      }
      const meaningChanged = (['definition', 'include', 'exclude'] as const).some((k) => (next[k] ?? '') !== (c[k] ?? ''));
      if (meaningChanged && c.definition !== undefined) {
        const rev = {
          at: isoSeconds(project.ports.clock.now()),
          ...(change.by ? { by: change.by } : {}),
          ...(change.note ? { note: change.note } : {}),
        };
        next.revised = [...(c.revised ?? []), rev];
      }
      return next;
    }),
  );
}

export async function setColor(project: Project, id: string, color: string): Promise<void> {
  if (!/^#[0-9a-fA-F]{6}$/.test(color)) throw new ProjectError(`"${color}" is not a colour: write it as #rrggbb`);
  await project.changeCodebook((cb) => replace(cb, id, (c) => ({ ...c, color: color.toLowerCase() })));
}

/** Moves a code under a new parent (or to the top level with `undefined`). */
export async function moveCode(project: Project, id: string, parent: string | undefined): Promise<void> {
  await project.changeCodebook((cb) => {
    if (parent !== undefined) {
      find(cb, parent);
      if (subtree(cb.codes, id).has(parent)) throw new ProjectError('a code cannot be moved under itself or one of its children');
    }
    return replace(cb, id, (c) => {
      const { parent: _old, ...rest } = c;
      void _old;
      return parent === undefined ? (rest as Code) : { ...rest, parent };
    });
  });
}

export async function retireCode(project: Project, id: string, retired = true): Promise<void> {
  await project.changeCodebook((cb) => replace(cb, id, (c) => ({ ...c, status: retired ? 'retired' : 'active' })));
}

/** Codings of `ids` per source, for counts and confirmations. */
export function codingsUsing(project: Project, ids: ReadonlySet<string>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [source, file] of project.codings) {
    const n = file.codings.filter((c) => ids.has(c.code)).length;
    if (n) out.set(source, n);
  }
  return out;
}

/**
 * Merges `from` into `into`: its codings follow (recoded to `into`), its children
 * move under `into`, and `from` stays in the codebook as `status: merged` with
 * `mergedInto`, so old references (memos, review responses) still resolve.
 */
export async function mergeCode(project: Project, from: string, into: string): Promise<{ recoded: number }> {
  if (from === into) throw new ProjectError('a code cannot be merged into itself');
  const cb0 = project.codebook;
  find(cb0, from);
  const target = find(cb0, into);
  if (target.status !== 'active') throw new ProjectError(`"${target.name}" is ${target.status}; merge into an active code`);
  if (subtree(cb0.codes, from).has(into))
    throw new ProjectError('a code cannot be merged into one of its own children; move the child out first');
  let recoded = 0;
  for (const source of codingsUsing(project, new Set([from])).keys()) {
    await project.changeCodings(source, (f) => ({
      ...f,
      codings: f.codings.map((c) => (c.code === from ? (recoded++, { ...c, code: into }) : c)),
    }));
  }
  await project.changeCodebook((cb) => ({
    ...cb,
    codes: cb.codes.map((c) =>
      c.id === from ? { ...c, status: 'merged' as const, mergedInto: into } : c.parent === from ? { ...c, parent: into } : c,
    ),
  }));
  return { recoded };
}

/**
 * Deletes a code and its codings. Its children move up to its parent, so no
 * other code is lost. (Prefer retire or merge: they keep the history.)
 */
export async function deleteCode(project: Project, id: string): Promise<{ codings: number }> {
  const code = find(project.codebook, id);
  let removed = 0;
  for (const source of codingsUsing(project, new Set([id])).keys()) {
    await project.changeCodings(source, (f) => {
      const codings = f.codings.filter((c) => c.code !== id);
      removed += f.codings.length - codings.length;
      return { ...f, codings };
    });
  }
  await project.changeCodebook((cb) => ({
    ...cb,
    codes: cb.codes
      .filter((c) => c.id !== id)
      .map((c) => {
        if (c.parent !== id) return c;
        const { parent: _p, ...rest } = c;
        void _p;
        return code.parent === undefined ? (rest as Code) : { ...rest, parent: code.parent };
      }),
  }));
  return { codings: removed };
}
