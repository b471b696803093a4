/**
 * The worked example of engine-seed.md §7.1.10 as a golden test, with the fixed math:
 * two flat Deribit smiles (30 d at 50 %, 90 d at 45 %, forward = spot = 100,000), Polymarket
 * markets at 60 d (not a Deribit expiry) priced through total-variance interpolation.
 *
 * Differences from the seed, all explained:
 * - Day count ACT/365 (the seed used 365.25 days): T1 = 0.082192, T2 = 0.246575, T = 0.164384.
 *   σ is unchanged (0.463006, the weights are ratios) but σ²T is 0.035240 instead of 0.035216,
 *   so P(S > K) moves by < 5e-5: 0.571180 / 0.462610 / 0.361757 / 0.273727
 *   (seed 0.57123 / 0.46262 / 0.36174 / 0.27368).
 * - Edges are per unit after fees at the ask (probability points), not relative to the price:
 *   YES at 0.40 → +0.1712, +0.0626, −0.0382, −0.1263; NO at 0.50 → −0.0712, +0.0374, +0.1382, +0.2263.
 * - One side per market: at 100k the seed proposed both YES and NO; here only YES (larger edge).
 * - The exact 30-d expiry needs no grid: P(S > 100k) = 0.471431 analytically on ACT/365
 *   (the seed's 0.471441 is the same formula on 365.25 days).
 */
import { describe, expect, it } from 'vitest';
import type { Instrument, OptionInstrument, OutcomeInstrument } from '../../domain/instrument.js';
import type { MarketEvent } from '../../domain/market-event.js';
import { MS_PER_DAY } from '../../domain/time.js';
import { createCrossMarketStrategy } from './strategy.js';
import { FakeContext, ticker } from './fake-context.test-support.js';

const NOW = 1_704_067_200_000;
const E30 = NOW + 30 * MS_PER_DAY;
const E60 = NOW + 60 * MS_PER_DAY;
const E90 = NOW + 90 * MS_PER_DAY;

function flatSmile(expiryMs: number, iv: number): { instruments: OptionInstrument[]; events: MarketEvent[] } {
  const instruments: OptionInstrument[] = [];
  for (const strike of [70_000, 80_000, 90_000, 100_000, 110_000, 120_000, 130_000]) {
    for (const right of ['call', 'put'] as const) {
      instruments.push({
        venue: 'deribit', symbol: `BTC-${expiryMs}-${strike}-${right}`, kind: 'option', underlying: 'BTC', expiryMs, strike, right,
        settlement: 'inverse', priceCurrency: 'BTC',
      });
    }
  }
  const events = instruments.map((i) => ticker('deribit', i.symbol, NOW, { priceCurrency: 'BTC', markIv: iv, underlying: 100_000, index: 100_000 }));
  return { instruments, events };
}

function binary(strike: number): [OutcomeInstrument, OutcomeInstrument] {
  const base = {
    venue: 'polymarket', kind: 'outcome', marketId: `m${strike}`, question: `Bitcoin above $${strike.toLocaleString('en-US')} on March 1?`, underlying: 'BTC',
    comparison: 'above', strike, expiryMs: E60, priceCurrency: 'USD', tickSize: 0.01, minSize: 5,
  } as const;
  return [{ ...base, symbol: `${strike}-yes`, outcome: 'Yes' }, { ...base, symbol: `${strike}-no`, outcome: 'No' }];
}

describe('engine-seed §7.1.10 worked example', () => {
  it('prices the 60-day binaries through the interpolated surface and keeps one side per market', async () => {
    const s30 = flatSmile(E30, 0.5);
    const s90 = flatSmile(E90, 0.45);
    const strikes = [95_000, 100_000, 105_000, 110_000];
    const binaries = strikes.map(binary);
    const instruments: Instrument[] = [...s30.instruments, ...s90.instruments, ...binaries.flat()];
    const s = createCrossMarketStrategy({ scenarios: 2_000 });
    const ctx = new FakeContext(s.name, NOW, instruments);
    s.discoverSubscriptions(ctx.catalogs);
    await s.onStart(ctx);
    const books: MarketEvent[] = binaries.flatMap(([yes, no]) => [
      { kind: 'book_snapshot', venue: 'polymarket', symbol: yes.symbol, tsVenue: NOW, tsLocal: NOW, bids: [], asks: [0.4, 1_000], sequence: null },
      { kind: 'book_snapshot', venue: 'polymarket', symbol: no.symbol, tsVenue: NOW, tsLocal: NOW, bids: [], asks: [0.5, 1_000], sequence: null },
    ]);
    for (const e of [...s30.events, ...s90.events, ...books]) await ctx.deliver(s, e);
    ctx.clock.advanceTo(NOW + 10_000);
    await s.recalculate(ctx);

    const st = s.state();
    const fair = Object.fromEntries(st.opportunities.map((o) => [o.id, o.fairValue]));
    expect(Object.keys(fair).sort()).toEqual(['m100000:binary-yes:buy', 'm105000:binary-no:buy', 'm110000:binary-no:buy', 'm95000:binary-yes:buy']);
    // 10 s after NOW: the clock moved, so compare at 1e-5 (the probabilities drift by < 1e-6).
    expect(fair['m95000:binary-yes:buy']).toBeCloseTo(0.57118, 5);
    expect(fair['m100000:binary-yes:buy']).toBeCloseTo(0.46261, 5);
    expect(1 - fair['m105000:binary-no:buy']!).toBeCloseTo(0.361757, 5);
    expect(1 - fair['m110000:binary-no:buy']!).toBeCloseTo(0.273727, 5);
    // Against the seed's numbers (365.25-day year): within 5e-5.
    expect(Math.abs(fair['m95000:binary-yes:buy']! - 0.57123)).toBeLessThan(5e-5);
    expect(Math.abs(fair['m100000:binary-yes:buy']! - 0.46262)).toBeLessThan(5e-5);
    const edges = Object.fromEntries(st.opportunities.map((o) => [o.id, o.edge]));
    expect(edges['m95000:binary-yes:buy']).toBeCloseTo(0.1712, 3);
    expect(edges['m100000:binary-yes:buy']).toBeCloseTo(0.0626, 3);
    expect(edges['m105000:binary-no:buy']).toBeCloseTo(0.1382, 3);
    expect(edges['m110000:binary-no:buy']).toBeCloseTo(0.2263, 3);
    // The exact 30-day expiry: the surface's own distribution, analytic on ACT/365.
    const d30 = st.distributions.find((d) => d.expiryMs === E30)!;
    expect(d30.probabilityAbove.find((x) => x.strike === 100_000)!.p).toBeCloseTo(0.471431, 4);
    // Orders: never both tokens of one market.
    const markets = ctx.orders.map((o) => o.symbol.split('-')[0]);
    expect(new Set(markets).size).toBe(markets.length);
    expect(ctx.orders.length).toBeGreaterThan(0);
  });
});
