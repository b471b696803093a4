/**
 * Coinbase Advanced Trade private wire shapes → domain values: orders from REST
 * (`orders/historical/*`) and from the WebSocket `user` channel, fills from
 * `orders/historical/fills`, balances from `accounts`, and product rules from the products list.
 * Order statuses are strict: a status outside the documented set is a ParseError, never guessed.
 */
import type { Balance, Fill, OrderStatus, OrderUpdate } from '../../../domain/order.js';
import type { SymbolRules } from '../../shared/symbol-rules.js';
import { frameError, isRecord, optionalNumber, requiredNumber, requiredString } from '../../shared/wire-values.js';

/**
 * Documented order statuses (REST `status`, user channel `status`). Queued states are still live:
 * a CANCEL_QUEUED order may yet fill, an EDIT_QUEUED one keeps its place until the edit lands.
 */
const STATUS: Readonly<Record<string, OrderStatus | 'live'>> = {
  PENDING: 'pending_new',
  QUEUED: 'pending_new',
  OPEN: 'live',
  CANCEL_QUEUED: 'live',
  EDIT_QUEUED: 'live',
  FILLED: 'filled',
  CANCELLED: 'canceled',
  EXPIRED: 'expired',
  FAILED: 'rejected',
};

/** Domain status of a Coinbase status; `filled` > 0 turns a live order into partially_filled. */
export function coinbaseOrderStatus(status: unknown, filled: number): OrderStatus {
  const mapped = typeof status === 'string' ? STATUS[status] : undefined;
  if (mapped === undefined) throw frameError('coinbase', `unknown order status ${JSON.stringify(status)}`);
  if (mapped === 'live') return filled > 0 ? 'partially_filled' : 'open';
  return mapped;
}

/** Epoch ms of an RFC 3339 time; null for absent, empty or Coinbase's zero time (0001-01-01). */
export function coinbaseTimeMsOrNull(value: unknown): number | null {
  if (typeof value !== 'string' || value === '' || value.startsWith('0001-01-01')) return null;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw frameError('coinbase', `time ${JSON.stringify(value).slice(0, 40)} is not RFC 3339`);
  return ms;
}

/** The base size and limit price inside `order_configuration` (whichever configuration it is). */
function configuredSize(config: unknown): { baseSize: number | null; limitPrice: number | null } {
  if (!isRecord(config)) return { baseSize: null, limitPrice: null };
  for (const inner of Object.values(config)) {
    if (!isRecord(inner)) continue;
    return { baseSize: optionalNumber(inner.base_size, 'coinbase', 'order_configuration.base_size'), limitPrice: optionalNumber(inner.limit_price, 'coinbase', 'order_configuration.limit_price') };
  }
  return { baseSize: null, limitPrice: null };
}

const reasonOf = (...values: unknown[]): string | null => {
  for (const v of values) if (typeof v === 'string' && v !== '' && !v.startsWith('UNKNOWN_')) return v;
  return null;
};

/** A REST order (`orders/historical/batch`, `orders/historical/{id}`). */
export function parseCoinbaseOrder(wire: unknown, tsLocal: number): OrderUpdate {
  if (!isRecord(wire)) throw frameError('coinbase', 'order is not an object');
  const id = requiredString(wire.order_id, 'coinbase', 'order.order_id');
  const filled = optionalNumber(wire.filled_size, 'coinbase', `${id}.filled_size`) ?? 0;
  const status = coinbaseOrderStatus(wire.status, filled);
  const { baseSize } = configuredSize(wire.order_configuration);
  const size = baseSize ?? filled;
  const average = optionalNumber(wire.average_filled_price, 'coinbase', `${id}.average_filled_price`);
  return {
    kind: 'order_update', venue: 'coinbase', symbol: requiredString(wire.product_id, 'coinbase', `${id}.product_id`),
    clientOrderId: typeof wire.client_order_id === 'string' ? wire.client_order_id : '', venueOrderId: id, status,
    filledQuantity: filled, remainingQuantity: status === 'open' || status === 'partially_filled' || status === 'pending_new' ? Math.max(0, size - filled) : 0,
    averageFillPrice: filled > 0 && average !== null && average > 0 ? average : null,
    reason: status === 'rejected' || status === 'canceled' ? reasonOf(wire.reject_message, wire.reject_reason, wire.cancel_message) : null,
    tsVenue: coinbaseTimeMsOrNull(wire.last_fill_time) ?? coinbaseTimeMsOrNull(wire.created_time), tsLocal,
  };
}

/** An order of the `user` channel (`events[].orders[]`), with the cumulative values fills are checked against. */
export interface CoinbaseUserOrder {
  readonly update: OrderUpdate;
  readonly side: 'buy' | 'sell';
  readonly numberOfFills: number;
}

export function parseCoinbaseUserOrder(wire: unknown, tsLocal: number): CoinbaseUserOrder {
  if (!isRecord(wire)) throw frameError('coinbase', 'user order is not an object');
  const id = requiredString(wire.order_id, 'coinbase', 'user order.order_id');
  const filled = requiredNumber(wire.cumulative_quantity, 'coinbase', `${id}.cumulative_quantity`);
  const leaves = optionalNumber(wire.leaves_quantity, 'coinbase', `${id}.leaves_quantity`) ?? 0;
  const status = coinbaseOrderStatus(wire.status, filled);
  const average = optionalNumber(wire.avg_price, 'coinbase', `${id}.avg_price`);
  const side = wire.order_side === 'BUY' ? 'buy' : wire.order_side === 'SELL' ? 'sell' : null;
  if (side === null) throw frameError('coinbase', `${id}.order_side ${JSON.stringify(wire.order_side)} is not BUY or SELL`);
  return {
    side,
    numberOfFills: optionalNumber(wire.number_of_fills, 'coinbase', `${id}.number_of_fills`) ?? 0,
    update: {
      kind: 'order_update', venue: 'coinbase', symbol: requiredString(wire.product_id, 'coinbase', `${id}.product_id`),
      clientOrderId: typeof wire.client_order_id === 'string' ? wire.client_order_id : '', venueOrderId: id, status,
      filledQuantity: filled, remainingQuantity: status === 'open' || status === 'partially_filled' || status === 'pending_new' ? leaves : 0,
      averageFillPrice: filled > 0 && average !== null && average > 0 ? average : null,
      reason: status === 'rejected' || status === 'canceled' ? reasonOf(wire.reject_reason, wire.cancel_reason) : null,
      tsVenue: coinbaseTimeMsOrNull(wire.creation_time), tsLocal,
    },
  };
}

/** One fill of `orders/historical/fills`; `clientOrderIdOf` maps Coinbase order ids to client ids. */
export function parseCoinbaseFill(wire: unknown, tsLocal: number, clientOrderIdOf: (orderId: string) => string | undefined): Fill {
  if (!isRecord(wire)) throw frameError('coinbase', 'fill is not an object');
  const tradeId = requiredString(wire.trade_id, 'coinbase', 'fill.trade_id');
  const orderId = requiredString(wire.order_id, 'coinbase', `${tradeId}.order_id`);
  const symbol = requiredString(wire.product_id, 'coinbase', `${tradeId}.product_id`);
  const price = requiredNumber(wire.price, 'coinbase', `${tradeId}.price`);
  const size = requiredNumber(wire.size, 'coinbase', `${tradeId}.size`);
  if (!(price > 0) || !(size > 0)) throw frameError('coinbase', `${tradeId}: price and size must be positive`);
  const side = wire.side === 'BUY' ? 'buy' : wire.side === 'SELL' ? 'sell' : null;
  if (side === null) throw frameError('coinbase', `${tradeId}.side ${JSON.stringify(wire.side)} is not BUY or SELL`);
  const liquidity = wire.liquidity_indicator === 'MAKER' ? 'maker' : wire.liquidity_indicator === 'TAKER' ? 'taker' : null;
  if (liquidity === null) throw frameError('coinbase', `${tradeId}.liquidity_indicator ${JSON.stringify(wire.liquidity_indicator)} is not MAKER or TAKER`);
  const quote = symbol.slice(symbol.indexOf('-') + 1);
  return {
    kind: 'fill', venue: 'coinbase', symbol, clientOrderId: clientOrderIdOf(orderId) ?? '', venueOrderId: orderId, tradeId, side, price,
    // size_in_quote: the size is the quote amount (market buys by funds); the domain counts base units.
    quantity: wire.size_in_quote === true ? size / price : size,
    fee: optionalNumber(wire.commission, 'coinbase', `${tradeId}.commission`) ?? 0, feeCurrency: quote, liquidity,
    tsVenue: coinbaseTimeMsOrNull(wire.trade_time) ?? coinbaseTimeMsOrNull(wire.sequence_timestamp), tsLocal,
  };
}

/** One account of `accounts`: total is available plus hold. */
export function parseCoinbaseAccount(wire: unknown): Balance {
  if (!isRecord(wire)) throw frameError('coinbase', 'account is not an object');
  const currency = requiredString(wire.currency, 'coinbase', 'account.currency');
  const available = isRecord(wire.available_balance) ? requiredNumber(wire.available_balance.value, 'coinbase', `${currency}.available_balance.value`) : null;
  if (available === null) throw frameError('coinbase', `${currency}: account has no available_balance`);
  const hold = isRecord(wire.hold) ? optionalNumber(wire.hold.value, 'coinbase', `${currency}.hold.value`) ?? 0 : 0;
  return { venue: 'coinbase', currency, total: available + hold, available };
}

/** Order-entry rules of one product of `market/products`, plus its last price (for market-order minimums). */
export function parseCoinbaseProductRules(wire: unknown): { rules: SymbolRules; price: number | null } {
  if (!isRecord(wire)) throw frameError('coinbase', 'product is not an object');
  const id = requiredString(wire.product_id, 'coinbase', 'product_id');
  const num = (v: unknown, field: string): number | null => optionalNumber(v, 'coinbase', `${id}.${field}`);
  return {
    rules: {
      venue: 'coinbase', symbol: id,
      tickSize: num(wire.price_increment, 'price_increment') ?? num(wire.quote_increment, 'quote_increment') ?? 0,
      stepSize: num(wire.base_increment, 'base_increment') ?? 0,
      minQuantity: num(wire.base_min_size, 'base_min_size') ?? 0,
      maxQuantity: num(wire.base_max_size, 'base_max_size') ?? Infinity,
      minNotional: num(wire.quote_min_size, 'quote_min_size') ?? 0,
    },
    price: num(wire.price, 'price'),
  };
}
