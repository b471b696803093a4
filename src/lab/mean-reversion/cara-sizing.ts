/**
 * CARA sizing with proportional transaction costs. One rebalance solves
 *   max_w  μᵀw − ½γ wᵀΣw − c‖w − w_prev‖₁
 * (CARA utility −e^{−γW} with Gaussian wealth gives the mean–variance certainty equivalent; the L1
 * term is the cost of moving from w_prev) by cyclic coordinate descent with soft-thresholding, which
 * converges for Σ positive definite. With c = 0 it is w* = Σ⁻¹μ/γ. For one OU basket held over Δt,
 * μ = E[X_{t+Δt} − X_t] = (μ_OU − X_t)(1 − e^{−θΔt}) and Σ = σ²(1 − e^{−2θΔt})/(2θ).
 */
import { ArbiterError } from '../../domain/errors.js';

export interface CaraOptions {
  readonly mu: ArrayLike<number>;
  /** Row-major N×N covariance. */
  readonly sigma: ArrayLike<number>;
  readonly gamma: number;
  /** Cost per unit of |Δw| (same units as μ). Default 0. */
  readonly cost?: number;
  readonly previous?: ArrayLike<number>;
}

export function caraWeights(o: CaraOptions): Float64Array {
  const n = o.mu.length;
  if (o.sigma.length !== n * n) throw new ArbiterError('ARB_INPUT_INVALID', `sigma must be ${n}×${n}, has ${o.sigma.length} entries`, {});
  if (!(o.gamma > 0)) throw new ArbiterError('ARB_INPUT_INVALID', `gamma must be positive, got ${o.gamma}`, { gamma: o.gamma });
  const c = o.cost ?? 0;
  if (!(c >= 0)) throw new ArbiterError('ARB_INPUT_INVALID', `cost must be ≥ 0, got ${c}`, { cost: c });
  for (let i = 0; i < n; i++) if (!(o.sigma[i * n + i]! > 0)) throw new ArbiterError('ARB_INPUT_INVALID', `sigma[${i}][${i}] must be positive`, { index: i });
  const prev = o.previous ?? new Float64Array(n);
  const w = Float64Array.from(prev);
  for (let sweep = 0; sweep < 10_000; sweep++) {
    let change = 0;
    for (let i = 0; i < n; i++) {
      // Minimise over w_i: ½γΣ_ii w_i² − (μ_i − γΣ_{j≠i}Σ_ij w_j) w_i + c|w_i − p_i|.
      let r = o.mu[i]!;
      for (let j = 0; j < n; j++) if (j !== i) r -= o.gamma * o.sigma[i * n + j]! * w[j]!;
      const h = o.gamma * o.sigma[i * n + i]!;
      const p = prev[i]!;
      // Stationary point with the kink at p: shift to d = w_i − p, soft-threshold.
      const g = r - h * p;
      const d = Math.sign(g) * Math.max(Math.abs(g) - c, 0) / h;
      const next = p + d;
      change = Math.max(change, Math.abs(next - w[i]!));
      w[i] = next;
    }
    if (change < 1e-14) break;
  }
  return w;
}

/** CARA position (units of the basket) for an OU basket at level x over a holding step dt, with cost. */
export function ouCaraPosition(p: { x: number; theta: number; mu: number; sigma: number; dt: number; gamma: number; cost?: number; previous?: number }): number {
  const decay = Math.exp(-p.theta * p.dt);
  const m = (p.mu - p.x) * (1 - decay);
  const v = (p.sigma * p.sigma * (1 - decay * decay)) / (2 * p.theta);
  return caraWeights({ mu: [m], sigma: [v], gamma: p.gamma, cost: p.cost ?? 0, previous: [p.previous ?? 0] })[0]!;
}
