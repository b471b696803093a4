/**
 * Kelly / CRRA portfolio sizing: maximise E[u_γ(W_T)] over target units per asset, subject to the
 * cash budget, per-asset caps and gross exposure, then round to venue minimums and steps. The
 * returned trades take the units already held into account.
 */
import { ArbiterError } from '../domain/errors.js';
import { scenarioWealth, type AllocationProblem } from './allocation-objective.js';
import type { LbfgsbOptions } from './lbfgsb.js';
import { portfolioStatistics, type PortfolioStatistics } from './portfolio-statistics.js';
import { roundToVenueSteps } from './round-to-venue-steps.js';
import { isScenarioMatrix, prepareScenarios, type PayoffRows, type ScenarioMatrix } from './scenario-matrix.js';
import { solveAllocation } from './solve-allocation.js';

export interface OptimizeAllocationInput {
  /**
   * Payoff per unit at the horizon: rows of scenarios, one row-major Float64Array (scenarios × assets),
   * or a matrix from `prepareScenarios` (which then carries the weights) to skip validation and layout.
   */
  readonly payoffs: PayoffRows | ScenarioMatrix;
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
  /** Solver tolerances; defaults pgtol 1e-10, ftol 0 (run to the gradient test). */
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
 * Solves the sizing problem in fractions of wealth y_j = units_j·price_j / wealth (`solveAllocation`),
 * rounds to venue steps and describes the result.
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

  const solved = solveAllocation(problem, { caps: cap, maxExposure, allowShort, ...(input.solver ? { solver: input.solver } : {}) });
  const continuous = new Float64Array(n);
  for (let j = 0; j < n; j++) continuous[j] = (solved.fractions[j]! * wealth) / problem.prices[j]!;

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

  const weights = problem.scenarios.weights;
  // Without rounding the target is the solver's point, whose scenario wealth the solver already holds.
  const targetWealth = !needsRounding ? solved.wealth : scenarioWealth(problem, units, wealth);
  const stats = portfolioStatistics(targetWealth, weights, wealth, riskAversion);
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
  let scenarios: ScenarioMatrix;
  if (isScenarioMatrix(input.payoffs)) {
    scenarios = input.payoffs;
    if (scenarios.assets !== n) throw invalid(`the scenario matrix has ${scenarios.assets} assets for ${n} prices`);
    if (input.weights !== undefined) throw invalid('weights belong to the prepared scenario matrix, not to the input');
  } else scenarios = prepareScenarios(input.payoffs, n, input.weights);
  return { scenarios, prices, riskAversion: input.riskAversion };
}
