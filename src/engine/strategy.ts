/**
 * The strategy contract. A strategy names the venues it needs, says which instruments it wants
 * from the current catalogs, and reacts to events, timers, order updates and fills through its
 * context — the only door to the world, identical live, in demo and in backtests.
 */
import type { Instrument } from '../domain/instrument.js';
import type { MarketEvent } from '../domain/market-event.js';
import type { Fill, OrderRequest, OrderUpdate, Position } from '../domain/order.js';
import type { VenueId } from '../domain/venue.js';
import type { Logger } from './logger.js';
import type { OrderAmendment } from './market-feed.js';

/** What a market feed can stream for one instrument. */
export type Channel = 'ticker' | 'book' | 'trades';

export interface SubscriptionSpec {
  readonly venue: VenueId;
  readonly symbol: string;
  /** Default: ['ticker']. Instrument status events reach every subscriber of the symbol. */
  readonly channels?: readonly Channel[];
}

/** The instruments each venue lists right now (or as of the replay time). */
export interface CatalogView {
  instruments(venue: VenueId): readonly Instrument[];
  find(venue: VenueId, symbol: string): Instrument | undefined;
}

export interface OrderAck {
  readonly clientOrderId: string;
  readonly venueOrderId: string | null;
}

/**
 * What a strategy may read of the account: marked equity in USD (cash plus positions, every venue
 * counted once) and positions. Live it comes from the journal/venues; in backtests from the
 * simulated portfolio.
 */
export interface PortfolioView {
  equityUsd(): number;
  position(venue: VenueId, symbol: string): Position | undefined;
  positions(): readonly Position[];
  /** Cash of a venue in a currency, spot coins included (USDT, BTC, ETH); absent where a run keeps no balances. */
  balance?(venue: VenueId, currency: string): number;
}

export interface StrategyContext {
  readonly name: string;
  /** Epoch ms: wall time live, event time in replay. */
  now(): number;
  readonly logger: Logger;
  readonly catalogs: CatalogView;
  /** The account; throws NotSupportedError when the run has no portfolio (never a silent zero wealth). */
  readonly portfolio: PortfolioView;
  /** Calls `onTimer(id)` after `delayMs`, then every `repeatMs` if given. Re-using an id replaces the timer. */
  setTimer(id: string, delayMs: number, repeatMs?: number): void;
  cancelTimer(id: string): void;
  /**
   * Runs heavy work (an optimisation, a refit) off the event path. While a task with the same key
   * runs, further requests coalesce into one re-run after it. Errors are logged and isolated.
   */
  runOffPath(key: string, task: () => Promise<void>): void;
  /** Routes the order to its venue; throws NotSupportedError when no execution is configured. */
  submitOrder(request: OrderRequest): Promise<OrderAck>;
  cancelOrder(venue: VenueId, clientOrderId: string): Promise<void>;
  /**
   * Changes a live order's price and/or quantity (total order quantity) in place, keeping its id
   * and, for a quantity decrease, its queue priority. Checked by the risk gate like a new order of
   * the amended size and price; the venue confirms with an order update carrying the new remaining
   * quantity. Throws NotSupportedError naming the venue when its execution has no amend (the
   * strategy decides whether to cancel and replace).
   */
  amendOrder(venue: VenueId, clientOrderId: string, change: OrderAmendment): Promise<void>;
}

export interface Strategy {
  readonly name: string;
  /** Venues whose feeds must exist for this strategy, even while their catalogs are empty. */
  readonly venues: readonly VenueId[];
  /** Called after every catalog refresh; the engine subscribes and unsubscribes only the difference. */
  discoverSubscriptions(catalogs: CatalogView): readonly SubscriptionSpec[];
  onStart?(ctx: StrategyContext): void | Promise<void>;
  /** Keep it quick: heavy work belongs in `ctx.runOffPath`. A returned promise is not awaited. */
  onEvent(event: MarketEvent, ctx: StrategyContext): void | Promise<void>;
  onTimer?(timerId: string, ctx: StrategyContext): void | Promise<void>;
  onOrderUpdate?(update: OrderUpdate, ctx: StrategyContext): void | Promise<void>;
  onFill?(fill: Fill, ctx: StrategyContext): void | Promise<void>;
  onStop?(ctx: StrategyContext): void | Promise<void>;
}
