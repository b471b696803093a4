import { describe, expect, it } from 'vitest';
import { minimizeLbfgsb, type ObjectiveWithGradient } from './lbfgsb.js';
import { optimizeAllocation } from './optimize-allocation.js';
import { prepareScenarios } from './scenario-matrix.js';
import { SeededRandom } from './seeded-random.js';
import { solveAllocation } from './solve-allocation.js';

/** Independent binaries with small edges, most of them capped or unattractive: the bench's shape, smaller. */
function binaries(assets: number, scenarios: number, seed: number): { payoffs: Float64Array; prices: Float64Array } {
  const rng = new SeededRandom(seed);
  const prices = new Float64Array(assets).map(() => Math.round((0.2 + 0.6 * rng.nextFloat()) * 100) / 100);
  const win = prices.map((q) => q - 0.02 + 0.06 * rng.nextFloat());
  const payoffs = new Float64Array(scenarios * assets);
  for (let s = 0; s < scenarios; s++) for (let j = 0; j < assets; j++) payoffs[s * assets + j] = rng.nextFloat() < win[j]! ? 1 : 0;
  return { payoffs, prices };
}

/** −E[log w] and its full gradient straight from the row-major matrix, no caching, no partial gradients. */
function plainObjective(payoffs: Float64Array, prices: Float64Array): ObjectiveWithGradient {
  const n = prices.length;
  const scenarios = payoffs.length / n;
  return (y, g) => {
    g.fill(0);
    let f = 0;
    for (let s = 0; s < scenarios; s++) {
      let w = 1;
      for (let j = 0; j < n; j++) w += y[j]! * (payoffs[s * n + j]! / prices[j]! - 1);
      if (!(w > 0)) return Infinity;
      f -= Math.log(w) / scenarios;
      for (let j = 0; j < n; j++) g[j]! -= (payoffs[s * n + j]! / prices[j]! - 1) / w / scenarios;
    }
    return f;
  };
}

describe('solveAllocation', () => {
  it('reaches the optimum of a plain full-gradient L-BFGS-B run when most assets sit on a bound', () => {
    const n = 24;
    const cap = 0.02;
    const { payoffs, prices } = binaries(n, 3000, 99);
    const plain = plainObjective(payoffs, prices);
    const reference = minimizeLbfgsb(plain, new Float64Array(n), { lower: new Float64Array(n), upper: new Float64Array(n).fill(cap), pgtol: 1e-12, ftol: 0 });
    const problem = { scenarios: prepareScenarios(payoffs, n), prices, riskAversion: 1 };
    for (const solver of [{ pgtol: 1e-12, ftol: 0 }, { pgtol: 1e-5, ftol: 2.220446049250313e-9 }]) {
      const r = solveAllocation(problem, { caps: new Float64Array(n).fill(cap), solver });
      const bound = Array.from(r.fractions).filter((y) => y === 0 || y === cap).length;
      expect(bound).toBeGreaterThan(n / 2);
      expect(Math.abs(r.expectedUtility + reference.f)).toBeLessThan(solver.ftol === 0 ? 1e-15 : 1e-9);
      // KKT from the independent full gradient: no bound variable wants to move inward.
      const g = new Float64Array(n);
      plain(r.fractions, g);
      for (let j = 0; j < n; j++) {
        const y = r.fractions[j]!;
        if (y === 0) expect(g[j]!).toBeGreaterThan(-solver.pgtol);
        else if (y === cap) expect(g[j]!).toBeLessThan(solver.pgtol);
        else if (solver.ftol === 0) expect(Math.abs(g[j]!)).toBeLessThan(1e-9);
      }
      for (let s = 0; s < 3000; s += 499) {
        let w = 1;
        for (let j = 0; j < n; j++) w += r.fractions[j]! * (payoffs[s * n + j]! / prices[j]! - 1);
        expect(Math.abs(r.wealth[s]! - w)).toBeLessThan(1e-14);
      }
    }
  });

  it('gives optimizeAllocation the same answer from a prepared matrix as from raw rows', () => {
    const { payoffs, prices } = binaries(6, 400, 5);
    const weights = Array.from({ length: 400 }, (_, s) => 1 + (s % 3));
    const input = { prices, wealth: 2500, riskAversion: 1, maxFractionPerAsset: 0.05 };
    const raw = optimizeAllocation({ ...input, payoffs, weights });
    const prepared = optimizeAllocation({ ...input, payoffs: prepareScenarios(payoffs, 6, weights) });
    for (let j = 0; j < 6; j++) expect(prepared.units[j]).toBeCloseTo(raw.units[j]!, 9);
    expect(prepared.expectedUtility).toBeCloseTo(raw.expectedUtility, 14);
    expect(prepared.cvar5).toBeCloseTo(raw.cvar5, 12);
    expect(() => optimizeAllocation({ ...input, payoffs: prepareScenarios(payoffs, 6), weights })).toThrow(/weights belong/);
    expect(() => optimizeAllocation({ ...input, prices: [0.5], payoffs: prepareScenarios(payoffs, 6) })).toThrow(/6 assets for 1 prices/);
  });
});
