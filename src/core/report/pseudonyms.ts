/**
 * The report's one pseudonymisation step. Every piece of project text in the
 * report (quotes, memos, code names and definitions, coder and participant ids)
 * passes through `apply`; the methods section states `statement`, so the report
 * never claims a protection that did not happen. Kept in this one place so a
 * change of policy (e.g. refusing to export without a map) is one edit.
 */
import { loadPseudonyms, PSEUDONYMS_FILE, type Pseudonymiser } from '../output';
import { ProjectError, type Project } from '../project';

export interface ReportPseudonyms {
  apply: (text: string) => string;
  /** False only when the author chose not to pseudonymise. */
  pseudonymised: boolean;
  /** What was done, for the report's methods and the user: one sentence. */
  statement: string;
}

/**
 * The pseudonymiser for a report: the project's map (qda/private/pseudonyms.yaml),
 * the built-in rules (emails, phone numbers) when there is none, nothing when `off`.
 * A map with errors stops the export (a ProjectError naming file, line and column).
 */
export async function reportPseudonyms(project: Project, off = false): Promise<ReportPseudonyms> {
  if (off) {
    return { apply: (s) => s, pseudonymised: false, statement: 'Quotes and other project text are shown as written: the author chose not to pseudonymise this report.' };
  }
  const loaded = await loadPseudonyms(project);
  const errors = loaded.problems.filter((p) => (p.severity ?? 'error') === 'error');
  if (errors.length) {
    throw new ProjectError(`${PSEUDONYMS_FILE} has errors, so no report was written:\n${errors.map((p) => `  ${PSEUDONYMS_FILE}:${p.line}:${p.column}: ${p.message}`).join('\n')}`);
  }
  const p: Pseudonymiser = loaded.pseudonymiser;
  const names = loaded.exists ? p.map.names.length : 0;
  const statement = loaded.exists
    ? `Quotes, memos, code names and ids were pseudonymised with the project's pseudonym map (${names} name${names === 1 ? '' : 's'}${p.map.patterns.length ? `, ${p.map.patterns.length} pattern${p.map.patterns.length === 1 ? '' : 's'}` : ''}${p.map.emails ? ', email addresses' : ''}${p.map.phones ? ', phone numbers' : ''}).`
    : 'The project has no pseudonym map: only email addresses and phone numbers were replaced; names in quotes are as spoken.';
  return { apply: (s) => p.apply(s), pseudonymised: true, statement };
}
