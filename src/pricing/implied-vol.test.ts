import { describe, it, expect } from 'vitest';
import { bsGreeks, bsPrice } from './black-scholes.js';
import { black76Price } from './black76.js';
import { impliedVol, impliedVolBlack76 } from './implied-vol.js';
import type { OptionType } from './option-input.js';

const HOUR = 1 / 8760;

describe('impliedVol', () => {
  it("recovers Hull's 20 % from the textbook call and put prices", () => {
    const base = { spot: 42, strike: 40, years: 0.5, rate: 0.1 };
    const call = bsPrice({ type: 'call', vol: 0.2, ...base });
    const put = bsPrice({ type: 'put', vol: 0.2, ...base });
    expect(impliedVol({ type: 'call', price: call, ...base })).toBeCloseTo(0.2, 13);
    expect(impliedVol({ type: 'put', price: put, ...base })).toBeCloseTo(0.2, 13);
  });

  it('round-trips to 1e-10 in vol across moneyness, maturities from an hour to 5 years, and vols 1–500 %', () => {
    let checked = 0;
    for (const type of ['call', 'put'] as OptionType[]) {
      for (const years of [HOUR, 6 * HOUR, 1 / 365, 7 / 365, 0.25, 1, 5]) {
        for (const vol of [0.01, 0.1, 0.5, 1, 2, 5]) {
          for (const m of [-4, -2, -1, -0.5, -0.2, 0, 0.2, 0.5, 1, 2, 4]) {
            // Strikes at m standard deviations from the forward.
            const strike = 100 * Math.exp(m * vol * Math.sqrt(years));
            const o = { type, spot: 100, strike, years, rate: 0.03, dividend: 0.01 };
            const price = bsPrice({ ...o, vol });
            const { vega } = bsGreeks({ ...o, vol });
            // A price carries ~1e-16 relative error; skip quotes whose vol that cannot pin to 1e-10.
            if (!(price > 0) || (4e-16 * Math.max(price, 100)) / vega > 1e-11) continue;
            const iv = impliedVol({ ...o, price });
            expect(iv, `${type} T=${years} σ=${vol} m=${m}`).not.toBeNull();
            expect(Math.abs(iv! - vol), `${type} T=${years} σ=${vol} m=${m}`).toBeLessThan(1e-10);
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(500);
  });

  it('solves deep out-of-the-money wings whose prices are tiny but well defined', () => {
    const o = { type: 'call' as const, spot: 100, strike: 400, years: 0.1, rate: 0 };
    const price = bsPrice({ ...o, vol: 0.8 });
    expect(price).toBeLessThan(1e-6);
    expect(impliedVol({ ...o, price })).toBeCloseTo(0.8, 12);
  });

  it('returns null outside the no-arbitrage bounds and 0 at intrinsic value', () => {
    const o = { spot: 100, strike: 90, years: 0.5, rate: 0.05 };
    const lower = 100 - 90 * Math.exp(-0.05 * 0.5);
    expect(impliedVol({ type: 'call', price: lower - 1e-6, ...o })).toBeNull();
    expect(impliedVol({ type: 'call', price: 100, ...o })).toBeNull();
    expect(impliedVol({ type: 'call', price: 120, ...o })).toBeNull();
    expect(impliedVol({ type: 'put', price: 90, ...o })).toBeNull();
    expect(impliedVol({ type: 'put', price: -0.01, ...o })).toBeNull();
    expect(impliedVol({ type: 'put', price: 0, ...o })).toBe(0);
    expect(impliedVol({ type: 'call', price: 5, ...o, years: 0 })).toBeNull();
  });

  it('throws ARB_INPUT_INVALID on a non-finite price or a bad spot', () => {
    expect(() => impliedVol({ type: 'call', price: NaN, spot: 100, strike: 100, years: 1 })).toThrow(/price/);
    expect(() => impliedVol({ type: 'call', price: 1, spot: 0, strike: 100, years: 1 })).toThrow(/spot/);
  });
});

describe('impliedVolBlack76', () => {
  it('inverts black76Price on a forward, e.g. a Deribit option on its expiry forward', () => {
    for (const strike of [85_000, 95_000, 100_000, 120_000]) {
      for (const type of ['call', 'put'] as OptionType[]) {
        const o = { type, forward: 101_000, strike, years: 3 / 365 };
        const price = black76Price({ ...o, vol: 0.65 });
        expect(impliedVolBlack76({ ...o, price })).toBeCloseTo(0.65, 10);
      }
    }
  });
});
