/**
 * The report's one pseudonymisation step. Every piece of project text in the
 * report (quotes, memos, code names and definitions, coder and participant ids)
 * passes through `apply`; the methods section states `statement`, so the report
 * never claims a protection that did not happen. The pseudonymiser itself comes
 * from the one export policy (core/output exportPseudonymiser: no map, no export).
 */
import type { ExportPseudonymiser } from '../output';

export interface ReportPseudonyms {
  apply: (text: string) => string;
  /** False only when the author chose not to pseudonymise. */
  pseudonymised: boolean;
  /** What was done, for the report's methods and the user: one sentence. */
  statement: string;
}

/** The report's view of an export's pseudonymiser (see exportPseudonymiser, and its CLI and VS Code callers). */
export function reportPseudonyms(p: Pick<ExportPseudonymiser, 'pseudonymiser' | 'pseudonymised'>): ReportPseudonyms {
  if (!p.pseudonymised) {
    return {
      apply: (s) => s,
      pseudonymised: false,
      statement: 'Quotes and other project text are shown as written: the author chose not to pseudonymise this report.',
    };
  }
  const map = p.pseudonymiser.map;
  const names = map.names.length;
  const statement =
    `Quotes, memos, code names and ids were pseudonymised with the project's pseudonym map (${names} name${names === 1 ? '' : 's'}` +
    `${map.patterns.length ? `, ${map.patterns.length} pattern${map.patterns.length === 1 ? '' : 's'}` : ''}${map.emails ? ', email addresses' : ''}${map.phones ? ', phone numbers' : ''}).`;
  return { apply: (s) => p.pseudonymiser.apply(s), pseudonymised: true, statement };
}
