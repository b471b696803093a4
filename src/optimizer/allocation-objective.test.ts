import { describe, expect, it } from 'vitest';
import { allocationObjective, scenarioWealth } from './allocation-objective.js';
import { crraMarginalUtility, crraUtility, sumOfLogs } from './crra-utility.js';
import { prepareScenarios } from './scenario-matrix.js';
import { SeededRandom } from './seeded-random.js';

const n = 11;
const S = 37; // not a multiple of 8 or 4: every kernel tail runs

function problem(gamma: number, weighted: boolean) {
  const rng = new SeededRandom(3);
  const payoffs = new Float64Array(S * n).map(() => (rng.nextFloat() < 0.5 ? 0 : 0.5 + 1.5 * rng.nextFloat()));
  const prices = new Float64Array(n).map(() => 0.3 + 0.6 * rng.nextFloat());
  const weights = weighted ? Array.from({ length: S }, () => rng.nextFloat()) : undefined;
  return { payoffs, prices, scenarios: prepareScenarios(payoffs, n, weights), riskAversion: gamma };
}

/** f and ∇f straight from the definition, scenario by scenario. */
function naive(p: ReturnType<typeof problem>, y: Float64Array): { f: number; g: Float64Array } {
  const g = new Float64Array(n);
  let f = 0;
  for (let s = 0; s < S; s++) {
    let w = 1;
    for (let j = 0; j < n; j++) w += y[j]! * (p.payoffs[s * n + j]! / p.prices[j]! - 1);
    const omega = p.scenarios.weights[s]!;
    f -= omega * crraUtility(w, p.riskAversion);
    const mu = crraMarginalUtility(w, p.riskAversion);
    for (let j = 0; j < n; j++) g[j]! -= omega * mu * (p.payoffs[s * n + j]! / p.prices[j]! - 1);
  }
  return { f, g };
}

describe('allocationObjective', () => {
  it('matches the definition along a path of partial moves, repeats and partial gradients', () => {
    for (const [gamma, weighted] of [[1, false], [1, true], [2, false], [0.5, true]] as const) {
      const p = problem(gamma, weighted);
      const objective = allocationObjective(p);
      const rng = new SeededRandom(11);
      const y = new Float64Array(n);
      const g = new Float64Array(n);
      for (let step = 0; step < 60; step++) {
        // Move 0…n coordinates (sometimes back to cash), ask for a random subset of the gradient.
        const kind = step % 7;
        if (kind === 3) y.fill(0);
        else if (kind !== 5) for (let j = 0; j < n; j++) if (rng.nextFloat() < (kind === 0 ? 1 : 0.25)) y[j] = rng.nextFloat() < 0.3 ? 0 : 0.08 * rng.nextFloat();
        const needed = step % 3 === 0 ? undefined : Uint8Array.from({ length: n }, () => (rng.nextFloat() < 0.4 ? 1 : 0));
        g.fill(Number.NaN);
        const f = objective.evaluate(y, g, needed);
        const ref = naive(p, y);
        expect(Math.abs(f - ref.f)).toBeLessThan(1e-14);
        for (let j = 0; j < n; j++) {
          if (needed && !needed[j]) continue;
          expect(Math.abs(g[j]! - ref.g[j]!)).toBeLessThan(1e-13);
        }
      }
    }
  });

  it('returns +Infinity past the barrier and recovers on the next point', () => {
    const p = problem(1, false);
    const objective = allocationObjective(p);
    const g = new Float64Array(n);
    const y = new Float64Array(n).fill(0.05);
    expect(objective.evaluate(y, g)).toBeCloseTo(naive(p, y).f, 14);
    const ruin = new Float64Array(n);
    ruin[0] = 50; // staking 50× wealth on asset 0: every scenario where it pays 0 is ruin
    expect(objective.evaluate(ruin, g)).toBe(Infinity);
    const back = Float64Array.from(y);
    back[1] = 0.01;
    expect(Math.abs(objective.evaluate(back, g) - naive(p, back).f)).toBeLessThan(1e-14);
    for (let j = 0; j < n; j++) expect(Math.abs(g[j]! - naive(p, back).g[j]!)).toBeLessThan(1e-13);
  });

  it('reports the scenario wealth it holds, equal to scenarioWealth', () => {
    const p = problem(1, false);
    const objective = allocationObjective(p);
    const y = new Float64Array(n).map((_, j) => 0.01 * j);
    objective.evaluate(y, new Float64Array(n));
    const units = Array.from(y, (v, j) => (v * 500) / p.prices[j]!);
    const direct = scenarioWealth(p, units, 500);
    const held = objective.wealthAt(y, new Float64Array(S));
    for (let s = 0; s < S; s++) expect(Math.abs(held[s]! - direct[s]!)).toBeLessThan(1e-15);
  });
});

describe('sumOfLogs', () => {
  it('equals the sum of single logs to rounding, including blocks that need the term-by-term fallback', () => {
    const rng = new SeededRandom(5);
    for (const length of [0, 1, 8, 15, 16, 1001]) {
      const w = new Float64Array(length).map(() => 0.2 + 2 * rng.nextFloat());
      if (length > 9) {
        w[3] = 1e-200; // a factor too small for a product
        w[9] = 1e200;
      }
      if (length > 16) {
        w[16] = 1e200; // with w[17] the product overflows to +Infinity
        w[17] = 1e200;
      }
      let plain = 0;
      for (const v of w) plain += Math.log(v);
      expect(Math.abs(sumOfLogs(w) - plain)).toBeLessThan(1e-12 * Math.max(1, Math.abs(plain)));
      const offset = 0.25;
      let shifted = 0;
      for (const v of w) shifted += Math.log(offset + v);
      expect(Math.abs(sumOfLogs(w, offset) - shifted)).toBeLessThan(1e-12 * Math.max(1, Math.abs(shifted)));
    }
  });

  it('is NaN when any wealth is not positive, even if a product of two negatives would be', () => {
    expect(sumOfLogs(Float64Array.from([1, 1, -2, -3, 1, 1, 1, 1]))).toBeNaN();
    expect(sumOfLogs(Float64Array.from([1, 1, 1, 1, 1, 1, 1, 1, 0]))).toBeNaN();
    expect(sumOfLogs(Float64Array.from([1, Number.NaN, 1, 1, 1, 1, 1, 1]))).toBeNaN();
  });
});
