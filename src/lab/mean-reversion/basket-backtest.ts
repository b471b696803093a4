/**
 * Trading a mean-reverting basket out of sample. Weights w and the OU fit of V_t = Σ w_i P_i,t come
 * from the in-sample bars only; from `startBar` on, every `rebalanceEvery` bars the position u (basket
 * units, asset i holds u·w_i) is re-solved by one of:
 * - 'cara': the CARA optimum for the next rebalance interval with proportional costs (ouCaraPosition,
 *   the previous position as the L1 anchor), i.e. multi-period rebalancing with costs;
 * - 'bertram': enter ±`units` at the OU-optimal level μ ∓ m, exit at μ ± m (Bertram 2010).
 */
import { ArbiterError } from '../../domain/errors.js';
import { runResearchBacktest, type ResearchBacktestResult } from '../research/research-backtest.js';
import { bertramThresholds } from '../stat-arb/ou-thresholds.js';
import type { OuFit } from '../stat-arb/fit-ou.js';
import { ouCaraPosition } from './cara-sizing.js';

export interface BasketBacktestOptions {
  /** Row-major bars × N price levels. */
  readonly prices: Float64Array;
  readonly assets: number;
  readonly weights: ArrayLike<number>;
  /** OU fit of the basket value on bars before startBar, dt = 1 bar. */
  readonly ou: OuFit;
  readonly startBar: number;
  readonly mode: 'cara' | 'bertram';
  readonly gamma?: number;
  readonly units?: number;
  readonly rebalanceEvery?: number;
  readonly feeRate?: number;
  readonly periodsPerYear: number;
  readonly initialCash?: number;
}

export function basketBacktest(o: BasketBacktestOptions): ResearchBacktestResult & { value: Float64Array; thresholds: { entry: number; exit: number } | null } {
  const n = o.assets;
  const bars = o.prices.length / n;
  if (!Number.isInteger(bars) || o.weights.length !== n) throw new ArbiterError('ARB_INPUT_INVALID', `prices (${o.prices.length}) and weights (${o.weights.length}) do not fit ${n} assets`, {});
  if (!(o.startBar >= 1 && o.startBar < bars - 1)) throw new ArbiterError('ARB_INPUT_INVALID', `startBar must be in [1, ${bars - 1}), got ${o.startBar}`, { startBar: o.startBar });
  const series = Array.from({ length: n }, (_, i) => Float64Array.from({ length: bars }, (_, t) => o.prices[t * n + i]!));
  const value = Float64Array.from({ length: bars }, (_, t) => { let v = 0; for (let i = 0; i < n; i++) v += o.weights[i]! * o.prices[t * n + i]!; return v; });
  const fee = o.feeRate ?? 0;
  const every = o.rebalanceEvery ?? 1;
  const gamma = o.gamma ?? 0.01;
  let grossPrice = 0;
  for (let i = 0; i < n; i++) grossPrice += Math.abs(o.weights[i]!) * o.prices[(o.startBar - 1) * n + i]!;
  // Round-trip cost per basket unit in value units, for Bertram: two fills of the gross notional.
  const th = o.mode === 'bertram' ? bertramThresholds({ theta: o.ou.theta, sigma: o.ou.sigma, cost: 2 * fee * grossPrice }) : null;
  let u = 0;
  const target = new Float64Array(n);
  const result = runResearchBacktest({
    prices: series,
    initialCash: o.initialCash ?? 100_000,
    periodsPerYear: o.periodsPerYear,
    feeRate: fee,
    target: (view) => {
      const t = view.t;
      if (t < o.startBar || (t - o.startBar) % every !== 0) return null;
      let v = 0;
      for (let i = 0; i < n; i++) v += o.weights[i]! * view.price(i, t);
      const x = v - o.ou.mu;
      let next = u;
      if (o.mode === 'cara') {
        next = ouCaraPosition({ x: v, theta: o.ou.theta, mu: o.ou.mu, sigma: o.ou.sigma, dt: every, gamma, cost: fee * grossPrice, previous: u });
      } else if (th) {
        const units = o.units ?? 100;
        if (u === 0) next = x <= th.entry ? units : x >= -th.entry ? -units : 0;
        else if ((u > 0 && x >= th.exit) || (u < 0 && x <= -th.exit)) next = 0;
      }
      if (next === u) return null;
      u = next;
      for (let i = 0; i < n; i++) target[i] = u * o.weights[i]!;
      return target;
    },
  });
  return { ...result, value, thresholds: th ? { entry: th.entry, exit: th.exit } : null };
}
