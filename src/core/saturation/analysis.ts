import { type Coding, DEFAULT_SATURATION } from '../model';
import type { Project } from '../project';
import { inclusion } from '../participants';
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
  const report = saturationReport({
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
  // Say what is not counted, so the units add up for the reader.
  const surveyTranscripts = inc.sources.filter((s) => !keep(s)).length;
  if (surveyTranscripts)
    report.warnings.push(
      `${surveyTranscripts === 1 ? '1 transcript of survey answers is' : `${surveyTranscripts} transcripts of survey answers are`} not counted as units (set saturation: {surveys: true} in qda/project.yaml to count them).`,
    );
  if (inc.withdrawn.length) report.warnings.push(`${inc.withdrawn.length} withdrawn participant(s) are left out.`);
  return report;
}

// Representativeness lives with the participants; re-exported for the saturation views that show it.
export { defaultTarget, projectRepresentativeness, type TargetChoice } from '../participants';

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
