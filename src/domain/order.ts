/** Orders, their lifecycle reports, fills, positions and balances. */
import type { VenueId } from './venue.js';

export type OrderSide = 'buy' | 'sell';
export type OrderType = 'limit' | 'market';
/** gtc: good till cancel; gtd: good till `expireAtMs`; ioc/fak: fill what you can now; fok: all or nothing. */
export type TimeInForce = 'gtc' | 'gtd' | 'ioc' | 'fok';

export interface OrderRequest {
  readonly clientOrderId: string;
  readonly venue: VenueId;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly type: OrderType;
  /** Venue units: contracts (Deribit, Derive), shares (Polymarket), coins (spot). */
  readonly quantity: number;
  /** Limit price in the instrument's price currency; null for market orders. */
  readonly price: number | null;
  readonly timeInForce: TimeInForce;
  readonly postOnly: boolean;
  readonly reduceOnly: boolean;
  readonly expireAtMs: number | null;
}

/** Order states are strict: an unknown venue state is an error, never guessed. */
export type OrderStatus = 'pending_new' | 'open' | 'partially_filled' | 'filled' | 'canceled' | 'rejected' | 'expired';

export const TERMINAL_ORDER_STATUSES: ReadonlySet<OrderStatus> = new Set(['filled', 'canceled', 'rejected', 'expired']);

export interface OrderUpdate {
  readonly kind: 'order_update';
  readonly venue: VenueId;
  readonly symbol: string;
  readonly clientOrderId: string;
  readonly venueOrderId: string | null;
  readonly status: OrderStatus;
  readonly filledQuantity: number;
  readonly remainingQuantity: number;
  readonly averageFillPrice: number | null;
  /** Venue's reason for a reject or cancel, verbatim. */
  readonly reason: string | null;
  readonly tsVenue: number | null;
  readonly tsLocal: number;
}

export interface Fill {
  readonly kind: 'fill';
  readonly venue: VenueId;
  readonly symbol: string;
  readonly clientOrderId: string;
  readonly venueOrderId: string | null;
  readonly tradeId: string;
  readonly side: OrderSide;
  readonly price: number;
  readonly quantity: number;
  /** Fee paid (negative for a rebate) in `feeCurrency`. */
  readonly fee: number;
  readonly feeCurrency: string;
  readonly liquidity: 'maker' | 'taker';
  readonly tsVenue: number | null;
  readonly tsLocal: number;
}

export interface Position {
  readonly venue: VenueId;
  readonly symbol: string;
  /** Signed: negative is short. */
  readonly quantity: number;
  readonly averagePrice: number | null;
  readonly realizedPnl: number;
}

export interface Balance {
  readonly venue: VenueId;
  readonly currency: string;
  readonly total: number;
  readonly available: number;
}
