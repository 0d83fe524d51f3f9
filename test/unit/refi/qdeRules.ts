/**
 * The structural rules of the REFI-QDA project schema (QDA-XML 1.0,
 * "Project-mrt2019") for the elements a Reflexive QDA export writes, checked
 * with the project's own XML reader: each element's required and allowed
 * attributes and their types, its children in the schema's order with their
 * counts, and that every reference names an object of the right kind.
 * (By hand, the same files are checked with xmllint against the schema itself.)
 */
import { elements, textOf, type XmlElement } from '../../../src/core/xml';

type Count = '1' | '?' | '*' | '+';
interface Rule {
  required: string[];
  optional: string[];
  /** The sequence: child name and how often. `choice` lists alternatives in one slot. */
  children: [string | string[], Count][];
  text?: RegExp;
}

const GUID = /^(\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?)$/;
const TYPES: Record<string, RegExp> = {
  guid: GUID,
  targetGUID: GUID,
  creatingUser: GUID,
  creatingUserGUID: GUID,
  startPosition: /^[+-]?\d+$/,
  endPosition: /^[+-]?\d+$/,
  isCodable: /^(true|false|1|0)$/,
  color: /^#([A-Fa-f0-9]{6}|[A-Fa-f0-9]{3})$/,
  creationDateTime: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/,
  typeOfVariable: /^(Text|Boolean|Integer|Float|Date|DateTime)$/,
};
const REF = { required: ['targetGUID'], optional: [], children: [] };
const TEXT_SOURCE: Rule = {
  required: ['guid'],
  optional: ['name', 'richTextPath', 'plainTextPath', 'creatingUser', 'creationDateTime', 'modifyingUser', 'modifiedDateTime'],
  children: [
    ['Description', '?'],
    ['PlainTextContent', '?'],
    ['PlainTextSelection', '*'],
    ['Coding', '*'],
    ['NoteRef', '*'],
    ['VariableValue', '*'],
  ],
};
export const RULES: Record<string, Rule> = {
  Project: {
    required: ['name'],
    optional: ['origin', 'creatingUserGUID', 'creationDateTime', 'modifyingUserGUID', 'modifiedDateTime', 'basePath'],
    children: [
      ['Users', '?'],
      ['CodeBook', '?'],
      ['Variables', '?'],
      ['Cases', '?'],
      ['Sources', '?'],
      ['Notes', '?'],
      ['Links', '?'],
      ['Sets', '?'],
      ['Graphs', '?'],
      ['Description', '?'],
      ['NoteRef', '*'],
    ],
  },
  Users: { required: [], optional: [], children: [['User', '+']] },
  User: { required: ['guid'], optional: ['name', 'id'], children: [] },
  CodeBook: { required: [], optional: [], children: [['Codes', '1']] },
  Codes: { required: [], optional: [], children: [['Code', '+']] },
  Code: {
    required: ['guid', 'name', 'isCodable'],
    optional: ['color'],
    children: [
      ['Description', '?'],
      ['NoteRef', '*'],
      ['Code', '*'],
    ],
  },
  Variables: { required: [], optional: [], children: [['Variable', '+']] },
  Variable: { required: ['guid', 'name', 'typeOfVariable'], optional: [], children: [['Description', '?']] },
  Cases: { required: [], optional: [], children: [['Case', '+']] },
  Case: {
    required: ['guid'],
    optional: ['name'],
    children: [
      ['Description', '?'],
      ['CodeRef', '*'],
      ['VariableValue', '*'],
      ['SourceRef', '*'],
      ['SelectionRef', '*'],
    ],
  },
  VariableValue: {
    required: [],
    optional: [],
    children: [
      ['VariableRef', '1'],
      [['TextValue', 'BooleanValue', 'IntegerValue', 'FloatValue', 'DateValue', 'DateTimeValue'], '?'],
    ],
  },
  DateValue: { required: [], optional: [], children: [], text: /^\d{4}-\d{2}-\d{2}$/ },
  Sources: { required: [], optional: [], children: [[['TextSource', 'PictureSource', 'PDFSource', 'AudioSource', 'VideoSource'], '+']] },
  TextSource: TEXT_SOURCE,
  Note: TEXT_SOURCE,
  Notes: { required: [], optional: [], children: [['Note', '+']] },
  PlainTextSelection: {
    required: ['guid', 'startPosition', 'endPosition'],
    optional: ['name', 'creatingUser', 'creationDateTime', 'modifyingUser', 'modifiedDateTime'],
    children: [
      ['Description', '?'],
      ['Coding', '*'],
      ['NoteRef', '*'],
    ],
  },
  Coding: {
    required: ['guid'],
    optional: ['creatingUser', 'creationDateTime'],
    children: [
      ['CodeRef', '1'],
      ['NoteRef', '*'],
    ],
  },
  Sets: { required: [], optional: [], children: [['Set', '+']] },
  Set: {
    required: ['guid', 'name'],
    optional: [],
    children: [
      ['Description', '?'],
      ['MemberCode', '*'],
      ['MemberSource', '*'],
      ['MemberNote', '*'],
    ],
  },
  CodeRef: REF,
  NoteRef: REF,
  SourceRef: REF,
  SelectionRef: REF,
  VariableRef: REF,
  MemberCode: REF,
  MemberSource: REF,
  MemberNote: REF,
};
const LEAVES = new Set(['Description', 'PlainTextContent', 'TextValue', 'BooleanValue', 'IntegerValue', 'FloatValue', 'DateTimeValue']);

/** Every breach of the rules in the tree under `root`, as "Element (line:col): what". */
export function qdeProblems(root: XmlElement): string[] {
  const problems: string[] = [];
  const todo = [root];
  while (todo.length) {
    const el = todo.pop()!;
    const at = `${el.local} (${el.line}:${el.column})`;
    if (el.ns !== 'urn:QDA-XML:project:1.0') problems.push(`${at}: namespace "${el.ns}"`);
    if (LEAVES.has(el.local)) {
      if (elements(el).length) problems.push(`${at}: holds elements`);
      continue;
    }
    const rule = RULES[el.local];
    if (!rule) {
      problems.push(`${at}: not an element this checker knows`);
      continue;
    }
    for (const a of rule.required) if (!Object.hasOwn(el.attrs, a)) problems.push(`${at}: no ${a}`);
    for (const [a, v] of Object.entries(el.attrs)) {
      if (a === 'xmlns' || a.startsWith('xmlns:')) continue;
      if (!rule.required.includes(a) && !rule.optional.includes(a)) problems.push(`${at}: attribute ${a} is not allowed`);
      else if (TYPES[a] && !TYPES[a].test(v)) problems.push(`${at}: ${a}="${v}" is not of its type`);
    }
    if (rule.text && !rule.text.test(textOf(el))) problems.push(`${at}: "${textOf(el)}" is not of its type`);
    // Children: in the order of the sequence, each slot as often as it allows.
    const used = rule.children.map(() => 0);
    let slot = 0;
    for (const k of elements(el)) {
      while (slot < rule.children.length && !([] as string[]).concat(rule.children[slot][0]).includes(k.local)) slot++;
      if (slot >= rule.children.length) {
        problems.push(`${at}: <${k.local}> is not allowed here (or out of order)`);
        break;
      }
      used[slot]++;
      const count = rule.children[slot][1];
      if ((count === '1' || count === '?') && used[slot] > 1) problems.push(`${at}: more than one <${k.local}>`);
      todo.push(k);
    }
    rule.children.forEach(([name, count], s) => {
      if ((count === '1' || count === '+') && !used[s]) problems.push(`${at}: no <${String(name)}>`);
    });
  }
  return problems;
}

/** References that name no object of the kind they must name. */
export function danglingRefs(root: XmlElement): string[] {
  const kinds = new Map<string, string>();
  const all: XmlElement[] = [];
  const todo = [root];
  while (todo.length) {
    const el = todo.pop()!;
    all.push(el);
    if (el.attrs.guid) {
      if (kinds.has(el.attrs.guid.toLowerCase())) return [`guid ${el.attrs.guid} is used twice`];
      kinds.set(el.attrs.guid.toLowerCase(), el.local);
    }
    todo.push(...elements(el));
  }
  const must: Record<string, string[]> = {
    CodeRef: ['Code'],
    MemberCode: ['Code'],
    NoteRef: ['Note'],
    MemberNote: ['Note'],
    SourceRef: ['TextSource', 'PictureSource', 'PDFSource', 'AudioSource', 'VideoSource'],
    VariableRef: ['Variable'],
    SelectionRef: ['PlainTextSelection'],
  };
  const out: string[] = [];
  for (const el of all) {
    const want = must[el.local];
    const target = el.attrs.targetGUID?.toLowerCase();
    if (want && !want.includes(kinds.get(target ?? '') ?? ''))
      out.push(`${el.local} ${el.attrs.targetGUID} (${el.line}:${el.column}) names ${kinds.get(target ?? '') ?? 'nothing'}`);
    for (const a of ['creatingUser', 'modifyingUser']) {
      if (el.attrs[a] !== undefined && kinds.get(el.attrs[a].toLowerCase()) !== 'User')
        out.push(`${el.local} ${a}=${el.attrs[a]} names no User`);
    }
  }
  return out;
}
