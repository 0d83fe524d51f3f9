/**
 * A hand-built study for the matrix tests. Every figure the tests expect is
 * worked out by hand in test/unit/matrices.test.ts from the spans below.
 *
 * Transcripts are words "w000 w001 …" (5 code points each with its space), so
 * [0, 50) is the first ten words. Codes: Alpha (a), Beta (b, under Alpha),
 * Gamma (c); m is merged into a; r is retired; zzz is in no codebook.
 *
 *   a.txt (p1, north)  A1 a [0,50)  A2 b [10,20)  A3 b [30,40)  A4 c [50,60) touches A1
 *                      A5 a [100,120) coder y   A6 a [100,120)  A7 b [110,130)
 *                      A8 a "QQQQQQQQ" [150,158): not in the text, orphaned
 *   b.txt (p1, north)  B1 c [0,30)  B2 m [20,40)  B3 r [0,10)  B4 b [200,210)
 *   c.txt (p2, south)  C1 a [0,10)  C2 c [0,10)  C3 zzz [0,5); then "NEW: " is put before the text, so they move by 5
 *   d.txt (nobody's)   D1 b [0,20)  D2 c [5,15)
 *   e.txt (p3, north)  no codings
 *   p4 (wales) has no transcript.
 * Every coding is by coder x unless said otherwise.
 */
import { captureAnchor } from '../../../src/core/anchor';
import type { Coding } from '../../../src/core/model';
import { serializeCodings } from '../../../src/core/project/format';
import { Project } from '../../../src/core/project/project';
import { CodePointIndex } from '../../../src/core/text';
import { memoryPorts } from './memoryFiles';

export const WORDS = Array.from({ length: 60 }, (_, i) => `w${String(i).padStart(3, '0')}`).join(' ') + '\n';

type Spec = [id: string, code: string, start: number, end: number, coder?: string];

function codings(text: string, specs: Spec[]): Coding[] {
  const index = new CodePointIndex(text);
  return specs.map(([id, code, start, end, coder]) => ({ id, code, ...captureAnchor(index, start, end), coder: coder ?? 'x' }));
}

export const CODEBOOK = `codes:
  - {id: a, name: Alpha}
  - {id: b, name: Beta, parent: a}
  - {id: c, name: Gamma}
  - {id: m, name: Mu, status: merged, mergedInto: a}
  - {id: r, name: Rho, status: retired}
`;

export const PARTICIPANTS = `attributes:
  region: [north, south, wales]
participants:
  - {id: p1, sources: [transcripts/a.txt, transcripts/b.txt], attributes: {region: north}}
  - {id: p2, sources: [transcripts/c.txt], attributes: {region: south}}
  - {id: p3, sources: [transcripts/e.txt], attributes: {region: north}}
  - {id: p4, attributes: {region: wales}}
`;

export const FRAMEWORK = `summaries:
  - {participant: p1, code: a, summary: Worries about money, by: x}
  - {participant: p4, code: a, summary: Not interviewed yet}
  - {participant: p2, code: r, summary: A retired code}
  - {source: transcripts/d.txt, code: b, summary: "=cmd|' /C calc'!A0", custom: kept}
`;

/** The files of the study (before the edit of c.txt). */
export function studyFiles(): Record<string, string> {
  const a = codings(WORDS, [
    ['A1', 'a', 0, 50],
    ['A2', 'b', 10, 20],
    ['A3', 'b', 30, 40],
    ['A4', 'c', 50, 60],
    ['A5', 'a', 100, 120, 'y'],
    ['A6', 'a', 100, 120],
    ['A7', 'b', 110, 130],
  ]);
  a.push({ id: 'A8', code: 'a', start: 150, end: 158, text: 'QQQQQQQQ', coder: 'x' });
  const files: Record<string, string> = {
    'qda/project.yaml': 'format: 1\ntitle: Matrix study\nsources: [transcripts/*.txt]\n',
    'qda/codebook.yaml': CODEBOOK,
    'qda/participants.yaml': PARTICIPANTS,
    'qda/framework.yaml': FRAMEWORK,
    'transcripts/a.txt': WORDS,
    'transcripts/b.txt': WORDS,
    'transcripts/c.txt': `NEW: ${WORDS}`,
    'transcripts/d.txt': WORDS,
    'transcripts/e.txt': WORDS,
  };
  const put = (source: string, list: Coding[]) => (files[`qda/codings/${source}.yaml`] = serializeCodings({ source, codings: list }));
  put('transcripts/a.txt', a);
  put(
    'transcripts/b.txt',
    codings(WORDS, [
      ['B1', 'c', 0, 30],
      ['B2', 'm', 20, 40],
      ['B3', 'r', 0, 10],
      ['B4', 'b', 200, 210],
    ]),
  );
  // Anchored on the text before "NEW: " was put in front: re-anchoring finds them 5 code points later.
  put(
    'transcripts/c.txt',
    codings(WORDS, [
      ['C1', 'a', 0, 10],
      ['C2', 'c', 0, 10],
      ['C3', 'zzz', 0, 5],
    ]),
  );
  put(
    'transcripts/d.txt',
    codings(WORDS, [
      ['D1', 'b', 0, 20],
      ['D2', 'c', 5, 15],
    ]),
  );
  return files;
}

export async function openStudy(extra: Record<string, string> = {}): Promise<Project> {
  return Project.open(memoryPorts({ ...studyFiles(), ...extra }));
}
