/**
 * Coinbase Advanced Trade WebSocket frames → domain events: `l2_data` snapshot / update →
 * book_snapshot / book_delta (`new_quantity` is the level's new size, "0" removes; `bid` /
 * `offer` sides), `ticker` → ticker (best bid/ask with sizes, last price), `market_trades` → one
 * trade per fill (`side` BUY/SELL as the aggressor). `sequence_num` counts every message on the
 * connection, so book events carry it as `sequence` with no `prevSequence`: continuity is
 * checked by the client over all messages. `heartbeats` and `subscriptions` emit nothing; an
 * `error` message throws with the venue's text.
 */
import type { EventSink, FrameParser } from '../../shared/frame-parser.js';
import { frameError, isRecord, optionalNumber, requiredNonNegative, requiredNumber, requiredString, sortLevels } from '../../shared/wire-values.js';

const V = 'coinbase' as const;

/** RFC 3339 with up to nanoseconds → epoch ms. */
export function coinbaseTimeMs(value: unknown, field: string): number | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') throw frameError(V, `${field} is not a string`);
  const ms = Date.parse(value.replace(/(\.\d{3})\d+/, '$1'));
  if (!Number.isFinite(ms)) throw frameError(V, `${field} is not RFC 3339 (${value.slice(0, 40)})`);
  return ms;
}

export function coinbasePriceCurrency(productId: string): string {
  const dash = productId.lastIndexOf('-');
  return dash >= 0 ? productId.slice(dash + 1) : 'USD';
}

export class CoinbaseFrameParser implements FrameParser {
  readonly venue = V;

  parse(frame: unknown, tsLocal: number, emit: EventSink): void {
    if (!isRecord(frame)) throw frameError(V, 'not a JSON object');
    if (frame.type === 'error') throw frameError(V, `error: ${String(frame.message ?? 'no message')}`);
    const channel = frame.channel;
    if (channel === 'heartbeats' || channel === 'subscriptions') return;
    if (channel !== 'l2_data' && channel !== 'ticker' && channel !== 'market_trades') throw frameError(V, `unknown channel ${JSON.stringify(channel)?.slice(0, 40)}`);
    const events = frame.events;
    if (!Array.isArray(events)) throw frameError(V, `${channel} without an events array`);
    const tsVenue = coinbaseTimeMs(frame.timestamp, 'timestamp');
    const sequence = requiredNumber(frame.sequence_num, V, 'sequence_num');
    for (const ev of events as unknown[]) {
      if (!isRecord(ev)) throw frameError(V, `${channel} event is not an object`);
      if (channel === 'l2_data') this.book(ev, sequence, tsVenue, tsLocal, emit);
      else if (channel === 'ticker') this.tickers(ev, tsVenue, tsLocal, emit);
      else this.trades(ev, tsLocal, emit);
    }
  }

  private book(ev: Record<string, unknown>, sequence: number, tsVenue: number | null, tsLocal: number, emit: EventSink): void {
    const symbol = requiredString(ev.product_id, V, 'product_id');
    if (ev.type !== 'snapshot' && ev.type !== 'update') throw frameError(V, `l2_data event type ${JSON.stringify(ev.type)}`);
    const updates = ev.updates;
    if (!Array.isArray(updates)) throw frameError(V, 'l2_data event without updates');
    const bids: number[] = [];
    const asks: number[] = [];
    for (let i = 0; i < updates.length; i++) {
      const u: unknown = updates[i];
      if (!isRecord(u)) throw frameError(V, `updates[${i}] is not an object`);
      const price = requiredNonNegative(u.price_level, V, `updates[${i}].price_level`);
      const size = requiredNonNegative(u.new_quantity, V, `updates[${i}].new_quantity`);
      if (u.side === 'bid') bids.push(price, size);
      else if (u.side === 'offer') asks.push(price, size);
      else throw frameError(V, `updates[${i}].side is ${JSON.stringify(u.side)} (expected bid or offer)`);
    }
    const b = sortLevels(bids, true);
    const a = sortLevels(asks, false);
    if (ev.type === 'snapshot') emit({ kind: 'book_snapshot', venue: V, symbol, tsVenue, tsLocal, bids: b, asks: a, sequence });
    else emit({ kind: 'book_delta', venue: V, symbol, tsVenue, tsLocal, bids: b, asks: a, sequence, prevSequence: null });
  }

  private tickers(ev: Record<string, unknown>, tsVenue: number | null, tsLocal: number, emit: EventSink): void {
    const tickers = ev.tickers;
    if (!Array.isArray(tickers)) throw frameError(V, 'ticker event without tickers');
    for (const t of tickers as unknown[]) {
      if (!isRecord(t)) throw frameError(V, 'ticker entry is not an object');
      const symbol = requiredString(t.product_id, V, 'product_id');
      emit({
        kind: 'ticker', venue: V, symbol, tsVenue, tsLocal, priceCurrency: coinbasePriceCurrency(symbol),
        bid: optionalNumber(t.best_bid, V, 'best_bid'), bidSize: optionalNumber(t.best_bid_quantity, V, 'best_bid_quantity'),
        ask: optionalNumber(t.best_ask, V, 'best_ask'), askSize: optionalNumber(t.best_ask_quantity, V, 'best_ask_quantity'),
        last: optionalNumber(t.price, V, 'price'), mark: null, index: null, underlying: null, markIv: null, bidIv: null, askIv: null, greeks: null, openInterest: null,
      });
    }
  }

  private trades(ev: Record<string, unknown>, tsLocal: number, emit: EventSink): void {
    const trades = ev.trades;
    if (!Array.isArray(trades)) throw frameError(V, 'market_trades event without trades');
    for (const t of trades as unknown[]) {
      if (!isRecord(t)) throw frameError(V, 'trade entry is not an object');
      const symbol = requiredString(t.product_id, V, 'product_id');
      emit({
        kind: 'trade', venue: V, symbol, tsVenue: coinbaseTimeMs(t.time, 'time'), tsLocal, priceCurrency: coinbasePriceCurrency(symbol),
        price: requiredNonNegative(t.price, V, 'price'), size: requiredNonNegative(t.size, V, 'size'),
        side: t.side === 'BUY' ? 'buy' : t.side === 'SELL' ? 'sell' : null,
        tradeId: typeof t.trade_id === 'string' || typeof t.trade_id === 'number' ? String(t.trade_id) : null,
      });
    }
  }
}

export function createCoinbaseFrameParser(): CoinbaseFrameParser {
  return new CoinbaseFrameParser();
}
