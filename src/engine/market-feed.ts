/** What the engine needs from a venue's market-data side (venues/<venue>/client implements it). */
import type { MarketEvent } from '../domain/market-event.js';
import type { Instrument } from '../domain/instrument.js';
import type { Fill, OrderRequest, OrderUpdate } from '../domain/order.js';
import type { VenueId } from '../domain/venue.js';
import type { Channel, OrderAck } from './strategy.js';

export interface ChannelSubscription {
  readonly symbol: string;
  readonly channel: Channel;
}

export interface MarketFeed {
  readonly venue: VenueId;
  /** Connects and starts pushing events to `sink`; reconnecting and resubscribing is the feed's job. */
  start(sink: (event: MarketEvent) => void): Promise<void>;
  subscribe(subscriptions: readonly ChannelSubscription[]): Promise<void>;
  unsubscribe(subscriptions: readonly ChannelSubscription[]): Promise<void>;
  stop(): Promise<void>;
}

export type MarketFeedFactory = (venue: VenueId) => MarketFeed;

/** A venue's instrument list, loaded over REST live or from the catalog history in replay. */
export interface CatalogSource {
  readonly venue: VenueId;
  load(): Promise<readonly Instrument[]>;
}

export interface ExecutionRouter {
  submit(request: OrderRequest): Promise<OrderAck>;
  cancel(venue: VenueId, clientOrderId: string): Promise<void>;
  /**
   * Changes a live order's price and/or quantity in place (VenueExecutionClient.amend). Absent on a
   * router that cannot; a router that has it throws NotSupportedError for a venue whose client has
   * no amend — never a silent cancel and replace.
   */
  amend?(venue: VenueId, clientOrderId: string, change: OrderAmendment): Promise<void>;
}

/**
 * A venue's order entry (venues/<venue>/execution implements it). Never a fake success: an
 * action the venue or mode cannot do throws NotSupportedError; a lost answer throws
 * ARB_VENUE_UNKNOWN_OUTCOME and the caller reconciles with `openOrders` before acting again.
 */
/** New price and/or quantity (total order quantity, venue units) of a live order. */
export interface OrderAmendment {
  readonly price?: number;
  readonly quantity?: number;
}

export interface VenueExecutionClient {
  readonly venue: VenueId;
  submit(request: OrderRequest): Promise<OrderAck>;
  cancel(clientOrderId: string): Promise<void>;
  /**
   * Changes a live order's price and/or quantity in place where the venue can (Binance USDⓈ-M
   * modify, Coinbase edit, Kraken amend), keeping the client order id. Absent when the venue has
   * no amend; a change the venue refuses rejects with its reason.
   */
  amend?(clientOrderId: string, change: OrderAmendment): Promise<void>;
  /** Orders the venue reports as live, for reconciliation after a reconnect or unknown outcome. */
  openOrders(): Promise<readonly OrderUpdate[]>;
  /** Order updates and fills as they arrive (user channel, private notifications). */
  onUpdate(listener: (update: OrderUpdate | Fill) => void): void;
  close(): Promise<void>;
}
