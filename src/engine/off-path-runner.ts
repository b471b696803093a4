/**
 * Runs heavy strategy work off the event path: one task per key at a time, later requests for a
 * busy key coalesce into a single re-run with the newest task. `whenIdle` lets replay wait for
 * all of it so backtests stay deterministic.
 */

export class OffPathRunner {
  private readonly running = new Map<string, Promise<void>>();
  private readonly queued = new Map<string, () => Promise<void>>();
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly onError: (key: string, error: unknown) => void) {}

  get busy(): boolean {
    return this.running.size > 0;
  }

  run(key: string, task: () => Promise<void>): void {
    if (this.running.has(key)) {
      this.queued.set(key, task);
      return;
    }
    this.start(key, task);
  }

  /** Resolves once no task is running or queued. */
  whenIdle(): Promise<void> {
    if (this.running.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private start(key: string, task: () => Promise<void>): void {
    const p = (async () => {
      try {
        await task();
      } catch (error) {
        this.onError(key, error);
      }
    })().finally(() => {
      this.running.delete(key);
      const next = this.queued.get(key);
      if (next) {
        this.queued.delete(key);
        this.start(key, next);
      } else if (this.running.size === 0) {
        const waiters = this.idleWaiters;
        this.idleWaiters = [];
        for (const w of waiters) w();
      }
    });
    this.running.set(key, p);
  }
}
