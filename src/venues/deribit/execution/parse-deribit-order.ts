/**
 * Deribit order and user-trade objects (from `private/buy|sell|cancel|get_open_orders` answers and
 * the `user.orders.*` / `user.trades.*` channels) → OrderUpdate and Fill. Order states are strict:
 * `open`, `filled`, `rejected`, `cancelled`, `untriggered`; anything else is a ParseError, never a guess.
 */
import type { Fill, OrderStatus, OrderUpdate } from '../../../domain/order.js';
import { frameError, isRecord, optionalNumber, requiredNonNegative, requiredNumber, requiredString } from '../../shared/wire-values.js';

const V = 'deribit';

/** `open` with fills is partially filled; `untriggered` (a trigger order not yet live) is pending_new. */
export function toOrderStatus(orderState: unknown, filledAmount: number): OrderStatus {
  switch (orderState) {
    case 'open':
      return filledAmount > 0 ? 'partially_filled' : 'open';
    case 'filled':
      return 'filled';
    case 'rejected':
      return 'rejected';
    case 'cancelled':
      return 'canceled';
    case 'untriggered':
      return 'pending_new';
    default:
      throw frameError(V, `unknown order_state ${JSON.stringify(orderState)}`);
  }
}

const LIVE: ReadonlySet<OrderStatus> = new Set(['pending_new', 'open', 'partially_filled']);

/**
 * @param labelOf the client order id of a Deribit order id, for orders whose answer lacks a label.
 * @throws ParseError ARB_PARSE_FRAME on a missing field or an unknown order_state.
 */
export function parseDeribitOrder(raw: unknown, tsLocal: number, labelOf?: (orderId: string) => string | undefined): OrderUpdate {
  if (!isRecord(raw)) throw frameError(V, 'order is not an object');
  const venueOrderId = requiredString(raw.order_id, V, 'order.order_id');
  const amount = requiredNonNegative(raw.amount, V, 'order.amount');
  const filled = requiredNonNegative(raw.filled_amount ?? 0, V, 'order.filled_amount');
  const status = toOrderStatus(raw.order_state, filled);
  const average = optionalNumber(raw.average_price, V, 'order.average_price');
  const label = typeof raw.label === 'string' && raw.label !== '' ? raw.label : labelOf?.(venueOrderId);
  const reason = typeof raw.reject_reason === 'string' ? raw.reject_reason : typeof raw.cancel_reason === 'string' ? raw.cancel_reason : null;
  return {
    kind: 'order_update',
    venue: V,
    symbol: requiredString(raw.instrument_name, V, 'order.instrument_name'),
    clientOrderId: label ?? '',
    venueOrderId,
    status,
    filledQuantity: filled,
    remainingQuantity: LIVE.has(status) ? Math.max(0, amount - filled) : 0,
    averageFillPrice: filled > 0 && average !== null && average > 0 ? average : null,
    reason: status === 'canceled' || status === 'rejected' ? reason : null,
    tsVenue: optionalNumber(raw.last_update_timestamp, V, 'order.last_update_timestamp'),
    tsLocal,
  };
}

/**
 * @throws ParseError ARB_PARSE_FRAME on a missing field, an unknown direction or liquidity flag.
 */
export function parseDeribitUserTrade(raw: unknown, tsLocal: number, labelOf?: (orderId: string) => string | undefined): Fill {
  if (!isRecord(raw)) throw frameError(V, 'user trade is not an object');
  const venueOrderId = requiredString(raw.order_id, V, 'trade.order_id');
  const direction = raw.direction;
  if (direction !== 'buy' && direction !== 'sell') throw frameError(V, `unknown trade direction ${JSON.stringify(direction)}`);
  const liquidity = raw.liquidity;
  if (liquidity !== 'M' && liquidity !== 'T') throw frameError(V, `unknown liquidity ${JSON.stringify(liquidity)}`);
  const label = typeof raw.label === 'string' && raw.label !== '' ? raw.label : labelOf?.(venueOrderId);
  return {
    kind: 'fill',
    venue: V,
    symbol: requiredString(raw.instrument_name, V, 'trade.instrument_name'),
    clientOrderId: label ?? '',
    venueOrderId,
    tradeId: requiredString(raw.trade_id, V, 'trade.trade_id'),
    side: direction,
    price: requiredNonNegative(raw.price, V, 'trade.price'),
    quantity: requiredNonNegative(raw.amount, V, 'trade.amount'),
    fee: requiredNumber(raw.fee ?? 0, V, 'trade.fee'),
    feeCurrency: requiredString(raw.fee_currency, V, 'trade.fee_currency'),
    liquidity: liquidity === 'M' ? 'maker' : 'taker',
    tsVenue: optionalNumber(raw.timestamp, V, 'trade.timestamp'),
    tsLocal,
  };
}
