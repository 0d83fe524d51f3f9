/**
 * Importing a survey wave: a plan first (how each column will be used, which
 * rows match participants, which attributes would be filled or differ, which
 * transcripts the open answers become, every problem), then applying exactly
 * that plan. Nothing is overwritten that the plan did not show.
 */
import picomatch from 'picomatch';
import type { Participant, Participants, Survey, SurveyColumn } from '../model';
import {
  PROJECT_FILE,
  RESPONDENT_ID_PATTERN,
  serializeProjectConfig,
  parseProjectConfig,
  slugify,
  surveyPath,
  surveyTranscript,
  WAVE_PATTERN,
  type Project,
} from '../project';
import { inclusion } from './withdrawal';
import { placeOf, type Table } from './table';

/** Where the transcripts of a wave's open answers go; matched by the usual `transcripts/**` glob. */
export const SURVEY_TRANSCRIPTS_DIR = 'transcripts/surveys/';
const SURVEY_GLOB = `${SURVEY_TRANSCRIPTS_DIR}**/*.transcript`;

export interface SurveyImportOptions {
  wave: string;
  /** The respondent id column; guessed (id, respondent, participant, …) when not given. */
  idColumn?: string;
  /** Columns of open answers, to become codable transcripts. */
  textColumns?: readonly string[];
  /** The imported file's name, recorded in the survey. */
  fileName: string;
  /** Replace a participant's different attribute value (each one is listed in the plan). */
  overwrite?: boolean;
}

export interface PlannedColumn extends SurveyColumn {
  /** Respondents with a non-empty answer. */
  answered: number;
  /** For attribute columns: answers that are not declared values of the attribute, with counts. */
  undeclared?: { value: string; count: number }[];
}

export interface AttributeChange {
  participant: string;
  attribute: string;
  /** The value now ('' when none). */
  from: string;
  to: string;
  /** `fill`: no value yet; `differs`: a different value (replaced only with overwrite). */
  kind: 'fill' | 'differs';
  applied: boolean;
}

export interface PlannedSource {
  column: string;
  path: string;
  answers: number;
  /** The transcript exists already (a wave imported again): it is rewritten. */
  exists: boolean;
  /** Codings on the existing transcript, re-anchored by their quotes after the rewrite. */
  codings: number;
}

export interface PlanProblem {
  /** "line 14, column 7", "row 3, cell B3", or '' for the file as a whole. */
  place: string;
  message: string;
  severity: 'error' | 'warning';
}

export interface SurveyImportPlan {
  wave: string;
  file: string;
  sheet?: string;
  columns: PlannedColumn[];
  /** Respondents imported (rows of withdrawn participants are left out). */
  respondents: number;
  /** Participant ids who answered. */
  matched: string[];
  /** Respondents who are not participants. */
  unmatched: number;
  /** Withdrawn participants whose rows were left out. */
  withdrawn: string[];
  changes: AttributeChange[];
  sources: PlannedSource[];
  /** The wave exists: its file is replaced, with this many respondents before. */
  replaces?: number;
  /** A glob added to `sources` in project.yaml so the transcripts are read. */
  addsGlob?: string;
  problems: PlanProblem[];
  /** The survey as it will be written. */
  survey: Survey;
  /** No errors: the plan may be applied. */
  ok: boolean;
}

const ID_NAMES = ['id', 'respondent id', 'respondent', 'participant id', 'participant', 'response id'];

/** Compares names as people write them: any case, spaces, `_` and `-` alike. */
export function sameName(a: string, b: string): boolean {
  const norm = (s: string) =>
    s
      .toLowerCase()
      .replace(/[\s_-]+/g, ' ')
      .trim();
  return norm(a) === norm(b);
}

/** The column that most likely holds respondent ids, if any. */
export function guessIdColumn(header: readonly string[]): string | undefined {
  for (const want of ID_NAMES) {
    const hit = header.find((h) => sameName(h, want));
    if (hit) return hit;
  }
  return undefined;
}

/** Plans importing `table` as survey wave `opts.wave`; see SurveyImportPlan. */
export function planSurveyImport(project: Project, table: Table, opts: SurveyImportOptions): SurveyImportPlan {
  const problems: PlanProblem[] = table.problems.map((p) => ({ place: placeOf(table, p), message: p.message, severity: p.severity }));
  const fail = (message: string) => problems.push({ place: '', message, severity: 'error' });
  if (!WAVE_PATTERN.test(opts.wave)) fail(`"${opts.wave}" is not a wave name: use lower-case letters, digits and "-" (start, end, …)`);

  const header = table.header;
  const idColumn =
    opts.idColumn !== undefined
      ? (header.find((h) => h === opts.idColumn) ?? header.find((h) => sameName(h, opts.idColumn!)))
      : guessIdColumn(header);
  if (opts.idColumn !== undefined && !idColumn) fail(`no column "${opts.idColumn}"; the columns are: ${header.filter(Boolean).join(', ')}`);
  else if (!idColumn)
    fail(`which column holds the respondent ids? Name it (--id COLUMN); the columns are: ${header.filter(Boolean).join(', ')}`);
  const textColumns: string[] = [];
  for (const t of opts.textColumns ?? []) {
    const hit = header.find((h) => h === t) ?? header.find((h) => sameName(h, t));
    if (!hit) fail(`no column "${t}" for open answers; the columns are: ${header.filter(Boolean).join(', ')}`);
    else if (hit === idColumn) fail(`"${hit}" is the id column, not open answers`);
    else if (!textColumns.includes(hit)) textColumns.push(hit);
  }

  const declared = project.participants?.attributes ?? {};
  const declaredNames = Object.keys(declared);
  const inc = inclusion(project);
  const idIndex = idColumn ? header.indexOf(idColumn) : -1;

  // The respondents, by id: blank and malformed ids and repeated rows are problems, withdrawn people are left out.
  const rows: { id: string; cells: string[] }[] = [];
  const withdrawn = new Set<string>();
  const firstLine = new Map<string, number>();
  if (idIndex >= 0) {
    for (const row of table.rows) {
      const id = row.cells[idIndex];
      const place = placeOf(table, { line: row.line, cell: idIndex + 1 });
      if (id === '') problems.push({ place, severity: 'warning', message: 'no respondent id: the row is left out' });
      else if (!RESPONDENT_ID_PATTERN.test(id))
        problems.push({
          place,
          severity: 'error',
          message: `respondent id "${id}" may use only letters, digits, ".", "_" and "-" (at most 28)`,
        });
      else if (firstLine.has(id))
        problems.push({
          place,
          severity: 'error',
          message: `respondent "${id}" also answers on ${table.unit} ${firstLine.get(id)}: keep one row per respondent`,
        });
      else if (!inc.includesParticipant(id)) withdrawn.add(id);
      else {
        firstLine.set(id, row.line);
        rows.push({ id, cells: row.cells });
      }
    }
  }

  const sourcePaths = new Set<string>();
  const columns: PlannedColumn[] = header.map((name, i) => {
    const answers = rows.map((r) => r.cells[i]).filter((v) => v !== '');
    if (name === '') return { name, use: 'data', answered: 0 };
    if (name === idColumn) return { name, use: 'id', answered: answers.length };
    if (textColumns.includes(name)) {
      let path = `${SURVEY_TRANSCRIPTS_DIR}${opts.wave}/${slugify(name, 'answers')}.transcript`;
      for (let k = 2; sourcePaths.has(path); k++)
        path = `${SURVEY_TRANSCRIPTS_DIR}${opts.wave}/${slugify(name, 'answers')}-${k}.transcript`;
      sourcePaths.add(path);
      return { name, use: 'text', source: path, answered: answers.length };
    }
    const attribute = declaredNames.find((a) => sameName(a, name));
    if (attribute === undefined) return { name, use: 'data', answered: answers.length };
    const counts = new Map<string, number>();
    for (const v of answers) if (!declaredValue(declared[attribute], v)) counts.set(v, (counts.get(v) ?? 0) + 1);
    const undeclared = [...counts]
      .map(([value, count]) => ({ value, count }))
      .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
    if (undeclared.length)
      problems.push({
        place: '',
        severity: 'warning',
        message: `"${name}" has answers that are not declared values of "${attribute}" (kept in the survey, not given to participants): ${undeclared
          .slice(0, 5)
          .map((u) => `"${u.value}" ×${u.count}`)
          .join(', ')}${undeclared.length > 5 ? ', …' : ''}`,
      });
    return { name, use: 'attribute', attribute, answered: answers.length, ...(undeclared.length && { undeclared }) };
  });
  const attributeColumns = columns.filter((c) => c.use === 'attribute');
  if (!attributeColumns.length && declaredNames.length)
    problems.push({
      place: '',
      severity: 'warning',
      message: `no column is named like a declared attribute (${declaredNames.join(', ')}): nothing to compare the sample with`,
    });

  // Attributes of the participants who answered.
  const people = new Map((project.participants?.participants ?? []).map((p) => [p.id, p]));
  const matched = rows
    .filter((r) => people.has(r.id))
    .map((r) => r.id)
    .sort();
  const changes: AttributeChange[] = [];
  for (const r of rows) {
    const p = people.get(r.id);
    if (!p) continue;
    for (const c of attributeColumns) {
      const value = declaredValue(declared[c.attribute!], r.cells[header.indexOf(c.name)]);
      if (!value) continue;
      const now = p.attributes?.[c.attribute!] ?? '';
      if (now === value) continue;
      const kind = now === '' ? 'fill' : 'differs';
      changes.push({
        participant: p.id,
        attribute: c.attribute!,
        from: now,
        to: value,
        kind,
        applied: kind === 'fill' || !!opts.overwrite,
      });
    }
  }
  changes.sort((a, b) => (a.participant < b.participant ? -1 : a.participant > b.participant ? 1 : a.attribute < b.attribute ? -1 : 1));
  const differing = changes.filter((c) => c.kind === 'differs').length;
  if (differing && !opts.overwrite)
    problems.push({
      place: '',
      severity: 'warning',
      message: `${differing} attribute value(s) differ from participants.yaml and are kept as they are (replace them with --overwrite)`,
    });

  const survey: Survey = {
    wave: opts.wave,
    imported: project.ports.clock
      .now()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z'),
    from: opts.fileName.split(/[\\/]/).pop(),
    ...(table.sheet !== undefined && { sheet: table.sheet }),
    columns: columns.filter((c) => c.name !== '').map(({ answered: _a, undeclared: _u, ...c }) => c),
    respondents: rows.map((r) => ({
      id: r.id,
      answers: Object.fromEntries(
        header.flatMap((h, i) => {
          if (h === '' || h === idColumn || r.cells[i] === '') return [];
          const col = columns[i];
          return [[h, col.use === 'attribute' ? (declaredValue(declared[col.attribute!], r.cells[i]) ?? r.cells[i]) : r.cells[i]]];
        }),
      ),
    })),
  };

  const sources = columns
    .filter((c) => c.use === 'text')
    .map((c) => ({
      column: c.name,
      path: c.source!,
      answers: c.answered,
      exists: project.sources.includes(c.source!),
      codings: project.codings.get(c.source!)?.codings.length ?? 0,
    }));
  const globs = project.config.sources;
  const matches = globs.length ? picomatch(globs, { dot: false }) : () => false;
  const addsGlob = sources.length && !sources.every((s) => matches(s.path)) ? SURVEY_GLOB : undefined;
  const existing = project.surveys.get(opts.wave);
  if (!rows.length && idIndex >= 0) fail('no respondent to import');

  return {
    wave: opts.wave,
    file: opts.fileName,
    ...(table.sheet !== undefined && { sheet: table.sheet }),
    columns,
    respondents: rows.length,
    matched,
    unmatched: rows.length - matched.length,
    withdrawn: [...withdrawn].sort(),
    changes,
    sources,
    ...(existing && { replaces: existing.respondents.length }),
    ...(addsGlob && { addsGlob }),
    problems,
    survey,
    ok: !problems.some((p) => p.severity === 'error'),
  };
}

// The declared spelling of a value written in any case, or the value when no declared one matches.
function declaredValue(allowed: readonly string[] | undefined, value: string): string | undefined {
  if (value === '') return undefined;
  return allowed?.find((a) => a === value) ?? allowed?.find((a) => a.toLowerCase() === value.toLowerCase());
}

/**
 * Writes what the plan says: the transcripts of open answers, the survey file,
 * the attributes marked `applied`, and the glob when needed. Refuses a plan
 * with errors.
 */
export async function applySurveyImport(project: Project, plan: SurveyImportPlan): Promise<void> {
  if (!plan.ok) throw new Error(`the survey has problems to fix first: ${plan.problems.find((p) => p.severity === 'error')?.message}`);
  if (plan.addsGlob) {
    await project.store.update(PROJECT_FILE, parseProjectConfig, serializeProjectConfig, (c) => ({
      ...c!,
      sources: [...c!.sources, plan.addsGlob!],
    }));
    await project.reload([PROJECT_FILE]);
  }
  for (const s of plan.sources) {
    const answers = plan.survey.respondents.map((r) => ({ id: r.id, text: r.answers[s.column] ?? '' }));
    await project.store.writeText(s.path, surveyTranscript(plan.wave, s.column, answers), { overwriteChanged: true });
  }
  await project.changeSurvey(plan.wave, () => plan.survey);
  const applied = plan.changes.filter((c) => c.applied);
  if (applied.length) {
    await project.changeParticipants((p: Participants) => ({
      ...p,
      participants: p.participants.map((x: Participant) => {
        const mine = applied.filter((c) => c.participant === x.id);
        if (!mine.length) return x;
        const attributes = { ...x.attributes };
        for (const c of mine) if ((attributes[c.attribute] ?? '') === c.from) attributes[c.attribute] = c.to;
        return { ...x, attributes };
      }),
    }));
  }
  await project.reload(plan.sources.map((s) => s.path));
}

/** The plan in lines of text, for the command line and the log. */
export function describeSurveyPlan(plan: SurveyImportPlan): string[] {
  const out: string[] = [];
  out.push(
    `survey wave "${plan.wave}" from ${plan.file}${plan.sheet ? ` (sheet "${plan.sheet}")` : ''}: ${plan.respondents} respondent(s), ${plan.matched.length} of them participants`,
  );
  if (plan.replaces !== undefined) out.push(`  replaces qda/surveys/${plan.wave}.yaml (${plan.replaces} respondent(s) now)`);
  else out.push(`  writes ${surveyPath(plan.wave)}`);
  if (plan.withdrawn.length) out.push(`  leaves out the rows of withdrawn participant(s): ${plan.withdrawn.join(', ')}`);
  out.push('columns:');
  for (const c of plan.columns) {
    if (c.name === '') continue;
    const use =
      c.use === 'id'
        ? 'respondent id'
        : c.use === 'attribute'
          ? `attribute "${c.attribute}"`
          : c.use === 'text'
            ? `open answers -> ${c.source}`
            : 'kept as data';
    out.push(`  ${c.name}: ${use} (${c.answered} answered)`);
  }
  if (plan.changes.length) {
    out.push("participants' attributes:");
    for (const c of plan.changes) {
      out.push(
        c.kind === 'fill'
          ? `  ${c.participant}: ${c.attribute} = ${c.to} (filled in)`
          : `  ${c.participant}: ${c.attribute} is ${c.from}, the survey says ${c.to}${c.applied ? ' (replaced)' : ' (kept; --overwrite replaces it)'}`,
      );
    }
  } else out.push("participants' attributes: nothing to fill in");
  for (const s of plan.sources) {
    out.push(
      `  ${s.exists ? 'rewrites' : 'writes'} ${s.path}: ${s.answers} answer(s)${s.codings ? `, ${s.codings} coding(s) re-anchored by their quotes` : ''}`,
    );
  }
  if (plan.addsGlob) out.push(`  adds "${plan.addsGlob}" to sources in qda/project.yaml`);
  for (const p of plan.problems) out.push(`${p.severity}: ${p.place ? `${p.place}: ` : ''}${p.message}`);
  return out;
}
