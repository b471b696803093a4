/**
 * One simulated Kraken spot account: balances and holds per asset, its orders and trades, and
 * matching against the simulator's L2 ladders. An order's aggressive part trades at once against
 * the ladder's opposite side (taker, level by level up to its limit); the rest rests and trades
 * (maker, at its own limit price) when the simulated market crosses it, or when a test sends
 * another participant's flow through it. Our orders do not deplete the simulated book. Fees are
 * charged in the quote currency (AssetPairs `fees` / `fees_maker` first tier). Every change is
 * reported as `executions` reports and `balances` ledger entries through the `emit` hooks.
 */
import type { L2Ladder } from '../../shared/simulator/l2-ladder.js';
import type { KrakenPair } from '../execution/kraken-pairs.js';

export interface SimPairRef {
  readonly pair: KrakenPair;
  readonly ladder: L2Ladder;
  readonly pricePrecision: number;
  readonly qtyPrecision: number;
  readonly takerFee: number;
  readonly makerFee: number;
}

export type SimOrderStatus = 'pending' | 'open' | 'closed' | 'canceled' | 'expired';

export interface SimOrder {
  readonly txid: string;
  readonly clOrdId: string | null;
  readonly ref: SimPairRef;
  readonly side: 'buy' | 'sell';
  readonly type: 'limit' | 'market';
  price: number | null;
  qty: number;
  filled: number;
  cost: number;
  fee: number;
  status: SimOrderStatus;
  readonly openedMs: number;
  closedMs: number | null;
  readonly postOnly: boolean;
  readonly tif: 'GTC' | 'IOC' | 'GTD';
  readonly expireMs: number | null;
  /** Amount of the hold asset still reserved for this order. */
  hold: number;
  reason: string | null;
}

export interface SimTrade {
  readonly txid: string;
  readonly order: SimOrder;
  readonly price: number;
  readonly qty: number;
  readonly fee: number;
  readonly maker: boolean;
  readonly timeMs: number;
  readonly tradeId: number;
}

export interface SimAccountHooks {
  readonly now: () => number;
  readonly nextId: (prefix: 'O' | 'T' | 'L') => string;
  readonly nextTradeId: () => number;
  readonly executions: (account: SimAccount, reports: readonly Record<string, unknown>[]) => void;
  readonly ledger: (account: SimAccount, entries: readonly Record<string, unknown>[]) => void;
}

const round = (x: number, decimals: number): number => Number(x.toFixed(decimals));

export class SimAccount {
  readonly balances = new Map<string, number>();
  readonly orders = new Map<string, SimOrder>();
  readonly trades: SimTrade[] = [];
  lastNonce = 0;
  readonly recentNonces = new Set<number>();

  constructor(readonly key: string, readonly secret: string, startBalances: Readonly<Record<string, number>>, private readonly hooks: SimAccountHooks) {
    for (const [asset, amount] of Object.entries(startBalances)) this.balances.set(asset, amount);
  }

  balance(asset: string): number {
    return this.balances.get(asset) ?? 0;
  }

  held(asset: string): number {
    let h = 0;
    for (const o of this.orders.values()) if (o.status === 'open' || o.status === 'pending') if (holdAsset(o) === asset) h += o.hold;
    return h;
  }

  available(asset: string): number {
    return this.balance(asset) - this.held(asset);
  }

  openOrder(clOrdId: string): SimOrder | undefined {
    for (const o of this.orders.values()) if (o.clOrdId === clOrdId && (o.status === 'open' || o.status === 'pending')) return o;
    return undefined;
  }

  /**
   * Places an order whose fields the caller has validated; returns a Kraken error string
   * (nothing done) or the order.
   */
  place(o: Omit<SimOrder, 'txid' | 'filled' | 'cost' | 'fee' | 'status' | 'openedMs' | 'closedMs' | 'hold' | 'reason'>): string | SimOrder {
    const { pair } = o.ref;
    const walk = this.walk(o.ref, o.side, o.type === 'limit' ? o.price : null, o.qty);
    if (o.postOnly && walk.length > 0) return 'EOrder:Post only order';
    if (o.side === 'buy') {
      const need = o.type === 'limit' ? o.price! * o.qty * (1 + o.ref.takerFee) : walk.reduce((s, [p, q]) => s + p * q * (1 + o.ref.takerFee), 0);
      if (need > this.available(pair.quote) + 1e-9) return 'EOrder:Insufficient funds';
    } else if (o.qty > this.available(pair.base) + 1e-12) {
      return 'EOrder:Insufficient funds';
    }
    const order: SimOrder = {
      ...o, txid: this.hooks.nextId('O'), filled: 0, cost: 0, fee: 0, status: 'open', openedMs: this.hooks.now(), closedMs: null, hold: 0, reason: null,
    };
    order.hold = order.type === 'limit' ? (order.side === 'buy' ? order.price! * order.qty * (1 + order.ref.takerFee) : order.qty) : 0;
    this.orders.set(order.txid, order);
    this.report([this.orderReport(order, 'pending_new', 'pending_new', true)]);
    this.report([this.orderReport(order, 'new', 'new', false)]);
    for (const [price, qty] of walk) this.execute(order, price, qty, false);
    if (order.status === 'open' && (order.type === 'market' || order.tif === 'IOC')) this.close(order, 'canceled', order.type === 'market' ? 'Market order remainder' : 'IOC remainder');
    return order;
  }

  /** Cancels an open order; false when there is none. */
  cancel(order: SimOrder): void {
    this.close(order, 'canceled', 'User requested');
  }

  /** Amends in place; returns a Kraken error string or null. */
  amend(order: SimOrder, qty: number | null, price: number | null): string | null {
    if (qty !== null && qty <= order.filled) {
      order.qty = order.filled;
      this.close(order, 'canceled', 'Amended below filled quantity');
      return null;
    }
    const newPrice = price ?? order.price;
    const newQty = qty ?? order.qty;
    if (order.side === 'buy' && newPrice !== null) {
      const need = newPrice * (newQty - order.filled) * (1 + order.ref.takerFee);
      if (need > this.available(order.ref.pair.quote) + order.hold + 1e-9) return 'EOrder:Insufficient funds';
      order.hold = need;
    } else if (order.side === 'sell') {
      if (newQty - order.filled > this.available(order.ref.pair.base) + order.hold + 1e-12) return 'EOrder:Insufficient funds';
      order.hold = newQty - order.filled;
    }
    order.qty = newQty;
    order.price = newPrice;
    this.report([{ ...this.orderReport(order, 'amended', order.filled > 0 ? 'partially_filled' : 'new', false), order_qty: order.qty, limit_price: order.price, amended: true }]);
    for (const [p, q] of this.walk(order.ref, order.side, order.price, order.qty - order.filled)) this.execute(order, p, q, false);
    return null;
  }

  /** Trades resting orders the market now crosses, and expires good-till-date orders past due. */
  onMarket(ref: SimPairRef): void {
    const now = this.hooks.now();
    for (const o of [...this.orders.values()]) {
      if (o.ref !== ref || o.status !== 'open') continue;
      if (o.expireMs !== null && now >= o.expireMs) {
        this.close(o, 'expired', 'Order expired');
        continue;
      }
      for (const [, qty] of this.walk(ref, o.side, o.price, o.qty - o.filled)) this.execute(o, o.price!, qty, true);
    }
  }

  /** Another participant's aggressive flow: `side` sells (buys) down (up) to `price`, `qty` in all. */
  flowThrough(ref: SimPairRef, side: 'buy' | 'sell', price: number, qty: number): number {
    let left = qty;
    let traded = 0;
    const crossed = [...this.orders.values()]
      .filter((o) => o.ref === ref && o.status === 'open' && o.side !== side && o.price !== null && (side === 'sell' ? o.price >= price : o.price <= price))
      .sort((a, b) => (side === 'sell' ? b.price! - a.price! : a.price! - b.price!) || a.openedMs - b.openedMs);
    for (const o of crossed) {
      if (left <= 0) break;
      const q = round(Math.min(left, o.qty - o.filled), ref.qtyPrecision);
      if (q <= 0) continue;
      this.execute(o, o.price!, q, true);
      traded = round(traded + q, ref.qtyPrecision);
      left = left === Infinity ? left : round(left - q, ref.qtyPrecision);
    }
    return traded;
  }

  /** The executions reports of the open orders and the last 50 trades, for a snapshot. */
  snapshotReports(snapOrders: boolean, snapTrades: boolean): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = [];
    if (snapOrders) for (const o of this.orders.values()) if (o.status === 'open') out.push(this.orderReport(o, 'new', o.filled > 0 ? 'partially_filled' : 'new', true));
    if (snapTrades) for (const t of this.trades.slice(-50)) out.push(this.tradeReport(t));
    return out;
  }

  /** Level-by-level (price, qty) an order could take now from the opposite side, up to its limit. */
  private walk(ref: SimPairRef, side: 'buy' | 'sell', limit: number | null, qty: number): Array<[number, number]> {
    const book = side === 'buy' ? ref.ladder.asks : ref.ladder.bids;
    const prices = [...book.keys()].sort((a, b) => (side === 'buy' ? a - b : b - a));
    const out: Array<[number, number]> = [];
    let left = qty;
    for (const p of prices) {
      if (left <= 0) break;
      if (limit !== null && (side === 'buy' ? p > limit : p < limit)) break;
      const q = round(Math.min(left, book.get(p)!), ref.qtyPrecision);
      if (q <= 0) continue;
      out.push([p, q]);
      left = round(left - q, ref.qtyPrecision);
    }
    return out;
  }

  private execute(o: SimOrder, price: number, qty: number, maker: boolean): void {
    const { pair } = o.ref;
    const value = price * qty;
    const fee = round(value * (maker ? o.ref.makerFee : o.ref.takerFee), 8);
    const now = this.hooks.now();
    o.filled = round(o.filled + qty, o.ref.qtyPrecision);
    o.cost += value;
    o.fee += fee;
    if (o.type === 'limit') o.hold = Math.max(0, o.hold - (o.side === 'buy' ? o.price! * qty * (1 + o.ref.takerFee) : qty));
    const sign = o.side === 'buy' ? 1 : -1;
    this.balances.set(pair.base, round(this.balance(pair.base) + sign * qty, 10));
    this.balances.set(pair.quote, round(this.balance(pair.quote) - sign * value - fee, 10));
    const trade: SimTrade = { txid: this.hooks.nextId('T'), order: o, price, qty, fee, maker, timeMs: now, tradeId: this.hooks.nextTradeId() };
    this.trades.push(trade);
    if (o.filled >= o.qty - 1e-12) {
      o.status = 'closed';
      o.closedMs = now;
      o.hold = 0;
    }
    this.report([this.tradeReport(trade)]);
    const ts = new Date(now).toISOString();
    this.hooks.ledger(this, [
      { ledger_id: this.hooks.nextId('L'), ref_id: trade.txid, timestamp: ts, type: 'trade', asset: pair.base, asset_class: 'currency', category: 'trade', wallet_type: 'spot', wallet_id: 'main', amount: sign * qty, fee: 0, balance: this.balance(pair.base) },
      { ledger_id: this.hooks.nextId('L'), ref_id: trade.txid, timestamp: ts, type: 'trade', asset: pair.quote, asset_class: 'currency', category: 'trade', wallet_type: 'spot', wallet_id: 'main', amount: -sign * value - fee, fee, balance: this.balance(pair.quote) },
    ]);
  }

  private close(o: SimOrder, status: 'canceled' | 'expired', reason: string): void {
    o.status = status;
    o.closedMs = this.hooks.now();
    o.hold = 0;
    o.reason = reason;
    this.report([{ order_id: o.txid, ...(o.clOrdId === null ? {} : { cl_ord_id: o.clOrdId }), exec_id: this.hooks.nextId('L'), exec_type: status, order_status: status, cum_qty: o.filled, cum_cost: round(o.cost, 8), avg_price: o.filled > 0 ? o.cost / o.filled : 0, reason, timestamp: new Date(o.closedMs).toISOString() }]);
  }

  private report(reports: Record<string, unknown>[]): void {
    this.hooks.executions(this, reports);
  }

  private orderReport(o: SimOrder, execType: string, status: string, full: boolean): Record<string, unknown> {
    const base: Record<string, unknown> = {
      order_id: o.txid, ...(o.clOrdId === null ? {} : { cl_ord_id: o.clOrdId }), exec_id: this.hooks.nextId('L'), exec_type: execType, order_status: status,
      cum_qty: o.filled, cum_cost: round(o.cost, 8), avg_price: o.filled > 0 ? o.cost / o.filled : 0, timestamp: new Date(this.hooks.now()).toISOString(),
    };
    if (!full && execType !== 'new') return base;
    return {
      ...base, symbol: o.ref.pair.symbol, side: o.side, order_type: o.type, order_qty: o.qty, ...(o.price === null ? {} : { limit_price: o.price, limit_price_type: 'static' }),
      time_in_force: o.tif, post_only: o.postOnly, fee_ccy_pref: 'fciq', fee_usd_equiv: 0,
    };
  }

  private tradeReport(t: SimTrade): Record<string, unknown> {
    const o = t.order;
    const upTo = this.trades.filter((x) => x.order === o && x.tradeId <= t.tradeId);
    const filledAfter = upTo.reduce((s, x) => s + x.qty, 0);
    const costAfter = upTo.reduce((s, x) => s + x.qty * x.price, 0);
    return {
      order_id: o.txid, ...(o.clOrdId === null ? {} : { cl_ord_id: o.clOrdId }), exec_id: t.txid, exec_type: 'trade', trade_id: t.tradeId, symbol: o.ref.pair.symbol, side: o.side,
      last_qty: t.qty, last_price: t.price, liquidity_ind: t.maker ? 'm' : 't', cost: round(t.price * t.qty, 8), order_status: filledAfter >= o.qty - 1e-12 ? 'filled' : 'partially_filled',
      order_type: o.type, order_qty: o.qty, fees: [{ asset: o.ref.pair.quote, qty: t.fee }], cum_qty: round(filledAfter, o.ref.qtyPrecision), cum_cost: round(costAfter, 8), avg_price: costAfter / filledAfter, timestamp: new Date(t.timeMs).toISOString(),
    };
  }
}

function holdAsset(o: SimOrder): string {
  return o.side === 'buy' ? o.ref.pair.quote : o.ref.pair.base;
}
