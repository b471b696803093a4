/**
 * Deribit API v2 WebSocket frames → market events. Market data arrives as JSON-RPC
 * notifications `{"method":"subscription","params":{"channel":"<kind>.<instrument>…","data":…}}`
 * on the channels `ticker.<name>.<interval>`, `book.<name>.<interval>` (snapshot + change with
 * `change_id`/`prev_change_id`), `book.<name>.<group>.<depth>.<interval>` (top-N snapshots) and
 * `trades.<name>.<interval>`. Responses, heartbeats and other channels emit nothing.
 * Deribit IVs are percent (→ fractions); greeks' vega is per 1 % vol and theta per day (→ per 1.00
 * vol and per year).
 */
import type { BookDeltaEvent, BookSnapshotEvent, Greeks, TickerEvent, TradeEvent } from '../../../domain/market-event.js';
import type { EventSink, FrameParser } from '../../shared/frame-parser.js';
import { cachedPerSymbol, frameError, isRecord, optionalNumber, requiredNonNegative, requiredNumber, requiredString, sortLevels, subscriptionNotification } from '../../shared/wire-values.js';
import { deribitPriceCurrency } from './deribit-price-currency.js';

const V = 'deribit';

export function createDeribitFrameParser(): FrameParser {
  const currencyOf = cachedPerSymbol(deribitPriceCurrency);
  return {
    venue: V,
    parse(frame: unknown, tsLocal: number, emit: EventSink): void {
      const notification = subscriptionNotification(frame, V);
      if (notification === null) return; // responses, heartbeats, test_request
      const { channel, data } = notification;
      if (channel.startsWith('ticker.')) emit(parseTicker(data, tsLocal, currencyOf));
      else if (channel.startsWith('book.')) emit(parseBook(data, tsLocal));
      else if (channel.startsWith('trades.')) parseTrades(data, tsLocal, currencyOf, emit);
    },
  };
}

function parseGreeks(value: unknown): Greeks | null {
  if (!isRecord(value)) return null;
  const vega = optionalNumber(value.vega, V, 'greeks.vega');
  const theta = optionalNumber(value.theta, V, 'greeks.theta');
  const rho = optionalNumber(value.rho, V, 'greeks.rho');
  return {
    delta: optionalNumber(value.delta, V, 'greeks.delta'),
    gamma: optionalNumber(value.gamma, V, 'greeks.gamma'),
    vega: vega === null ? null : vega * 100,
    theta: theta === null ? null : theta * 365,
    rho: rho === null ? null : rho * 100,
  };
}

function ivFraction(value: unknown, field: string): number | null {
  const pct = optionalNumber(value, V, field);
  // Deribit sends 0 for "no IV" on one-sided books.
  return pct === null || pct <= 0 ? null : pct / 100;
}

function parseTicker(data: unknown, tsLocal: number, currencyOf: (s: string) => string): TickerEvent {
  if (!isRecord(data)) throw frameError(V, 'ticker data is not an object');
  const symbol = requiredString(data.instrument_name, V, 'instrument_name');
  const underlying = optionalNumber(data.underlying_price, V, 'underlying_price');
  const index = optionalNumber(data.index_price, V, 'index_price');
  return {
    kind: 'ticker',
    venue: V,
    symbol,
    tsVenue: requiredNumber(data.timestamp, V, 'timestamp'),
    tsLocal,
    priceCurrency: currencyOf(symbol),
    bid: positiveOrNull(optionalNumber(data.best_bid_price, V, 'best_bid_price')),
    bidSize: optionalNumber(data.best_bid_amount, V, 'best_bid_amount'),
    ask: positiveOrNull(optionalNumber(data.best_ask_price, V, 'best_ask_price')),
    askSize: optionalNumber(data.best_ask_amount, V, 'best_ask_amount'),
    last: optionalNumber(data.last_price, V, 'last_price'),
    mark: optionalNumber(data.mark_price, V, 'mark_price'),
    index,
    underlying: underlying ?? index,
    markIv: ivFraction(data.mark_iv, 'mark_iv'),
    bidIv: ivFraction(data.bid_iv, 'bid_iv'),
    askIv: ivFraction(data.ask_iv, 'ask_iv'),
    greeks: parseGreeks(data.greeks),
    openInterest: optionalNumber(data.open_interest, V, 'open_interest'),
  };
}

/** Deribit sends 0 as best price when a side is empty. */
function positiveOrNull(v: number | null): number | null {
  return v === null || v <= 0 ? null : v;
}

/** Levels are `[action, price, amount]` (raw book) or `[price, amount]` (grouped book). */
function readLevels(levels: unknown, side: string, descending: boolean): number[] {
  if (!Array.isArray(levels)) throw frameError(V, `book ${side} is not an array`);
  const flat = new Array<number>(levels.length * 2);
  for (let i = 0; i < levels.length; i++) {
    const level: unknown = levels[i];
    if (!Array.isArray(level)) throw frameError(V, `book ${side}[${i}] is not an array`);
    const withAction = level.length === 3;
    if (!withAction && level.length !== 2) throw frameError(V, `book ${side}[${i}] has ${level.length} fields`);
    const price = requiredNonNegative(level[withAction ? 1 : 0], V, `${side}[${i}].price`);
    const amount = requiredNonNegative(level[withAction ? 2 : 1], V, `${side}[${i}].amount`);
    flat[2 * i] = price;
    flat[2 * i + 1] = withAction && level[0] === 'delete' ? 0 : amount;
  }
  return sortLevels(flat, descending);
}

function parseBook(data: unknown, tsLocal: number): BookSnapshotEvent | BookDeltaEvent {
  if (!isRecord(data)) throw frameError(V, 'book data is not an object');
  const symbol = requiredString(data.instrument_name, V, 'instrument_name');
  const tsVenue = requiredNumber(data.timestamp, V, 'timestamp');
  const sequence = optionalNumber(data.change_id, V, 'change_id');
  const bids = readLevels(data.bids, 'bids', true);
  const asks = readLevels(data.asks, 'asks', false);
  if (data.type === 'change') {
    return {
      kind: 'book_delta', venue: V, symbol, tsVenue, tsLocal, bids, asks, sequence,
      prevSequence: optionalNumber(data.prev_change_id, V, 'prev_change_id'),
    };
  }
  return { kind: 'book_snapshot', venue: V, symbol, tsVenue, tsLocal, bids, asks, sequence };
}

function parseTrades(data: unknown, tsLocal: number, currencyOf: (s: string) => string, emit: EventSink): void {
  if (!Array.isArray(data)) throw frameError(V, 'trades data is not an array');
  for (const t of data as unknown[]) {
    if (!isRecord(t)) throw frameError(V, 'trade is not an object');
    const symbol = requiredString(t.instrument_name, V, 'instrument_name');
    const direction = t.direction;
    const trade: TradeEvent = {
      kind: 'trade',
      venue: V,
      symbol,
      tsVenue: requiredNumber(t.timestamp, V, 'timestamp'),
      tsLocal,
      priceCurrency: currencyOf(symbol),
      price: requiredNonNegative(t.price, V, 'price'),
      size: requiredNonNegative(t.amount, V, 'amount'),
      side: direction === 'buy' || direction === 'sell' ? direction : null,
      tradeId: typeof t.trade_id === 'string' ? t.trade_id : null,
    };
    emit(trade);
  }
}
