import {
  codingsPathFor,
  parseMemo,
  parseParticipants,
  parseProjectConfig,
  serializeMemo,
  serializeParticipants,
  serializeProjectConfig,
} from './format';
import { type Project, PARTICIPANTS_FILE, PROJECT_FILE } from './project';

/**
 * A transcript was renamed or moved (in VS Code's explorer): its codings file
 * moves with it, and memo links, participants and the saturation order follow.
 * Every file is changed through the store, so files with errors are refused
 * rather than overwritten, and the whole rename can be undone as one step.
 */
export async function renameSource(project: Project, from: string, to: string): Promise<string[]> {
  const changed: string[] = [];
  const file = project.codings.get(from);
  if (file) {
    const oldPath = project.codingsPathOf(from);
    await project.changeCodings(to, (f) => ({ ...file, ...f, source: to, codings: [...f.codings, ...file.codings] }));
    await project.store.deleteFile(oldPath);
    await project.reload([oldPath]);
    changed.push(oldPath, codingsPathFor(to));
  }
  for (const memo of [...project.memos.values()]) {
    if (!memo.meta.links?.some((l) => l.source === from)) continue;
    await project.store.update(
      memo.path,
      (t) => parseMemo(t, memo.path),
      serializeMemo,
      (m) => ({
        ...m!,
        meta: { ...m!.meta, links: m!.meta.links?.map((l) => (l.source === from ? { ...l, source: to } : l)) },
      }),
    );
    changed.push(memo.path);
  }
  if (project.participants?.participants.some((p) => p.sources?.includes(from))) {
    await project.store.update(PARTICIPANTS_FILE, parseParticipants, serializeParticipants, (p) => ({
      ...p!,
      participants: p!.participants.map((x) =>
        x.sources?.includes(from) ? { ...x, sources: x.sources.map((s) => (s === from ? to : s)) } : x,
      ),
    }));
    changed.push(PARTICIPANTS_FILE);
  }
  if (project.config.saturation?.order?.includes(from)) {
    await project.store.update(PROJECT_FILE, parseProjectConfig, serializeProjectConfig, (c) => ({
      ...c!,
      saturation: { ...c!.saturation, order: c!.saturation?.order?.map((s) => (s === from ? to : s)) },
    }));
    changed.push(PROJECT_FILE);
  }
  await project.reload([...changed, from, to]);
  return changed;
}
