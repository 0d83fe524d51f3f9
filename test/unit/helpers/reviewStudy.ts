import { memoryPorts } from './memoryFiles';

/** Markup a participant or researcher might type, which every export must show as text. */
export const INJECT_NAME = '<script>alert(1)</script>';
export const INJECT_ATTR = '"><img src=x onerror=alert(1)>';

export const P1 =
  'I: How is money?\nP1: Margaret from the food bank helped. I never know if the money will last. Call me on 07700 900123 or margaret@example.org.\n';
export const P2 = `P2: I never know if the money will last, honestly. My tin for each bill keeps me going. ${INJECT_NAME} is what my son typed ${INJECT_ATTR}.\nP2: Some weeks are fine.\n`;
export const P3 = 'P3: Ok. The money never lasts the month, and I lie awake over it.\n';

const TRANSCRIPTS: Record<string, string> = { 'transcripts/p1.txt': P1, 'transcripts/p2.txt': P2, 'transcripts/p3.txt': P3 };

/** A coding of the first occurrence of `text` in `source` (ASCII transcripts: code points = indices). */
export function coding(id: string, source: string, code: string, text: string, extra = ''): string {
  const start = TRANSCRIPTS[source].indexOf(text);
  if (start < 0) throw new Error(`fixture: "${text}" not in ${source}`);
  return `  - id: ${id}\n    code: ${code}\n    start: ${start}\n    end: ${start + text.length}\n    text: ${JSON.stringify(text)}\n    coder: mf\n${extra}`;
}

export const CODEBOOK = `codes:
  - id: material
    name: Material life
    color: "#4e79a7"
    definition: Money, housing and food.
  - id: security
    name: Financial security
    parent: material
    color: "#f28e2b"
    definition: Whether the money will last.
    include: Worry about running out, "even when fine".
    exclude: Budgeting methods (budgeting).
    example: I never know if the money will last, Margaret said.
  - id: budgeting
    name: Budgeting
    parent: material
    definition: Tins, spreadsheets, sums at the table.
  - id: worry
    name: Worry
    status: merged
    mergedInto: security
  - id: old
    name: Old code
    status: retired
  - id: under-old
    name: Under a retired code
    parent: old
  - id: inject
    name: ${JSON.stringify(INJECT_NAME)}
    color: "#e15759"
    definition: ${JSON.stringify(INJECT_ATTR)}
  - id: formula
    name: "=HYPERLINK(\\"http://x\\")"
    definition: "-2+3, with a comma"
`;

/** Memory ports holding a small study: codes with a hierarchy, a merged and a retired code, three transcripts, codings. */
export function reviewStudy(extra: Record<string, string> = {}) {
  return memoryPorts({
    'qda/project.yaml': 'format: 1\ntitle: Money and me\nsources:\n  - transcripts/**/*.txt\n',
    'qda/codebook.yaml': CODEBOOK,
    ...TRANSCRIPTS,
    'qda/codings/transcripts/p1.txt.yaml': `source: transcripts/p1.txt\ncodings:\n${coding('c1', 'transcripts/p1.txt', 'security', 'I never know if the money will last.')}${coding('c2', 'transcripts/p1.txt', 'material', 'Margaret from the food bank helped.', '    review: true\n')}${coding('c3', 'transcripts/p1.txt', 'material', 'Call me on 07700 900123 or margaret@example.org.')}`,
    'qda/codings/transcripts/p2.txt.yaml': `source: transcripts/p2.txt\ncodings:\n${coding('c4', 'transcripts/p2.txt', 'worry', 'I never know if the money will last, honestly.')}${coding('c5', 'transcripts/p2.txt', 'budgeting', 'My tin for each bill keeps me going.')}${coding('c6', 'transcripts/p2.txt', 'inject', `${INJECT_NAME} is what my son typed ${INJECT_ATTR}.`)}${coding('c7', 'transcripts/p2.txt', 'security', 'Some weeks are fine.', '    review: false\n')}`,
    'qda/codings/transcripts/p3.txt.yaml': `source: transcripts/p3.txt\ncodings:\n${coding('c8', 'transcripts/p3.txt', 'security', 'The money never lasts the month, and I lie awake over it.')}${coding('c9', 'transcripts/p3.txt', 'security', 'Ok.')}`,
    ...extra,
  });
}

/** The same study as files on disk (for the CLI and the browser). */
export function reviewStudyFiles(): Record<string, string> {
  const ports = reviewStudy();
  const out: Record<string, string> = {};
  for (const [p, b] of ports.files.files) out[p] = new TextDecoder().decode(b);
  return out;
}
