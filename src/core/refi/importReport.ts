/**
 * A REFI-QDA project import plan for people: what would be created, matched or
 * left out and why, then every warning as `file:line:col: message`. The CLI
 * prints it; VS Code shows it in an editor before asking to import.
 */
import { formatImportPlan } from './qdcImport';
import type { QdpxPlan } from './importPlan';

const s = (n: number, word: string, plural = `${word}s`) => `${n} ${n === 1 ? word : plural}`;

/** Totals of a plan, for one-line summaries. */
export function planCounts(plan: QdpxPlan): Record<string, number> {
  const src = plan.sources;
  return {
    sourcesAdded: src.filter((x) => x.action === 'add').length,
    sourcesMatched: src.filter((x) => x.action === 'match').length,
    sourcesSkipped: src.filter((x) => x.action === 'skip').length,
    codesAdded: plan.codes.counts.add,
    codesUpdated: plan.codes.counts.update,
    codingsAdded: src.reduce((n, x) => n + x.codings.length, 0),
    codingsAlready: src.reduce((n, x) => n + x.already, 0),
    codingsSkipped: src.reduce((n, x) => n + x.skipped, 0),
    memosAdded: plan.memos.filter((m) => m.action === 'add').length,
    memosAlready: plan.memos.filter((m) => m.action === 'same').length,
    participantsAdded: plan.participantItems.filter((p) => p.action === 'add').length,
    participantsUpdated: plan.participantItems.filter((p) => p.action === 'update').length,
  };
}

/** One line: what the import adds (`done`: what it added). */
export function planSummary(plan: QdpxPlan, done = false): string {
  const c = planCounts(plan);
  return [
    `${s(c.sourcesAdded, 'transcript')} ${done ? 'added' : 'to add'}${c.sourcesMatched ? ` (${c.sourcesMatched} already here)` : ''}`,
    `${s(c.codesAdded, 'code')}${c.codesUpdated ? ` (${c.codesUpdated} updated)` : ''}`,
    `${s(c.codingsAdded, 'coding')}${c.codingsAlready ? ` (${c.codingsAlready} already here)` : ''}${c.codingsSkipped ? `, ${c.codingsSkipped} not imported` : ''}`,
    s(c.memosAdded, 'memo'),
    `${s(c.participantsAdded, 'participant')}${c.participantsUpdated ? ` (${c.participantsUpdated} updated)` : ''}`,
  ].join(', ');
}

/** The whole plan, one line per item; `file` names the imported file in warnings. */
export function formatQdpxPlan(plan: QdpxPlan, file: string): string[] {
  const c = planCounts(plan);
  const out = [
    `${file}: REFI-QDA project "${plan.title}" ${plan.newProject ? 'into a new Reflexive QDA project in this folder' : 'into this project'}`,
    `  ${planSummary(plan)}`,
    '',
  ];
  out.push(`Transcripts: ${c.sourcesAdded} to add, ${c.sourcesMatched} already here, ${c.sourcesSkipped} not imported`);
  for (const x of plan.sources) {
    const counts =
      x.action === 'skip'
        ? ''
        : `: ${s(x.codings.length, 'coding')} to add${x.already ? `, ${x.already} already here` : ''}${x.skipped ? `, ${x.skipped} not imported` : ''}`;
    const where = x.action === 'add' ? ` -> ${x.path}` : x.action === 'match' ? ` = ${x.path}` : '';
    out.push(`  ${x.action.padEnd(7)} ${x.name}${where}${counts}${x.notes.length ? ` (${x.notes.join('; ')})` : ''}`);
  }
  out.push('');
  const codes = formatImportPlan(plan.codes, 'Codes');
  out.push(codes[0].replace(/^Codes: /, 'Codes: '), ...codes.slice(1), '');
  out.push(`Codings: ${c.codingsAdded} to add, ${c.codingsAlready} already here, ${c.codingsSkipped} not imported`);
  if (plan.coders.length) out.push(`Coders: ${plan.coders.map((k) => (k.id === k.from ? k.id : `${k.id} (${k.from})`)).join(', ')}`);
  out.push('');
  if (plan.participantItems.length) {
    out.push(`Participants: ${c.participantsAdded} to add, ${c.participantsUpdated} to update`);
    for (const p of plan.participantItems) {
      const detail = [...p.changes, ...p.notes].join('; ');
      out.push(`  ${(p.action === 'same' ? 'same' : p.action).padEnd(7)} ${p.id}${detail ? `: ${detail}` : ''}`);
    }
    out.push('');
  }
  if (plan.memos.length) {
    out.push(`Memos: ${c.memosAdded} to add, ${c.memosAlready} already here`);
    for (const m of plan.memos) out.push(`  ${(m.action === 'same' ? 'same' : 'add').padEnd(7)} ${m.title} -> ${m.path}`);
    out.push('');
  }
  if (plan.notImported.length) {
    out.push(`Not imported (${plan.notImported.length}):`);
    for (const line of plan.notImported) out.push(`  - ${line}`);
    out.push('');
  }
  if (plan.warnings.length) {
    out.push(`${s(plan.warnings.length, 'warning')}:`);
    for (const w of plan.warnings) out.push(`  ${file}/${w.file ?? 'project.qde'}:${w.line}:${w.column}: ${w.message}`);
  }
  while (out[out.length - 1] === '') out.pop();
  return out;
}
