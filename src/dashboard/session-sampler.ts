/**
 * Samples the session once a second: each strategy's equity and PnL into a bounded history
 * (the overview's chart), and each venue's event count into a message rate.
 */
import type { DashboardSource, VenueHealthView } from './dashboard-source.js';

export interface EquitySeries {
  readonly name: string;
  readonly ts: number[];
  readonly equityUsd: Array<number | null>;
  readonly pnlUsd: Array<number | null>;
}

export interface VenueRate extends VenueHealthView {
  /** Events per second over the last sampling period. */
  readonly eventsPerSec: number;
}

export class SessionSampler {
  private readonly series = new Map<string, EquitySeries>();
  private readonly lastCounts = new Map<string, { events: number; atMs: number; rate: number }>();

  constructor(private readonly source: DashboardSource, private readonly capacity = 3_600) {}

  /** Takes one sample at `nowMs`. */
  sample(nowMs: number): void {
    for (const s of this.source.strategies()) {
      let series = this.series.get(s.name);
      if (!series) this.series.set(s.name, (series = { name: s.name, ts: [], equityUsd: [], pnlUsd: [] }));
      series.ts.push(nowMs);
      series.equityUsd.push(s.equityUsd);
      series.pnlUsd.push(s.pnlUsd);
      if (series.ts.length > this.capacity) {
        const drop = series.ts.length - this.capacity;
        series.ts.splice(0, drop);
        series.equityUsd.splice(0, drop);
        series.pnlUsd.splice(0, drop);
      }
    }
    for (const v of this.source.venues()) {
      const last = this.lastCounts.get(v.venue);
      const rate = last && nowMs > last.atMs ? ((v.events - last.events) * 1000) / (nowMs - last.atMs) : 0;
      this.lastCounts.set(v.venue, { events: v.events, atMs: nowMs, rate });
    }
  }

  history(): EquitySeries[] {
    return [...this.series.values()];
  }

  /** Venue health with the rate from the last two samples. */
  venues(): VenueRate[] {
    return this.source.venues().map((v) => ({ ...v, eventsPerSec: this.lastCounts.get(v.venue)?.rate ?? 0 }));
  }
}
