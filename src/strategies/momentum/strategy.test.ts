import { describe, expect, it } from 'vitest';
import type { Instrument } from '../../domain/instrument.js';
import { FakeContext, fillOf, ticker } from '../cross-market/fake-context.test-support.js';
import { createMomentumStrategy, type MomentumStrategy } from './strategy.js';
import type { MomentumConfigInput } from './config.js';
import { parseMomentumConfig } from './config.js';

const PERP: Instrument = { venue: 'deribit', symbol: 'BTC-PERPETUAL', kind: 'perpetual', underlying: 'BTC', settlement: 'inverse', priceCurrency: 'USD', tickSize: 0.5, minSize: 10, sizeStep: 10 };
const SPOT: Instrument = { venue: 'binance', symbol: 'BTCUSDT', kind: 'spot', base: 'BTC', quote: 'USDT', priceCurrency: 'USDT', minSize: 0.001, sizeStep: 0.001 };

function setup(config: MomentumConfigInput = {}, instruments: Instrument[] = [PERP, SPOT]): { s: MomentumStrategy; ctx: FakeContext } {
  const s = createMomentumStrategy({ lookbackTicks: 3, threshold: 0.1, instruments: [{ venue: 'deribit', symbol: 'BTC-PERPETUAL' }, { venue: 'binance', symbol: 'BTCUSDT' }], ...config });
  const ctx = new FakeContext(s.name, 0, instruments);
  s.discoverSubscriptions(ctx.catalogs);
  s.onStart(ctx);
  return { s, ctx };
}

let t = 0;
async function quote(s: MomentumStrategy, ctx: FakeContext, symbol: string, mid: number, spread = 0): Promise<void> {
  t += 1_000;
  const venue = symbol === 'BTCUSDT' ? 'binance' : 'deribit';
  await ctx.deliver(s, ticker(venue, symbol, t, { bid: mid - spread / 2, ask: mid + spread / 2 }));
}

describe('Momentum signals (engine-seed §7.3 tests)', () => {
  it('bullish: 100, 100 → warming up; 111 → one BULLISH signal', async () => {
    const { s, ctx } = setup({}, []);
    await quote(s, ctx, 'BTC-PERPETUAL', 100);
    await quote(s, ctx, 'BTC-PERPETUAL', 100);
    expect(s.state().signalCount).toBe(0);
    expect(s.state().instruments[0]!.momentum).toBeNull();
    await quote(s, ctx, 'BTC-PERPETUAL', 111);
    expect(s.state()).toMatchObject({ signalCount: 1, lastSignal: { symbol: 'BTC-PERPETUAL', signal: 'BULLISH' } });
    expect(s.state().instruments[0]!.momentum).toBeGreaterThan(0.1);
  });

  it('bearish: 100, 100, 89 → one BEARISH signal', async () => {
    const { s, ctx } = setup({}, []);
    for (const p of [100, 100, 89]) await quote(s, ctx, 'BTC-PERPETUAL', p);
    expect(s.state()).toMatchObject({ signalCount: 1, lastSignal: { signal: 'BEARISH' } });
    expect(s.state().instruments[0]!.momentum).toBeLessThan(-0.1);
  });

  it('keeps one history per instrument (the seed mixed them)', async () => {
    const { s, ctx } = setup({}, []);
    for (const [a, b] of [[100, 50_000], [105, 50_000], [111, 50_000]] as const) {
      await quote(s, ctx, 'BTC-PERPETUAL', a);
      await quote(s, ctx, 'BTCUSDT', b);
    }
    const [perp, spot] = s.state().instruments;
    expect(perp!.priceHistory).toEqual([100, 105, 111]);
    expect(spot!.priceHistory).toEqual([50_000, 50_000, 50_000]);
    expect(spot!.momentum).toBe(0);
    expect(s.state().signalCount).toBe(1);
  });
});

describe('Momentum trading', () => {
  it('enters with riskFraction × equity: USD contracts on an inverse perpetual, coins on a linear pair', async () => {
    const { s, ctx } = setup();
    for (const p of [100_000, 100_000, 111_000]) await quote(s, ctx, 'BTC-PERPETUAL', p, 1);
    expect(ctx.orders).toEqual([expect.objectContaining({ clientOrderId: 'momentum-1', symbol: 'BTC-PERPETUAL', side: 'buy', quantity: 500, price: 111_000.5, type: 'limit', timeInForce: 'ioc' })]);
    for (const p of [50_000, 50_000, 56_000]) await quote(s, ctx, 'BTCUSDT', p);
    expect(ctx.orders[1]).toMatchObject({ clientOrderId: 'momentum-2', symbol: 'BTCUSDT', side: 'buy', quantity: 0.008, price: 56_000 });
  });

  it('exits on stop-loss and on take-profit, with reduce-only orders for the whole position, then cools down', async () => {
    const { s, ctx } = setup({ stopLoss: 0.02, takeProfit: 0.04, exitOnReversal: false, cooldownMs: 5_000 });
    for (const p of [100_000, 100_000, 111_000]) await quote(s, ctx, 'BTC-PERPETUAL', p);
    s.onFill(fillOf(ctx.orders[0]!, 500, 111_000, t), ctx);
    expect(s.state().instruments[0]).toMatchObject({ position: 500, entryPrice: 111_000 });
    await quote(s, ctx, 'BTC-PERPETUAL', 110_000); // −0.9 %: hold
    expect(ctx.orders).toHaveLength(1);
    await quote(s, ctx, 'BTC-PERPETUAL', 108_500); // −2.25 %: stop
    expect(ctx.orders[1]).toMatchObject({ side: 'sell', quantity: 500, price: 108_500, reduceOnly: true });
    s.onFill(fillOf(ctx.orders[1]!, 500, 108_500, t), ctx);
    expect(s.state().instruments[0]!.position).toBe(0);
    // Momentum is still above the threshold over the window, but the cooldown holds the entry.
    await quote(s, ctx, 'BTC-PERPETUAL', 125_000);
    expect(ctx.orders).toHaveLength(2);
    await quote(s, ctx, 'BTC-PERPETUAL', 140_000);
    await quote(s, ctx, 'BTC-PERPETUAL', 160_000);
    await quote(s, ctx, 'BTC-PERPETUAL', 180_000);
    expect(ctx.orders).toHaveLength(2);
    await quote(s, ctx, 'BTC-PERPETUAL', 200_000); // 5 s after the exit
    expect(ctx.orders[2]).toMatchObject({ side: 'buy', price: 200_000 });
    s.onFill(fillOf(ctx.orders[2]!, ctx.orders[2]!.quantity, 200_000, t), ctx);
    await quote(s, ctx, 'BTC-PERPETUAL', 208_500); // +4.25 %: take profit
    expect(ctx.orders[3]).toMatchObject({ side: 'sell', quantity: ctx.orders[2]!.quantity, reduceOnly: true });
    expect(s.state().log.some((l) => l.message.includes('exit (take-profit)'))).toBe(true);
  });

  it('goes short only when allowed, and exits on reversal', async () => {
    const long = setup();
    for (const p of [100_000, 100_000, 89_000]) await quote(long.s, long.ctx, 'BTC-PERPETUAL', p);
    expect(long.ctx.orders).toHaveLength(0);
    const short = setup({ allowShort: true, stopLoss: 0.5, takeProfit: 0.5 });
    for (const p of [100_000, 100_000, 89_000]) await quote(short.s, short.ctx, 'BTC-PERPETUAL', p);
    expect(short.ctx.orders[0]).toMatchObject({ side: 'sell', quantity: 500 });
    short.s.onFill(fillOf(short.ctx.orders[0]!, 500, 89_000, t), short.ctx);
    for (const p of [95_000, 105_000]) await quote(short.s, short.ctx, 'BTC-PERPETUAL', p);
    expect(short.ctx.orders[1]).toMatchObject({ side: 'buy', quantity: 500, reduceOnly: true });
  });

  it('signals without a portfolio but places no order', async () => {
    const { s, ctx } = setup();
    ctx.equity = null;
    for (const p of [100_000, 100_000, 111_000]) await quote(s, ctx, 'BTC-PERPETUAL', p);
    expect(s.state().signalCount).toBe(1);
    expect(ctx.orders).toHaveLength(0);
    expect(ctx.lines.some((l) => l.level === 'warn' && l.msg.includes('no portfolio'))).toBe(true);
  });

  it('rejects unknown config keys by name', () => {
    expect(() => parseMomentumConfig({ lookback_period: 10 })).toThrow(/"lookback_period": unknown key/);
    expect(() => parseMomentumConfig({ lookbackTicks: 1 })).toThrow(/lookbackTicks:/);
  });
});
