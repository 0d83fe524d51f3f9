/**
 * Three-way merge of one project file, for the git merge driver (`qda
 * merge-driver`). Lists are merged by id, not by line: two coders who add
 * codings at the same place in the sorted list, or edit different codes, merge
 * cleanly. A real conflict is one item (or one field of it) changed differently
 * on both sides; it is written with the usual conflict markers and reported.
 * Pure: texts in, text out; every side is read and written through the format.
 */
import {
  frameworkCellKey,
  parseCodebook,
  parseCodings,
  parseFramework,
  parseParticipants,
  serializeCodebook,
  serializeCodings,
  serializeFramework,
  serializeParticipants,
  setOwn,
  type FileProblem,
  type Parsed,
} from './format';

export type MergeKind = 'codebook' | 'codings' | 'participants' | 'framework';

export interface MergeConflict {
  /** The item's id, when the conflict is inside one item. */
  id?: string;
  message: string;
}

export type MergeResult =
  | { status: 'clean'; text: string }
  /** `text` holds conflict markers around each conflicting region (or, when only the merged whole is invalid, the merge itself). */
  | { status: 'conflict'; text: string; conflicts: MergeConflict[] }
  /** A side does not parse: nothing was merged. */
  | { status: 'unreadable'; side: Side; problems: FileProblem[] };

type Side = 'base' | 'ours' | 'theirs';
type Doc = Record<string, unknown>;
type Item = Record<string, unknown> & { id: string };

interface KindSpec {
  listKey: string;
  noun: string;
  parse(text: string, path: string): Parsed<unknown>;
  serialize(doc: Doc): string;
  /** Fields that only make sense together (a passage's anchor), merged as one. */
  together?: readonly string[];
  /** What identifies an item, when it has no `id` (a framework summary: its participant or source, and its code). */
  idOf?: (item: Record<string, unknown>) => string;
}

const SPECS: Record<MergeKind, KindSpec> = {
  codebook: { listKey: 'codes', noun: 'code', parse: (t) => parseCodebook(t), serialize: (d) => serializeCodebook(d as never) },
  codings: {
    listKey: 'codings',
    noun: 'coding',
    parse: (t, p) => parseCodings(t, p),
    serialize: (d) => serializeCodings(d as never),
    together: ['start', 'end', 'text', 'before', 'after'],
  },
  participants: {
    listKey: 'participants',
    noun: 'participant',
    parse: (t) => parseParticipants(t),
    serialize: (d) => serializeParticipants(d as never),
  },
  framework: {
    listKey: 'summaries',
    noun: 'summary',
    parse: (t) => parseFramework(t),
    serialize: (d) => serializeFramework(d as never),
    idOf: (i) => frameworkCellKey(i as never).replace('\u0000', ' / '),
  },
};

/** Which merge a path gets (workspace- or repository-relative), or undefined for other files. */
export function mergeKindOf(path: string): MergeKind | undefined {
  const p = path.replace(/\\/g, '/');
  if (/(^|\/)qda\/codebook\.yaml$/.test(p)) return 'codebook';
  if (/(^|\/)qda\/participants\.yaml$/.test(p)) return 'participants';
  if (/(^|\/)qda\/framework\.yaml$/.test(p)) return 'framework';
  if (/(^|\/)qda\/codings\/.+\.yaml$/.test(p)) return 'codings';
  return undefined;
}

/**
 * Merges `ours` and `theirs`, both changed from `base` (empty when the file is new
 * on both sides). `path` is the file's path, used to check a codings file's source.
 */
export function mergeFile(kind: MergeKind, texts: Record<Side, string>, path = ''): MergeResult {
  if (texts.ours === texts.theirs || texts.theirs === texts.base) return { status: 'clean', text: texts.ours };
  if (texts.ours === texts.base) return { status: 'clean', text: texts.theirs };
  const spec = SPECS[kind];
  const filePath = path.replace(/\\/g, '/').replace(/^.*?(?=qda\/codings\/)/, '');
  const docs = {} as Record<Side, Doc | undefined>;
  for (const side of ['base', 'ours', 'theirs'] as const) {
    if (side === 'base' && !texts.base.trim()) continue;
    const parsed = spec.parse(texts[side], filePath);
    if (!parsed.writable || parsed.value === undefined) return { status: 'unreadable', side, problems: parsed.problems };
    docs[side] = parsed.value as Doc;
  }
  const conflicts: MergeConflict[] = [];
  const ours = mergeDocs(spec, docs.base, docs.ours!, docs.theirs!, 'ours', conflicts);
  if (conflicts.length) {
    const theirs = mergeDocs(spec, docs.base, docs.ours!, docs.theirs!, 'theirs', []);
    return { status: 'conflict', text: withMarkers(spec.serialize(ours), spec.serialize(theirs)), conflicts };
  }
  const text = same(ours, docs.ours) ? texts.ours : same(ours, docs.theirs) ? texts.theirs : spec.serialize(ours);
  // Each side was valid; the union may not be (a child under a parent deleted on the other side).
  const check = spec.parse(text, filePath);
  const errors = check.problems.filter((p) => (p.severity ?? 'error') === 'error');
  if (errors.length)
    return {
      status: 'conflict',
      text,
      conflicts: errors.map((p) => ({ message: `the merged file would be invalid: ${p.line}:${p.column}: ${p.message}` })),
    };
  return { status: 'clean', text };
}

/** Merges everything but the list key by key, and the list by id. `prefer` decides conflicts (they are also collected). */
function mergeDocs(
  spec: KindSpec,
  base: Doc | undefined,
  ours: Doc,
  theirs: Doc,
  prefer: 'ours' | 'theirs',
  conflicts: MergeConflict[],
): Doc {
  const head = (d: Doc | undefined) => (d ? Object.fromEntries(Object.entries(d).filter(([k]) => k !== spec.listKey)) : undefined);
  const merged = (merge3(head(base), head(ours), head(theirs), prefer, (where) =>
    conflicts.push({ message: `${where || 'the file'} changed differently on both sides` }),
  ) ?? {}) as Doc;
  const idOf = spec.idOf ?? ((i: Record<string, unknown>) => String(i.id));
  const index = (d: Doc | undefined) => new Map(((d?.[spec.listKey] as Item[] | undefined) ?? []).map((i) => [idOf(i), i]));
  const [b, o, t] = [index(base), index(ours), index(theirs)];
  const items: Item[] = [];
  for (const id of new Set([...o.keys(), ...t.keys(), ...b.keys()])) {
    const what = `${spec.noun} "${id}"`;
    const item = merge3(
      b.get(id),
      o.get(id),
      t.get(id),
      prefer,
      (where) => {
        const bi = b.get(id);
        const message =
          !o.get(id) || !t.get(id)
            ? `${what} was deleted on one side and changed on the other`
            : !bi
              ? `${what} was added on both sides, differently`
              : `${what}: ${where} changed differently on both sides`;
        if (!conflicts.some((c) => c.id === id && c.message === message)) conflicts.push({ id, message });
      },
      spec.together,
    );
    if (item !== undefined) items.push(item as Item);
  }
  return { ...merged, [spec.listKey]: items };
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && [Object.prototype, null].includes(Object.getPrototypeOf(v) as object | null);
/** An own value, whatever the key is called (`constructor` is no value of `{}`). */
const own = (o: Record<string, unknown>, k: string): unknown => (Object.hasOwn(o, k) ? o[k] : undefined);

/**
 * Three-way merge of one value: a side that did not change takes the other's
 * change; mappings changed on both sides merge key by key (keys in `together`
 * as one); anything else changed differently on both sides is a conflict.
 * `undefined` is "absent" (deleted, or never there).
 */
function merge3(
  base: unknown,
  ours: unknown,
  theirs: unknown,
  prefer: 'ours' | 'theirs',
  conflict: (where: string) => void,
  together?: readonly string[],
  where = '',
): unknown {
  if (same(ours, theirs)) return ours;
  if (same(base, ours)) return theirs;
  if (same(base, theirs)) return ours;
  if (isPlainObject(ours) && isPlainObject(theirs) && (base === undefined || isPlainObject(base))) {
    const b = (base ?? {}) as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    const keys = [...new Set([...Object.keys(ours), ...Object.keys(theirs), ...Object.keys(b)])];
    const grouped = together?.filter((k) => keys.includes(k)) ?? [];
    if (grouped.length) {
      // Taken whole from one side: start from one and text from the other would name no passage.
      const pick = (x: Record<string, unknown>) => Object.fromEntries(grouped.filter((k) => own(x, k) !== undefined).map((k) => [k, x[k]]));
      const [gb, go, gt] = [pick(b), pick(ours), pick(theirs)];
      let group = go;
      if (same(gb, go)) group = gt;
      else if (!same(gb, gt) && !same(go, gt)) {
        conflict(`${where ? `${where}.` : ''}${grouped.join('/')}`);
        group = prefer === 'ours' ? go : gt;
      }
      for (const [k, v] of Object.entries(group)) setOwn(out, k, v);
    }
    for (const k of keys) {
      if (grouped.includes(k)) continue;
      const v = merge3(own(b, k), own(ours, k), own(theirs, k), prefer, conflict, undefined, where ? `${where}.${k}` : k);
      if (v !== undefined) setOwn(out, k, v);
    }
    // Keys in the order a side wrote them: the serializer puts known keys first anyway.
    const order = [...Object.keys(ours), ...Object.keys(theirs)].filter((k, i, a) => a.indexOf(k) === i && Object.hasOwn(out, k));
    return Object.fromEntries(order.map((k) => [k, out[k]]));
  }
  conflict(where);
  return prefer === 'ours' ? ours : theirs;
}

function same(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

/** JSON with sorted keys, so that key order (which the format does not fix for unknown keys) never makes a difference. */
function canonical(v: unknown): string {
  return (
    JSON.stringify(v, (_k, x: unknown) => {
      if (x instanceof Map) return { $map: [...x.entries()] };
      if (x instanceof Set) return { $set: [...x.values()] };
      if (x instanceof Uint8Array) return { $bytes: Array.from(x) };
      if (isPlainObject(x))
        return Object.fromEntries(
          Object.keys(x)
            .sort()
            .map((k) => [k, x[k]]),
        );
      return x;
    }) ?? 'undefined'
  );
}

const MARK = 7;

/** `ours` and `theirs` as one text, identical lines once, each differing region between conflict markers. */
export function withMarkers(ours: string, theirs: string): string {
  const a = ours.split('\n');
  const b = theirs.split('\n');
  const out: string[] = [];
  let hunkA: string[] = [];
  let hunkB: string[] = [];
  const flush = () => {
    if (!hunkA.length && !hunkB.length) return;
    out.push(`${'<'.repeat(MARK)} ours`, ...hunkA, '='.repeat(MARK), ...hunkB, `${'>'.repeat(MARK)} theirs`);
    hunkA = [];
    hunkB = [];
  };
  for (const [op, line] of diffLines(a, b)) {
    if (op === '=') {
      flush();
      out.push(line);
    } else (op === '-' ? hunkA : hunkB).push(line);
  }
  flush();
  return out.join('\n');
}

/**
 * Myers' O(ND) line diff: '=' kept, '-' only in `a`, '+' only in `b`. Common ends are
 * trimmed first; a diff too large to trace is one change of the whole middle.
 */
function diffLines(a: string[], b: string[]): ['=' | '-' | '+', string][] {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const x0 = a.slice(pre, a.length - suf);
  const y0 = b.slice(pre, b.length - suf);
  const head = a.slice(0, pre).map((l) => ['=', l] as ['=', string]);
  const tail = a.slice(a.length - suf).map((l) => ['=', l] as ['=', string]);
  const n = x0.length;
  const m = y0.length;
  const max = Math.min(n + m, 1000);
  const off = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max && found < 0; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[off + k - 1] < v[off + k + 1]) ? v[off + k + 1] : v[off + k - 1] + 1;
      let y = x - k;
      for (; x < n && y < m && x0[x] === y0[y]; y++) x++;
      v[off + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
  }
  if (found < 0) return [...head, ...x0.map((l) => ['-', l] as ['-', string]), ...y0.map((l) => ['+', l] as ['+', string]), ...tail];
  const ops: ['=' | '-' | '+', string][] = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const vd = trace[d];
    const k = x - y;
    const prevK = k === -d || (k !== d && vd[off + k - 1] < vd[off + k + 1]) ? k + 1 : k - 1;
    const px = vd[off + prevK];
    const py = px - prevK;
    for (; x > px && y > py; y--) ops.push(['=', x0[--x]]);
    if (x === px) ops.push(['+', y0[--y]]);
    else ops.push(['-', x0[--x]]);
  }
  for (; x > 0 && y > 0; y--) ops.push(['=', x0[--x]]);
  return [...head, ...ops.reverse(), ...tail];
}
