/**
 * The allocation objective in fraction-of-wealth coordinates: f(y) = −Σ_s ω_s u_γ(w_s(y)) and its
 * gradient, where w_s(y) = 1 + Σ_j y_j (payoff_sj / price_j − 1) is the wealth at the horizon
 * relative to today and y_j = units_j · price_j / wealth. A scenario with w_s ≤ 0 makes f = +Infinity
 * (a barrier).
 *
 * Cost is proportional to the columns touched, not to the matrix: the objective keeps
 * v = Σ_j (y_j/price_j)·payoff_j of the point it last saw (w = 1 − Σ_j y_j + v) and moves it along
 * the columns whose y_j changed, and it computes only the gradient entries the solver asks for
 * (`needed` in lbfgsb.ts). Near a sizing optimum most assets sit on a bound, so an evaluation
 * touches a few columns out of many.
 */
import { isLogUtility, sumOfLogs } from './crra-utility.js';
import type { ObjectiveWithGradient } from './lbfgsb.js';
import { addScaledColumns, columnDots, logStepFourColumns, logStepSixColumns } from './payoff-kernels.js';
import type { ScenarioMatrix } from './scenario-matrix.js';

export interface AllocationProblem {
  readonly scenarios: ScenarioMatrix;
  /** Cost per unit now, all > 0, one per asset of `scenarios`. */
  readonly prices: Float64Array;
  readonly riskAversion: number;
}

export interface AllocationObjective {
  /** f and the requested gradient entries at y (length = assets). */
  readonly evaluate: ObjectiveWithGradient;
  /** Relative horizon wealth w_s at y, written to `out` (cheap when y is the last point evaluated). */
  wealthAt(y: Float64Array, out: Float64Array): Float64Array;
}

/** Incremental moves of v between rebuilds, so that their rounding stays near 1e-16 however long the run. */
const MAX_UPDATES = 32;

/**
 * Builds the objective. Its cached wealth vector changes the cost of a call, not its result beyond
 * rounding (≈1e-16): v is rebuilt from scratch whenever that is no dearer than updating it, and at
 * least every MAX_UPDATES moves.
 */
export function allocationObjective(problem: AllocationProblem): AllocationObjective {
  const { scenarios: matrix, prices, riskAversion } = problem;
  const { columns, scenarios, weights, uniformWeights, expectedPayoffs } = matrix;
  const n = prices.length;
  const log = isLogUtility(riskAversion);
  // Log utility with equal weights: m_s = 1/w_s (ω factored out) and Σ ln w_s from products of eight.
  const fused = log && uniformWeights;
  const at = new Float64Array(n); // the point v belongs to; all cash at first
  const v = new Float64Array(scenarios);
  const m = new Float64Array(scenarios); // ω_s·u′(w_s), or u′(w_s) alone with uniform log utility
  const step = new Float64Array(n); // coefficient of column j in the current move, 0 if it stays
  const moveIndex = new Int32Array(n);
  const moveCoef = new Float64Array(n);
  const dotIndex = new Int32Array(n + 6);
  const dotCoef = new Float64Array(n + 6);
  const dots = new Float64Array(n + 6);
  const inFused = new Uint8Array(n);
  let base = 1; // 1 − Σ_j at_j
  let held = 0;
  let updates = 0; // moves since v was last rebuilt
  let cached = false; // m, f and Σm are valid for `at`
  let fCached = 0;
  let sumCached = 0;

  /** Sets step[] to the move from `at` to y; returns how many columns change. */
  const planMove = (y: Float64Array): number => {
    let changed = 0;
    let nonzero = 0;
    let total = 0;
    for (let j = 0; j < n; j++) {
      const yj = y[j]!;
      total += yj;
      if (yj !== 0) nonzero++;
      const dj = yj - at[j]!;
      step[j] = dj === 0 ? 0 : dj / prices[j]!;
      if (dj !== 0) changed++;
    }
    if (changed === 0) return 0;
    if (changed >= nonzero || updates >= MAX_UPDATES) {
      // Rebuilding costs no more than updating here (or is due): it drops the rounding of earlier updates.
      updates = 0;
      v.fill(0);
      changed = nonzero;
      for (let j = 0; j < n; j++) step[j] = y[j] === 0 ? 0 : y[j]! / prices[j]!;
    }
    updates++;
    at.set(y);
    base = 1 - total;
    held = nonzero;
    cached = false;
    return changed;
  };

  /** Applies step[] to v for the columns not in the fused block. */
  const applyMove = (): void => {
    let count = 0;
    for (let j = 0; j < n; j++) {
      if (step[j] === 0 || inFused[j]) continue;
      moveIndex[count] = j;
      moveCoef[count++] = step[j]!;
    }
    addScaledColumns(columns, scenarios, moveIndex, moveCoef, 0, count, v);
  };

  /** m_s and Σm from v; returns f, or Infinity past the barrier. */
  const marginalPass = (): number => {
    let f = 0;
    let sum = 0;
    for (let s = 0; s < scenarios; s++) {
      const ws = base + v[s]!;
      if (!(ws > 0)) return Infinity;
      const omega = fused ? 1 : weights[s]!;
      const t = log ? 1 / ws : ws ** -riskAversion; // u′(w)
      m[s] = omega * t;
      sum += m[s]!;
      if (!fused) f -= omega * (log ? Math.log(ws) : (t * ws - 1) / (1 - riskAversion));
    }
    sumCached = sum;
    return fused ? -sumOfLogs(v, base) / scenarios : f;
  };

  const evaluate: ObjectiveWithGradient = (y, gradient, needed) => {
    const changed = planMove(y);
    if (held === 0) {
      // All cash: w ≡ 1 and u′(1) = 1 for every γ, so ∇f is minus the expected excess return per unit staked.
      for (let j = 0; j < n; j++) if (!needed || needed[j]) gradient[j] = 1 - expectedPayoffs[j]! / prices[j]!;
      return 0;
    }
    // Gradient entries to compute, moving columns first so that the fused block takes moves.
    let count = 0;
    for (let j = 0; j < n; j++) if (step[j] !== 0 && (!needed || needed[j])) dotIndex[count++] = j;
    for (let j = 0; j < n; j++) if (step[j] === 0 && (!needed || needed[j])) dotIndex[count++] = j;
    let first = 0; // dotIndex[first…count) still need columnDots
    if (!cached && fused && count > 0) {
      const width = count >= 6 ? 6 : 4; // the fused kernels take six or four columns
      for (let k = 0; k < width; k++) {
        const j = dotIndex[Math.min(k, count - 1)]!;
        dotIndex[k] = j;
        dotCoef[k] = k < count ? step[j]! : 0; // a repeated column (count < 4) must not move twice
        inFused[j] = 1;
      }
      applyMove();
      const fusedStep = width === 6 ? logStepSixColumns : logStepFourColumns;
      sumCached = fusedStep(columns, scenarios, dotIndex, dotCoef, 0, base, v, m, dots);
      for (let k = 0; k < width; k++) inFused[dotIndex[k]!] = 0;
      if (Number.isNaN(sumCached)) return Infinity;
      fCached = -sumOfLogs(v, base) / scenarios;
      first = Math.min(width, count);
      cached = true;
    } else if (!cached) {
      if (changed > 0) applyMove();
      fCached = marginalPass();
      if (!Number.isFinite(fCached)) return Infinity;
      cached = true;
    }
    columnDots(columns, scenarios, m, dotIndex, first, count, dots);
    const unit = fused ? scenarios : 1;
    for (let k = 0; k < count; k++) {
      const j = dotIndex[k]!;
      gradient[j] = (sumCached - dots[k]! / prices[j]!) / unit;
    }
    return fCached;
  };

  const wealthAt = (y: Float64Array, out: Float64Array): Float64Array => {
    if (planMove(y) > 0) applyMove();
    for (let s = 0; s < scenarios; s++) out[s] = base + v[s]!;
    return out;
  };

  return { evaluate, wealthAt };
}

/** Relative horizon wealth per scenario for target units: w_s = 1 + Σ_j units_j (payoff_sj − price_j) / wealth. */
export function scenarioWealth(problem: AllocationProblem, units: ArrayLike<number>, wealth: number, out?: Float64Array): Float64Array {
  const { scenarios: matrix, prices } = problem;
  const n = prices.length;
  const w = out ?? new Float64Array(matrix.scenarios);
  const index = new Int32Array(n);
  const coef = new Float64Array(n);
  let base = 1;
  let count = 0;
  for (let j = 0; j < n; j++) {
    const c = units[j]! / wealth;
    base -= c * prices[j]!;
    if (c === 0) continue;
    index[count] = j;
    coef[count++] = c;
  }
  w.fill(base);
  addScaledColumns(matrix.columns, matrix.scenarios, index, coef, 0, count, w);
  return w;
}
