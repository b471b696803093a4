/**
 * Feed latency from the recording itself: each event carries the venue's timestamp and our
 * receive timestamp, and their difference is how late we saw the market. The simulated venue uses
 * the latest difference to place events without a venue timestamp on the venue's time line, and
 * reports the distribution.
 */

export interface FeedLatencyStats {
  readonly samples: number;
  readonly meanMs: number;
  readonly maxMs: number;
  readonly lastMs: number;
}

export class FeedLatencyTracker {
  private samples = 0;
  private sum = 0;
  private max = 0;
  private last = 0;

  /** Records one event's delay; negative differences (clock skew) count as 0. */
  observe(tsVenue: number | null, tsLocal: number): void {
    if (tsVenue === null) return;
    const d = Math.max(0, tsLocal - tsVenue);
    this.samples++;
    this.sum += d;
    if (d > this.max) this.max = d;
    this.last = d;
  }

  /** The venue time of an event: its own timestamp, or the receive time less the latest delay. */
  venueTime(tsVenue: number | null, tsLocal: number): number {
    return tsVenue ?? tsLocal - this.last;
  }

  /** Current estimate of the delay, ms. */
  get estimateMs(): number {
    return this.last;
  }

  stats(): FeedLatencyStats {
    return { samples: this.samples, meanMs: this.samples === 0 ? 0 : this.sum / this.samples, maxMs: this.max, lastMs: this.last };
  }
}
