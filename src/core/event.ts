/** A subscription that can be cancelled; the same shape as `vscode.Disposable`. */
export interface Disposable {
  dispose(): void;
}

/** An event you can listen to; the same shape as `vscode.Event<T>`, so adapters pass it through. */
export type Event<T> = (listener: (e: T) => unknown, thisArgs?: unknown, disposables?: Disposable[]) => Disposable;

/** Fires events to its listeners. A listener that throws does not stop the others. */
export class Emitter<T> implements Disposable {
  private listeners = new Set<(e: T) => unknown>();

  readonly event: Event<T> = (listener, thisArgs, disposables) => {
    const bound = thisArgs ? listener.bind(thisArgs) : listener;
    this.listeners.add(bound);
    const d = { dispose: () => void this.listeners.delete(bound) };
    disposables?.push(d);
    return d;
  };

  fire(e: T): void {
    for (const l of [...this.listeners]) {
      try {
        l(e);
      } catch (err) {
        // A broken listener must not stop the project from notifying the others.
        console.error('[reflexive-qda] event listener failed:', err);
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
