import { describe, expect, it } from 'vitest';
import type { Instrument, OptionInstrument } from '../../domain/instrument.js';
import type { TickerEvent } from '../../domain/market-event.js';
import { MS_PER_DAY } from '../../domain/time.js';
import { FakeContext, fillOf, ticker } from '../cross-market/fake-context.test-support.js';
import { createGammaScalpStrategy, type GammaScalpStrategy } from './strategy.js';
import { parseGammaScalpConfig, type GammaScalpConfigInput } from './config.js';

const NOW = Date.UTC(2024, 0, 1);
const E30 = NOW + 30 * MS_PER_DAY;
const E10 = NOW + 10 * MS_PER_DAY;
const PERP: Instrument = { venue: 'deribit', symbol: 'BTC-PERPETUAL', kind: 'perpetual', underlying: 'BTC', settlement: 'inverse', priceCurrency: 'USD', minSize: 10, sizeStep: 10 };

function option(expiryMs: number, strike: number, right: 'call' | 'put'): OptionInstrument {
  return {
    venue: 'deribit', symbol: `BTC-${expiryMs / MS_PER_DAY}-${strike}-${right[0]!.toUpperCase()}`, kind: 'option', underlying: 'BTC', expiryMs, strike, right,
    settlement: 'inverse', priceCurrency: 'BTC', minSize: 0.1, sizeStep: 0.1,
  };
}

const OPTIONS = [E10, E30].flatMap((e) => [95_000, 100_000, 105_000].flatMap((k) => [option(e, k, 'call'), option(e, k, 'put')]));
const CALL = option(E30, 100_000, 'call');
const PUT = option(E30, 100_000, 'put');

function optionTicker(o: OptionInstrument, ts: number, fields: Partial<TickerEvent> = {}): TickerEvent {
  const delta = o.right === 'call' ? 0.52 : -0.48;
  return ticker('deribit', o.symbol, ts, {
    priceCurrency: 'BTC', bid: 0.029, ask: 0.03, markIv: 0.5, underlying: 100_200, index: 100_000,
    greeks: { delta, gamma: 0.00002, vega: null, theta: null, rho: null }, ...fields,
  });
}

function perp(ts: number, mid = 100_000): TickerEvent {
  return ticker('deribit', 'BTC-PERPETUAL', ts, { bid: mid - 0.5, ask: mid + 0.5 });
}

async function entered(config: GammaScalpConfigInput = {}): Promise<{ s: GammaScalpStrategy; ctx: FakeContext }> {
  const s = createGammaScalpStrategy(config);
  const ctx = new FakeContext(s.name, NOW, [...OPTIONS, PERP]);
  ctx.equity = 100_000;
  await s.onStart(ctx);
  s.discoverSubscriptions(ctx.catalogs);
  await ctx.deliver(s, perp(NOW));
  for (const o of OPTIONS) await ctx.deliver(s, optionTicker(o, NOW));
  return { s, ctx };
}

describe('GammaScalp', () => {
  it('buys the ATM straddle nearest the target tenor, sized from equity', async () => {
    const { s, ctx } = await entered();
    // 5 % of 100,000 USD over a 0.06 BTC straddle at a 100,000 index = 0.83 → 0.8 contracts per leg.
    expect(ctx.orders).toEqual([
      expect.objectContaining({ clientOrderId: 'gamma-scalp-1', symbol: CALL.symbol, side: 'buy', quantity: 0.8, price: 0.03 }),
      expect.objectContaining({ clientOrderId: 'gamma-scalp-2', symbol: PUT.symbol, side: 'buy', quantity: 0.8, price: 0.03 }),
    ]);
    expect(s.state()).toMatchObject({ phase: 'holding', entryIv: 0.5 });
  });

  it('hedges with the perpetual only outside the delta band, back to delta neutral', async () => {
    const { s, ctx } = await entered({ minRebalanceIntervalMs: 0 });
    for (const o of ctx.orders) s.onFill(fillOf(o, o.quantity, 0.03, NOW), ctx);
    await ctx.deliver(s, perp(NOW + 1_000));
    // Net 0.8 × (0.52 − 0.48) = 0.032 BTC, inside ±0.08: no hedge.
    expect(ctx.orders).toHaveLength(2);
    expect(s.state().netDelta).toBeCloseTo(0.032, 10);
    await ctx.deliver(s, optionTicker(CALL, NOW + 2_000, { greeks: { delta: 0.7, gamma: null, vega: null, theta: null, rho: null } }));
    // Net 0.8 × (0.70 − 0.48) = 0.176 BTC: sell 0.176 BTC of the perpetual = 17,590 USD contracts (step 10) at the bid.
    const hedge = ctx.orders[2]!;
    expect(hedge).toMatchObject({ symbol: 'BTC-PERPETUAL', side: 'sell', quantity: 17_590, price: 99_999.5 });
    s.onFill(fillOf(hedge, 17_590, 100_000, NOW + 2_000), ctx);
    await ctx.deliver(s, perp(NOW + 3_000));
    expect(ctx.orders).toHaveLength(3);
    expect(s.state().netDelta).toBeCloseTo(0, 3);
    expect(s.state().hedges).toBe(1);
  });

  it('exits when implied vol drops: sells the options at the bid and buys back the hedge', async () => {
    const { s, ctx } = await entered({ minRebalanceIntervalMs: 0 });
    for (const o of ctx.orders) s.onFill(fillOf(o, o.quantity, 0.03, NOW), ctx);
    await ctx.deliver(s, optionTicker(CALL, NOW + 1_000, { greeks: { delta: 0.7, gamma: null, vega: null, theta: null, rho: null } }));
    s.onFill(fillOf(ctx.orders[2]!, 17_590, 100_000, NOW + 1_000), ctx);
    await ctx.deliver(s, optionTicker(CALL, NOW + 2_000, { markIv: 0.35, bid: 0.02, greeks: { delta: 0.7, gamma: null, vega: null, theta: null, rho: null } }));
    await ctx.deliver(s, optionTicker(PUT, NOW + 2_000, { markIv: 0.35, bid: 0.02 }));
    const exits = ctx.orders.slice(3);
    expect(exits).toEqual([
      expect.objectContaining({ symbol: CALL.symbol, side: 'sell', quantity: 0.8, price: 0.02, reduceOnly: true }),
      expect.objectContaining({ symbol: PUT.symbol, side: 'sell', quantity: 0.8, reduceOnly: true }),
      expect.objectContaining({ symbol: 'BTC-PERPETUAL', side: 'buy', quantity: 17_590, reduceOnly: true }),
    ]);
    expect(s.state()).toMatchObject({ phase: 'exiting' });
    expect(s.state().lastExitReason).toContain('implied vol fell');
    for (const o of exits) s.onFill(fillOf(o, o.quantity, o.price!, NOW + 2_000), ctx);
    await ctx.deliver(s, perp(NOW + 3_000));
    expect(s.state().phase).toBe('flat');
    // The re-entry cooldown holds a new entry.
    await ctx.deliver(s, optionTicker(CALL, NOW + 4_000));
    expect(ctx.orders).toHaveLength(6);
  });

  it('exits as expiry approaches', async () => {
    const { s, ctx } = await entered();
    for (const o of ctx.orders) s.onFill(fillOf(o, o.quantity, 0.03, NOW), ctx);
    const late = E30 - 1.5 * MS_PER_DAY;
    await ctx.deliver(s, optionTicker(CALL, late));
    await ctx.deliver(s, optionTicker(PUT, late));
    expect(s.state().lastExitReason).toMatch(/^expiry in 1\.50 days/);
    expect(ctx.orders.slice(2).map((o) => [o.symbol, o.side])).toEqual([[CALL.symbol, 'sell'], [PUT.symbol, 'sell']]);
  });

  it('does not enter without a portfolio unless the size is fixed, nor above maxEntryIv', async () => {
    const s = createGammaScalpStrategy();
    const ctx = new FakeContext(s.name, NOW, [...OPTIONS, PERP]);
    ctx.equity = null;
    await s.onStart(ctx);
    s.discoverSubscriptions(ctx.catalogs);
    for (const o of OPTIONS) await ctx.deliver(s, optionTicker(o, NOW));
    expect(ctx.orders).toHaveLength(0);
    const fixed = await entered({ contracts: 2 });
    expect(fixed.ctx.orders.map((o) => o.quantity)).toEqual([2, 2]);
    const rich = await entered({ maxEntryIv: 0.4 });
    expect(rich.ctx.orders).toHaveLength(0);
  });

  it('validates its config by key', () => {
    expect(() => parseGammaScalpConfig({ threshold: 0.5 })).toThrow(/"threshold": unknown key/);
    expect(() => parseGammaScalpConfig({ exitDaysBeforeExpiry: 10 })).toThrow(/exitDaysBeforeExpiry:/);
  });
});
