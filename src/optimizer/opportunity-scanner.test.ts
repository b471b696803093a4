import { describe, expect, it } from 'vitest';
import { bsPrice, normCdf } from '../pricing/index.js';
import { MS_PER_YEAR as YEAR_MS } from '../domain/time.js';
import { scanBinaryMarket, scanOpportunities, scanVanillaOption } from './opportunity-scanner.js';
import type { BinaryMarketQuote, ScannerModel, VanillaOptionQuote } from './opportunity-types.js';

const NOW = Date.UTC(2025, 0, 1);
const SPOT = 100_000;
const VOL = 0.5;

/** Flat-vol lognormal model, zero rates: P(S_T > K) = N(d2). */
const model: ScannerModel = {
  probabilityAbove: (k, t) => normCdf((Math.log(SPOT / k) - 0.5 * VOL * VOL * t) / (VOL * Math.sqrt(t))),
  callPrice: (k, t) => bsPrice({ type: 'call', spot: SPOT, strike: k, years: t, vol: VOL }),
  putPrice: (k, t) => bsPrice({ type: 'put', spot: SPOT, strike: k, years: t, vol: VOL }),
};
const EXPIRY = NOW + 0.25 * YEAR_MS;
const P_ABOVE = model.probabilityAbove(100_000, 0.25)!; // ≈ 0.4503

function market(overrides: Partial<BinaryMarketQuote> = {}): BinaryMarketQuote {
  return {
    marketId: '0xcond',
    yesTokenId: 'yes-token',
    noTokenId: 'no-token',
    description: 'BTC above 100k',
    strike: 100_000,
    expiryMs: EXPIRY,
    yes: { bids: [{ price: 0.38, size: 500 }], asks: [{ price: 0.4, size: 100 }] },
    no: { bids: [{ price: 0.58, size: 500 }], asks: [{ price: 0.62, size: 100 }] },
    tickSize: 0.01,
    minSize: 5,
    feeRate: 0,
    ...overrides,
  };
}

describe('scanBinaryMarket', () => {
  it('buys YES when the model probability beats the ask, with the documented fields', () => {
    expect(P_ABOVE).toBeCloseTo(0.4503, 4);
    const o = scanBinaryMarket(market(), model, { nowMs: NOW })!;
    expect(o.kind).toBe('binary-yes');
    expect(o.side).toBe('buy');
    expect(o.instrumentId).toBe('yes-token');
    expect(o.fairValue).toBe(P_ABOVE);
    expect(o.modelProbability).toBe(P_ABOVE);
    expect(o.marketPrice).toBe(0.4);
    expect(o.edge).toBeCloseTo(P_ABOVE - 0.4, 15);
    expect(o.edgeReturn).toBeCloseTo((P_ABOVE - 0.4) / 0.4, 15);
    expect(o.maxProfit).toBeCloseTo(0.6, 15);
    expect(o.maxLoss).toBe(0.4);
    expect(o.liquidity).toBe(100);
    expect(o.halfSpread).toBeCloseTo(0.01, 15);
    expect(o.years).toBeCloseTo(0.25, 12);
    expect(o.minSize).toBe(5);
  });

  it('subtracts the fee (rate · min(p, 1 − p)) from the edge', () => {
    // fee = 0.05 · 0.4 = 0.02 → edge 0.0303 still ≥ 0.02; at rate 0.1 the edge 0.0103 fails.
    const withFee = scanBinaryMarket(market({ feeRate: 0.05 }), model, { nowMs: NOW })!;
    expect(withFee.fee).toBeCloseTo(0.02, 15);
    expect(withFee.edge).toBeCloseTo(P_ABOVE - 0.42, 12);
    expect(withFee.maxLoss).toBeCloseTo(0.42, 15);
    expect(scanBinaryMarket(market({ feeRate: 0.1 }), model, { nowMs: NOW })).toBeNull();
  });

  it('sizes liquidity from the levels whose edge still clears the threshold', () => {
    const yes = { bids: [], asks: [{ price: 0.4, size: 100 }, { price: 0.42, size: 50 }, { price: 0.44, size: 70 }] };
    const o = scanBinaryMarket(market({ yes }), model, { nowMs: NOW })!;
    expect(o.liquidity).toBe(150);
    expect(o.averagePrice).toBeCloseTo((0.4 * 100 + 0.42 * 50) / 150, 12);
    expect(scanBinaryMarket(market({ yes }), model, { nowMs: NOW, minLiquidity: 200 })).toBeNull();
  });

  it('buys NO when YES is overpriced, and never both sides of one market', () => {
    const no = scanBinaryMarket(market({ yes: { bids: [], asks: [{ price: 0.6, size: 10 }] }, no: { bids: [], asks: [{ price: 0.45, size: 10 }] } }), model, { nowMs: NOW })!;
    expect(no.kind).toBe('binary-no');
    expect(no.fairValue).toBeCloseTo(1 - P_ABOVE, 15);
    // Both asks cheap (they sum to 0.75): each side alone has an edge, only one is proposed.
    const both = scanOpportunities({ binaries: [market({ yes: { bids: [], asks: [{ price: 0.3, size: 10 }] }, no: { bids: [], asks: [{ price: 0.45, size: 10 }] } })] }, model, { nowMs: NOW });
    expect(both).toHaveLength(1);
    expect(both[0]!.kind).toBe('binary-yes');
  });

  it('flips the probability for a "below" market', () => {
    const o = scanBinaryMarket(market({ comparison: 'below', yes: { bids: [], asks: [{ price: 0.5, size: 10 }] }, no: { bids: [], asks: [{ price: 0.6, size: 10 }] } }), model, { nowMs: NOW })!;
    expect(o.kind).toBe('binary-yes');
    expect(o.fairValue).toBeCloseTo(1 - P_ABOVE, 15);
  });

  it('applies the expiry window and the thresholds', () => {
    expect(scanBinaryMarket(market({ expiryMs: NOW - 1000 }), model, { nowMs: NOW })).toBeNull();
    expect(scanBinaryMarket(market(), model, { nowMs: NOW, maxYears: 0.2 })).toBeNull();
    expect(scanBinaryMarket(market(), model, { nowMs: NOW, minYears: 0.3 })).toBeNull();
    expect(scanBinaryMarket(market(), model, { nowMs: NOW, minEdge: 0.06 })).toBeNull();
    expect(scanBinaryMarket(market(), model, { nowMs: NOW, minEdgeReturn: 0.2 })).toBeNull();
    expect(scanBinaryMarket(market({ yes: { bids: [], asks: [{ price: 0.48, size: 10 }] }, no: { bids: [], asks: [{ price: 0.53, size: 10 }] } }), model, { nowMs: NOW })).toBeNull();
  });
});

describe('scanVanillaOption', () => {
  const fairCall = model.callPrice!(100_000, 0.25)!;
  const fairPut = model.putPrice!(90_000, 0.25)!;
  function option(overrides: Partial<VanillaOptionQuote> = {}): VanillaOptionQuote {
    return {
      instrumentId: 'BTC-28MAR25-100000-C',
      right: 'call',
      strike: 100_000,
      expiryMs: EXPIRY,
      book: { bids: [{ price: 0.7 * fairCall, size: 3 }], asks: [{ price: 0.75 * fairCall, size: 2 }] },
      feePerUnit: 30,
      feeCapFraction: 0.125,
      canSell: true,
      ...overrides,
    };
  }

  it('buys a call offered below model value, after the fee', () => {
    expect(fairCall).toBeCloseTo(9947.65, 1);
    const o = scanVanillaOption(option(), model, { nowMs: NOW })!;
    expect(o.side).toBe('buy');
    expect(o.kind).toBe('call');
    expect(o.fee).toBe(30);
    expect(o.edge).toBeCloseTo(fairCall - 0.75 * fairCall - 30, 8);
    expect(o.maxProfit).toBe(Infinity);
    expect(o.maxLoss).toBeCloseTo(0.75 * fairCall + 30, 8);
  });

  it('sells a call bid above model value only where the venue allows it', () => {
    const rich = { bids: [{ price: 1.3 * fairCall, size: 1 }], asks: [{ price: 1.4 * fairCall, size: 1 }] };
    const o = scanVanillaOption(option({ book: rich }), model, { nowMs: NOW })!;
    expect(o.side).toBe('sell');
    expect(o.edge).toBeCloseTo(0.3 * fairCall - 30, 8);
    expect(o.maxLoss).toBe(Infinity);
    expect(o.maxProfit).toBeCloseTo(1.3 * fairCall - 30, 8);
    expect(scanVanillaOption(option({ book: rich, canSell: false }), model, { nowMs: NOW })).toBeNull();
  });

  it('caps the fee at a fraction of the price and bounds a short put loss by the strike', () => {
    const cheap = option({ right: 'put', strike: 90_000, instrumentId: 'P', feePerUnit: 1e6, book: { bids: [{ price: 1.5 * fairPut, size: 1 }], asks: [] } });
    const o = scanVanillaOption(cheap, model, { nowMs: NOW })!;
    expect(o.fee).toBeCloseTo(0.125 * 1.5 * fairPut, 8);
    expect(o.maxLoss).toBeCloseTo(90_000 - 1.5 * fairPut + o.fee, 6);
  });

  it('sorts a mixed scan by edge return', () => {
    const found = scanOpportunities({ binaries: [market()], options: [option()] }, model, { nowMs: NOW });
    expect(found.map((o) => o.kind)).toEqual(['call', 'binary-yes']);
    expect(found[0]!.edgeReturn).toBeGreaterThan(found[1]!.edgeReturn);
  });
});
