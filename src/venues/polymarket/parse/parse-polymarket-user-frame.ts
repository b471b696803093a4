/**
 * Polymarket user-channel frames (`/ws/user`) → order updates and fills. `order` events carry a
 * `type` of PLACEMENT, UPDATE or CANCELLATION; `trade` events a settlement `status` of MATCHED,
 * MINED, CONFIRMED, RETRYING or FAILED. Both are mapped strictly: an unknown value is a
 * ParseError, never a guess. A trade is ours as the taker (`taker_order_id`) or as a maker (an
 * entry of `maker_orders`); `isOwnOrder` tells which order ids belong to this client.
 */
import type { Fill, OrderSide, OrderStatus, OrderUpdate } from '../../../domain/order.js';
import { frameError, isRecord, optionalNumber, requiredNonNegative, requiredString } from '../../shared/wire-values.js';

const V = 'polymarket';

export type PolymarketTradeStatus = 'MATCHED' | 'MINED' | 'CONFIRMED' | 'RETRYING' | 'FAILED';
const TRADE_STATUSES: ReadonlySet<string> = new Set(['MATCHED', 'MINED', 'CONFIRMED', 'RETRYING', 'FAILED']);
const ORDER_EVENT_TYPES: ReadonlySet<string> = new Set(['PLACEMENT', 'UPDATE', 'CANCELLATION']);

/** What this client knows about one of its orders (by venue order id = order hash). */
export interface OwnOrder {
  readonly clientOrderId: string;
  readonly side: OrderSide;
}

export interface UserFrameSink {
  order(update: OrderUpdate): void;
  /** A fill of one of our orders, with the trade's settlement status at this report. */
  fill(fill: Fill, status: PolymarketTradeStatus): void;
}

/** Seconds or milliseconds since the epoch → ms; null when absent. */
function epochMs(value: unknown, field: string): number | null {
  const n = optionalNumber(value, V, field);
  if (n === null) return null;
  return n < 1e12 ? n * 1000 : n;
}

function sideOf(value: unknown, field: string): OrderSide {
  if (value === 'BUY') return 'buy';
  if (value === 'SELL') return 'sell';
  throw frameError(V, `${field} "${String(value)}" is neither BUY nor SELL`);
}

/** Parses one user-channel frame (object or array). Text frames (PONG) emit nothing. */
export function parsePolymarketUserFrame(frame: unknown, tsLocal: number, ownOrder: (orderId: string) => OwnOrder | undefined, sink: UserFrameSink): void {
  if (typeof frame === 'string') return;
  if (Array.isArray(frame)) {
    for (const m of frame as unknown[]) parseMessage(m, tsLocal, ownOrder, sink);
    return;
  }
  parseMessage(frame, tsLocal, ownOrder, sink);
}

function parseMessage(m: unknown, tsLocal: number, ownOrder: (orderId: string) => OwnOrder | undefined, sink: UserFrameSink): void {
  if (!isRecord(m)) throw frameError(V, 'user message is not an object');
  if (m.event_type === 'order') parseOrder(m, tsLocal, ownOrder, sink);
  else if (m.event_type === 'trade') parseTrade(m, tsLocal, ownOrder, sink);
  // Anything else (subscription acks, errors) carries no order state.
}

function parseOrder(m: Record<string, unknown>, tsLocal: number, ownOrder: (orderId: string) => OwnOrder | undefined, sink: UserFrameSink): void {
  const id = requiredString(m.id, V, 'order.id');
  const type = requiredString(m.type, V, 'order.type');
  if (!ORDER_EVENT_TYPES.has(type)) throw frameError(V, `order.type "${type}" is not PLACEMENT, UPDATE or CANCELLATION`);
  const original = requiredNonNegative(m.original_size, V, 'order.original_size');
  const matched = optionalNumber(m.size_matched, V, 'order.size_matched') ?? 0;
  let status: OrderStatus;
  if (type === 'CANCELLATION') status = 'canceled';
  else if (original > 0 && matched >= original - 1e-9) status = 'filled';
  else if (matched > 0) status = 'partially_filled';
  else status = 'open';
  const own = ownOrder(id);
  sink.order({
    kind: 'order_update', venue: V, symbol: requiredString(m.asset_id, V, 'order.asset_id'), clientOrderId: own?.clientOrderId ?? id, venueOrderId: id,
    status, filledQuantity: matched, remainingQuantity: status === 'canceled' || status === 'filled' ? 0 : Math.max(0, original - matched),
    averageFillPrice: matched > 0 ? optionalNumber(m.price, V, 'order.price') : null, reason: null,
    tsVenue: epochMs(m.timestamp, 'order.timestamp'), tsLocal,
  });
}

function feeOf(bps: number, price: number, size: number): number {
  // Polymarket charges fee_rate_bps on min(p, 1 − p) × shares.
  return (bps / 10_000) * Math.min(price, 1 - price) * size;
}

function parseTrade(m: Record<string, unknown>, tsLocal: number, ownOrder: (orderId: string) => OwnOrder | undefined, sink: UserFrameSink): void {
  const tradeId = requiredString(m.id, V, 'trade.id');
  const status = requiredString(m.status, V, 'trade.status');
  if (!TRADE_STATUSES.has(status)) throw frameError(V, `trade.status "${status}" is not MATCHED, MINED, CONFIRMED, RETRYING or FAILED`);
  const tsVenue = epochMs(m.match_time ?? m.matchtime ?? m.timestamp, 'trade.match_time');
  const bps = optionalNumber(m.fee_rate_bps, V, 'trade.fee_rate_bps') ?? 0;
  const takerId = typeof m.taker_order_id === 'string' ? m.taker_order_id : null;
  const taker = takerId === null ? undefined : ownOrder(takerId);
  if (taker !== undefined && takerId !== null) {
    const price = requiredNonNegative(m.price, V, 'trade.price');
    const size = requiredNonNegative(m.size, V, 'trade.size');
    sink.fill({
      kind: 'fill', venue: V, symbol: requiredString(m.asset_id, V, 'trade.asset_id'), clientOrderId: taker.clientOrderId, venueOrderId: takerId,
      tradeId, side: sideOf(m.side, 'trade.side'), price, quantity: size, fee: feeOf(bps, price, size), feeCurrency: 'USD', liquidity: 'taker', tsVenue, tsLocal,
    }, status as PolymarketTradeStatus);
  }
  const makers = m.maker_orders;
  if (makers === undefined || makers === null) return;
  if (!Array.isArray(makers)) throw frameError(V, 'trade.maker_orders is not an array');
  for (const mo of makers as unknown[]) {
    if (!isRecord(mo)) throw frameError(V, 'trade.maker_orders[] entry is not an object');
    const orderId = requiredString(mo.order_id, V, 'maker_orders[].order_id');
    const own = ownOrder(orderId);
    if (own === undefined) continue;
    const price = requiredNonNegative(mo.price, V, 'maker_orders[].price');
    const size = requiredNonNegative(mo.matched_amount, V, 'maker_orders[].matched_amount');
    const makerBps = optionalNumber(mo.fee_rate_bps, V, 'maker_orders[].fee_rate_bps') ?? 0;
    sink.fill({
      kind: 'fill', venue: V, symbol: requiredString(mo.asset_id ?? m.asset_id, V, 'maker_orders[].asset_id'), clientOrderId: own.clientOrderId, venueOrderId: orderId,
      tradeId, side: mo.side === undefined ? own.side : sideOf(mo.side, 'maker_orders[].side'), price, quantity: size, fee: feeOf(makerBps, price, size), feeCurrency: 'USD',
      liquidity: 'maker', tsVenue, tsLocal,
    }, status as PolymarketTradeStatus);
  }
}

/**
 * One entry of `GET /data/trades` → the fills of our orders in it, mapped exactly as the user
 * channel maps a `trade` event (same trade ids, fees, sides and liquidity), each with its
 * settlement status; the status is read with or without the `TRADE_STATUS_` prefix.
 */
export function parsePolymarketTradeRecord(t: unknown, tsLocal: number, ownOrder: (orderId: string) => OwnOrder | undefined): Array<{ fill: Fill; status: PolymarketTradeStatus }> {
  if (!isRecord(t)) throw frameError(V, '/data/trades entry is not an object');
  const status = typeof t.status === 'string' ? t.status.replace(/^TRADE_STATUS_/, '') : t.status;
  const out: Array<{ fill: Fill; status: PolymarketTradeStatus }> = [];
  parseTrade({ ...t, status }, tsLocal, ownOrder, { order: () => undefined, fill: (fill, s) => out.push({ fill, status: s }) });
  return out;
}

/**
 * One entry of `GET /data/orders` (open orders) → OrderUpdate. Statuses are read with or without
 * the `ORDER_STATUS_` prefix the reference example uses; unknown ones are a ParseError. Sizes are
 * shares, as the user channel and live responses write them.
 */
export function parsePolymarketOpenOrder(o: unknown, tsLocal: number, ownOrder: (orderId: string) => OwnOrder | undefined): OrderUpdate {
  if (!isRecord(o)) throw frameError(V, '/data/orders entry is not an object');
  const id = requiredString(o.id, V, 'id');
  const raw = requiredString(o.status, V, 'status').replace(/^ORDER_STATUS_/, '');
  const original = optionalNumber(o.original_size, V, 'original_size') ?? 0;
  const matched = optionalNumber(o.size_matched, V, 'size_matched') ?? 0;
  let status: OrderStatus;
  if (raw === 'LIVE') status = matched > 0 ? 'partially_filled' : 'open';
  else if (raw === 'MATCHED') status = 'filled';
  else if (raw === 'CANCELED' || raw === 'CANCELED_MARKET_RESOLVED') status = 'canceled';
  else if (raw === 'INVALID') status = 'rejected';
  else throw frameError(V, `order status "${raw}" is not LIVE, MATCHED, CANCELED, CANCELED_MARKET_RESOLVED or INVALID`);
  return {
    kind: 'order_update', venue: V, symbol: requiredString(o.asset_id, V, 'asset_id'), clientOrderId: ownOrder(id)?.clientOrderId ?? id, venueOrderId: id,
    status, filledQuantity: matched, remainingQuantity: status === 'open' || status === 'partially_filled' ? Math.max(0, original - matched) : 0,
    averageFillPrice: null, reason: null, tsVenue: epochMs(o.created_at, 'created_at'), tsLocal,
  };
}
