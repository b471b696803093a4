import { describe, expect, it } from 'vitest';
import { ArbiterError } from '../../domain/errors.js';
import type { Fill, OrderRequest, OrderUpdate } from '../../domain/order.js';
import { silentLogger } from '../../engine/logger.js';
import type { OrderAmendment } from '../../engine/market-feed.js';
import type { OrderAck } from '../../engine/strategy.js';
import { Journal } from './journal.js';
import { fill, order } from './journal-fixtures.test-support.js';
import { JournaledExecutionRouter } from './journaled-execution-router.js';
import type { ReconcilableClient, VenuePosition } from './reconcile.js';

const logger = silentLogger;

/** A venue that keeps its own record, as a simulator does: open orders, fills, positions. */
class FakeVenue implements ReconcilableClient {
  readonly venue = 'deribit' as const;
  readonly sent: OrderRequest[] = [];
  readonly open = new Map<string, OrderUpdate>();
  readonly fills: Fill[] = [];
  failNext: ArbiterError | null = null;
  /** Fill every order at the venue; `silent` keeps the fill from reaching listeners (a lost message). */
  silent = false;
  rest = false;
  private listener: ((u: OrderUpdate | Fill) => void) | null = null;
  private trade = 0;

  async submit(request: OrderRequest): Promise<OrderAck> {
    this.sent.push(request);
    const venueOrderId = `v${this.sent.length}`;
    if (this.failNext) {
      const e = this.failNext;
      this.failNext = null;
      if (e.code === 'ARB_VENUE_UNKNOWN_OUTCOME') this.execute(request, venueOrderId);
      throw e;
    }
    this.execute(request, venueOrderId);
    return { clientOrderId: request.clientOrderId, venueOrderId };
  }

  private execute(request: OrderRequest, venueOrderId: string): void {
    if (this.rest) {
      this.open.set(request.clientOrderId, update(request.clientOrderId, venueOrderId, 'open', 0, request.quantity));
      return;
    }
    const f = fill(`t${++this.trade}`, request.clientOrderId, { venueOrderId, side: request.side, quantity: request.quantity, tsVenue: 10_000 + this.trade });
    this.fills.push(f);
    if (!this.silent) {
      this.listener?.(f);
      this.listener?.(f); // the answer and the channel both report it
      this.listener?.(update(request.clientOrderId, venueOrderId, 'filled', request.quantity, 0));
    }
  }

  async cancel(clientOrderId: string): Promise<void> {
    const o = this.open.get(clientOrderId);
    if (!o) throw new ArbiterError('ARB_VENUE_REJECTED', 'not open');
    this.open.delete(clientOrderId);
    this.listener?.({ ...o, status: 'canceled', remainingQuantity: 0 });
  }

  readonly amended: Array<[string, OrderAmendment]> = [];
  /** Changes a resting order's size (the journal test needs no price); `failNext` as for submit, an unknown outcome after applying it. */
  async amend(clientOrderId: string, change: OrderAmendment): Promise<void> {
    const e = this.failNext;
    this.failNext = null;
    if (e && e.code !== 'ARB_VENUE_UNKNOWN_OUTCOME') throw e;
    const o = this.open.get(clientOrderId);
    if (!o) throw new ArbiterError('ARB_VENUE_REJECTED', 'not open');
    this.amended.push([clientOrderId, change]);
    const next = { ...o, remainingQuantity: (change.quantity ?? o.filledQuantity + o.remainingQuantity) - o.filledQuantity };
    this.open.set(clientOrderId, next);
    if (e) throw e;
    this.listener?.(next);
  }

  /** The venue fills a resting order in full without telling anyone (a lost message). */
  fillSilently(clientOrderId: string): void {
    const o = this.open.get(clientOrderId)!;
    this.open.delete(clientOrderId);
    this.fills.push(fill(`t${++this.trade}`, clientOrderId, { venueOrderId: o.venueOrderId, quantity: o.remainingQuantity, tsVenue: 10_000 + this.trade }));
  }

  async openOrders(): Promise<readonly OrderUpdate[]> {
    return [...this.open.values()];
  }

  async fillsSince(sinceMs: number): Promise<readonly Fill[]> {
    return this.fills.filter((f) => (f.tsVenue ?? 0) >= sinceMs);
  }

  async positions(): Promise<readonly VenuePosition[]> {
    const q = this.fills.reduce((s, f) => s + (f.side === 'buy' ? f.quantity : -f.quantity), 0);
    return q === 0 ? [] : [{ symbol: 'BTC-PERPETUAL', quantity: q, averagePrice: null }];
  }

  onUpdate(listener: (u: OrderUpdate | Fill) => void): void {
    this.listener = listener;
  }

  async close(): Promise<void> {}
}

function update(clientOrderId: string, venueOrderId: string, status: OrderUpdate['status'], filled: number, remaining: number): OrderUpdate {
  return { kind: 'order_update', venue: 'deribit', symbol: 'BTC-PERPETUAL', clientOrderId, venueOrderId, status, filledQuantity: filled, remainingQuantity: remaining, averageFillPrice: null, reason: null, tsVenue: 1, tsLocal: 1 };
}

function setup(journal = new Journal(':memory:', () => 0), venue = new FakeVenue()) {
  const seen: Array<{ u: OrderUpdate | Fill; owned: boolean }> = [];
  const router = new JournaledExecutionRouter({ journal, clients: [venue], logger, onUpdate: (u, owned) => seen.push({ u, owned }), reconcileDelayMs: 60_000 });
  return { journal, venue, router, seen };
}

describe('JournaledExecutionRouter', () => {
  it('journals before sending, sends the journal id, and hands fills on once under the strategy id', async () => {
    const { journal, venue, router, seen } = setup();
    const ack = await router.submit(order('mom-1'));
    expect(ack).toEqual({ clientOrderId: 'mom-1', venueOrderId: 'v1' });
    expect(venue.sent[0]!.clientOrderId).toBe('mom-1');
    expect(journal.fills()).toHaveLength(1);
    expect(seen.filter((s) => s.u.kind === 'fill')).toHaveLength(1);
    expect(seen.every((s) => s.owned && s.u.clientOrderId === 'mom-1')).toBe(true);
    expect(router.stats).toMatchObject({ fills: 1, duplicateFills: 1 });
    expect(journal.order('mom-1')).toMatchObject({ status: 'filled', venueOrderId: 'v1' });
  });

  it('after a restart sends fresh ids, translates them back, and does not hand old orders to strategies', async () => {
    const journal = new Journal(':memory:', () => 0);
    const first = setup(journal);
    await first.router.submit(order('mom-1'));
    const venue = first.venue;
    const second = setup(journal, venue);
    venue.rest = true;
    const ack = await second.router.submit(order('mom-1'));
    expect(ack.clientOrderId).toBe('mom-1');
    expect(venue.sent[1]!.clientOrderId).toBe('mom-2');
    await second.router.cancel('deribit', 'mom-1');
    expect(journal.order('mom-2')?.status).toBe('canceled');
    expect(second.seen.at(-1)).toMatchObject({ owned: true, u: { clientOrderId: 'mom-1', status: 'canceled' } });
  });

  it('closes a refused order and keeps an unknown outcome pending until reconciliation adopts the venue fill', async () => {
    const { journal, venue, router, seen } = setup();
    venue.failNext = new ArbiterError('ARB_VENUE_REJECTED', 'deribit private/buy failed: 10009 not_enough_funds');
    await expect(router.submit(order('mom-1'))).rejects.toThrow(/not_enough_funds/);
    expect(journal.order('mom-1')?.status).toBe('rejected');
    venue.silent = true;
    venue.failNext = new ArbiterError('ARB_VENUE_UNKNOWN_OUTCOME', 'deribit private/buy: connection lost before the answer');
    await expect(router.submit(order('mom-2'))).rejects.toThrow(/connection lost/);
    expect(journal.order('mom-2')?.status).toBe('pending_new');
    expect(journal.fills()).toHaveLength(0);
    const [r] = await router.reconcile();
    expect(r).toMatchObject({ fillsAdopted: 1, ordersClosed: 1, positionMismatches: 0 });
    expect(journal.order('mom-2')).toMatchObject({ status: 'filled' });
    expect(seen.map((s) => [s.u.kind, s.u.clientOrderId, s.owned])).toEqual([['fill', 'mom-2', true], ['order_update', 'mom-2', true]]);
    expect(journal.reconciliationEvents().map((e) => e.kind)).toEqual(['fill_adopted', 'order_closed']);
  });

  it('journals an amend before sending it under the journal id, with its outcome; a done amend resizes the journal order', async () => {
    const journal = new Journal(':memory:', () => 0);
    setup(journal).journal.recordIntent(order('mm-1'), 0); // an earlier run used mm-1: this run's mm-1 is journal id mm-2
    const { venue, router, seen } = setup(journal);
    venue.rest = true;
    await router.submit(order('mm-1', { timeInForce: 'gtc' }));
    await router.amend('deribit', 'mm-1', { quantity: 4 });
    expect(venue.amended).toEqual([['mm-2', { quantity: 4 }]]);
    expect(journal.amendsOf('mm-2').map((a) => [a.outcome, a.quantity, a.price])).toEqual([['requested', 4, null], ['done', 4, null]]);
    expect(journal.order('mm-2')).toMatchObject({ quantity: 4, price: 95_000, status: 'open' });
    expect(seen.at(-1)).toMatchObject({ owned: true, u: { clientOrderId: 'mm-1', remainingQuantity: 4 } });
    venue.failNext = new ArbiterError('ARB_VENUE_REJECTED', 'amend refused: quantity below filled');
    await expect(router.amend('deribit', 'mm-1', { quantity: 3 })).rejects.toThrow(/refused/);
    expect(journal.amendsOf('mm-2').at(-1)).toMatchObject({ outcome: 'failed', error: 'amend refused: quantity below filled' });
    expect(journal.order('mm-2')?.quantity).toBe(4);
    expect(journal.counts().amends).toBe(4);
  });

  it('an amend whose answer is lost is journaled unknown and reconciled like any other: the order closes filled at its amended size', async () => {
    const { journal, venue, router } = setup();
    venue.rest = true;
    await router.submit(order('mm-1', { timeInForce: 'gtc' }));
    await router.amend('deribit', 'mm-1', { quantity: 6 });
    venue.failNext = new ArbiterError('ARB_VENUE_UNKNOWN_OUTCOME', 'deribit private/edit: connection lost before the answer');
    await expect(router.amend('deribit', 'mm-1', { quantity: 5 })).rejects.toThrow(/connection lost/);
    expect(journal.amendsOf('mm-1').at(-1)).toMatchObject({ outcome: 'unknown', quantity: 5 });
    expect(router.stats.unknownOutcomes).toBe(1);
    expect(journal.order('mm-1')).toMatchObject({ quantity: 6, status: 'open' });
    venue.fillSilently('mm-1');
    const [r] = await router.reconcile();
    expect(r).toMatchObject({ fillsAdopted: 1, ordersClosed: 1 });
    // 5 filled of the journal's 6: closed canceled with its fills kept, never an invented fill.
    expect(journal.order('mm-1')).toMatchObject({ status: 'canceled', filledQuantity: 5 });
    expect(journal.fills().map((f) => f.quantity)).toEqual([5]);
  });

  it('refuses an amend for a venue whose client cannot amend, journaling nothing', async () => {
    const journal = new Journal(':memory:', () => 0);
    const venue = new FakeVenue();
    const plain: ReconcilableClient = { venue: 'deribit', submit: (r) => venue.submit(r), cancel: (id) => venue.cancel(id), openOrders: () => venue.openOrders(), onUpdate: (l) => venue.onUpdate(l), close: async () => {} };
    const router = new JournaledExecutionRouter({ journal, clients: [plain], logger, onUpdate: () => {} });
    await expect(router.amend('deribit', 'mm-1', { price: 1 })).rejects.toMatchObject({ code: 'ARB_NOT_SUPPORTED', message: expect.stringMatching(/deribit/) as string });
    await expect(router.amend('kraken', 'mm-1', { price: 1 })).rejects.toMatchObject({ code: 'ARB_NOT_SUPPORTED' });
    expect(journal.counts().amends).toBe(0);
  });

  it('reconciles a restart: adopts missed fills and foreign open orders, closes vanished orders, never invents a fill', async () => {
    const journal = new Journal(':memory:', () => 0);
    const venue = new FakeVenue();
    const before = setup(journal, venue);
    venue.rest = true;
    await before.router.submit(order('mom-1')); // rests at the venue…
    venue.open.clear(); // …and is gone by the restart (canceled elsewhere), without any fill
    venue.rest = false;
    venue.silent = true;
    await before.router.submit(order('mom-2', { side: 'sell', quantity: 30 })); // filled while nobody listened
    venue.open.set('manual', update('manual', 'v99', 'open', 0, 5)); // placed by hand on the venue
    const { router, seen } = setup(journal, venue);
    const [r] = await router.reconcile();
    expect(r).toMatchObject({ fillsFetched: 1, fillsAdopted: 1, ordersClosed: 2, ordersAdopted: 1, positionMismatches: 0 });
    expect(journal.order('mom-1')).toMatchObject({ status: 'canceled', filledQuantity: 0 });
    expect(journal.order('mom-2')).toMatchObject({ status: 'filled', filledQuantity: 30 });
    expect(journal.order('manual')).toMatchObject({ origin: 'venue', status: 'open', side: null, quantity: 5 });
    expect(journal.fills().map((f) => f.tradeId)).toEqual(['t1']);
    expect(seen.every((s) => !s.owned)).toBe(true);
    // A second pass finds nothing new.
    const [again] = await router.reconcile();
    expect(again).toMatchObject({ fillsAdopted: 0, ordersClosed: 0, ordersAdopted: 0, statesAdopted: 0 });
  });

  it('records a position the journal cannot explain instead of inventing a fill for it', async () => {
    const { journal, venue, router } = setup();
    venue.fills.push(fill('old', 'before-journal', { tsVenue: -5_000_000 }));
    const [r] = await router.reconcile();
    expect(r).toMatchObject({ fillsAdopted: 0, positionMismatches: 1 });
    expect(journal.fills()).toHaveLength(0);
    expect(journal.reconciliationEvents()[0]).toMatchObject({ kind: 'position_mismatch', detail: { journal: 0, venue: 10 } });
  });
});
