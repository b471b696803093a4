/**
 * The allocation objective in fraction-of-wealth coordinates, evaluated in one pass over the
 * scenario × asset payoff matrix: f(y) = −Σ_s ω_s u_γ(w_s(y)) and its gradient, where
 * w_s(y) = 1 + Σ_j y_j (payoff_sj / price_j − 1) is the wealth at the horizon relative to today and
 * y_j = units_j · price_j / wealth. A scenario with w_s ≤ 0 makes f = +Infinity (a barrier).
 */
import { isLogUtility } from './crra-utility.js';
import { combineColumns, weightedColumnSums } from './payoff-kernels.js';
import type { ObjectiveWithGradient } from './lbfgsb.js';

export interface AllocationProblem {
  /** Row-major scenarios × assets payoffs per unit at the horizon. */
  readonly payoffs: Float64Array;
  /** Cost per unit now, all > 0. */
  readonly prices: Float64Array;
  /** Scenario probabilities, summing to 1. */
  readonly weights: Float64Array;
  readonly riskAversion: number;
}

/** Builds f and ∇f over y (length = assets): w = base + P·(y/price), then ∇f from Pᵀ·(ω u′(w)). */
export function allocationObjective(problem: AllocationProblem): ObjectiveWithGradient {
  const { payoffs, prices, weights, riskAversion } = problem;
  const n = prices.length;
  const scenarios = weights.length;
  const perUnit = new Float64Array(n); // y_j / price_j
  const acc = new Float64Array(n);
  const w = new Float64Array(scenarios);
  const m = new Float64Array(scenarios);
  const log = isLogUtility(riskAversion);
  const oneMinusGamma = 1 - riskAversion;
  return (y, gradient) => {
    let base = 1;
    for (let j = 0; j < n; j++) {
      perUnit[j] = y[j]! / prices[j]!;
      base -= y[j]!;
    }
    combineColumns(payoffs, n, perUnit, base, w);
    let f = 0;
    let marginalSum = 0;
    for (let s = 0; s < scenarios; s++) {
      const ws = w[s]!;
      if (!(ws > 0)) return Infinity;
      const omega = weights[s]!;
      let ms: number;
      if (log) {
        ms = omega / ws;
        f -= omega * Math.log(ws);
      } else {
        const t = ws ** -riskAversion;
        ms = omega * t;
        f -= (omega * (t * ws - 1)) / oneMinusGamma;
      }
      m[s] = ms;
      marginalSum += ms;
    }
    weightedColumnSums(payoffs, n, m, acc);
    for (let j = 0; j < n; j++) gradient[j] = marginalSum - acc[j]! / prices[j]!;
    return f;
  };
}

/** Relative horizon wealth per scenario for target units: w_s = 1 + Σ_j units_j (payoff_sj − price_j) / wealth. */
export function scenarioWealth(problem: AllocationProblem, units: ArrayLike<number>, wealth: number, out?: Float64Array): Float64Array {
  const { payoffs, prices, weights } = problem;
  const n = prices.length;
  const w = out ?? new Float64Array(weights.length);
  const c = new Float64Array(n);
  let base = 1;
  for (let j = 0; j < n; j++) {
    c[j] = units[j]! / wealth;
    base -= c[j]! * prices[j]!;
  }
  combineColumns(payoffs, n, c, base, w);
  return w;
}
