/**
 * Derive private notifications and answers → order updates and fills. `{subaccount_id}.orders`
 * carries `Order` objects and `{subaccount_id}.trades` carries `Trade` objects (one per
 * notification in the v3 schema; arrays are accepted too). The client order id travels as the
 * order's `label`. Order states are strict: an unknown `order_status` is a parse error.
 */
import type { Fill, OrderStatus, OrderUpdate } from '../../../domain/order.js';
import { frameError, isRecord, optionalNumber, requiredNonNegative, requiredNumber, requiredString } from '../../shared/wire-values.js';
import { derivePriceCurrency } from '../parse/parse-derive-frame.js';

const V = 'derive';

function status(wire: unknown, filled: number): OrderStatus {
  switch (wire) {
    case 'open':
      return filled > 0 ? 'partially_filled' : 'open';
    case 'algo_active':
      return filled > 0 ? 'partially_filled' : 'open';
    case 'untriggered':
      return 'pending_new';
    case 'filled':
      return 'filled';
    case 'cancelled':
      return 'canceled';
    case 'rejected':
      return 'rejected';
    case 'expired':
      return 'expired';
    default:
      throw frameError(V, `unknown order_status ${JSON.stringify(wire)}`);
  }
}

export function parseDeriveOrder(data: unknown, tsLocal: number): OrderUpdate {
  if (!isRecord(data)) throw frameError(V, 'order is not an object');
  const amount = requiredNonNegative(data.amount, V, 'amount');
  const filled = requiredNonNegative(data.filled_amount, V, 'filled_amount');
  const average = optionalNumber(data.average_price, V, 'average_price');
  const s = status(data.order_status, filled);
  const reason = typeof data.cancel_reason === 'string' && data.cancel_reason !== '' ? data.cancel_reason : null;
  return {
    kind: 'order_update',
    venue: V,
    symbol: requiredString(data.instrument_name, V, 'instrument_name'),
    clientOrderId: typeof data.label === 'string' ? data.label : '',
    venueOrderId: requiredString(data.order_id, V, 'order_id'),
    status: s,
    filledQuantity: filled,
    remainingQuantity: s === 'open' || s === 'partially_filled' || s === 'pending_new' ? Math.max(0, amount - filled) : 0,
    averageFillPrice: filled > 0 && average !== null && average > 0 ? average : null,
    reason,
    tsVenue: optionalNumber(data.last_update_timestamp, V, 'last_update_timestamp'),
    tsLocal,
  };
}

export function parseDeriveTrade(data: unknown, tsLocal: number): Fill {
  if (!isRecord(data)) throw frameError(V, 'trade is not an object');
  const symbol = requiredString(data.instrument_name, V, 'instrument_name');
  const side = data.direction;
  if (side !== 'buy' && side !== 'sell') throw frameError(V, `trade direction ${JSON.stringify(side)}`);
  const role = data.liquidity_role;
  if (role !== 'maker' && role !== 'taker') throw frameError(V, `liquidity_role ${JSON.stringify(role)}`);
  return {
    kind: 'fill',
    venue: V,
    symbol,
    clientOrderId: typeof data.label === 'string' ? data.label : '',
    venueOrderId: typeof data.order_id === 'string' ? data.order_id : null,
    tradeId: requiredString(data.trade_id, V, 'trade_id'),
    side,
    price: requiredNonNegative(data.trade_price, V, 'trade_price'),
    quantity: requiredNonNegative(data.trade_amount, V, 'trade_amount'),
    fee: requiredNumber(data.trade_fee, V, 'trade_fee'),
    feeCurrency: derivePriceCurrency(symbol),
    liquidity: role,
    tsVenue: optionalNumber(data.timestamp, V, 'timestamp'),
    tsLocal,
  };
}

/** One object or an array of them. */
export function eachItem(data: unknown): readonly unknown[] {
  return Array.isArray(data) ? data : [data];
}
