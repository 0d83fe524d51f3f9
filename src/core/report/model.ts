/**
 * The findings report as one typed document: sections of blocks that the HTML,
 * Word and Markdown renderers each draw in their own way. Every string here is
 * plain text (already pseudonymised where it came from the project, never yet
 * escaped): escaping belongs to the renderers, through src/core/output.
 */

/** A piece of a paragraph: plain text, optionally strong or emphasised. */
export interface ReportRun {
  text: string;
  strong?: boolean;
  em?: boolean;
}

/** A table: a header row and rows of plain-text cells. */
export interface ReportTable {
  header: string[];
  rows: string[][];
  /** Columns holding numbers (right-aligned where the format can). */
  numeric?: number[];
}

export type ReportBlock =
  /** Level 2 is a theme or a subsection; level 3 a code within it (the section itself is level 1). */
  | { kind: 'heading'; level: 2 | 3; text: string; id?: string }
  | { kind: 'paragraph'; runs: ReportRun[]; muted?: boolean }
  | { kind: 'list'; items: ReportRun[][] }
  /** Someone's words, with who said them and where (a pseudonym and a turn or time). */
  | { kind: 'quote'; text: string; attribution: string }
  /** An SVG drawing (HTML shows it inline); Word and Markdown show `table`, its data, instead. */
  | { kind: 'figure'; svg: string; caption: string; table: ReportTable }
  | ({ kind: 'table'; caption?: string } & ReportTable)
  /** Markdown a researcher wrote (a memo): rendered, never passed through as markup. */
  | { kind: 'markdown'; text: string };

export interface ReportSection {
  /** A stable anchor: findings, review, methods, reflexivity, contributors, codebook. */
  id: string;
  title: string;
  blocks: ReportBlock[];
}

export interface ReportDocument {
  title: string;
  /** Lines under the title: what this is, when it was made, whether quotes were pseudonymised. */
  preface: string[];
  sections: ReportSection[];
  /** Whether project text went through the pseudonymiser (false only when the author chose not to). */
  pseudonymised: boolean;
}

/** A paragraph of plain text. */
export const para = (text: string, muted = false): ReportBlock => ({ kind: 'paragraph', runs: [{ text }], ...(muted && { muted }) });

/** A paragraph that starts with a strong label: "Include: …". */
export const labelled = (label: string, text: string): ReportBlock => ({
  kind: 'paragraph',
  runs: [{ text: `${label} `, strong: true }, { text }],
});

/** "1 participant", "3 codings". */
export const count = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
