/**
 * Binance order reports → domain OrderUpdate / Fill / Balance, for spot (REST order answers,
 * `myTrades`, the user stream's `executionReport` and `outboundAccountPosition`) and USDⓈ-M
 * (REST order answers, `userTrades`, `ORDER_TRADE_UPDATE`, `ACCOUNT_UPDATE`). Order states are
 * strict: a status this file does not know throws. `clientIdOf` maps Binance's client order id
 * (and order id) back to the Arbiter id.
 */
import type { Balance, Fill, OrderStatus, OrderUpdate } from '../../../domain/order.js';
import { frameError, isRecord, optionalNumber, requiredNumber, requiredString } from '../../shared/wire-values.js';
import { binanceSymbolFromWire, type BinanceMarket } from '../parse/binance-symbols.js';

export type ClientIdOf = (binanceClientOrderId: string, venueOrderId: string) => string;

const V = 'binance' as const;

const STATUS: Readonly<Record<string, OrderStatus>> = {
  PENDING_NEW: 'pending_new',
  NEW: 'open',
  PARTIALLY_FILLED: 'partially_filled',
  FILLED: 'filled',
  CANCELED: 'canceled',
  // Documented as currently unused; the cancel is not confirmed yet, so the order is still live.
  PENDING_CANCEL: 'open',
  REJECTED: 'rejected',
  EXPIRED: 'expired',
  // Expired by self-trade prevention during matching.
  EXPIRED_IN_MATCH: 'expired',
};

const LIVE: ReadonlySet<OrderStatus> = new Set(['pending_new', 'open', 'partially_filled']);

/** @throws ParseError for a status Binance does not document. */
export function binanceOrderStatus(wire: unknown): OrderStatus {
  const status = typeof wire === 'string' ? STATUS[wire] : undefined;
  if (status === undefined) throw frameError(V, `unknown order status ${JSON.stringify(wire)}`);
  return status;
}

interface OrderFields {
  readonly market: BinanceMarket;
  readonly wireSymbol: string;
  readonly wireClientId: string;
  readonly orderId: string;
  readonly wireStatus: unknown;
  readonly quantity: number;
  readonly filled: number;
  readonly average: number | null;
  readonly reason: string | null;
  readonly tsVenue: number | null;
}

function toUpdate(f: OrderFields, tsLocal: number, clientIdOf: ClientIdOf): OrderUpdate {
  const status = binanceOrderStatus(f.wireStatus);
  return {
    kind: 'order_update', venue: V, symbol: binanceSymbolFromWire(f.wireSymbol, f.market),
    clientOrderId: clientIdOf(f.wireClientId, f.orderId), venueOrderId: f.orderId, status,
    filledQuantity: f.filled, remainingQuantity: LIVE.has(status) ? Math.max(0, f.quantity - f.filled) : 0,
    averageFillPrice: f.filled > 0 && f.average !== null && f.average > 0 ? f.average : null,
    reason: status === 'canceled' || status === 'rejected' || status === 'expired' ? f.reason : null,
    tsVenue: f.tsVenue, tsLocal,
  };
}

/** An order object of a REST answer (new, cancel, query, openOrders, amend, modify). */
export function parseBinanceRestOrder(raw: unknown, market: BinanceMarket, tsLocal: number, clientIdOf: ClientIdOf): OrderUpdate {
  if (!isRecord(raw)) throw frameError(V, 'order is not an object');
  const filled = requiredNumber(raw.executedQty, V, 'order.executedQty');
  const quote = optionalNumber(market === 'spot' ? raw.cummulativeQuoteQty : raw.cumQuote, V, 'order.cumQuote');
  const avg = market === 'usdm' ? optionalNumber(raw.avgPrice, V, 'order.avgPrice') : quote !== null && filled > 0 ? quote / filled : null;
  const ts = optionalNumber(raw.updateTime ?? raw.transactTime ?? raw.time, V, 'order.updateTime');
  return toUpdate({
    // A spot cancel answer's `clientOrderId` is the cancel request's; the order's own is `origClientOrderId`.
    market, wireSymbol: requiredString(raw.symbol, V, 'order.symbol'), wireClientId: requiredString(raw.origClientOrderId ?? raw.clientOrderId, V, 'order.clientOrderId'),
    orderId: String(requiredNumber(raw.orderId, V, 'order.orderId')), wireStatus: raw.status,
    quantity: requiredNumber(raw.origQty, V, 'order.origQty'), filled, average: avg, reason: raw.status === 'EXPIRED_IN_MATCH' ? 'EXPIRED_IN_MATCH' : null, tsVenue: ts,
  }, tsLocal, clientIdOf);
}

/** The `fills` of a spot new-order answer (`newOrderRespType=FULL`): immediate, so taker. */
export function parseBinanceSpotOrderFills(raw: unknown, tsLocal: number, clientIdOf: ClientIdOf): Fill[] {
  if (!isRecord(raw) || !Array.isArray(raw.fills)) return [];
  const symbol = requiredString(raw.symbol, V, 'order.symbol');
  const orderId = String(requiredNumber(raw.orderId, V, 'order.orderId'));
  const clientOrderId = clientIdOf(requiredString(raw.clientOrderId, V, 'order.clientOrderId'), orderId);
  const side = wireSide(raw.side);
  const ts = optionalNumber(raw.transactTime, V, 'order.transactTime');
  return (raw.fills as unknown[]).map((f) => {
    if (!isRecord(f)) throw frameError(V, 'order fill is not an object');
    return {
      kind: 'fill', venue: V, symbol: binanceSymbolFromWire(symbol, 'spot'), clientOrderId, venueOrderId: orderId,
      tradeId: tradeKey('spot', symbol, requiredNumber(f.tradeId, V, 'fill.tradeId')), side,
      price: requiredNumber(f.price, V, 'fill.price'), quantity: requiredNumber(f.qty, V, 'fill.qty'),
      fee: requiredNumber(f.commission, V, 'fill.commission'), feeCurrency: requiredString(f.commissionAsset, V, 'fill.commissionAsset'),
      liquidity: 'taker', tsVenue: ts, tsLocal,
    } satisfies Fill;
  });
}

export interface BinanceOrderEvent {
  readonly update: OrderUpdate;
  readonly fill: Fill | null;
}

/** A spot `executionReport` (the event inside the WS API envelope). */
export function parseBinanceExecutionReport(e: Record<string, unknown>, tsLocal: number, clientIdOf: ClientIdOf): BinanceOrderEvent {
  const symbol = requiredString(e.s, V, 'executionReport.s');
  const orderId = String(requiredNumber(e.i, V, 'executionReport.i'));
  // On a cancel, `c` is the cancel request's id and `C` the order's own.
  const wireClientId = typeof e.C === 'string' && e.C !== '' ? e.C : requiredString(e.c, V, 'executionReport.c');
  const filled = requiredNumber(e.z, V, 'executionReport.z');
  const quote = optionalNumber(e.Z, V, 'executionReport.Z');
  const reject = typeof e.r === 'string' && e.r !== 'NONE' ? e.r : null;
  const update = toUpdate({
    market: 'spot', wireSymbol: symbol, wireClientId, orderId, wireStatus: e.X, quantity: requiredNumber(e.q, V, 'executionReport.q'), filled,
    average: quote !== null && filled > 0 ? quote / filled : null, reason: reject ?? (e.X === 'EXPIRED_IN_MATCH' ? 'EXPIRED_IN_MATCH' : typeof e.x === 'string' ? e.x : null),
    tsVenue: optionalNumber(e.E, V, 'executionReport.E'),
  }, tsLocal, clientIdOf);
  return { update, fill: e.x === 'TRADE' ? streamFill(e, update, 'spot', symbol, 'executionReport', tsLocal) : null };
}

/** A USDⓈ-M `ORDER_TRADE_UPDATE` frame. */
export function parseBinanceOrderTradeUpdate(frame: Record<string, unknown>, tsLocal: number, clientIdOf: ClientIdOf): BinanceOrderEvent {
  const o = frame.o;
  if (!isRecord(o)) throw frameError(V, 'ORDER_TRADE_UPDATE has no order object');
  const symbol = requiredString(o.s, V, 'ORDER_TRADE_UPDATE.s');
  const orderId = String(requiredNumber(o.i, V, 'ORDER_TRADE_UPDATE.i'));
  const update = toUpdate({
    market: 'usdm', wireSymbol: symbol, wireClientId: requiredString(o.c, V, 'ORDER_TRADE_UPDATE.c'), orderId, wireStatus: o.X,
    quantity: requiredNumber(o.q, V, 'ORDER_TRADE_UPDATE.q'), filled: requiredNumber(o.z, V, 'ORDER_TRADE_UPDATE.z'),
    average: optionalNumber(o.ap, V, 'ORDER_TRADE_UPDATE.ap'), reason: typeof o.x === 'string' ? o.x : null,
    tsVenue: optionalNumber(frame.E, V, 'ORDER_TRADE_UPDATE.E'),
  }, tsLocal, clientIdOf);
  return { update, fill: o.x === 'TRADE' ? streamFill(o, update, 'usdm', symbol, 'ORDER_TRADE_UPDATE', tsLocal) : null };
}

/**
 * The trade of a TRADE execution: both markets name its fields alike (`t` trade id, `S` side,
 * `L`/`l` last price/quantity, `n`/`N` commission and asset, `m` maker, `T` transaction time).
 */
function streamFill(o: Record<string, unknown>, update: OrderUpdate, market: BinanceMarket, wireSymbol: string, label: string, tsLocal: number): Fill {
  return {
    kind: 'fill', venue: V, symbol: update.symbol, clientOrderId: update.clientOrderId, venueOrderId: update.venueOrderId,
    tradeId: tradeKey(market, wireSymbol, requiredNumber(o.t, V, `${label}.t`)), side: wireSide(o.S),
    price: requiredNumber(o.L, V, `${label}.L`), quantity: requiredNumber(o.l, V, `${label}.l`),
    fee: optionalNumber(o.n, V, `${label}.n`) ?? 0, feeCurrency: typeof o.N === 'string' ? o.N : '',
    liquidity: o.m === true ? 'maker' : 'taker', tsVenue: optionalNumber(o.T, V, `${label}.T`), tsLocal,
  };
}

/** One entry of spot `GET /api/v3/myTrades` or USDⓈ-M `GET /fapi/v1/userTrades`. */
export function parseBinanceAccountTrade(raw: unknown, market: BinanceMarket, tsLocal: number, clientIdOf: ClientIdOf): Fill {
  if (!isRecord(raw)) throw frameError(V, 'trade is not an object');
  const symbol = requiredString(raw.symbol, V, 'trade.symbol');
  const orderId = String(requiredNumber(raw.orderId, V, 'trade.orderId'));
  const buyer = market === 'spot' ? raw.isBuyer : raw.buyer;
  const maker = market === 'spot' ? raw.isMaker : raw.maker;
  if (typeof buyer !== 'boolean' || typeof maker !== 'boolean') throw frameError(V, `trade ${String(raw.id)}: buyer/maker flags missing`);
  return {
    kind: 'fill', venue: V, symbol: binanceSymbolFromWire(symbol, market), clientOrderId: clientIdOf('', orderId), venueOrderId: orderId,
    tradeId: tradeKey(market, symbol, requiredNumber(raw.id, V, 'trade.id')), side: buyer ? 'buy' : 'sell',
    price: requiredNumber(raw.price, V, 'trade.price'), quantity: requiredNumber(raw.qty, V, 'trade.qty'),
    fee: requiredNumber(raw.commission, V, 'trade.commission'), feeCurrency: requiredString(raw.commissionAsset, V, 'trade.commissionAsset'),
    liquidity: maker ? 'maker' : 'taker', tsVenue: requiredNumber(raw.time, V, 'trade.time'), tsLocal,
  };
}

/** Spot `outboundAccountPosition` → balances of the assets it lists (total = free + locked). */
export function parseBinanceAccountPosition(e: Record<string, unknown>): Balance[] {
  if (!Array.isArray(e.B)) throw frameError(V, 'outboundAccountPosition has no B array');
  return (e.B as unknown[]).map((b) => {
    if (!isRecord(b)) throw frameError(V, 'outboundAccountPosition balance is not an object');
    const free = requiredNumber(b.f, V, 'balance.f');
    return { venue: V, currency: requiredString(b.a, V, 'balance.a'), total: free + requiredNumber(b.l, V, 'balance.l'), available: free };
  });
}

export interface BinancePositionReport {
  readonly symbol: string;
  /** Signed (negative short); in hedge mode the SHORT side reports a negative amount. */
  readonly quantity: number;
  readonly averagePrice: number | null;
  /** BOTH (one-way mode), LONG or SHORT (hedge mode). */
  readonly positionSide: string;
}

/** USDⓈ-M `ACCOUNT_UPDATE` → wallet balances (available = cross wallet balance) and positions. */
export function parseBinanceAccountUpdate(frame: Record<string, unknown>): { balances: Balance[]; positions: BinancePositionReport[] } {
  const a = frame.a;
  if (!isRecord(a) || !Array.isArray(a.B) || !Array.isArray(a.P)) throw frameError(V, 'ACCOUNT_UPDATE lacks a.B or a.P');
  const balances = (a.B as unknown[]).map((b): Balance => {
    if (!isRecord(b)) throw frameError(V, 'ACCOUNT_UPDATE balance is not an object');
    return { venue: V, currency: requiredString(b.a, V, 'B.a'), total: requiredNumber(b.wb, V, 'B.wb'), available: requiredNumber(b.cw, V, 'B.cw') };
  });
  const positions = (a.P as unknown[]).filter(isRecord).map((p) => {
    const quantity = requiredNumber(p.pa, V, 'P.pa');
    const entry = requiredNumber(p.ep, V, 'P.ep');
    return { symbol: binanceSymbolFromWire(requiredString(p.s, V, 'P.s'), 'usdm'), quantity, averagePrice: quantity !== 0 && entry > 0 ? entry : null, positionSide: typeof p.ps === 'string' ? p.ps : 'BOTH' };
  });
  return { balances, positions };
}

/** Trade ids are unique per symbol and market; the key makes them unique per venue. */
export function tradeKey(market: BinanceMarket, wireSymbol: string, id: number): string {
  return `${market}:${wireSymbol}:${id}`;
}

function wireSide(side: unknown): 'buy' | 'sell' {
  if (side === 'BUY') return 'buy';
  if (side === 'SELL') return 'sell';
  throw frameError(V, `unknown side ${JSON.stringify(side)}`);
}
