import { describe, it, expect } from 'vitest';
import { ArbiterError } from '../domain/errors.js';
import { bsGreeks, bsPrice, digitalPrice } from './black-scholes.js';
import type { OptionInput } from './option-input.js';

const hull: Omit<OptionInput, 'type'> = { spot: 42, strike: 40, years: 0.5, vol: 0.2, rate: 0.1 };

describe('bsPrice', () => {
  it("matches Hull's S=42, K=40, r=10 %, σ=20 %, T=0.5: call 4.7594, put 0.8086", () => {
    expect(bsPrice({ type: 'call', ...hull })).toBeCloseTo(4.7594, 4);
    expect(bsPrice({ type: 'put', ...hull })).toBeCloseTo(0.8086, 4);
  });

  it("matches Hull's index option with a dividend yield (S=930, K=900, r=8 %, q=3 %, σ=20 %, 2 months: 51.83)", () => {
    expect(bsPrice({ type: 'call', spot: 930, strike: 900, years: 2 / 12, vol: 0.2, rate: 0.08, dividend: 0.03 })).toBeCloseTo(51.83, 2);
  });

  it('matches the closed form at the money with zero rates: 2Φ(σ√T/2) − 1 times S', () => {
    // S=K=100, T=1, σ=0.2: d1 = 0.1, d2 = −0.1, C = 100·(Φ(0.1) − Φ(−0.1)) = 7.965567455405804.
    expect(bsPrice({ type: 'call', spot: 100, strike: 100, years: 1, vol: 0.2 })).toBeCloseTo(7.965567455405804, 12);
  });

  it('satisfies put–call parity C − P = S·e^{−qT} − K·e^{−rT}', () => {
    for (const strike of [50, 90, 100, 105, 150]) {
      for (const years of [1 / 8760, 0.1, 0.5, 3]) {
        const base = { spot: 100, strike, years, vol: 0.35, rate: 0.05, dividend: 0.02 };
        const parity = 100 * Math.exp(-0.02 * years) - strike * Math.exp(-0.05 * years);
        expect(bsPrice({ type: 'call', ...base }) - bsPrice({ type: 'put', ...base })).toBeCloseTo(parity, 10);
      }
    }
  });

  it('keeps the seed reference numbers', () => {
    expect(bsPrice({ type: 'call', spot: 100, strike: 105, years: 0.5, vol: 0.25, rate: 0.05 })).toBeCloseTo(5.98848, 4);
    expect(bsPrice({ type: 'put', spot: 100, strike: 105, years: 0.5, vol: 0.25, rate: 0.05 })).toBeCloseTo(8.39602, 4);
    expect(bsPrice({ type: 'call', spot: 100_000, strike: 100_000, years: 0.25, vol: 0.5 })).toBeCloseTo(9947.65, 1);
    expect(bsPrice({ type: 'put', spot: 100_000, strike: 90_000, years: 0.25, vol: 0.55 })).toBeCloseTo(6137.37, 1);
  });

  it('returns intrinsic values for expired options, not NaN', () => {
    expect(bsPrice({ type: 'call', spot: 110, strike: 100, years: 0, vol: 0.5 })).toBe(10);
    expect(bsPrice({ type: 'put', spot: 110, strike: 100, years: -0.1, vol: 0.5 })).toBe(0);
    expect(bsPrice({ type: 'put', spot: 90, strike: 100, years: 0, vol: 0 })).toBe(10);
  });

  it('gives the discounted forward intrinsic value at zero vol', () => {
    const c = bsPrice({ type: 'call', spot: 100, strike: 100, years: 1, vol: 0, rate: 0.05 });
    expect(c).toBeCloseTo(100 - 100 * Math.exp(-0.05), 12);
  });

  it('rejects invalid inputs with ARB_INPUT_INVALID', () => {
    const bad: OptionInput[] = [
      { type: 'call', spot: -1, strike: 100, years: 1, vol: 0.2 },
      { type: 'call', spot: 100, strike: 0, years: 1, vol: 0.2 },
      { type: 'call', spot: 100, strike: 100, years: NaN, vol: 0.2 },
      { type: 'call', spot: 100, strike: 100, years: 1, vol: -0.2 },
      { type: 'straddle' as 'call', spot: 100, strike: 100, years: 1, vol: 0.2 },
    ];
    for (const o of bad) {
      expect(() => bsPrice(o)).toThrow(ArbiterError);
      try {
        bsPrice(o);
      } catch (error) {
        expect((error as ArbiterError).code).toBe('ARB_INPUT_INVALID');
      }
    }
  });
});

describe('bsGreeks', () => {
  it("matches Hull's textbook greeks (S=49, K=50, r=5 %, σ=20 %, 20 weeks)", () => {
    const g = bsGreeks({ type: 'call', spot: 49, strike: 50, years: 0.3846, vol: 0.2, rate: 0.05 });
    expect(g.delta).toBeCloseTo(0.522, 3);
    expect(g.gamma).toBeCloseTo(0.066, 3);
    expect(g.vega).toBeCloseTo(12.1, 1);
    expect(g.theta).toBeCloseTo(-4.31, 2);
    expect(g.rho).toBeCloseTo(8.91, 2);
  });

  it('agrees with central finite differences of bsPrice for calls and puts', () => {
    for (const type of ['call', 'put'] as const) {
      for (const strike of [70, 100, 130]) {
        const o: OptionInput = { type, spot: 100, strike, years: 0.75, vol: 0.4, rate: 0.03, dividend: 0.01 };
        const g = bsGreeks(o);
        const h = 1e-3;
        const at = (patch: Partial<OptionInput>): number => bsPrice({ ...o, ...patch });
        expect(g.delta).toBeCloseTo((at({ spot: 100 + h }) - at({ spot: 100 - h })) / (2 * h), 7);
        expect(g.gamma).toBeCloseTo((at({ spot: 100 + 0.1 }) - 2 * at({}) + at({ spot: 100 - 0.1 })) / 0.01, 6);
        expect(g.vega).toBeCloseTo((at({ vol: 0.4 + 1e-5 }) - at({ vol: 0.4 - 1e-5 })) / 2e-5, 5);
        expect(g.theta).toBeCloseTo(-(at({ years: 0.75 + 1e-5 }) - at({ years: 0.75 - 1e-5 })) / 2e-5, 5);
        expect(g.rho).toBeCloseTo((at({ rate: 0.03 + 1e-5 }) - at({ rate: 0.03 - 1e-5 })) / 2e-5, 5);
      }
    }
  });

  it('has call delta in (0, 1) and put delta in (−1, 0) at the money, and put delta = call delta − e^{−qT}', () => {
    const base = { spot: 100, strike: 100, years: 1, vol: 0.2, dividend: 0.02 };
    const call = bsGreeks({ type: 'call', ...base });
    const put = bsGreeks({ type: 'put', ...base });
    expect(call.delta).toBeGreaterThan(0);
    expect(call.delta).toBeLessThan(1);
    expect(put.delta).toBeGreaterThan(-1);
    expect(put.delta).toBeLessThan(0);
    expect(call.delta - put.delta).toBeCloseTo(Math.exp(-0.02), 14);
    expect(call.gamma).toBeCloseTo(put.gamma, 14);
    expect(call.vega).toBeCloseTo(put.vega, 12);
  });

  it('returns finite payoff slopes for expired options', () => {
    expect(bsGreeks({ type: 'call', spot: 110, strike: 100, years: 0, vol: 0.2 })).toEqual({ delta: 1, gamma: 0, vega: 0, theta: 0, rho: 0 });
    expect(bsGreeks({ type: 'put', spot: 110, strike: 100, years: 0, vol: 0.2 }).delta).toBe(0);
    expect(bsGreeks({ type: 'put', spot: 90, strike: 100, years: 0, vol: 0.2 }).delta).toBe(-1);
  });
});

describe('digitalPrice', () => {
  it('is e^{−rT}·N(d2) for a call and e^{−rT}·N(−d2) for a put, summing to the discount factor', () => {
    // S=K=100, T=1, σ=0.2, r=0: N(−0.1) = 0.460172162722971.
    expect(digitalPrice({ type: 'call', spot: 100, strike: 100, years: 1, vol: 0.2 })).toBeCloseTo(0.460172162722971, 14);
    const base = { spot: 100, strike: 95, years: 0.3, vol: 0.6, rate: 0.04 };
    const sum = digitalPrice({ type: 'call', ...base }) + digitalPrice({ type: 'put', ...base });
    expect(sum).toBeCloseTo(Math.exp(-0.04 * 0.3), 14);
  });

  it('equals minus the strike derivative of the call price at flat vol', () => {
    const o = { type: 'call', spot: 100, years: 0.5, vol: 0.3, rate: 0.02 } as const;
    const h = 1e-3;
    const fd = -(bsPrice({ ...o, strike: 110 + h }) - bsPrice({ ...o, strike: 110 - h })) / (2 * h);
    expect(digitalPrice({ ...o, strike: 110 })).toBeCloseTo(fd, 8);
  });

  it('pays 1 / 0 / 0.5 at expiry in, out of and at the money', () => {
    expect(digitalPrice({ type: 'call', spot: 101, strike: 100, years: 0, vol: 0.2 })).toBe(1);
    expect(digitalPrice({ type: 'call', spot: 99, strike: 100, years: 0, vol: 0.2 })).toBe(0);
    expect(digitalPrice({ type: 'put', spot: 100, strike: 100, years: 0, vol: 0.2 })).toBe(0.5);
  });
});
