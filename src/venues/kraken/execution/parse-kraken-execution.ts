/**
 * Kraken private data → domain orders, fills and balances: WebSocket v2 `executions` reports
 * (merged into per-order state, because an update carries only what changed), REST `OpenOrders`,
 * `TradesHistory` and `BalanceEx` entries, and `balances` channel frames. Order status is strict:
 * Kraken's pending_new / new / partially_filled / filled / canceled / expired map one to one
 * (new → open); anything else is a ParseError, never a guess. A fill's trade id is Kraken's trade
 * txid (`exec_id` on the socket, the TradesHistory key over REST), so both paths deduplicate
 * against each other.
 */
import { TERMINAL_ORDER_STATUSES, type Balance, type Fill, type OrderSide, type OrderStatus, type OrderUpdate } from '../../../domain/order.js';
import { frameError, isRecord, optionalNumber, requiredNumber, requiredString } from '../../shared/wire-values.js';
import { krakenTimeMs } from '../parse/parse-kraken-frame.js';
import { krakenAssetName, type KrakenPairTable } from './kraken-pairs.js';

const V = 'kraken' as const;

const ORDER_STATUS: Readonly<Record<string, OrderStatus>> = {
  pending_new: 'pending_new', new: 'open', partially_filled: 'partially_filled', filled: 'filled', canceled: 'canceled', expired: 'expired',
};

/** Kraken's order_status → ours. @throws ParseError on a status Kraken does not document. */
export function krakenOrderStatus(status: unknown): OrderStatus {
  const s = typeof status === 'string' ? ORDER_STATUS[status] : undefined;
  if (s === undefined) throw frameError(V, `unknown order_status ${JSON.stringify(status)}`);
  return s;
}

/** What the client knows of one order between execution reports. */
export interface KrakenOrderState {
  readonly orderId: string;
  clientOrderId: string;
  symbol: string;
  side: OrderSide | null;
  orderQty: number;
  cumQty: number;
  avgPrice: number | null;
  status: OrderStatus;
  /** Venue time the order was first seen (for cancel-penalty ages), epoch ms. */
  openedMs: number;
}

export interface ExecutionResult {
  readonly update: OrderUpdate | null;
  readonly fill: Fill | null;
}

function side(value: unknown, field: string): OrderSide {
  if (value === 'buy' || value === 'sell') return value;
  throw frameError(V, `${field} is not buy or sell (${JSON.stringify(value)})`);
}

function toUpdate(o: KrakenOrderState, reason: string | null, tsVenue: number | null, tsLocal: number): OrderUpdate {
  return {
    kind: 'order_update', venue: 'kraken', symbol: o.symbol, clientOrderId: o.clientOrderId, venueOrderId: o.orderId, status: o.status,
    filledQuantity: o.cumQty, remainingQuantity: Math.max(0, o.orderQty - o.cumQty), averageFillPrice: o.avgPrice, reason, tsVenue, tsLocal,
  };
}

/**
 * Applies one `executions` report to the order's state and returns the order update (null when
 * the report carries no order status) and the fill of a `trade` report.
 * @throws ParseError when a field is missing or malformed, or the status is unknown.
 */
export function applyExecutionReport(item: unknown, orders: Map<string, KrakenOrderState>, tsLocal: number): ExecutionResult {
  if (!isRecord(item)) throw frameError(V, 'execution report is not an object');
  const orderId = requiredString(item.order_id, V, 'execution.order_id');
  const tsVenue = krakenTimeMs(item.timestamp);
  let o = orders.get(orderId);
  if (o === undefined) {
    o = { orderId, clientOrderId: '', symbol: '', side: null, orderQty: 0, cumQty: 0, avgPrice: null, status: 'pending_new', openedMs: tsVenue ?? tsLocal };
    orders.set(orderId, o);
  }
  if (typeof item.cl_ord_id === 'string') o.clientOrderId = item.cl_ord_id;
  if (typeof item.symbol === 'string') o.symbol = item.symbol;
  if (item.side !== undefined) o.side = side(item.side, 'execution.side');
  const orderQty = optionalNumber(item.order_qty, V, 'execution.order_qty');
  if (orderQty !== null) o.orderQty = orderQty;
  const cumQty = optionalNumber(item.cum_qty, V, 'execution.cum_qty');
  if (cumQty !== null) o.cumQty = cumQty;
  const avg = optionalNumber(item.avg_price, V, 'execution.avg_price');
  if (avg !== null && avg > 0) o.avgPrice = avg;
  let fill: Fill | null = null;
  if (item.exec_type === 'trade') {
    const lastQty = requiredNumber(item.last_qty, V, 'execution.last_qty');
    const lastPrice = requiredNumber(item.last_price, V, 'execution.last_price');
    if (!(lastQty > 0) || !(lastPrice > 0)) throw frameError(V, 'execution trade with a non-positive last_qty or last_price');
    let fee = 0;
    let feeCurrency = o.symbol.split('/')[1] ?? '';
    if (Array.isArray(item.fees)) {
      for (const f of item.fees as unknown[]) {
        if (!isRecord(f)) throw frameError(V, 'execution.fees entry is not an object');
        fee += requiredNumber(f.qty, V, 'execution.fees.qty');
        feeCurrency = requiredString(f.asset, V, 'execution.fees.asset');
      }
    }
    if (o.side === null) throw frameError(V, `trade for order ${orderId} without a side`);
    fill = {
      kind: 'fill', venue: 'kraken', symbol: o.symbol, clientOrderId: o.clientOrderId, venueOrderId: orderId,
      tradeId: requiredString(item.exec_id, V, 'execution.exec_id'), side: o.side, price: lastPrice, quantity: lastQty, fee, feeCurrency,
      liquidity: item.liquidity_ind === 'm' ? 'maker' : 'taker', tsVenue, tsLocal,
    };
    if (cumQty === null) o.cumQty += lastQty;
  }
  if (item.order_status === undefined) return { update: null, fill };
  o.status = krakenOrderStatus(item.order_status);
  const reason = typeof item.reason === 'string' ? item.reason : null;
  return { update: toUpdate(o, reason, tsVenue, tsLocal), fill };
}

/**
 * One REST order entry (`OpenOrders`, `QueryOrders`; keyed by txid) → an order update. Kraken's
 * REST statuses: pending → pending_new; open → open or partially_filled; closed → filled (or
 * canceled when it closed short of its volume, e.g. a market order's unfilled rest); canceled;
 * expired. Anything else is a ParseError.
 */
export function parseKrakenOrderInfo(txid: string, wire: unknown, pairs: KrakenPairTable, tsLocal: number): { update: OrderUpdate; side: OrderSide; openedMs: number } {
  if (!isRecord(wire)) throw frameError(V, `open order ${txid} is not an object`);
  const descr = wire.descr;
  if (!isRecord(descr)) throw frameError(V, `open order ${txid} has no descr`);
  const restPair = requiredString(descr.pair, V, `${txid}.descr.pair`);
  const symbol = pairs.rest(restPair)?.symbol ?? restPair;
  const vol = requiredNumber(wire.vol, V, `${txid}.vol`);
  const filled = requiredNumber(wire.vol_exec, V, `${txid}.vol_exec`);
  const price = optionalNumber(wire.price, V, `${txid}.price`);
  const status = restStatus(wire.status, filled, vol);
  if (status === null) throw frameError(V, `order ${txid} has status ${JSON.stringify(wire.status)}`);
  const openedSec = optionalNumber(wire.opentm, V, `${txid}.opentm`);
  return {
    side: side(descr.type, `${txid}.descr.type`),
    openedMs: openedSec === null ? tsLocal : Math.round(openedSec * 1000),
    update: {
      kind: 'order_update', venue: 'kraken', symbol, clientOrderId: typeof wire.cl_ord_id === 'string' ? wire.cl_ord_id : '', venueOrderId: txid, status,
      filledQuantity: filled, remainingQuantity: TERMINAL_ORDER_STATUSES.has(status) ? 0 : Math.max(0, vol - filled),
      averageFillPrice: filled > 0 && price !== null && price > 0 ? price : null, reason: typeof wire.reason === 'string' ? wire.reason : null,
      tsVenue: openedSec === null ? null : Math.round(openedSec * 1000), tsLocal,
    },
  };
}

function restStatus(status: unknown, filled: number, vol: number): OrderStatus | null {
  switch (status) {
    case 'pending':
      return 'pending_new';
    case 'open':
      return filled > 0 ? 'partially_filled' : 'open';
    case 'closed':
      return filled >= vol ? 'filled' : 'canceled';
    case 'canceled':
      return 'canceled';
    case 'expired':
      return 'expired';
    default:
      return null;
  }
}

/**
 * One REST `TradesHistory` entry (keyed by trade txid) → a fill. The fee is in the quote
 * currency ("total fee (quote currency)"); `clientOrderOf` maps the order txid to its cl_ord_id.
 */
export function parseKrakenTrade(txid: string, wire: unknown, pairs: KrakenPairTable, clientOrderOf: (orderTxid: string) => string, tsLocal: number): Fill {
  if (!isRecord(wire)) throw frameError(V, `trade ${txid} is not an object`);
  const restPair = requiredString(wire.pair, V, `${txid}.pair`);
  const pair = pairs.rest(restPair);
  const symbol = pair?.symbol ?? restPair;
  const orderTxid = requiredString(wire.ordertxid, V, `${txid}.ordertxid`);
  const quantity = requiredNumber(wire.vol, V, `${txid}.vol`);
  const price = requiredNumber(wire.price, V, `${txid}.price`);
  if (!(quantity > 0) || !(price > 0)) throw frameError(V, `trade ${txid} has a non-positive vol or price`);
  return {
    kind: 'fill', venue: 'kraken', symbol, clientOrderId: clientOrderOf(orderTxid), venueOrderId: orderTxid, tradeId: txid,
    side: side(wire.type, `${txid}.type`), price, quantity, fee: requiredNumber(wire.fee, V, `${txid}.fee`), feeCurrency: pair?.quote ?? symbol.split('/')[1] ?? '',
    liquidity: wire.maker === true ? 'maker' : 'taker', tsVenue: Math.round(requiredNumber(wire.time, V, `${txid}.time`) * 1000), tsLocal,
  };
}

/** REST `BalanceEx` → balances (available = balance − hold_trade), assets in v2 spelling. */
export function parseKrakenBalanceEx(result: unknown): Balance[] {
  if (!isRecord(result)) throw frameError(V, 'BalanceEx result is not an object');
  const out: Balance[] = [];
  for (const [code, entry] of Object.entries(result)) {
    if (!isRecord(entry)) throw frameError(V, `BalanceEx ${code} is not an object`);
    const total = requiredNumber(entry.balance, V, `${code}.balance`);
    const hold = optionalNumber(entry.hold_trade, V, `${code}.hold_trade`) ?? 0;
    out.push({ venue: 'kraken', currency: krakenAssetName(code), total, available: total - hold });
  }
  return out;
}

/** A `balances` channel frame (snapshot or ledger update) → each asset's new total. */
export function parseKrakenBalancesFrame(frame: Record<string, unknown>): Array<{ readonly asset: string; readonly balance: number }> {
  if (!Array.isArray(frame.data)) throw frameError(V, 'balances frame without a data array');
  return (frame.data as unknown[]).map((d) => {
    if (!isRecord(d)) throw frameError(V, 'balances entry is not an object');
    return { asset: requiredString(d.asset, V, 'balances.asset'), balance: requiredNumber(d.balance, V, 'balances.balance') };
  });
}
