/**
 * Scenario payoffs in the layout the allocation solver works in: column-major (one contiguous run
 * of scenarios per asset), validated once and paired with normalised scenario weights. Building it
 * is one pass over the input; a caller that re-solves with the same scenarios (new prices, wealth
 * or positions) can build it once and pass it to `optimizeAllocation` or `solveAllocation`.
 *
 * Why column-major: most sizing optima sit on bounds, so after the first steps only a handful of
 * assets move. Their columns are then contiguous 8·scenarios-byte runs that stay in cache, whereas
 * in a row-major matrix every row would be fetched to read a few of its entries.
 */
import { ArbiterError } from '../domain/errors.js';

export interface ScenarioMatrix {
  readonly assets: number;
  readonly scenarios: number;
  /** Payoff per unit of asset j in scenario s at columns[j · scenarios + s]. */
  readonly columns: Float64Array;
  /** Scenario probabilities, summing to 1. */
  readonly weights: Float64Array;
  /** All weights equal 1/scenarios (then a sum of logs can be taken as logs of products). */
  readonly uniformWeights: boolean;
  /** Σ_s ω_s · payoff_sj: the expected payoff per unit of each asset. */
  readonly expectedPayoffs: Float64Array;
}

/** Payoffs as rows of scenarios, or one row-major Float64Array (scenarios × assets). */
export type PayoffRows = Float64Array | readonly ArrayLike<number>[];

/**
 * Validates and lays out the payoffs of `assets` assets, with optional scenario weights (≥ 0, not
 * all 0; normalised here; default equal).
 *
 * @example
 * const m = prepareScenarios([[1, 0], [0, 1]], 2); // m.columns = [1, 0, 0, 1], m.weights = [0.5, 0.5]
 * @throws ArbiterError `ARB_INPUT_INVALID` on a non-finite payoff or weight, a negative weight, or mismatched sizes.
 */
export function prepareScenarios(payoffs: PayoffRows, assets: number, weights?: ArrayLike<number>): ScenarioMatrix {
  const n = assets;
  let scenarios: number;
  if (payoffs instanceof Float64Array) {
    if (n === 0 || payoffs.length % n !== 0) throw invalid(`payoffs length ${payoffs.length} is not a multiple of ${n} assets`);
    scenarios = payoffs.length / n;
  } else scenarios = payoffs.length;
  if (n === 0 || scenarios === 0) throw invalid('at least one scenario and one asset are needed');
  const omega = normalisedWeights(scenarios, weights);
  const columns = new Float64Array(n * scenarios);
  const sums = new Float64Array(n);
  if (payoffs instanceof Float64Array) transposeRowMajor(payoffs, n, scenarios, omega, columns, sums);
  else {
    payoffs.forEach((row, s) => {
      if (row.length !== n) throw invalid(`payoff row ${s} has ${row.length} entries for ${n} assets`, { scenario: s });
      const ws = omega[s]!;
      for (let j = 0; j < n; j++) {
        const v = row[j]!;
        columns[j * scenarios + s] = v;
        sums[j]! += ws * v;
      }
    });
  }
  // A NaN or ±Infinity anywhere makes its column's weighted sum non-finite (0·∞ is NaN too), so the
  // sums stand in for a separate validation pass; only then is the column searched for the culprit.
  for (let j = 0; j < n; j++) {
    if (Number.isFinite(sums[j]!)) continue;
    for (let s = 0; s < scenarios; s++) {
      if (!Number.isFinite(columns[j * scenarios + s]!)) throw invalid(`payoff ${s * n + j} is not finite`, { index: s * n + j, scenario: s, asset: j });
    }
  }
  let uniformWeights = true;
  for (let s = 1; s < scenarios && uniformWeights; s++) uniformWeights = omega[s] === omega[0];
  return { assets: n, scenarios, columns, weights: omega, uniformWeights, expectedPayoffs: sums };
}

/** Type guard for an already prepared matrix. */
export function isScenarioMatrix(value: unknown): value is ScenarioMatrix {
  return typeof value === 'object' && value !== null && 'columns' in value && 'expectedPayoffs' in value;
}

function normalisedWeights(scenarios: number, weights: ArrayLike<number> | undefined): Float64Array {
  const omega = new Float64Array(scenarios).fill(1 / scenarios);
  if (weights === undefined) return omega;
  if (weights.length !== scenarios) throw invalid(`weights has ${weights.length} entries for ${scenarios} scenarios`);
  let total = 0;
  for (let s = 0; s < scenarios; s++) {
    const w = weights[s]!;
    if (!(w >= 0 && Number.isFinite(w))) throw invalid(`weight ${s} must be finite and ≥ 0, got ${w}`, { scenario: s });
    total += w;
  }
  if (!(total > 0)) throw invalid('weights sum to 0');
  for (let s = 0; s < scenarios; s++) omega[s] = weights[s]! / total;
  return omega;
}

/**
 * Row-major → column-major, eight rows at a time: each row-major read of a column is then reused for
 * eight contiguous column writes, and the weighted column sums ride along in the same loads.
 */
function transposeRowMajor(payoffs: Float64Array, n: number, scenarios: number, omega: Float64Array, columns: Float64Array, sums: Float64Array): void {
  let s = 0;
  for (; s + 8 <= scenarios; s += 8) {
    const w0 = omega[s]!, w1 = omega[s + 1]!, w2 = omega[s + 2]!, w3 = omega[s + 3]!;
    const w4 = omega[s + 4]!, w5 = omega[s + 5]!, w6 = omega[s + 6]!, w7 = omega[s + 7]!;
    for (let j = 0, k = s * n, o = s; j < n; j++, k++, o += scenarios) {
      const a = payoffs[k]!, b = payoffs[k + n]!, c = payoffs[k + 2 * n]!, d = payoffs[k + 3 * n]!;
      const e = payoffs[k + 4 * n]!, f = payoffs[k + 5 * n]!, g = payoffs[k + 6 * n]!, h = payoffs[k + 7 * n]!;
      columns[o] = a;
      columns[o + 1] = b;
      columns[o + 2] = c;
      columns[o + 3] = d;
      columns[o + 4] = e;
      columns[o + 5] = f;
      columns[o + 6] = g;
      columns[o + 7] = h;
      sums[j]! += (w0 * a + w1 * b + (w2 * c + w3 * d)) + (w4 * e + w5 * f + (w6 * g + w7 * h));
    }
  }
  for (; s < scenarios; s++) {
    const ws = omega[s]!;
    for (let j = 0, k = s * n; j < n; j++, k++) {
      const v = payoffs[k]!;
      columns[j * scenarios + s] = v;
      sums[j]! += ws * v;
    }
  }
}

function invalid(message: string, context: Record<string, string | number> = {}): ArbiterError {
  return new ArbiterError('ARB_INPUT_INVALID', `prepareScenarios: ${message}`, context);
}
