/**
 * Exiting a mean-reverting spread trade: a position entered long the spread at x_0 (below its mean) is
 * closed at a step τ ≤ T for reward x_τ − x_0 − cost. The spread is an Ornstein–Uhlenbeck process
 * dX = κ(θ − X)dt + σ dW, simulated with the exact discretisation
 *   X_{t+1} = θ + (X_t − θ)e^{−κΔ} + σ·√((1 − e^{−2κΔ})/(2κ))·Z.
 * Rules compared out of sample: the signature Longstaff–Schwartz rule, the best take-profit threshold
 * (exit at the first X_t ≥ level, level chosen on the training set from a grid) and holding to T.
 */
import { ArbiterError } from '../../domain/errors.js';
import { SeededRandom } from '../../optimizer/seeded-random.js';
import { applySignatureStopping, fitSignatureStopping, summarise, type PathSet, type StoppingOutcome } from './signature-stopping.js';

export interface OuSpec {
  readonly kappa: number;
  readonly theta: number;
  readonly sigma: number;
  readonly dt: number;
  readonly x0: number;
}

export function simulateOuPaths(spec: OuSpec, count: number, steps: number, seed: number): PathSet {
  const { kappa, theta, sigma, dt, x0 } = spec;
  if (!(kappa > 0 && sigma > 0 && dt > 0 && Number.isFinite(theta) && Number.isFinite(x0))) {
    throw new ArbiterError('ARB_INPUT_INVALID', `OU needs kappa, sigma, dt > 0 and finite theta, x0; got kappa=${kappa}, sigma=${sigma}, dt=${dt}`);
  }
  if (!(Number.isInteger(count) && count >= 1 && Number.isInteger(steps) && steps >= 1)) throw new ArbiterError('ARB_INPUT_INVALID', 'count and steps must be integers ≥ 1');
  const rng = new SeededRandom(seed);
  const a = Math.exp(-kappa * dt);
  const sd = sigma * Math.sqrt((1 - a * a) / (2 * kappa));
  const paths: Float64Array[] = [];
  for (let p = 0; p < count; p++) {
    const x = new Float64Array(steps + 1);
    x[0] = x0;
    for (let t = 1; t <= steps; t++) x[t] = theta + (x[t - 1]! - theta) * a + sd * rng.nextGaussian();
    paths.push(x);
  }
  return { dim: 1, steps, paths };
}

export interface SpreadExitComparison {
  readonly signature: StoppingOutcome;
  readonly threshold: StoppingOutcome;
  readonly thresholdLevel: number;
  readonly holdToEnd: StoppingOutcome;
}

export function compareSpreadExitRules(spec: OuSpec, opts: { train: number; test: number; steps: number; cost: number; depth: number; seed: number }): SpreadExitComparison {
  if (!(opts.cost >= 0)) throw new ArbiterError('ARB_INPUT_INVALID', `cost must be ≥ 0, got ${opts.cost}`);
  const train = simulateOuPaths(spec, opts.train, opts.steps, opts.seed);
  const test = simulateOuPaths(spec, opts.test, opts.steps, opts.seed + 1_000_003);
  const rewardOf = (set: PathSet) => (p: number, t: number): number => set.paths[p]![t]! - spec.x0 - opts.cost;
  const rule = fitSignatureStopping(train, rewardOf(train), { depth: opts.depth, positiveOnly: false });
  const signatureOutcome = applySignatureStopping(rule, test, rewardOf(test));
  const firstAbove = (set: PathSet, level: number) => (p: number): number => {
    const x = set.paths[p]!;
    for (let t = 1; t < set.steps; t++) if (x[t]! >= level) return t;
    return set.steps;
  };
  // Threshold grid between x0 and θ + 2 stationary sds.
  const sdInf = spec.sigma / Math.sqrt(2 * spec.kappa);
  let bestLevel = spec.theta;
  let best = Number.NEGATIVE_INFINITY;
  for (let i = 0; i <= 60; i++) {
    const level = spec.x0 + ((spec.theta + 2 * sdInf - spec.x0) * i) / 60;
    const m = summarise(train.paths.length, firstAbove(train, level), rewardOf(train)).meanReward;
    if (m > best) {
      best = m;
      bestLevel = level;
    }
  }
  return {
    signature: signatureOutcome,
    threshold: summarise(test.paths.length, firstAbove(test, bestLevel), rewardOf(test)),
    thresholdLevel: bestLevel,
    holdToEnd: summarise(test.paths.length, () => test.steps, rewardOf(test)),
  };
}
