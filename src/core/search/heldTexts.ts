/**
 * Which sources' texts a search index holds, used last at the end, and their
 * characters: beyond a budget, the texts used longest ago are let go (and read
 * again when a query needs them).
 */
export class HeldTexts {
  private readonly held = new Map<string, number>();
  private chars = 0;

  constructor(
    private readonly budget: number,
    /** Called for each text let go. */
    private readonly detach: (path: string) => void,
  ) {}

  /** Notes that a source's text (of `chars` characters) is held, as the most recently used. */
  hold(path: string, chars: number): void {
    this.forget(path);
    this.held.set(path, chars);
    this.chars += chars;
  }

  /** Marks a held text as the most recently used. */
  touch(path: string): void {
    const chars = this.held.get(path);
    if (chars !== undefined) this.hold(path, chars);
  }

  /** Lets go of a source's text. */
  release(path: string): void {
    if (this.forget(path)) this.detach(path);
  }

  /** Lets go of the texts used longest ago while they are over the budget (or `budget`), keeping those in `keep`. */
  trim(keep: ReadonlySet<string> = new Set(), budget = this.budget): void {
    for (const path of [...this.held.keys()]) {
      if (this.chars <= budget) return;
      if (!keep.has(path)) this.release(path);
    }
  }

  private forget(path: string): boolean {
    const chars = this.held.get(path);
    if (chars === undefined) return false;
    this.held.delete(path);
    this.chars -= chars;
    return true;
  }
}
