/**
 * The quotes CrossMarket keeps between recalculations, each with the event time it arrived at:
 * Deribit option and future tickers (IVs, forwards, index), Derive option books (ticker top of
 * book with sizes, or full books) and Polymarket token books with sizes. Events are stored by
 * reference (they are immutable), so keeping a quote allocates nothing.
 */
import type { MarketEvent, TickerEvent } from '../../domain/market-event.js';
import type { VenueId } from '../../domain/venue.js';
import type { CrossMarketUniverse } from './discovery.js';
import { LevelBook } from './level-book.js';

export interface BookState {
  readonly book: LevelBook;
  /** Event time of the last change, epoch ms. */
  updatedMs: number;
  /** Last ticker seen for the instrument (Derive: index and forward). */
  ticker: TickerEvent | null;
  /** False once the venue says the instrument is halted, closed or settled. */
  open: boolean;
}

export interface TickerState {
  event: TickerEvent;
  updatedMs: number;
}

export class QuoteStore {
  readonly deribit = new Map<string, TickerState>();
  readonly books = new Map<string, BookState>();
  /** Latest index (spot) price in USD seen on any Deribit ticker, and when. */
  indexUsd: number | null = null;
  indexMs = -Infinity;

  bookOf(venue: VenueId, symbol: string): BookState | undefined {
    return this.books.get(`${venue}:${symbol}`);
  }

  private bookFor(venue: VenueId, symbol: string): BookState {
    const key = `${venue}:${symbol}`;
    let state = this.books.get(key);
    if (!state) {
      state = { book: new LevelBook(), updatedMs: -Infinity, ticker: null, open: true };
      this.books.set(key, state);
    }
    return state;
  }

  /**
   * Keeps what the event says about an instrument of the universe; returns the instrument's
   * "venue:symbol" key when a tradeable book changed (for edge monitoring), else null.
   */
  apply(event: MarketEvent, universe: CrossMarketUniverse, nowMs: number): string | null {
    const { venue, symbol } = event;
    if (venue === 'deribit') {
      if (event.kind !== 'ticker' || (!universe.deribitOptions.has(symbol) && !universe.deribitFutures.has(symbol))) return null;
      const existing = this.deribit.get(symbol);
      if (existing) {
        existing.event = event;
        existing.updatedMs = nowMs;
      } else this.deribit.set(symbol, { event, updatedMs: nowMs });
      if (event.index !== null && event.index > 0) {
        this.indexUsd = event.index;
        this.indexMs = nowMs;
      }
      return null;
    }
    const tracked = venue === 'derive' ? universe.deriveOptions.has(symbol) : venue === 'polymarket' ? universe.tokens.has(symbol) : false;
    if (!tracked) return null;
    const state = this.bookFor(venue, symbol);
    switch (event.kind) {
      case 'ticker':
        state.ticker = event;
        state.book.setTop(event.bid, event.bidSize, event.ask, event.askSize);
        break;
      case 'book_snapshot':
        state.book.reset(event.bids, event.asks);
        break;
      case 'book_delta':
        state.book.apply(event.bids, event.asks);
        break;
      case 'status':
        state.open = event.state === 'open' || event.state === 'unknown';
        break;
      case 'trade':
        return null;
    }
    state.updatedMs = nowMs;
    return `${venue}:${symbol}`;
  }

  /** Drops quotes of instruments no longer in the universe (after a catalog refresh). */
  retain(universe: CrossMarketUniverse): void {
    for (const symbol of this.deribit.keys()) if (!universe.deribitOptions.has(symbol) && !universe.deribitFutures.has(symbol)) this.deribit.delete(symbol);
    for (const key of this.books.keys()) {
      const [venue, symbol] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
      if (venue === 'derive' ? !universe.deriveOptions.has(symbol) : !universe.tokens.has(symbol)) this.books.delete(key);
    }
  }
}
