/**
 * The Saturation panel's data, computed from an open project: the saturation
 * report for the chosen options, the sample composition, and what the controls
 * offer (coders present, participant attributes, project.yaml's defaults).
 */
import { projectRepresentativeness, projectSaturation } from '../analysis';
import { type Coding, DEFAULT_SATURATION } from '../../model';
import type { Project } from '../../project';
import { buildIncidence } from '../incidence';
import { guestParameters } from '../report';
import { type SaturationReport } from '../saturationReport';
import type { SaturationView, SaturationViewOptions } from './protocol';

/** The Guest parameters project.yaml asks for (invalid values fall back to the defaults). */
export function projectDefaults(project: Project): SaturationView['defaults'] {
  return guestParameters(project.config.saturation).parameters;
}

/** Coder ids that appear in the project's codings, sorted. */
export function codersOf(project: Project): string[] {
  const coders = new Set<string>();
  for (const file of project.codings.values()) for (const c of file.codings) if (c.coder) coders.add(c.coder);
  return [...coders].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Fills in what the researcher left open: project.yaml's Guest parameters, every
 * coder, and the first attribute with a target (else the first one) for subgroups.
 */
export function resolveOptions(
  project: Project,
  chosen: Partial<SaturationViewOptions>,
  attributes: readonly { attribute: string; hasTarget: boolean }[],
): SaturationViewOptions {
  const defaults = projectDefaults(project);
  const subgroupBy =
    chosen.subgroupBy !== undefined ? chosen.subgroupBy : ((attributes.find((a) => a.hasTarget) ?? attributes[0])?.attribute ?? null);
  return {
    by: chosen.by ?? 'source',
    coder: chosen.coder ?? null,
    baseSize: chosen.baseSize ?? defaults.baseSize,
    runLength: chosen.runLength ?? defaults.runLength,
    threshold: chosen.threshold ?? defaults.threshold,
    subgroupBy: subgroupBy !== null && attributes.some((a) => a.attribute === subgroupBy) ? subgroupBy : null,
  };
}

/**
 * Names of the codes first seen in each unit of `report`, from the same codings
 * and order; empty lists if the units do not line up (they always should).
 */
export function newCodeNames(project: Project, report: SaturationReport): string[][] {
  const codingsBySource = new Map<string, readonly Coding[]>();
  for (const [source, file] of project.codings) codingsBySource.set(source, file.codings);
  const settings = { ...DEFAULT_SATURATION, ...project.config.saturation };
  const inc = buildIncidence({
    codes: project.codebook.codes,
    codingsBySource,
    sources: project.sources,
    participants: project.participants,
    settings: { ...settings, order: settings.order ?? [] },
    by: report.by,
    coder: report.coder ?? undefined,
  });
  const aligned = inc.units.length === report.units.length && inc.units.every((u, i) => u === report.units[i]);
  if (!aligned) return report.units.map(() => []);
  const nameOf = new Map(project.codebook.codes.map((c) => [c.id, c.name]));
  const seen = new Set<number>();
  return inc.rows.map((row) => {
    const fresh = row.filter((k) => !seen.has(k));
    for (const k of fresh) seen.add(k);
    return fresh.map((k) => nameOf.get(inc.codes[k]) ?? inc.codes[k]).sort((a, b) => a.localeCompare(b, 'en'));
  });
}

/** Everything the panel shows for `chosen` options on the project as it is now. */
export function saturationView(project: Project, chosen: Partial<SaturationViewOptions>, version: number): SaturationView {
  const composition = projectRepresentativeness(project);
  const options = resolveOptions(project, chosen, composition.attributes);
  const report = projectSaturation(project, {
    by: options.by,
    coder: options.coder ?? undefined,
    baseSize: options.baseSize,
    runLength: options.runLength,
    threshold: options.threshold,
    subgroupBy: options.subgroupBy ?? undefined,
  });
  const coders = codersOf(project);
  if (options.coder !== null && !coders.includes(options.coder)) coders.push(options.coder);
  return {
    version,
    title: project.config.title ?? 'Untitled study',
    options,
    defaults: projectDefaults(project),
    coders,
    attributes: composition.attributes.map((a) => a.attribute),
    report,
    newCodeNames: newCodeNames(project, report),
    composition,
  };
}
