import { describe, expect, it } from 'vitest';
import { normPpf } from '../pricing/index.js';
import { generateScenarios, type MarginalDistribution } from './scenarios.js';

/** Driftless lognormal: S_T = S0·exp(−σ²T/2 + σ√T·Z). */
function lognormal(spot: number, vol: number): MarginalDistribution {
  return { ppf: (u, years) => spot * Math.exp(-0.5 * vol * vol * years + vol * Math.sqrt(years) * normPpf(u)) };
}

function column(prices: Float64Array, k: number, i: number): Float64Array {
  return Float64Array.from({ length: prices.length / k }, (_, s) => prices[s * k + i]!);
}

function correlation(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  let ma = 0, mb = 0;
  for (let i = 0; i < n; i++) { ma += a[i]! / n; mb += b[i]! / n; }
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) { sab += (a[i]! - ma) * (b[i]! - mb); saa += (a[i]! - ma) ** 2; sbb += (b[i]! - mb) ** 2; }
  return sab / Math.sqrt(saa * sbb);
}

describe('generateScenarios', () => {
  const dist = lognormal(100_000, 0.6);

  it('reproduces each marginal: median and mean of a lognormal', () => {
    const set = generateScenarios({ expiriesYears: [0.1, 0.5], count: 8192, distribution: dist, seed: 1 });
    for (let i = 0; i < 2; i++) {
      const col = column(set.prices, 2, i);
      const mean = col.reduce((a, b) => a + b, 0) / col.length;
      expect(Math.abs(mean / 100_000 - 1)).toBeLessThan(2e-3);
      const median = 100_000 * Math.exp(-0.18 * [0.1, 0.5][i]!);
      const below = col.filter((p) => p <= median).length / col.length;
      expect(Math.abs(below - 0.5)).toBeLessThan(2e-3);
    }
  });

  it('follows one Brownian path: log prices correlate as √(T1/T2) and increments are independent', () => {
    const years = [0.1, 0.4];
    const set = generateScenarios({ expiriesYears: years, count: 8192, distribution: dist, seed: 2 });
    const x1 = column(set.prices, 2, 0).map(Math.log);
    const x2 = column(set.prices, 2, 1).map(Math.log);
    expect(Math.abs(correlation(x1, x2) - Math.sqrt(0.1 / 0.4))).toBeLessThan(0.01);
    const increment = x2.map((v, s) => v - x1[s]!);
    expect(Math.abs(correlation(x1, increment))).toBeLessThan(0.01);
  });

  it('keeps columns in the caller order and handles more than 21 expiries without lockstep', () => {
    const years = Array.from({ length: 30 }, (_, i) => (30 - i) / 365);
    const set = generateScenarios({ expiriesYears: years, count: 4096, distribution: dist, seed: 3 });
    // Column 0 is the longest expiry; its spread is the widest.
    const sd = (c: Float64Array): number => Math.sqrt(c.reduce((a, b) => a + Math.log(b) ** 2, 0) / c.length - (c.reduce((a, b) => a + Math.log(b), 0) / c.length) ** 2);
    expect(sd(column(set.prices, 30, 0))).toBeGreaterThan(sd(column(set.prices, 30, 29)));
    // Neighbours past the 21st are correlated but not identical: corr(T=2d, T=1d) ≈ √(1/2).
    const c = correlation(column(set.prices, 30, 28).map(Math.log), column(set.prices, 30, 29).map(Math.log));
    expect(Math.abs(c - Math.sqrt(0.5))).toBeLessThan(0.03);
  });

  it('is reproducible for a seed and differs between seeds and samplers', () => {
    const a = generateScenarios({ expiriesYears: [0.2], count: 16, distribution: dist, seed: 5 });
    const b = generateScenarios({ expiriesYears: [0.2], count: 16, distribution: dist, seed: 5 });
    const c = generateScenarios({ expiriesYears: [0.2], count: 16, distribution: dist, seed: 6 });
    const r = generateScenarios({ expiriesYears: [0.2], count: 16, distribution: dist, seed: 5, sampler: 'random' });
    expect(Array.from(a.prices)).toEqual(Array.from(b.prices));
    expect(Array.from(a.prices)).not.toEqual(Array.from(c.prices));
    expect(Array.from(a.prices)).not.toEqual(Array.from(r.prices));
  });

  it('uses the variance clock for the driver while the marginal sees calendar years', () => {
    const seen: number[] = [];
    const spy: MarginalDistribution = { ppf: (u, years) => { seen.push(years); return u; } };
    const set = generateScenarios({ expiriesYears: [0.1, 0.2], varianceTimes: [0.05, 0.2], count: 1, distribution: spy });
    expect(seen).toEqual([0.1, 0.2]);
    expect(set.prices.every((u) => u > 0 && u < 1)).toBe(true);
  });

  it('rejects non-positive times, bad counts and a decreasing variance clock', () => {
    expect(() => generateScenarios({ expiriesYears: [0], count: 1, distribution: dist })).toThrow(/positive/);
    expect(() => generateScenarios({ expiriesYears: [0.1], count: 0, distribution: dist })).toThrow(/count/);
    expect(() => generateScenarios({ expiriesYears: [0.1, 0.2], varianceTimes: [0.3, 0.2], count: 1, distribution: dist })).toThrow(/decrease/);
  });
});
