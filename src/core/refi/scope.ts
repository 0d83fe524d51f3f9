/**
 * What of the project leaves it in a REFI-QDA project export. The one place
 * where the exported sources and participants are chosen, so that a rule about
 * who may not be exported (a participant who withdrew) is applied here once and
 * holds for every part of the export: their sources, the codings and memo
 * passages on those sources, and their case.
 */
import type { Participant } from '../model';
import type { Project } from '../project';

export interface ExportScope {
  /** Source paths to export, sorted. */
  sources: string[];
  participants: Participant[];
}

/** The sources and participants a .qdpx export carries. */
export function exportScope(project: Project): ExportScope {
  const participants = project.participants?.participants ?? [];
  return { sources: [...project.sources], participants: [...participants] };
}
