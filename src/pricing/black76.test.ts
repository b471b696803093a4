import { describe, it, expect } from 'vitest';
import { bsPrice } from './black-scholes.js';
import { black76Greeks, black76Price, type Black76Input } from './black76.js';
import { inverseOptionDelta, inverseOptionPrice, inverseToUsd, usdToInverse } from './inverse-option.js';

describe('black76Price', () => {
  it("matches Hull's futures option (F=20, K=20, r=9 %, σ=25 %, 4 months: put 1.12)", () => {
    expect(black76Price({ type: 'put', forward: 20, strike: 20, years: 4 / 12, vol: 0.25, rate: 0.09 })).toBeCloseTo(1.1166, 4);
  });

  it('equals Black–Scholes on the spot when the forward is S·e^{(r−q)T}', () => {
    const spot = { spot: 100, strike: 120, years: 0.8, vol: 0.45, rate: 0.04, dividend: 0.01 };
    const forward = 100 * Math.exp(0.03 * 0.8);
    for (const type of ['call', 'put'] as const) {
      expect(black76Price({ type, forward, strike: 120, years: 0.8, vol: 0.45, rate: 0.04 })).toBeCloseTo(bsPrice({ type, ...spot }), 12);
    }
  });

  it('satisfies parity C − P = e^{−rT}(F − K) and returns intrinsic at expiry', () => {
    const base = { forward: 105, strike: 100, years: 0.25, vol: 0.5, rate: 0.03 };
    const diff = black76Price({ type: 'call', ...base }) - black76Price({ type: 'put', ...base });
    expect(diff).toBeCloseTo(Math.exp(-0.03 * 0.25) * 5, 12);
    expect(black76Price({ type: 'call', ...base, years: 0 })).toBe(5);
  });
});

describe('black76Greeks', () => {
  it('agrees with finite differences in forward, vol, time and rate', () => {
    for (const type of ['call', 'put'] as const) {
      const o: Black76Input = { type, forward: 100, strike: 90, years: 0.5, vol: 0.3, rate: 0.05 };
      const at = (patch: Partial<Black76Input>): number => black76Price({ ...o, ...patch });
      const g = black76Greeks(o);
      expect(g.delta).toBeCloseTo((at({ forward: 100.001 }) - at({ forward: 99.999 })) / 0.002, 7);
      expect(g.gamma).toBeCloseTo((at({ forward: 100.1 }) - 2 * at({}) + at({ forward: 99.9 })) / 0.01, 6);
      expect(g.vega).toBeCloseTo((at({ vol: 0.30001 }) - at({ vol: 0.29999 })) / 2e-5, 5);
      expect(g.theta).toBeCloseTo(-(at({ years: 0.50001 }) - at({ years: 0.49999 })) / 2e-5, 5);
      expect(g.rho).toBeCloseTo((at({ rate: 0.05001 }) - at({ rate: 0.04999 })) / 2e-5, 5);
    }
  });
});

describe('inverse options', () => {
  it('quotes the BTC premium as the USD Black-76 value divided by the index price', () => {
    const o = { type: 'call', forward: 101_000, strike: 110_000, years: 30 / 365, vol: 0.55, indexPrice: 100_000 } as const;
    const usd = black76Price(o);
    expect(inverseOptionPrice(o)).toBeCloseTo(usd / 100_000, 15);
    expect(inverseToUsd(inverseOptionPrice(o), 100_000)).toBeCloseTo(usd, 9);
    expect(usdToInverse(usd, 100_000)).toBeCloseTo(inverseOptionPrice(o), 15);
  });

  it('pays max(S − K, 0)/S in BTC at expiry', () => {
    const o = { type: 'call', forward: 125_000, strike: 100_000, years: 0, vol: 0.5, indexPrice: 125_000 } as const;
    expect(inverseOptionPrice(o)).toBeCloseTo(0.2, 15);
  });

  it('has a BTC delta equal to the Black delta minus the BTC premium', () => {
    const o = { type: 'put', forward: 100_000, strike: 95_000, years: 0.1, vol: 0.6, indexPrice: 100_000 } as const;
    expect(inverseOptionDelta(o)).toBeCloseTo(black76Greeks(o).delta - inverseOptionPrice(o), 15);
    expect(inverseOptionDelta(o)).toBeLessThan(black76Greeks(o).delta);
  });
});
