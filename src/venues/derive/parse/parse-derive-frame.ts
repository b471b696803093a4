/**
 * Derive WebSocket frames → market events (v3 shapes, with v2 differences read through
 * derive-api-version.ts). Market data arrives as JSON-RPC notifications
 * `{"method":"subscription","params":{"channel","data"}}`:
 * - `ticker_slim.{instrument}.{interval}`: `{timestamp, instrument_ticker:{b,B,a,A,I,M,option_pricing,stats,t}}`
 *   with string decimals; the instrument is named only by the channel.
 * - `orderbook.{instrument}.{group}.{depth}`: full snapshots `{instrument_name, timestamp, publish_id, bids, asks}`.
 * - `trades.{instrument}` / `trades.{type}.{currency}`: one trade object or an array of them.
 * Responses and private channels emit nothing here (the execution client reads those).
 *
 * Units: prices in USDC; IVs are fractions already; greeks arrive with vega per vol point (1 %) and
 * theta per day (the documented ETH example matches Black-76 only in those units, see
 * docs/venues/derive.md), so vega ×100 and theta ×365. `underlying` is the option's forward
 * (`option_pricing.f`), or the index for perps. A best price of "0" means an empty side.
 */
import type { BookSnapshotEvent, Greeks, TickerEvent, TradeEvent } from '../../../domain/market-event.js';
import type { EventSink, FrameParser } from '../../shared/frame-parser.js';
import { cachedPerSymbol, frameError, isRecord, optionalNumber, requiredNonNegative, requiredNumber, requiredString, sortLevels, subscriptionNotification } from '../../shared/wire-values.js';
import { deriveBookLevel, deriveTickerBody, deriveTickerField } from './derive-api-version.js';
import { instrumentOfTickerChannel } from './derive-channels.js';

const V = 'derive';

/** Quote currency of a Derive instrument: USDC, except spot pairs `BASE-QUOTE`. */
export function derivePriceCurrency(symbol: string): string {
  const parts = symbol.split('-');
  if (parts.length === 2 && parts[1] !== 'PERP') return parts[1]!;
  return 'USDC';
}

export function createDeriveFrameParser(): FrameParser {
  const currencyOf = cachedPerSymbol(derivePriceCurrency);
  return {
    venue: V,
    parse(frame: unknown, tsLocal: number, emit: EventSink): void {
      const notification = subscriptionNotification(frame, V);
      if (notification === null) return; // responses, errors, heartbeats
      const { channel, data } = notification;
      const c0 = channel.charCodeAt(0);
      if (c0 === 116 /* t */) {
        if (channel.startsWith('ticker')) emit(parseTicker(channel, data, tsLocal, currencyOf));
        else if (channel.startsWith('trades.')) parseTrades(data, tsLocal, currencyOf, emit);
      } else if (c0 === 111 /* o */ && channel.startsWith('orderbook.')) {
        emit(parseBook(data, tsLocal));
      }
    },
  };
}

/** Positive price or null (Derive sends "0" for an empty side). */
function price(value: unknown, field: string): number | null {
  const n = optionalNumber(value, V, field);
  return n === null || n <= 0 ? null : n;
}

function parseGreeks(op: Record<string, unknown>): Greeks {
  const vega = optionalNumber(deriveTickerField(op, 'v', 'vega'), V, 'option_pricing.v');
  const theta = optionalNumber(deriveTickerField(op, 't', 'theta'), V, 'option_pricing.t');
  return {
    delta: optionalNumber(deriveTickerField(op, 'd', 'delta'), V, 'option_pricing.d'),
    gamma: optionalNumber(deriveTickerField(op, 'g', 'gamma'), V, 'option_pricing.g'),
    vega: vega === null ? null : vega * 100,
    theta: theta === null ? null : theta * 365,
    rho: optionalNumber(deriveTickerField(op, 'r', 'rho'), V, 'option_pricing.r'),
  };
}

function parseTicker(channel: string, data: unknown, tsLocal: number, currencyOf: (s: string) => string): TickerEvent {
  if (!isRecord(data)) throw frameError(V, 'ticker data is not an object');
  const { ticker: t, timestamp } = deriveTickerBody(data);
  const named = t.instrument_name;
  const symbol = typeof named === 'string' && named !== '' ? named : instrumentOfTickerChannel(channel);
  if (symbol === null) throw frameError(V, `cannot tell the instrument of ${channel}`);
  const bid = price(deriveTickerField(t, 'b', 'best_bid_price'), 'b');
  const ask = price(deriveTickerField(t, 'a', 'best_ask_price'), 'a');
  const index = optionalNumber(deriveTickerField(t, 'I', 'index_price'), V, 'I');
  const op = t.option_pricing;
  let markIv: number | null = null;
  let bidIv: number | null = null;
  let askIv: number | null = null;
  let forward: number | null = null;
  let greeks: Greeks | null = null;
  if (isRecord(op)) {
    markIv = price(deriveTickerField(op, 'i', 'iv'), 'option_pricing.i');
    bidIv = price(deriveTickerField(op, 'bi', 'bid_iv'), 'option_pricing.bi');
    askIv = price(deriveTickerField(op, 'ai', 'ask_iv'), 'option_pricing.ai');
    forward = optionalNumber(deriveTickerField(op, 'f', 'forward_price'), V, 'option_pricing.f');
    greeks = parseGreeks(op);
  } else if (op !== undefined && op !== null) {
    throw frameError(V, 'option_pricing is not an object');
  }
  const stats = t.stats;
  return {
    kind: 'ticker',
    venue: V,
    symbol,
    tsVenue: requiredNumber(timestamp, V, 'timestamp'),
    tsLocal,
    priceCurrency: currencyOf(symbol),
    bid,
    bidSize: bid === null ? null : optionalNumber(deriveTickerField(t, 'B', 'best_bid_amount'), V, 'B'),
    ask,
    askSize: ask === null ? null : optionalNumber(deriveTickerField(t, 'A', 'best_ask_amount'), V, 'A'),
    last: null,
    mark: optionalNumber(deriveTickerField(t, 'M', 'mark_price'), V, 'M'),
    index,
    underlying: forward ?? index,
    markIv,
    bidIv,
    askIv,
    greeks,
    openInterest: isRecord(stats) ? optionalNumber(deriveTickerField(stats, 'oi', 'open_interest'), V, 'stats.oi') : null,
  };
}

function readLevels(levels: unknown, side: string, descending: boolean): number[] {
  if (!Array.isArray(levels)) throw frameError(V, `book ${side} is not an array`);
  const flat = new Array<number>(levels.length * 2);
  for (let i = 0; i < levels.length; i++) {
    const level = deriveBookLevel(levels[i]);
    if (level === undefined) throw frameError(V, `book ${side}[${i}] is neither {price, amount} nor [price, amount]`);
    flat[2 * i] = requiredNonNegative(level[0], V, `${side}[${i}].price`);
    flat[2 * i + 1] = requiredNonNegative(level[1], V, `${side}[${i}].amount`);
  }
  return sortLevels(flat, descending);
}

function parseBook(data: unknown, tsLocal: number): BookSnapshotEvent {
  if (!isRecord(data)) throw frameError(V, 'orderbook data is not an object');
  return {
    kind: 'book_snapshot',
    venue: V,
    symbol: requiredString(data.instrument_name, V, 'instrument_name'),
    tsVenue: requiredNumber(data.timestamp, V, 'timestamp'),
    tsLocal,
    bids: readLevels(data.bids, 'bids', true),
    asks: readLevels(data.asks, 'asks', false),
    sequence: optionalNumber(data.publish_id, V, 'publish_id'),
  };
}

function parseTrade(item: unknown, tsLocal: number, currencyOf: (s: string) => string): TradeEvent {
  if (!isRecord(item)) throw frameError(V, 'trade is not an object');
  const symbol = requiredString(item.instrument_name, V, 'instrument_name');
  const direction = item.direction;
  if (direction !== 'buy' && direction !== 'sell' && direction !== undefined && direction !== null) {
    throw frameError(V, `trade direction ${JSON.stringify(direction)}`);
  }
  const size = requiredNonNegative(item.trade_amount, V, 'trade_amount');
  return {
    kind: 'trade',
    venue: V,
    symbol,
    tsVenue: requiredNumber(item.timestamp, V, 'timestamp'),
    tsLocal,
    priceCurrency: currencyOf(symbol),
    price: requiredNonNegative(item.trade_price, V, 'trade_price'),
    size,
    side: direction ?? null,
    tradeId: typeof item.trade_id === 'string' ? item.trade_id : null,
  };
}

function parseTrades(data: unknown, tsLocal: number, currencyOf: (s: string) => string, emit: EventSink): void {
  if (!Array.isArray(data)) {
    emit(parseTrade(data, tsLocal, currencyOf));
    return;
  }
  // Parse every trade before emitting any, so a bad frame emits nothing.
  const trades = data.map((item) => parseTrade(item, tsLocal, currencyOf));
  for (const t of trades) emit(t);
}
