/**
 * Rounds a continuous allocation to tradeable sizes: every trade (target − held) is 0 or at least the
 * venue minimum, in whole steps, while keeping the expected utility as close as possible to the
 * continuous optimum. Each asset gets at most two candidate trades (the continuous trade rounded
 * toward and away from zero); the best feasible combination is found exhaustively (Gray-code order,
 * one asset changes per step, O(scenarios) each) when small enough, else by coordinate local search
 * from the nearest rounding.
 */
import type { AllocationProblem } from './allocation-objective.js';
import { scenarioWealth } from './allocation-objective.js';
import { crraUtility } from './crra-utility.js';

export interface VenueRoundingInput {
  readonly problem: AllocationProblem;
  readonly wealth: number;
  /** Continuous optimum, target units held after trading. */
  readonly target: Float64Array;
  /** Units held now. */
  readonly current: Float64Array;
  /** Smallest non-zero trade per asset in units (0 = none), e.g. Polymarket's 5 shares. */
  readonly minUnits: Float64Array;
  /** Trade increment per asset in units (0 = continuous). */
  readonly unitStep: Float64Array;
  /** Bounds on target units. */
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  /** Σ units·price must stay ≤ this (cash budget). */
  readonly maxNetCost: number;
  /** Σ |units|·price must stay ≤ this (gross exposure). */
  readonly maxGrossCost: number;
}

export interface VenueRoundingResult {
  /** Target units after rounding (held + trade). */
  readonly units: Float64Array;
  /** E[u(W/W0)] at `units`. */
  readonly expectedUtility: number;
  readonly method: 'none' | 'exhaustive' | 'local-search';
  readonly combinationsEvaluated: number;
}

/** Exhaustive search while 2^k · scenarios stays below this many scenario evaluations. */
const EXHAUSTIVE_BUDGET = 2 ** 25;
const FEASIBILITY_SLACK = 1e-12;

/** Finds rounded target units that meet minimums, steps, bounds and the budget/exposure caps. */
export function roundToVenueSteps(input: VenueRoundingInput): VenueRoundingResult {
  const { problem, target, current } = input;
  const n = target.length;
  const candidates = Array.from({ length: n }, (_, j) => tradeCandidates(input, j));
  const choice = new Int32Array(n);
  const units = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const c = candidates[j]!;
    const ideal = target[j]! - current[j]!;
    choice[j] = c.length > 1 && Math.abs(c[1]! - ideal) < Math.abs(c[0]! - ideal) ? 1 : 0;
    units[j] = current[j]! + c[choice[j]!]!;
  }
  const multi = candidates.flatMap((c, j) => (c.length > 1 ? [j] : []));
  const state = new SearchState(input, units);
  if (multi.length === 0) return state.result(units, 'none', 1);
  if (2 ** multi.length * problem.scenarios.scenarios <= EXHAUSTIVE_BUDGET) return exhaustive(state, candidates, multi, choice, units, current);
  return localSearch(state, candidates, multi, choice, units, current);
}

/** Trades toward and away from zero that respect the minimum, the step and the target bounds. */
function tradeCandidates(input: VenueRoundingInput, j: number): number[] {
  const ideal = input.target[j]! - input.current[j]!;
  const min = input.minUnits[j]!;
  const step = input.unitStep[j]!;
  const magnitude = Math.abs(ideal);
  if (magnitude <= 1e-12 * Math.max(1, Math.abs(input.target[j]!))) return [0];
  if (min <= 0 && step <= 0) return [ideal];
  const sign = Math.sign(ideal);
  let down = step > 0 ? Math.floor(magnitude / step + 1e-9) * step : magnitude;
  let up = step > 0 && down < magnitude - 1e-9 * step ? down + step : down;
  if (down < min) down = 0;
  if (up < min) up = step > 0 ? Math.ceil(min / step - 1e-9) * step : min;
  const result: number[] = [];
  for (const t of [sign * roundOff(down), sign * roundOff(up)]) {
    const units = input.current[j]! + t;
    const inside = units >= input.lower[j]! - 1e-9 * Math.max(1, Math.abs(units)) && units <= input.upper[j]! + 1e-9 * Math.max(1, Math.abs(units));
    if (inside && !result.includes(t)) result.push(t);
  }
  return result.length > 0 ? result : [0];
}

/** Removes binary noise from step multiples (0.1 · 3 → 0.3). */
function roundOff(v: number): number {
  return Number.parseFloat(v.toPrecision(12));
}

/** Relative wealth per scenario kept in step with the current units; O(scenarios) per change. */
class SearchState {
  readonly w: Float64Array;
  netCost = 0;
  grossCost = 0;

  constructor(
    private readonly input: VenueRoundingInput,
    units: Float64Array,
  ) {
    this.w = scenarioWealth(input.problem, units, input.wealth);
    for (let j = 0; j < units.length; j++) {
      this.netCost += units[j]! * input.problem.prices[j]!;
      this.grossCost += Math.abs(units[j]!) * input.problem.prices[j]!;
    }
  }

  /** Moves asset j from `from` to `to` units. */
  move(j: number, from: number, to: number): void {
    const { scenarios, prices } = this.input.problem;
    const delta = to - from;
    const scale = delta / this.input.wealth;
    const price = prices[j]!;
    const { columns } = scenarios;
    for (let s = 0, k = j * scenarios.scenarios; s < this.w.length; s++, k++) this.w[s]! += scale * (columns[k]! - price);
    this.netCost += delta * price;
    this.grossCost += (Math.abs(to) - Math.abs(from)) * price;
  }

  feasible(): boolean {
    const { maxNetCost, maxGrossCost } = this.input;
    return this.netCost <= maxNetCost + FEASIBILITY_SLACK * Math.max(1, Math.abs(maxNetCost)) && this.grossCost <= maxGrossCost + FEASIBILITY_SLACK * Math.max(1, maxGrossCost);
  }

  /** Constraint excess (0 when feasible). */
  violation(): number {
    return Math.max(0, this.netCost - this.input.maxNetCost) + Math.max(0, this.grossCost - this.input.maxGrossCost);
  }

  utility(): number {
    const { scenarios, riskAversion } = this.input.problem;
    const weights = scenarios.weights;
    let eu = 0;
    for (let s = 0; s < this.w.length; s++) {
      if (!(this.w[s]! > 0)) return -Infinity;
      eu += weights[s]! * crraUtility(this.w[s]!, riskAversion);
    }
    return eu;
  }

  result(units: Float64Array, method: VenueRoundingResult['method'], combinationsEvaluated: number): VenueRoundingResult {
    const w = scenarioWealth(this.input.problem, units, this.input.wealth, this.w);
    let eu = 0;
    const { scenarios, riskAversion } = this.input.problem;
    for (let s = 0; s < w.length; s++) eu += scenarios.weights[s]! * crraUtility(w[s]!, riskAversion);
    return { units, expectedUtility: eu, method, combinationsEvaluated };
  }
}

function exhaustive(state: SearchState, candidates: number[][], multi: number[], choice: Int32Array, units: Float64Array, held: Float64Array): VenueRoundingResult {
  const k = multi.length;
  let best = state.feasible() ? state.utility() : -Infinity;
  let bestViolation = state.violation();
  const bestChoice = Int32Array.from(choice);
  const total = 2 ** k;
  for (let i = 1; i < total; i++) {
    const bit = 31 - Math.clz32(i & -i);
    const j = multi[bit]!;
    const from = units[j]!;
    choice[j] = 1 - choice[j]!;
    units[j] = held[j]! + candidates[j]![choice[j]!]!;
    state.move(j, from, units[j]!);
    const violation = state.violation();
    const u = state.feasible() ? state.utility() : -Infinity;
    if (u > best || (best === -Infinity && u === -Infinity && violation < bestViolation)) {
      best = u;
      bestViolation = violation;
      bestChoice.set(choice);
    }
  }
  for (let j = 0; j < units.length; j++) units[j] = held[j]! + candidates[j]![bestChoice[j]!]!;
  return state.result(units, 'exhaustive', total);
}

function localSearch(state: SearchState, candidates: number[][], multi: number[], choice: Int32Array, units: Float64Array, held: Float64Array): VenueRoundingResult {
  let evaluated = 1;
  // Repair: while infeasible, take the switch that removes the most violation per utility lost.
  while (!state.feasible()) {
    let bestJ = -1;
    let bestScore = -Infinity;
    const before = state.violation();
    const u0 = state.utility();
    for (const j of multi) {
      const from = units[j]!;
      const to = held[j]! + candidates[j]![1 - choice[j]!]!;
      state.move(j, from, to);
      const reduced = before - state.violation();
      const lost = u0 - state.utility();
      evaluated++;
      state.move(j, to, from);
      const score = reduced > 0 ? reduced / Math.max(lost, 1e-300) : -Infinity;
      if (score > bestScore) {
        bestScore = score;
        bestJ = j;
      }
    }
    if (bestJ < 0) break;
    const to = held[bestJ]! + candidates[bestJ]![1 - choice[bestJ]!]!;
    state.move(bestJ, units[bestJ]!, to);
    choice[bestJ] = 1 - choice[bestJ]!;
    units[bestJ] = to;
  }
  // Improve: single switches while any feasible one raises the utility.
  let utility = state.utility();
  for (let pass = 0; pass < 50; pass++) {
    let improved = false;
    for (const j of multi) {
      const from = units[j]!;
      const to = held[j]! + candidates[j]![1 - choice[j]!]!;
      state.move(j, from, to);
      evaluated++;
      const u = state.feasible() ? state.utility() : -Infinity;
      if (u > utility) {
        utility = u;
        choice[j] = 1 - choice[j]!;
        units[j] = to;
        improved = true;
      } else state.move(j, to, from);
    }
    if (!improved) break;
  }
  return state.result(units, 'local-search', evaluated);
}
