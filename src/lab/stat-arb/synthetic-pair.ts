/**
 * Seeded cointegrated pair: log x is a driftless random walk (per-bar vol `volX`), the spread is an
 * exact OU (θ per bar, stationary sd `spreadSd`, mean 0), and log y = α + β log x + spread. Prices
 * are exp of the logs. Documented in docs/lab-studies.md.
 */
import { SeededRandom } from '../../optimizer/seeded-random.js';
import { simulateOU } from './fit-ou.js';

export interface SyntheticPairOptions {
  readonly bars: number;
  readonly seed: number;
  readonly alpha?: number;
  readonly beta?: number;
  /** Per-bar mean reversion of the spread. Default 0.05 (half-life ≈ 13.9 bars). */
  readonly theta?: number;
  readonly spreadSd?: number;
  readonly volX?: number;
}

export function syntheticPair(o: SyntheticPairOptions): { x: Float64Array; y: Float64Array; spread: Float64Array } {
  const rng = new SeededRandom(o.seed);
  const alpha = o.alpha ?? 0.5, beta = o.beta ?? 1.2, theta = o.theta ?? 0.05, sd = o.spreadSd ?? 0.02, volX = o.volX ?? 0.02;
  const spread = simulateOU({ theta, mu: 0, sigma: sd * Math.sqrt(2 * theta), x0: 0, dt: 1, steps: o.bars - 1 }, () => rng.nextGaussian());
  const x = new Float64Array(o.bars), y = new Float64Array(o.bars);
  let lx = Math.log(100);
  for (let t = 0; t < o.bars; t++) {
    if (t > 0) lx += volX * rng.nextGaussian();
    x[t] = Math.exp(lx);
    y[t] = Math.exp(alpha + beta * lx + spread[t]!);
  }
  return { x, y, spread };
}
