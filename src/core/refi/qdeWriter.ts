/**
 * The text of a REFI-QDA project document (project.qde, QDA-XML 1.0, the
 * "Project-mrt2019" schema): elements in the schema's order, every attribute
 * the schema requires, nothing it does not know. What goes in it is decided
 * by exportProject; this file only writes it.
 */
import { escapeXml, escapeXmlAttr } from '../output';

export const PROJECT_NAMESPACE = 'urn:QDA-XML:project:1.0';

export interface QdeUser {
  guid: string;
  name: string;
  id: string;
}

export interface QdeCode {
  guid: string;
  name: string;
  color?: string;
  description?: string;
  noteRefs: string[];
  children: QdeCode[];
}

export type VariableType = 'Text' | 'Boolean' | 'Integer' | 'Float' | 'Date' | 'DateTime';

export interface QdeVariable {
  guid: string;
  name: string;
  type: VariableType;
  description?: string;
}

export interface QdeValue {
  variable: string;
  type: VariableType;
  value: string;
}

export interface QdeCase {
  guid: string;
  name: string;
  values: QdeValue[];
  sourceRefs: string[];
}

export interface QdeCoding {
  guid: string;
  code: string;
  user?: string;
  at?: string;
  noteRefs: string[];
}

export interface QdeSelection {
  guid: string;
  start: number;
  end: number;
  user?: string;
  at?: string;
  codings: QdeCoding[];
  noteRefs: string[];
}

export interface QdeSource {
  guid: string;
  name: string;
  /** `internal://…` */
  plainTextPath: string;
  selections: QdeSelection[];
  noteRefs: string[];
}

export interface QdeNote {
  guid: string;
  name: string;
  text: string;
  user?: string;
  at?: string;
}

export interface QdeSet {
  guid: string;
  name: string;
  description?: string;
  codes: string[];
  notes: string[];
}

export interface QdeProject {
  name: string;
  origin: string;
  users: QdeUser[];
  codes: QdeCode[];
  variables: QdeVariable[];
  cases: QdeCase[];
  sources: QdeSource[];
  notes: QdeNote[];
  sets: QdeSet[];
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

/** Whether `s` is an xsd:dateTime (the schema refuses anything else in creationDateTime). */
export function isDateTime(s: unknown): s is string {
  return typeof s === 'string' && DATE_TIME.test(s) && !Number.isNaN(Date.parse(s));
}

/** Element text: escaped, and a carriage return kept as a reference (a parser would turn CR LF into LF). */
const text = (s: string) => escapeXml(s).replace(/\r/g, '&#13;');
/** An attribute; GUIDs, numbers and times (most of them) need no escaping, and skip it. */
const attr = (name: string, value: string | undefined) =>
  value === undefined ? '' : ` ${name}="${/^[\w:.+-]*$/.test(value) ? value : escapeXmlAttr(value)}"`;

/** project.qde as text: UTF-8, one element per line, indented. */
export function writeQde(p: QdeProject): string {
  const out: string[] = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<Project xmlns="${PROJECT_NAMESPACE}"${attr('name', p.name)}${attr('origin', p.origin)}>`,
  ];
  const noteRefs = (refs: string[], indent: string) => refs.forEach((g) => out.push(`${indent}<NoteRef targetGUID="${g}"/>`));
  if (p.users.length) {
    out.push('  <Users>');
    for (const u of p.users) out.push(`    <User guid="${u.guid}"${attr('name', u.name)}${attr('id', u.id)}/>`);
    out.push('  </Users>');
  }
  if (p.codes.length) {
    out.push('  <CodeBook>', '    <Codes>');
    const code = (c: QdeCode, indent: string) => {
      const open = `${indent}<Code guid="${c.guid}"${attr('name', c.name)} isCodable="true"${attr('color', c.color)}`;
      if (!c.description && !c.noteRefs.length && !c.children.length) {
        out.push(`${open}/>`);
        return;
      }
      out.push(`${open}>`);
      if (c.description) out.push(`${indent}  <Description>${text(c.description)}</Description>`);
      noteRefs(c.noteRefs, `${indent}  `);
      for (const k of c.children) code(k, `${indent}  `);
      out.push(`${indent}</Code>`);
    };
    for (const c of p.codes) code(c, '      ');
    out.push('    </Codes>', '  </CodeBook>');
  }
  if (p.variables.length) {
    out.push('  <Variables>');
    for (const v of p.variables) {
      const open = `    <Variable guid="${v.guid}"${attr('name', v.name)} typeOfVariable="${v.type}"`;
      out.push(v.description ? `${open}>\n      <Description>${text(v.description)}</Description>\n    </Variable>` : `${open}/>`);
    }
    out.push('  </Variables>');
  }
  if (p.cases.length) {
    out.push('  <Cases>');
    for (const c of p.cases) {
      out.push(`    <Case guid="${c.guid}"${attr('name', c.name)}>`);
      for (const v of c.values) {
        out.push(
          '      <VariableValue>',
          `        <VariableRef targetGUID="${v.variable}"/>`,
          `        <${v.type}Value>${text(v.value)}</${v.type}Value>`,
          '      </VariableValue>',
        );
      }
      for (const s of c.sourceRefs) out.push(`      <SourceRef targetGUID="${s}"/>`);
      out.push('    </Case>');
    }
    out.push('  </Cases>');
  }
  if (p.sources.length) {
    out.push('  <Sources>');
    for (const s of p.sources) {
      const open = `    <TextSource guid="${s.guid}"${attr('name', s.name)}${attr('plainTextPath', s.plainTextPath)}`;
      if (!s.selections.length && !s.noteRefs.length) {
        out.push(`${open}/>`);
        continue;
      }
      out.push(`${open}>`);
      for (const sel of s.selections) {
        out.push(
          `      <PlainTextSelection guid="${sel.guid}" startPosition="${sel.start}" endPosition="${sel.end}"${attr('creatingUser', sel.user)}${attr('creationDateTime', sel.at)}>`,
        );
        for (const c of sel.codings) {
          out.push(
            `        <Coding guid="${c.guid}"${attr('creatingUser', c.user)}${attr('creationDateTime', c.at)}>`,
            `          <CodeRef targetGUID="${c.code}"/>`,
          );
          noteRefs(c.noteRefs, '          ');
          out.push('        </Coding>');
        }
        noteRefs(sel.noteRefs, '        ');
        out.push('      </PlainTextSelection>');
      }
      noteRefs(s.noteRefs, '      ');
      out.push('    </TextSource>');
    }
    out.push('  </Sources>');
  }
  if (p.notes.length) {
    out.push('  <Notes>');
    for (const n of p.notes) {
      out.push(
        `    <Note guid="${n.guid}"${attr('name', n.name)}${attr('creatingUser', n.user)}${attr('creationDateTime', n.at)}>`,
        `      <PlainTextContent>${text(n.text)}</PlainTextContent>`,
        '    </Note>',
      );
    }
    out.push('  </Notes>');
  }
  if (p.sets.length) {
    out.push('  <Sets>');
    for (const s of p.sets) {
      out.push(`    <Set guid="${s.guid}"${attr('name', s.name)}>`);
      if (s.description) out.push(`      <Description>${text(s.description)}</Description>`);
      for (const g of s.codes) out.push(`      <MemberCode targetGUID="${g}"/>`);
      for (const g of s.notes) out.push(`      <MemberNote targetGUID="${g}"/>`);
      out.push('    </Set>');
    }
    out.push('  </Sets>');
  }
  out.push('</Project>', '');
  return out.join('\n');
}
