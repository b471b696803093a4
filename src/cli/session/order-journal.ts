/**
 * The orders and fills of one account, as the dashboard lists them: every order from its request
 * on, updated by the venue's reports; open orders kept until they finish, finished ones and fills
 * bounded to the most recent few hundred.
 */
import { TERMINAL_ORDER_STATUSES, type Fill, type OrderRequest, type OrderUpdate } from '../../domain/order.js';
import type { FillView, OrderView } from '../../dashboard/dashboard-source.js';

type MutableOrder = { -readonly [K in keyof OrderView]: OrderView[K] };

export class OrderJournal {
  private readonly open = new Map<string, MutableOrder>();
  private readonly done: MutableOrder[] = [];
  private readonly fillList: FillView[] = [];

  constructor(readonly account: string, private readonly capacity = 300) {}

  /** Records an order as it is sent. */
  submitted(request: OrderRequest, nowMs: number): void {
    this.open.set(request.clientOrderId, {
      account: this.account, clientOrderId: request.clientOrderId, venue: request.venue, symbol: request.symbol, side: request.side,
      quantity: request.quantity, price: request.price, status: 'pending_new', filledQuantity: 0, averageFillPrice: null, reason: null,
      createdMs: nowMs, updatedMs: nowMs,
    });
  }

  /** A submit that threw before the venue took the order. */
  failed(clientOrderId: string, reason: string, nowMs: number): void {
    const o = this.open.get(clientOrderId);
    if (!o) return;
    o.status = 'rejected';
    o.reason = reason;
    o.updatedMs = nowMs;
    this.finish(o);
  }

  update(u: OrderUpdate): void {
    const o = this.open.get(u.clientOrderId);
    if (!o) return; // finished already, or not sent through this account
    o.status = u.status;
    o.filledQuantity = u.filledQuantity;
    o.averageFillPrice = u.averageFillPrice;
    o.reason = u.reason;
    o.updatedMs = u.tsLocal;
    if (TERMINAL_ORDER_STATUSES.has(u.status)) this.finish(o);
  }

  fill(f: Fill): void {
    this.fillList.push({
      account: this.account, venue: f.venue, symbol: f.symbol, clientOrderId: f.clientOrderId, tradeId: f.tradeId, side: f.side, price: f.price,
      quantity: f.quantity, fee: f.fee, feeCurrency: f.feeCurrency, liquidity: f.liquidity, tsLocal: f.tsLocal,
    });
    if (this.fillList.length > this.capacity * 2) this.fillList.splice(0, this.fillList.length - this.capacity);
  }

  /** Orders not yet filled, cancelled, rejected or expired. */
  openOrders(): OrderView[] {
    return [...this.open.values()].map((o) => ({ ...o }));
  }

  /** Open orders (oldest first), then finished ones (newest first). */
  orders(): OrderView[] {
    const finished = this.done.slice(-this.capacity).reverse().map((o) => ({ ...o }));
    return [...this.openOrders(), ...finished];
  }

  /** Newest first. */
  fills(): FillView[] {
    return this.fillList.slice(-this.capacity).reverse();
  }

  private finish(o: MutableOrder): void {
    this.open.delete(o.clientOrderId);
    this.done.push(o);
    if (this.done.length > this.capacity * 2) this.done.splice(0, this.done.length - this.capacity);
  }
}
