import { describe, expect, it } from 'vitest';
import { prepareScenarios } from './scenario-matrix.js';
import { SeededRandom } from './seeded-random.js';

describe('prepareScenarios', () => {
  it('lays row-major payoffs out by column, with expected payoffs, for every tail length', () => {
    const rng = new SeededRandom(7);
    for (const scenarios of [1, 7, 8, 9, 23]) {
      const n = 5;
      const rows = new Float64Array(scenarios * n).map(() => rng.nextFloat() * 3 - 1);
      const m = prepareScenarios(rows, n);
      expect(m.scenarios).toBe(scenarios);
      expect(m.uniformWeights).toBe(true);
      for (let s = 0; s < scenarios; s++) for (let j = 0; j < n; j++) expect(m.columns[j * scenarios + s]).toBe(rows[s * n + j]);
      for (let j = 0; j < n; j++) {
        let mean = 0;
        for (let s = 0; s < scenarios; s++) mean += rows[s * n + j]! / scenarios;
        expect(m.expectedPayoffs[j]).toBeCloseTo(mean, 14);
      }
    }
  });

  it('gives the same matrix from rows of arrays and normalises weights', () => {
    const rows = [[1, 0], [0, 2], [3, 1]];
    const a = prepareScenarios(rows, 2, [1, 1, 2]);
    const b = prepareScenarios(Float64Array.from(rows.flat()), 2, [1, 1, 2]);
    expect(Array.from(a.columns)).toEqual([1, 0, 3, 0, 2, 1]);
    expect(Array.from(b.columns)).toEqual(Array.from(a.columns));
    expect(Array.from(a.weights)).toEqual([0.25, 0.25, 0.5]);
    expect(a.uniformWeights).toBe(false);
    expect(a.expectedPayoffs[0]).toBeCloseTo(0.25 + 1.5, 15);
    expect(a.expectedPayoffs[1]).toBeCloseTo(0.5 + 0.5, 15);
  });

  it('finds a NaN or infinite payoff anywhere, even in a scenario of weight 0', () => {
    for (const bad of [Number.NaN, Infinity, -Infinity]) {
      for (const at of [0, 13, 17 * 3 - 1]) {
        const rows = new Float64Array(17 * 3).fill(0.5);
        rows[at] = bad;
        expect(() => prepareScenarios(rows, 3)).toThrow(new RegExp(`payoff ${at} is not finite`));
        const weights = new Float64Array(17).fill(1);
        weights[Math.floor(at / 3)] = 0;
        expect(() => prepareScenarios(rows, 3, weights)).toThrow(/not finite/);
      }
    }
  });

  it('accepts finite payoffs whose sum overflows', () => {
    const m = prepareScenarios([[1e308], [1e308], [1e308]], 1);
    expect(m.columns[2]).toBe(1e308);
  });

  it('rejects bad shapes and weights', () => {
    expect(() => prepareScenarios(new Float64Array(7), 2)).toThrow(/multiple of 2/);
    expect(() => prepareScenarios([[1, 2], [3]], 2)).toThrow(/row 1/);
    expect(() => prepareScenarios([], 2)).toThrow(/at least one scenario/);
    expect(() => prepareScenarios([[1], [2]], 1, [1])).toThrow(/weights has 1/);
    expect(() => prepareScenarios([[1], [2]], 1, [1, -1])).toThrow(/weight 1/);
    expect(() => prepareScenarios([[1], [2]], 1, [0, 0])).toThrow(/sum to 0/);
  });
});
