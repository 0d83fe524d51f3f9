import { type Coding, DEFAULT_SATURATION } from '../model';
import type { Project } from '../project';
import { inclusion, representativeness, surveyTarget, type Representativeness } from '../participants';
import { saturationReport, type SaturationReport, type SaturationReportInput } from './saturationReport';
import type { UnitKind } from './incidence';

export interface SaturationOptions {
  by?: UnitKind;
  coder?: string;
  baseSize?: number;
  runLength?: number;
  threshold?: number;
  subgroupBy?: string;
  band?: SaturationReportInput['band'];
  /** Count the transcripts of surveys' open answers as units (default: project.yaml's `saturation.surveys`, else no). */
  includeSurveys?: boolean;
}

/** Saturation statistics of an open project, with project.yaml's settings unless overridden. */
export function projectSaturation(project: Project, opts: SaturationOptions = {}): SaturationReport {
  const s = { ...DEFAULT_SATURATION, ...stripUndefined(project.config.saturation ?? {}) };
  const settings = {
    order: s.order ?? [],
    baseSize: opts.baseSize ?? s.baseSize,
    runLength: opts.runLength ?? s.runLength,
    threshold: opts.threshold ?? s.threshold,
  };
  // Withdrawn participants are left out; survey answers count only when chosen (they are not interviews).
  const inc = inclusion(project);
  const surveys = opts.includeSurveys ?? project.config.saturation?.surveys === true;
  const keep = (source: string) => surveys || project.surveySourceOwners(source) === undefined;
  const codingsBySource = new Map<string, readonly Coding[]>();
  for (const [source, codings] of inc.codings()) if (keep(source)) codingsBySource.set(source, codings);
  return saturationReport({
    codes: project.codebook.codes,
    codingsBySource,
    sources: inc.sources.filter(keep),
    participants: inc.participants(),
    settings,
    by: opts.by ?? 'source',
    coder: opts.coder,
    band: opts.band,
    subgroupBy: opts.subgroupBy,
  });
}

/** What representativeness is judged against: participants.yaml's `target`, or a survey wave. */
export type TargetChoice = { kind: 'participants' } | { kind: 'survey'; wave: string };

/**
 * The target used when none is chosen: the first survey wave imported that has
 * attribute columns (measured answers beat a typed guess), else participants.yaml's.
 */
export function defaultTarget(project: Project): TargetChoice {
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
    if (!survey) throw new Error(`no survey wave "${choice.wave}"${project.surveys.size ? `; the waves: ${[...project.surveys.keys()].join(', ')}` : ' (import one first)'}`);
    target = surveyTarget(survey, inc.includesParticipant);
  }
  return representativeness(inc.participants(), { ...(opts.tolerance !== undefined && { tolerance: opts.tolerance }), ...(target && { target }) });
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
