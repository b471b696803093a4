import { describe, expect, it } from 'vitest';
import { conditionalValueAtRisk, portfolioStatistics } from './portfolio-statistics.js';
import { SeededRandom } from './seeded-random.js';

/** Statistics straight from the definitions, with a full sort for the tail. */
function naive(w: Float64Array, gamma: number): { eu: number; mean: number; sd: number; loss: number; cvar: number } {
  const n = w.length;
  const u = (x: number): number => (gamma === 1 ? Math.log(x) : (x ** (1 - gamma) - 1) / (1 - gamma));
  const eu = w.reduce((a, x) => a + u(x), 0) / n;
  const mean = w.reduce((a, x) => a + x, 0) / n;
  const sd = Math.sqrt(w.reduce((a, x) => a + (x - mean) ** 2, 0) / n);
  const loss = w.filter((x) => x < 1 - 1e-12).length / n;
  const sorted = Array.from(w).sort((a, b) => a - b);
  // The worst 5 % of probability: whole scenarios, then the boundary one for the rest of the mass.
  const whole = Math.floor(0.05 * n + 1e-9);
  const rest = 0.05 - whole / n;
  const tailSum = sorted.slice(0, whole).reduce((a, x) => a + (x - 1) / n, 0) + (rest > 1e-15 ? rest * (sorted[whole]! - 1) : 0);
  const cvar = -tailSum / 0.05;
  return { eu, mean, sd, loss, cvar };
}

describe('portfolioStatistics', () => {
  it('matches the definitions with equal weights, for log and power utility', () => {
    const rng = new SeededRandom(17);
    for (const gamma of [1, 3]) {
      for (const n of [20, 1001]) {
        const w = new Float64Array(n).map(() => 0.6 + 0.8 * rng.nextFloat());
        const r = portfolioStatistics(w, new Float64Array(n).fill(1 / n), 250, gamma);
        const ref = naive(w, gamma);
        expect(r.expectedUtility).toBeCloseTo(ref.eu, 13);
        expect(r.expectedReturn).toBeCloseTo(ref.mean - 1, 13);
        expect(r.standardDeviation).toBeCloseTo(ref.sd, 13);
        expect(r.probabilityOfLoss).toBeCloseTo(ref.loss, 13);
        expect(r.cvar5).toBeCloseTo(ref.cvar, 13);
      }
    }
  });

  it('gives the same numbers with equal weights as with the scenarios repeated under unequal weights', () => {
    const w = Float64Array.from([0.7, 1.3, 0.9, 1.1, 1.0, 0.95]);
    const equal = portfolioStatistics(w, new Float64Array(6).fill(1 / 6), 100, 1);
    // Same distribution: each value once, weights 1/6 each, but written as unequal pieces of one scenario.
    const w2 = Float64Array.from([0.7, 0.7, 1.3, 0.9, 1.1, 1.0, 0.95]);
    const unequal = portfolioStatistics(w2, Float64Array.from([1 / 12, 1 / 12, 1 / 6, 1 / 6, 1 / 6, 1 / 6, 1 / 6]), 100, 1);
    expect(unequal.expectedUtility).toBeCloseTo(equal.expectedUtility, 14);
    expect(unequal.cvar5).toBeCloseTo(equal.cvar5, 14);
    expect(conditionalValueAtRisk(w, new Float64Array(6).fill(1 / 6), 0.05)).toBeCloseTo(0.3, 14);
  });

  it('reports ruin as −Infinity utility and a zero certainty equivalent, never NaN', () => {
    const w = new Float64Array(16).fill(1.1);
    w[9] = 0;
    const r = portfolioStatistics(w, new Float64Array(16).fill(1 / 16), 100, 1);
    expect(r.expectedUtility).toBe(-Infinity);
    expect(r.certaintyEquivalent).toBe(0);
    expect(Number.isFinite(r.cvar5)).toBe(true);
  });
});
