import { describe, expect, it } from 'vitest';
import type { SpotInstrument } from '../../domain/instrument.js';
import type { BookSnapshotEvent } from '../../domain/market-event.js';
import type { OrderRequest } from '../../domain/order.js';
import { FakeContext, fillOf, orderUpdate } from '../cross-market/fake-context.test-support.js';
import type { TriangularArbitrageConfigInput } from './config.js';
import { createTriangularArbitrageStrategy } from './strategy.js';

const T0 = 1_750_000_000_000;
const spot = (symbol: string, base: string, quote: string, tickSize: number, step: number): SpotInstrument => ({
  venue: 'binance', symbol, kind: 'spot', base, quote, priceCurrency: quote, tickSize, minSize: step, sizeStep: step,
});
const PAIRS = [spot('BTCUSDT', 'BTC', 'USDT', 0.01, 0.00001), spot('ETHUSDT', 'ETH', 'USDT', 0.01, 0.0001), spot('ETHBTC', 'ETH', 'BTC', 0.00001, 0.0001)];

function book(symbol: string, bids: number[], asks: number[], ts = T0): BookSnapshotEvent {
  return { kind: 'book_snapshot', venue: 'binance', symbol, tsVenue: ts, tsLocal: ts, bids, asks, sequence: null };
}

async function setup(ethbtc: { bid: number; ask: number }, balances: Record<string, number> = { USDT: 10_000, BTC: 1, ETH: 10 }, extra: TriangularArbitrageConfigInput = {}) {
  const strategy = createTriangularArbitrageStrategy({ maxStartAmount: 1_000, balanceFraction: 0.5, takerFee: 0.001, minProfitRate: 0.0005, ...extra });
  const ctx = new FakeContext(strategy.name, T0, PAIRS);
  for (const [c, v] of Object.entries(balances)) ctx.balances.set(`binance:${c}`, v);
  expect(strategy.discoverSubscriptions(ctx.catalogs)).toEqual(PAIRS.map((p) => ({ venue: 'binance', symbol: p.symbol, channels: ['book'] })));
  strategy.onStart(ctx);
  await ctx.deliver(strategy, book('BTCUSDT', [59_999, 1, 59_998, 2], [60_001, 1, 60_002, 2]));
  await ctx.deliver(strategy, book('ETHUSDT', [3_000, 10], [3_000.5, 10]));
  await ctx.deliver(strategy, book('ETHBTC', [ethbtc.bid, 20], [ethbtc.ask, 20]));
  return { strategy, ctx };
}

const legsOf = (orders: readonly OrderRequest[]) => orders.map((o) => ({ symbol: o.symbol, side: o.side, quantity: o.quantity, price: o.price, tif: o.timeInForce }));

describe('TriangularArbitrageStrategy', () => {
  it('sends no order while the cross is consistent (the cycle loses three taker fees)', async () => {
    const { strategy, ctx } = await setup({ bid: 0.05, ask: 0.05001 });
    expect(ctx.orders).toEqual([]);
    expect(strategy.state().bestRate).toBeLessThan(0);
  });

  it('turns a known dislocation into exactly the three expected IOC legs, and books the cycle when they fill', async () => {
    // ETHBTC at 0.0495 while ETHUSDT / BTCUSDT ≈ 0.05: USDT → BTC → ETH → USDT earns ~70 bp after 3 × 10 bp.
    const { strategy, ctx } = await setup({ bid: 0.04949, ask: 0.0495 });
    expect(legsOf(ctx.orders)).toEqual([
      { symbol: 'BTCUSDT', side: 'buy', quantity: 0.01666, price: 60_001, tif: 'ioc' }, // 1,000 USDT / 60,001, step 0.00001
      { symbol: 'ETHBTC', side: 'buy', quantity: 0.3362, price: 0.0495, tif: 'ioc' }, // 0.01666 × 0.999 BTC / 0.0495
      { symbol: 'ETHUSDT', side: 'sell', quantity: 0.3358, price: 3_000, tif: 'ioc' }, // 0.3362 × 0.999 ETH
    ]);
    const fees = [0.01666 * 0.001, 0.3362 * 0.001, 0.3358 * 3_000 * 0.001];
    const currencies = ['BTC', 'ETH', 'USDT'];
    ctx.orders.forEach((o, i) => {
      strategy.onFill({ ...fillOf(o, o.quantity, o.price!, T0 + 50), fee: fees[i]!, feeCurrency: currencies[i]! }, ctx);
      strategy.onOrderUpdate(orderUpdate(o, 'filled', T0 + 50, o.quantity), ctx);
    });
    const s = strategy.state();
    expect(s.cyclesSent).toBe(1);
    expect(s.cyclesFilled).toBe(1);
    expect(s.cycles[0]!.status).toBe('filled');
    expect(s.cycles[0]!.result).toBeCloseTo(-0.01666 * 60_001 + 0.3358 * 3_000 - fees[2]!, 9);
    expect(s.realizedProfit).toBeGreaterThan(6);
    expect(ctx.orders).toHaveLength(3); // dust below the pairs' minimum is not unwound
  });

  it('caps the start amount by the balance of each asset a leg spends when legs go out at once', async () => {
    const { ctx } = await setup({ bid: 0.04949, ask: 0.0495 }, { USDT: 600, BTC: 1, ETH: 10 });
    expect(ctx.orders[0]!.quantity).toBe(0.00499); // 0.5 × 600 USDT / 60,001
    const thin = await setup({ bid: 0.04949, ask: 0.0495 }, { USDT: 10_000, BTC: 0.002, ETH: 10 }, { legExecution: 'simultaneous' });
    // The ETHBTC leg may spend 0.001 BTC: the whole cycle shrinks to fit it.
    expect(thin.ctx.orders).toHaveLength(3);
    expect(thin.ctx.orders[1]!.quantity * 0.0495).toBeLessThanOrEqual(0.001 + 1e-12);
    expect(thin.ctx.orders[1]!.quantity).toBeGreaterThan(0.019);
  });

  it('sends the legs in turn, each from what the previous delivered, when the account holds only the start asset', async () => {
    const { strategy, ctx } = await setup({ bid: 0.04949, ask: 0.0495 }, { USDT: 10_000 });
    expect(legsOf(ctx.orders)).toEqual([{ symbol: 'BTCUSDT', side: 'buy', quantity: 0.01666, price: 60_001, tif: 'ioc' }]);
    const first = ctx.orders[0]!;
    strategy.onFill({ ...fillOf(first, 0.01666, 60_001, T0 + 50), fee: 0.00001666, feeCurrency: 'BTC' }, ctx);
    await ctx.idle();
    // 0.01666 − 0.00001666 BTC received buys ⌊0.01664334 / 0.0495⌋ = 0.3362 ETH at the planned limit.
    expect(legsOf(ctx.orders.slice(1))).toEqual([{ symbol: 'ETHBTC', side: 'buy', quantity: 0.3362, price: 0.0495, tif: 'ioc' }]);
    const second = ctx.orders[1]!;
    strategy.onFill({ ...fillOf(second, 0.3362, 0.0495, T0 + 100), fee: 0.0003362, feeCurrency: 'ETH' }, ctx);
    await ctx.idle();
    expect(legsOf(ctx.orders.slice(2))).toEqual([{ symbol: 'ETHUSDT', side: 'sell', quantity: 0.3358, price: 3_000, tif: 'ioc' }]);
    const third = ctx.orders[2]!;
    strategy.onFill({ ...fillOf(third, 0.3358, 3_000, T0 + 150), fee: 1.0074, feeCurrency: 'USDT' }, ctx);
    expect(strategy.state().cycles[0]).toMatchObject({ status: 'filled' });
    expect(strategy.state().cycles[0]!.result).toBeCloseTo(-0.01666 * 60_001 + 0.3358 * 3_000 - 1.0074, 9);
  });

  it('unwinds the assets a leg that did not fill leaves open', async () => {
    const { strategy, ctx } = await setup({ bid: 0.04949, ask: 0.0495 });
    const [btc, ethbtc, eth] = ctx.orders as [OrderRequest, OrderRequest, OrderRequest];
    strategy.onFill(fillOf(btc, btc.quantity, 60_001, T0 + 50), ctx);
    strategy.onOrderUpdate(orderUpdate(btc, 'filled', T0 + 50, btc.quantity), ctx);
    strategy.onOrderUpdate(orderUpdate(ethbtc, 'canceled', T0 + 50), ctx);
    strategy.onFill(fillOf(eth, eth.quantity, 3_000, T0 + 50), ctx);
    strategy.onOrderUpdate(orderUpdate(eth, 'filled', T0 + 50, eth.quantity), ctx);
    await ctx.idle();
    expect(legsOf(ctx.orders.slice(3))).toEqual([
      { symbol: 'BTCUSDT', side: 'sell', quantity: 0.01666, price: 59_879.0, tif: 'ioc' }, // 59,999 × (1 − 0.002), down to the tick
      { symbol: 'ETHUSDT', side: 'buy', quantity: 0.3358, price: 3_006.51, tif: 'ioc' }, // 3,000.5 × 1.002, up to the tick
    ]);
    const [u1, u2] = ctx.orders.slice(3) as [OrderRequest, OrderRequest];
    strategy.onFill(fillOf(u1, u1.quantity, 59_999, T0 + 100), ctx);
    strategy.onOrderUpdate(orderUpdate(u1, 'filled', T0 + 100, u1.quantity), ctx);
    strategy.onFill(fillOf(u2, u2.quantity, 3_000.5, T0 + 100), ctx);
    strategy.onOrderUpdate(orderUpdate(u2, 'filled', T0 + 100, u2.quantity), ctx);
    const s = strategy.state();
    expect(s.unwinds).toBe(1);
    expect(s.cycles[0]!.status).toBe('unwound');
    expect(s.cycles[0]!.result).toBeCloseTo(-0.01666 * 60_001 + 0.3358 * 3_000 + 0.01666 * 59_999 - 0.3358 * 3_000.5, 9);
  });

  it('refuses pairs that are not spot or do not close a triangle', async () => {
    const strategy = createTriangularArbitrageStrategy({ symbols: ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'] });
    const ctx = new FakeContext(strategy.name, T0, [...PAIRS, spot('SOLUSDT', 'SOL', 'USDT', 0.01, 0.01)]);
    strategy.discoverSubscriptions(ctx.catalogs);
    strategy.onStart(ctx);
    expect(strategy.state().log.at(-1)?.message).toMatch(/do not close a triangle/);
    expect(() => createTriangularArbitrageStrategy({ symbols: ['BTCUSDT'] })).toThrow(/symbols/);
  });
});
