import { CODEBOOK_FILE } from '../project';
import { CodePointIndex, LineIndex } from '../text';
import type { SearchHit } from './types';

/** The project file a hit is in: the transcript, the memo, or the codebook. */
export function hitPath(hit: SearchHit): string {
  return hit.kind === 'passage' ? hit.source! : hit.kind === 'memo' ? hit.memo! : CODEBOOK_FILE;
}

/**
 * Where a hit is in its file (`fileText`, as now on disk): code points from the file's start, and 1-based line
 * and column (in code points).
 */
export interface HitPosition {
  start: number;
  end: number;
  line: number;
  column: number;
}

/**
 * Where a hit's document starts in the text of its file: a passage's offsets
 * are the file's; a memo's count from its body (the end of the file); a code's
 * field is looked up under its id in the codebook.
 */
export function hitPosition(hit: SearchHit, fileText: string): HitPosition {
  const cpi = new CodePointIndex(fileText);
  let start = hit.start;
  let end = hit.end;
  if (hit.kind === 'memo') {
    const base = Math.max(0, cpi.length - hit.end);
    start += base;
    end += base;
  } else if (hit.kind === 'code') {
    const at = codeFieldOffset(fileText, hit.code!, hit.field ?? 'name');
    start = cpi.toCodePoint(at);
    end = start + (hit.end - hit.start);
  }
  const pos = new LineIndex(fileText).positionAt(cpi.toUtf16(start));
  return { start, end: Math.min(end, cpi.length), line: pos.line, column: pos.column };
}

/** UTF-16 index of a code's field in codebook YAML (the key), else of its id, else 0. */
function codeFieldOffset(yaml: string, id: string, field: string): number {
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
  const idLine = new RegExp(`^([ \\t]*)-[ \\t]*(?:\\{[ \\t]*)?id:[ \\t]*["']?${esc(id)}["']?[ \\t]*(?:[,}#].*)?$`, 'm').exec(yaml);
  if (!idLine) return 0;
  const from = idLine.index;
  const next = /^[ \t]*-[ \t]*(?:\{[ \t]*)?id:/m.exec(yaml.slice(from + idLine[0].length));
  const block = yaml.slice(from, next ? from + idLine[0].length + next.index : yaml.length);
  const key = new RegExp(`(^|[\\s{,])${esc(field)}:[ \\t]*`).exec(block);
  return key ? from + key.index + key[0].length : from + idLine[1].length;
}
