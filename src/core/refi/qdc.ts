/**
 * REFI-QDA codebooks (.qdc, Codebook.xsd of REFI-QDA 1.5) written and read.
 * Writing follows the schema exactly; reading is lenient, because other tools
 * write variants (a namespace spelt `codebook:1:0`, an empty `<Sets/>`, a
 * project file instead of a codebook), and reports everything it skips.
 */
import { ArchiveError, ZipArchive } from '../archive';
import { ProjectError } from '../project';
import type { CodebookData, CodeNode } from '../codes';
import { escapeXml } from '../output';
import { codeGuid } from '../hash';
import { dropControls } from '../text';
import { decodeXmlBytes, elements, parseXml, textOf, type XmlElement } from '../xml';

export const QDC_NAMESPACE = 'urn:QDA-XML:codebook:1.0';
const PROJECT_NAMESPACE = 'urn:QDA-XML:project:1.0';
const GUID = /^\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?$/;
const LABELS = [
  ['include', 'Include'],
  ['exclude', 'Exclude'],
  ['example', 'Example'],
] as const;

/**
 * The Description of a code: its definition, then labelled paragraphs
 * ("Include: …") that readCodebookXml splits again, so a round trip keeps them.
 */
export function qdcDescription(
  c: { definition?: string; include?: string; exclude?: string; example?: string },
  quote: (s: string) => string = (s) => s,
): string {
  const parts = c.definition ? [c.definition] : [];
  for (const [key, label] of LABELS) {
    const v = c[key];
    if (v) parts.push(`${label}: ${key === 'example' ? quote(v) : v}`);
  }
  return parts.join('\n\n');
}

/** A .qdc document for the codebook; GUIDs derive from code ids, so a re-export diffs cleanly. */
export function qdcText(data: CodebookData, quote: (s: string) => string = (s) => s, origin = 'Reflexive QDA'): string {
  if (!data.nodes.length) throw new ProjectError('the codebook has no active codes, and a REFI-QDA codebook needs at least one');
  // A code imported from another tool keeps that tool's GUID; a GUID seen twice falls back to the derived one.
  const used = new Set<string>();
  const guidOf = (c: CodeNode['code']): string => {
    const own = typeof c.guid === 'string' && GUID.test(c.guid) ? c.guid.replace(/[{}]/g, '').toLowerCase() : undefined;
    const g = own && !used.has(own) ? own : codeGuid(c.id);
    used.add(g);
    return g;
  };
  const code = (n: CodeNode, indent: string): string => {
    const c = n.code;
    const color = c.color && /^#[0-9a-fA-F]{6}$/.test(c.color) ? ` color="${c.color.toUpperCase()}"` : '';
    const open = `${indent}<Code guid="${guidOf(c)}" name="${escapeXml(c.name.replace(/[\r\n\t]+/g, ' '))}" isCodable="true"${color}`;
    const description = qdcDescription(c, quote);
    if (!description && !n.children.length) return `${open}/>\n`;
    return `${open}>\n${description ? `${indent}  <Description>${escapeXml(description)}</Description>\n` : ''}${n.children.map((k) => code(k, indent + '  ')).join('')}${indent}</Code>\n`;
  };
  return `<?xml version="1.0" encoding="utf-8"?>\n<CodeBook xmlns="${QDC_NAMESPACE}" origin="${escapeXml(origin)}">\n  <Codes>\n${data.roots.map((n) => code(n, '    ')).join('')}  </Codes>\n</CodeBook>\n`;
}

/** A code as read from a REFI-QDA file. */
export interface QdcCode {
  /** Lower case, without braces; undefined when missing or malformed. */
  guid?: string;
  name: string;
  color?: string;
  definition?: string;
  include?: string;
  exclude?: string;
  example?: string;
  /** False for a folder in the other tool; imported as a code all the same. */
  codable: boolean;
  children: QdcCode[];
  /** GUIDs of the notes (memos) a project file links to this code. */
  noteRefs: string[];
  line: number;
  column: number;
}

export interface QdcWarning {
  line: number;
  column: number;
  message: string;
}

export interface QdcRead {
  /** False when no codebook could be found at all (the warnings say why). */
  ok: boolean;
  origin?: string;
  codes: QdcCode[];
  warnings: QdcWarning[];
}

/** Reads a .qdc, a .qde (project) or a .qdpx (zipped project): whatever holds a REFI-QDA codebook. */
export function readQdc(bytes: Uint8Array): QdcRead {
  if (ZipArchive.looksLikeZip(bytes)) {
    // Through the bounded reader: a .qdpx from outside may be a ZIP bomb.
    try {
      const archive = ZipArchive.open(bytes);
      const entry = archive.entries
        .filter((e) => /\.qde$/i.test(e.name))
        .sort((a, b) => a.name.split('/').length - b.name.split('/').length)[0];
      if (!entry) return fail('this zip archive holds no project.qde: it is not a REFI-QDA project (.qdpx)');
      return readCodebookXml(decodeXmlBytes(archive.read(entry)).text);
    } catch (e) {
      if (e instanceof ArchiveError) return fail(e.message);
      throw e;
    }
  }
  return readCodebookXml(decodeXmlBytes(bytes).text);
}

function fail(message: string): QdcRead {
  return { ok: false, codes: [], warnings: [{ line: 1, column: 1, message }] };
}

/** Reads the codebook in a REFI-QDA XML text (CodeBook or Project document element). */
export function readCodebookXml(xml: string): QdcRead {
  const doc = parseXml(xml);
  const warnings: QdcWarning[] = doc.issues.map((i) => ({ ...i, message: `XML: ${i.message}` }));
  const warn = (at: { line: number; column: number }, message: string) => warnings.push({ line: at.line, column: at.column, message });
  const root = doc.root;
  if (!root) return { ok: false, codes: [], warnings };
  let codebook: XmlElement | undefined;
  let sets: XmlElement[];
  if (root.local === 'CodeBook') {
    checkNamespace(root, QDC_NAMESPACE, warn);
    codebook = root;
    sets = elements(root, 'Sets');
    for (const other of elements(root).filter((e) => e.local !== 'Codes' && e.local !== 'Sets'))
      warn(other, `skipped <${other.name}>: not part of a REFI-QDA codebook`);
  } else if (root.local === 'Project') {
    checkNamespace(root, PROJECT_NAMESPACE, warn);
    codebook = elements(root, 'CodeBook')[0];
    sets = elements(root, 'Sets');
    if (!codebook) {
      warn(root, 'this REFI-QDA project has no <CodeBook>: there are no codes to import');
      return { ok: false, codes: [], warnings };
    }
  } else {
    warn(root, `the document element is <${root.name}>, not a REFI-QDA <CodeBook> or <Project>`);
    return { ok: false, codes: [], warnings };
  }
  const codesEls = elements(codebook, 'Codes');
  if (!codesEls.length) {
    warn(codebook, '<CodeBook> has no <Codes>: there are no codes to import');
    return { ok: false, codes: [], warnings, origin: root.attrs.origin };
  }
  if (codesEls.length > 1) warn(codesEls[1], `<CodeBook> has ${codesEls.length} <Codes> elements (the schema allows one): all are read`);
  const codes = readCodes(codesEls, warn);
  for (const s of sets) {
    const list = elements(s, 'Set');
    if (!list.length) warn(s, 'an empty <Sets/> is not valid REFI-QDA (some tools write it): ignored');
    for (const set of list) {
      const members = elements(set, 'MemberCode').length;
      warn(
        set,
        `skipped set "${set.attrs.name ?? '(unnamed)'}" (${members} member code${members === 1 ? '' : 's'}): Reflexive QDA has no code sets; its codes are imported`,
      );
    }
  }
  return { ok: true, codes, warnings, ...(root.attrs.origin !== undefined ? { origin: root.attrs.origin } : {}) };
}

/** The codes of the <Codes> elements of a codebook, in their hierarchy; everything skipped is reported. */
export function readCodes(codesEls: XmlElement[], warn: (at: XmlElement, m: string) => void): QdcCode[] {
  const codes: QdcCode[] = [];
  for (const codesEl of codesEls) {
    for (const child of elements(codesEl)) {
      if (child.local === 'Code') codes.push(readCode(child, warn));
      else warn(child, `skipped <${child.name}> inside <Codes>: only <Code> elements are codes`);
    }
  }
  if (!codes.length && codesEls[0]) warn(codesEls[0], '<Codes> is empty (the schema needs at least one <Code>)');
  return codes;
}

/** Warns when an element's namespace is not the REFI-QDA one it should be (other tools write variants). */
export function checkNamespace(el: XmlElement, expected: string, warn: (at: XmlElement, m: string) => void): void {
  if (el.ns === expected) return;
  if (!el.ns) warn(el, `<${el.name}> has no namespace (expected ${expected}): read as REFI-QDA 1.0`);
  else if (/^urn:QDA-XML:/i.test(el.ns)) warn(el, `namespace "${el.ns}" (written by some tools) read as ${expected}`);
  else warn(el, `unexpected namespace "${el.ns}" (expected ${expected}): read as REFI-QDA all the same`);
}

function readCode(el: XmlElement, warn: (at: XmlElement, m: string) => void): QdcCode {
  let name = dropControls(el.attrs.name ?? '')
    .replace(/\s+/g, ' ')
    .trim();
  if (!name) {
    name = `Unnamed code (line ${el.line})`;
    warn(el, `a <Code> without a name: imported as "${name}"`);
  }
  const code: QdcCode = { name, codable: true, children: [], noteRefs: [], line: el.line, column: el.column };
  const guid = el.attrs.guid?.trim();
  if (guid === undefined) warn(el, `code "${name}" has no guid`);
  else if (!GUID.test(guid)) warn(el, `code "${name}" has a malformed guid "${guid}": ignored`);
  else code.guid = guid.replace(/[{}]/g, '').toLowerCase();
  const codable = el.attrs.isCodable?.trim().toLowerCase();
  if (codable === undefined) warn(el, `code "${name}" has no isCodable (required): read as true`);
  else if (codable === 'false' || codable === '0') code.codable = false;
  const color = el.attrs.color?.trim();
  if (color !== undefined) {
    if (/^#[0-9a-fA-F]{6}$/.test(color)) code.color = color.toLowerCase();
    else if (/^#[0-9a-fA-F]{3}$/.test(color)) code.color = `#${[...color.slice(1).toLowerCase()].map((h) => h + h).join('')}`;
    else warn(el, `code "${name}" has a colour "${color}" that is not #RRGGBB or #RGB: ignored`);
  }
  const descriptions = elements(el, 'Description');
  if (descriptions.length > 1) warn(descriptions[1], `code "${name}" has ${descriptions.length} descriptions: joined`);
  const description = descriptions
    .map((d) => dropControls(textOf(d)).trim())
    .filter(Boolean)
    .join('\n\n');
  if (description) Object.assign(code, splitDescription(description));
  for (const child of elements(el)) {
    if (child.local === 'Code') code.children.push(readCode(child, warn));
    else if (child.local === 'NoteRef' && child.attrs.targetGUID)
      code.noteRefs.push(child.attrs.targetGUID.replace(/[{}]/g, '').trim().toLowerCase());
    else if (child.local !== 'Description') warn(child, `skipped <${child.name}> in code "${name}": not part of a REFI-QDA code`);
  }
  return code;
}

/** A description's definition and its "Include:", "Exclude:", "Example:" paragraphs (as qdcDescription writes them). */
export function splitDescription(text: string): { definition?: string; include?: string; exclude?: string; example?: string } {
  const parts: Record<string, string[]> = {};
  let key = 'definition';
  for (const para of text.replace(/\r\n?/g, '\n').split(/\n{2,}/)) {
    const m = /^(Include|Exclude|Example):[ \t]*/.exec(para);
    if (m && !parts[m[1].toLowerCase()]) {
      key = m[1].toLowerCase();
      parts[key] = [para.slice(m[0].length)];
    } else (parts[key] ??= []).push(para);
  }
  return Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, v.join('\n\n')]));
}
