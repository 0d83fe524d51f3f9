/**
 * Hostile strings, and a project that carries them in every user field: code
 * names, definitions, include/exclude/example, passages, notes, coders, memo
 * bodies and authors, participant ids and attributes, respondents and their
 * comments. The same project with benign strings is the reference for structure.
 */
import {
  serializeCodebook,
  serializeCodings,
  serializeMemo,
  serializeParticipants,
  serializeProjectConfig,
} from '../../../src/core/project/format';
import type { Code, Coding, Memo, Participant } from '../../../src/core/model';
import { Project } from '../../../src/core/project/project';
import { prepareReview } from '../../../src/core/review/pack';
import { Pseudonymiser } from '../../../src/core/output/pseudonymise';
import { importResponses } from '../../../src/core/review/responses';
import { memoryPorts } from '../helpers/memoryFiles';

export const HOSTILE: readonly string[] = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  'javascript:alert(1)',
  '</textarea><script>alert(2)</script>',
  '</title><script>alert(3)</script>',
  ']]><x>',
  '<!-- comment --> <![CDATA[x]]>',
  "=cmd|' /C calc'!A0",
  '+SUM(1,1)',
  '-2+3',
  '@SUM(A1)',
  '\t=1+1',
  '\r=1+1',
  '[x](javascript:alert(1))',
  '![x](http://evil.example/x.png)',
  '<a href="javascript:alert(1)">x</a>',
  'right\u202Eto left\u202C and \u2066isolate\u2069',
  'nul\u0000byte',
  'lone\uD800surrogate',
  '\uDC00lead',
  'bell\u0007 and \u001b[31mred',
  '\uFFFE\uFFFF',
  '\uFEFFbom',
  'line\u2028separator\u2029',
  'yes',
  'no',
  'null',
  '~',
  'true',
  '- item',
  'key: value',
  '#comment',
  '&anchor',
  '*alias',
  '!!binary',
  '%TAG ! x',
  '| block',
  '> folded',
  '---',
  '...',
  '? q',
  '1e3',
  '0x1F',
  '12:30:00',
  '2026-01-01',
  '&amp; &lt; &#x3C;script&#x3E;',
  '{{round}} {{title}} {{codes}}',
  '$(whoami) `id` ${x}',
  '\\',
  '"',
  "'",
  '\n\n# heading\n- list\n> quote',
  'line1\r\nline2',
  '  leading and trailing  ',
  'emoji 💸 👩‍👩‍👧 e\u0301',
  'x'.repeat(100000),
];

/** The benign twin of HOSTILE[i]: same count, nothing special. */
export const BENIGN = HOSTILE.map((_, i) => `Benign text ${i}`);

const TRANSCRIPT = 'transcripts/p01.txt';

/** A project in memory whose every user field holds strings from `strings`, with one review round answered. */
export async function projectWith(strings: readonly string[]): Promise<Project> {
  const s = (i: number) => strings[i % strings.length];
  const nonEmpty = (i: number) => s(i) || `(empty ${i})`;
  const n = strings.length;
  const codes: Code[] = strings.map((_, i) => ({
    id: `h${i}`,
    name: nonEmpty(i),
    ...(i % 5 === 1 ? { parent: `h${i - 1}` } : {}),
    color: '#4e79a7',
    definition: s(i + 1),
    include: s(i + 2),
    exclude: s(i + 3),
    example: s(i + 4),
    status: 'active',
    revised: [{ at: '2026-01-01T00:00:00Z', by: s(i + 5), note: s(i + 6) }],
  }));
  const transcript = strings.map((_, i) => `P01: ${nonEmpty(i)}\n`).join('');
  let offset = 0;
  const codings: Coding[] = strings.map((_, i) => {
    const start = offset + 5;
    const text = nonEmpty(i);
    offset = start + [...text].length + 1;
    return {
      id: `c${i}-${s(i).slice(0, 20)}`,
      code: `h${(i * 7) % n}`,
      start,
      end: start + [...text].length,
      text,
      coder: s(i + 3).slice(0, 50) || 'coder',
      note: s(i + 2),
    };
  });
  const participants: Participant[] = strings.slice(0, 12).map((_, i) => ({
    id: nonEmpty(i),
    ...(i === 0 ? { sources: [TRANSCRIPT] } : {}),
    attributes: { [nonEmpty(i + 1)]: nonEmpty(i + 2), region: nonEmpty(i % 3) },
  }));
  const memos: Memo[] = [0, 1, 2].map((k) => ({
    path: `qda/memos/2026-01-0${k + 1}-m${k}.md`,
    meta: {
      id: `m${k}`,
      created: `2026-01-0${k + 1}T10:00:00Z`,
      author: s(k + 7),
      kind: 'reflexive',
      links: [{ code: 'h1' }, { source: TRANSCRIPT, start: codings[k].start, end: codings[k].end, text: codings[k].text }],
    },
    body: `${s(k)}\n\n${strings.join('\n\n')}\n`,
  }));
  const ports = memoryPorts({
    'qda/project.yaml': serializeProjectConfig({ format: 1, title: `${s(0)} ${s(1)}`, sources: ['transcripts/**/*.txt'] }),
    'qda/codebook.yaml': serializeCodebook({ codes }),
    [`qda/codings/${TRANSCRIPT}.yaml`]: serializeCodings({ source: TRANSCRIPT, codings }),
    'qda/participants.yaml': serializeParticipants({
      attributes: { region: [nonEmpty(0), nonEmpty(1), nonEmpty(2)] },
      participants,
      target: { region: { [nonEmpty(0)]: 0.5, [nonEmpty(1)]: 0.25, [nonEmpty(2)]: 0.25 } },
    }),
    'qda/review-intro.md': `# ${s(0)}\n\n${strings.join('\n\n')}\n\nRound {{round}} of {{title}}.\n`,
    [TRANSCRIPT]: transcript,
    ...Object.fromEntries(memos.map((m) => [m.path, serializeMemo(m)])),
  });
  const project = await Project.open(ports, { useCache: false });
  const errors = project.problems.filter((p) => p.severity === 'error');
  if (errors.length) throw new Error(`fixture: ${JSON.stringify(errors.slice(0, 3))}`);
  await prepareReview(project, { round: 'round-1', pseudonymiser: Pseudonymiser.none, pseudonymised: false, nonce: 'n0nce' });
  const response = (i: number) => ({
    kind: 'reflexive-qda/review-response',
    format: 1,
    round: 'round-1',
    id: `r${i}`,
    respondent: nonEmpty(i).trim() || `respondent ${i}`,
    general: s(i + 1),
    answers: [0, 1, 2].map((k) => ({
      code: `h${(i + k) % n}`,
      name: s(i + k),
      fit: (['fits', 'partly', 'notFit'] as const)[k],
      comment: s(i + k + 3),
      betterName: s(i + k + 4),
    })),
  });
  const imported = await importResponses(
    project,
    strings.slice(0, 10).map((_, i) => ({ name: `r${i}.json`, bytes: new TextEncoder().encode(JSON.stringify(response(i))) })),
  );
  const failed = imported.filter((r) => !r.ok);
  if (failed.length) throw new Error(`fixture: responses refused: ${JSON.stringify(failed.map((f) => f.problems)).slice(0, 400)}`);
  return project;
}
