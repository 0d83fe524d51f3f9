import { type Document, isAlias, isMap, isNode, isPair, isScalar, parseDocument, visit, type Node as YamlNode } from 'yaml';
import type { ZodError } from 'zod';
import type { Problem } from '../../model';
import { LineIndex } from '../../text';

/** A located problem inside one file, before the file path is attached. */
export interface FileProblem {
  line: number;
  column: number;
  /** The column in UTF-16 units, when it differs from `column` (astral characters before it). */
  utf16Column?: number;
  message: string;
  severity?: 'error' | 'warning';
}

/** Past this many problems in one file, the rest are counted in one last problem: they say nothing new, and locating each costs time. */
export const MAX_PROBLEMS = 100;

/**
 * A plain array (callers compare and cache it as one) whose push keeps the first
 * MAX_PROBLEMS and sums up the rest in one more; an error among those keeps the
 * file unwritable.
 */
function problemList(): FileProblem[] {
  const list: FileProblem[] = [];
  let skipped = 0;
  const push = (...items: FileProblem[]): number => {
    for (const p of items) {
      if (list.length < MAX_PROBLEMS) {
        Array.prototype.push.call(list, p);
        continue;
      }
      if (list.length === MAX_PROBLEMS)
        Array.prototype.push.call(list, { line: p.line, column: p.column, message: '', severity: 'warning' });
      const summary = list[MAX_PROBLEMS];
      skipped++;
      summary.message = `${skipped} more problem${skipped === 1 ? '' : 's'} after this point, not listed: fix the ones above first`;
      if ((p.severity ?? 'error') === 'error') summary.severity = 'error';
    }
    return list.length;
  };
  Object.defineProperty(list, 'push', { value: push, enumerable: false });
  return list;
}

/**
 * A YAML text parsed with positions kept, so that every later check (schema,
 * duplicate ids, references) can point at the exact line and column.
 */
export class YamlSource {
  readonly doc: Document.Parsed;
  readonly lines: LineIndex;
  readonly problems: FileProblem[] = problemList();

  /**
   * @param text the YAML text (BOM already removed)
   * @param lineOffset lines before this text in its file (memo front matter starts on line 2)
   */
  constructor(
    readonly text: string,
    private readonly lineOffset = 0,
  ) {
    this.lines = new LineIndex(text);
    this.doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, strict: true, keepSourceTokens: false });
    for (const e of this.doc.errors) this.problems.push(this.at(e.pos[0], yamlMessage(e.code, e.message)));
    for (const w of this.doc.warnings) this.problems.push({ ...this.at(w.pos[0], w.message), severity: 'warning' });
  }

  private js: unknown;
  private resolved = false;
  private aliasFailed = false;

  /**
   * Aliases are resolved here, once, because resolving them can fail (an alias to
   * no anchor, an alias inside the node it names, a "billion laughs" expansion):
   * each is then a located problem, never an exception or a circular value.
   */
  private resolveAliases(): void {
    if (this.resolved || this.doc.errors.length) return;
    this.resolved = true;
    const anchored = new Map<string, YamlNode>();
    visit(this.doc, {
      Node: (_, node) => {
        if (isAlias(node)) {
          const source = anchored.get(node.source);
          const at = node.range?.[0] ?? 0;
          const range = source?.range;
          if (!source) this.fail(at, `alias "*${node.source}" has no anchor "&${node.source}" before it`);
          else if (range && range[0] <= at && at < range[2])
            this.fail(at, `alias "*${node.source}" is inside the node it refers to, which would repeat forever`);
        } else if (node.anchor) anchored.set(node.anchor, node);
      },
    });
    if (this.aliasFailed) return;
    try {
      this.js = this.doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      let first = 0;
      if (/alias/i.test(message)) visit(this.doc, { Alias: (_, node) => ((first = node.range?.[0] ?? 0), visit.BREAK) });
      this.fail(
        first,
        /alias/i.test(message)
          ? `aliases here would expand to far more data than a project file holds: write the values out instead (${message})`
          : yamlMessage('', message),
      );
    }
  }

  private fail(offset: number, message: string): void {
    this.aliasFailed = true;
    this.problems.push(this.at(offset, message));
  }

  get ok(): boolean {
    this.resolveAliases();
    return this.doc.errors.length === 0 && !this.aliasFailed;
  }

  /** Plain JS value of the document (only meaningful when `ok`). */
  toJS(): unknown {
    this.resolveAliases();
    return this.js;
  }

  /** A problem at a UTF-16 offset of this text. */
  at(offset: number, message: string, severity: 'error' | 'warning' = 'error'): FileProblem {
    // Beyond the cap a problem is only counted, so its place need not be found (that is linear in the line's length).
    if (this.problems.length > MAX_PROBLEMS) return { line: 1, column: 1, message, severity };
    const p = this.lines.positionAt(offset);
    const problem: FileProblem = { line: p.line + this.lineOffset, column: p.column, message, severity };
    if (p.utf16Column !== p.column) problem.utf16Column = p.utf16Column;
    return problem;
  }

  /**
   * A problem at the node for `path` (keys and indices as in the plain value). When
   * the node is missing (a missing key), at the nearest enclosing node that exists.
   * `key: true` points at the key of a map entry rather than its value.
   */
  atPath(path: readonly PropertyKey[], message: string, opts: { key?: boolean; severity?: 'error' | 'warning' } = {}): FileProblem {
    return this.at(this.offsetOf(path, opts.key ?? false), message, opts.severity);
  }

  /** UTF-16 offset of the node at `path`, or of its closest existing ancestor. */
  offsetOf(path: readonly PropertyKey[], key = false): number {
    let node: unknown = this.doc.contents;
    let offset = rangeStart(node) ?? 0;
    for (const seg of path) {
      if (!isNode(node) && !isPair(node)) break;
      let next: unknown;
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) break;
        if (key && seg === path[path.length - 1]) return rangeStart(pair.key) ?? offset;
        next = pair.value ?? pair.key;
      } else if ('items' in (node as object) && typeof seg === 'number') {
        next = (node as { items: unknown[] }).items[seg];
      }
      const start = rangeStart(next);
      if (next === undefined || start === undefined) break;
      node = next;
      offset = start;
    }
    return offset;
  }

  /** Adds a schema failure as located problems, one per issue. */
  addZodError(error: ZodError, describe: (path: readonly PropertyKey[]) => string = pathText): void {
    for (const issue of error.issues) {
      const path = issue.path;
      const exists = this.hasPath(path);
      let message: string;
      if (!exists && (issue.code === 'invalid_type' || issue.code === 'invalid_union')) {
        const parent = path.slice(0, -1);
        message = `${parent.length ? describe(parent) + ': ' : ''}missing required key "${String(path[path.length - 1])}"`;
      } else {
        message = `${path.length ? describe(path) + ': ' : ''}${zodMessage(issue.message)}`;
      }
      this.problems.push(this.atPath(path, message));
    }
  }

  private hasPath(path: readonly PropertyKey[]): boolean {
    return this.doc.hasIn(path as unknown[]);
  }
}

function rangeStart(node: unknown): number | undefined {
  if (isNode(node) && (node as YamlNode).range) return (node as YamlNode).range![0];
  return undefined;
}

/** `codings[3].end` style path text for messages. */
export function pathText(path: readonly PropertyKey[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s ? `.${String(p)}` : String(p);
  return s;
}

function zodMessage(m: string): string {
  return m.replace(/^Invalid input: /, '');
}

function yamlMessage(code: string, message: string): string {
  if (code === 'DUPLICATE_KEY') return 'duplicate key: each key may appear only once in a mapping';
  if (/call stack/i.test(message)) return 'YAML nested too deeply to read: flatten it';
  // The parser quotes the offending text, which may be pages of binary junk.
  const first = [...message.split('\n')[0]];
  return `YAML syntax error: ${first.length > 160 ? `${first.slice(0, 159).join('')}…` : first.join('')}`;
}

/**
 * Messages quote the file's own text (ids, keys, junk): control characters and
 * bidirectional overrides in it are shown as escapes, so that a message stays one
 * line and cannot drive a terminal or reorder what the Problems panel shows.
 */
function printable(message: string): string {
  return message.replace(
    /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Attach a file path to located problems. */
export function withFile(file: string, problems: readonly FileProblem[]): Problem[] {
  return problems.map((p) => ({
    file,
    line: p.line,
    column: p.column,
    ...(p.utf16Column !== undefined ? { utf16Column: p.utf16Column } : {}),
    message: printable(p.message),
    severity: p.severity ?? 'error',
  }));
}
