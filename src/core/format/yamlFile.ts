import { Document, isMap, isNode, isPair, isScalar, parseDocument, type Node as YamlNode } from 'yaml';
import type { ZodError } from 'zod';
import type { Problem } from '../model';
import { LineIndex } from '../text';

/** A located problem inside one file, before the file path is attached. */
export interface FileProblem {
  line: number;
  column: number;
  /** The column in UTF-16 units, when it differs from `column` (astral characters before it). */
  utf16Column?: number;
  message: string;
  severity?: 'error' | 'warning';
}

/**
 * A YAML text parsed with positions kept, so that every later check (schema,
 * duplicate ids, references) can point at the exact line and column.
 */
export class YamlSource {
  readonly doc: Document.Parsed;
  readonly lines: LineIndex;
  readonly problems: FileProblem[] = [];

  /**
   * @param text the YAML text (BOM already removed)
   * @param lineOffset lines before this text in its file (memo front matter starts on line 2)
   */
  constructor(readonly text: string, private readonly lineOffset = 0) {
    this.lines = new LineIndex(text);
    this.doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, strict: true, keepSourceTokens: false });
    for (const e of this.doc.errors) this.problems.push(this.at(e.pos[0], yamlMessage(e.code, e.message)));
    for (const w of this.doc.warnings) this.problems.push({ ...this.at(w.pos[0], w.message), severity: 'warning' });
  }

  get ok(): boolean {
    return this.doc.errors.length === 0;
  }

  /** Plain JS value of the document (only meaningful when `ok`). */
  toJS(): unknown {
    return this.doc.toJS({ maxAliasCount: 100 });
  }

  /** A problem at a UTF-16 offset of this text. */
  at(offset: number, message: string, severity: 'error' | 'warning' = 'error'): FileProblem {
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
  return `YAML syntax error: ${message.split('\n')[0]}`;
}

/** Attach a file path to located problems. */
export function withFile(file: string, problems: readonly FileProblem[]): Problem[] {
  return problems.map((p) => ({ file, line: p.line, column: p.column, ...(p.utf16Column !== undefined ? { utf16Column: p.utf16Column } : {}), message: p.message, severity: p.severity ?? 'error' }));
}
