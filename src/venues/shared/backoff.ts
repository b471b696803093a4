/** Reconnect delays: exponential with full jitter, capped, reset after a healthy connection. */

export interface BackoffOptions {
  readonly initialMs?: number;
  readonly maxMs?: number;
  /** Random source in [0, 1); injectable so tests are deterministic. */
  readonly random?: () => number;
}

export class Backoff {
  private attempt = 0;
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly random: () => number;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = options.initialMs ?? 250;
    this.maxMs = options.maxMs ?? 30_000;
    this.random = options.random ?? Math.random;
  }

  /** Delay before the next attempt: uniform in [ceiling/2, ceiling], ceiling doubling per attempt. */
  next(): number {
    const ceiling = Math.min(this.maxMs, this.initialMs * 2 ** this.attempt);
    this.attempt++;
    return ceiling / 2 + this.random() * (ceiling / 2);
  }

  reset(): void {
    this.attempt = 0;
  }

  get attempts(): number {
    return this.attempt;
  }
}
