/**
 * Writing a planned REFI-QDA project import. Into a folder with no project it
 * first creates one (titled as the file's project); then transcripts, the
 * codebook, codings, participants and memos, each file atomically, none
 * written over: a file that appeared since the plan stops the import with a
 * message. Files are reloaded once at the end, so a large import does not
 * recheck the project after every file.
 */
import {
  CODEBOOK_FILE,
  initProject,
  parseCodebook,
  parseCodings,
  parseParticipants,
  PARTICIPANTS_FILE,
  Project,
  ProjectError,
  serializeCodebook,
  serializeCodings,
  serializeParticipants,
} from '../project';
import type { Ports } from '../ports';
import { encodeUtf8, hashText } from '../text';
import { planQdpxImport, type QdpxPlan, type SourcePlan } from './importPlan';
import type { QdpxRead } from './qdpxRead';

export interface QdpxApplied {
  plan: QdpxPlan;
  project: Project;
  /** Every file written, in order. */
  written: string[];
}

/**
 * Plans and writes the import of `read` into the project open in `project`, or,
 * when there is none, into a new project in the folder of `ports`.
 */
export async function applyQdpxImport(read: QdpxRead, target: { project?: Project; ports: Ports }): Promise<QdpxApplied> {
  if (!read.ok || !read.project) throw new ProjectError(read.refused ?? 'nothing in this file can be imported');
  const written: string[] = [];
  let project = target.project;
  if (!project) {
    written.push(...(await initProject(target.ports.files, { title: read.project.name ?? 'Imported project' })));
    project = await Project.open(target.ports);
  }
  const plan = await planQdpxImport(read, { project, files: project.ports.files, ids: project.ports.ids, now: project.ports.clock.now() });
  // Planned against the project just created: still, for the researcher, a new project.
  if (!target.project) plan.newProject = true;
  const store = project.store;
  const touched: string[] = [];

  // New files (transcripts, codings of new transcripts, memos) and files that exist (updated through the store).
  const files = project.ports.files;
  const fresh: { path: string; text: string }[] = [];
  const updates: SourcePlan[] = [];
  for (const s of plan.sources) {
    if (s.action === 'add' && s.path && s.text !== undefined) fresh.push({ path: s.path, text: s.text });
  }
  for (const s of plan.sources) {
    if (!s.path || s.action === 'skip' || (!s.codings.length && !s.guid)) continue;
    const path = project.codingsPathOf(s.path);
    if (s.action === 'add' && !project.codingsFiles.has(path))
      fresh.push({ path, text: serializeCodings({ source: s.path, codings: s.codings, ...(s.guid ? { guid: s.guid } : {}) }) });
    else updates.push(s);
  }
  for (const m of plan.memos) if (m.action === 'add' && m.text !== undefined) fresh.push({ path: m.path, text: m.text });

  // Nothing is written over: every new file is checked before the first write, and again just before its own.
  const exists = await inBatches(fresh, async (f) => ((await files.stat(f.path)) ? f.path : undefined));
  const clash = exists.find((p) => p !== undefined);
  if (clash)
    throw new ProjectError(
      `${clash} exists already (it appeared after the plan was made): nothing was imported; run the import again`,
      clash,
    );

  // The codebook and participants first: the plan was made against them, and they refuse to be written over when changed since.
  if (plan.codes.items.some((i) => i.action !== 'unchanged')) {
    await store.update(CODEBOOK_FILE, parseCodebook, serializeCodebook, (cb) => {
      if (hashText(JSON.stringify((cb ?? { codes: [] }).codes)) !== plan.codebookBase)
        throw new ProjectError('the codebook changed while importing; run the import again to see the new plan', CODEBOOK_FILE);
      return plan.codes.codebook;
    });
    written.push(CODEBOOK_FILE);
    touched.push(CODEBOOK_FILE);
  }
  if (plan.participants && plan.participantItems.some((p) => p.action !== 'same')) {
    await store.update(PARTICIPANTS_FILE, parseParticipants, serializeParticipants, (p) => {
      if (hashText(JSON.stringify(p ?? null)) !== plan.participantsBase)
        throw new ProjectError(
          'qda/participants.yaml changed while importing; run the import again to see the new plan',
          PARTICIPANTS_FILE,
        );
      return plan.participants!;
    });
    written.push(PARTICIPANTS_FILE);
    touched.push(PARTICIPANTS_FILE);
  }

  // Written side by side: each write waits for the disk (fsync), and hundreds of them one after another take seconds.
  await inBatches(fresh, async (f) => {
    if (await files.stat(f.path))
      throw new ProjectError(`${f.path} appeared while importing; it was left as it is (${written.length} files were written)`, f.path);
    await files.writeAtomic(f.path, encodeUtf8(f.text));
    written.push(f.path);
    touched.push(f.path);
  });
  await project.refreshSources();

  for (const s of updates) {
    const path = project.codingsPathOf(s.path!);
    await store.update(
      path,
      (t) => parseCodings(t, path),
      serializeCodings,
      (f) => ({
        ...(f ?? { source: s.path!, codings: [] }),
        codings: [...(f?.codings ?? []), ...s.codings],
        ...(s.guid && !f?.guid ? { guid: s.guid } : {}),
      }),
    );
    written.push(path);
    touched.push(path);
  }
  await project.reload(touched);
  return { plan, project, written };
}

/** Runs `task` on every item, at most 16 at a time; results in the order of `items`. */
async function inBatches<T, R>(items: readonly T[], task: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const k = next++;
      out[k] = await task(items[k]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(16, items.length) }, worker));
  return out;
}
