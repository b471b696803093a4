import { describe, expect, it } from 'vitest';
import { performanceStats } from './performance-stats.js';
import { runResearchBacktest } from './research-backtest.js';
import { generalizedSymmetricEigen, ols, symmetricEigen } from './linear-algebra.js';

describe('performanceStats', () => {
  it('annualises growth, volatility and Sharpe by the stated bar frequency', () => {
    // Alternating +2% / −1% per bar: closed-form mean, sample std.
    const eq = [100];
    for (let i = 0; i < 364; i++) eq.push(eq[i]! * (i % 2 === 0 ? 1.02 : 0.99));
    const r = eq.slice(1).map((e, i) => e / eq[i]! - 1);
    const mean = r.reduce((a, b) => a + b) / r.length;
    const sd = Math.sqrt(r.reduce((a, b) => a + (b - mean) ** 2, 0) / (r.length - 1));
    const crypto = performanceStats(eq, { periodsPerYear: 365 });
    const market = performanceStats(eq, { periodsPerYear: 252 });
    expect(crypto.sharpe).toBeCloseTo((mean / sd) * Math.sqrt(365), 10);
    expect(crypto.sharpe / market.sharpe).toBeCloseTo(Math.sqrt(365 / 252), 12);
    expect(crypto.volatility).toBeCloseTo(sd * Math.sqrt(365), 12);
    expect(crypto.annualizedReturn).toBeCloseTo((eq[364]! / 100) ** (365 / 364) - 1, 10); // 364 returns at 365 per year
    expect(crypto.hitRate).toBeCloseTo(182 / 364, 12);
  });

  it('finds the largest drawdown with its dates and recovery, and Calmar', () => {
    const eq = [100, 120, 90, 110, 60, 125, 130];
    const s = performanceStats(eq, { periodsPerYear: 252, timestamps: eq.map((_, i) => 1_000 * i) });
    expect(s.maxDrawdown).toBeCloseTo(0.5, 12);
    expect([s.maxDrawdownPeakIndex, s.maxDrawdownTroughIndex, s.maxDrawdownRecoveryIndex]).toEqual([1, 4, 5]);
    expect([s.maxDrawdownPeakTime, s.maxDrawdownTroughTime, s.maxDrawdownRecoveryTime]).toEqual([1000, 4000, 5000]);
    expect(s.calmar).toBeCloseTo(s.annualizedReturn / 0.5, 12);
  });

  it('Sortino uses downside deviation over all bars', () => {
    const eq = [100, 110, 99, 108.9];
    const r = [0.1, -0.1, 0.1];
    const s = performanceStats(eq, { periodsPerYear: 1 });
    expect(s.sortino).toBeCloseTo((r.reduce((a, b) => a + b) / 3) / Math.sqrt(0.01 / 3), 10);
  });

  it('rejects bad input with a named reason', () => {
    expect(() => performanceStats([100], { periodsPerYear: 365 })).toThrow(/at least 2/);
    expect(() => performanceStats([100, -1], { periodsPerYear: 365 })).toThrow(/positive/);
    expect(() => performanceStats([100, 101], { periodsPerYear: 0 })).toThrow(/periodsPerYear/);
  });
});

describe('runResearchBacktest', () => {
  const flat = new Float64Array(50).fill(100);
  const up = Float64Array.from({ length: 50 }, (_, i) => 100 * 1.01 ** i);
  const down = Float64Array.from({ length: 50 }, (_, i) => 100 / 1.01 ** i);

  it('conserves value with zero costs and constant prices, and fees reduce it monotonically', () => {
    const flip = (fee: number): number => runResearchBacktest({ prices: [flat], initialCash: 1000, periodsPerYear: 365, feeRate: fee, target: (v) => [v.t % 2 === 0 ? 5 : -5] }).equity[49]!;
    expect(flip(0)).toBeCloseTo(1000, 9);
    expect(flip(0.001)).toBeLessThan(flip(0));
    expect(flip(0.002)).toBeLessThan(flip(0.001));
  });

  it('a short on the falling path earns what a long earns on the rising mirror (in price moves)', () => {
    const long = runResearchBacktest({ prices: [up], initialCash: 1e6, periodsPerYear: 365, target: (v) => (v.t === 0 ? [1] : null) });
    const short = runResearchBacktest({ prices: [Float64Array.from(up, (p) => 200 - p)], initialCash: 1e6, periodsPerYear: 365, target: (v) => (v.t === 0 ? [-1] : null) });
    expect(long.equity[49]! - 1e6).toBeCloseTo(short.equity[49]! - 1e6, 9);
    expect(long.exposure).toBe(1);
    expect(long.trades).toBe(1);
    expect(long.tradeHitRate).toBe(1);
  });

  it('charges slippage against the trade and reports it', () => {
    const r = runResearchBacktest({ prices: [flat], initialCash: 1000, periodsPerYear: 365, slippageBps: 10, target: (v) => (v.t === 0 ? [1] : v.t === 1 ? [0] : null) });
    expect(r.slippagePaid).toBeCloseTo(0.2, 12);
    expect(r.equity[49]).toBeCloseTo(999.8, 12);
  });

  it('refuses look-ahead: a strategy asking for the next bar throws', () => {
    expect(() => runResearchBacktest({ prices: [down], initialCash: 1000, periodsPerYear: 365, target: (v) => [v.price(0, v.t + 1) > v.price(0, v.t) ? 1 : 0] })).toThrow(/look-ahead/);
  });
});

describe('linear algebra', () => {
  it('OLS recovers exact coefficients and Jacobi diagonalises a known matrix', () => {
    const x = new Float64Array([1, 0, 1, 1, 1, 2, 1, 3]);
    expect(Array.from(ols(x, 4, 2, [1, 3, 5, 7]).beta).map((v) => +v.toFixed(12))).toEqual([1, 2]);
    const e = symmetricEigen(new Float64Array([2, 1, 1, 2]), 2);
    expect(e.values[0]).toBeCloseTo(3, 14);
    expect(e.values[1]).toBeCloseTo(1, 14);
    const g = generalizedSymmetricEigen(new Float64Array([2, 0, 0, 3]), new Float64Array([1, 0, 0, 2]), 2);
    expect(Array.from(g.values)).toEqual([expect.closeTo(2, 14), expect.closeTo(1.5, 14)]);
  });
});
