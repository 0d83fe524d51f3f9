/**
 * qda/surveys/<wave>.yaml: one wave of a survey, kept as data (docs/format.md).
 * One line per respondent, sorted by id, so that two people importing or
 * correcting different respondents merge in git without conflict. Also the
 * layout of the transcripts made from its open answers: one turn per
 * respondent, labelled with their id.
 */
import type { OwnedRange, Survey, SurveyRespondent } from '../../model';
import { isSpeakerLabel, parseTranscript } from '../../transcripts';
import { byText, ordered, toYaml } from './emit';
import { finish, parseWithList, type Parsed } from './parse';
import { surveyRespondentSchema, surveySchema } from './schemas';
import { YamlSource } from './yamlFile';

export const SURVEYS_DIR = 'qda/surveys/';
/** A wave name: lower-case letters, digits and `-`, as it names a file and a folder. */
export const WAVE_PATTERN = /^[a-z0-9][a-z0-9-]{0,39}$/;
/** Respondent ids that can label a turn in a transcript (and name nothing else). */
export const RESPONDENT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,27}$/;

/** qda/surveys/<wave>.yaml */
export function surveyPath(wave: string): string {
  return `${SURVEYS_DIR}${wave}.yaml`;
}

/** The wave a survey file holds, or undefined when `path` is not one. */
export function waveOfSurveyPath(path: string): string | undefined {
  if (!path.startsWith(SURVEYS_DIR) || !path.endsWith('.yaml')) return undefined;
  const wave = path.slice(SURVEYS_DIR.length, -'.yaml'.length);
  return wave.includes('/') ? undefined : wave;
}

/** Reads a survey file: schema, the id column, duplicate respondents, answers to unknown columns. */
export function parseSurvey(text: string, path: string): Parsed<Survey> {
  const src = new YamlSource(text);
  if (!src.ok) return finish(undefined, src.problems);
  const { head, items } = parseWithList(src, surveySchema, 'respondents', surveyRespondentSchema);
  if (!head) return finish(undefined, src.problems);
  const wave = waveOfSurveyPath(path) ?? head.wave ?? '';
  if (head.wave !== undefined && head.wave !== wave)
    src.problems.push(src.atPath(['wave'], `wave "${head.wave}" does not match this file's name: expected "${wave}"`));
  if (!WAVE_PATTERN.test(wave)) src.problems.push(src.at(0, `"${wave}" is not a wave name: use lower-case letters, digits and "-"`));

  const names = new Map<string, number>();
  head.columns.forEach((c, i) => {
    if (names.has(c.name)) src.problems.push(src.atPath(['columns', i, 'name'], `column "${c.name}" is listed twice`));
    else names.set(c.name, i);
    if (c.use === 'attribute' && !c.attribute) src.problems.push(src.atPath(['columns', i], `an attribute column names its "attribute"`));
    if (c.use === 'text' && !c.source) src.problems.push(src.atPath(['columns', i], `a text column names its "source"`));
  });
  if (head.columns.filter((c) => c.use === 'id').length > 1)
    src.problems.push(src.atPath(['columns'], 'more than one column is the respondent id'));

  const seen = new Set<string>();
  const unknown = new Map<string, number>();
  for (const { value, index } of items) {
    if (seen.has(value.id)) src.problems.push(src.atPath(['respondents', index, 'id'], `duplicate respondent "${value.id}"`));
    seen.add(value.id);
    for (const k of Object.keys(value.answers)) {
      if (!names.has(k) && !unknown.has(k)) {
        unknown.set(k, index);
        src.problems.push(
          src.atPath(['respondents', index, 'answers', k], `answer to "${k}", which is not among the columns`, {
            key: true,
            severity: 'warning',
          }),
        );
      }
    }
  }
  const respondents = items.map((i) => i.value as SurveyRespondent);
  return finish({ ...head, wave, respondents } as Survey, src.problems);
}

/** The survey in the format's order: respondents by id, one line each; empty answers left out. */
export function serializeSurvey(s: Survey): string {
  const respondents = [...s.respondents]
    .sort((a, b) => byText(a.id, b.id))
    .map((r) => ordered({ ...r, answers: Object.fromEntries(Object.entries(r.answers).filter(([, v]) => v !== '')) }, ['id', 'answers']));
  const columns = s.columns.map((c) => ordered(c, ['name', 'use', 'attribute', 'source']));
  return toYaml(ordered({ ...s, columns, respondents }, ['wave', 'imported', 'from', 'sheet', 'columns', 'respondents']), {
    flowItems: ['columns', 'respondents'],
  });
}

/**
 * How a respondent's answers are labelled in a transcript: their id, or
 * `Respondent 1001` for an id a label cannot start with (a digit).
 */
export function respondentLabel(id: string): string {
  return isSpeakerLabel(id) ? id : `Respondent ${id}`;
}

/**
 * The transcript of one open question: front matter naming the survey and the
 * question, then one turn per respondent who answered, by id. An answer's blank
 * lines are closed up and a line that would read as a heading is indented, so
 * each answer stays one turn.
 */
export function surveyTranscript(wave: string, question: string, answers: readonly { id: string; text: string }[]): string {
  const front = ['---', `survey: ${oneLine(wave)}`, `question: ${oneLine(question)}`, '---', ''];
  const turns = [...answers]
    .filter((a) => a.text.trim() !== '')
    .sort((a, b) => byText(a.id, b.id))
    .map(
      (a) =>
        `${respondentLabel(a.id)}: ${a.text
          .replace(/\r\n?/g, '\n')
          .trim()
          .split('\n')
          .filter((l) => l.trim() !== '')
          .map((l) => (/^\s*(#|---|\.\.\.)/.test(l) ? ` ${l}` : l))
          .join('\n')}`,
    );
  return front.join('\n') + turns.join('\n\n') + '\n';
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/**
 * Who said what in a survey transcript: each respondent's range runs from
 * their label to the next respondent's label (or the end), so a paragraph
 * inside an answer that happens to start like a label stays theirs. Turns
 * before the first respondent (none in a generated file) belong to nobody.
 */
export function respondentRanges(text: string, respondents: Iterable<string>): OwnedRange[] {
  const byLabel = new Map<string, string>();
  for (const id of respondents) byLabel.set(respondentLabel(id), id);
  const starts: { owner: string; start: number }[] = [];
  for (const turn of parseTranscript(text, 'transcript').turns) {
    const owner = turn.speaker !== undefined && turn.label ? byLabel.get(turn.speaker) : undefined;
    if (owner !== undefined) starts.push({ owner, start: turn.span.cpStart });
  }
  const end = [...text].length;
  return starts.map((s, i) => ({ owner: s.owner, start: s.start, end: i + 1 < starts.length ? starts[i + 1].start : end }));
}
