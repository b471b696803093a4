/**
 * Kelly / CRRA portfolio sizing: maximise E[u_γ(W_T)] over target units per asset, subject to the
 * cash budget, per-asset caps and gross exposure, then round to venue minimums and steps. The
 * returned trades take the units already held into account.
 */
import { ArbiterError } from '../domain/errors.js';
import { allocationObjective, scenarioWealth, type AllocationProblem } from './allocation-objective.js';
import { minimizeWithLinearInequalities, type LinearInequality } from './augmented-lagrangian.js';
import type { LbfgsbOptions, ObjectiveWithGradient } from './lbfgsb.js';
import { portfolioStatistics, type PortfolioStatistics } from './portfolio-statistics.js';
import { roundToVenueSteps } from './round-to-venue-steps.js';

export interface OptimizeAllocationInput {
  /** Payoff per unit at the horizon: rows of scenarios, or one row-major Float64Array (scenarios × assets). */
  readonly payoffs: Float64Array | readonly ArrayLike<number>[];
  /** Cost per unit now (> 0), e.g. the ask of a YES share or an option premium. */
  readonly prices: ArrayLike<number>;
  /** Scenario probabilities (≥ 0, normalised here); default equal. */
  readonly weights?: ArrayLike<number>;
  /** Total wealth now in the price currency: cash plus held units marked at `prices`. */
  readonly wealth: number;
  /** γ ≥ 0: 1 = log utility (Kelly), otherwise CRRA; 0 = risk neutral. */
  readonly riskAversion: number;
  /** Largest |units·price| per asset as a fraction of wealth. Default 1. */
  readonly maxFractionPerAsset?: number;
  /** Largest Σ|units·price| as a fraction of wealth. Default 1 (no leverage). */
  readonly maxExposure?: number;
  /** Smallest non-zero trade in units, per asset or for all (Polymarket: 5). Default 0. */
  readonly minUnits?: number | ArrayLike<number>;
  /** Trade increment in units, per asset or for all (e.g. 1 share or 0.01). Default 0 (continuous). */
  readonly unitStep?: number | ArrayLike<number>;
  /** Allow negative targets (selling what is not held). Default false. */
  readonly allowShort?: boolean;
  /** Units held now (signed); default none. */
  readonly positions?: ArrayLike<number>;
  /** Largest |target units| per asset, e.g. held + what the book offers at the price. Default none. */
  readonly maxUnits?: ArrayLike<number>;
  /** Solver tolerances; defaults pgtol 1e-9, ftol 1e-13. */
  readonly solver?: Pick<LbfgsbOptions, 'pgtol' | 'ftol' | 'maxIterations' | 'memory'>;
}

export interface AllocationResult extends PortfolioStatistics {
  /** `no-wealth`: wealth ≤ 0, nothing is traded and the statistics describe holding on. */
  readonly status: 'optimal' | 'iteration-limit' | 'no-wealth';
  /** Target units per asset after rounding. */
  readonly units: Float64Array;
  /** Units to trade to reach the target: units − positions (positive = buy). */
  readonly trades: Float64Array;
  /** The continuous optimum before rounding. */
  readonly continuousUnits: Float64Array;
  /** Certainty equivalent of the continuous optimum, to judge the rounding loss. */
  readonly continuousCertaintyEquivalent: number;
  /** Σ units·price / wealth and Σ |units·price| / wealth at the target. */
  readonly budgetUsed: number;
  readonly exposureUsed: number;
  readonly iterations: number;
  readonly evaluations: number;
}

/**
 * Solves the sizing problem. Variables are fractions of wealth y_j = units_j·price_j / wealth; with
 * shorts each asset is split into y⁺ − y⁻ so that gross exposure stays linear. Bounds go to
 * L-BFGS-B, the budget and exposure to an augmented-Lagrangian outer loop; the start (all cash) is
 * strictly inside the log barrier, and iterates never leave it.
 *
 * @example
 * // One binary at 0.40 that wins with probability 0.5: Kelly stakes (0.5 − 0.4)/(1 − 0.4) of wealth.
 * const r = optimizeAllocation({ payoffs: [[1], [0]], prices: [0.4], wealth: 1000, riskAversion: 1 });
 * // r.units[0] * 0.4 ≈ 166.67
 * @throws ArbiterError `ARB_INPUT_INVALID` on NaN/Infinity, non-positive prices, negative weights or mismatched sizes.
 */
export function optimizeAllocation(input: OptimizeAllocationInput): AllocationResult {
  const problem = toProblem(input);
  const n = problem.prices.length;
  const { wealth, riskAversion } = input;
  const current = perAsset(input.positions, n, 0, 'positions');
  if (!(wealth > 0)) return holdResult(current);
  const maxFraction = input.maxFractionPerAsset ?? 1;
  const maxExposure = input.maxExposure ?? 1;
  const allowShort = input.allowShort ?? false;
  const maxUnits = perAsset(input.maxUnits, n, Infinity, 'maxUnits');
  const cap = new Float64Array(n);
  for (let j = 0; j < n; j++) cap[j] = Math.max(0, Math.min(maxFraction, (maxUnits[j]! * problem.prices[j]!) / wealth));

  const base = allocationObjective(problem);
  const size = allowShort ? 2 * n : n;
  const upper = new Float64Array(size);
  for (let k = 0; k < size; k++) upper[k] = cap[k % n]!;
  const constraints: LinearInequality[] = [];
  let objective: ObjectiveWithGradient = base;
  if (allowShort) {
    const y = new Float64Array(n);
    const g = new Float64Array(n);
    objective = (z, grad) => {
      for (let j = 0; j < n; j++) y[j] = z[j]! - z[n + j]!;
      const f = base(y, g);
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
    pgtol: input.solver?.pgtol ?? 1e-10,
    ftol: input.solver?.ftol ?? 0,
    maxIterations: input.solver?.maxIterations ?? 2000,
    memory: input.solver?.memory ?? 10,
  });
  // Exact feasibility: pull the tiny augmented-Lagrangian overshoot back by scaling toward cash.
  const z = solved.x;
  let scale = 1;
  for (const c of constraints) {
    let a = 0;
    for (let k = 0; k < size; k++) a += c.coefficients[k]! * z[k]!;
    if (a > c.bound) scale = Math.min(scale, c.bound / a);
  }
  const continuous = new Float64Array(n);
  for (let j = 0; j < n; j++) continuous[j] = ((allowShort ? z[j]! - z[n + j]! : z[j]!) * scale * wealth) / problem.prices[j]!;

  const minUnits = perAsset(input.minUnits, n, 0, 'minUnits');
  const unitStep = perAsset(input.unitStep, n, 0, 'unitStep');
  const lowerUnits = new Float64Array(n);
  const upperUnits = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    upperUnits[j] = (cap[j]! * wealth) / problem.prices[j]!;
    lowerUnits[j] = allowShort ? -upperUnits[j]! : 0;
  }
  const needsRounding = minUnits.some((v) => v > 0) || unitStep.some((v) => v > 0);
  const units = needsRounding
    ? roundToVenueSteps({
        problem,
        wealth,
        target: continuous,
        current,
        minUnits,
        unitStep,
        lower: lowerUnits,
        upper: upperUnits,
        maxNetCost: wealth,
        maxGrossCost: maxExposure * wealth,
      }).units
    : continuous;

  const weights = problem.weights;
  const stats = portfolioStatistics(scenarioWealth(problem, units, wealth), weights, wealth, riskAversion);
  const continuousStats = needsRounding ? portfolioStatistics(scenarioWealth(problem, continuous, wealth), weights, wealth, riskAversion) : stats;
  let net = 0;
  let gross = 0;
  for (let j = 0; j < n; j++) {
    net += units[j]! * problem.prices[j]!;
    gross += Math.abs(units[j]!) * problem.prices[j]!;
  }
  return {
    ...stats,
    status: solved.status === 'gradient' || solved.status === 'function' ? 'optimal' : 'iteration-limit',
    units,
    trades: units.map((u, j) => u - current[j]!),
    continuousUnits: continuous,
    continuousCertaintyEquivalent: continuousStats.certaintyEquivalent,
    budgetUsed: net / wealth,
    exposureUsed: gross / wealth,
    iterations: solved.iterations,
    evaluations: solved.evaluations,
  };
}

/** Wealth ≤ 0: nothing can be staked; trade nothing and report zeros rather than NaN or −∞. */
function holdResult(current: Float64Array): AllocationResult {
  const n = current.length;
  return {
    status: 'no-wealth',
    expectedUtility: 0,
    expectedReturn: 0,
    standardDeviation: 0,
    sharpe: 0,
    probabilityOfLoss: 0,
    cvar5: 0,
    certaintyEquivalent: 0,
    units: Float64Array.from(current),
    trades: new Float64Array(n),
    continuousUnits: Float64Array.from(current),
    continuousCertaintyEquivalent: 0,
    budgetUsed: 0,
    exposureUsed: 0,
    iterations: 0,
    evaluations: 0,
  };
}

function invalid(message: string, context: Record<string, string | number> = {}): ArbiterError {
  return new ArbiterError('ARB_INPUT_INVALID', `optimizeAllocation: ${message}`, context);
}

function perAsset(value: number | ArrayLike<number> | undefined, n: number, fallback: number, name: string): Float64Array {
  const out = new Float64Array(n).fill(fallback);
  if (value === undefined) return out;
  if (typeof value === 'number') return out.fill(value);
  if (value.length !== n) throw invalid(`${name} has ${value.length} entries for ${n} assets`, { field: name });
  for (let j = 0; j < n; j++) out[j] = value[j]!;
  if (out.some((v) => Number.isNaN(v))) throw invalid(`${name} contains NaN`, { field: name });
  return out;
}

function toProblem(input: OptimizeAllocationInput): AllocationProblem {
  const prices = Float64Array.from(input.prices);
  const n = prices.length;
  for (let j = 0; j < n; j++) if (!(prices[j]! > 0 && Number.isFinite(prices[j]!))) throw invalid(`price ${j} must be finite and > 0, got ${prices[j]}`, { asset: j });
  if (!Number.isFinite(input.wealth)) throw invalid(`wealth must be finite, got ${input.wealth}`);
  if (!(input.riskAversion >= 0 && Number.isFinite(input.riskAversion))) throw invalid(`riskAversion must be finite and ≥ 0, got ${input.riskAversion}`);
  let payoffs: Float64Array;
  if (input.payoffs instanceof Float64Array) {
    if (n === 0 || input.payoffs.length % n !== 0) throw invalid(`payoffs length ${input.payoffs.length} is not a multiple of ${n} assets`);
    payoffs = input.payoffs;
  } else {
    const rows = input.payoffs;
    payoffs = new Float64Array(rows.length * n);
    rows.forEach((row, s) => {
      if (row.length !== n) throw invalid(`payoff row ${s} has ${row.length} entries for ${n} assets`, { scenario: s });
      for (let j = 0; j < n; j++) payoffs[s * n + j] = row[j]!;
    });
  }
  // x·0 is NaN exactly when x is NaN or ±Infinity: one cheap pass, then locate the culprit.
  let poison = 0;
  for (let k = 0; k < payoffs.length; k++) poison += payoffs[k]! * 0;
  if (poison !== 0 && !Number.isFinite(poison)) {
    const k = payoffs.findIndex((v) => !Number.isFinite(v));
    throw invalid(`payoff ${k} is not finite`, { index: k });
  }
  const scenarios = n === 0 ? 0 : payoffs.length / n;
  if (scenarios === 0) throw invalid('at least one scenario and one asset are needed');
  const weights = new Float64Array(scenarios).fill(1 / scenarios);
  if (input.weights) {
    if (input.weights.length !== scenarios) throw invalid(`weights has ${input.weights.length} entries for ${scenarios} scenarios`);
    let total = 0;
    for (let s = 0; s < scenarios; s++) {
      const w = input.weights[s]!;
      if (!(w >= 0 && Number.isFinite(w))) throw invalid(`weight ${s} must be finite and ≥ 0, got ${w}`, { scenario: s });
      total += w;
    }
    if (!(total > 0)) throw invalid('weights sum to 0');
    for (let s = 0; s < scenarios; s++) weights[s] = input.weights[s]! / total;
  }
  return { payoffs, prices, weights, riskAversion: input.riskAversion };
}
