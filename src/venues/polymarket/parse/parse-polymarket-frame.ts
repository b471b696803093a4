/**
 * Polymarket CLOB V2 market-channel frames → market events. A frame is one message or an array
 * of messages, each with `event_type`: `book` (full snapshot per asset), `price_change` (new
 * absolute level sizes inside `price_changes[]`, each with its asset and the new best bid/ask),
 * `last_trade_price`, `tick_size_change`, `best_bid_ask`, `market_resolved`. Text frames such as
 * `PONG` and unknown event types emit nothing. Prices are USD per share (0–1); sizes are shares.
 */
import type { TickerEvent } from '../../../domain/market-event.js';
import type { EventSink, FrameParser } from '../../shared/frame-parser.js';
import { frameError, isRecord, optionalNumber, requiredNonNegative, requiredString, sortLevels } from '../../shared/wire-values.js';

const V = 'polymarket';
const CURRENCY = 'USD';

export function createPolymarketFrameParser(): FrameParser {
  return {
    venue: V,
    parse(frame: unknown, tsLocal: number, emit: EventSink): void {
      if (typeof frame === 'string') return; // PONG and other text control frames
      if (Array.isArray(frame)) {
        for (const message of frame as unknown[]) parseMessage(message, tsLocal, emit);
        return;
      }
      parseMessage(frame, tsLocal, emit);
    },
  };
}

function timestampOf(m: Record<string, unknown>): number | null {
  return optionalNumber(m.timestamp, V, 'timestamp');
}

function parseMessage(m: unknown, tsLocal: number, emit: EventSink): void {
  if (!isRecord(m)) throw frameError(V, 'message is not an object');
  switch (m.event_type) {
    case 'book':
      parseBook(m, tsLocal, emit);
      return;
    case 'price_change':
      parsePriceChange(m, tsLocal, emit);
      return;
    case 'last_trade_price': {
      const side = m.side === 'BUY' ? 'buy' : m.side === 'SELL' ? 'sell' : null;
      emit({
        kind: 'trade', venue: V, symbol: requiredString(m.asset_id, V, 'asset_id'), tsVenue: timestampOf(m), tsLocal,
        priceCurrency: CURRENCY, price: requiredNonNegative(m.price, V, 'price'), size: requiredNonNegative(m.size, V, 'size'),
        side, tradeId: typeof m.transaction_hash === 'string' ? m.transaction_hash : null,
      });
      return;
    }
    case 'tick_size_change':
      emit({
        kind: 'status', venue: V, symbol: requiredString(m.asset_id, V, 'asset_id'), tsVenue: timestampOf(m), tsLocal,
        state: 'open', tickSize: requiredNonNegative(m.new_tick_size, V, 'new_tick_size'), settlementPrice: null,
      });
      return;
    case 'best_bid_ask':
      emit(topOfBook(requiredString(m.asset_id, V, 'asset_id'), timestampOf(m), tsLocal, m.best_bid, m.best_ask));
      return;
    case 'market_resolved':
      parseResolved(m, tsLocal, emit);
      return;
    default:
      return; // new_market and future event types carry no book data
  }
}

function readLevels(levels: unknown, side: string, descending: boolean): number[] {
  if (!Array.isArray(levels)) throw frameError(V, `book ${side} is not an array`);
  const flat = new Array<number>(levels.length * 2);
  for (let i = 0; i < levels.length; i++) {
    const level: unknown = levels[i];
    if (!isRecord(level)) throw frameError(V, `book ${side}[${i}] is not an object`);
    flat[2 * i] = requiredNonNegative(level.price, V, `${side}[${i}].price`);
    flat[2 * i + 1] = requiredNonNegative(level.size, V, `${side}[${i}].size`);
  }
  return sortLevels(flat, descending);
}

function parseBook(m: Record<string, unknown>, tsLocal: number, emit: EventSink): void {
  // Early V1 frames named the sides buys/sells.
  const bids = readLevels(m.bids ?? m.buys, 'bids', true);
  const asks = readLevels(m.asks ?? m.sells, 'asks', false);
  emit({
    kind: 'book_snapshot', venue: V, symbol: requiredString(m.asset_id, V, 'asset_id'), tsVenue: timestampOf(m), tsLocal,
    bids, asks, sequence: null,
  });
}

function parsePriceChange(m: Record<string, unknown>, tsLocal: number, emit: EventSink): void {
  const changes = m.price_changes;
  if (!Array.isArray(changes)) throw frameError(V, 'price_change without price_changes[]');
  const tsVenue = timestampOf(m);
  for (const c of changes as unknown[]) {
    if (!isRecord(c)) throw frameError(V, 'price_changes[] entry is not an object');
    const symbol = requiredString(c.asset_id, V, 'price_changes[].asset_id');
    const level = [requiredNonNegative(c.price, V, 'price_changes[].price'), requiredNonNegative(c.size, V, 'price_changes[].size')];
    const isBid = c.side === 'BUY';
    if (!isBid && c.side !== 'SELL') throw frameError(V, `price_changes[].side "${String(c.side)}" is neither BUY nor SELL`);
    emit({
      kind: 'book_delta', venue: V, symbol, tsVenue, tsLocal,
      bids: isBid ? level : [], asks: isBid ? [] : level, sequence: null, prevSequence: null,
    });
    if (c.best_bid !== undefined || c.best_ask !== undefined) emit(topOfBook(symbol, tsVenue, tsLocal, c.best_bid, c.best_ask));
  }
}

function topOfBook(symbol: string, tsVenue: number | null, tsLocal: number, bidRaw: unknown, askRaw: unknown): TickerEvent {
  const bid = optionalNumber(bidRaw, V, 'best_bid');
  const ask = optionalNumber(askRaw, V, 'best_ask');
  // An empty side is sent as 0 (bid) or 1 (ask): no quote there.
  return {
    kind: 'ticker', venue: V, symbol, tsVenue, tsLocal, priceCurrency: CURRENCY,
    bid: bid === null || bid <= 0 ? null : bid, bidSize: null, ask: ask === null || ask >= 1 ? null : ask, askSize: null,
    last: null, mark: null, index: null, underlying: null, markIv: null, bidIv: null, askIv: null, greeks: null, openInterest: null,
  };
}

function parseResolved(m: Record<string, unknown>, tsLocal: number, emit: EventSink): void {
  const tsVenue = timestampOf(m);
  const winner = typeof m.winning_asset_id === 'string' ? m.winning_asset_id : null;
  const assets = Array.isArray(m.assets_ids) ? (m.assets_ids as unknown[]) : [];
  for (const a of assets) {
    if (typeof a !== 'string') continue;
    emit({
      kind: 'status', venue: V, symbol: a, tsVenue, tsLocal, state: 'settled', tickSize: null,
      settlementPrice: winner === null ? null : a === winner ? 1 : 0,
    });
  }
}
