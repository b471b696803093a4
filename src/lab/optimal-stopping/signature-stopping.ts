/**
 * Regression-based optimal stopping on path-signature features (Longstaff & Schwartz 2001, RFS 14(1);
 * signature features as in Bayer, Hager, Riedel, Schoenmakers 2023, "Optimal stopping with signatures",
 * Ann. Appl. Probab. 33(1)).
 *
 * Paths are sampled at steps 0..T. At each step t the feature vector is (1, Sig_{≤N} of the time-augmented
 * path (t/T, x_0..x_t) − start), so the rule may depend on the whole history. Backward induction on a
 * training set: the realised cash flow from following the rule after t is regressed (least squares with a
 * small ridge term) on the features at t over the paths where stopping is allowed; stop at t when the
 * reward now ≥ the fitted continuation value. The fitted rule is then applied forward on independent
 * test paths, which gives an unbiased (low-biased for the true optimum) value estimate.
 */
import { ArbiterError } from '../../domain/errors.js';
import { solve } from '../price-discovery/linear-algebra.js';
import { SignatureAccumulator, signatureLength } from './signature.js';

/** Paths as rows (each length T + 1) of a d-dimensional observable, flattened: path[t*d + j]. */
export interface PathSet {
  readonly dim: number;
  readonly steps: number;
  readonly paths: readonly Float64Array[];
}

/** Reward of stopping path `p` at step t (t = 0..steps). Should already include discounting to time 0. */
export type RewardFn = (p: number, t: number) => number;

export interface StoppingRuleOptions {
  readonly depth: number;
  /** Ridge penalty relative to the mean diagonal of XᵀX (default 1e-8). */
  readonly ridge?: number;
  /** Regress only on paths with a positive reward now (LS "in the money"); default true. */
  readonly positiveOnly?: boolean;
  /** Earliest step at which stopping is allowed (default 1). */
  readonly firstStep?: number;
}

export interface SignatureStoppingRule {
  readonly depth: number;
  readonly dim: number;
  readonly steps: number;
  /** coefficients[t] for t = firstStep..steps−1 (null where there were too few regression paths: never stop). */
  readonly coefficients: ReadonlyArray<Float64Array | null>;
  readonly positiveOnly: boolean;
  readonly firstStep: number;
}

function invalid(message: string): ArbiterError {
  return new ArbiterError('ARB_INPUT_INVALID', message);
}

function checkPaths(set: PathSet): void {
  if (!(Number.isInteger(set.steps) && set.steps >= 1)) throw invalid(`steps must be an integer ≥ 1, got ${set.steps}`);
  set.paths.forEach((p, i) => {
    if (p.length !== (set.steps + 1) * set.dim) throw invalid(`path ${i} has ${p.length} values, expected (steps + 1)·dim = ${(set.steps + 1) * set.dim}`);
  });
  if (set.paths.length === 0) throw invalid('no paths');
}

/**
 * Features [1, signature levels 1..depth of (t/T, x) up to t] for every path at every step:
 * `rows[t]` holds path p's vector at [p·width, (p + 1)·width).
 */
export function signatureFeatures(set: PathSet, depth: number): { width: number; rows: Float64Array[] } {
  checkPaths(set);
  const d = set.dim + 1;
  const acc = new SignatureAccumulator(d, depth);
  const width = 1 + signatureLength(d, depth);
  const m = set.paths.length;
  const rows = Array.from({ length: set.steps + 1 }, () => new Float64Array(m * width));
  const point = new Float64Array(d);
  set.paths.forEach((path, p) => {
    acc.reset();
    for (let t = 0; t <= set.steps; t++) {
      point[0] = t / set.steps;
      for (let j = 0; j < set.dim; j++) point[1 + j] = path[t * set.dim + j]!;
      acc.push(point);
      const row = rows[t]!;
      row[p * width] = 1;
      row.set(acc.values, p * width + 1);
    }
  });
  return { width, rows };
}

function dotAt(beta: Float64Array, row: Float64Array, p: number): number {
  const w = beta.length;
  const o = p * w;
  let s = 0;
  for (let i = 0; i < w; i++) s += beta[i]! * row[o + i]!;
  return s;
}

/** Fits the stopping rule on training paths (backward induction). */
export function fitSignatureStopping(train: PathSet, reward: RewardFn, options: StoppingRuleOptions): SignatureStoppingRule {
  const depth = options.depth;
  const ridge = options.ridge ?? 1e-8;
  const positiveOnly = options.positiveOnly ?? true;
  const firstStep = options.firstStep ?? 1;
  if (!(Number.isInteger(firstStep) && firstStep >= 0 && firstStep < train.steps)) throw invalid(`firstStep must be an integer in [0, steps), got ${firstStep}`);
  const feats = signatureFeatures(train, depth);
  const m = train.paths.length;
  const T = train.steps;
  const cash = new Float64Array(m);
  for (let p = 0; p < m; p++) cash[p] = reward(p, T);
  const coefficients: (Float64Array | null)[] = new Array<Float64Array | null>(T).fill(null);
  const k = feats.width;
  for (let t = T - 1; t >= firstStep; t--) {
    const rows: number[] = [];
    const now = new Float64Array(m);
    for (let p = 0; p < m; p++) {
      now[p] = reward(p, t);
      if (!positiveOnly || now[p]! > 0) rows.push(p);
    }
    if (rows.length < 2 * k) continue;
    const xtx = Array.from({ length: k }, () => new Array<number>(k).fill(0));
    const xty = Array.from({ length: k }, () => [0]);
    const row = feats.rows[t]!;
    for (const p of rows) {
      const o = p * k;
      const y = cash[p]!;
      for (let i = 0; i < k; i++) {
        const fi = row[o + i]!;
        if (fi === 0) continue;
        const xi = xtx[i]!;
        for (let j = i; j < k; j++) xi[j]! += fi * row[o + j]!;
        xty[i]![0]! += fi * y;
      }
    }
    let trace = 0;
    for (let i = 0; i < k; i++) trace += xtx[i]![i]!;
    const lam = (ridge * trace) / k;
    for (let i = 0; i < k; i++) {
      xtx[i]![i]! += lam;
      for (let j = 0; j < i; j++) xtx[i]![j] = xtx[j]![i]!;
    }
    const beta = Float64Array.from(solve(xtx, xty).map((r) => r[0]!));
    coefficients[t] = beta;
    for (const p of rows) {
      if (now[p]! >= dotAt(beta, row, p)) cash[p] = now[p]!;
    }
  }
  return { depth, dim: train.dim, steps: T, coefficients, positiveOnly, firstStep };
}

export interface StoppingOutcome {
  /** Stopping step per path. */
  readonly stopStep: Int32Array;
  readonly rewards: Float64Array;
  readonly meanReward: number;
  readonly stdError: number;
}

/** Applies a fitted rule forward on (test) paths. */
export function applySignatureStopping(rule: SignatureStoppingRule, test: PathSet, reward: RewardFn): StoppingOutcome {
  if (test.dim !== rule.dim || test.steps !== rule.steps) throw invalid(`test paths (dim ${test.dim}, steps ${test.steps}) do not match the rule (dim ${rule.dim}, steps ${rule.steps})`);
  const feats = signatureFeatures(test, rule.depth);
  return summarise(test.paths.length, (p) => {
    for (let t = rule.firstStep; t < rule.steps; t++) {
      const beta = rule.coefficients[t];
      if (!beta) continue;
      const r = reward(p, t);
      if (rule.positiveOnly && !(r > 0)) continue;
      if (r >= dotAt(beta, feats.rows[t]!, p)) return t;
    }
    return rule.steps;
  }, reward);
}

/** Outcome of any stopping rule given as a function path → step. */
export function summarise(count: number, stopAt: (p: number) => number, reward: RewardFn): StoppingOutcome {
  const stopStep = new Int32Array(count);
  const rewards = new Float64Array(count);
  let sum = 0;
  for (let p = 0; p < count; p++) {
    const t = stopAt(p);
    stopStep[p] = t;
    rewards[p] = reward(p, t);
    sum += rewards[p]!;
  }
  const mean = sum / count;
  let ss = 0;
  for (let p = 0; p < count; p++) ss += (rewards[p]! - mean) ** 2;
  return { stopStep, rewards, meanReward: mean, stdError: count > 1 ? Math.sqrt(ss / (count - 1) / count) : Number.NaN };
}
