/**
 * The Participants grid as data: participants x attributes, their sources and
 * codings, the survey waves they answered, whether they withdrew, and the
 * representativeness figures beside it. Computed here (pure), drawn by the
 * webview (src/webview/participants.ts).
 */
import type { Project } from '../project';
import { representativeness, surveyTarget, type Representativeness } from './representativeness';
import { inclusion, withdrawalOf } from './withdrawal';

/** What the sample is compared with: participants.yaml's `target`, or a survey wave. */
export type TargetChoice = { kind: 'participants' } | { kind: 'survey'; wave: string };

export interface GridRow {
  id: string;
  /** Attribute -> value ('' when none). */
  attributes: Record<string, string>;
  sources: { path: string; codings: number }[];
  /** Codings in their own sources. */
  codings: number;
  /** Survey waves with an answer of theirs. */
  waves: string[];
  withdrawn: { date: string; reason?: string; purged?: string } | null;
}

export interface GridView {
  version: number;
  title: string;
  /** Declared attributes (editable, with their values), then any others in use (shown as text). */
  attributes: { name: string; values: string[]; declared: boolean }[];
  rows: GridRow[];
  waves: string[];
  target: TargetChoice;
  /** The targets there are to choose from. */
  targets: TargetChoice[];
  /** Without the withdrawn participants and their survey answers. */
  composition: Representativeness;
}

/**
 * The target used when none is chosen: the first survey wave imported that has
 * attribute columns (measured answers beat a typed guess), else participants.yaml's.
 */
export function defaultTarget(project: Pick<Project, 'surveys'>): TargetChoice {
  const waves = [...project.surveys.values()]
    .filter((s) => s.columns.some((c) => c.use === 'attribute'))
    .sort((a, b) => (a.imported ?? '').localeCompare(b.imported ?? '') || a.wave.localeCompare(b.wave));
  return waves.length ? { kind: 'survey', wave: waves[0].wave } : { kind: 'participants' };
}

/**
 * Sample composition against participants.yaml's target or a survey wave's
 * answers, withdrawn participants (and their survey answers) left out.
 */
export function projectRepresentativeness(project: Project, opts: { tolerance?: number; target?: TargetChoice } = {}): Representativeness {
  const inc = inclusion(project);
  const choice = opts.target ?? defaultTarget(project);
  let target;
  if (choice.kind === 'survey') {
    const survey = project.surveys.get(choice.wave);
    if (!survey)
      throw new Error(
        `no survey wave "${choice.wave}"${project.surveys.size ? `; the waves: ${[...project.surveys.keys()].join(', ')}` : ' (import one first)'}`,
      );
    target = surveyTarget(survey, inc.includesParticipant);
  }
  return representativeness(inc.participants(), {
    ...(opts.tolerance !== undefined && { tolerance: opts.tolerance }),
    ...(target && { target }),
  });
}

/** The grid for `target` (default: defaultTarget). */
export function participantsGrid(project: Project, opts: { target?: TargetChoice } = {}, version = 0): GridView {
  const people = project.participants?.participants ?? [];
  const declared = project.participants?.attributes ?? {};
  const used = [...new Set(people.flatMap((p) => Object.keys(p.attributes ?? {})))].filter((a) => !Object.hasOwn(declared, a)).sort();
  const waves = [...project.surveys.values()].sort(
    (a, b) => (a.imported ?? '').localeCompare(b.imported ?? '') || a.wave.localeCompare(b.wave),
  );
  const answered = new Map<string, string[]>();
  for (const s of waves) for (const r of s.respondents) answered.set(r.id, [...(answered.get(r.id) ?? []), s.wave]);
  const rows: GridRow[] = people.map((p) => {
    const sources = (p.sources ?? []).map((path) => ({ path, codings: project.codings.get(path)?.codings.length ?? 0 }));
    const w = withdrawalOf(p);
    return {
      id: p.id,
      attributes: Object.fromEntries([...Object.keys(declared), ...used].map((a) => [a, p.attributes?.[a] ?? ''])),
      sources,
      codings: sources.reduce((n, s) => n + s.codings, 0),
      waves: answered.get(p.id) ?? [],
      withdrawn: w
        ? { date: w.date, ...(w.reason !== undefined && { reason: w.reason }), ...(w.purged !== undefined && { purged: w.purged }) }
        : null,
    };
  });
  const targets: TargetChoice[] = [
    ...waves.filter((s) => s.columns.some((c) => c.use === 'attribute')).map((s) => ({ kind: 'survey' as const, wave: s.wave })),
    ...(project.participants?.target ? [{ kind: 'participants' as const }] : []),
  ];
  const wanted = opts.target;
  const valid = wanted && (wanted.kind === 'participants' || project.surveys.has(wanted.wave)) ? wanted : defaultTarget(project);
  return {
    version,
    title: project.config.title ?? 'Participants',
    attributes: [
      ...Object.entries(declared).map(([name, values]) => ({ name, values: [...values], declared: true })),
      ...used.map((name) => ({ name, values: [], declared: false })),
    ],
    rows,
    waves: waves.map((s) => s.wave),
    target: valid,
    targets,
    composition: projectRepresentativeness(project, { target: valid }),
  };
}
