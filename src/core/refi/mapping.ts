/**
 * The parts of the REFI-QDA mapping that export and import share: the names of
 * the Sets and Variables that carry what REFI-QDA has no place for (retired
 * codes, memo kinds, interview dates, declared attribute values), and how
 * names from a project file become safe paths and ids here.
 */
import type { MemoKind } from '../model';

/** The Set whose member codes are retired codes. */
export const RETIRED_SET = 'Retired codes';

/** One Set per memo kind, named for people in other tools. */
export const MEMO_KIND_SETS: Readonly<Record<MemoKind, string>> = {
  reflexive: 'Reflexive memos',
  analytic: 'Analytic memos',
  methodological: 'Methodological memos',
  theoretical: 'Theoretical memos',
};

/** The kind of a memo imported from a Note that is in no memo-kind Set. */
export const DEFAULT_MEMO_KIND: MemoKind = 'analytic';

/** The Date variable that holds a participant's interview date. */
export const INTERVIEW_DATE_VARIABLE = 'Interview date';

/** A Variable's Description that lists the declared values of an attribute, one per line after this label. */
export const ALLOWED_VALUES_LABEL = 'Allowed values:';

/** The folder imported sources are written to (matched by the default `sources` globs). */
export const IMPORT_FOLDER = 'transcripts';

/** The name a source gets in the export: its path under transcripts/, else its whole path. */
export function sourceNameFor(path: string): string {
  return path.startsWith(`${IMPORT_FOLDER}/`) ? path.slice(IMPORT_FOLDER.length + 1) : path;
}

const TEXT_EXTENSIONS = /\.(transcript|txt|md)$/i;
const DOCUMENT_EXTENSIONS = /\.(docx?|rtf|odt|pdf|html?|xml|json|pages)$/i;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i;

/** One segment of a path made safe on every operating system; empty when nothing is left. */
function safeSegment(s: string): string {
  const clean = s
    .normalize('NFC')

    .replace(/[\u0000-\u001f\u007f<>:"|?*]+/g, '-')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  return [...clean]
    .slice(0, 100)
    .join('')
    .replace(/[\s.]+$/, '');
}

/** A segment Windows refuses as a file name (CON, NUL.txt, …) with "_" after its reserved word. */
function unreserved(segment: string): string {
  const m = WINDOWS_RESERVED.exec(segment);
  return m ? `${m[1]}_${segment.slice(m[1].length)}` : segment;
}

/**
 * Where a source named `name` in a project file is written: under transcripts/,
 * each segment made safe (no `..`, no absolute paths, no characters a file
 * system refuses), as plain text (`.txt` unless it is .transcript, .txt or .md).
 * `changed` says when the name had to be altered beyond the extension.
 */
export function sourcePathFor(name: string): { path: string; changed: boolean } {
  const raw = name.replace(/\\/g, '/').split('/');
  const segments = raw.map(safeSegment).filter((s) => s && s !== '.' && s !== '..');
  const changed = segments.join('/') !== raw.filter((s) => s !== '').join('/');
  if (!segments.length) segments.push('source');
  let last = segments[segments.length - 1];
  if (!TEXT_EXTENSIONS.test(last)) last = DOCUMENT_EXTENSIONS.test(last) ? last.replace(DOCUMENT_EXTENSIONS, '.txt') : `${last}.txt`;
  segments[segments.length - 1] = last;
  return { path: `${IMPORT_FOLDER}/${segments.map(unreserved).join('/')}`, changed: changed || segments.some((x) => unreserved(x) !== x) };
}

/**
 * `path`, or `name (2).ext`, `name (3).ext`… when it is taken. `taken` holds
 * lower-case paths: two names that differ only in case are one file on macOS
 * and Windows.
 */
export function uniquePath(path: string, taken: ReadonlySet<string>): string {
  if (!taken.has(path.toLowerCase())) return path;
  const dot = path.lastIndexOf('.');
  const stem = dot > path.lastIndexOf('/') ? path.slice(0, dot) : path;
  const ext = stem === path ? '' : path.slice(dot);
  for (let n = 2; ; n++) {
    const candidate = `${stem} (${n})${ext}`;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}

/** A participant id from a Case's name: letters, digits, `-`, `_` and `.` kept, anything else a `-`. */
export function participantIdFor(name: string | undefined, guid: string): string {
  const id = (name ?? '')
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}_.-]+/gu, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  return [...id].slice(0, 64).join('') || `case-${guid.slice(0, 8)}`;
}

/** A coder id from a User: its name, else its id, else the start of its GUID; on one line. */
export function coderIdFor(user: { name?: string; id?: string; guid: string }): string {
  const clean = (s: string | undefined) =>
    [
      ...(s ?? '')
        .replace(/[\u0000-\u001f\u007f]+/g, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
    ]
      .slice(0, 64)
      .join('');
  return clean(user.name) || clean(user.id) || user.guid.slice(0, 8);
}
