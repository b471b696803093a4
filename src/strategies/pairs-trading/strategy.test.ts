import { describe, expect, it } from 'vitest';
import type { SpotInstrument } from '../../domain/instrument.js';
import type { OrderRequest } from '../../domain/order.js';
import { FakeContext, fillOf, orderUpdate, ticker } from '../cross-market/fake-context.test-support.js';
import { SeededRandom } from '../../optimizer/seeded-random.js';
import { createPairsTradingStrategy, type PairsTradingStrategy } from './strategy.js';

const T0 = 1_750_000_000_000;
const spot = (symbol: string, base: string, step: number): SpotInstrument => ({ venue: 'binance', symbol, kind: 'spot', base, quote: 'USDT', priceCurrency: 'USDT', tickSize: 0.01, minSize: step, sizeStep: step });
const INSTRUMENTS = [spot('ETHUSDT', 'ETH', 0.0001), spot('BTCUSDT', 'BTC', 0.00001)];
// ln x swings by ±1 %; the spread ln y − ln x − ln 0.05 alternates by ±5 bp until we move it.
const X_MOVES = [0, 1, -1, 0.5, -0.5, 1, -1, 0.5, -0.5, 1, 0, 0.5, -0.5, 1, -1];

async function feed(strategy: PairsTradingStrategy, ctx: FakeContext, k: number, spread: number): Promise<void> {
  const px = 60_000 * Math.exp(0.01 * X_MOVES[k % X_MOVES.length]!);
  const py = px * 0.05 * Math.exp(spread);
  const t = T0 + k * 1_000;
  await ctx.deliver(strategy, ticker('binance', 'BTCUSDT', t - 10, { bid: px - 0.01, ask: px + 0.01, priceCurrency: 'USDT' }));
  await ctx.deliver(strategy, ticker('binance', 'ETHUSDT', t, { bid: py - 0.01, ask: py + 0.01, priceCurrency: 'USDT' }));
}

function fillAll(strategy: PairsTradingStrategy, ctx: FakeContext, orders: readonly OrderRequest[], t: number): void {
  for (const o of orders) {
    strategy.onFill(fillOf(o, o.quantity, o.price!, t), ctx);
    strategy.onOrderUpdate(orderUpdate(o, 'filled', t, o.quantity), ctx);
  }
}

async function warmedUp() {
  const strategy = createPairsTradingStrategy({ sampleIntervalMs: 1_000, hedgeWindow: 5, zWindow: 5, entryZ: 2, exitZ: 0.5, stopZ: 30, notional: 1_000, slippageBps: 5 });
  const ctx = new FakeContext(strategy.name, T0, INSTRUMENTS);
  strategy.discoverSubscriptions(ctx.catalogs);
  strategy.onStart(ctx);
  for (let k = 1; k <= 11; k++) await feed(strategy, ctx, k, k % 2 === 0 ? 0.0005 : -0.0005);
  return { strategy, ctx };
}

describe('PairsTradingStrategy', () => {
  it('warms up without trading, with a hedge ratio near 1 and a small z', async () => {
    const { strategy, ctx } = await warmedUp();
    const s = strategy.state();
    expect(ctx.orders).toEqual([]);
    expect(s.phase).toBe('flat');
    expect(Math.abs(s.beta! - 1)).toBeLessThan(0.15);
    expect(Math.abs(s.z!)).toBeLessThan(2);
  });

  it('longs the spread on a cheap y (buy y, sell β × notional of x) and exits when z reverts', async () => {
    const { strategy, ctx } = await warmedUp();
    await feed(strategy, ctx, 12, -0.006);
    const s = strategy.state();
    expect(s.z!).toBeLessThan(-2);
    const [y, x] = ctx.orders as [OrderRequest, OrderRequest];
    const px = 60_000 * Math.exp(0.01 * X_MOVES[12]!);
    const py = px * 0.05 * Math.exp(-0.006);
    expect({ symbol: y.symbol, side: y.side, tif: y.timeInForce }).toEqual({ symbol: 'ETHUSDT', side: 'buy', tif: 'ioc' });
    expect(y.quantity).toBe(Math.floor((1_000 / py) * 1e4) / 1e4);
    expect(y.price!).toBeCloseTo(Math.ceil((py + 0.01) * 1.0005 * 100) / 100, 9);
    expect({ symbol: x.symbol, side: x.side }).toEqual({ symbol: 'BTCUSDT', side: 'sell' });
    expect(x.quantity).toBeCloseTo((s.beta! * y.quantity * py) / px, 5);
    fillAll(strategy, ctx, [y, x], T0 + 12_050);
    expect(strategy.state()).toMatchObject({ phase: 'in-position', side: 'long', positionY: y.quantity, positionX: -x.quantity });
    await feed(strategy, ctx, 13, 0.0005);
    expect(strategy.state().z!).toBeGreaterThan(-0.5);
    const exits = ctx.orders.slice(2);
    expect(exits.map((o) => [o.symbol, o.side, o.quantity])).toEqual([['ETHUSDT', 'sell', y.quantity], ['BTCUSDT', 'buy', x.quantity]]);
    fillAll(strategy, ctx, exits, T0 + 13_050);
    expect(strategy.state()).toMatchObject({ phase: 'flat', side: null, entries: 1, exits: 1, stops: 0, positionY: 0, positionX: 0 });
  });

  it('shorts a rich spread and stops out when z blows out, then waits', async () => {
    const { strategy, ctx } = await warmedUp();
    await feed(strategy, ctx, 12, 0.006);
    const [y, x] = ctx.orders as [OrderRequest, OrderRequest];
    expect([y.side, x.side]).toEqual(['sell', 'buy']);
    fillAll(strategy, ctx, [y, x], T0 + 12_050);
    await feed(strategy, ctx, 13, 0.08);
    expect(strategy.state().z!).toBeGreaterThan(30);
    const exits = ctx.orders.slice(2);
    expect(exits.map((o) => [o.symbol, o.side])).toEqual([['ETHUSDT', 'buy'], ['BTCUSDT', 'sell']]);
    fillAll(strategy, ctx, exits, T0 + 13_050);
    expect(strategy.state()).toMatchObject({ phase: 'flat', stops: 1 });
    await feed(strategy, ctx, 14, -0.05);
    expect(ctx.orders).toHaveLength(4); // no new entry right after the stop
  });

  it('closes the filled leg when the other one did not fill', async () => {
    const { strategy, ctx } = await warmedUp();
    await feed(strategy, ctx, 12, -0.006);
    const [y, x] = ctx.orders as [OrderRequest, OrderRequest];
    fillAll(strategy, ctx, [y], T0 + 12_050);
    strategy.onOrderUpdate(orderUpdate(x, 'canceled', T0 + 12_050), ctx);
    await ctx.idle();
    await Promise.resolve();
    expect(ctx.orders.slice(2).map((o) => [o.symbol, o.side, o.quantity])).toEqual([['ETHUSDT', 'sell', y.quantity]]);
    expect(strategy.state().phase).toBe('exiting');
  });

  it('takes Bertram\'s OU-optimal levels from a fitted OU when asked (enter at −m, leave at +m)', async () => {
    const strategy = createPairsTradingStrategy({ thresholds: 'bertram', sampleIntervalMs: 1_000, hedgeWindow: 10, zWindow: 60, roundTripCost: 0.0002, stopZ: 10 });
    const ctx = new FakeContext(strategy.name, T0, INSTRUMENTS);
    strategy.discoverSubscriptions(ctx.catalogs);
    const rng = new SeededRandom(5);
    let s = 0;
    for (let k = 1; k <= 90; k++) {
      s = 0.8 * s + 0.0005 * rng.nextGaussian(); // AR(1) = OU sampled each second
      await feed(strategy, ctx, k, s);
    }
    const st = strategy.state();
    expect(st.entryZ!).toBeGreaterThan(0);
    expect(st.entryZ!).toBeLessThan(10);
    expect(st.exitLevel).toBeCloseTo(st.entryZ!, 9);
  });

  it('rejects inconsistent levels', () => {
    expect(() => createPairsTradingStrategy({ entryZ: 3, stopZ: 2 })).toThrow(/stopZ/);
  });
});
