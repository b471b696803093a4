/**
 * Seeded basket for the mean-reversion study, in price levels: one common factor f (random walk,
 * per-bar sd `factorVol`), loadings b_i = 1 + 0.5·i/N, and an idiosyncratic exact OU u_i per asset
 * (stationary sd `idioSd`). Assets 0 and 1 revert fast (θ = `fastTheta` per bar), the rest slowly
 * (θ = `slowTheta`), so the most mean-reverting 2-asset basket is b₁·P₀ − b₀·P₁.
 * P_i,t = 100 + b_i f_t + u_i,t. Row-major bars × N.
 */
import { SeededRandom } from '../../optimizer/seeded-random.js';

export interface SyntheticBasketOptions {
  readonly bars: number;
  readonly assets: number;
  readonly seed: number;
  readonly factorVol?: number;
  readonly idioSd?: number;
  readonly fastTheta?: number;
  readonly slowTheta?: number;
}

export function syntheticBasket(o: SyntheticBasketOptions): { prices: Float64Array; loadings: Float64Array } {
  const rng = new SeededRandom(o.seed);
  const n = o.assets;
  const fv = o.factorVol ?? 0.5, sd = o.idioSd ?? 1, fast = o.fastTheta ?? 0.2, slow = o.slowTheta ?? 0.005;
  const loadings = Float64Array.from({ length: n }, (_, i) => 1 + (0.5 * i) / n);
  const u = new Float64Array(n);
  const prices = new Float64Array(o.bars * n);
  let f = 0;
  for (let t = 0; t < o.bars; t++) {
    if (t > 0) f += fv * rng.nextGaussian();
    for (let i = 0; i < n; i++) {
      const theta = i < 2 ? fast : slow;
      const a = Math.exp(-theta);
      u[i] = t === 0 ? sd * rng.nextGaussian() : u[i]! * a + sd * Math.sqrt(1 - a * a) * rng.nextGaussian();
      prices[t * n + i] = 100 + loadings[i]! * f + u[i]!;
    }
  }
  return { prices, loadings };
}
