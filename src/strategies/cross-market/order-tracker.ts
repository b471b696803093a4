/**
 * A strategy's own orders: deterministic client order ids (`<prefix>-<sequence>`), status from
 * acks, order updates and fills, the net position built from the strategy's own fills, and
 * cancellation of orders that outlived their time to live. Shared by the strategies in this tree.
 */
import type { Fill, OrderRequest, OrderSide, OrderStatus, OrderUpdate, TimeInForce } from '../../domain/order.js';
import { TERMINAL_ORDER_STATUSES } from '../../domain/order.js';
import type { VenueId } from '../../domain/venue.js';
import type { StrategyContext } from '../../engine/strategy.js';

export interface OrderIntent {
  readonly venue: VenueId;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly quantity: number;
  /** Limit price in the instrument's price currency. */
  readonly price: number;
  readonly timeInForce: TimeInForce;
  readonly reduceOnly?: boolean;
  /** Rejected by the venue instead of taking liquidity (market making). */
  readonly postOnly?: boolean;
  /** Free text kept with the order for logs and dashboards ("entry", "hedge", "rebalance"). */
  readonly purpose: string;
}

export interface TrackedOrder {
  readonly clientOrderId: string;
  readonly intent: OrderIntent;
  readonly submittedMs: number;
  /** `submitting` until the venue acknowledges. */
  status: OrderStatus | 'submitting';
  filled: number;
  cancelRequested: boolean;
}

const EPS = 1e-9;

export class OrderTracker {
  private seq = 0;
  private readonly live = new Map<string, TrackedOrder>();
  private readonly net = new Map<string, number>();
  submitted = 0;
  rejected = 0;
  filledOrders = 0;

  constructor(private readonly prefix: string) {}

  /** The next client order id: `<prefix>-<n>`, n counting from 1 per run. */
  nextId(): string {
    this.seq++;
    return `${this.prefix}-${this.seq}`;
  }

  /** Orders not yet in a terminal state, oldest first. */
  open(): TrackedOrder[] {
    return [...this.live.values()];
  }

  openFor(venue: VenueId, symbol: string): TrackedOrder[] {
    return this.open().filter((o) => o.intent.venue === venue && o.intent.symbol === symbol);
  }

  /** Net quantity of the strategy's own fills (buys positive). */
  position(venue: VenueId, symbol: string): number {
    return this.net.get(`${venue}:${symbol}`) ?? 0;
  }

  /** Signed quantity still working on open orders of an instrument (buys positive). */
  pending(venue: VenueId, symbol: string): number {
    let sum = 0;
    for (const o of this.openFor(venue, symbol)) sum += (o.intent.side === 'buy' ? 1 : -1) * Math.max(0, o.intent.quantity - o.filled);
    return sum;
  }

  /**
   * Submits a limit order through the context. Resolves to the tracked order, or null when the
   * submission failed (the error is passed to `onError`; the order is counted as rejected).
   * `onCreated` sees the order (and its id) before it is sent.
   */
  async submit(ctx: StrategyContext, intent: OrderIntent, onError: (error: unknown, order: TrackedOrder) => void, onCreated?: (order: TrackedOrder) => void): Promise<TrackedOrder | null> {
    const clientOrderId = this.nextId();
    const order: TrackedOrder = { clientOrderId, intent, submittedMs: ctx.now(), status: 'submitting', filled: 0, cancelRequested: false };
    this.live.set(clientOrderId, order);
    // Before sending: a fill may arrive ahead of the acknowledgement.
    onCreated?.(order);
    this.submitted++;
    const request: OrderRequest = {
      clientOrderId, venue: intent.venue, symbol: intent.symbol, side: intent.side, type: 'limit', quantity: intent.quantity,
      price: intent.price, timeInForce: intent.timeInForce, postOnly: intent.postOnly ?? false, reduceOnly: intent.reduceOnly ?? false, expireAtMs: null,
    };
    try {
      await ctx.submitOrder(request);
      if (order.status === 'submitting') order.status = 'open';
      return order;
    } catch (error) {
      order.status = 'rejected';
      this.live.delete(clientOrderId);
      this.rejected++;
      onError(error, order);
      return null;
    }
  }

  /** Applies a venue order update; returns the order when it is ours. */
  onOrderUpdate(update: OrderUpdate): TrackedOrder | null {
    const order = this.live.get(update.clientOrderId);
    if (!order) return null;
    order.status = update.status;
    if (TERMINAL_ORDER_STATUSES.has(update.status)) {
      this.live.delete(update.clientOrderId);
      if (update.status === 'rejected') this.rejected++;
    }
    return order;
  }

  /** Books a fill into the own position; returns the signed quantity, 0 for fills of other strategies' orders. */
  onFill(fill: Fill): number {
    const order = this.live.get(fill.clientOrderId);
    if (!fill.clientOrderId.startsWith(`${this.prefix}-`)) return 0;
    const signed = (fill.side === 'buy' ? 1 : -1) * fill.quantity;
    const key = `${fill.venue}:${fill.symbol}`;
    const next = (this.net.get(key) ?? 0) + signed;
    if (Math.abs(next) < EPS) this.net.delete(key);
    else this.net.set(key, next);
    if (order) {
      order.filled += fill.quantity;
      if (order.filled >= order.intent.quantity - EPS) {
        order.status = 'filled';
        this.live.delete(fill.clientOrderId);
        this.filledOrders++;
      }
    }
    return signed;
  }

  /** Requests cancellation of one order (once); failures are passed to `onError`. */
  async cancel(ctx: StrategyContext, order: TrackedOrder, onError: (error: unknown, order: TrackedOrder) => void): Promise<void> {
    if (order.cancelRequested || order.status === 'submitting') return;
    order.cancelRequested = true;
    try {
      await ctx.cancelOrder(order.intent.venue, order.clientOrderId);
    } catch (error) {
      onError(error, order);
    }
  }

  /** Cancels every open order submitted more than `ttlMs` ago; returns how many were asked to cancel. */
  async cancelStale(ctx: StrategyContext, ttlMs: number, onError: (error: unknown, order: TrackedOrder) => void): Promise<number> {
    const now = ctx.now();
    const stale = this.open().filter((o) => !o.cancelRequested && o.status !== 'submitting' && now - o.submittedMs >= ttlMs);
    await Promise.all(stale.map((o) => this.cancel(ctx, o, onError)));
    return stale.length;
  }
}
