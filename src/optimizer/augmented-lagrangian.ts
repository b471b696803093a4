/**
 * Bound-constrained minimisation with a few linear inequality constraints aᵢ·x ≤ bᵢ, by the
 * augmented Lagrangian method (Powell–Hestenes–Rockafellar, as in LANCELOT/ALGENCAN): the bounds stay
 * with L-BFGS-B, the linear constraints enter through multipliers that are updated between inner
 * solves. When the bound-only optimum already satisfies the constraints, it costs one solve.
 */
import { minimizeLbfgsb, type LbfgsbOptions, type LbfgsbResult, type ObjectiveWithGradient } from './lbfgsb.js';

export interface LinearInequality {
  /** a in a·x ≤ b. */
  readonly coefficients: Float64Array;
  /** b in a·x ≤ b. */
  readonly bound: number;
}

export interface AugmentedLagrangianOptions extends LbfgsbOptions {
  readonly constraints: readonly LinearInequality[];
  /** Largest violation max(0, a·x − b) accepted before the caller's final projection. Default 1e-10. */
  readonly feasibilityTolerance?: number;
  /** Stop once no multiplier moves by more than this in an outer step. Default 1e-9. */
  readonly multiplierTolerance?: number;
  /** Default 40. */
  readonly maxOuterIterations?: number;
  /** Initial penalty ρ. Default 10. */
  readonly initialPenalty?: number;
}

export interface AugmentedLagrangianResult extends LbfgsbResult {
  /** Multiplier μᵢ ≥ 0 per constraint (the shadow price of bᵢ). */
  readonly multipliers: Float64Array;
  /** Largest violation max(0, aᵢ·x − bᵢ) at the returned point. */
  readonly maxViolation: number;
  readonly outerIterations: number;
}

/**
 * Minimises f over lower ≤ x ≤ upper and aᵢ·x ≤ bᵢ. Inner problems minimise
 * f(x) + (1/2ρ) Σᵢ [max(0, μᵢ + ρ(aᵢ·x − bᵢ))² − μᵢ²] with L-BFGS-B, warm-started; then
 * μᵢ ← max(0, μᵢ + ρ(aᵢ·x − bᵢ)), and ρ grows tenfold when the violation did not fall by 4×.
 */
export function minimizeWithLinearInequalities(
  objective: ObjectiveWithGradient,
  x0: ArrayLike<number>,
  options: AugmentedLagrangianOptions,
): AugmentedLagrangianResult {
  const { constraints } = options;
  const m = constraints.length;
  const tolerance = options.feasibilityTolerance ?? 1e-10;
  const maxOuter = options.maxOuterIterations ?? 40;
  const dualTolerance = options.multiplierTolerance ?? 1e-9;
  const maxPenalty = 1e6;
  const multipliers = new Float64Array(m);
  let rho = options.initialPenalty ?? 10;

  // The penalty gradient is added to every entry; entries not `needed` are ignored by the solver anyway.
  const lagrangian: ObjectiveWithGradient = (x, g, needed) => {
    let f = objective(x, g, needed);
    if (!Number.isFinite(f)) return f;
    for (let i = 0; i < m; i++) {
      const c = constraints[i]!;
      const t = multipliers[i]! + rho * (dot(c.coefficients, x) - c.bound);
      if (t > 0) {
        f += (t * t - multipliers[i]! * multipliers[i]!) / (2 * rho);
        for (let j = 0; j < g.length; j++) g[j]! += t * c.coefficients[j]!;
      } else f -= (multipliers[i]! * multipliers[i]!) / (2 * rho);
    }
    return f;
  };

  let x: ArrayLike<number> = x0;
  let result: LbfgsbResult | undefined;
  let previousProgress = Infinity;
  let iterations = 0;
  let evaluations = 0;
  let outer = 0;
  let violation = Infinity;
  while (outer < maxOuter) {
    outer++;
    result = minimizeLbfgsb(lagrangian, x, options);
    iterations += result.iterations;
    evaluations += result.evaluations;
    x = result.x;
    violation = 0;
    let progress = 0; // V = max |max(slack, −μ/ρ)|, zero exactly at a KKT point of the outer problem
    let multiplierChange = 0;
    for (let i = 0; i < m; i++) {
      const c = constraints[i]!;
      const slack = dot(c.coefficients, result.x) - c.bound;
      violation = Math.max(violation, slack);
      progress = Math.max(progress, Math.abs(Math.max(slack, -multipliers[i]! / rho)));
      const next = Math.max(0, multipliers[i]! + rho * slack);
      multiplierChange = Math.max(multiplierChange, Math.abs(next - multipliers[i]!));
      multipliers[i] = next;
    }
    if (violation <= tolerance && multiplierChange <= dualTolerance) break;
    if (progress > tolerance && progress > 0.25 * previousProgress && rho < maxPenalty) rho *= 10;
    previousProgress = progress;
  }
  const final = result!;
  if (outer === 1 && multipliers.every((mu) => mu === 0)) {
    // One solve and no constraint pushed back: the inner objective was f itself (μ = 0, no penalty).
    return { ...final, iterations, evaluations, multipliers, maxViolation: Math.max(0, violation), outerIterations: outer };
  }
  const g = new Float64Array(final.x.length);
  const f = objective(final.x, g);
  return { ...final, f, gradient: g, iterations, evaluations: evaluations + 1, multipliers, maxViolation: Math.max(0, violation), outerIterations: outer };
}

function dot(a: Float64Array, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
