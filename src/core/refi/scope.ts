/**
 * What of the project leaves it in a REFI-QDA project export. The one place
 * where the exported sources, passages and participants are chosen, by the
 * project's one rule on withdrawal (participants/inclusion): a participant who
 * withdrew leaves nothing in the export, not their sources, the codings and
 * memo passages on them, their turns in shared sources, nor their case.
 */
import type { Participant } from '../model';
import { inclusion } from '../participants';
import type { Project } from '../project';

export interface ExportScope {
  /** Source paths to export, sorted. */
  sources: string[];
  participants: Participant[];
  /** False for a passage that must not be exported (code points, end exclusive). */
  includesPassage(source: string, start: number, end: number): boolean;
  /** How many sources were left out because their participant withdrew. */
  withdrawnSources: number;
}

/** The sources, passages and participants a .qdpx export carries. */
export function exportScope(project: Project): ExportScope {
  const inc = inclusion(project);
  return {
    sources: [...inc.sources],
    participants: [...(inc.participants()?.participants ?? [])],
    includesPassage: (source, start, end) => inc.includesPassage(source, start, end),
    withdrawnSources: project.sources.length - inc.sources.length,
  };
}
