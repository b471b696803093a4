import { describe, expect, it } from 'vitest';
import { optimalStoppingStudy } from './optimal-stopping-study.js';
import { simulateOuPaths } from './spread-exit.js';

describe('optimal-stopping study', () => {
  it('runs the comparison and beats holding to the horizon', async () => {
    const r = await optimalStoppingStudy.run({ paths: 600, steps: 25, depth: 2 });
    expect(Number(r.summary['mean reward signature'])).toBeGreaterThan(Number(r.summary['mean reward hold']));
  });
  it('estimates OU parameters from a recorded spread', async () => {
    const set = simulateOuPaths({ kappa: 5, theta: 1, sigma: 0.5, dt: 1 / 288, x0: 1 }, 1, 20000, 3);
    const v = Array.from(set.paths[0]!);
    const t = v.map((_, i) => i * 300_000); // 5-minute bars
    const r = await optimalStoppingStudy.run({ paths: 300, steps: 20, depth: 2 }, { series: { spread: { t, v } } });
    expect(Number(r.summary['κ (1/day)'])).toBeGreaterThan(3.5);
    expect(Number(r.summary['κ (1/day)'])).toBeLessThan(7);
    expect(Number(r.summary['θ'])).toBeCloseTo(1, 0);
  });
});
