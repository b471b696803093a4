/**
 * Market events: the only market-data type strategies see, live and in replay alike.
 * Every event carries the venue timestamp (`tsVenue`, null when the frame has none) and the local
 * receive timestamp (`tsLocal`), both epoch ms. Missing values are `null`, never NaN or undefined,
 * so an event survives a JSON round trip unchanged.
 * Book levels are flat arrays `[price0, size0, price1, size1, …]`: one allocation per side.
 */
import type { VenueId } from './venue.js';

interface EventBase {
  readonly venue: VenueId;
  readonly symbol: string;
  readonly tsVenue: number | null;
  readonly tsLocal: number;
}

export interface Greeks {
  readonly delta: number | null;
  readonly gamma: number | null;
  /** Per 1.00 of vol, in the ticker's price currency (venues that quote per 1 % are rescaled). */
  readonly vega: number | null;
  /** Per year of calendar time. */
  readonly theta: number | null;
  readonly rho: number | null;
}

/** Top of book plus whatever the venue's ticker adds (marks, IVs as fractions, greeks, underlying). */
export interface TickerEvent extends EventBase {
  readonly kind: 'ticker';
  /** Currency of bid/ask/last/mark (BTC for Deribit inverse options). */
  readonly priceCurrency: string;
  readonly bid: number | null;
  readonly bidSize: number | null;
  readonly ask: number | null;
  readonly askSize: number | null;
  readonly last: number | null;
  readonly mark: number | null;
  /** Index (spot reference) price in USD. */
  readonly index: number | null;
  /** Price of what the option is written on (Deribit underlying future, Derive forward), USD. */
  readonly underlying: number | null;
  readonly markIv: number | null;
  readonly bidIv: number | null;
  readonly askIv: number | null;
  readonly greeks: Greeks | null;
  readonly openInterest: number | null;
}

export interface BookSnapshotEvent extends EventBase {
  readonly kind: 'book_snapshot';
  /** Best first: descending prices. */
  readonly bids: readonly number[];
  /** Best first: ascending prices. */
  readonly asks: readonly number[];
  /** Venue sequence/change id of this snapshot, null when the venue has none. */
  readonly sequence: number | null;
}

/** Absolute sizes per level; size 0 removes the level. */
export interface BookDeltaEvent extends EventBase {
  readonly kind: 'book_delta';
  readonly bids: readonly number[];
  readonly asks: readonly number[];
  readonly sequence: number | null;
  /** The sequence this delta follows; a mismatch with the book's last sequence is a gap. */
  readonly prevSequence: number | null;
}

export interface TradeEvent extends EventBase {
  readonly kind: 'trade';
  readonly priceCurrency: string;
  readonly price: number;
  readonly size: number;
  /** Aggressor side, null when the venue does not say. */
  readonly side: 'buy' | 'sell' | null;
  readonly tradeId: string | null;
}

export type InstrumentState = 'open' | 'halted' | 'closed' | 'settled' | 'unknown';

export interface StatusEvent extends EventBase {
  readonly kind: 'status';
  readonly state: InstrumentState;
  /** New tick size when the venue changed it (Polymarket `tick_size_change`). */
  readonly tickSize: number | null;
  readonly settlementPrice: number | null;
}

export type MarketEvent = TickerEvent | BookSnapshotEvent | BookDeltaEvent | TradeEvent | StatusEvent;

export type MarketEventKind = MarketEvent['kind'];

export const NO_GREEKS: Greeks = Object.freeze({ delta: null, gamma: null, vega: null, theta: null, rho: null });

/** Mid of bid and ask, or the one side present, or null. */
export function midPrice(t: Pick<TickerEvent, 'bid' | 'ask'>): number | null {
  if (t.bid !== null && t.ask !== null) return (t.bid + t.ask) / 2;
  return t.bid ?? t.ask;
}
