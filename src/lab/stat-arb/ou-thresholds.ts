/**
 * OU-optimal entry/exit for a mean-reverting spread, after Bertram (2010, "Analytic solutions for
 * optimal statistical arbitrage trading", Physica A 389(11) 2234–2243). For dX = −θX dt + σ dW (X is
 * the spread minus its mean), enter at a, exit at m > a, pay cost c per round trip; the expected cycle
 * time is E[T] = (π/θ)(erfi(m√θ/σ) − erfi(a√θ/σ)) and the expected return per unit time is
 * (m − a − c)/E[T]. Bertram shows the optimum is symmetric (a = −m); we maximise over m numerically
 * (golden section). Also the seed lab's heuristic, kept only as a labelled baseline.
 */
import { ArbiterError } from '../../domain/errors.js';

/** Imaginary error function erfi(x) = 2/√π ∫₀ˣ e^{t²} dt, by its power series (|x| ≤ 6). */
export function erfi(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let k = 1; k < 400; k++) {
    term *= x2 / k;
    const add = term / (2 * k + 1);
    sum += add;
    if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

/** Bertram's expected cycle time (enter at a, exit at m, back to a) for dX = −θX dt + σ dW. */
export function ouExpectedCycleTime(a: number, m: number, theta: number, sigma: number): number {
  const s = Math.sqrt(theta) / sigma;
  return (Math.PI / theta) * (erfi(m * s) - erfi(a * s));
}

export interface OuThresholds {
  /** Enter long the spread when X − μ ≤ entry (entry < 0); short symmetric at −entry. */
  readonly entry: number;
  /** Exit (take profit) level X − μ = exit = −entry. */
  readonly exit: number;
  /** Same levels in stationary standard deviations σ/√(2θ). */
  readonly entryZ: number;
  readonly exitZ: number;
  readonly expectedCycleTime: number;
  /** (m − a − c)/E[T] in spread units per unit time. */
  readonly returnRate: number;
}

/**
 * @param p θ and σ of the fitted OU (per unit time), cost c per round trip in spread units.
 * @throws ArbiterError ARB_INPUT_INVALID on non-positive θ or σ, a negative cost, or a cost above 6
 *   stationary sds (the spread never pays for it; also keeps erfi's argument ≤ 4.3).
 */
export function bertramThresholds(p: { theta: number; sigma: number; cost: number }): OuThresholds {
  const { theta, sigma, cost } = p;
  if (!(theta > 0) || !(sigma > 0) || !(cost >= 0)) throw new ArbiterError('ARB_INPUT_INVALID', `need theta > 0, sigma > 0, cost ≥ 0; got ${theta}, ${sigma}, ${cost}`, { theta, sigma, cost });
  const sd = sigma / Math.sqrt(2 * theta);
  if (cost / 2 > 3 * sd) throw new ArbiterError('ARB_INPUT_INVALID', `cost ${cost} exceeds 6 stationary sds (${(6 * sd).toPrecision(4)}) of the spread: no useful trading level`, { cost, stationaryStd: sd });
  const rate = (m: number): number => (2 * m - cost) / ouExpectedCycleTime(-m, m, theta, sigma);
  // The rate is unimodal in m on (c/2, ∞); search up to 4 stationary sds (erfi series safe there).
  let lo = cost / 2;
  let hi = Math.max(4 * sd, cost);
  const g = (Math.sqrt(5) - 1) / 2;
  let x1 = hi - g * (hi - lo), x2 = lo + g * (hi - lo);
  let f1 = rate(x1), f2 = rate(x2);
  for (let i = 0; i < 200 && hi - lo > 1e-12 * (1 + hi); i++) {
    if (f1 < f2) { lo = x1; x1 = x2; f1 = f2; x2 = lo + g * (hi - lo); f2 = rate(x2); }
    else { hi = x2; x2 = x1; f2 = f1; x1 = hi - g * (hi - lo); f1 = rate(x1); }
  }
  const m = (lo + hi) / 2;
  return { entry: -m, exit: m, entryZ: -m / sd, exitZ: m / sd, expectedCycleTime: ouExpectedCycleTime(-m, m, theta, sigma), returnRate: rate(m) };
}

/** The seed lab's heuristic (not an optimum): entry 1.5√(1+100c), exit 0.3(1+100c)^{1/4}, holding 0.5·ln2/θ. */
export function seedHeuristicThresholds(theta: number, cost: number): { entryZ: number; exitZ: number; holding: number } {
  const a = Math.sqrt(1 + 100 * cost);
  return { entryZ: 1.5 * a, exitZ: 0.3 * Math.sqrt(a), holding: (0.5 * Math.LN2) / theta };
}
