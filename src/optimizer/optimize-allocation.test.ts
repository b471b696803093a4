import { describe, expect, it } from 'vitest';
import { crraUtility } from './crra-utility.js';
import { optimizeAllocation } from './optimize-allocation.js';

// Reference optima from src/optimizer/reference/allocation_reference.py (scipy 1.17 L-BFGS-B / SLSQP,
// ftol 1e-15), in fractions of wealth y_j = units_j · price_j / wealth.
const SCIPY = {
  fourBinariesGamma1: { y: [0.09417114751670583, 0.14805907374596206, 0.12809339080036938, 0.06336619250769178], eu: 0.03371872345854764 },
  fourBinariesGamma2: { y: [0.049391629827066665, 0.07777949897659261, 0.06534182432529301, 0.03197210515917282], eu: 0.01697685609489291 },
  fourBinariesGamma5: { y: [0.020017603131023257, 0.03161495194624812, 0.026151996487597303, 0.012696314297946662], eu: 0.006775087596327946 },
  exposureBinding: { y: [0.15024142626938983, 0.20472052953239087, 0.24503804419821917], eu: 0.4863578384145621 },
};

/** All 2^n outcomes of independent binaries paying 1 on a win, with their probabilities. */
function enumerateBinaries(p: readonly number[]): { payoffs: number[][]; weights: number[] } {
  const payoffs: number[][] = [];
  const weights: number[] = [];
  for (let mask = 0; mask < 2 ** p.length; mask++) {
    const row = p.map((_, j) => ((mask >> j) & 1 ? 0 : 1));
    payoffs.push(row);
    weights.push(row.reduce<number>((acc, win, j) => acc * (win ? p[j]! : 1 - p[j]!), 1));
  }
  return { payoffs, weights };
}

function fractions(units: Float64Array, prices: readonly number[], wealth: number): number[] {
  return Array.from(units, (u, j) => (u * prices[j]!) / wealth);
}

/** Single binary, CRRA γ: y* = (k − 1)/(k + b), b = (1 − q)/q, k = (p·b/(1 − p))^(1/γ). */
function singleBinaryFraction(p: number, q: number, gamma: number): number {
  const b = (1 - q) / q;
  const k = ((p * b) / (1 - p)) ** (1 / gamma);
  return (k - 1) / (k + b);
}

describe('optimizeAllocation: exactness', () => {
  it('stakes the Kelly fraction (p − q)/(1 − q) on a single binary', () => {
    for (const [p, q] of [[0.6, 0.4], [0.55, 0.5], [0.3, 0.1], [0.9, 0.85]] as const) {
      const wealth = 10_000;
      const r = optimizeAllocation({ payoffs: [[1], [0]], weights: [p, 1 - p], prices: [q], wealth, riskAversion: 1 });
      expect(Math.abs((r.units[0]! * q) / wealth - (p - q) / (1 - q))).toBeLessThan(1e-8);
      expect(r.status).toBe('optimal');
    }
  });

  it('stakes nothing on a binary without edge', () => {
    const r = optimizeAllocation({ payoffs: [[1], [0]], weights: [0.4, 0.6], prices: [0.45], wealth: 1000, riskAversion: 1 });
    expect(r.units[0]).toBe(0);
    expect(r.expectedUtility).toBe(0);
    expect(r.certaintyEquivalent).toBe(1000);
  });

  it('matches the closed-form CRRA fraction of a single binary for γ = 2 and 5', () => {
    for (const gamma of [2, 5, 0.5]) {
      const [p, q] = [0.62, 0.5];
      const r = optimizeAllocation({ payoffs: [[1], [0]], weights: [p, 1 - p], prices: [q], wealth: 1, riskAversion: gamma });
      expect(Math.abs(r.units[0]! * q - singleBinaryFraction(p, q, gamma))).toBeLessThan(1e-8);
    }
  });

  it('matches the optimum of four independent binaries enumerated over all 16 outcomes', () => {
    const p = [0.55, 0.62, 0.48, 0.3];
    const q = [0.5, 0.55, 0.4, 0.25];
    const { payoffs, weights } = enumerateBinaries(p);
    for (const [gamma, ref] of [[1, SCIPY.fourBinariesGamma1], [2, SCIPY.fourBinariesGamma2], [5, SCIPY.fourBinariesGamma5]] as const) {
      const r = optimizeAllocation({ payoffs, weights, prices: q, wealth: 1000, riskAversion: gamma });
      const y = fractions(r.units, q, 1000);
      for (let j = 0; j < 4; j++) expect(Math.abs(y[j]! - ref.y[j]!)).toBeLessThan(1e-7);
      expect(Math.abs(r.expectedUtility - ref.eu)).toBeLessThan(1e-12);
    }
  });

  it('is not beaten by any nearby allocation (brute-force neighbourhood check)', () => {
    const p = [0.55, 0.62, 0.48];
    const q = [0.5, 0.55, 0.4];
    const { payoffs, weights } = enumerateBinaries(p);
    const r = optimizeAllocation({ payoffs, weights, prices: q, wealth: 1, riskAversion: 1 });
    const y = fractions(r.units, q, 1);
    const eu = (v: number[]): number =>
      payoffs.reduce((acc, row, s) => acc + weights[s]! * crraUtility(1 + row.reduce((w, pay, j) => w + v[j]! * (pay / q[j]! - 1), 0), 1), 0);
    const best = eu(y);
    const h = 1e-3;
    for (let a = -1; a <= 1; a++) for (let b = -1; b <= 1; b++) for (let c = -1; c <= 1; c++) {
      expect(eu([y[0]! + a * h, y[1]! + b * h, y[2]! + c * h])).toBeLessThanOrEqual(best + 1e-15);
    }
  });
});

describe('optimizeAllocation: constraints', () => {
  it('holds a binding per-asset cap exactly', () => {
    // Kelly would stake (0.9 − 0.5)/0.5 = 80 % of wealth; the cap is 25 %.
    const r = optimizeAllocation({ payoffs: [[1], [0]], weights: [0.9, 0.1], prices: [0.5], wealth: 2000, riskAversion: 1, maxFractionPerAsset: 0.25 });
    expect(r.units[0]! * 0.5).toBe(500);
  });

  it('spends the whole budget exactly when that is optimal (complete market priced below 1: y = p)', () => {
    const wealth = 5000;
    const prices = [0.4, 0.25, 0.15];
    const r = optimizeAllocation({ payoffs: [[1, 0, 0], [0, 1, 0], [0, 0, 1]], weights: [0.5, 0.3, 0.2], prices, wealth, riskAversion: 1 });
    expect(Math.abs(r.budgetUsed - 1)).toBeLessThan(1e-12);
    const y = fractions(r.units, prices, wealth);
    [0.5, 0.3, 0.2].forEach((p, j) => expect(Math.abs(y[j]! - p)).toBeLessThan(1e-8));
    expect(r.probabilityOfLoss).toBe(0);
  });

  it('holds a binding gross exposure cap exactly and matches the constrained optimum', () => {
    const p = [0.8, 0.75, 0.7];
    const q = [0.4, 0.35, 0.3];
    const { payoffs, weights } = enumerateBinaries(p);
    const r = optimizeAllocation({ payoffs, weights, prices: q, wealth: 1000, riskAversion: 1, maxExposure: 0.6 });
    expect(Math.abs(r.exposureUsed - 0.6)).toBeLessThan(1e-12);
    const y = fractions(r.units, q, 1000);
    for (let j = 0; j < 3; j++) expect(Math.abs(y[j]! - SCIPY.exposureBinding.y[j]!)).toBeLessThan(1e-7);
    expect(Math.abs(r.expectedUtility - SCIPY.exposureBinding.eu)).toBeLessThan(1e-11);
  });

  it('caps units by maxUnits (e.g. the size offered in the book)', () => {
    const r = optimizeAllocation({ payoffs: [[1], [0]], weights: [0.6, 0.4], prices: [0.4], wealth: 10_000, riskAversion: 1, maxUnits: [100] });
    expect(r.units[0]).toBe(100);
  });

  it('shorts an overpriced binary by the closed-form fraction (q − p)/(1 − q) when allowed', () => {
    const [p, q] = [0.4, 0.6];
    const r = optimizeAllocation({ payoffs: [[1], [0]], weights: [p, 1 - p], prices: [q], wealth: 1, riskAversion: 1, allowShort: true });
    expect(Math.abs(r.units[0]! * q + (q - p) / (1 - q))).toBeLessThan(1e-8);
    const longOnly = optimizeAllocation({ payoffs: [[1], [0]], weights: [p, 1 - p], prices: [q], wealth: 1, riskAversion: 1 });
    expect(longOnly.units[0]).toBe(0);
  });
});

describe('optimizeAllocation: rounding, positions, statistics', () => {
  const p = [0.55, 0.62, 0.48, 0.3];
  const q = [0.5, 0.55, 0.4, 0.25];
  const { payoffs, weights } = enumerateBinaries(p);

  it('rounds trades to the 5-share minimum and whole shares, close to the continuous optimum', () => {
    const wealth = 60; // continuous stakes are a few shares each
    const r = optimizeAllocation({ payoffs, weights, prices: q, wealth, riskAversion: 1, minUnits: 5, unitStep: 1 });
    for (const t of r.trades) expect(t === 0 || (t >= 5 && Number.isInteger(t))).toBe(true);
    expect(r.budgetUsed).toBeLessThanOrEqual(1);
    // No other rounding of the four assets (each 0, floor or ceil with the minimum) does better.
    const options = Array.from(r.continuousUnits, (x) => [...new Set([0, Math.max(5, Math.floor(x)), Math.max(5, Math.ceil(x))])]);
    const eu = (units: number[]): number =>
      payoffs.reduce((acc, row, s) => acc + weights[s]! * crraUtility(1 + row.reduce((w, pay, j) => w + (units[j]! * (pay - q[j]!)) / wealth, 0), 1), 0);
    let best = -Infinity;
    const pick = (j: number, chosen: number[]): void => {
      if (j === 4) {
        best = Math.max(best, eu(chosen));
        return;
      }
      for (const v of options[j]!) pick(j + 1, [...chosen, v]);
    };
    pick(0, []);
    expect(r.expectedUtility).toBeGreaterThanOrEqual(best - 1e-15);
    expect(r.certaintyEquivalent).toBeGreaterThan(r.continuousCertaintyEquivalent - 0.05);
    expect(r.certaintyEquivalent).toBeLessThanOrEqual(r.continuousCertaintyEquivalent + 1e-9);
  });

  it('returns the trade from existing positions to the target', () => {
    const base = optimizeAllocation({ payoffs, weights, prices: q, wealth: 1000, riskAversion: 1 });
    const positions = [100, 0, 50, 400];
    const r = optimizeAllocation({ payoffs, weights, prices: q, wealth: 1000, riskAversion: 1, positions });
    for (let j = 0; j < 4; j++) {
      expect(Math.abs(r.units[j]! - base.units[j]!)).toBeLessThan(1e-6);
      expect(r.trades[j]).toBeCloseTo(r.units[j]! - positions[j]!, 12);
    }
    // With a 5-share minimum a small rebalance is either skipped or done in whole shares ≥ 5.
    const near = Array.from(base.units, (u) => Math.round(u) + 2);
    const rounded = optimizeAllocation({ payoffs, weights, prices: q, wealth: 1000, riskAversion: 1, positions: near, minUnits: 5, unitStep: 1 });
    for (const t of rounded.trades) expect(t === 0 || (Math.abs(t) >= 5 && Number.isInteger(t))).toBe(true);
  });

  it('reports finite statistics that agree with the scenarios', () => {
    const r = optimizeAllocation({ payoffs: [[1], [0]], weights: [0.6, 0.4], prices: [0.4], wealth: 100, riskAversion: 1 });
    const y = 1 / 3; // (0.6 − 0.4)/0.6
    const win = 1 + y * 1.5;
    const lose = 1 - y;
    expect(r.expectedReturn).toBeCloseTo(0.6 * win + 0.4 * lose - 1, 10);
    expect(r.probabilityOfLoss).toBeCloseTo(0.4, 12);
    expect(r.cvar5).toBeCloseTo(y, 8);
    expect(r.standardDeviation).toBeCloseTo(Math.sqrt(0.24) * (win - lose), 8);
    expect(r.certaintyEquivalent).toBeCloseTo(100 * Math.exp(0.6 * Math.log(win) + 0.4 * Math.log(lose)), 8);
    expect(r.sharpe).toBeCloseTo(r.expectedReturn / r.standardDeviation, 12);
  });

  it('keeps every scenario solvent when one scenario can wipe a stake out', () => {
    // A long call-like payoff with a total-loss scenario of small probability: log utility never bets it all.
    const r = optimizeAllocation({ payoffs: [[0], [3], [1.2]], weights: [0.05, 0.5, 0.45], prices: [1], wealth: 1, riskAversion: 1 });
    expect(r.units[0]!).toBeGreaterThan(0);
    expect(r.units[0]!).toBeLessThan(1);
    expect(Number.isFinite(r.expectedUtility)).toBe(true);
  });

  it('trades nothing and reports zeros, not NaN, when wealth is not positive', () => {
    for (const wealth of [0, -50]) {
      const r = optimizeAllocation({ payoffs, weights, prices: q, wealth, riskAversion: 1, positions: [1, 2, 3, 4] });
      expect(r.status).toBe('no-wealth');
      expect(Array.from(r.trades)).toEqual([0, 0, 0, 0]);
      for (const v of [r.expectedUtility, r.expectedReturn, r.sharpe, r.cvar5, r.certaintyEquivalent]) expect(Number.isFinite(v)).toBe(true);
    }
  });

  it('rejects NaN, non-positive prices and mismatched shapes', () => {
    expect(() => optimizeAllocation({ payoffs: [[1], [0]], prices: [0], wealth: 1, riskAversion: 1 })).toThrow(/price 0/);
    expect(() => optimizeAllocation({ payoffs: [[1], [Number.NaN]], prices: [0.5], wealth: 1, riskAversion: 1 })).toThrow(/not finite/);
    expect(() => optimizeAllocation({ payoffs: [[1, 0]], prices: [0.5], wealth: 1, riskAversion: 1 })).toThrow(/row 0/);
    expect(() => optimizeAllocation({ payoffs: [[1], [0]], prices: [0.5], weights: [1], wealth: 1, riskAversion: 1 })).toThrow(/weights/);
  });
});
