import type { Disposable } from '../event';
import type { Project } from './project';
import { ProjectError, type FileWrite } from './store';
import { hashText } from '../text';

interface Entry {
  label: string;
  /** path -> text before the first write and after the last one in the transaction */
  files: Map<string, { before: string | undefined; after: string | undefined }>;
}

const MAX_ENTRIES = 100;

/**
 * Undo for project changes (code operations, codings): each transaction records
 * the files it wrote, and undo puts them back as they were, but only if nobody
 * changed them since (a teammate's pull, the CLI); otherwise it refuses and says so.
 */
export class History implements Disposable {
  private readonly entries: Entry[] = [];
  private active: Entry | undefined;
  private readonly sub: Disposable;

  constructor(private readonly project: Project) {
    this.sub = project.store.onDidWrite((w) => this.record(w));
  }

  private record(w: FileWrite): void {
    if (!this.active) return;
    const prev = this.active.files.get(w.path);
    this.active.files.set(w.path, { before: prev ? prev.before : w.before, after: w.after });
  }

  /** Runs `fn`, recording every file it writes as one undoable step called `label`. */
  async transaction<T>(label: string, fn: () => Promise<T>): Promise<T> {
    if (this.active) return fn(); // nested: part of the outer step
    const entry: Entry = { label, files: new Map() };
    this.active = entry;
    try {
      return await fn();
    } finally {
      this.active = undefined;
      if (entry.files.size) {
        this.entries.push(entry);
        if (this.entries.length > MAX_ENTRIES) this.entries.shift();
      }
    }
  }

  /** The label of the step undo would revert, if any. */
  get next(): string | undefined {
    return this.entries[this.entries.length - 1]?.label;
  }

  /** Reverts the last step. Returns its label, or undefined when there is nothing to undo. */
  async undo(): Promise<string | undefined> {
    const entry = this.entries[this.entries.length - 1];
    if (!entry) return undefined;
    const store = this.project.store;
    for (const [path, { after }] of entry.files) {
      const now = await store.readText(path);
      if ((now?.hash ?? undefined) !== (after === undefined ? undefined : hashText(after))) {
        throw new ProjectError(`cannot undo "${entry.label}": ${path} has changed since`, path);
      }
    }
    this.entries.pop();
    for (const [path, { before }] of entry.files) {
      if (before === undefined) await store.deleteFile(path);
      else await store.writeText(path, before, { overwriteChanged: true });
    }
    await this.project.reload([...entry.files.keys()]);
    return entry.label;
  }

  dispose(): void {
    this.sub.dispose();
  }
}
