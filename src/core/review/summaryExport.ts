/**
 * A review round's summary for the report (Markdown or self-contained HTML):
 * who answered, per code how many found it fits, partly fits or does not fit,
 * their comments and suggested names, and general comments. Comments pass
 * through the pseudonymiser like every quote that leaves the project.
 */
import { codebookData } from '../codes';
import { escapeHtml, escapeMarkdown, escapeMarkdownCell, HTML_BASE_STYLE, standalonePage } from '../output';
import { type Project, ProjectError } from '../project';
import { describeEndorsement, type Endorsement, type ReviewSummary, type RoundSummary } from './summary';

export type SummaryFormat = 'md' | 'html';

interface Row {
  id: string;
  name: string;
  depth: number;
  /** Absent on a theme or parent code shown only to place the answered codes under it. */
  e?: Endorsement;
}

/** The round to report: the one named, else the latest. */
export function pickRound(summary: ReviewSummary, round?: string): RoundSummary {
  if (!summary.rounds.length) throw new ProjectError('there are no review rounds yet: prepare a participant review first');
  const r = round === undefined ? summary.rounds[summary.rounds.length - 1] : summary.rounds.find((s) => s.record.round === round);
  if (!r) throw new ProjectError(`no review round "${round}" (rounds: ${summary.rounds.map((s) => s.record.round).join(', ')})`);
  return r;
}

/**
 * Codes in codebook order, each under its theme (a theme nobody was asked about is shown without
 * figures, so the hierarchy stays readable); answered codes that are no longer active follow.
 */
function rows(project: Project, s: RoundSummary): Row[] {
  const nodes = codebookData(project).nodes;
  const byId = new Map(nodes.map((n) => [n.code.id, n]));
  const shown = new Set<string>();
  for (const n of nodes)
    if (s.byCode.has(n.code.id)) for (let p = n.parent; p && !shown.has(p.id); p = byId.get(p.id)?.parent) shown.add(p.id);
  for (const id of s.byCode.keys()) shown.add(id);
  const out: Row[] = nodes
    .filter((n) => shown.has(n.code.id))
    .map((n) => {
      const e = s.byCode.get(n.code.id);
      return { id: n.code.id, name: n.code.name, depth: n.depth, ...(e ? { e } : {}) };
    });
  for (const [id, e] of s.byCode) {
    if (!out.some((r) => r.id === id))
      out.push({ id, name: `${project.codebook.codes.find((c) => c.id === id)?.name ?? id} (no longer active)`, depth: 0, e });
  }
  return out;
}

/** The round summary as Markdown or HTML text. */
export function roundSummary(
  project: Project,
  summary: ReviewSummary,
  format: SummaryFormat,
  opts: { round?: string; quote?: (s: string) => string } = {},
): string {
  const s = pickRound(summary, opts.round);
  const quote = opts.quote ?? ((t: string) => t);
  return format === 'md' ? markdown(project, s, quote) : html(project, s, quote);
}

const FIT_WORDS = { fits: 'fits', partly: 'partly', notFit: 'does not fit' } as const;

function markdown(project: Project, s: RoundSummary, quote: (t: string) => string): string {
  const r = s.record;
  const title = project.config.title ?? 'Review';
  const out = [`# ${escapeMarkdown(title)}: review ${escapeMarkdown(r.round)}`, ''];
  out.push(
    `Prepared ${r.created.slice(0, 10)}, codebook version ${r.codebookVersion}. ${s.respondents.length} respondent${s.respondents.length === 1 ? '' : 's'}${s.respondents.length ? `: ${s.respondents.map((x) => escapeMarkdown(x.respondent)).join(', ')}` : ''}.`,
    '',
  );
  const list = rows(project, s);
  out.push('## Codes', '', '| Code | Fits | Partly | Does not fit | Suggested names |', '|---|---:|---:|---:|---|');
  for (const row of list) {
    // Leading spaces vanish in a Markdown table: no-break spaces keep the hierarchy visible.
    const name = `${'\u00a0\u00a0\u00a0\u00a0'.repeat(row.depth)}${row.e ? escapeMarkdownCell(row.name) : `**${escapeMarkdownCell(row.name)}**`}`;
    out.push(
      row.e
        ? `| ${name} | ${row.e.fits} | ${row.e.partly} | ${row.e.notFit} | ${row.e.suggestedNames.map((n) => escapeMarkdownCell(n.name)).join('; ')} |`
        : `| ${name} |  |  |  |  |`,
    );
  }
  out.push('');
  const commented = list.filter((row): row is Required<Row> => !!row.e && (row.e.comments.length > 0 || row.e.suggestedNames.length > 0));
  if (commented.length) {
    out.push('## Comments', '');
    for (const row of commented) {
      out.push(`### ${escapeMarkdown(row.name)}`, '', `${describeEndorsement(row.e)}.`, '');
      for (const c of row.e.comments)
        out.push(
          `- ${escapeMarkdown(c.respondent)}${c.fit ? ` (${FIT_WORDS[c.fit]})` : ''}: ${escapeMarkdown(quote(c.text)).replace(/\n/g, '\n  ')}`,
        );
      for (const n of row.e.suggestedNames) out.push(`- ${escapeMarkdown(n.respondent)} suggests the name “${escapeMarkdown(n.name)}”`);
      out.push('');
    }
  }
  if (s.general.length) {
    out.push('## General comments', '');
    for (const g of s.general) out.push(`- ${escapeMarkdown(g.respondent)}: ${escapeMarkdown(quote(g.text)).replace(/\n/g, '\n  ')}`);
    out.push('');
  }
  if (s.unknown.length) {
    out.push('## Answers about codes not in the codebook', '');
    for (const u of s.unknown)
      out.push(`- ${escapeMarkdown(u.respondent)}: \`${u.code.replace(/`/g, '')}\`${u.name ? ` (${escapeMarkdown(u.name)})` : ''}`);
    out.push('');
  }
  return out.join('\n');
}

function html(project: Project, s: RoundSummary, quote: (t: string) => string): string {
  const r = s.record;
  const title = `${project.config.title ?? 'Review'}: review ${r.round}`;
  const list = rows(project, s);
  const table = list
    .map((row) =>
      row.e
        ? `<tr><td style="padding-left:${0.5 + row.depth}rem">${escapeHtml(row.name)}</td><td>${row.e.fits}</td><td>${row.e.partly}</td><td>${row.e.notFit}</td><td>${row.e.suggestedNames.map((n) => escapeHtml(n.name)).join('; ')}</td></tr>`
        : `<tr><th scope="row" colspan="5" style="padding-left:${0.5 + row.depth}rem;text-align:left">${escapeHtml(row.name)}</th></tr>`,
    )
    .join('\n');
  const comments = list
    .filter((row): row is Required<Row> => !!row.e && (row.e.comments.length > 0 || row.e.suggestedNames.length > 0))
    .map(
      (row) =>
        `<section><h3>${escapeHtml(row.name)}</h3><p class="muted">${describeEndorsement(row.e)}</p><ul>${row.e.comments.map((c) => `<li><strong>${escapeHtml(c.respondent)}</strong>${c.fit ? ` (${FIT_WORDS[c.fit]})` : ''}: ${escapeHtml(quote(c.text))}</li>`).join('')}${row.e.suggestedNames.map((n) => `<li><strong>${escapeHtml(n.respondent)}</strong> suggests the name “${escapeHtml(n.name)}”</li>`).join('')}</ul></section>`,
    )
    .join('\n');
  const general = s.general.length
    ? `<h2>General comments</h2><ul>${s.general.map((g) => `<li><strong>${escapeHtml(g.respondent)}</strong>: ${escapeHtml(quote(g.text))}</li>`).join('')}</ul>`
    : '';
  const unknown = s.unknown.length
    ? `<h2>Answers about codes not in the codebook</h2><ul>${s.unknown.map((u) => `<li>${escapeHtml(u.respondent)}: <code>${escapeHtml(u.code)}</code>${u.name ? ` (${escapeHtml(u.name)})` : ''}</li>`).join('')}</ul>`
    : '';
  return standalonePage({
    title,
    style: `${HTML_BASE_STYLE} td:nth-child(n+2):nth-child(-n+4) { text-align: right; }`,
    body: `<p class="muted">Prepared ${escapeHtml(r.created.slice(0, 10))}, codebook version ${escapeHtml(r.codebookVersion)}. ${s.respondents.length} respondent${s.respondents.length === 1 ? '' : 's'}${s.respondents.length ? `: ${s.respondents.map((x) => escapeHtml(x.respondent)).join(', ')}` : ''}.</p>
<h2>Codes</h2>
<table><thead><tr><th scope="col">Code</th><th scope="col">Fits</th><th scope="col">Partly</th><th scope="col">Does not fit</th><th scope="col">Suggested names</th></tr></thead>
<tbody>
${table}
</tbody></table>
${comments ? `<h2>Comments</h2>\n${comments}` : ''}
${general}
${unknown}`,
  });
}
