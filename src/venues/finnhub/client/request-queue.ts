/**
 * FIFO queue for a calls-per-window quota (Finnhub free tier: 60 calls per minute). Calls run one
 * at a time in submission order; a call starts only when fewer than `limit` calls were answered
 * within the last `windowMs` (answer time bounds the venue's receive time from above); a
 * 429 pauses the whole queue for the venue's Retry-After and the refused call goes first again.
 *
 * Why not the shared TokenBucket: a bucket of 60 refilled at 1/s lets 60 calls through at once and
 * 60 more during the next minute: 120 within one minute, which a per-minute quota refuses. The
 * window here never starts more than `limit` calls in any `windowMs`.
 */

export interface RequestQueueOptions {
  /** Calls allowed per window. */
  readonly limit: number;
  readonly windowMs: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Thrown by a task to say "refused for rate; retry after this many ms". */
export class RetryAfter extends Error {
  constructor(readonly delayMs: number, readonly original: Error) {
    super(original.message);
    this.name = 'RetryAfter';
  }
}

interface Job {
  readonly run: () => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
  retries: number;
}

export class RequestQueue {
  /** Answer times of the most recent calls (at most `limit`), oldest first. */
  private readonly starts: number[] = [];
  private readonly jobs: Job[] = [];
  private pausedUntil = 0;
  private draining = false;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: RequestQueueOptions, private readonly maxRateRetries = 5) {
    if (!(options.limit >= 1) || !(options.windowMs > 0)) throw new RangeError('RequestQueue: limit ≥ 1 and windowMs > 0');
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /** Calls waiting to start. */
  get pending(): number {
    return this.jobs.length;
  }

  /** Milliseconds until the next call may start (0 = now). */
  waitMs(): number {
    const t = this.now();
    let wait = Math.max(0, this.pausedUntil - t);
    if (this.starts.length >= this.options.limit) wait = Math.max(wait, this.starts[0]! + this.options.windowMs - t);
    return wait;
  }

  /** Runs `task` when the quota allows, after every call submitted before it has started. */
  submit<T>(task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.jobs.push({ run: task, resolve: resolve as (v: unknown) => void, reject, retries: 0 });
      void this.drain();
    });
  }

  /**
   * Counts a call at the time its answer arrived: the venue saw it no later than that, so
   * spacing from answers never lets the venue count `limit + 1` calls in a window.
   */
  private record(): void {
    this.starts.push(this.now());
    if (this.starts.length > this.options.limit) this.starts.shift();
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.jobs.length > 0) {
        const wait = this.waitMs();
        if (wait > 0) {
          await this.sleep(wait);
          continue;
        }
        const job = this.jobs[0]!;
        try {
          const value = await job.run().finally(() => this.record());
          this.jobs.shift();
          job.resolve(value);
        } catch (error) {
          if (error instanceof RetryAfter && job.retries < this.maxRateRetries) {
            job.retries++;
            this.pausedUntil = this.now() + error.delayMs;
            continue;
          }
          this.jobs.shift();
          job.reject(error instanceof RetryAfter ? error.original : error);
        }
      }
    } finally {
      this.draining = false;
    }
  }
}
