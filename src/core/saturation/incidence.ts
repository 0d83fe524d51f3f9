/**
 * From codings to an incidence table: which codes appear in which unit (a coded
 * source, or a participant), with units in interview order. Pure: no I/O.
 */
import type { Code, Coding, Participants, SaturationSettings } from '../model';

export type UnitKind = 'source' | 'participant';

/** Which codes appear in which units. The statistics need nothing more. */
export interface Incidence {
  /** Unit ids in interview order. */
  units: string[];
  /** Column ids (code ids). */
  codes: string[];
  /** `rows[u]` holds the column indices of the codes present in unit `u`, ascending, no repeats. */
  rows: number[][];
}

export interface IncidenceInput {
  codes: readonly Code[];
  /** Source path -> its codings. */
  codingsBySource: ReadonlyMap<string, readonly Coding[]>;
  /** Every known source path, coded or not. */
  sources: readonly string[];
  participants?: Participants;
  settings: SaturationSettings;
  by: UnitKind;
  /** Count only this coder's codings. */
  coder?: string;
}

/** How many codings were left out, and why. */
export interface ExcludedCodings {
  /** Applied by another coder than the one asked for. */
  otherCoder: number;
  /** Name a code missing from the codebook (or merged into one). */
  unknownCode: number;
  /** Name a retired code (or one merged into a retired code). */
  retiredCode: number;
  /** Name a code whose `mergedInto` chain loops. */
  mergeCycle: number;
}

export interface BuiltIncidence extends Incidence {
  by: UnitKind;
  coder: string | null;
  /** The sources that make up each unit, in interview order. */
  unitSources: string[][];
  /** The participant of each unit, or null for a source no participant claims. */
  unitParticipants: (string | null)[];
  /** Sources nobody has coded yet (after the coder filter), in interview order. */
  uncoded: string[];
  /** Every source in interview order. */
  order: string[];
  excluded: ExcludedCodings;
}

type Resolved = { code: string } | { skip: 'unknownCode' | 'retiredCode' | 'mergeCycle' };

/**
 * Maps a coding's code id to the code it counts as: merged codes count as the end
 * of their `mergedInto` chain; unknown and looping codes are left out, and retired
 * codes too unless `keepRetired` (agreement compares every coding that was made).
 */
export function codeResolver(codes: readonly Code[], opts: { keepRetired?: boolean } = {}): (id: string) => Resolved {
  const byId = new Map(codes.map((c) => [c.id, c]));
  const memo = new Map<string, Resolved>();
  return (id) => {
    const known = memo.get(id);
    if (known) return known;
    const seen = new Set<string>();
    let current = id;
    let result: Resolved;
    for (;;) {
      const code = byId.get(current);
      if (!code) {
        result = { skip: 'unknownCode' };
        break;
      }
      if (seen.has(current)) {
        result = { skip: 'mergeCycle' };
        break;
      }
      seen.add(current);
      // A merged code without a target is invalid data; counting it as itself loses nothing.
      if (code.status === 'merged' && code.mergedInto) {
        current = code.mergedInto;
        continue;
      }
      result = code.status === 'retired' && !opts.keepRetired ? { skip: 'retiredCode' } : { code: current };
      break;
    }
    memo.set(id, result);
    return result;
  };
}

/** Interview dates may arrive as text or, from a lenient YAML reader, as Date objects. */
function dateText(value: unknown): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString().slice(0, 10);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The first participant listing a source owns it (two owners are a validation error elsewhere). */
function sourceOwners(participants?: Participants): Map<string, { id: string; interviewed?: string }> {
  const owners = new Map<string, { id: string; interviewed?: string }>();
  for (const p of participants?.participants ?? []) {
    for (const s of p.sources ?? []) {
      if (!owners.has(s)) owners.set(s, { id: p.id, interviewed: dateText(p.interviewed) });
    }
  }
  return owners;
}

// Plain code-unit comparison: the same order on every machine, unlike localeCompare.
function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Sources in interview order: those listed in `settings.order` first (unknown
 * entries ignored), then the others by their participant's interview date, then
 * by path. Sources without a date follow the dated ones.
 */
export function interviewOrder(
  sources: readonly string[],
  settings: Pick<SaturationSettings, 'order'>,
  participants?: Participants,
): string[] {
  const known = new Set(sources);
  const placed = new Set<string>();
  const out: string[] = [];
  for (const s of settings.order ?? []) {
    if (known.has(s) && !placed.has(s)) {
      out.push(s);
      placed.add(s);
    }
  }
  const owners = sourceOwners(participants);
  const rest = [...known].filter((s) => !placed.has(s));
  rest.sort((a, b) => {
    const da = owners.get(a)?.interviewed;
    const db = owners.get(b)?.interviewed;
    if (da !== db) {
      if (da === undefined) return 1;
      if (db === undefined) return -1;
      return byText(da, db);
    }
    return byText(a, b);
  });
  return out.concat(rest);
}

interface UnitDraft {
  id: string;
  participant: string | null;
  position: number;
  sources: string[];
  codes: Set<string>;
}

/**
 * Builds the incidence table. A unit is a coded source, or with `by: 'participant'`
 * a participant with at least one coded source, placed at the position of their
 * first source in interview order (coded or not); a coded source no participant
 * claims stays a unit of its own. A source counts as coded when it holds at least
 * one coding by the coder asked for, whatever its code. A code is present in a
 * unit when a coding of that code itself is there (a child's coding does not
 * count for its parent).
 */
export function buildIncidence(input: IncidenceInput): BuiltIncidence {
  const { settings, by, participants } = input;
  const coder = input.coder ?? null;
  const allSources = [...new Set([...input.sources, ...input.codingsBySource.keys()])];
  const order = interviewOrder(allSources, settings, participants);
  const position = new Map(order.map((s, i) => [s, i]));
  const owners = sourceOwners(participants);
  const firstSourceOf = new Map<string, number>();
  for (const p of participants?.participants ?? []) {
    for (const s of p.sources ?? []) {
      const at = position.get(s);
      if (at !== undefined && owners.get(s)?.id === p.id) firstSourceOf.set(p.id, Math.min(firstSourceOf.get(p.id) ?? at, at));
    }
  }

  const resolve = codeResolver(input.codes);
  const excluded: ExcludedCodings = { otherCoder: 0, unknownCode: 0, retiredCode: 0, mergeCycle: 0 };
  const drafts = new Map<string, UnitDraft>();
  const uncoded: string[] = [];
  for (const [index, source] of order.entries()) {
    let coded = false;
    const present = new Set<string>();
    for (const coding of input.codingsBySource.get(source) ?? []) {
      if (coder !== null && coding.coder !== coder) {
        excluded.otherCoder++;
        continue;
      }
      coded = true;
      const r = resolve(coding.code);
      if ('skip' in r) excluded[r.skip]++;
      else present.add(r.code);
    }
    if (!coded) {
      uncoded.push(source);
      continue;
    }
    const owner = by === 'participant' ? owners.get(source)?.id : undefined;
    // Prefixed keys: a participant id may equal some source path.
    const key = owner !== undefined ? `p:${owner}` : `s:${source}`;
    let draft = drafts.get(key);
    if (!draft) {
      draft = {
        id: owner ?? source,
        participant: owners.get(source)?.id ?? null,
        position: owner !== undefined ? (firstSourceOf.get(owner) ?? index) : index,
        sources: [],
        codes: new Set(),
      };
      drafts.set(key, draft);
    }
    draft.sources.push(source);
    for (const c of present) draft.codes.add(c);
  }

  const units = [...drafts.values()].sort((a, b) => a.position - b.position);
  const codes = [...new Set(units.flatMap((u) => [...u.codes]))].sort(byText);
  const column = new Map(codes.map((c, i) => [c, i]));
  return {
    units: units.map((u) => u.id),
    codes,
    rows: units.map((u) => [...u.codes].map((c) => column.get(c) as number).sort((a, b) => a - b)),
    by,
    coder,
    unitSources: units.map((u) => u.sources),
    unitParticipants: units.map((u) => u.participant),
    uncoded,
    order,
    excluded,
  };
}

/**
 * An incidence table from a 0/1 matrix (rows = units, columns = codes), e.g. one
 * copied from a spreadsheet or an R data frame. Any value above 0 counts as present.
 */
export function incidenceFromMatrix(units: readonly string[], codes: readonly string[], matrix: readonly (readonly number[])[]): Incidence {
  if (matrix.length !== units.length) throw new Error(`saturation: ${matrix.length} rows for ${units.length} units`);
  const rows = matrix.map((row, u) => {
    if (row.length !== codes.length) throw new Error(`saturation: row ${u} has ${row.length} cells for ${codes.length} codes`);
    const present: number[] = [];
    row.forEach((v, k) => {
      if (v > 0) present.push(k);
    });
    return present;
  });
  return { units: [...units], codes: [...codes], rows };
}

/** The incidence of some units only (kept in their order), with only the codes they hold. */
export function subIncidence(inc: Incidence, unitIndices: readonly number[]): Incidence {
  const used = [...new Set(unitIndices.flatMap((u) => inc.rows[u]))].sort((a, b) => a - b);
  const remap = new Map(used.map((k, i) => [k, i]));
  return {
    units: unitIndices.map((u) => inc.units[u]),
    codes: used.map((k) => inc.codes[k]),
    rows: unitIndices.map((u) => inc.rows[u].map((k) => remap.get(k) as number)),
  };
}
