/**
 * What the dashboard reads from a running session and the few things it may change. The CLI's
 * sessions implement it (src/cli/session/session-dashboard-source.ts); the dashboard never
 * reaches into engines or venues by itself. All money is USD; all times are epoch ms.
 */
import type { VenueId } from '../domain/venue.js';
import type { Strategy } from '../engine/strategy.js';
import type { TradingControl } from './trading-control.js';

export interface StrategySummaryView {
  readonly name: string;
  readonly enabled: boolean;
  readonly venues: readonly VenueId[];
  readonly events: number;
  readonly errors: number;
  readonly lastError: string | null;
  readonly orders: number;
  readonly fills: number;
  /** null while a balance has no USD rate yet. */
  readonly equityUsd: number | null;
  readonly pnlUsd: number | null;
  readonly feesUsd: number | null;
  /** Σ |position value|. */
  readonly exposureUsd: number | null;
}

export interface VenueHealthView {
  readonly venue: VenueId;
  /** The socket's own state; null when the feed does not expose one (judge by `lastEventMs`). */
  readonly connected: boolean | null;
  /** Events delivered by the venue's shared feed so far. */
  readonly events: number;
  /** Local receive time of the newest event, null before the first. */
  readonly lastEventMs: number | null;
  readonly badFrames: number | null;
  readonly reconnects: number | null;
  readonly gaps: number | null;
  readonly resyncs: number | null;
}

export interface PositionView {
  /** The account the position belongs to (a strategy name in paper runs). */
  readonly account: string;
  readonly venue: VenueId;
  readonly symbol: string;
  readonly quantity: number;
  readonly averagePrice: number | null;
  readonly markPrice: number;
  readonly valueUsd: number;
  readonly unrealisedPnlUsd: number;
  readonly realisedPnlUsd: number;
}

export interface OrderView {
  readonly account: string;
  readonly clientOrderId: string;
  readonly venue: VenueId;
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly quantity: number;
  readonly price: number | null;
  readonly status: string;
  readonly filledQuantity: number;
  readonly averageFillPrice: number | null;
  readonly reason: string | null;
  readonly createdMs: number;
  readonly updatedMs: number;
}

export interface FillView {
  readonly account: string;
  readonly venue: VenueId;
  readonly symbol: string;
  readonly clientOrderId: string;
  readonly tradeId: string;
  readonly side: 'buy' | 'sell';
  readonly price: number;
  readonly quantity: number;
  readonly fee: number;
  readonly feeCurrency: string;
  readonly liquidity: 'maker' | 'taker';
  readonly tsLocal: number;
}

export interface DashboardSource {
  /** The session's mode, shown in the header ("demo", "paper", "live"). */
  readonly mode: string;
  strategies(): readonly StrategySummaryView[];
  /** The running strategy object (its `state()` and class pick the tab's widgets); undefined when unknown. */
  strategy(name: string): Strategy | undefined;
  /** @throws ArbiterError ARB_INPUT_INVALID for an unknown name; ARB_ENGINE_STATE when enabling while halted. */
  setStrategyEnabled(name: string, enabled: boolean): void;
  venues(): readonly VenueHealthView[];
  positions(): readonly PositionView[];
  /** Open orders first, then the most recent finished ones. */
  orders(): readonly OrderView[];
  /** Most recent first. */
  fills(): readonly FillView[];
  readonly control: TradingControl;
  /** Called after market events, order updates and fills (cheap; the dashboard coalesces). Returns an unsubscribe function. */
  onActivity(listener: () => void): () => void;
}
