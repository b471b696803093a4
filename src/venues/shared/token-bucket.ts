/** Credit-based rate limiting (Deribit: 3,000 credits per subscribe from a 30,000 bucket refilled at 10,000/s). */

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(private readonly capacity: number, private readonly refillPerSec: number, private readonly now: () => number = Date.now) {
    this.tokens = capacity;
    this.last = now();
  }

  /** Milliseconds to wait before `cost` credits are available (0 = now); takes them when available. */
  take(cost: number): number {
    this.refill();
    if (this.tokens >= cost) {
      this.tokens -= cost;
      return 0;
    }
    const waitMs = ((cost - this.tokens) / this.refillPerSec) * 1000;
    this.tokens -= cost;
    return waitMs;
  }

  /** Resolves once `cost` credits have been taken. */
  async acquire(cost: number): Promise<void> {
    const waitMs = this.take(cost);
    if (waitMs > 0) await new Promise((r) => setTimeout(r, waitMs));
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((t - this.last) / 1000) * this.refillPerSec);
    this.last = t;
  }
}
