import { describe, expect, it } from 'vitest';
import type { SpotInstrument } from '../../domain/instrument.js';
import type { BookSnapshotEvent } from '../../domain/market-event.js';
import type { OrderRequest } from '../../domain/order.js';
import { FakeContext, fillOf, orderUpdate } from '../cross-market/fake-context.test-support.js';
import { createMarketMakingStrategy } from './strategy.js';

const T0 = 1_750_000_000_000;
const PAIR: SpotInstrument = { venue: 'coinbase', symbol: 'BTC-USD', kind: 'spot', base: 'BTC', quote: 'USD', priceCurrency: 'USD', tickSize: 0.01, minSize: 0.0001, sizeStep: 0.0001 };

function book(mid: number, ts: number): BookSnapshotEvent {
  return { kind: 'book_snapshot', venue: 'coinbase', symbol: 'BTC-USD', tsVenue: ts, tsLocal: ts, bids: [mid - 0.01, 5], asks: [mid + 0.01, 5], sequence: null };
}

// γ = 0.1, k = 0.5 per bp, τ = 10 s, σ = 1 bp/√s: risk term γσ²τ = 1 bp per lot, spread 1 + 20·ln 1.2 = 4.646 bp.
const CONFIG = { quoteSize: 0.5, maxInventory: 1, gamma: 0.1, k: 0.5, horizonSec: 10, initialVolBps: 1, volHalfLifeSec: 1e9, minHalfSpreadBps: 1, requoteThresholdBps: 0.5, minRequoteIntervalMs: 100 };

async function setup() {
  const strategy = createMarketMakingStrategy(CONFIG);
  const ctx = new FakeContext(strategy.name, T0, [PAIR]);
  expect(strategy.discoverSubscriptions(ctx.catalogs)).toEqual([{ venue: 'coinbase', symbol: 'BTC-USD', channels: ['book', 'trades'] }]);
  strategy.onStart(ctx);
  await ctx.deliver(strategy, book(100, T0));
  return { strategy, ctx };
}

const quotes = (orders: readonly OrderRequest[]) => orders.map((o) => ({ side: o.side, quantity: o.quantity, price: o.price, postOnly: o.postOnly, tif: o.timeInForce }));

describe('MarketMakingStrategy', () => {
  it('quotes both sides post-only around the mid with the Avellaneda–Stoikov spread on the tick grid', async () => {
    const { strategy, ctx } = await setup();
    expect(quotes(ctx.orders)).toEqual([
      { side: 'buy', quantity: 0.5, price: 99.97, postOnly: true, tif: 'gtc' }, // 100 × (1 − 2.323 bp), down to the tick
      { side: 'sell', quantity: 0.5, price: 100.03, postOnly: true, tif: 'gtc' }, // 100 × (1 + 2.323 bp), up
    ]);
    expect(strategy.state().spreadBps).toBeCloseTo(6, 9);
    expect(strategy.state().reservationBps).toBe(0);
  });

  it('skews both quotes down when long and requotes by cancel and replace', async () => {
    const { strategy, ctx } = await setup();
    const [bid, ask] = ctx.orders as [OrderRequest, OrderRequest];
    ctx.clock.advanceTo(T0 + 1_000);
    await strategy.onFill({ ...fillOf(bid, 0.5, 99.97, T0 + 1_000), liquidity: 'maker' }, ctx);
    expect(strategy.inventory).toBe(0.5);
    // Long one lot: reservation −1 bp, so the ask target moves to 100.02 and the old ask is cancelled.
    expect(ctx.cancels).toEqual([ask.clientOrderId]);
    await strategy.onOrderUpdate(orderUpdate(ask, 'canceled', T0 + 1_000), ctx);
    expect(quotes(ctx.orders.slice(2))).toEqual([
      { side: 'buy', quantity: 0.5, price: 99.96, postOnly: true, tif: 'gtc' },
      { side: 'sell', quantity: 0.5, price: 100.02, postOnly: true, tif: 'gtc' },
    ]);
    expect(strategy.state().reservationBps).toBeCloseTo(-1, 9);
    expect(strategy.state().requotes).toBe(1);
  });

  it('requotes when the mid moves beyond the threshold and not for a smaller move', async () => {
    const { strategy, ctx } = await setup();
    await ctx.deliver(strategy, book(100.003, T0 + 500));
    expect(ctx.cancels).toEqual([]);
    await ctx.deliver(strategy, book(100.2, T0 + 1_000));
    expect(ctx.cancels).toEqual(ctx.orders.map((o) => o.clientOrderId));
    for (const o of [...ctx.orders]) await strategy.onOrderUpdate(orderUpdate(o, 'canceled', T0 + 1_050), ctx);
    expect(ctx.orders.slice(2).map((o) => o.price!)).toEqual([expect.closeTo(100.17, 9) as number, expect.closeTo(100.23, 9) as number]);
  });

  it('stops bidding at the inventory limit and keeps offering', async () => {
    const { strategy, ctx } = await setup();
    const [bid] = ctx.orders as [OrderRequest];
    ctx.clock.advanceTo(T0 + 1_000);
    await strategy.onFill(fillOf(bid, 0.5, 99.97, T0 + 1_000), ctx);
    await strategy.onOrderUpdate(orderUpdate(ctx.orders[1]!, 'canceled', T0 + 1_000), ctx);
    const bid2 = ctx.orders.find((o, i) => i >= 2 && o.side === 'buy')!;
    ctx.clock.advanceTo(T0 + 2_000);
    await strategy.onFill(fillOf(bid2, 0.5, bid2.price!, T0 + 2_000), ctx);
    expect(strategy.inventory).toBe(1);
    expect(strategy.state().bid).toBeNull();
    const before = ctx.orders.length;
    await ctx.deliver(strategy, book(100, T0 + 3_000));
    expect(ctx.orders.slice(before).every((o) => o.side === 'sell')).toBe(true);
  });

  it('requotes by amending the live quote where the venue can, and takes an amend rejection back', async () => {
    const { strategy, ctx } = await setup();
    ctx.canAmend = true;
    const [bid, ask] = ctx.orders as [OrderRequest, OrderRequest];
    ctx.clock.advanceTo(T0 + 1_000);
    await strategy.onFill({ ...fillOf(bid, 0.5, 99.97, T0 + 1_000), liquidity: 'maker' }, ctx);
    // Long one lot: the ask moves to 100.02 in place, keeping its id; the filled bid is replaced by a new order.
    expect(ctx.amends).toEqual([{ clientOrderId: ask.clientOrderId, change: { price: 100.02 } }]);
    expect(ctx.cancels).toEqual([]);
    expect(quotes(ctx.orders.slice(2))).toEqual([{ side: 'buy', quantity: 0.5, price: 99.96, postOnly: true, tif: 'gtc' }]);
    expect(strategy.state()).toMatchObject({ requotes: 1, amends: 1 });
    // The mid moves 20 bp: both live quotes are amended, none cancelled.
    await ctx.deliver(strategy, book(100.2, T0 + 2_000));
    expect(ctx.amends.slice(1).map((a) => [a.clientOrderId, a.change.price])).toEqual([
      [ctx.orders[2]!.clientOrderId, expect.closeTo(100.16, 9)],
      [ask.clientOrderId, expect.closeTo(100.22, 9)],
    ]);
    expect(ctx.cancels).toEqual([]);
    // The venue refuses the ask's amend: the strategy counts it at 100.02 again and amends from there.
    await strategy.onOrderUpdate({ ...orderUpdate(ask, 'open', T0 + 2_050), reason: 'amend rejected: post-only order would take liquidity' }, ctx);
    ctx.clock.advanceTo(T0 + 3_000);
    await ctx.deliver(strategy, book(100.2, T0 + 3_000));
    expect(ctx.amends.at(-1)).toEqual({ clientOrderId: ask.clientOrderId, change: { price: expect.closeTo(100.22, 9) as number } });
    expect(ctx.amends).toHaveLength(4);
  });

  it('falls back to cancel and replace when the venue cannot amend, and does not ask again', async () => {
    const { strategy, ctx } = await setup();
    let asked = 0;
    const amendOrder = ctx.amendOrder.bind(ctx);
    ctx.amendOrder = (...args) => {
      asked++;
      return amendOrder(...args);
    };
    await ctx.deliver(strategy, book(100.2, T0 + 1_000));
    expect(asked).toBe(2); // both sides at once, before the first refusal was known
    expect(ctx.cancels).toEqual(ctx.orders.map((o) => o.clientOrderId));
    for (const o of [...ctx.orders]) await strategy.onOrderUpdate(orderUpdate(o, 'canceled', T0 + 1_050), ctx);
    await ctx.deliver(strategy, book(100.5, T0 + 2_000));
    expect(asked).toBe(2);
    expect(ctx.cancels).toHaveLength(4);
    expect(strategy.state().amends).toBe(0);
  });

  it('cancels and replaces when amend_quotes is off', async () => {
    const strategy = createMarketMakingStrategy({ ...CONFIG, amendQuotes: false });
    const ctx = new FakeContext(strategy.name, T0, [PAIR]);
    ctx.canAmend = true;
    strategy.discoverSubscriptions(ctx.catalogs);
    strategy.onStart(ctx);
    await ctx.deliver(strategy, book(100, T0));
    await ctx.deliver(strategy, book(100.2, T0 + 1_000));
    expect(ctx.amends).toEqual([]);
    expect(ctx.cancels).toHaveLength(2);
  });
});
