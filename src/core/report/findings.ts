/**
 * Findings by theme: each top-level active code in the codebook's order, its
 * definition, and each of its codes with how many participants and codings
 * support it, by which groups (the codes x attribute matrices), and up to three
 * quotes (those marked for review first, then spread across participants).
 */
import type { CodeNode } from '../codes';
import type { ReportInputs, Support } from './inputs';
import { count, labelled, para, type ReportBlock, type ReportSection } from './model';

/** The Findings section. */
export function findingsSection(x: ReportInputs): ReportSection {
  const blocks: ReportBlock[] = [];
  if (!x.data.roots.length) blocks.push(para('The codebook has no active codes yet.', true));
  else {
    blocks.push(
      para(
        `${count(x.data.roots.length, 'theme')} and ${count(x.data.nodes.length - x.data.roots.length, 'code')} beneath them, from ${count(x.participantIds.length, 'participant')}. ` +
          'Each theme is followed by its codes; the counts include only participants who have not withdrawn. Quotes marked for review come first, the rest are the shortest passages from different participants.',
        true,
      ),
    );
  }
  for (const theme of x.data.roots) {
    blocks.push({ kind: 'heading', level: 2, text: x.p(theme.code.name), id: `theme-${theme.code.id}` });
    if (theme.code.definition) blocks.push(para(x.p(theme.code.definition)));
    const family = descendants(theme);
    const total = union(family.map((n) => x.support.get(n.code.id)));
    blocks.push(
      para(
        total.codings
          ? `Supported by ${count(total.people.size, 'participant')} (${count(total.codings, 'coding')}) across the theme and its ${count(family.length - 1, 'code')}.`
          : 'Not yet coded.',
        true,
      ),
    );
    for (const node of family) blocks.push(...codeBlocks(x, node, node === theme));
  }
  return { id: 'findings', title: 'Findings', blocks };
}

function codeBlocks(x: ReportInputs, node: CodeNode, isTheme: boolean): ReportBlock[] {
  const c = node.code;
  const s = x.support.get(c.id);
  const quotes = x.quotes.get(c.id) ?? [];
  // A theme's own codings are shown under it only when it has some; its definition is already above.
  if (isTheme && !s && !quotes.length) return [];
  const out: ReportBlock[] = [];
  if (!isTheme) {
    out.push({ kind: 'heading', level: 3, text: x.p(node.path.slice(1).join(' / ')), id: `code-${c.id}` });
    if (c.definition) out.push(para(x.p(c.definition)));
  } else out.push(para(`Coded with the theme itself:`, true));
  out.push(para(s ? `${count(s.people.size, 'participant')}, ${count(s.codings, 'coding')}.` : 'Not yet coded.', true));
  const groups = groupLine(x, c.id);
  if (groups) out.push(labelled('By group:', groups));
  for (const q of quotes) out.push({ kind: 'quote', text: q.text, attribution: q.attribution });
  return out;
}

/** "region: north 1 of 1, wales 0 of 1; housing: …": participants with a coding of the code, of those in each group. */
function groupLine(x: ReportInputs, code: string): string {
  const parts: string[] = [];
  for (const m of x.matrices) {
    const row = m.codes.indexOf(code);
    if (row < 0 || !m.values.length) continue;
    const cells = m.values.map((v, k) => `${x.p(v)} ${m.participants[row][k]} of ${m.withValue[k]}`);
    parts.push(`${x.p(m.attribute)}: ${cells.join(', ')}`);
  }
  return parts.length ? `${parts.join('; ')} (participants with a coding, of those in the group).` : '';
}

function descendants(n: CodeNode): CodeNode[] {
  return [n, ...n.children.flatMap(descendants)];
}

function union(list: readonly (Support | undefined)[]): Support {
  const people = new Set<string>();
  let codings = 0;
  for (const s of list) {
    if (!s) continue;
    codings += s.codings;
    for (const p of s.people) people.add(p);
  }
  return { codings, people };
}
