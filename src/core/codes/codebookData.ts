/**
 * The codebook as exports show it: active codes in their hierarchy, each with
 * its path, how often it was applied and in how many sources. Every export
 * format is written from this one shape, so they agree with each other.
 */
import type { Code } from '../model';
import { inclusion } from '../participants';
import type { Project } from '../project';

export interface CodeNode {
  code: Code;
  /** 0 for a top-level code. */
  depth: number;
  /** Names from the top-level ancestor down to this code. */
  path: string[];
  /** The parent shown in the export (the nearest active ancestor). */
  parent?: Code;
  codings: number;
  sources: number;
  children: CodeNode[];
}

export interface CodebookData {
  title: string;
  /** ISO time of the export. */
  generated: string;
  roots: CodeNode[];
  /** Every node, parents before their children (depth-first). */
  nodes: CodeNode[];
}

/** Sibling order: by name as people read it, then id, so that every export lists codes alike. */
export function byName(a: Code, b: Code): number {
  const n = a.name.localeCompare(b.name, 'en', { sensitivity: 'base', numeric: true });
  return n || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Follows `mergedInto` to the code that stands for `id` now (itself when not merged). */
export function resolveCode(codes: ReadonlyMap<string, Code>, id: string): Code | undefined {
  const seen = new Set<string>();
  let c = codes.get(id);
  while (c && c.status === 'merged' && c.mergedInto !== undefined && !seen.has(c.id)) {
    seen.add(c.id);
    c = codes.get(c.mergedInto);
  }
  return c;
}

/** An active code in the hierarchy, without counts. */
export interface CodeTreeNode {
  code: Code;
  depth: number;
  /** Names from the top-level ancestor down to this code. */
  path: string[];
  /** The nearest active ancestor. */
  parent?: Code;
}

/**
 * Active codes in their hierarchy, parents before their children (depth-first),
 * siblings by name. A code under a retired or merged parent is placed under the
 * nearest active ancestor; a code in a parent cycle (an invalid codebook) at the top.
 */
export function activeCodeTree(codes: readonly Code[]): CodeTreeNode[] {
  const all = new Map(codes.map((c) => [c.id, c]));
  const active = codes.filter((c) => c.status === 'active');
  const shownParent = (c: Code): Code | undefined => {
    const seen = new Set([c.id]);
    let p = c.parent !== undefined ? all.get(c.parent) : undefined;
    while (p && p.status !== 'active' && !seen.has(p.id)) {
      seen.add(p.id);
      p = p.parent !== undefined ? all.get(p.parent) : undefined;
    }
    return p && p.status === 'active' && !seen.has(p.id) ? p : undefined;
  };
  const childrenOf = new Map<string | undefined, Code[]>();
  for (const c of active) {
    const p = shownParent(c)?.id;
    childrenOf.set(p, [...(childrenOf.get(p) ?? []), c]);
  }
  const nodes: CodeTreeNode[] = [];
  const placed = new Set<string>();
  const visit = (c: Code, depth: number, path: string[], parent?: Code): void => {
    placed.add(c.id);
    const node: CodeTreeNode = { code: c, depth, path: [...path, c.name], ...(parent ? { parent } : {}) };
    nodes.push(node);
    for (const k of [...(childrenOf.get(c.id) ?? [])].sort(byName)) if (!placed.has(k.id)) visit(k, depth + 1, node.path, c);
  };
  for (const c of [...(childrenOf.get(undefined) ?? [])].sort(byName)) visit(c, 0, []);
  for (const c of [...active].sort(byName)) if (!placed.has(c.id)) visit(c, 0, []);
  return nodes;
}

/**
 * Active codes in their hierarchy (see activeCodeTree), each with how often it
 * was applied and in how many sources; codings of a merged code count for the
 * code it was merged into.
 */
export function codebookData(project: Project, now: Date = project.ports.clock.now()): CodebookData {
  const all = new Map(project.codebook.codes.map((c) => [c.id, c]));
  const codings = new Map<string, number>();
  const sources = new Map<string, Set<string>>();
  // Withdrawn participants' codings are not counted, and an example quoting them is not shown.
  const inc = inclusion(project);
  for (const [source, list] of inc.codings()) {
    for (const coding of list) {
      const target = resolveCode(all, coding.code);
      if (!target) continue;
      codings.set(target.id, (codings.get(target.id) ?? 0) + 1);
      const s = sources.get(target.id) ?? new Set<string>();
      s.add(source);
      sources.set(target.id, s);
    }
  }
  const byId = new Map<string, CodeNode>();
  const nodes: CodeNode[] = [];
  const roots: CodeNode[] = [];
  for (const t of activeCodeTree(project.codebook.codes)) {
    const code = t.code.example !== undefined && inc.quotesWithdrawn(t.code.example) ? { ...t.code, example: undefined } : t.code;
    const node: CodeNode = { ...t, code, codings: codings.get(t.code.id) ?? 0, sources: sources.get(t.code.id)?.size ?? 0, children: [] };
    byId.set(t.code.id, node);
    nodes.push(node);
    const parent = t.depth > 0 && t.parent ? byId.get(t.parent.id) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return { title: project.config.title ?? 'Codebook', generated: now.toISOString().replace(/\.\d{3}Z$/, 'Z'), roots, nodes };
}
