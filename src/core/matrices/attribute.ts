/**
 * Codes by participant attribute (docs/matrices.md): for one attribute, cell
 * (code, value) counts the codings of the code in the sources of participants
 * with that value, the distinct such participants, and those as a share of all
 * participants in the analysis with that value. Whether a theme is carried by
 * one group shows in the shares; the counts alone favour talkative groups.
 */
import { representativeness } from '../participants';
import type { Participants } from '../model';
import type { MatrixExclusions, MatrixInput } from './input';

export interface AttributeMatrix {
  kind: 'attribute';
  attribute: string;
  /** Code ids: the rows. */
  codes: string[];
  /** The attribute's values: the columns (declared values in their order, then values met, sorted). */
  values: string[];
  /** codings[code][value] */
  codings: number[][];
  /** participants[code][value]: distinct participants with that value who have a coding of the code. */
  participants: number[][];
  /** share[code][value] = participants / withValue[value]; null when no participant has the value. */
  share: (number | null)[][];
  /** Participants in the analysis with each value: the denominators of `share`. */
  withValue: number[];
  /**
   * Codings in sources whose participant has no value for the attribute, or
   * that belong to no participant, per code; `cases` counts those participants and sources.
   */
  noValue: { codings: number[]; cases: number[]; total: number };
  coder: string | null;
  total: number;
  excluded: MatrixExclusions;
}

/** The attributes a matrix can be made for: declared, targeted or used, as in the sample composition. */
export function attributeNames(participants: Participants | undefined): string[] {
  return representativeness(participants, { tests: false }).attributes.map((a) => a.attribute);
}

/** The codes by attribute matrix. Throws for an attribute no participant file knows. */
export function attributeMatrix(input: MatrixInput, attribute: string): AttributeMatrix {
  const people = input.cases.filter((c) => c.kind === 'participant');
  const composition = representativeness(input.participants, { participantIds: people.map((p) => p.id), tests: false });
  const attr = composition.attributes.find((a) => a.attribute === attribute);
  if (!attr) {
    const known = composition.attributes.map((a) => `"${a.attribute}"`).join(', ');
    throw new Error(
      `no participant attribute "${attribute}"${known ? `; the attributes are ${known}` : ' (qda/participants.yaml declares none)'}`,
    );
  }
  const values = attr.categories.map((c) => c.value);
  const column = new Map(values.map((v, i) => [v, i]));
  const K = input.codes.length;
  const V = values.length;
  const codings = input.codes.map(() => new Array<number>(V).fill(0));
  const seen = input.codes.map(() => new Array<Set<number>>(V));
  const noValue = { codings: new Array<number>(K).fill(0), cases: new Array<number>(K).fill(0), total: 0 };
  const noValueSeen = input.codes.map(() => new Set<number>());
  const caseValue = input.cases.map((c) =>
    c.kind === 'participant' && Object.hasOwn(c.attributes, attribute) ? column.get(c.attributes[attribute]) : undefined,
  );
  for (const [source, list] of input.codingsBySource) {
    const at = input.caseOf.get(source);
    if (at === undefined) continue;
    const v = caseValue[at];
    for (const c of list) {
      if (v === undefined) {
        noValue.codings[c.code]++;
        noValue.total++;
        noValueSeen[c.code].add(at);
        continue;
      }
      codings[c.code][v]++;
      (seen[c.code][v] ??= new Set()).add(at);
    }
  }
  noValue.cases = noValueSeen.map((s) => s.size);
  const withValue = attr.categories.map((c) => c.count);
  const participants = seen.map((row) => values.map((_, v) => row[v]?.size ?? 0));
  return {
    kind: 'attribute',
    attribute,
    codes: input.codes.map((c) => c.id),
    values,
    codings,
    participants,
    share: participants.map((row) => row.map((n, v) => (withValue[v] > 0 ? n / withValue[v] : null))),
    withValue,
    noValue,
    coder: input.coder,
    total: input.total,
    excluded: input.excluded,
  };
}
