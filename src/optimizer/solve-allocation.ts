/**
 * The continuous core of the Kelly/CRRA sizer: maximise E[u_γ(w(y))] over fractions of wealth y
 * subject to per-asset caps, the cash budget and gross exposure. `optimizeAllocation` wraps it with
 * input handling, venue rounding and statistics; it is exported for callers that re-solve one
 * prepared scenario matrix many times (and for the benchmark, which times the solve alone).
 */
import { allocationObjective, type AllocationProblem } from './allocation-objective.js';
import { minimizeWithLinearInequalities, type LinearInequality } from './augmented-lagrangian.js';
import type { LbfgsbOptions, LbfgsbStatus, ObjectiveWithGradient } from './lbfgsb.js';

export interface AllocationSolveOptions {
  /** Largest |y_j| per asset (fraction of wealth), ≥ 0. */
  readonly caps: ArrayLike<number>;
  /** Largest Σ|y_j|. Default 1 (no leverage). */
  readonly maxExposure?: number;
  /** Allow y_j < 0. Default false. */
  readonly allowShort?: boolean;
  /** Solver tolerances; defaults pgtol 1e-10, ftol 0 (run to the gradient test). */
  readonly solver?: Pick<LbfgsbOptions, 'pgtol' | 'ftol' | 'maxIterations' | 'memory'>;
}

export interface AllocationSolution {
  /** y_j = units_j·price_j / wealth at the optimum, exactly within the budget and exposure. */
  readonly fractions: Float64Array;
  /** −f at the optimum before the feasibility scaling (which moves it by ≤ ~1e-10). */
  readonly expectedUtility: number;
  /** Relative horizon wealth w_s per scenario at `fractions` (the solver holds it already). */
  readonly wealth: Float64Array;
  readonly status: LbfgsbStatus;
  readonly iterations: number;
  readonly evaluations: number;
}

/**
 * Variables are the fractions y; with shorts each asset is split into y⁺ − y⁻ so that gross exposure
 * stays linear. Bounds go to L-BFGS-B (asking only for the gradient of free variables), the budget
 * and exposure to an augmented-Lagrangian outer loop; the start (all cash) is strictly inside the
 * log barrier, and iterates never leave it.
 */
export function solveAllocation(problem: AllocationProblem, options: AllocationSolveOptions): AllocationSolution {
  const n = problem.prices.length;
  const maxExposure = options.maxExposure ?? 1;
  const allowShort = options.allowShort ?? false;
  const allocation = allocationObjective(problem);
  const base = allocation.evaluate;
  const size = allowShort ? 2 * n : n;
  const upper = new Float64Array(size);
  for (let k = 0; k < size; k++) upper[k] = Math.max(0, options.caps[k % n]!);
  const constraints: LinearInequality[] = [];
  let objective: ObjectiveWithGradient = base;
  if (allowShort) {
    const y = new Float64Array(n);
    const g = new Float64Array(n);
    const neededY = new Uint8Array(n);
    objective = (z, grad, needed) => {
      for (let j = 0; j < n; j++) {
        y[j] = z[j]! - z[n + j]!;
        if (needed) neededY[j] = needed[j]! | needed[n + j]!;
      }
      const f = base(y, g, needed ? neededY : undefined);
      for (let j = 0; j < n; j++) {
        grad[j] = g[j]!;
        grad[n + j] = -g[j]!;
      }
      return f;
    };
    constraints.push({ coefficients: new Float64Array(size).fill(1), bound: maxExposure });
    if (maxExposure > 1) constraints.push({ coefficients: Float64Array.from({ length: size }, (_, k) => (k < n ? 1 : -1)), bound: 1 });
  } else constraints.push({ coefficients: new Float64Array(size).fill(1), bound: Math.min(1, maxExposure) });

  const solved = minimizeWithLinearInequalities(objective, new Float64Array(size), {
    lower: new Float64Array(size),
    upper,
    constraints,
    pgtol: options.solver?.pgtol ?? 1e-10,
    ftol: options.solver?.ftol ?? 0,
    maxIterations: options.solver?.maxIterations ?? 2000,
    memory: options.solver?.memory ?? 10,
    partialGradient: true,
  });
  const z = solved.x;
  // A constraint with μ > 0 binds at the optimum, but the inner solves meet it only to ~1e-10, from
  // either side. Close a shortfall (≤ 1e-9) along the coordinates strictly inside their bounds (the KKT
  // conditions then hold to the same ~1e-10), then remove any overshoot by scaling toward cash.
  constraints.forEach((c, i) => {
    if (solved.multipliers[i]! > 0) closeShortfall(z, upper, c);
  });
  let scale = 1;
  for (const c of constraints) {
    let a = 0;
    for (let k = 0; k < size; k++) a += c.coefficients[k]! * z[k]!;
    if (a > c.bound) scale = Math.min(scale, c.bound / a);
  }
  const fractions = new Float64Array(n);
  for (let j = 0; j < n; j++) fractions[j] = (allowShort ? z[j]! - z[n + j]! : z[j]!) * scale;
  const wealth = allocation.wealthAt(fractions, new Float64Array(problem.scenarios.scenarios));
  return { fractions, expectedUtility: -solved.f, wealth, status: solved.status, iterations: solved.iterations, evaluations: solved.evaluations };
}

/** Larger shortfalls are not solver noise (e.g. the outer loop hit its limit) and are left alone. */
const MAX_SHORTFALL = 1e-9;

/** Moves z onto a·z = b along a, restricted to 0 < z_k < upper_k, when a·z < b. */
function closeShortfall(z: Float64Array, upper: Float64Array, c: LinearInequality): void {
  const a = c.coefficients;
  for (let pass = 0; pass < 3; pass++) {
    let gap = c.bound;
    let norm = 0;
    for (let k = 0; k < z.length; k++) {
      gap -= a[k]! * z[k]!;
      if (z[k]! > 0 && z[k]! < upper[k]!) norm += a[k]! * a[k]!;
    }
    if (!(gap > 0 && gap <= MAX_SHORTFALL) || norm === 0) return;
    for (let k = 0; k < z.length; k++) {
      if (z[k]! > 0 && z[k]! < upper[k]!) z[k] = Math.min(upper[k]!, Math.max(0, z[k]! + (gap * a[k]!) / norm));
    }
  }
}
