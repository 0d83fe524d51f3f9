import type { ProjectConfig } from '../../model';
import { keepProtoKeys, ordered, toYaml } from './emit';
import { finish, type Parsed } from './parse';
import { projectSchema } from './schemas';
import { YamlSource } from './yamlFile';

export const FORMAT_VERSION = 1;

/** Reads qda/project.yaml; an unknown `format` is an error (a newer tool wrote it). */
export function parseProjectConfig(text: string): Parsed<ProjectConfig> {
  const src = new YamlSource(text);
  if (!src.ok) return finish(undefined, src.problems);
  const raw = src.toJS();
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return finish(undefined, [src.at(0, 'project.yaml must be a mapping with at least "format: 1" and "sources"')]);
  }
  const r = projectSchema.safeParse(raw);
  if (!r.success) {
    src.addZodError(r.error);
    return finish(undefined, src.problems);
  }
  if (r.data.format !== FORMAT_VERSION) {
    src.problems.push(
      src.atPath(['format'], `unknown format ${r.data.format}: this version of Reflexive QDA reads format ${FORMAT_VERSION}`),
    );
    return finish(undefined, src.problems);
  }
  if (!('sources' in (raw as object))) {
    src.problems.push(
      src.atPath([], 'missing required key "sources" (globs of transcript files, e.g. transcripts/**/*.transcript)', {
        severity: 'warning',
      }),
    );
  }
  return finish(keepProtoKeys(raw, r.data) as ProjectConfig, src.problems);
}

export function serializeProjectConfig(config: ProjectConfig): string {
  const saturation = config.saturation ? ordered(config.saturation, ['order', 'baseSize', 'runLength', 'threshold']) : undefined;
  return toYaml(ordered({ ...config, saturation }, ['format', 'title', 'sources', 'saturation']));
}
