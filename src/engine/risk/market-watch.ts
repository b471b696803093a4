/**
 * What the risk gate knows of the market: per instrument the best bid and ask (from tickers and
 * from books kept from snapshots and deltas), when each last arrived, and on which connection of
 * its venue. A quote is usable only while the venue's feed is connected, it arrived on the current
 * connection (not before a reconnect), it is younger than the age limit, and the book is not crossed.
 */
import type { MarketEvent } from '../../domain/market-event.js';
import type { VenueId } from '../../domain/venue.js';

/** Connection facts of each venue's feed; undefined where the feed does not say. */
export interface FeedStatus {
  /** Whether the venue's market-data connection is up right now. */
  isOpen(venue: VenueId): boolean | undefined;
  /** Connections made so far (grows on every reconnect). */
  connections(venue: VenueId): number | undefined;
  /** False while the feed's own book of the instrument is being resynchronised (after a gap). */
  bookUsable?(venue: VenueId, symbol: string): boolean | undefined;
}

interface QuoteState {
  tickerBid: number | null;
  tickerAsk: number | null;
  tickerTs: number;
  tickerConn: number;
  bids: Map<number, number> | null;
  asks: Map<number, number> | null;
  bookTs: number;
  bookConn: number;
}

export type QuoteProblem = 'no_data' | 'stale' | 'disconnected' | 'previous_connection' | 'resyncing' | 'crossed';

/** The reference quote of an instrument, or why there is none usable. */
export type QuoteCheck =
  | { readonly ok: true; readonly bid: number | null; readonly ask: number | null; readonly mid: number; readonly ageMs: number; readonly source: 'book' | 'ticker' }
  | { readonly ok: false; readonly problem: QuoteProblem; readonly detail: string; readonly ageMs: number | null };

function best(levels: Map<number, number> | null, side: 'bid' | 'ask'): number | null {
  if (levels === null) return null;
  let out: number | null = null;
  for (const [price, size] of levels) {
    if (size <= 0) continue;
    if (out === null || (side === 'bid' ? price > out : price < out)) out = price;
  }
  return out;
}

function applyLevels(target: Map<number, number>, flat: readonly number[]): void {
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const price = flat[i]!;
    const size = flat[i + 1]!;
    if (size > 0) target.set(price, size);
    else target.delete(price);
  }
}

export class MarketWatch {
  private readonly quotes = new Map<VenueId, Map<string, QuoteState>>();

  constructor(private readonly status?: FeedStatus) {}

  /** Takes top of book from tickers, snapshots and deltas; call with every event before strategies see it. */
  onMarketEvent(event: MarketEvent): void {
    if (event.kind === 'trade' || event.kind === 'status') return;
    const q = this.state(event.venue, event.symbol);
    const conn = this.status?.connections(event.venue) ?? 0;
    if (event.kind === 'ticker') {
      q.tickerBid = event.bid;
      q.tickerAsk = event.ask;
      q.tickerTs = event.tsLocal;
      q.tickerConn = conn;
    } else if (event.kind === 'book_snapshot') {
      q.bids = new Map();
      q.asks = new Map();
      applyLevels(q.bids, event.bids);
      applyLevels(q.asks, event.asks);
      q.bookTs = event.tsLocal;
      q.bookConn = conn;
    } else if (q.bids !== null && q.asks !== null && q.bookConn === conn) {
      applyLevels(q.bids, event.bids);
      applyLevels(q.asks, event.asks);
      q.bookTs = event.tsLocal;
    }
  }

  /** Best bid and ask as last seen, usable or not (for display). */
  top(venue: VenueId, symbol: string): { bid: number | null; ask: number | null } | undefined {
    const q = this.quotes.get(venue)?.get(symbol);
    if (!q) return undefined;
    const useBook = q.bids !== null && q.bookTs >= q.tickerTs;
    return useBook ? { bid: best(q.bids, 'bid'), ask: best(q.asks, 'ask') } : { bid: q.tickerBid, ask: q.tickerAsk };
  }

  /**
   * The freshest usable quote of an instrument at `now` (epoch ms): the book when it is at least as
   * recent as the ticker, else the ticker.
   */
  check(venue: VenueId, symbol: string, now: number, maxAgeMs: number): QuoteCheck {
    const q = this.quotes.get(venue)?.get(symbol);
    if (!q || (q.bids === null && q.tickerTs === -Infinity)) return { ok: false, problem: 'no_data', detail: `no market data for ${venue} ${symbol}`, ageMs: null };
    if (this.status?.isOpen(venue) === false) return { ok: false, problem: 'disconnected', detail: `${venue} market data is disconnected`, ageMs: null };
    const useBook = q.bids !== null && q.bookTs >= q.tickerTs;
    const ts = useBook ? q.bookTs : q.tickerTs;
    const ageMs = now - ts;
    const conn = this.status?.connections(venue);
    if (conn !== undefined && (useBook ? q.bookConn : q.tickerConn) !== conn) {
      return { ok: false, problem: 'previous_connection', detail: `${venue} ${symbol} quote is from before a reconnect; waiting for fresh data`, ageMs };
    }
    if (this.status?.bookUsable?.(venue, symbol) === false) {
      return { ok: false, problem: 'resyncing', detail: `${venue} ${symbol} book is being resynchronised after a gap`, ageMs };
    }
    if (ageMs > maxAgeMs) return { ok: false, problem: 'stale', detail: `${venue} ${symbol} quote is ${Math.round(ageMs)} ms old (limit ${maxAgeMs} ms)`, ageMs };
    const bid = useBook ? best(q.bids, 'bid') : q.tickerBid;
    const ask = useBook ? best(q.asks, 'ask') : q.tickerAsk;
    if (bid !== null && ask !== null && bid >= ask) return { ok: false, problem: 'crossed', detail: `${venue} ${symbol} book is crossed (bid ${bid} ≥ ask ${ask})`, ageMs };
    const mid = bid !== null && ask !== null ? (bid + ask) / 2 : (bid ?? ask);
    if (mid === null || !Number.isFinite(mid) || mid <= 0) return { ok: false, problem: 'no_data', detail: `${venue} ${symbol} has no bid or ask`, ageMs };
    return { ok: true, bid, ask, mid, ageMs, source: useBook ? 'book' : 'ticker' };
  }

  private state(venue: VenueId, symbol: string): QuoteState {
    let bySymbol = this.quotes.get(venue);
    if (!bySymbol) this.quotes.set(venue, (bySymbol = new Map()));
    let q = bySymbol.get(symbol);
    if (!q) {
      q = { tickerBid: null, tickerAsk: null, tickerTs: -Infinity, tickerConn: -1, bids: null, asks: null, bookTs: -Infinity, bookConn: -1 };
      bySymbol.set(symbol, q);
    }
    return q;
  }
}

/**
 * Reads connection facts off the venue feeds Arbiter has without importing them: Deribit `isOpen`,
 * `counters.reconnects` and `book(symbol).changeId` (null while resyncing); Polymarket and Derive
 * `connected` and `reconnects`, Polymarket `localTop(symbol)` (null while it waits for a book).
 */
export function feedStatusOf(feed: (venue: VenueId) => unknown): FeedStatus {
  const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
  return {
    isOpen(venue) {
      const f = feed(venue) as { isOpen?: unknown; connected?: unknown } | undefined;
      if (!f) return undefined;
      const v = f.isOpen ?? f.connected;
      return typeof v === 'boolean' ? v : undefined;
    },
    connections(venue) {
      const f = feed(venue) as { reconnects?: unknown; counters?: { reconnects?: unknown } } | undefined;
      if (!f) return undefined;
      return num(f.reconnects) ?? num(f.counters?.reconnects);
    },
    bookUsable(venue, symbol) {
      const f = feed(venue) as { book?: unknown; localTop?: unknown } | undefined;
      if (!f) return undefined;
      if (typeof f.book === 'function') {
        const b = (f.book as (s: string) => { changeId?: unknown } | undefined).call(f, symbol);
        return b === undefined ? undefined : b.changeId !== null;
      }
      if (typeof f.localTop === 'function') return (f.localTop as (s: string) => unknown).call(f, symbol) !== null;
      return undefined;
    },
  };
}
