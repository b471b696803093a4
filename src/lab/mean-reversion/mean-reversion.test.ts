import { describe, expect, it } from 'vitest';
import { fitOU } from '../stat-arb/fit-ou.js';
import { basketBacktest } from './basket-backtest.js';
import { boxTiaoDense, fitVar1, greedySparseBoxTiao, predictability } from './box-tiao.js';
import { caraWeights, ouCaraPosition } from './cara-sizing.js';
import { syntheticBasket } from './synthetic-basket.js';

describe('CARA sizing', () => {
  const mu = [0.1, 0.08, 0.12];
  const sigma = [0.04, 0.01, 0.02, 0.01, 0.03, 0.015, 0.02, 0.015, 0.05];

  it('without costs is Σ⁻¹μ/γ (lab-seed §13.8: w ≈ [0.719, 0.750, 0.688] at γ = 2)', () => {
    const w = caraWeights({ mu, sigma, gamma: 2 });
    // Exact: Σ⁻¹μ/γ = [0.71875, 0.75, 0.6875] (numpy.linalg.solve agrees).
    expect(Array.from(w)).toEqual([expect.closeTo(0.71875, 12), expect.closeTo(0.75, 12), expect.closeTo(0.6875, 12)]);
  });

  it('with costs solves the L1-proximal problem: KKT holds and a large cost keeps the old weights', () => {
    const prev = [0.2, 0.9, 0.5];
    const c = 0.01;
    const w = caraWeights({ mu, sigma, gamma: 2, cost: c, previous: prev });
    for (let i = 0; i < 3; i++) {
      let g = mu[i]!;
      for (let j = 0; j < 3; j++) g -= 2 * sigma[i * 3 + j]! * w[j]!;
      if (Math.abs(w[i]! - prev[i]!) > 1e-12) expect(g).toBeCloseTo(c * Math.sign(w[i]! - prev[i]!), 10);
      else expect(Math.abs(g)).toBeLessThanOrEqual(c + 1e-10);
    }
    expect(Array.from(caraWeights({ mu, sigma, gamma: 2, cost: 10, previous: prev }))).toEqual(prev);
  });

  it('the OU position is E[ΔX]/(γ Var[ΔX]) with zero cost and points toward the mean', () => {
    const p = { x: 1, theta: 0.3, mu: 0, sigma: 0.5, dt: 2, gamma: 3 };
    const d = Math.exp(-0.6);
    expect(ouCaraPosition(p)).toBeCloseTo((-1 * (1 - d)) / (3 * ((0.25 * (1 - d * d)) / 0.6)), 12);
  });
});

describe("d'Aspremont Box–Tiao search", () => {
  const { prices, loadings } = syntheticBasket({ bars: 3000, assets: 6, seed: 21 });
  const fit = fitVar1(prices, 3000, 6);

  it('greedy search with cardinality 2 picks the planted fast-reverting pair with the hedged weights', () => {
    const s = greedySparseBoxTiao(fit, 2);
    expect(s.support).toEqual([0, 1]);
    expect(s.weights[1]! / s.weights[0]!).toBeCloseTo(-loadings[0]! / loadings[1]!, 1);
    expect(s.predictability).toBeCloseTo(predictability(fit, s.weights), 10);
  });

  it('the dense solution is at least as unpredictable as any sparse one, and the sparse basket is an OU', () => {
    const dense = boxTiaoDense(fit);
    const sparse = greedySparseBoxTiao(fit, 3);
    expect(dense.predictability).toBeLessThanOrEqual(sparse.predictability + 1e-12);
    const v = Float64Array.from({ length: 3000 }, (_, t) => sparse.weights.reduce((s, w, i) => s + w * prices[t * 6 + i]!, 0));
    expect(fitOU(v, 1).halfLife).toBeLessThan(10);
  });

  it('the basket trades profitably out of sample with both sizings', () => {
    const insample = greedySparseBoxTiao(fitVar1(prices.subarray(0, 1500 * 6), 1500, 6), 2);
    const v = Float64Array.from({ length: 1500 }, (_, t) => insample.weights.reduce((s, w, i) => s + w * prices[t * 6 + i]!, 0));
    const ou = fitOU(v, 1);
    const base = { prices, assets: 6, weights: insample.weights, ou, startBar: 1500, periodsPerYear: 365, feeRate: 0.0002 };
    expect(basketBacktest({ ...base, mode: 'cara' }).stats.totalReturn).toBeGreaterThan(0);
    expect(basketBacktest({ ...base, mode: 'bertram' }).stats.totalReturn).toBeGreaterThan(0);
  });
});
