/**
 * The PnL history of a run: the portfolio sampled on a fixed grid of the run's clock (default every
 * 60 s of event time), so per-period returns have one stated period. Sampling is a repeating timer,
 * which the replay clock fires in time order between events (and the wall clock in paper mode).
 */
import { ArbiterError } from '../../domain/errors.js';
import type { Clock } from '../../engine/clock.js';
import type { Portfolio, PortfolioSnapshot } from '../../engine/portfolio/portfolio.js';

/** One sample: the snapshot's account totals plus what the report derives from its positions. */
export interface HistoryRow extends Pick<PortfolioSnapshot, 'ts' | 'equityUsd' | 'cashUsd' | 'positionsValueUsd' | 'realisedPnlUsd' | 'unrealisedPnlUsd' | 'feesUsd'> {
  /** Σ |position value| in USD. */
  readonly grossExposureUsd: number;
  readonly openPositions: number;
  /** Traded notional so far, USD. */
  readonly volumeUsd: number;
}

export interface EdgePoint {
  readonly ts: number;
  readonly label: string;
  readonly value: number;
}

export const DEFAULT_HISTORY_PERIOD_MS = 60_000;

export function historyRowOf(s: PortfolioSnapshot): HistoryRow {
  let gross = 0;
  for (const p of s.positions) gross += Math.abs(p.valueUsd);
  let volume = 0;
  for (const v of s.venues) volume += v.volumeUsd;
  return {
    ts: s.ts, equityUsd: s.equityUsd, cashUsd: s.cashUsd, positionsValueUsd: s.positionsValueUsd, realisedPnlUsd: s.realisedPnlUsd,
    unrealisedPnlUsd: s.unrealisedPnlUsd, feesUsd: s.feesUsd, grossExposureUsd: gross, openPositions: s.positions.length, volumeUsd: volume,
  };
}

export class PortfolioHistory {
  readonly rows: HistoryRow[] = [];
  readonly edges: EdgePoint[] = [];
  /** Samples skipped because a held currency had no USD rate yet. */
  skipped = 0;
  private handle: number | null = null;
  private clock: Clock | null = null;

  constructor(private readonly portfolio: Portfolio, readonly periodMs = DEFAULT_HISTORY_PERIOD_MS) {
    if (!(periodMs > 0)) throw new ArbiterError('ARB_CONFIG_INVALID', 'history period must be positive', { periodMs });
  }

  /**
   * Takes a first sample now and one every period after it on `clock`. Until a first sample
   * succeeds (a coin balance has no USD rate before the first index price), it retries every
   * second, so the history starts with the data rather than one period late.
   */
  start(clock: Clock): void {
    this.clock = clock;
    this.sample(clock.now());
    const tick = (): void => {
      this.sample(clock.now());
      this.handle = clock.schedule(this.rows.length === 0 ? Math.min(this.periodMs, 1_000) : this.periodMs, tick);
    };
    this.handle = clock.schedule(this.rows.length === 0 ? Math.min(this.periodMs, 1_000) : this.periodMs, tick);
  }

  /** Stops sampling and takes a last sample at `ts` (the end of the data) when it is past the last one. */
  stop(ts: number): void {
    if (this.handle !== null && this.clock) this.clock.cancel(this.handle);
    this.handle = null;
    const last = this.rows.at(-1);
    if (last === undefined || ts > last.ts) this.sample(ts);
  }

  /** Adds a point to the optional "edges over time" series (e.g. a strategy's expected edge). */
  recordEdge(ts: number, label: string, value: number): void {
    if (Number.isFinite(value)) this.edges.push({ ts, label, value });
  }

  sample(ts: number): void {
    const snapshot = this.portfolio.trySnapshot(ts);
    if (snapshot === null) this.skipped++;
    else this.rows.push(historyRowOf(snapshot));
  }

}
