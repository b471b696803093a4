/**
 * The risk gate: an ExecutionRouter in front of the real one that checks every order against
 * the limits (size, notional, instrument/venue/total exposure, order rate, fat-finger band),
 * refuses to price orders on stale, disconnected or crossed market data, and holds the trading
 * state (active / reducing / halted — the kill switch). It halts by itself when equity falls below
 * the drawdown limit or a venue keeps failing. A refused order throws RiskRejectedError and the
 * strategy also receives a `rejected` order update; every refusal is logged and counted.
 */
import { ArbiterError, NotSupportedError, type ErrorContext } from '../../domain/errors.js';
import { TERMINAL_ORDER_STATUSES, type Fill, type OrderRequest, type OrderUpdate } from '../../domain/order.js';
import type { VenueId } from '../../domain/venue.js';
import type { Logger } from '../logger.js';
import type { ExecutionRouter, OrderAmendment } from '../market-feed.js';
import type { OrderAck, PortfolioView } from '../strategy.js';
import type { MarketWatch } from './market-watch.js';
import { TRADING_STATES, type RiskLimits, type TradingState } from './risk-limits.js';

/** Which rule refused an order (the `limit` of the error context and the stats key). */
export type RiskLimitName =
  | 'trading_state' | 'order_quantity' | 'order_notional' | 'instrument_exposure' | 'venue_exposure' | 'total_exposure'
  | 'order_rate' | 'price_band' | 'market_data' | 'invalid_order';

/** An order the risk gate refused; `context.limit` names the rule, `value` and `max` the numbers. */
export class RiskRejectedError extends ArbiterError {
  readonly limit: RiskLimitName;

  constructor(limit: RiskLimitName, message: string, context: ErrorContext) {
    super('ARB_RISK_REJECTED', message, { limit, ...context });
    this.name = 'RiskRejectedError';
    this.limit = limit;
  }
}

export interface RiskRejection {
  readonly tsLocal: number;
  readonly clientOrderId: string;
  readonly venue: VenueId;
  readonly symbol: string;
  readonly limit: RiskLimitName;
  readonly message: string;
}

export interface RiskStats {
  /** Orders passed to the venue router. */
  passed: number;
  rejected: number;
  readonly rejectedBy: Partial<Record<RiskLimitName, number>>;
  /** Venue errors counted toward the error limit. */
  venueErrors: number;
  /** Orders cancelled by the kill switch. */
  haltCancels: number;
}

export interface RiskGateOptions {
  /** The router orders go to once they pass. */
  readonly inner: ExecutionRouter;
  readonly limits: RiskLimits;
  readonly market: MarketWatch;
  /** Positions and equity of the account the gate protects; without it exposure counts open orders only and drawdown is off. */
  readonly portfolio?: PortfolioView;
  /** |quantity| at `price` in USD, null while a USD rate is unknown (order-notional.ts). */
  readonly notionalUsd: (venue: VenueId, symbol: string, quantity: number, price: number) => number | null;
  /** Tick size of an instrument, for the fat-finger floor. */
  readonly tickSize?: (venue: VenueId, symbol: string) => number | undefined;
  /** Epoch ms (the engine's clock). */
  readonly now: () => number;
  readonly logger: Logger;
  /** Receives the `rejected` update of each refused order (usually Engine.deliverOrderUpdate), after the submit call has thrown. */
  readonly onReject?: (update: OrderUpdate) => void;
  readonly onStateChange?: (state: TradingState, reason: string) => void;
}

interface OpenOrder {
  readonly request: OrderRequest;
  /** Total order quantity and limit price, as last amended. */
  quantity: number;
  price: number | null;
  filled: number;
  remaining: number;
}

const LOG_FIRST = 20;
const LOG_EVERY = 100;
const RECENT = 50;

export class RiskGate implements ExecutionRouter {
  /** Every state can be set here (the dashboard's TradingControl). */
  readonly states: readonly TradingState[] = TRADING_STATES;
  readonly stats: RiskStats = { passed: 0, rejected: 0, rejectedBy: {}, venueErrors: 0, haltCancels: 0 };
  /** The last refusals, newest last (for the dashboard). */
  readonly recentRejections: RiskRejection[] = [];
  private current: TradingState;
  private reason = 'initial state';
  private readonly open = new Map<string, OpenOrder>();
  private readonly errors = new Map<VenueId, number[]>();
  private tokens: number;
  private lastRefill: number;
  private highWater = -Infinity;
  private readonly logger: Logger;

  constructor(private readonly options: RiskGateOptions) {
    this.current = options.limits.initialState;
    this.tokens = options.limits.orderBurst;
    this.lastRefill = options.now();
    this.logger = options.logger.child({ component: 'risk' });
  }

  /** The trading state (the dashboard's TradingControl). */
  state(): TradingState {
    return this.current;
  }

  /** Why the state is what it is (operator, drawdown, venue errors). */
  get stateReason(): string {
    return this.reason;
  }

  /**
   * Switches the trading state (dashboard, signal, automatic halts). Entering `halted` cancels
   * every open order when `cancelOnHalt` is set.
   * @throws ArbiterError ARB_INPUT_INVALID for a state that is not active, reducing or halted.
   */
  setState(state: TradingState, reason = 'operator'): Promise<void> {
    if (!TRADING_STATES.includes(state)) throw new ArbiterError('ARB_INPUT_INVALID', `trading state "${String(state)}" is not one of ${TRADING_STATES.join(', ')}`, { state: String(state) });
    if (state === this.current) return Promise.resolve();
    const before = this.current;
    this.current = state;
    this.reason = reason;
    if (state === 'active') {
      this.errors.clear();
      this.highWater = -Infinity;
    }
    this.logger.warn({ event: 'trading_state', from: before, to: state, reason }, `trading state ${before} → ${state}: ${reason}`);
    this.options.onStateChange?.(state, reason);
    return state === 'halted' && this.options.limits.cancelOnHalt ? this.cancelAll() : Promise.resolve();
  }

  /** Open orders the gate has let through and not yet seen end. */
  get openOrders(): number {
    return this.open.size;
  }

  async submit(request: OrderRequest): Promise<OrderAck> {
    const refusal = this.check(request);
    if (refusal) {
      this.reject(request, refusal);
      throw refusal;
    }
    this.open.set(request.clientOrderId, { request, quantity: request.quantity, price: request.price, filled: 0, remaining: request.quantity });
    this.stats.passed++;
    try {
      return await this.options.inner.submit(request);
    } catch (error) {
      this.open.delete(request.clientOrderId);
      this.venueError(request.venue, error);
      throw error;
    }
  }

  /** Cancels always pass, whatever the state. */
  async cancel(venue: VenueId, clientOrderId: string): Promise<void> {
    try {
      await this.options.inner.cancel(venue, clientOrderId);
    } catch (error) {
      this.venueError(venue, error);
      throw error;
    }
  }

  /**
   * Checks an amend like a new order of the amended size and price (quantity and notional of the
   * new total, price band against the current book, exposure with the new open quantity, the
   * order rate) and passes it on. `reducing` lets through only amends that lower the quantity at
   * the same price, `halted` none. A quantity increase counts in the exposure at once; a decrease
   * when the venue confirms it (its order update carries the new remaining quantity).
   * @throws RiskRejectedError naming the limit; NotSupportedError when the inner router has no
   * amend; whatever the inner router throws.
   */
  async amend(venue: VenueId, clientOrderId: string, change: OrderAmendment): Promise<void> {
    const amend = this.options.inner.amend?.bind(this.options.inner);
    if (!amend) throw new NotSupportedError(`${venue} execution cannot amend orders; cancel and replace instead`, { venue, clientOrderId });
    const order = this.open.get(clientOrderId);
    if (order === undefined) {
      const unknown = new RiskRejectedError('invalid_order', `amend of ${clientOrderId}: the risk gate holds no open order with that id on ${venue}`, { venue, clientOrderId, state: this.current });
      this.reject({ venue, symbol: '', clientOrderId }, unknown, false);
      throw unknown;
    }
    const refusal = this.checkAmend(order, change);
    if (refusal) {
      this.reject(order.request, refusal, false);
      throw refusal;
    }
    const before = order.remaining;
    const newRemaining = (change.quantity ?? order.quantity) - order.filled;
    if (newRemaining > order.remaining) order.remaining = newRemaining;
    this.stats.passed++;
    try {
      await amend(venue, clientOrderId, change);
    } catch (error) {
      if (this.open.get(clientOrderId) === order) order.remaining = Math.min(order.remaining, before);
      this.venueError(venue, error);
      throw error;
    }
    if (change.quantity !== undefined) order.quantity = change.quantity;
    if (change.price !== undefined) order.price = change.price;
  }

  /** Feed it every order update and fill of the inner router: open orders, venue rejections, drawdown. */
  onUpdate(update: OrderUpdate | Fill): void {
    const order = this.open.get(update.clientOrderId);
    if (update.kind === 'fill') {
      if (order) {
        order.remaining -= update.quantity;
        order.filled += update.quantity;
        if (order.remaining <= 1e-12) this.open.delete(update.clientOrderId);
      }
      this.checkDrawdown();
      return;
    }
    if (update.status === 'rejected' && order) this.venueError(update.venue, new Error(update.reason ?? 'order rejected by the venue'));
    if (TERMINAL_ORDER_STATUSES.has(update.status)) this.open.delete(update.clientOrderId);
    else if (order) {
      order.filled = update.filledQuantity;
      order.remaining = update.remainingQuantity;
      order.quantity = update.filledQuantity + update.remainingQuantity;
    }
  }

  /** Halts when marked equity is more than the drawdown limit below its high-water mark. Call periodically too. */
  checkDrawdown(): void {
    const portfolio = this.options.portfolio;
    const max = this.options.limits.maxDrawdownFraction;
    if (!portfolio || !(max < 1) || this.current === 'halted') return;
    let equity: number;
    try {
      equity = portfolio.equityUsd();
    } catch {
      return; // a USD rate is not known yet: nothing to compare
    }
    if (!Number.isFinite(equity)) return;
    if (equity > this.highWater) this.highWater = equity;
    if (this.highWater > 0 && (this.highWater - equity) / this.highWater >= max) {
      void this.setState('halted', `drawdown ${(((this.highWater - equity) / this.highWater) * 100).toFixed(1)} % from ${this.highWater.toFixed(2)} USD exceeds ${(max * 100).toFixed(1)} %`);
    }
  }

  /** The amended order checked as a new one, with this order's open quantity left out of the exposure it is compared with. */
  private checkAmend(order: OpenOrder, change: OrderAmendment): RiskRejectedError | null {
    const o = order.request;
    const base = { venue: o.venue, symbol: o.symbol, clientOrderId: o.clientOrderId, state: this.current };
    const bad = (x: number | undefined): boolean => x !== undefined && !(Number.isFinite(x) && x > 0);
    if ((change.price === undefined && change.quantity === undefined) || bad(change.price) || bad(change.quantity)) {
      return new RiskRejectedError('invalid_order', `amend of ${o.clientOrderId}: needs a positive price and/or quantity (got price ${change.price}, quantity ${change.quantity})`, base);
    }
    if (change.price !== undefined && order.price === null) return new RiskRejectedError('invalid_order', `amend of ${o.clientOrderId}: a market order has no price to change`, base);
    const quantity = change.quantity ?? order.quantity;
    const price = change.price ?? order.price;
    const shrinks = quantity < order.quantity - 1e-12 && price === order.price;
    if (this.current === 'reducing' && !shrinks) {
      return new RiskRejectedError('trading_state', `trading is reducing-only (${this.reason}); amend of ${o.clientOrderId} must lower its quantity (${order.quantity} → ${quantity}) at the same price`, { ...base, value: quantity, max: order.quantity });
    }
    if (this.current === 'halted') return new RiskRejectedError('trading_state', `trading is halted (${this.reason}); no amend passes (cancels do)`, base);
    if (shrinks) return null;
    this.open.delete(o.clientOrderId);
    try {
      return this.check({ ...o, quantity, price }, { openQuantity: Math.max(0, quantity - order.filled) });
    } finally {
      this.open.set(o.clientOrderId, order);
    }
  }

  /** `amend`: the request is the amended order (new total quantity and price), checked outside the position-reducing rules of new orders. */
  private check(r: OrderRequest, amend?: { openQuantity: number }): RiskRejectedError | null {
    const L = this.options.limits;
    const base = { venue: r.venue, symbol: r.symbol, clientOrderId: r.clientOrderId, state: this.current };
    const what = amend ? 'amend of' : 'order';
    if (!(r.quantity > 0) || !Number.isFinite(r.quantity) || (r.price !== null && !(Number.isFinite(r.price) && r.price > 0))) {
      return new RiskRejectedError('invalid_order', `order ${r.clientOrderId}: quantity ${r.quantity} or price ${r.price} is not a positive number`, base);
    }
    this.checkDrawdown();
    if (amend && this.current !== 'active') return new RiskRejectedError('trading_state', `trading is ${this.current} (${this.reason}); amend of ${r.clientOrderId} does not lower its quantity`, base);
    const signed = r.side === 'buy' ? r.quantity : -r.quantity;
    const net = (this.options.portfolio?.position(r.venue, r.symbol)?.quantity ?? 0) + this.pendingNet(r.venue, r.symbol);
    const reducing = !amend && net !== 0 && Math.sign(signed) === -Math.sign(net) && Math.abs(signed) <= Math.abs(net) + 1e-12;
    if (this.current === 'reducing' && !reducing) {
      return new RiskRejectedError('trading_state', `trading is reducing-only (${this.reason}); order ${r.clientOrderId} would not reduce ${r.venue} ${r.symbol} (position and open orders ${net})`, { ...base, value: signed, max: -net });
    }
    if (this.current === 'halted' && !(reducing && r.reduceOnly)) {
      return new RiskRejectedError('trading_state', `trading is halted (${this.reason}); only cancels and reduce-only orders that shrink a position pass`, base);
    }
    const maxQty = L.venues[r.venue]?.maxOrderQuantity ?? L.maxOrderQuantity;
    if (r.quantity > maxQty) return new RiskRejectedError('order_quantity', `${what} ${r.clientOrderId}: quantity ${r.quantity} exceeds the ${r.venue} limit ${maxQty}`, { ...base, value: r.quantity, max: maxQty });
    const quote = this.options.market.check(r.venue, r.symbol, this.options.now(), L.maxQuoteAgeMs);
    if (!quote.ok) return new RiskRejectedError('market_data', `${what} ${r.clientOrderId} not sent: ${quote.detail}`, { ...base, problem: quote.problem, ageMs: quote.ageMs });
    const far = r.side === 'buy' ? quote.ask : quote.bid;
    const price = r.price ?? far;
    if (price === null) return new RiskRejectedError('market_data', `market order ${r.clientOrderId}: ${r.venue} ${r.symbol} has no ${r.side === 'buy' ? 'ask' : 'bid'} to price it`, base);
    if (r.price !== null) {
      // Fat finger: a buy may pay at most the band above the ask, a sell take at most the band below the bid.
      const reference = far ?? quote.mid;
      const tick = this.options.tickSize?.(r.venue, r.symbol) ?? 0;
      const band = Math.max(L.priceBandFraction * reference, L.priceBandTicks * tick);
      const through = r.side === 'buy' ? r.price - reference : reference - r.price;
      if (through > band + 1e-12) {
        return new RiskRejectedError('price_band', `${what} ${r.clientOrderId}: ${r.side} at ${r.price} is ${through.toPrecision(4)} through the ${far === null ? 'mid' : r.side === 'buy' ? 'ask' : 'bid'} ${reference.toPrecision(6)} (band ${band.toPrecision(4)}); a fat finger?`, { ...base, value: r.price, reference, max: band });
      }
    }
    const notional = this.options.notionalUsd(r.venue, r.symbol, r.quantity, price);
    if (notional === null) return new RiskRejectedError('order_notional', `order ${r.clientOrderId}: no USD rate yet to value ${r.venue} ${r.symbol}`, base);
    if (notional > L.maxOrderNotionalUsd) {
      return new RiskRejectedError('order_notional', `${what} ${r.clientOrderId}: notional ${notional.toFixed(2)} USD exceeds the limit ${L.maxOrderNotionalUsd} USD`, { ...base, value: notional, max: L.maxOrderNotionalUsd });
    }
    if (!reducing) {
      const exposure = this.exposureCheck(r, price, amend?.openQuantity ?? r.quantity);
      if (exposure) return exposure;
    }
    if (!this.takeToken()) {
      return new RiskRejectedError('order_rate', `${what} ${r.clientOrderId}: more than ${L.maxOrdersPerSec} orders/s (burst ${L.orderBurst})`, { ...base, max: L.maxOrdersPerSec });
    }
    return null;
  }

  /** Worst-case exposure (positions plus open orders on one side) before and after the order, per instrument, venue and in total. */
  private exposureCheck(r: OrderRequest, price: number, openQuantity: number): RiskRejectedError | null {
    const L = this.options.limits;
    const base = { venue: r.venue, symbol: r.symbol, clientOrderId: r.clientOrderId, state: this.current };
    const rows = this.exposures();
    const key = `${r.venue}\u0000${r.symbol}`;
    const row = rows.get(key) ?? { venue: r.venue, symbol: r.symbol, position: 0, buys: 0, sells: 0, price };
    const worst = (x: { position: number; buys: number; sells: number }): number => Math.max(Math.abs(x.position + x.buys), Math.abs(x.position - x.sells));
    const value = (qty: number, at: number): number => this.options.notionalUsd(r.venue, r.symbol, qty, at) ?? 0;
    const before = value(worst(row), row.price);
    const afterRow = { ...row, buys: row.buys + (r.side === 'buy' ? openQuantity : 0), sells: row.sells + (r.side === 'sell' ? openQuantity : 0) };
    const after = value(worst(afterRow), price);
    if (after <= before) return null;
    if (after > L.maxInstrumentExposureUsd) {
      return new RiskRejectedError('instrument_exposure', `order ${r.clientOrderId}: ${r.venue} ${r.symbol} exposure would be ${after.toFixed(2)} USD, limit ${L.maxInstrumentExposureUsd} USD`, { ...base, value: after, max: L.maxInstrumentExposureUsd });
    }
    let venueTotal = 0;
    let total = 0;
    for (const [k, x] of rows) {
      if (k === key) continue;
      const v = this.options.notionalUsd(x.venue, x.symbol, worst(x), x.price) ?? 0;
      total += v;
      if (x.venue === r.venue) venueTotal += v;
    }
    venueTotal += after;
    total += after;
    const maxVenue = L.venues[r.venue]?.maxVenueExposureUsd ?? L.maxVenueExposureUsd;
    if (venueTotal > maxVenue) {
      return new RiskRejectedError('venue_exposure', `order ${r.clientOrderId}: ${r.venue} exposure would be ${venueTotal.toFixed(2)} USD, limit ${maxVenue} USD`, { ...base, value: venueTotal, max: maxVenue });
    }
    if (total > L.maxTotalExposureUsd) {
      return new RiskRejectedError('total_exposure', `order ${r.clientOrderId}: total exposure would be ${total.toFixed(2)} USD, limit ${L.maxTotalExposureUsd} USD`, { ...base, value: total, max: L.maxTotalExposureUsd });
    }
    return null;
  }

  private exposures(): Map<string, { venue: VenueId; symbol: string; position: number; buys: number; sells: number; price: number }> {
    const rows = new Map<string, { venue: VenueId; symbol: string; position: number; buys: number; sells: number; price: number }>();
    const row = (venue: VenueId, symbol: string, fallback: number | null): { venue: VenueId; symbol: string; position: number; buys: number; sells: number; price: number } => {
      const key = `${venue}\u0000${symbol}`;
      let x = rows.get(key);
      if (!x) {
        const top = this.options.market.top(venue, symbol);
        const mid = top && top.bid !== null && top.ask !== null ? (top.bid + top.ask) / 2 : (top?.bid ?? top?.ask ?? null);
        rows.set(key, (x = { venue, symbol, position: 0, buys: 0, sells: 0, price: mid ?? fallback ?? 0 }));
      }
      return x;
    };
    for (const p of this.options.portfolio?.positions() ?? []) row(p.venue, p.symbol, p.averagePrice).position += p.quantity;
    for (const o of this.open.values()) {
      const x = row(o.request.venue, o.request.symbol, null);
      if (o.request.side === 'buy') x.buys += o.remaining;
      else x.sells += o.remaining;
    }
    return rows;
  }

  private pendingNet(venue: VenueId, symbol: string): number {
    let net = 0;
    for (const o of this.open.values()) if (o.request.venue === venue && o.request.symbol === symbol) net += o.request.side === 'buy' ? o.remaining : -o.remaining;
    return net;
  }

  private takeToken(): boolean {
    const L = this.options.limits;
    const now = this.options.now();
    this.tokens = Math.min(L.orderBurst, this.tokens + ((now - this.lastRefill) / 1000) * L.maxOrdersPerSec);
    this.lastRefill = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** `update`: also send the strategy a `rejected` order update (a new order; a refused amend leaves the order as it was). */
  private reject(r: Pick<OrderRequest, 'venue' | 'symbol' | 'clientOrderId'>, error: RiskRejectedError, update = true): void {
    const s = this.stats;
    s.rejected++;
    const n = (s.rejectedBy[error.limit] = (s.rejectedBy[error.limit] ?? 0) + 1);
    const now = this.options.now();
    this.recentRejections.push({ tsLocal: now, clientOrderId: r.clientOrderId, venue: r.venue, symbol: r.symbol, limit: error.limit, message: error.message });
    if (this.recentRejections.length > RECENT) this.recentRejections.shift();
    if (n <= LOG_FIRST || n % LOG_EVERY === 0) this.logger.warn({ code: error.code, ...error.context, rejectedByThisLimit: n }, error.message);
    const onReject = this.options.onReject;
    if (onReject && update) {
      const update: OrderUpdate = {
        kind: 'order_update', venue: r.venue, symbol: r.symbol, clientOrderId: r.clientOrderId, venueOrderId: null, status: 'rejected',
        filledQuantity: 0, remainingQuantity: 0, averageFillPrice: null, reason: `risk: ${error.message}`, tsVenue: null, tsLocal: now,
      };
      setImmediate(() => onReject(update));
    }
  }

  /** Counts venue failures (not our own refusals or unsupported actions); too many in the window halts trading. */
  private venueError(venue: VenueId, error: unknown): void {
    if (error instanceof ArbiterError && (error.code === 'ARB_RISK_REJECTED' || error.code === 'ARB_NOT_SUPPORTED' || error.code === 'ARB_INPUT_INVALID')) return;
    this.stats.venueErrors++;
    const L = this.options.limits;
    const now = this.options.now();
    let list = this.errors.get(venue);
    if (!list) this.errors.set(venue, (list = []));
    list.push(now);
    while (list.length > 0 && list[0]! < now - L.venueErrorWindowMs) list.shift();
    if (list.length >= L.venueErrorLimit && this.current !== 'halted') {
      const what = error instanceof Error ? error.message : String(error);
      void this.setState('halted', `${list.length} ${venue} errors within ${Math.round(L.venueErrorWindowMs / 1000)} s (last: ${what.slice(0, 160)})`);
    }
  }

  private async cancelAll(): Promise<void> {
    await Promise.all([...this.open].map(([id, o]) => {
      this.stats.haltCancels++;
      return this.options.inner.cancel(o.request.venue, id).catch((error: unknown) => {
        this.logger.warn({ venue: o.request.venue, clientOrderId: id, err: error instanceof Error ? error.message : String(error) }, 'kill switch: cancel failed; the order may still be open');
      });
    }));
  }
}
