/**
 * Reading a REFI-QDA project document (project.qde) into plain data: users,
 * codes, variables, cases, sources with their selections and codings, notes
 * and sets. Lenient where real files are off the standard (namespace variants,
 * braced GUIDs, missing names), each time with a warning at the element's line
 * and column; what Reflexive QDA has no place for is reported, never dropped
 * in silence. Texts are not resolved here (see qdpxRead).
 */
import { checkNamespace, readCodes, type QdcCode } from './qdc';
import { elements, textOf, type XmlElement } from '../xml';
import { normalGuid } from './guids';
import { PROJECT_NAMESPACE } from './qdeWriter';

export interface RefiWarning {
  /** The part of the archive the warning is about (project.qde unless said). */
  file?: string;
  line: number;
  column: number;
  message: string;
}

export interface ReadUser {
  guid: string;
  name?: string;
  id?: string;
}

export interface ReadVariable {
  guid: string;
  name: string;
  type: string;
  description?: string;
}

export interface ReadValue {
  variable: string;
  value: string;
}

export interface ReadCase {
  guid?: string;
  name?: string;
  values: ReadValue[];
  sources: string[];
  /** CodeRefs and SelectionRefs: Reflexive QDA has no place for them. */
  otherRefs: number;
  line: number;
  column: number;
}

export interface ReadCoding {
  guid?: string;
  /** The code's GUID (CodeRef targetGUID). */
  code?: string;
  user?: string;
  at?: string;
  noteRefs: string[];
  line: number;
  column: number;
}

export interface ReadSelection {
  guid?: string;
  start: number;
  end: number;
  user?: string;
  at?: string;
  codings: ReadCoding[];
  noteRefs: string[];
  line: number;
  column: number;
}

export type SourceKind = 'text' | 'pdf' | 'picture' | 'audio' | 'video';

export interface ReadSource {
  guid?: string;
  name?: string;
  kind: SourceKind;
  plainTextPath?: string;
  richTextPath?: string;
  /** PlainTextContent, when the text is inside project.qde. */
  content?: string;
  selections: ReadSelection[];
  /** Codings of the whole source (a Coding directly in the source), and codings of non-text selections. */
  otherCodings: number;
  noteRefs: string[];
  /** VariableValues of the source itself (not of a case). */
  values: number;
  line: number;
  column: number;
}

export interface ReadNote {
  guid?: string;
  name?: string;
  content?: string;
  plainTextPath?: string;
  user?: string;
  at?: string;
  /** Selections inside the note (codings of a memo): not imported. */
  selections: number;
  line: number;
  column: number;
}

export interface ReadSet {
  name: string;
  codes: string[];
  notes: string[];
  sources: number;
  line: number;
  column: number;
}

export interface ReadCode extends QdcCode {
  children: ReadCode[];
}

export interface ReadProject {
  name?: string;
  origin?: string;
  users: ReadUser[];
  codes: ReadCode[];
  variables: ReadVariable[];
  cases: ReadCase[];
  sources: ReadSource[];
  notes: ReadNote[];
  sets: ReadSet[];
  warnings: RefiWarning[];
}

const SOURCE_KINDS: Record<string, SourceKind> = {
  TextSource: 'text',
  PDFSource: 'pdf',
  PictureSource: 'picture',
  AudioSource: 'audio',
  VideoSource: 'video',
};
const SELECTIONS = new Set(['PictureSelection', 'PDFSelection', 'AudioSelection', 'VideoSelection', 'TranscriptSelection']);

/** Reads the <Project> document element of a project.qde. */
export function readProjectElement(root: XmlElement): ReadProject {
  const warnings: RefiWarning[] = [];
  const warn = (at: { line: number; column: number }, message: string) => warnings.push({ line: at.line, column: at.column, message });
  let braced = 0;
  let firstBraced: XmlElement | undefined;
  /** A GUID attribute, lower case without braces; a malformed one is reported and read as missing. */
  const guidOf = (el: XmlElement, attr: string, what: string): string | undefined => {
    const raw = el.attrs[attr];
    if (raw === undefined) return undefined;
    const g = normalGuid(raw);
    if (!g) warn(el, `${what} has a malformed ${attr} "${raw}": ignored`);
    else if (raw.trim().startsWith('{')) {
      braced++;
      firstBraced ??= el;
    }
    return g;
  };
  const out: ReadProject = { users: [], codes: [], variables: [], cases: [], sources: [], notes: [], sets: [], warnings };
  if (root.local !== 'Project') {
    warn(root, `the document element is <${root.name}>, not a REFI-QDA <Project>`);
    return out;
  }
  checkNamespace(root, PROJECT_NAMESPACE, warn);
  out.name = root.attrs.name?.trim() || undefined;
  out.origin = root.attrs.origin;
  if (!out.name) warn(root, '<Project> has no name (required)');

  for (const part of elements(root)) {
    switch (part.local) {
      case 'Users':
        for (const u of elements(part, 'User')) {
          const guid = guidOf(u, 'guid', 'a <User>');
          if (!guid) warn(u, 'a <User> without a guid: ignored');
          else
            out.users.push({
              guid,
              ...(u.attrs.name?.trim() ? { name: u.attrs.name } : {}),
              ...(u.attrs.id?.trim() ? { id: u.attrs.id } : {}),
            });
        }
        break;
      case 'CodeBook': {
        const codesEls = elements(part, 'Codes');
        if (!codesEls.length) warn(part, '<CodeBook> has no <Codes>');
        out.codes.push(...(readCodes(codesEls, warn) as ReadCode[]));
        break;
      }
      case 'Variables':
        for (const v of elements(part, 'Variable')) {
          const guid = guidOf(v, 'guid', `variable "${v.attrs.name ?? ''}"`);
          const name = v.attrs.name?.replace(/\s+/g, ' ').trim();
          if (!guid || !name) warn(v, `a <Variable> without a ${guid ? 'name' : 'guid'}: ignored`);
          else {
            const d = elements(v, 'Description').map(textOf).join('\n').trim();
            out.variables.push({ guid, name, type: v.attrs.typeOfVariable ?? 'Text', ...(d ? { description: d } : {}) });
          }
        }
        break;
      case 'Cases':
        for (const c of elements(part, 'Case')) {
          const kase: ReadCase = {
            guid: guidOf(c, 'guid', 'a <Case>'),
            name: c.attrs.name?.trim() || undefined,
            values: [],
            sources: [],
            otherRefs: 0,
            line: c.line,
            column: c.column,
          };
          for (const k of elements(c)) {
            if (k.local === 'VariableValue') {
              const v = readValue(k, guidOf, warn);
              if (v) kase.values.push(v);
            } else if (k.local === 'SourceRef') {
              const g = guidOf(k, 'targetGUID', 'a <SourceRef>');
              if (g) kase.sources.push(g);
            } else if (k.local === 'CodeRef' || k.local === 'SelectionRef') kase.otherRefs++;
            else if (k.local !== 'Description') warn(k, `skipped <${k.name}> in a case`);
          }
          out.cases.push(kase);
        }
        break;
      case 'Sources':
        for (const s of elements(part)) {
          const kind = SOURCE_KINDS[s.local];
          if (!kind) warn(s, `skipped <${s.name}> inside <Sources>: not a kind of source`);
          else out.sources.push(readSource(s, kind, guidOf, warn));
        }
        break;
      case 'Notes':
        for (const n of elements(part, 'Note')) {
          const content = elements(n, 'PlainTextContent');
          out.notes.push({
            guid: guidOf(n, 'guid', 'a <Note>'),
            name: n.attrs.name?.trim() || undefined,
            ...(content.length ? { content: content.map(textOf).join('') } : {}),
            ...(n.attrs.plainTextPath ? { plainTextPath: n.attrs.plainTextPath } : {}),
            user: guidOf(n, 'creatingUser', 'a <Note>'),
            at: n.attrs.creationDateTime,
            selections: elements(n, 'PlainTextSelection').length,
            line: n.line,
            column: n.column,
          });
        }
        break;
      case 'Sets':
        if (!elements(part, 'Set').length) warn(part, 'an empty <Sets/> is not valid REFI-QDA (some tools write it): ignored');
        for (const s of elements(part, 'Set')) {
          const refs = (local: string) => elements(s, local).flatMap((m) => guidOf(m, 'targetGUID', `a <${local}>`) ?? []);
          out.sets.push({
            name: s.attrs.name?.trim() ?? '',
            codes: refs('MemberCode'),
            notes: refs('MemberNote'),
            sources: elements(s, 'MemberSource').length,
            line: s.line,
            column: s.column,
          });
        }
        break;
      case 'Links':
      case 'Graphs': {
        const count = elements(part).length;
        warn(
          part,
          `${count} ${part.local === 'Links' ? 'link' : 'graph'}${count === 1 ? '' : 's'} not imported: Reflexive QDA has no ${part.local.toLowerCase()}`,
        );
        break;
      }
      case 'Description':
      case 'NoteRef':
        break;
      default:
        warn(part, `skipped <${part.name}>: not part of a REFI-QDA project`);
    }
  }
  if (braced) warn(firstBraced!, `${braced} GUID${braced === 1 ? ' is' : 's are'} written in braces {…}: read without them`);
  return out;
}

type GuidOf = (el: XmlElement, attr: string, what: string) => string | undefined;
type Warn = (at: { line: number; column: number }, message: string) => void;

/** A VariableValue as text, whatever its type (TextValue, BooleanValue, IntegerValue, …). */
function readValue(el: XmlElement, guidOf: GuidOf, warn: Warn): ReadValue | undefined {
  const ref = elements(el, 'VariableRef')[0];
  const variable = ref && guidOf(ref, 'targetGUID', 'a <VariableRef>');
  const valueEl = elements(el).find((k) => k.local.endsWith('Value'));
  if (!variable || !valueEl) {
    warn(el, `a <VariableValue> without ${variable ? 'a value' : 'a VariableRef'}: ignored`);
    return undefined;
  }
  return { variable, value: textOf(valueEl).trim() };
}

function readSource(s: XmlElement, kind: SourceKind, guidOf: GuidOf, warn: Warn): ReadSource {
  const src: ReadSource = {
    guid: guidOf(s, 'guid', `source "${s.attrs.name ?? ''}"`),
    name: s.attrs.name?.trim() || undefined,
    kind,
    ...(s.attrs.plainTextPath ? { plainTextPath: s.attrs.plainTextPath } : {}),
    ...(s.attrs.richTextPath ? { richTextPath: s.attrs.richTextPath } : {}),
    selections: [],
    otherCodings: 0,
    noteRefs: [],
    values: 0,
    line: s.line,
    column: s.column,
  };
  const label = src.name ?? src.plainTextPath ?? src.guid ?? `at line ${s.line}`;
  const codingsOf = (sel: XmlElement): ReadCoding[] =>
    elements(sel, 'Coding').map((c) => {
      const ref = elements(c, 'CodeRef')[0];
      const code = ref ? guidOf(ref, 'targetGUID', 'a <CodeRef>') : undefined;
      if (!ref) warn(c, `a <Coding> in source "${label}" has no <CodeRef>: skipped`);
      return {
        guid: guidOf(c, 'guid', 'a <Coding>'),
        code,
        user: guidOf(c, 'creatingUser', 'a <Coding>'),
        at: c.attrs.creationDateTime,
        noteRefs: noteRefs(c),
        line: c.line,
        column: c.column,
      };
    });
  const noteRefs = (el: XmlElement) => elements(el, 'NoteRef').flatMap((r) => guidOf(r, 'targetGUID', 'a <NoteRef>') ?? []);
  for (const k of elements(s)) {
    if (k.local === 'PlainTextContent') src.content = (src.content ?? '') + textOf(k);
    else if (k.local === 'PlainTextSelection' && kind === 'text') {
      const start = int(k.attrs.startPosition);
      const end = int(k.attrs.endPosition);
      if (start === undefined || end === undefined) {
        warn(
          k,
          `a selection in source "${label}" has no whole-number startPosition and endPosition ("${k.attrs.startPosition ?? ''}", "${k.attrs.endPosition ?? ''}"): its ${elements(k, 'Coding').length} coding(s) are skipped`,
        );
        continue;
      }
      src.selections.push({
        guid: guidOf(k, 'guid', 'a <PlainTextSelection>'),
        start,
        end,
        user: guidOf(k, 'creatingUser', 'a selection'),
        at: k.attrs.creationDateTime,
        codings: codingsOf(k),
        noteRefs: noteRefs(k),
        line: k.line,
        column: k.column,
      });
    } else if (k.local === 'Coding') src.otherCodings++;
    else if (k.local === 'NoteRef') {
      const g = guidOf(k, 'targetGUID', 'a <NoteRef>');
      if (g) src.noteRefs.push(g);
    } else if (k.local === 'VariableValue') src.values++;
    else if (SELECTIONS.has(k.local) || k.local === 'Transcript' || k.local === 'Representation' || k.local === 'TextDescription') {
      src.otherCodings += countCodings(k);
    } else if (k.local !== 'Description') warn(k, `skipped <${k.name}> in source "${label}"`);
  }
  return src;
}

/** Codings anywhere below an element (selections of PDF, picture, audio and video sources). */
function countCodings(el: XmlElement): number {
  let n = 0;
  const todo = [el];
  while (todo.length) {
    const e = todo.pop()!;
    for (const k of elements(e)) {
      if (k.local === 'Coding') n++;
      else todo.push(k);
    }
  }
  return n;
}

function int(s: string | undefined): number | undefined {
  if (s === undefined || !/^\s*[+-]?\d+\s*$/.test(s)) return undefined;
  const v = Number(s);
  return Number.isSafeInteger(v) ? v : undefined;
}
