/**
 * The simulator's matching: `private/buy|sell` validated as Deribit does (instrument, amount
 * multiple of the minimum, price on tick, label ≤ 64, post-only only with GTC), filled against the
 * published book levels (taker, at each level's price), the rest resting (GTC), cancelled (IOC,
 * market) or the whole order cancelled (FOK that cannot fill). Resting orders fill as makers at
 * their price when the book moves through them. Orders and trades use Deribit's field names.
 * Fills do not consume the simulated book: liquidity refreshes every tick.
 */
import { DERIBIT_ERRORS } from '../errors.js';
import type { SimBook } from './deribit-sim-book.js';
import { onTick, type SimInstrument, type SimQuote } from './deribit-sim-chain.js';

export class SimRpcError extends Error {
  constructor(readonly code: number, message: string, readonly data?: unknown) {
    super(message);
  }
}

export type SimOrder = Record<string, unknown> & {
  order_id: string;
  instrument_name: string;
  direction: 'buy' | 'sell';
  amount: number;
  filled_amount: number;
  average_price: number;
  order_state: 'open' | 'filled' | 'rejected' | 'cancelled' | 'untriggered';
  label: string;
  price: number | 'market_price';
};

export type SimUserTrade = Record<string, unknown> & { trade_id: string; order_id: string; price: number; amount: number; direction: 'buy' | 'sell' };

export interface SimMatchingDeps {
  instrument(name: string): SimInstrument | undefined;
  book(name: string): SimBook;
  quote(name: string): SimQuote | undefined;
  nextTradeId(): string;
  nextTradeSeq(name: string): number;
  now(): number;
}

const TIME_IN_FORCE = new Set(['good_til_cancelled', 'good_til_day', 'fill_or_kill', 'immediate_or_cancel']);

export interface Execution {
  readonly order: SimOrder;
  readonly trades: SimUserTrade[];
}

export class SimMatching {
  private readonly orders = new Map<string, SimOrder>();
  /** Every user trade in the order it happened (the account's trade history). */
  readonly history: SimUserTrade[] = [];
  private nextId = 7_000_000_001;

  constructor(private readonly deps: SimMatchingDeps) {}

  /** @throws SimRpcError with Deribit's code for anything Deribit would refuse. */
  place(direction: 'buy' | 'sell', p: Record<string, unknown>): Execution {
    const name = typeof p.instrument_name === 'string' ? p.instrument_name : '';
    const inst = this.deps.instrument(name);
    if (inst === undefined) throw invalidParams('instrument_name', 'instrument not found');
    const amount = Number(p.amount);
    if (!Number.isFinite(amount) || amount <= 0) throw err(DERIBIT_ERRORS.invalidAmount, { param: 'amount' });
    if (amount < inst.minTradeAmount - 1e-12) throw err(DERIBIT_ERRORS.qtyTooLow, { param: 'amount', min: inst.minTradeAmount });
    const step = inst.kind === 'future' ? inst.contractSize : inst.minTradeAmount;
    if (Math.abs(amount / step - Math.round(amount / step)) > 1e-9) throw err(DERIBIT_ERRORS.invalidAmount, { reason: `must be a multiple of ${step}` });
    const type = p.type ?? 'limit';
    if (type !== 'limit' && type !== 'market') throw invalidParams('type', 'the simulator supports limit and market');
    const tif = typeof p.time_in_force === 'string' ? p.time_in_force : 'good_til_cancelled';
    if (!TIME_IN_FORCE.has(tif)) throw invalidParams('time_in_force', 'unknown value');
    const label = typeof p.label === 'string' ? p.label : '';
    if (label.length > 64) throw invalidParams('label', 'at most 64 characters');
    const postOnly = p.post_only === true || p.post_only === 'true';
    const rejectPostOnly = p.reject_post_only === true || p.reject_post_only === 'true';
    if (postOnly && (type !== 'limit' || (tif !== 'good_til_cancelled' && tif !== 'good_til_day'))) throw err(DERIBIT_ERRORS.invalidArguments, { param: 'post_only' });
    let price: number | null = null;
    if (type === 'limit') {
      price = Number(p.price);
      if (!Number.isFinite(price) || price <= 0) throw err(DERIBIT_ERRORS.invalidPrice, { param: 'price' });
      if (!onTick(inst, price)) throw err(DERIBIT_ERRORS.priceWrongTick, { param: 'price' });
    }
    const book = this.deps.book(name);
    const opposite = book.side(direction === 'buy' ? 'asks' : 'bids');
    const crosses = (level: number): boolean => price === null || (direction === 'buy' ? level <= price : level >= price);
    if (postOnly && opposite.length > 0 && crosses(opposite[0]![0])) {
      if (rejectPostOnly) throw err(DERIBIT_ERRORS.postOnlyReject);
      const best = opposite[0]![0];
      price = Number((direction === 'buy' ? best - inst.tickSize : best + inst.tickSize).toFixed(8));
    }
    const now = this.deps.now();
    const order: SimOrder = {
      order_id: String(this.nextId++), instrument_name: name, direction, amount, filled_amount: 0, average_price: 0, order_state: 'open', label,
      price: price ?? 'market_price', order_type: type, time_in_force: tif, post_only: postOnly, reduce_only: p.reduce_only === true || p.reduce_only === 'true',
      creation_timestamp: now, last_update_timestamp: now, api: true, web: false, replaced: false, is_liquidation: false, max_show: amount,
      contracts: amount / inst.contractSize, mmp: false, risk_reducing: false,
    };
    const trades: SimUserTrade[] = [];
    const fillable = postOnly ? 0 : opposite.filter(([lp]) => crosses(lp)).reduce((s, [, a]) => s + a, 0);
    if (tif === 'fill_or_kill' && fillable + 1e-12 < amount) {
      order.order_state = 'cancelled';
      order.cancel_reason = 'user_request';
    } else {
      if (!postOnly) {
        for (const [lp, la] of opposite) {
          const remaining = amount - order.filled_amount;
          if (remaining <= 1e-12 || !crosses(lp)) break;
          trades.push(this.fill(inst, order, lp, Math.min(remaining, la), 'T', now));
        }
      }
      const remaining = amount - order.filled_amount;
      if (remaining <= 1e-12) order.order_state = 'filled';
      else if (type === 'market' || tif === 'immediate_or_cancel' || tif === 'fill_or_kill') {
        order.order_state = 'cancelled';
        order.cancel_reason = 'user_request';
      }
    }
    for (const t of trades) t.state = order.order_state;
    if (order.order_state === 'open') this.orders.set(order.order_id, order);
    return { order: { ...order }, trades };
  }

  /** @throws SimRpcError 10004 order_not_found or 11044 not_open_order. */
  cancel(orderId: string): SimOrder {
    const order = this.orders.get(orderId) ?? this.done.get(orderId);
    if (order === undefined) throw err(DERIBIT_ERRORS.orderNotFound);
    if (order.order_state !== 'open') throw err(DERIBIT_ERRORS.notOpenOrder);
    this.close(order, 'cancelled', 'user_request');
    return { ...order };
  }

  cancelByLabel(label: string): SimOrder[] {
    return [...this.orders.values()].filter((o) => o.label === label).map((o) => this.cancel(o.order_id));
  }

  open(): SimOrder[] {
    return [...this.orders.values()].map((o) => ({ ...o }));
  }

  get(orderId: string): SimOrder | undefined {
    const o = this.orders.get(orderId) ?? this.done.get(orderId);
    return o === undefined ? undefined : { ...o };
  }

  /** Resting orders on `name` that the current book crosses fill completely at their own price (maker). */
  matchResting(name: string): Execution[] {
    const out: Execution[] = [];
    const inst = this.deps.instrument(name);
    if (inst === undefined) return out;
    const book = this.deps.book(name);
    const bestBid = book.bestBid();
    const bestAsk = book.bestAsk();
    for (const order of [...this.orders.values()]) {
      if (order.instrument_name !== name || typeof order.price !== 'number') continue;
      const crossed = order.direction === 'buy' ? bestAsk !== null && bestAsk <= order.price : bestBid !== null && bestBid >= order.price;
      if (!crossed) continue;
      const now = this.deps.now();
      const trade = this.fill(inst, order, order.price, order.amount - order.filled_amount, 'M', now);
      this.close(order, 'filled');
      trade.state = 'filled';
      out.push({ order: { ...order }, trades: [trade] });
    }
    return out;
  }

  private readonly done = new Map<string, SimOrder>();

  private close(order: SimOrder, state: 'filled' | 'cancelled', reason?: string): void {
    order.order_state = state;
    order.last_update_timestamp = this.deps.now();
    if (reason !== undefined) order.cancel_reason = reason;
    this.orders.delete(order.order_id);
    this.done.set(order.order_id, order);
  }

  private fill(inst: SimInstrument, order: SimOrder, price: number, amount: number, liquidity: 'M' | 'T', now: number): SimUserTrade {
    const filled = order.filled_amount + amount;
    order.average_price = Number(((order.average_price * order.filled_amount + price * amount) / filled).toFixed(10));
    order.filled_amount = Number(filled.toFixed(10));
    order.last_update_timestamp = now;
    const quote = this.deps.quote(inst.name);
    const fee = inst.kind === 'option'
      ? Math.min(0.0003, 0.125 * price) * amount
      : liquidity === 'T' ? (0.0005 * amount) / price : 0;
    const trade: SimUserTrade = {
      trade_seq: this.deps.nextTradeSeq(inst.name), trade_id: this.deps.nextTradeId(), timestamp: now, tick_direction: 0, state: 'open',
      reduce_only: order.reduce_only, price, post_only: order.post_only, order_type: order.order_type, order_id: order.order_id, matching_id: null,
      mark_price: quote?.mark ?? price, liquidity, label: order.label, instrument_name: inst.name, index_price: quote?.index ?? 0,
      fee_currency: 'BTC', fee: Number(fee.toFixed(10)), direction: order.direction, amount,
    };
    if (inst.kind === 'option' && quote?.markIvPct != null) trade.iv = quote.markIvPct;
    this.history.push(trade);
    return trade;
  }
}

function err(e: { code: number; message: string }, data?: unknown): SimRpcError {
  return new SimRpcError(e.code, e.message, data);
}

function invalidParams(param: string, reason: string): SimRpcError {
  return new SimRpcError(DERIBIT_ERRORS.invalidParams.code, DERIBIT_ERRORS.invalidParams.message, { param, reason });
}
