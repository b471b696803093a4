/**
 * One simulated venue: an execution client that matches our orders against the replayed book.
 * Orders reach the venue after the entry latency (FIFO per venue), market and marketable limit
 * orders walk the book with partial fills, the rest rests with a queue position that only trades
 * and shrinking levels advance, and every answer comes back after the response latency, on the
 * replay clock. The venue's own time line comes from the events' venue timestamps.
 */
import { ArbiterError } from '../../domain/errors.js';
import type { Instrument } from '../../domain/instrument.js';
import type { BookDeltaEvent, BookSnapshotEvent, InstrumentState, MarketEvent, TickerEvent, TradeEvent } from '../../domain/market-event.js';
import type { Fill, OrderRequest, OrderSide, OrderStatus, OrderUpdate } from '../../domain/order.js';
import type { VenueId } from '../../domain/venue.js';
import type { Clock } from '../../engine/clock.js';
import type { OrderAmendment, VenueExecutionClient } from '../../engine/market-feed.js';
import type { InstrumentLookup } from '../../engine/portfolio/portfolio.js';
import { settlementCurrencyOf, settlementUnderlyingOf } from '../../engine/portfolio/settlement.js';
import type { OrderAck } from '../../engine/strategy.js';
import type { FeeModel } from './fee-model.js';
import { FeedLatencyTracker } from './feed-latency.js';
import type { LatencyModel } from './latency-model.js';
import type { QueueModel } from './queue-model.js';
import { samePrice, SimBook, withinLimit, type BookSide } from './sim-book.js';

export interface SimulatedVenueOptions {
  readonly venue: VenueId;
  readonly clock: Clock;
  readonly latency: LatencyModel;
  readonly fees: FeeModel;
  readonly queue: QueueModel;
  /** Instrument facts (tick, minimum size, kind). Without it, a symbol is known once it has market data. */
  readonly instruments?: InstrumentLookup;
  readonly priceCurrencyOf?: (venue: VenueId, symbol: string) => string;
  readonly contractMultiplier?: (venue: VenueId, symbol: string, instrument: Instrument | undefined) => number;
  /** Called with each fill as it is delivered, before the listeners (the portfolio). */
  readonly onFill?: (fill: Fill) => void;
  /** Size assumed at a ticker's best price when the ticker has none. Default Infinity (the seed format has no sizes). */
  readonly unknownTopSize?: number;
}

interface Facts {
  readonly instrument: Instrument | undefined;
  readonly priceCurrency: string;
  readonly settlementCurrency: string;
  readonly underlying: string | null;
  readonly multiplier: number;
}

interface SimOrder {
  /** The order as last amended (price and total quantity). */
  request: OrderRequest;
  readonly venueOrderId: string;
  readonly side: OrderSide;
  status: OrderStatus;
  /** Set once the order reached the venue. */
  arrived: boolean;
  filled: number;
  notional: number;
  remaining: number;
  /** Size ahead in the queue while resting. */
  ahead: number;
  /** Shown size at the order's price when last looked at. */
  levelSize: number;
}

type Action =
  | { readonly kind: 'submit' | 'cancel'; readonly arrival: number; readonly order: SimOrder }
  | { readonly kind: 'amend'; readonly arrival: number; readonly order: SimOrder; readonly change: OrderAmendment };

type Report = Fill | OrderUpdate;

const QTY_EPS = 1e-9;

function isMultiple(value: number, step: number): boolean {
  const k = value / step;
  return Math.abs(k - Math.round(k)) <= 1e-6;
}

export class SimulatedVenue implements VenueExecutionClient {
  readonly venue: VenueId;
  readonly feed = new FeedLatencyTracker();
  private readonly books = new Map<string, SimBook>();
  private readonly facts = new Map<string, Facts>();
  private readonly orders = new Map<string, SimOrder>();
  private readonly resting = new Map<string, SimOrder[]>();
  private readonly netPosition = new Map<string, number>();
  private readonly states = new Map<string, InstrumentState>();
  private readonly tickOverride = new Map<string, number>();
  private readonly indexPrices = new Map<string, number>();
  private readonly listeners: Array<(update: OrderUpdate | Fill) => void> = [];
  private readonly pending: Action[] = [];
  private pendingHead = 0;
  private lastArrival = -Infinity;
  private lastDelivery = -Infinity;
  private exchNow = -Infinity;
  private nextGtdMs = Infinity;
  private seq = 0;
  private tradeSeq = 0;
  private closed = false;
  private latestScheduled = -Infinity;

  constructor(private readonly options: SimulatedVenueOptions) {
    this.venue = options.venue;
  }

  // ── VenueExecutionClient ────────────────────────────────────────────────────────────────────

  /**
   * Sends the order. Resolves at once with the id the venue will use (the simulated answer, like a
   * venue's, comes later through `onUpdate`: open, fills, or `rejected` with the reason). Resolving
   * early keeps replay from waiting on its own clock when a strategy awaits this in off-path work.
   * @throws ArbiterError ARB_INPUT_INVALID for a malformed request or a reused clientOrderId;
   * ARB_ENGINE_STATE after close.
   */
  async submit(request: OrderRequest): Promise<OrderAck> {
    if (this.closed) throw new ArbiterError('ARB_ENGINE_STATE', `simulated ${this.venue} is closed`, { venue: this.venue });
    const bad = (why: string): ArbiterError => new ArbiterError('ARB_INPUT_INVALID', `order ${request.clientOrderId}: ${why}`, { venue: this.venue, symbol: request.symbol, clientOrderId: request.clientOrderId });
    if (request.venue !== this.venue) throw bad(`is for ${request.venue}, not ${this.venue}`);
    if (this.orders.has(request.clientOrderId)) throw bad('clientOrderId already used');
    if (!(request.quantity > 0) || !Number.isFinite(request.quantity)) throw bad('quantity must be a positive number');
    if (request.type === 'limit' && (request.price === null || !(request.price > 0) || !Number.isFinite(request.price))) throw bad('a limit order needs a positive price');
    const order: SimOrder = {
      request, venueOrderId: `${this.venue}-sim-${++this.seq}`, side: request.side, status: 'pending_new', arrived: false,
      filled: 0, notional: 0, remaining: request.quantity, ahead: 0, levelSize: 0,
    };
    this.orders.set(request.clientOrderId, order);
    this.enqueue('submit', order);
    return { clientOrderId: request.clientOrderId, venueOrderId: order.venueOrderId };
  }

  /**
   * Sends a cancel; the outcome (canceled, or the order's state when it is already done) arrives
   * through `onUpdate` after the round trip.
   * @throws ArbiterError ARB_INPUT_INVALID when no order has that id.
   */
  async cancel(clientOrderId: string): Promise<void> {
    if (this.closed) throw new ArbiterError('ARB_ENGINE_STATE', `simulated ${this.venue} is closed`, { venue: this.venue });
    const order = this.orders.get(clientOrderId);
    if (!order) throw new ArbiterError('ARB_INPUT_INVALID', `no order ${clientOrderId} on ${this.venue}`, { venue: this.venue, clientOrderId });
    this.enqueue('cancel', order);
  }

  /**
   * Sends an amend of the order's price and/or total quantity. It reaches the venue after the entry
   * latency, behind what was sent before; the outcome arrives through `onUpdate` after the round
   * trip: the order with its new remaining quantity (reason `amended`), or its unchanged state with
   * `amend rejected: <why>` (finished order, quantity not above the filled quantity, off-tick or
   * off-step, a post-only price that would take). A price change or a larger quantity re-queues
   * the order at the back of its (new) level; a smaller quantity keeps its place. A new price the
   * book crosses takes liquidity as a new order would.
   * @throws ArbiterError ARB_INPUT_INVALID when no order has that id or the change is malformed;
   * ARB_ENGINE_STATE after close.
   */
  async amend(clientOrderId: string, change: OrderAmendment): Promise<void> {
    if (this.closed) throw new ArbiterError('ARB_ENGINE_STATE', `simulated ${this.venue} is closed`, { venue: this.venue });
    const order = this.orders.get(clientOrderId);
    const bad = (why: string): ArbiterError => new ArbiterError('ARB_INPUT_INVALID', `amend of ${clientOrderId}: ${why}`, { venue: this.venue, clientOrderId });
    if (!order) throw bad(`no order ${clientOrderId} on ${this.venue}`);
    const invalid = (x: number | undefined): boolean => x !== undefined && !(Number.isFinite(x) && x > 0);
    if (change.price === undefined && change.quantity === undefined) throw bad('needs a new price or quantity');
    if (invalid(change.price) || invalid(change.quantity)) throw bad(`price ${change.price} and quantity ${change.quantity} must be positive numbers`);
    if (change.price !== undefined && order.request.type === 'market') throw bad('a market order has no price to change');
    this.enqueueAction((arrival) => ({ kind: 'amend', arrival, order, change }));
  }

  /** Orders resting at the venue now (not those still in flight). */
  async openOrders(): Promise<readonly OrderUpdate[]> {
    const out: OrderUpdate[] = [];
    for (const list of this.resting.values()) for (const o of list) out.push(this.update(o, null, this.exchNow, this.options.clock.now()));
    return out;
  }

  onUpdate(listener: (update: OrderUpdate | Fill) => void): void {
    this.listeners.push(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  // ── market data ─────────────────────────────────────────────────────────────────────────────

  /** Best bid of the venue's book for `symbol`, or null. */
  bestBid(symbol: string): number | null {
    return this.books.get(symbol)?.bestBid() ?? null;
  }

  bestAsk(symbol: string): number | null {
    return this.books.get(symbol)?.bestAsk() ?? null;
  }

  /** Latest local time at which something is scheduled (answers, order arrivals); −Infinity when idle. */
  get busyUntil(): number {
    return this.latestScheduled;
  }

  /**
   * Feeds one replayed event (of any venue; others are ignored): first the orders that reached the
   * venue before the event's venue time are handled, then the book, queues and resting orders move.
   */
  onMarketEvent(event: MarketEvent): void {
    if (event.venue !== this.venue) return;
    this.feed.observe(event.tsVenue, event.tsLocal);
    const t = this.feed.venueTime(event.tsVenue, event.tsLocal);
    this.processPending(t);
    if (t > this.exchNow) this.exchNow = t;
    if (this.exchNow >= this.nextGtdMs) this.expireOrders();
    switch (event.kind) {
      case 'book_snapshot':
      case 'book_delta':
        this.onBook(event);
        break;
      case 'ticker':
        this.onTicker(event);
        break;
      case 'trade':
        this.onTrade(event);
        break;
      case 'status': {
        this.states.set(event.symbol, event.state);
        if (event.tickSize !== null) this.tickOverride.set(event.symbol, event.tickSize);
        if (event.state === 'closed' || event.state === 'settled') this.cancelAllResting(event.symbol, `instrument ${event.state}`);
        break;
      }
    }
  }

  private book(symbol: string): SimBook {
    let b = this.books.get(symbol);
    if (!b) {
      b = new SimBook();
      this.books.set(symbol, b);
    }
    return b;
  }

  private onBook(e: BookSnapshotEvent | BookDeltaEvent): void {
    const b = this.book(e.symbol);
    if (e.kind === 'book_snapshot') {
      b.bids.reset(e.bids);
      b.asks.reset(e.asks);
    } else {
      for (let k = 0; k + 1 < e.bids.length; k += 2) b.bids.set(e.bids[k]!, e.bids[k + 1]!);
      for (let k = 0; k + 1 < e.asks.length; k += 2) b.asks.set(e.asks[k]!, e.asks[k + 1]!);
    }
    b.hasDepth = true;
    this.afterBookChange(e.symbol, b);
  }

  private onTicker(e: TickerEvent): void {
    if (e.index !== null) {
      const facts = this.factsOf(e.symbol);
      this.indexPrices.set(facts.underlying ?? e.symbol.split(/[-_]/)[0]!, e.index);
    }
    const b = this.book(e.symbol);
    if (b.hasDepth) return;
    const top = this.options.unknownTopSize ?? Infinity;
    b.bids.clear();
    b.asks.clear();
    if (e.bid !== null) b.bids.set(e.bid, e.bidSize ?? top);
    if (e.ask !== null) b.asks.set(e.ask, e.askSize ?? top);
    this.afterBookChange(e.symbol, b);
  }

  /** Queue positions follow shrinking levels; resting orders the book now crosses fill as makers. */
  private afterBookChange(symbol: string, b: SimBook): void {
    const list = this.resting.get(symbol);
    if (!list || list.length === 0) return;
    for (let i = 0; i < list.length; i++) {
      const o = list[i]!;
      const own = o.side === 'buy' ? b.bids : b.asks;
      const price = o.request.price!;
      // A ticker-only book shows one level: sizes elsewhere are unknown, not zero.
      if (b.hasDepth || (own.depth > 0 && samePrice(own.priceAt(0), price))) {
        const size = own.size(price);
        if (size !== o.levelSize) {
          o.ahead = this.options.queue.afterDepthChange(o.ahead, o.levelSize, size);
          o.levelSize = size;
        }
      }
    }
    let reports: Report[] | null = null;
    for (const o of [...list]) {
      const opposite = o.side === 'buy' ? b.asks : b.bids;
      if (opposite.depth === 0 || !withinLimit(o.side, opposite.priceAt(0), o.request.price!)) continue;
      reports ??= [];
      const at = this.deliveryTime(this.exchNow);
      let took = 0;
      while (o.remaining > QTY_EPS && opposite.depth > 0 && withinLimit(o.side, opposite.priceAt(0), o.request.price!)) {
        const q = opposite.take(0, o.remaining);
        took += q;
        o.remaining -= q;
        o.filled += q;
        o.notional += q * o.request.price!;
      }
      if (took > 0) this.finishFill(o, o.request.price!, took, 'maker', at, reports);
    }
    if (reports) this.send(reports);
  }

  private onTrade(e: TradeEvent): void {
    const list = this.resting.get(e.symbol);
    if (!list || list.length === 0) return;
    let reports: Report[] | null = null;
    for (const o of [...list]) {
      // A buyer-initiated trade lifts asks, so it can only fill our resting sells, and vice versa.
      if (e.side !== null && e.side === o.side) continue;
      const price = o.request.price!;
      let fillQty = 0;
      if (samePrice(e.price, price)) {
        const ahead = this.options.queue.afterTrade(o.ahead, e.size);
        if (ahead < 0) fillQty = Math.min(o.remaining, -ahead);
        o.ahead = Math.max(0, ahead);
      } else if (o.side === 'buy' ? e.price < price : e.price > price) {
        // Traded through our price: we were in front of that trade.
        fillQty = Math.min(o.remaining, e.size);
        o.ahead = 0;
      }
      if (fillQty > QTY_EPS) {
        reports ??= [];
        o.remaining -= fillQty;
        o.filled += fillQty;
        o.notional += fillQty * price;
        this.finishFill(o, price, fillQty, 'maker', this.deliveryTime(this.exchNow), reports);
      }
    }
    if (reports) this.send(reports);
  }

  // ── orders at the venue ─────────────────────────────────────────────────────────────────────

  private enqueue(kind: 'submit' | 'cancel', order: SimOrder): void {
    this.enqueueAction((arrival) => ({ kind, arrival, order }));
  }

  /** Queues the action to arrive after the entry latency (FIFO); it is handled then even without later market data. */
  private enqueueAction(make: (arrival: number) => Action): void {
    const now = this.options.clock.now();
    const arrival = Math.max(now + Math.max(0, this.options.latency.entryMs(now)), this.lastArrival);
    this.lastArrival = arrival;
    this.pending.push(make(arrival));
    // Without later market data the action is still handled once the feed would have shown its time.
    const handleAt = arrival + this.feed.estimateMs;
    this.note(handleAt);
    this.options.clock.schedule(handleAt - now, () => this.processPending(arrival));
  }

  private processPending(upTo: number): void {
    while (this.pendingHead < this.pending.length && this.pending[this.pendingHead]!.arrival <= upTo) {
      const action = this.pending[this.pendingHead++]!;
      if (action.arrival > this.exchNow) this.exchNow = action.arrival;
      if (this.exchNow >= this.nextGtdMs) this.expireOrders();
      if (action.kind === 'submit') this.handleSubmit(action.order);
      else if (action.kind === 'amend') this.handleAmend(action.order, action.change);
      else this.handleCancel(action.order);
    }
    if (this.pendingHead === this.pending.length) {
      this.pending.length = 0;
      this.pendingHead = 0;
    }
  }

  private handleSubmit(o: SimOrder): void {
    o.arrived = true;
    const at = this.deliveryTime(this.exchNow);
    const reports: Report[] = [];
    const reason = this.rejection(o);
    if (reason !== null) {
      this.finish(o, 'rejected', reason, at, reports);
      this.send(reports);
      return;
    }
    const r = o.request;
    const b = this.book(r.symbol);
    const opposite = r.side === 'buy' ? b.asks : b.bids;
    const limit = r.type === 'market' ? (r.side === 'buy' ? Infinity : -Infinity) : r.price!;
    const marketable = opposite.depth > 0 && withinLimit(r.side, opposite.priceAt(0), limit);
    if (r.postOnly && marketable) {
      this.finish(o, 'rejected', 'post-only order would take liquidity', at, reports);
    } else if (r.timeInForce === 'fok' && available(opposite, r.side, limit) < o.remaining - QTY_EPS) {
      this.finish(o, 'canceled', 'fill-or-kill order cannot be filled in full', at, reports);
    } else {
      if (marketable) this.take(o, opposite, limit, at, reports);
      if (o.remaining > QTY_EPS) {
        if (r.type === 'market' || r.timeInForce === 'ioc' || r.timeInForce === 'fok') {
          this.finish(o, 'canceled', o.filled > 0 ? 'no more liquidity within the limit' : 'no liquidity within the limit', at, reports);
        } else {
          this.rest(o, b);
          reports.push(this.update(o, null, this.exchNow, at));
        }
      }
    }
    this.send(reports);
  }

  /** Walks the opposite side from the best level while within the limit, one taker fill per level. */
  private take(o: SimOrder, opposite: BookSide, limit: number, at: number, reports: Report[]): void {
    while (o.remaining > QTY_EPS && opposite.depth > 0 && withinLimit(o.side, opposite.priceAt(0), limit)) {
      const price = opposite.priceAt(0);
      const q = opposite.take(0, o.remaining);
      o.remaining -= q;
      o.filled += q;
      o.notional += q * price;
      reports.push(this.fill(o, price, q, 'taker', at));
    }
    if (o.remaining <= QTY_EPS) {
      o.remaining = 0;
      o.status = 'filled';
      reports.push(this.update(o, null, this.exchNow, at));
    } else if (o.filled > 0) {
      o.status = 'partially_filled';
    }
  }

  private rest(o: SimOrder, b: SimBook): void {
    const own = o.side === 'buy' ? b.bids : b.asks;
    const size = own.size(o.request.price!);
    o.levelSize = size;
    o.ahead = this.options.queue.initialAhead(size);
    if (o.status === 'pending_new') o.status = 'open';
    let list = this.resting.get(o.request.symbol);
    if (!list) {
      list = [];
      this.resting.set(o.request.symbol, list);
    }
    list.push(o);
    const exp = o.request.timeInForce === 'gtd' ? o.request.expireAtMs : null;
    if (exp !== null && exp < this.nextGtdMs) this.nextGtdMs = exp;
  }

  private handleCancel(o: SimOrder): void {
    const at = this.deliveryTime(this.exchNow);
    const reports: Report[] = [];
    if (o.status === 'open' || o.status === 'partially_filled') {
      this.unrest(o);
      this.finish(o, 'canceled', 'canceled by request', at, reports);
    } else {
      reports.push(this.update(o, `cancel rejected: order is ${o.status}`, this.exchNow, at));
    }
    this.send(reports);
  }

  private handleAmend(o: SimOrder, change: OrderAmendment): void {
    const at = this.deliveryTime(this.exchNow);
    const reports: Report[] = [];
    const refuse = (why: string): void => {
      reports.push(this.update(o, `amend rejected: ${why}`, this.exchNow, at));
    };
    const quantity = change.quantity ?? o.filled + o.remaining;
    const price = change.price ?? o.request.price;
    if (o.status !== 'open' && o.status !== 'partially_filled') refuse(`order is ${o.status}`);
    else if (quantity <= o.filled + QTY_EPS) refuse(`quantity ${quantity} is not above the filled quantity ${o.filled}`);
    else {
      const next: OrderRequest = { ...o.request, quantity, price };
      // The amended order is checked as a new one (size, tick, instrument state, reduce-only clip) on a copy.
      const probe: SimOrder = { ...o, request: next, remaining: quantity - o.filled };
      const why = this.rejection(probe);
      const b = this.book(next.symbol);
      const opposite = o.side === 'buy' ? b.asks : b.bids;
      const moved = price !== null && o.request.price !== null && !samePrice(price, o.request.price);
      const marketable = moved && opposite.depth > 0 && withinLimit(o.side, opposite.priceAt(0), price);
      if (why !== null) refuse(why);
      else if (marketable && next.postOnly) refuse('post-only order would take liquidity');
      else {
        const requeue = moved || probe.remaining > o.remaining + QTY_EPS;
        o.request = next;
        o.remaining = probe.remaining;
        if (!requeue) {
          reports.push(this.update(o, 'amended', this.exchNow, at));
        } else {
          this.unrest(o);
          if (marketable) this.take(o, opposite, price, at, reports);
          if (o.remaining > QTY_EPS) {
            this.rest(o, b);
            reports.push(this.update(o, 'amended', this.exchNow, at));
          }
        }
      }
    }
    this.send(reports);
  }

  private cancelAllResting(symbol: string, reason: string): void {
    const list = this.resting.get(symbol);
    if (!list || list.length === 0) return;
    const at = this.deliveryTime(this.exchNow);
    const reports: Report[] = [];
    for (const o of [...list]) {
      this.unrest(o);
      this.finish(o, 'canceled', reason, at, reports);
    }
    this.send(reports);
  }

  private expireOrders(): void {
    let next = Infinity;
    let reports: Report[] | null = null;
    for (const list of this.resting.values()) {
      for (const o of [...list]) {
        const exp = o.request.timeInForce === 'gtd' ? o.request.expireAtMs : null;
        if (exp === null) continue;
        if (exp <= this.exchNow) {
          reports ??= [];
          this.unrest(o);
          this.finish(o, 'expired', 'good-till-date order expired', this.deliveryTime(this.exchNow), reports);
        } else if (exp < next) {
          next = exp;
        }
      }
    }
    this.nextGtdMs = next;
    if (reports) this.send(reports);
  }

  private unrest(o: SimOrder): void {
    const list = this.resting.get(o.request.symbol);
    if (!list) return;
    const i = list.indexOf(o);
    if (i >= 0) list.splice(i, 1);
  }

  /** Why the venue refuses the order, or null. */
  private rejection(o: SimOrder): string | null {
    const r = o.request;
    const known = this.options.instruments ? this.options.instruments.find(this.venue, r.symbol) !== undefined : this.books.has(r.symbol);
    if (!known) return `unknown instrument ${r.symbol}`;
    const state = this.states.get(r.symbol);
    if (state !== undefined && state !== 'open' && state !== 'unknown') return `instrument is ${state}`;
    const inst = this.factsOf(r.symbol).instrument;
    if (r.type === 'market' && r.postOnly) return 'a market order cannot be post-only';
    if (inst?.minSize !== undefined && r.quantity < inst.minSize - QTY_EPS) return `quantity ${r.quantity} is below the minimum size ${inst.minSize}`;
    if (inst?.sizeStep !== undefined && inst.sizeStep > 0 && !isMultiple(r.quantity, inst.sizeStep)) return `quantity ${r.quantity} is not a multiple of the size step ${inst.sizeStep}`;
    if (r.type === 'limit') {
      const tick = this.tickOverride.get(r.symbol) ?? inst?.tickSize;
      if (tick !== undefined && tick > 0 && !isMultiple(r.price!, tick)) return `price ${r.price} is not a multiple of the tick size ${tick}`;
      if (inst?.kind === 'outcome' && !(r.price! < 1)) return `price ${r.price} is outside (0, 1)`;
    }
    if (r.type === 'market' && (r.side === 'buy' ? this.book(r.symbol).asks : this.book(r.symbol).bids).depth === 0) return 'no market data: the book is empty';
    if (r.timeInForce === 'gtd' && (r.expireAtMs === null || r.expireAtMs <= this.exchNow)) return 'good-till-date order without a future expiry';
    if (r.reduceOnly) {
      const pos = this.netPosition.get(r.symbol) ?? 0;
      const reducible = r.side === 'buy' ? -pos : pos;
      if (reducible <= QTY_EPS) return 'reduce-only order would not reduce the position';
      if (o.remaining > reducible) o.remaining = reducible;
    }
    return null;
  }

  // ── reports ─────────────────────────────────────────────────────────────────────────────────

  private finishFill(o: SimOrder, price: number, quantity: number, liquidity: 'maker' | 'taker', at: number, reports: Report[]): void {
    reports.push(this.fill(o, price, quantity, liquidity, at));
    if (o.remaining <= QTY_EPS) {
      o.remaining = 0;
      o.status = 'filled';
      this.unrest(o);
    } else {
      o.status = 'partially_filled';
    }
    reports.push(this.update(o, null, this.exchNow, at));
  }

  private finish(o: SimOrder, status: OrderStatus, reason: string, at: number, reports: Report[]): void {
    o.status = status;
    reports.push(this.update(o, reason, this.exchNow, at));
  }

  private fill(o: SimOrder, price: number, quantity: number, liquidity: 'maker' | 'taker', at: number): Fill {
    const r = o.request;
    const facts = this.factsOf(r.symbol);
    const fee = this.options.fees.fee({
      instrument: facts.instrument, priceCurrency: facts.priceCurrency, settlementCurrency: facts.settlementCurrency, price, quantity,
      multiplier: facts.multiplier, liquidity, indexPrice: facts.underlying === null ? null : (this.indexPrices.get(facts.underlying) ?? null), side: o.side,
    });
    this.netPosition.set(r.symbol, (this.netPosition.get(r.symbol) ?? 0) + (o.side === 'buy' ? quantity : -quantity));
    return {
      kind: 'fill', venue: this.venue, symbol: r.symbol, clientOrderId: r.clientOrderId, venueOrderId: o.venueOrderId, tradeId: `${this.venue}-sim-t${++this.tradeSeq}`,
      side: o.side, price, quantity, fee: fee.amount, feeCurrency: fee.currency, liquidity, tsVenue: this.exchNow, tsLocal: at,
    };
  }

  private update(o: SimOrder, reason: string | null, tsVenue: number, tsLocal: number): OrderUpdate {
    const terminal = o.status === 'filled' || o.status === 'canceled' || o.status === 'rejected' || o.status === 'expired';
    return {
      kind: 'order_update', venue: this.venue, symbol: o.request.symbol, clientOrderId: o.request.clientOrderId, venueOrderId: o.status === 'rejected' ? null : o.venueOrderId,
      status: o.status, filledQuantity: o.filled, remainingQuantity: terminal ? 0 : o.remaining, averageFillPrice: o.filled > 0 ? o.notional / o.filled : null,
      reason, tsVenue: Number.isFinite(tsVenue) ? tsVenue : null, tsLocal,
    };
  }

  /** Local time an answer sent at venue time `tsVenue` arrives: after the response latency, in order, never in the past. */
  private deliveryTime(tsVenue: number): number {
    const now = this.options.clock.now();
    const base = Number.isFinite(tsVenue) ? tsVenue : now;
    const at = Math.max(base + Math.max(0, this.options.latency.responseMs(base)), this.lastDelivery, now);
    this.lastDelivery = at;
    return at;
  }

  private send(reports: Report[]): void {
    if (reports.length === 0) return;
    const at = reports[0]!.tsLocal;
    this.note(at);
    this.options.clock.schedule(at - this.options.clock.now(), () => {
      for (const report of reports) {
        if (report.kind === 'fill') this.options.onFill?.(report);
        for (const l of this.listeners) l(report);
      }
    });
  }

  private note(t: number): void {
    if (t > this.latestScheduled) this.latestScheduled = t;
  }

  private factsOf(symbol: string): Facts {
    let f = this.facts.get(symbol);
    if (f) return f;
    const instrument = this.options.instruments?.find(this.venue, symbol);
    const priceCurrency = (instrument?.priceCurrency ?? this.options.priceCurrencyOf?.(this.venue, symbol) ?? 'USD').toUpperCase();
    f = {
      instrument, priceCurrency,
      settlementCurrency: settlementCurrencyOf(instrument, priceCurrency).toUpperCase(),
      underlying: settlementUnderlyingOf(instrument),
      multiplier: this.options.contractMultiplier?.(this.venue, symbol, instrument) ?? 1,
    };
    // Cache only what a catalog confirmed; an unknown symbol may be listed later.
    if (instrument !== undefined || !this.options.instruments) this.facts.set(symbol, f);
    return f;
  }
}

/** Size available on `side` within `limit` for a taker on `takerSide`. */
function available(side: BookSide, takerSide: OrderSide, limit: number): number {
  let sum = 0;
  for (let i = 0; i < side.depth && withinLimit(takerSide, side.priceAt(i), limit); i++) sum += side.sizeAt(i);
  return sum;
}
