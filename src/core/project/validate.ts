import { FRAMEWORK_FILE, frameworkCellKey } from './format';
import { YamlSource } from './format/yamlFile';
import { memoLinkProblems } from './memoLinks';
import type { Problem } from '../model';
import type { ProjectState } from './state';

/**
 * Checks that need more than one file: codings naming codes missing from the
 * codebook (e.g. after merging two branches), coding ids used twice across
 * files, codings of transcripts that are gone, broken memo links. Codings are
 * never dropped for these: they are kept and shown for repair.
 */
export async function crossCheck(project: ProjectState): Promise<Problem[]> {
  return [...(await codingProblems(project)), ...(await memoLinkProblems(project))];
}

/**
 * The cross-file checks of codings and settings: in memory (a file is read only
 * to locate a problem found), so they can run after every coding. Memo links,
 * which read transcripts, are checked by memoLinkProblems.
 */
export async function codingProblems(project: ProjectState): Promise<Problem[]> {
  const problems: Problem[] = [];
  const codeIds = new Set(project.codebook.codes.map((c) => c.id));
  const sources = new Set(project.sources);
  const seenIds = new Map<string, string>();

  for (const [path, source] of project.codingsFiles) {
    const file = project.codings.get(source);
    if (!file) continue;
    const unknown: number[] = [];
    const duplicate: number[] = [];
    file.codings.forEach((c, i) => {
      if (!codeIds.has(c.code)) unknown.push(i);
      const other = seenIds.get(c.id);
      if (other !== undefined && other !== path) duplicate.push(i);
      else seenIds.set(c.id, path);
    });
    if (!sources.has(source)) {
      problems.push({
        file: path,
        line: 1,
        column: 1,
        severity: 'warning',
        message: `the transcript "${source}" is not found (moved, deleted, or not matched by "sources" in qda/project.yaml); its ${file.codings.length} codings are kept`,
      });
    }
    if (!unknown.length && !duplicate.length) continue;
    const located = await locator(project, path);
    for (const i of unknown) {
      const c = file.codings[i];
      problems.push({
        file: path,
        ...located(i, 'code'),
        severity: 'error',
        message: `coding "${c.id}" names code "${c.code}", which is not in the codebook (the coding is kept; add the code or recode it)`,
      });
    }
    for (const i of duplicate) {
      const c = file.codings[i];
      problems.push({
        file: path,
        ...located(i, 'id'),
        severity: 'error',
        message: `coding id "${c.id}" is also used in ${seenIds.get(c.id)}`,
      });
    }
  }

  for (const p of project.config.saturation?.order ?? []) {
    if (!sources.has(p))
      problems.push({
        file: 'qda/project.yaml',
        line: 1,
        column: 1,
        severity: 'warning',
        message: `saturation.order names "${p}", which is not a transcript of this project`,
      });
  }
  problems.push(...(await frameworkProblems(project, codeIds)));
  return problems;
}

/**
 * Framework summaries of a code missing from the codebook or of a participant
 * missing from participants.yaml: warnings, since the summary is kept (and
 * shown again once the code or participant is back).
 */
async function frameworkProblems(project: ProjectState, codeIds: ReadonlySet<string>): Promise<Problem[]> {
  const summaries = project.framework?.summaries ?? [];
  const people = new Set((project.participants?.participants ?? []).map((p) => p.id));
  const found: { index: number; key: string; message: string }[] = [];
  summaries.forEach((s, index) => {
    if (!codeIds.has(s.code))
      found.push({ index, key: 'code', message: `summary of code "${s.code}", which is not in the codebook (kept)` });
    if (s.participant !== undefined && !people.has(s.participant)) {
      found.push({
        index,
        key: 'participant',
        message: `summary of participant "${s.participant}", who is not in qda/participants.yaml (kept)`,
      });
    }
  });
  if (!found.length) return [];
  const read = await project.store.readText(FRAMEWORK_FILE);
  const src = read ? new YamlSource(read.text) : undefined;
  // The summaries in memory are those that parsed; find each one's place by its keys, not its index.
  const places = src ? summaryPlaces(src) : new Map<string, number>();
  return found.map((f) => {
    const s = summaries[f.index];
    const at = places.get(frameworkCellKey(s));
    const pos = src && at !== undefined ? src.atPath(['summaries', at, f.key], '') : { line: 1, column: 1 };
    return { file: FRAMEWORK_FILE, line: pos.line, column: pos.column, severity: 'warning' as const, message: f.message };
  });
}

/** Each summary's index in the file, by cell key. */
function summaryPlaces(src: YamlSource): Map<string, number> {
  const raw = src.toJS() as { summaries?: unknown } | null;
  const places = new Map<string, number>();
  const list = Array.isArray(raw?.summaries) ? (raw!.summaries as Record<string, unknown>[]) : [];
  list.forEach((item, i) => {
    if (!item || typeof item !== 'object') return;
    const key = frameworkCellKey({
      participant: item.participant === undefined ? undefined : String(item.participant),
      source: item.source as string | undefined,
      code: String(item.code),
    });
    if (!places.has(key)) places.set(key, i);
  });
  return places;
}

/** Finds the line and column of `codings[i].key` in a codings file, re-reading its YAML. */
async function locator(
  project: ProjectState,
  path: string,
): Promise<(i: number, key: string) => { line: number; column: number; utf16Column?: number }> {
  const read = await project.store.readText(path);
  if (!read) return () => ({ line: 1, column: 1 });
  const src = new YamlSource(read.text);
  return (i, key) => {
    const { line, column, utf16Column } = src.atPath(['codings', i, key], '');
    return utf16Column === undefined ? { line, column } : { line, column, utf16Column };
  };
}
