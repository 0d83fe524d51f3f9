/**
 * Reading a REFI-QDA project file (.qdpx, or a bare project.qde) as data, with
 * the plain text of each text source and note found. The archive is never
 * trusted: its directory is checked before anything is inflated (ZipArchive),
 * XML with a DOCTYPE is refused, and a text path that leads outside the
 * archive is refused for that source. Every leniency is a warning that names
 * the part of the file it is about.
 */
import { decodeXmlBytes, parseXml } from '../xml';
import { ArchiveError, ZipArchive, escapesArchive, type ArchiveEntry, type ArchiveLimits } from '../archive';
import { readProjectElement, type ReadProject, type RefiWarning } from './qdeReader';

export interface QdpxRead {
  /** False when nothing can be imported: `refused` or the warnings say why. */
  ok: boolean;
  /** Why the whole file was refused (a ZIP bomb, a path out of the archive, a DOCTYPE). */
  refused?: string;
  project?: ReadProject;
  /** The text of each source of `project.sources` (same index); undefined when it has none here. */
  texts: (string | undefined)[];
  /** Why a text source has no text (same index). */
  missing: (string | undefined)[];
  /** The text of each note of `project.notes` (same index), from PlainTextContent or its file. */
  noteTexts: (string | undefined)[];
  warnings: RefiWarning[];
}

const QDE = 'project.qde';

/** Reads a .qdpx (ZIP) or a project.qde (XML) from its bytes. */
export async function readQdpx(bytes: Uint8Array, limits: Partial<ArchiveLimits> = {}): Promise<QdpxRead> {
  const warnings: RefiWarning[] = [];
  const fail = (refused: string): QdpxRead => ({ ok: false, refused, texts: [], missing: [], noteTexts: [], warnings });
  let archive: ZipArchive | undefined;
  let qdeName = QDE;
  let qdeBytes: Uint8Array;
  try {
    if (ZipArchive.looksLikeZip(bytes)) {
      archive = ZipArchive.open(bytes, limits);
      const qdes = archive.entries.filter((e) => !e.directory && /\.qde$/i.test(e.name));
      const entry =
        qdes.find((e) => e.name === QDE) ??
        qdes.sort((a, b) => a.name.split('/').length - b.name.split('/').length || (a.name < b.name ? -1 : 1))[0];
      if (!entry) return fail('this archive holds no project.qde: it is not a REFI-QDA project (.qdpx)');
      if (entry.name !== QDE)
        warnings.push({
          file: entry.name,
          line: 1,
          column: 1,
          message: `the project document is "${entry.name}", not "project.qde" at the top of the archive: read all the same`,
        });
      qdeName = entry.name;
      qdeBytes = await archive.readAsync(entry);
    } else qdeBytes = bytes;
  } catch (e) {
    if (e instanceof ArchiveError) return fail(e.message);
    throw e;
  }
  const decoded = decodeXmlBytes(qdeBytes);
  let xml = decoded.text;
  if (decoded.invalidUtf8) {
    const declared = /^<\?xml[^>]*encoding=["']([\w.:-]+)["']/.exec(xml)?.[1];
    xml = decodeLegacy(qdeBytes, declared);
    warnings.push({
      file: qdeName,
      line: 1,
      column: 1,
      message: `not valid UTF-8 (byte ${decoded.invalidUtf8.byteOffset}): read as ${declared && legacyDecoder(declared) ? declared : 'Windows-1252'}`,
    });
  }
  const doc = parseXml(xml);
  if (doc.refused) return { ...fail(`${qdeName}:${doc.refused.line}:${doc.refused.column}: ${doc.refused.message}`) };
  warnings.push(...doc.issues.map((i) => ({ file: qdeName, ...i, message: `XML: ${i.message}` })));
  if (!doc.root) return fail(`${qdeName} holds no XML element`);
  const project = readProjectElement(doc.root);
  warnings.push(...project.warnings.map((w) => ({ file: qdeName, ...w })));
  project.warnings = [];
  if (doc.root.local !== 'Project')
    return { ...fail(`${qdeName}: the document element is <${doc.root.name}>, not a REFI-QDA <Project>`), warnings };

  // Which entry each text comes from, found and size-checked before any is inflated.
  const texts: (string | undefined)[] = [];
  const missing: (string | undefined)[] = [];
  const noteTexts: (string | undefined)[] = [];
  const wanted = new Map<ArchiveEntry, number>();
  const where: ({ entry: ArchiveEntry } | { why: string } | undefined)[] = [];
  const locate = (path: string | undefined, what: string, at: { line: number; column: number }) => {
    if (path === undefined) return undefined;
    const r = findEntry(archive, path);
    if ('entry' in r) {
      if (r.note) warnings.push({ file: qdeName, line: at.line, column: at.column, message: `${what}: ${r.note}` });
      wanted.set(r.entry, (wanted.get(r.entry) ?? 0) + 1);
    }
    return r;
  };
  project.sources.forEach((s, i) => {
    const label = `source "${s.name ?? s.plainTextPath ?? s.guid}"`;
    if (s.kind !== 'text') return;
    if (s.content !== undefined) {
      if (s.plainTextPath)
        warnings.push({
          file: qdeName,
          line: s.line,
          column: s.column,
          message: `${label} has both PlainTextContent and plainTextPath (the standard allows one): PlainTextContent is read`,
        });
      texts[i] = s.content;
      return;
    }
    if (s.plainTextPath === undefined) {
      missing[i] = s.richTextPath
        ? 'it has only rich text (richTextPath), no plain text'
        : 'it has no text (no plainTextPath or PlainTextContent)';
      return;
    }
    where[i] = locate(s.plainTextPath, label, s);
  });
  const noteWhere = project.notes.map((n) =>
    n.content === undefined ? locate(n.plainTextPath, `note "${n.name ?? n.guid}"`, n) : undefined,
  );
  try {
    archive?.checkDeclared([...wanted.keys()]);
  } catch (e) {
    if (e instanceof ArchiveError) return fail(e.message);
    throw e;
  }
  const cache = new Map<ArchiveEntry, string>();
  const textOf = async (entry: ArchiveEntry): Promise<string> => {
    let t = cache.get(entry);
    if (t === undefined) {
      const r = decodeSourceText(await archive!.readAsync(entry));
      for (const m of r.warnings) warnings.push({ file: entry.name, line: 1, column: 1, message: m });
      cache.set(entry, (t = r.text));
    }
    return t;
  };
  try {
    for (let i = 0; i < project.sources.length; i++) {
      const w = where[i];
      if (!w) continue;
      if ('why' in w) missing[i] = w.why;
      else texts[i] = await textOf(w.entry);
    }
    for (let i = 0; i < project.notes.length; i++) {
      const w = noteWhere[i];
      if (project.notes[i].content !== undefined) noteTexts[i] = project.notes[i].content;
      else if (w && 'entry' in w) noteTexts[i] = await textOf(w.entry);
    }
  } catch (e) {
    if (e instanceof ArchiveError) return fail(e.message);
    throw e;
  }
  return { ok: true, project, texts, missing, noteTexts, warnings };
}

/**
 * The archive entry a plainTextPath names: `internal://NAME` is sources/NAME;
 * other tools also write a path relative to sources/ or to the archive, or an
 * absolute path on their own machine (looked for by its file name in sources/).
 */
function findEntry(archive: ZipArchive | undefined, path: string): { entry: ArchiveEntry; note?: string } | { why: string } {
  if (!archive) return { why: `its text is in "${path}", outside this project.qde (import the .qdpx instead)` };
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // Not percent-encoded: the path as written.
  }
  const internal = /^internal:\/\//i.exec(decoded);
  const rest = internal ? decoded.slice(internal[0].length) : decoded;
  const absolute = !internal && /^[A-Za-z]:[\\/]|^[\\/]|^file:/i.test(rest);
  if (!absolute && escapesArchive(rest.replace(/^[\\/]+/, '')))
    return { why: `its plainTextPath "${path}" leads outside the archive: refused` };
  const byName = (name: string) => archive.get(name) ?? archive.entries.find((e) => e.name.toLowerCase() === name.toLowerCase());
  const base = rest.split(/[\\/]/).pop() ?? rest;
  if (internal) {
    const e = byName(`sources/${rest}`);
    if (e)
      return e.name === `sources/${rest}` ? { entry: e } : { entry: e, note: `"${path}" read as "${e.name}" (the letter case differs)` };
  } else if (!absolute) {
    const e = byName(`sources/${rest}`) ?? byName(rest);
    if (e) return { entry: e, note: `plainTextPath "${path}" is not internal://…: read as "${e.name}"` };
  }
  const e = byName(`sources/${base}`);
  if (e)
    return {
      entry: e,
      note: `plainTextPath "${path}" ${absolute ? 'is a path on another computer' : 'is not in the archive'}: read as "${e.name}", the file of that name in the archive`,
    };
  return { why: `its text "${path}" is not in the archive` };
}

const decoders = new Map<string, TextDecoder | undefined>();

function legacyDecoder(label: string): TextDecoder | undefined {
  if (!decoders.has(label)) {
    try {
      decoders.set(label, new TextDecoder(label));
    } catch {
      decoders.set(label, undefined);
    }
  }
  return decoders.get(label);
}

/** Bytes that are not UTF-8: in the encoding the file declares, else Windows-1252 (what old Windows tools write). */
function decodeLegacy(bytes: Uint8Array, label?: string): string {
  return (
    (label && !/^utf-?8$/i.test(label) ? legacyDecoder(label) : undefined)?.decode(bytes) ?? legacyDecoder('windows-1252')!.decode(bytes)
  );
}

/**
 * A source's plain text as the offsets count it. A byte-order mark is not part
 * of the text; bytes that are not UTF-8 are read as Windows-1252; control
 * characters (other than tab and line breaks) become U+FFFD, one for one, so
 * that no offset moves and nothing invisible reaches a transcript.
 */
export function decodeSourceText(bytes: Uint8Array): { text: string; warnings: string[] } {
  const warnings: string[] = [];
  let text: string;
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    text = new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(bytes.subarray(2));
    warnings.push('UTF-16 text with a byte-order mark: read as UTF-16, the mark not counted in offsets');
  } else {
    const d = decodeXmlBytes(bytes);
    text = d.text;
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) warnings.push('starts with a byte-order mark: not counted in offsets');
    if (d.invalidUtf8) {
      text = decodeLegacy(bytes);
      warnings.push(`not valid UTF-8 (byte ${d.invalidUtf8.byteOffset}): read as Windows-1252`);
    }
  }

  const controls = text.match(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g);
  if (controls) {
    text = text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '\uFFFD');
    warnings.push(`${controls.length} control character${controls.length === 1 ? '' : 's'} (such as NUL or ESC) shown as \uFFFD`);
  }
  return { text, warnings };
}
