/** Risk and return statistics of a scenario distribution of horizon wealth. */
import { crraInverseUtility, crraUtility, isLogUtility, sumOfLogs } from './crra-utility.js';

export interface PortfolioStatistics {
  /** E[u_γ(W/W0)]: utility of wealth relative to today, so 0 = as good as holding cash; for γ = 1 the expected log growth. */
  readonly expectedUtility: number;
  /** E[W/W0] − 1. */
  readonly expectedReturn: number;
  /** Standard deviation of W/W0 − 1 (not annualised). */
  readonly standardDeviation: number;
  /** expectedReturn / standardDeviation (0 when the deviation is 0; horizon, not annualised). */
  readonly sharpe: number;
  /** P(W < W0). */
  readonly probabilityOfLoss: number;
  /** Expected loss in the worst 5 % of probability, as a fraction of W0 (positive = a loss). */
  readonly cvar5: number;
  /** The sure wealth with the same utility, in currency: W0 · u⁻¹(expectedUtility). */
  readonly certaintyEquivalent: number;
}

/**
 * Statistics of relative horizon wealth `w` (w_s = W_s/W0) under scenario probabilities `weights`.
 * Never NaN: a scenario with w_s ≤ 0 makes the expected utility −Infinity and the certainty
 * equivalent 0; the other numbers stay finite.
 */
export function portfolioStatistics(w: Float64Array, weights: Float64Array, wealth: number, riskAversion: number): PortfolioStatistics {
  const uniform = isUniform(weights);
  let eu = 0;
  let mean = 0;
  let loss = 0;
  if (uniform && isLogUtility(riskAversion)) {
    // Equal weights (never 0): E[ln w] from logs of products of eight; NaN means some w_s ≤ 0.
    const sum = sumOfLogs(w);
    eu = Number.isNaN(sum) ? -Infinity : sum * weights[0]!;
  } else {
    for (let s = 0; s < w.length; s++) if (weights[s] !== 0) eu += weights[s]! * crraUtility(w[s]!, riskAversion);
  }
  for (let s = 0; s < w.length; s++) {
    const omega = weights[s]!;
    mean += omega * w[s]!;
    if (w[s]! < 1 - 1e-12) loss += omega;
  }
  let variance = 0;
  for (let s = 0; s < w.length; s++) variance += weights[s]! * (w[s]! - mean) ** 2;
  const sd = Math.sqrt(variance);
  const expectedReturn = mean - 1;
  return {
    expectedUtility: eu,
    expectedReturn,
    standardDeviation: sd,
    sharpe: sd > 1e-15 ? expectedReturn / sd : 0,
    probabilityOfLoss: Math.min(1, loss),
    cvar5: tailExpectation(w, weights, 0.05, uniform),
    certaintyEquivalent: wealth * crraInverseUtility(eu, riskAversion),
  };
}

/** Expected loss −E[w − 1 | worst `level` of probability], splitting the boundary scenario's weight. */
export function conditionalValueAtRisk(w: Float64Array, weights: Float64Array, level: number): number {
  return tailExpectation(w, weights, level, isUniform(weights));
}

function tailExpectation(w: Float64Array, weights: Float64Array, level: number, uniform: boolean): number {
  const first = weights[0] ?? 0;
  if (uniform) {
    // Equal weights: only the k smallest values matter; select them instead of sorting everything.
    const k = Math.min(w.length, Math.ceil(level / first - 1e-9));
    const values = w.slice();
    selectSmallest(values, k);
    const tail = values.subarray(0, k).sort();
    return tailLoss(tail, (i) => tail[i]!, () => first, level);
  }
  const order = Array.from(w.keys()).sort((a, b) => w[a]! - w[b]!);
  return tailLoss(order, (i) => w[order[i]!]!, (i) => weights[order[i]!]!, level);
}

/** All weights equal (a plain loop: a callback per element costs more than the statistics). */
function isUniform(weights: Float64Array): boolean {
  const first = weights[0] ?? 0;
  for (let s = 1; s < weights.length; s++) if (weights[s] !== first) return false;
  return true;
}

function tailLoss(items: ArrayLike<number>, value: (i: number) => number, weight: (i: number) => number, level: number): number {
  let mass = 0;
  let sum = 0;
  for (let i = 0; i < items.length; i++) {
    const take = Math.min(weight(i), level - mass);
    if (take <= 0) break;
    sum += take * (value(i) - 1);
    mass += take;
  }
  return mass > 0 ? -sum / mass : 0;
}

/** Partially orders `a` so that its k smallest values occupy a[0..k) (Hoare quickselect). */
function selectSmallest(a: Float64Array, k: number): void {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi && k > lo && k <= hi) {
    const pivot = a[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}
