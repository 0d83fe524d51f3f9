import { type Coding, DEFAULT_SATURATION } from '../model';
import type { Project } from '../project';
import { representativeness, type Representativeness } from '../participants';
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
  const codingsBySource = new Map<string, readonly Coding[]>();
  for (const [source, file] of project.codings) codingsBySource.set(source, file.codings);
  return saturationReport({
    codes: project.codebook.codes,
    codingsBySource,
    sources: project.sources,
    participants: project.participants,
    settings,
    by: opts.by ?? 'source',
    coder: opts.coder,
    band: opts.band,
    subgroupBy: opts.subgroupBy,
  });
}

/** Sample composition against participants.yaml's target. */
export function projectRepresentativeness(project: Project, tolerance?: number): Representativeness {
  return representativeness(project.participants, tolerance === undefined ? {} : { tolerance });
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
