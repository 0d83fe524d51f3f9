/**
 * The report's other sections: participant review (the latest round's
 * endorsement and what changed after it), reflexivity (reflexive memos in
 * order), contributors (with consent-based credit) and the codebook appendix.
 */
import { withdrawalOf } from '../participants';
import type { ReportInputs } from './inputs';
import { count, labelled, para, type ReportBlock, type ReportSection } from './model';

/** Participant review: per code, the latest round's answers and the codebook's revision notes since. */
export function reviewSection(x: ReportInputs): ReportSection {
  const rounds = x.review.rounds;
  const latest = rounds.at(-1);
  const blocks: ReportBlock[] = [];
  if (!latest) {
    blocks.push(
      para(
        'No participant review round yet: once participants have answered a review pack (qda export review), their endorsement of each code appears here.',
        true,
      ),
    );
    return { id: 'review', title: 'Participant review', blocks };
  }
  const since = latest.record.created;
  // reviewSummary leaves out withdrawn participants' responses (inclusion), so none of these is theirs.
  const { respondents, general } = latest;
  blocks.push(
    para(
      `Round ${latest.record.round} (${since.slice(0, 10)}${rounds.length > 1 ? `, the latest of ${rounds.length} rounds` : ''}): ` +
        `${count(respondents.length, 'participant')} answered whether each code fits their experience. “Changed since” lists the codebook's revision notes written after the round began.`,
    ),
  );
  const rows = x.data.nodes.map((n) => {
    const e = latest.byCode.get(n.code.id);
    const changes = (n.code.revised ?? [])
      .filter((r) => typeof r.at === 'string' && r.at >= since && r.note)
      .map((r) => `${r.at.slice(0, 10)}: ${x.p(r.note ?? '')}`);
    return [x.p(n.path.join(' / ')), String(e?.fits ?? 0), String(e?.partly ?? 0), String(e?.notFit ?? 0), changes.join('; ') || '—'];
  });
  blocks.push({
    kind: 'table',
    caption: 'Endorsement by code, latest round',
    header: ['Code', 'Fits', 'Partly', 'Does not fit', 'Changed since'],
    rows,
    numeric: [1, 2, 3],
  });
  if (general.length) {
    blocks.push({ kind: 'heading', level: 2, text: 'What participants said about the whole' });
    for (const g of general) blocks.push({ kind: 'quote', text: x.p(g.text), attribution: x.p(g.respondent) });
  }
  return { id: 'review', title: 'Participant review', blocks };
}

/** Reflexivity: every reflexive memo, oldest first, dated, in full or its first paragraph. */
export function reflexivitySection(x: ReportInputs): ReportSection {
  const blocks: ReportBlock[] = [];
  if (!x.memos.length) blocks.push(para('No reflexive memos yet.', true));
  else if (x.memoDetail === 'first-paragraph')
    blocks.push(para('The first paragraph of each reflexive memo; the memos in full are in qda/memos/.', true));
  for (const m of x.memos) {
    blocks.push({ kind: 'heading', level: 2, text: `${m.meta.created.slice(0, 10)}${m.meta.author ? ` · ${x.p(m.meta.author)}` : ''}` });
    const body = m.body.trim();
    const text = x.memoDetail === 'first-paragraph' ? (body.split(/\r?\n\s*\r?\n/)[0] ?? '') : body;
    blocks.push({ kind: 'markdown', text: x.p(text) });
  }
  return { id: 'reflexivity', title: 'Reflexivity', blocks };
}

/** Contributors: who coded, wrote memos, answered review rounds; participants by name only with their consent. */
export function contributorsSection(x: ReportInputs): ReportSection {
  const roles = new Map<string, string[]>();
  const add = (who: string, what: string) => roles.set(who, [...(roles.get(who) ?? []), what]);
  for (const c of x.coders) add(x.p(c.coder), `coded ${count(c.codings, 'passage')} in ${count(c.sources, 'source')}`);
  const memos = new Map<string, { all: number; reflexive: number }>();
  for (const m of x.project.memos.values()) {
    if (!m.meta.author) continue;
    const e = memos.get(m.meta.author) ?? { all: 0, reflexive: 0 };
    e.all++;
    if (m.meta.kind === 'reflexive') e.reflexive++;
    memos.set(m.meta.author, e);
  }
  for (const [author, e] of [...memos].sort(([a], [b]) => (a < b ? -1 : 1)))
    add(x.p(author), `wrote ${count(e.all, 'memo')}${e.reflexive ? ` (${e.reflexive} reflexive)` : ''}`);
  const answered = new Map<string, string[]>();
  for (const r of x.review.rounds)
    for (const s of r.respondents) answered.set(s.respondent, [...(answered.get(s.respondent) ?? []), r.record.round]);
  for (const [who, list] of answered) add(x.p(who), `answered review round${list.length === 1 ? '' : 's'} ${list.join(', ')}`);
  const blocks: ReportBlock[] = [];
  if (roles.size) {
    blocks.push({ kind: 'table', header: ['Contributor', 'What they did'], rows: [...roles].map(([who, what]) => [who, what.join('; ')]) });
  } else blocks.push(para('No coder, memo author or review respondent is recorded yet.', true));
  // Withdrawn participants are not credited: they left the study.
  const people = (x.project.participants?.participants ?? []).filter((p) => !withdrawalOf(p) && x.inc.includesParticipant(p.id));
  const named = people
    .filter((p) => p.credit?.consent === true && typeof p.credit.name === 'string' && p.credit.name.trim())
    .map((p) => (p.credit?.name ?? '').trim());
  const pseudonyms = people.filter((p) => !(p.credit?.consent === true && p.credit.name?.trim())).map((p) => x.p(p.id));
  if (named.length)
    blocks.push(labelled('Participants credited by name, at their request:', `${named.sort((a, b) => a.localeCompare(b)).join(', ')}.`));
  if (pseudonyms.length)
    blocks.push(
      labelled(named.length ? 'Participants under pseudonyms:' : 'Participants (under pseudonyms):', `${pseudonyms.join(', ')}.`),
    );
  return { id: 'contributors', title: 'Contributors', blocks };
}

/** Appendix: the codebook, as every codebook export lists it. */
export function codebookSection(x: ReportInputs): ReportSection {
  const rows = x.data.nodes.map((n) => {
    const c = n.code;
    // A code's example may be a withdrawn participant's words: then it is left out here as everywhere.
    const example = c.example ? (x.inc.quotesWithdrawn(c.example) ? "(left out: a withdrawn participant's words)" : x.p(c.example)) : '';
    const scope = [c.include ? `Include: ${x.p(c.include)}` : '', c.exclude ? `Exclude: ${x.p(c.exclude)}` : ''].filter(Boolean).join('\n');
    return [x.p(n.path.join(' / ')), x.p(c.definition ?? ''), scope, example, String(n.codings), String(n.sources)];
  });
  return {
    id: 'codebook',
    title: 'Appendix: the codebook',
    blocks: [
      para(`${count(x.data.nodes.length, 'active code')}, as of ${x.generated.slice(0, 10)}.`, true),
      { kind: 'table', header: ['Code', 'Definition', 'Scope', 'Example', 'Codings', 'Sources'], rows, numeric: [4, 5] },
    ],
  };
}
