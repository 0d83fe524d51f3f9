/**
 * Coded passages for writing up and for the team's workshops: every passage of
 * the chosen codes with its source, speaker, participant and attributes, coder
 * and note, as Markdown, CSV or Word. Quotes go through the pseudonymiser like
 * every other export that leaves the project.
 */
import { codePath } from '../codes';
import type { Code } from '../model';
import { inclusion } from '../participants';
import type { Project } from '../project';
import { parseTranscript, type TranscriptStructure } from '../transcripts';
import { docxPackage, type DocxBlock, csvRow, escapeMarkdown } from '../output';

export type PassagesFormat = 'md' | 'csv' | 'docx';

export interface PassageRow {
  code: string;
  codePath: string;
  source: string;
  participant?: string;
  attributes: Record<string, string>;
  speaker?: string;
  start: number;
  end: number;
  text: string;
  coder?: string;
  note?: string;
}

export interface PassagesOptions {
  /** Code ids; every active code when omitted. Merged codes count with their target. */
  codes?: readonly string[];
  coder?: string;
  /** Applied to every quote and note (pseudonymisation); identity only when chosen explicitly. */
  pseudonymise: (text: string) => string;
  /** Transcript texts by path (read by the caller: core does no I/O), for the speaker of each passage. */
  texts?: ReadonlyMap<string, string>;
}

/** The rows of a passages export, ordered by code path, then source, then position. */
export function passageRows(project: Project, opts: PassagesOptions): PassageRow[] {
  const codes = project.codebook.codes;
  const target = new Map<string, string>();
  const wanted = new Set(opts.codes ?? codes.filter((c) => c.status === 'active').map((c) => c.id));
  for (const c of codes) {
    let t: Code | undefined = c;
    const seen = new Set<string>();
    while (t && t.status === 'merged' && t.mergedInto && !seen.has(t.id)) {
      seen.add(t.id);
      t = codes.find((x) => x.id === t!.mergedInto);
    }
    if (t && wanted.has(t.id)) target.set(c.id, t.id);
  }
  const owner = new Map<string, { id: string; attributes: Record<string, string> }>();
  for (const p of project.participants?.participants ?? [])
    for (const s of p.sources ?? []) owner.set(s, { id: p.id, attributes: p.attributes ?? {} });
  const structures = new Map<string, TranscriptStructure>();
  const rows: PassageRow[] = [];
  // Withdrawn participants' passages are left out (see participants/withdrawal.ts).
  for (const [source, list] of inclusion(project).codings()) {
    for (const c of list) {
      const code = target.get(c.code);
      if (!code || (opts.coder && c.coder !== opts.coder)) continue;
      const text = opts.texts?.get(source);
      let structure = structures.get(source);
      if (!structure && text !== undefined) structures.set(source, (structure = parseTranscript(text)));
      const turn = structure?.turns.filter((t) => t.span.cpStart <= c.start && c.start < Math.max(t.span.cpEnd, t.span.cpStart + 1)).pop();
      rows.push({
        code,
        codePath: codePath(codes, code),
        source,
        participant: owner.get(source)?.id,
        attributes: owner.get(source)?.attributes ?? {},
        speaker: turn?.speaker,
        start: c.start,
        end: c.end,
        text: opts.pseudonymise(c.text),
        coder: c.coder,
        note: c.note === undefined ? undefined : opts.pseudonymise(c.note),
      });
    }
  }
  return rows.sort(
    (a, b) => a.codePath.localeCompare(b.codePath) || (a.source < b.source ? -1 : a.source > b.source ? 1 : a.start - b.start),
  );
}

/** The export file's content: text for md and csv, bytes for docx. */
export function exportPassages(project: Project, format: PassagesFormat, opts: PassagesOptions): string | Uint8Array {
  const rows = passageRows(project, opts);
  const title = `Coded passages: ${project.config.title ?? 'project'}`;
  if (format === 'csv') {
    const attrs = [...new Set(rows.flatMap((r) => Object.keys(r.attributes)))].sort();
    const head = csvRow(['code', 'code path', 'source', 'participant', ...attrs, 'speaker', 'start', 'end', 'passage', 'coder', 'note']);
    return (
      head +
      rows
        .map((r) =>
          csvRow([
            r.code,
            r.codePath,
            r.source,
            r.participant,
            ...attrs.map((a) => r.attributes[a]),
            r.speaker,
            r.start,
            r.end,
            r.text,
            r.coder,
            r.note,
          ]),
        )
        .join('')
    );
  }
  const groups = new Map<string, PassageRow[]>();
  for (const r of rows) groups.set(r.codePath, [...(groups.get(r.codePath) ?? []), r]);
  const meta = (r: PassageRow) =>
    [
      r.source,
      r.participant &&
        `participant ${r.participant}${
          Object.keys(r.attributes).length
            ? ` (${Object.entries(r.attributes)
                .map(([k, v]) => `${k}: ${v}`)
                .join(', ')})`
            : ''
        }`,
      r.speaker && `speaker ${r.speaker}`,
      r.coder && `coded by ${r.coder}`,
    ]
      .filter(Boolean)
      .join(' · ');
  if (format === 'md') {
    const out = [
      `# ${escapeMarkdown(title)}`,
      '',
      `${rows.length} passage${rows.length === 1 ? '' : 's'}${opts.coder ? `, coder ${escapeMarkdown(opts.coder)}` : ''}.`,
      '',
    ];
    for (const [path, list] of groups) {
      out.push(`## ${escapeMarkdown(path)} (${list.length})`, '');
      for (const r of list) {
        out.push(...r.text.split(/\r?\n/).map((l) => `> ${escapeMarkdown(l)}`), '', `*${escapeMarkdown(meta(r))}*`, '');
        if (r.note) out.push(`Note: ${escapeMarkdown(r.note)}`, '');
      }
    }
    return out.join('\n');
  }
  const blocks: DocxBlock[] = [
    { kind: 'paragraph', runs: `${rows.length} passages${opts.coder ? `, coder ${opts.coder}` : ''}.`, style: 'Small' },
  ];
  for (const [path, list] of groups) {
    blocks.push({ kind: 'heading', level: 1, text: `${path} (${list.length})` });
    for (const r of list) {
      blocks.push({ kind: 'paragraph', runs: r.text, style: 'Quote' });
      blocks.push({ kind: 'paragraph', runs: [{ text: meta(r), italic: true }], style: 'Small' });
      if (r.note) blocks.push({ kind: 'paragraph', runs: [{ text: 'Note: ', bold: true }, { text: r.note }] });
    }
  }
  return docxPackage(blocks, { title });
}
