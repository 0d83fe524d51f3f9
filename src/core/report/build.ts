/** The findings report's builder: the project's analyses laid out as one ReportDocument, section by section. */
import type { Project } from '../project';
import { findingsSection } from './findings';
import { gatherInputs, type ReportOptions } from './inputs';
import { methodsSection } from './methods';
import type { ReportDocument } from './model';
import { codebookSection, contributorsSection, reflexivitySection, reviewSection } from './sections';

/** The report's content for `project`. */
export async function buildReport(project: Project, opts: ReportOptions): Promise<ReportDocument> {
  const inputs = await gatherInputs(project, opts);
  const title = inputs.p(project.config.title ?? 'Study');
  return {
    title: `${title}: findings`,
    preface: [
      `A first draft for the working group to edit, generated on ${inputs.generated.slice(0, 10)} from the project's codebook, codings, memos and review rounds.`,
      inputs.pseudonymStatement,
    ],
    pseudonymised: inputs.pseudonymised,
    sections: [
      findingsSection(inputs),
      reviewSection(inputs),
      methodsSection(inputs),
      reflexivitySection(inputs),
      contributorsSection(inputs),
      codebookSection(inputs),
    ],
  };
}
